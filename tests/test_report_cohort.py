"""The cohort page (`alscriteria batch ... --report`): every number of the summary on the
page, heat-mapped tables that print their numbers, and a flow picture whose bands add up.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import wording
from alscriteria.criteria import CRITERIA
from alscriteria.report import build_cohort_page, cohort_report
from alscriteria.report.flow import layout_flow
from cli_helpers import run_in_process
from report_helpers import parse_page, svg_documents, without_stylesheet
from strategies import examples

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "report" / "cohort.html"
UPDATE = os.environ.get("ALSCRITERIA_UPDATE_GOLDEN") == "1"


def _run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, dict[str, Any]]:
    monkeypatch.chdir(ROOT)  # the page names the input as given: keep it relative
    page, summary = tmp_path / "cohort.html", tmp_path / "summary.json"
    code, _, err = run_in_process(
        capsys,
        "batch",
        "examples/cohort.csv",
        "-o",
        str(tmp_path / "out.jsonl"),
        "--errors",
        str(tmp_path / "errors.jsonl"),
        "--summary",
        str(summary),
        "--report",
        str(page),
    )
    assert code == 0, err
    return page.read_text(encoding="utf-8"), json.loads(summary.read_text(encoding="utf-8"))


def test_every_number_of_the_summary_is_on_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, summary = _run(tmp_path, capsys, monkeypatch)
    tree = parse_page(html)
    text = tree.text()
    records = summary["records"]
    assert f"{records['in']} in = {records['out']} assessed + {records['errors']} errors" in text
    counts = tree.find_all("table", class_="count-table")[0]
    for category in {c for cid in summary["criteria"] for c in summary["categories"][cid]}:
        row = next(r for r in counts.find_all("tr") if wording.category(category) in r.text())
        cells = [td.text() for td in row.find_all("td")]
        for cid, cell in zip(summary["criteria"], cells, strict=True):
            n = summary["categories"][cid].get(category)
            assert cell == "not on this ladder" if n is None else cell.startswith(f"{n} (")
    met = next(r for r in counts.find_all("tr") if "Criteria met" in r.text())
    assert [td.text() for td in met.find_all("td")] == [
        str(summary["met"][cid]) for cid in summary["criteria"]
    ]
    tables = tree.find_all("table", class_="cross-table")
    assert len(tables) == len(summary["moves"])
    for table, move in zip(tables, summary["moves"], strict=True):
        rows = table.find_all("tbody")[0].find_all("tr")
        for row, (first, seconds) in zip(rows, move["table"].items(), strict=False):
            assert row.find_all("th")[0].text() == wording.category(first)
            assert [td.text() for td in row.find_all("td")] == [str(n) for n in seconds.values()]
        for key, value in move["met"].items():
            assert str(value) in text, key
    combos = tree.find_all("table", class_="combinations")[0].find_all("tbody")[0].find_all("tr")
    assert len(combos) == len(summary["cross_table"])
    for row, combo in zip(combos, summary["cross_table"], strict=True):
        cells = [td.text() for td in row.find_all("td")]
        assert cells[:-2] == [wording.category(combo[c]) for c in summary["criteria"]]
        assert cells[-2] == str(combo["count"])
    assert summary["alscriteria_version"] in text


def test_the_flow_picture_is_valid_svg_and_adds_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, summary = _run(tmp_path, capsys, monkeypatch)
    svgs = [s for s in svg_documents(html) if "flow" in (s.get("class") or "")]
    assert len(svgs) == 1
    ns = "{http://www.w3.org/2000/svg}"
    flow = svgs[0]
    assert flow.find(f"{ns}title") is not None and flow.find(f"{ns}desc") is not None
    heads = [t.text for t in flow.iter(f"{ns}text") if t.get("class") == "flow-head"]
    assert heads == ["rEEC", "Awaji", "Gold Coast"]
    bands = [p for p in flow.iter(f"{ns}path")]
    total = sum(int(p.find(f"{ns}title").text.split(": ")[1].split()[0]) for p in bands)
    assert total == summary["records"]["out"] * (len(summary["criteria"]) - 1)
    assert "<script" not in html


@settings(max_examples=examples(60))
@given(
    st.lists(
        st.tuples(
            st.sampled_from([c.value for c in CRITERIA["revised-el-escorial"].ladder]),
            st.sampled_from([c.value for c in CRITERIA["awaji"].ladder]),
            st.sampled_from([c.value for c in CRITERIA["gold-coast"].ladder]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_every_block_is_as_tall_as_the_bands_that_leave_and_enter_it(
    patients: list[tuple[str, str, str]],
) -> None:
    combos: dict[tuple[str, ...], int] = {}
    for p in patients:
        combos[p] = combos.get(p, 0) + 1
    ladders = [[c.value for c in reversed(CRITERIA[cid].ladder)] for cid in CRITERIA]
    flow = layout_flow(["a", "b", "c"], ladders, list(combos.items()))
    assert flow is not None
    for node in flow.nodes:
        leaving = sum(b.count for b in flow.bands if b.source == node)
        entering = sum(b.count for b in flow.bands if b.target == node)
        if node.column < 2:
            assert leaving == node.count
        if node.column > 0:
            assert entering == node.count
        assert node.y >= 0 and node.y + node.height <= flow.height
    # blocks of one column do not overlap
    for column in range(3):
        blocks = sorted((n.y, n.y + n.height) for n in flow.nodes if n.column == column)
        for (_, end), (start, _) in itertools.pairwise(blocks):
            assert start >= end


def test_an_empty_cohort_gives_a_page_without_a_flow(tmp_path: Path) -> None:
    from alscriteria.case.readings import Readings
    from alscriteria.cohort.summary import CohortSummary

    summary = CohortSummary(list(CRITERIA), Readings()).as_dict(input="empty.jsonl")
    html = cohort_report(summary)
    tree = parse_page(html)
    assert "No patient was assessed." in tree.text()
    assert build_cohort_page(summary).flow is None


def test_golden_cohort_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, _ = _run(tmp_path, capsys, monkeypatch)
    html = without_stylesheet(html)
    if UPDATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), (
        "the cohort page changed; if intended, regenerate with ALSCRITERIA_UPDATE_GOLDEN=1"
    )


def test_the_report_may_not_overwrite_the_input_or_another_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = run_in_process(
        capsys,
        "batch",
        str(ROOT / "examples" / "cohort.csv"),
        "-o",
        str(out),
        "--report",
        str(out),
    )
    assert code == 2 and "same file" in err
    assert not out.exists()
    code, _, err = run_in_process(
        capsys,
        "batch",
        str(ROOT / "examples" / "cohort.csv"),
        "-o",
        str(out),
        "--report",
        str(ROOT / "examples" / "cohort.csv"),
    )
    assert code == 2 and "destroy the input" in err


# --- histories: the share met at each visit --------------------------------------------

HISTORY_GOLDEN = GOLDEN.with_name("cohort-histories.html")


def _run_histories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, dict[str, Any]]:
    monkeypatch.chdir(ROOT)
    page, summary = tmp_path / "cohort.html", tmp_path / "summary.json"
    code, _, err = run_in_process(
        capsys,
        "batch",
        "examples/histories.jsonl",
        "-o",
        str(tmp_path / "out.jsonl"),
        "--summary",
        str(summary),
        "--report",
        str(page),
    )
    assert code == 0, err
    return page.read_text(encoding="utf-8"), json.loads(summary.read_text(encoding="utf-8"))


def test_histories_every_figure_of_the_summary_is_on_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, summary = _run_histories(tmp_path, capsys, monkeypatch)
    tree = parse_page(html)
    found = summary["histories"]
    count = found["count"]
    assert f"{count} patient histories ({found['with_onset']} with a date of onset)" in tree.text()
    for cid, c in found["criteria"].items():
        row = tree.by_id(f"histories-{cid}").text()
        assert CRITERIA[cid].title in row
        share = f"{100 * c['met_at_first_visit'] / count:.1f}%"
        assert f"{c['met_at_first_visit']} of {count} ({share})" in row
        assert f"{c['met_at_last_visit']} of {count}" in row
        assert f"{c['met_at_any_visit']} of {count}" in row
        for key, n in (
            ("median_months_first_visit_to_met", c["met_at_any_visit"]),
            ("median_months_onset_to_met", c["met_with_onset"]),
        ):
            if c[key] is not None:
                assert f"{c[key]} months (n={n})" in row
        cells = [td.text() for td in tree.by_id(f"by-visit-{cid}").find_all("td")]
        assert len(cells) == len(c["met_by_visit"]) >= 3
        for cell, v in zip(cells, c["met_by_visit"], strict=True):
            assert cell == f"{v['met']} of {v['patients']} ({100 * v['share']:.1f}%)"


def test_the_visit_chart_tells_its_lines_apart_without_colour(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line: its own marker shape and dash, its name written at its end; one marker per
    visit at the height of its share; axes labelled in words; valid XML, no script."""
    from alscriteria.report.visitchart import BOTTOM, LABEL_GAP, TOP

    html, summary = _run_histories(tmp_path, capsys, monkeypatch)
    assert "<script" not in html.lower()
    ns = "{http://www.w3.org/2000/svg}"
    chart = next(s for s in svg_documents(html) if "visitchart" in s.get("class", ""))
    texts = [t.text or "" for t in chart.iter(f"{ns}text")]
    assert any(t.startswith("Visit number") for t in texts)
    assert any(t.startswith("Patients meeting") for t in texts)
    page = build_cohort_page(summary)
    assert page.histories is not None and page.histories.chart is not None
    lines = page.histories.chart.lines
    assert len({ln.shape for ln in lines}) == len({ln.dash for ln in lines}) == len(lines) == 3
    label_ys = sorted(ln.label_y for ln in lines)
    assert all(b - a >= LABEL_GAP for a, b in itertools.pairwise(label_ys))
    for ln in lines:
        assert ln.name in texts
        rows = summary["histories"]["criteria"][ln.criteria]["met_by_visit"]
        assert [p.visit for p in ln.points] == [r["visit"] for r in rows]
        for p, r in zip(ln.points, rows, strict=True):
            assert p.y == pytest.approx(BOTTOM - (BOTTOM - TOP) * r["share"])
    # equal shares at one visit: markers side by side, never on top of each other
    for a, b in itertools.combinations(lines, 2):
        for p, q in zip(a.points, b.points, strict=True):
            assert abs(p.x - q.x) >= 10


def test_a_cohort_of_cases_has_no_visit_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, _ = _run(tmp_path, capsys, monkeypatch)
    assert "visitchart" not in html.split("</style>")[1]
    assert "Patients followed over visits" not in html


def test_golden_cohort_page_with_histories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, _ = _run_histories(tmp_path, capsys, monkeypatch)
    html = without_stylesheet(html.replace(str(tmp_path), "TMP"))
    if UPDATE:
        HISTORY_GOLDEN.write_text(html, encoding="utf-8")
    assert html == HISTORY_GOLDEN.read_text(encoding="utf-8"), (
        "the cohort page with histories changed; if intended, regenerate with "
        "ALSCRITERIA_UPDATE_GOLDEN=1"
    )


def test_the_share_met_at_each_visit_is_counted_from_each_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`met_by_visit` (cohort/histories.py): at visit k, of the patients with a k-th visit,
    those whose category at visit k is met, recounted here from evaluate_history."""
    from alscriteria.history import evaluate_history

    _, summary = _run_histories(tmp_path, capsys, monkeypatch)
    histories = [
        json.loads(line)
        for line in (ROOT / "examples" / "histories.jsonl").read_text("utf-8").splitlines()
        if line.strip() and "visits" in json.loads(line)
    ]
    results = [evaluate_history(h, plan=False) for h in histories]
    for cid, c in summary["histories"]["criteria"].items():
        for row in c["met_by_visit"]:
            k = row["visit"]
            seen = [r for r in results if len(r.visits) >= k]
            met = sum(r.visits[k - 1].results[cid].met for r in seen)
            assert (row["patients"], row["met"]) == (len(seen), met)
            assert row["share"] == round(met / len(seen), 4)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@settings(max_examples=examples(60))
@given(
    st.lists(
        st.tuples(
            st.sampled_from([c.value for c in CRITERIA["revised-el-escorial"].ladder]),
            st.sampled_from([c.value for c in CRITERIA["awaji"].ladder]),
            st.sampled_from([c.value for c in CRITERIA["gold-coast"].ladder]),
        ),
        min_size=1,
        max_size=400,
    )
)
def test_no_label_covers_a_band_a_count_or_another_label(
    patients: list[tuple[str, str, str]],
) -> None:
    """Each block's label, its box from its character count, against every band's bounding
    box, every count shown on a band, and every other label (issue 24)."""
    combos: dict[tuple[str, ...], int] = {}
    for p in patients:
        combos[p] = combos.get(p, 0) + 1
    ladders = [[c.value for c in reversed(CRITERIA[cid].ladder)] for cid in CRITERIA]
    flow = layout_flow(["a", "b", "c"], ladders, list(combos.items()))
    assert flow is not None
    labels = [n.place.box for n in flow.nodes if n.place is not None]
    assert len(labels) == len(flow.nodes)
    for box in labels:
        assert box[0] >= 0 and box[2] <= flow.width and box[3] <= flow.height
        for band in flow.bands:
            assert not _overlap(box, band.box), (box, band.box)
            if band.shows_count:
                assert not _overlap(box, band.count_box)
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b), (a, b)


def test_the_flow_labels_on_the_page_are_where_the_layout_puts_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    html, summary = _run(tmp_path, capsys, monkeypatch)
    page = build_cohort_page(summary)
    assert page.flow is not None
    [svg] = [s for s in svg_documents(html) if "flow" in (s.get("class") or "")]
    ns = "{http://www.w3.org/2000/svg}"
    drawn = [t for t in svg.iter(f"{ns}text") if t.get("class") == "flow-label"]
    assert len(drawn) == len(page.flow.nodes)
    for text, node in zip(drawn, page.flow.nodes, strict=True):
        assert node.place is not None
        assert float(text.get("x") or 0) == round(node.place.x, 1)
        assert [t.text for t in text.iter(f"{ns}tspan")] == list(node.place.lines)
