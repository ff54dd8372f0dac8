"""The history page (`alscriteria report HISTORY.json`): every fact of the history result a
clinician needs is on the page, the last visit drawn by the case page's sections, a golden
page per example history, valid SVG, and a bad history refused with exit code 2.

Regenerate the golden pages after an intended change with
`ALSCRITERIA_UPDATE_GOLDEN=1 python -m pytest tests/test_report_history.py`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import alscriteria
from alscriteria import wording
from alscriteria.anatomy.vocabulary import label
from alscriteria.case.dates import in_months
from alscriteria.history import evaluate_history
from alscriteria.history.result import HistoryResult
from alscriteria.report import history_report
from cli_helpers import run_in_process
from report_helpers import Node, parse_page, svg_documents, without_stylesheet, words

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = sorted((ROOT / "examples").glob("history-*.json"))
GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
UPDATE = os.environ.get("ALSCRITERIA_UPDATE_GOLDEN") == "1"

BASIS = {
    "file": "given in the file (it wins)",
    "findings": "derived from the findings",
    "not_documented": "not documented",
}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _page(history: dict[str, Any]) -> tuple[str, HistoryResult]:
    result = evaluate_history(history)
    return history_report(history, result), result


def _months(days: int) -> str:
    return "0 months" if days == 0 else f"{in_months(days)} months ({days} days)"


def _muscle(traced: str) -> str:
    key, _, rest = traced.partition(" (")
    return alscriteria.anatomy.catalogue.catalogue()[key].name + (f" ({rest}" if rest else "")


def _cells(tree: Node, row_id: str) -> list[str]:
    return [td.text() for td in tree.by_id(row_id).find_all("td")]


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
def test_every_fact_a_clinician_needs_is_on_the_page(path: Path) -> None:
    history = _load(path)
    html, result = _page(history)
    tree = parse_page(html)
    text = tree.text()
    assert result.id is not None and words(result.id) in text
    if result.onset:
        assert result.onset.isoformat() in tree.find_all("dd", class_="onset")[0].text()
    ids = list(result.visits[0].results)
    audit = tree.find_all("section", class_="audit")[0].text()
    for i, visit in enumerate(result.visits):
        cells = _cells(tree, f"visit-{visit.number}")
        assert cells[0].startswith(visit.date.isoformat())
        assert _months(visit.days_from_first_visit) in cells[0]
        if visit.days_from_onset is not None:
            assert _months(visit.days_from_onset) + " from onset" in cells[0]
        for cid, cell in zip(ids, cells[1:4], strict=True):
            a = visit.results[cid]
            assert wording.category(a.category) in cell
            assert cell.startswith("\u2714" if a.met else "\u2718")
            if i:
                before = result.visits[i - 1].results[cid].category
                cset = alscriteria.criteria.criteria_set(cid)
                if cset.rank(a.category) > cset.rank(before):
                    assert "\u25b2 rose" in cell
                elif cset.rank(a.category) < cset.rank(before):
                    assert "\u25bc fell" in cell
                else:
                    assert "rose" not in cell and "fell" not in cell
        progression = cells[4]
        said = {True: "yes", False: "no", None: "unknown"}[visit.progression.value]
        assert progression.startswith(said)
        assert "_" not in progression  # the code (not_documented) is for the audit
        assert visit.progression.source in audit
        basis = BASIS.get(
            visit.progression.source, f"given at visit {visit.progression.from_visit}"
        )
        assert basis in progression
        assert words(visit.progression.text) in text
        for muscle in visit.emg_from_earlier_visits:
            assert _muscle(muscle) in text
    for cid, course in result.course.items():
        row = tree.by_id(f"course-{cid}").text()
        assert course.title in row
        if course.first_met_visit is None:
            assert "not met at any visit" in row
        else:
            assert course.first_met_date is not None
            assert f"visit {course.first_met_visit} ({course.first_met_date.isoformat()})" in row
            assert course.days_from_first_visit is not None
            assert _months(course.days_from_first_visit) in row
            if course.days_from_onset is not None:
                assert _months(course.days_from_onset) in row
        assert wording.category(course.category_at_first_visit) in row
        assert wording.category(course.category_at_last_visit) in row
    plan = result.next_visit
    assert plan is not None
    section = tree.find_all("section", class_="next-visit")[0].text()
    assert words(plan.text) in section and plan.reason in audit
    rows = [r.text() for r in tree.find_all("tr", class_="sampling-row")]
    assert len(rows) == len(plan.regions)
    for row, r in zip(rows, plan.regions, strict=True):
        assert label("regions", r.region.value).split(" (")[0] in row
        if r.last_emg_date:
            assert r.last_emg_date.isoformat() in row
        if r.due_from and r.due_by:
            assert f"{r.due_from.isoformat()} to {r.due_by.isoformat()}" in row
        assert ("overdue" in row) is r.overdue
        for m in [*r.spared, *r.abnormal]:
            assert _muscle(m) in row
    for region in plan.never_sampled:
        assert label("regions", region.value).split(" (")[0] in section.split("Never sampled")[1]
    for cid, reason in plan.plan_reasons.items():
        said = next(
            li.text()
            for li in tree.find_all("li")
            if li.text().startswith(result.visits[-1].results[cid].title + " at the last")
        )
        assert reason in audit and wording.plan_reason(reason) in said
    # red flags of every visit lead the page, each with the visits that raised it
    flags = [li.text() for li in tree.find_all("li", class_="history-flag")]
    raised = {
        (w.code, w.text)
        for v in result.visits
        for w in [
            *next(iter(v.results.values())).warnings,
            # the history's own: the bulbar symptoms beside the cord flag, signs gone since
            *(own for own in (v.bulbar_symptoms, v.signs_resolved) if own is not None),
        ]
    }
    assert len(flags) == len(raised)
    for code, warning in raised:
        assert any(words(warning) in f for f in flags) and code in audit
    if raised:
        assert html.index("history-flag") < html.index('class="course"')
    # the last visit in full: the case page's own sections, from its Assessments
    last = result.visits[-1]
    for cid, a in last.results.items():
        column = tree.by_id(f"set-{cid}").text()
        assert a.title in column and wording.category(a.category) in column
    assert len(tree.find_all("tr", class_="region-row")) == 4
    assert alscriteria.__version__ in text


def test_the_last_visit_counts_the_emg_of_earlier_visits() -> None:
    """The map of the last visit marks every muscle its Assessments counted, those studied
    at earlier visits included (docs/history.md "EMG as of a visit")."""
    history = _load(ROOT / "examples" / "history-limb-onset.json")
    html, result = _page(history)
    tree = parse_page(html)
    sampled = [r.text() for r in tree.find_all("tr", class_="sampled")]
    carried = result.visits[-1].emg_from_earlier_visits
    own = history["visits"][-1].get("emg", [])
    assert carried, "the example should carry EMG forward"
    assert len(sampled) == len(own) + len(carried)


def test_svg_is_valid_xml_and_the_page_needs_no_script_or_network() -> None:
    for path in HISTORIES:
        html, _ = _page(_load(path))
        svgs = svg_documents(html)
        assert any(s.get("role") == "img" for s in svgs)
        assert "<script" not in html.lower() and "<link" not in html.lower()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)


def test_text_from_the_history_cannot_become_markup() -> None:
    history = {"id": "<b>x</b>\u202e", "visits": [{"date": "2024-01-01", "regions": {}}]}
    html, _ = _page(history)
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html and "\\u202e" in html
    parse_page(html)


def _stable(html: str) -> str:
    return without_stylesheet(re.sub(r"rule engine [^;<]+", "rule engine (engine)", html))


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
def test_golden_page_per_example_history(path: Path) -> None:
    html = _stable(_page(_load(path))[0])
    golden = GOLDEN / f"{path.stem}.html"
    if UPDATE:
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"no golden page: run with ALSCRITERIA_UPDATE_GOLDEN=1 ({golden})"
    assert html == golden.read_text(encoding="utf-8"), (
        f"{path.name}: the page changed; if intended, regenerate with ALSCRITERIA_UPDATE_GOLDEN=1"
    )


def test_report_command_tells_a_history_by_its_visits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "history.html"
    code, _, err = run_in_process(capsys, "report", str(HISTORIES[0]), "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "ALS diagnostic criteria over time" in html and "3 visits" in err
    assert [p.name for p in tmp_path.iterdir()] == ["history.html"]


def test_a_history_of_one_visit_is_told_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "H-1", "visits": [{"date": "2024-01-15"}]}))
    code, _, err = run_in_process(capsys, "report", str(one), "-o", str(tmp_path / "h.html"))
    assert code == 0, err
    assert err.rstrip().endswith(", 1 visit") and "1 visits" not in err


def test_a_history_out_of_order_exits_2_naming_the_visits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "h.json"
    bad.write_text(json.dumps({"visits": [{"date": "2024-07-15"}, {"date": "2024-01-15"}]}))
    out = tmp_path / "h.html"
    code, _, err = run_in_process(capsys, "report", str(bad), "-o", str(out))
    assert code == 2 and "visits[1]" in err and "Traceback" not in err
    assert not out.exists()


def test_a_visit_left_open_by_flags_says_flags_not_summaries() -> None:
    """Gold Coast cannot tell weakness and wasting from a yes/no LMN flag: the visit's cell
    names the flags, as the case page does (issue 19, section 1)."""
    history = {
        "id": "flags",
        "visits": [
            {
                "date": "2024-01-10",
                "progression": True,
                "other_causes_excluded": True,
                "regions": {"cervical": {"lmn": "yes"}, "lumbosacral": {"lmn": "yes"}},
            }
        ],
    }
    page = history_report(history, evaluate_history(history, plan=True))
    text = words(parse_page(page).text())
    assert "cannot be decided from the yes/no flags" in text
    assert "cannot be decided from the summaries" not in text
