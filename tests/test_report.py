"""The case report page: every fact of the Assessments on the page, valid SVG, a page that
needs no network or script, golden pages per example, and bad input refused (exit 2).

Regenerate the golden pages after an intended change with
`ALSCRITERIA_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import wording
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.explain.deciding import deciding_rules
from alscriteria.criteria import criteria_set
from alscriteria.report import build_case_page, case_report
from alscriteria.report.bodymap import MARK_RADIUS
from alscriteria.report.names import short_name
from cli_helpers import run_in_process
from report_helpers import Node, parse_page, svg_documents, without_stylesheet, words
from strategies import any_cases, examples

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    p for p in (ROOT / "examples").glob("*.json") if not p.stem.startswith("history-")
)
GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
DATE = dt.date(2026, 1, 15)
UPDATE = os.environ.get("ALSCRITERIA_UPDATE_GOLDEN") == "1"

#: Red flags, needling limits and a plan that suggests muscles: the parts examples lack.
FLAGGED_CASE: dict[str, Any] = {
    "id": "flagged-017",
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        "bulbar": {"umn_signs": ["jaw_jerk"]},
        "lumbosacral": {"lmn_signs": ["weakness", "wasting"]},
    },
    "emg": [
        {
            "muscle": "genioglossus",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        },
        {"muscle": "deltoid", "side": "left"},
        {"muscle": "abductor_pollicis_brevis", "side": "left", "fasciculation_potentials": True},
    ],
    "contraindications": {
        "anticoagulated": True,
        "lymphedema": [{"region": "cervical", "side": "right"}],
        "chest_wall_concerns": True,
    },
    "nerve_conduction": {
        "abnormal_sensory": "mild",
        "conduction_block": [{"nerve": "ulnar", "segment": "forearm"}],
    },
}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    found = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    return [*found, ("flagged", FLAGGED_CASE)]


def _page(case: dict[str, Any]) -> tuple[str, dict[str, Assessment]]:
    results = alscriteria.evaluate_all(case, plan=True)
    return case_report(case, results, DATE), results


def _row_text(tree: Node, css: str) -> list[str]:
    return [row.text() for row in tree.find_all("tr", class_=css)]


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[n for n, _ in _cases()])
def test_every_fact_of_the_assessments_is_on_the_page(name: str, case: dict[str, Any]) -> None:
    html, results = _page(case)
    tree = parse_page(html)
    text = tree.text()
    first = next(iter(results.values()))
    assert first.case_id is None or words(first.case_id) in text
    assert DATE.isoformat() in text
    for a in results.values():
        column = tree.by_id(f"set-{a.criteria}").text()
        assert a.title in column
        assert wording.category(a.category) in column
        if a.pattern_category != a.category:
            assert f"{wording.category(a.pattern_category)} on the findings" in column
        assert words(a.citation) in column
        [audit_block] = tree.find_all("section", class_="audit")
        audit = next(
            li.text()
            for li in audit_block.find_all("ul", class_="rule-ids")[0].find_all("li")
            if a.title in li.text()
        )
        for firing in deciding_rules(a):
            assert firing.clause in column and firing.rule not in column
            grants = firing.grants.value if firing.grants else None
            assert words(wording.rule_words(firing.rule, grants, firing.statement)) in column
        for firing in a.trace:  # rule ids are for the audit block, not the reader's column
            assert firing.rule in audit
        missing = wording.missing_words(a.missing, a.next_category)
        if a.missing:
            assert words(missing.title) in column
        for line, codes in missing.lines:
            assert words(line) in column and all(c in column for c in codes)
        for s in a.why_not_probable:
            assert words(wording.shortfall(s.code, s.have, s.need)) in column
        for note in a.notes:
            assert words(note.text) in text and note.code in text
        for alt in a.alternatives:
            line = next(
                li.text()
                for li in tree.find_all("li")
                if a.title in li.text() and f"{alt.option}={alt.value}" in li.text()
            )
            assert wording.category(alt.category) in line
        for w in a.warnings:
            assert words(w.text) in text and w.code in text
        plan = a.plan
        assert plan is not None
        assert words(plan.reason_text) in text and plan.reason in text
        for item in [*plan.timing, *plan.cautions]:
            assert words(item.text) in text and item.code in text
        for u in plan.upgrades:
            path = wording.upgrade_path(
                [(e.region.value, e.evidence) for e in u.add],
                criteria_set(a.criteria).clinical_lmn_needs,
            )
            assert words(path) in text
        codes = " ".join(t.text() for t in tree.find_all("table", class_="codes-table"))
        for m in plan.muscles:
            row = next(
                r.text()
                for r in tree.find_all("tr", class_="suggested")
                if r.attrs.get("data-muscle") == m.muscle and (m.side or "any") in r.text()
            )
            assert words(m.reason) in row and m.reason_code not in row
            assert m.reason_code in codes
        for muscle in plan.previously_spared:
            assert words(wording.muscle_words(muscle)) in text
        assert a.rules_version in text
        assert a.package_version in text
        _registry_facts_on_the_page(tree, a)
    for option, value in first.readings.model_dump(mode="json").items():
        assert option in text and value in text
    assert alscriteria.__version__ in text
    assert f"{first.engine.name} {first.engine.version}" in text


LIMB = {
    ("cervical", "left"): "left arm",
    ("cervical", "right"): "right arm",
    ("lumbosacral", "left"): "left leg",
    ("lumbosacral", "right"): "right leg",
}


def _registry_facts_on_the_page(tree: Node, a: Assessment) -> None:
    """Registry input (criteria.md A.1, A.2): an open category beside the category itself;
    flags, per-limb signs, EMG summaries and open regions in the region table and the map;
    the same in the rules' evidence."""
    column = tree.by_id(f"set-{a.criteria}").text()
    if a.undecided is not None:
        allowed = " or ".join(wording.category(c) for c in a.undecided.categories)
        source = wording.open_sources([o.missing for o in a.undecided.regions])
        headline = f"{wording.category(a.category)} \u2014 cannot be decided from {source}: "
        summary = next(li.text() for li in tree.find_all("li") if li.text().startswith(a.title))
        assert headline + allowed in summary  # in the one-line summary at the top
        box = tree.by_id(f"undecided-{a.criteria}").text()
        assert words(a.undecided.text) in box
        said = wording.open_region_lines(
            [(o.region.value, o.missing, o.text) for o in a.undecided.regions]
        )
        for _, text, _ in said:  # a flag's question said once for all its regions
            assert words(text) in box
        for o in a.undecided.regions:
            assert o.region.value in box
            for code in o.missing:
                assert code in box
        # directly after the verdict, before the reasons
        assert column.index(wording.category(a.category)) < column.index(box) < column.index("Why")
    else:
        assert "cannot be decided from" not in column
    for r in a.regions:
        row = tree.by_id(f"region-{r.region.value}").text()
        cells = [td.text() for td in tree.by_id(f"region-{r.region.value}").find_all("td")]
        for summary_of in r.emg_summaries:
            where = "whole region" if summary_of == "region" else LIMB[(r.region.value, summary_of)]
            assert "EMG as reported (summary)" in cells[3] and where in cells[3]
        if r.emg_lmn_open and not r.emg_lmn:
            assert f"open for {short_name(a.criteria)}" in cells[3] or cells[3].startswith(
                "\u25cc open"
            ), (r.region, cells[3])
        if r.clinical_lmn_open and not r.clinical_lmn:
            assert "open" in cells[2] and "weakness and wasting" in cells[2]
        if (r.emg_lmn_open and not r.emg_lmn) or (r.clinical_lmn_open and not r.clinical_lmn):
            for shape in tree.find_all("g", class_=f"region-{r.region.value}"):  # both views
                assert shape.find_all("path", class_="open-overlay")  # dotted: greyscale-safe
            legend = tree.find_all("figcaption")[0].text()
            assert "dotted: open (a summary or flag cannot say)" in legend
        if "umn" in r.reported_flags:
            assert "UMN signs: yes (flag; signs not named)" in cells[0]
        if "lmn" in r.reported_flags:
            assert "LMN signs: yes (flag" in cells[1]
        for side in r.sides:
            limb = LIMB[(r.region.value, side.side)]
            by_limb = tree.by_id(f"sides-{r.region.value}").text()
            part = by_limb.split(limb.capitalize() + ":")[1].split(";")[0]
            for sign in side.umn_signs:
                assert label("umn_signs", sign) in by_limb
            for sign in side.lmn_signs:
                assert label("lmn_signs", sign) in part
            for flag in side.reported_flags:
                assert f"{flag.upper()} signs: yes (flag" in by_limb
        assert row
    for firing in a.trace:
        for ev in firing.evidence:
            if not (ev.emg_summaries or ev.reported_flags or ev.sides):
                continue
            line = (
                next(
                    li.text()
                    for li in tree.by_id(f"set-{a.criteria}").find_all("li")
                    if firing.statement.split()[0] in li.text()
                    and f"clause {firing.clause}" in li.text()
                )
                if firing in deciding_rules(a)
                else None
            )
            if line is None:
                continue
            if ev.emg_summaries:
                assert "EMG as reported (summary)" in line
            for flag in ev.reported_flags:
                assert f"{flag.upper()} yes" in line
            for side in ev.sides:
                assert LIMB[(ev.region.value, side.side)] in line


def test_each_emg_summary_is_a_row_in_the_reports_own_words() -> None:
    """An EMG conclusion is shown as the report gave it (yes and no), never turned into
    muscles the report did not name (criteria.md A.1 registry input)."""
    case = json.loads((ROOT / "examples" / "registry-summary.json").read_text(encoding="utf-8"))
    tree = parse_page(_page(case)[0])
    rows = _row_text(tree, "emg-summary")
    given = [
        (region, place, summary)
        for region, findings in case["regions"].items()
        for place, summary in [
            ("whole region", findings.get("emg")),
            *[
                (LIMB.get((region, side), side), findings.get(side, {}).get("emg"))
                for side in ("right", "left")
            ],
        ]
        if summary
    ]
    assert len(rows) == len(given) >= 2
    for row, (region, place, summary) in zip(rows, given, strict=True):
        assert region.capitalize() in row and place in row
        for value in summary.values():
            assert f": {value}" in row
    assert "No muscle was sampled with the needle" in tree.text()


def _expected_state(values: dict[str, str]) -> str:
    if len(set(values.values())) == 1:
        return next(iter(values.values()))
    parts = []
    for value in ("yes", "open", "no"):
        names = [short_name(c) for c, v in values.items() if v == value]
        if names:
            parts.append(f"{value} for {', '.join(names)}")
    return "; ".join(parts)


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[n for n, _ in _cases()])
def test_each_region_and_each_muscle_is_said_in_words(name: str, case: dict[str, Any]) -> None:
    html, results = _page(case)
    tree = parse_page(html)
    for region in alscriteria.Region:
        per_set = {
            a.criteria: next(r for r in a.regions if r.region is region) for a in results.values()
        }
        cells = [
            td.text().lstrip("\u25cf\u25cb\u25d0\u25cc ")
            for td in tree.by_id(f"region-{region.value}").find_all("td")
        ]
        umn, lmn_signs, clinical, emg = cells
        any_set = next(iter(per_set.values()))
        assert umn.startswith("yes" if any_set.umn else "no"), (region, umn)
        for sign in any_set.umn_signs:
            assert label("umn_signs", sign) in umn
        for sign in any_set.lmn_signs:
            assert label("lmn_signs", sign) in lmn_signs
        for cell, kind in ((clinical, "clinical_lmn"), (emg, "emg_lmn")):
            values = {
                cid: "yes" if getattr(r, kind) else ("open" if getattr(r, f"{kind}_open") else "no")
                for cid, r in per_set.items()
            }
            assert cell.startswith(_expected_state(values)), (region, cell)
        # the body map shades the region by what it shows, in both views
        lmn = any(r.clinical_lmn or r.emg_lmn for r in per_set.values())
        shade = (
            "not-examined"
            if not any_set.examined
            else "both"
            if any_set.umn and lmn
            else "umn"
            if any_set.umn
            else "lmn"
            if lmn
            else "none"
        )
        shapes = tree.find_all("g", class_=f"region-{region.value}")
        assert len(shapes) == 2 and all(f"shade-{shade}" in g.attrs["class"] for g in shapes)
    sampled = _row_text(tree, "sampled")
    assert len(sampled) == len(case.get("emg", []))
    page = build_case_page(case, results, DATE)
    for row, study, m in zip(sampled, case.get("emg", []), page.sampled, strict=True):
        assert m.name in row and ("_" not in study["muscle"] or study["muscle"] not in row)
        found = [
            f
            for f in (
                "fibrillation_potentials",
                "positive_sharp_waves",
                "fasciculation_potentials",
                "chronic_neurogenic_change",
            )
            if study.get(f)
        ]
        if not found:
            assert "normal" in row
        for f in found:
            assert label("emg_findings", f).lower() in row


def test_red_flags_lead_the_page_in_words_and_a_border() -> None:
    html, results = _page(FLAGGED_CASE)
    tree = parse_page(html)
    warnings = next(iter(results.values())).warnings
    assert len(warnings) >= 2
    section = tree.find_all("section", class_="red-flags")
    assert len(section) == 1
    flags = section[0].find_all("li", class_="warning")
    assert len(flags) == len(warnings)
    for li, w in zip(flags, warnings, strict=True):
        assert li.text().startswith("RED FLAG.") and words(w.text) in li.text()
    # after the three category lines, before the next step and the findings
    assert html.index('class="verdicts"') < html.index('class="red-flags"')
    assert html.index('class="red-flags"') < html.index('class="next-step"')
    assert html.index('class="next-step"') < html.index('class="regions"')


def test_the_map_marks_exactly_the_muscles_the_plans_suggest() -> None:
    """Nothing invented: the suggested marks are the plans' muscles, once each; none on a limb
    the case's contraindications exclude (the plan has already left those out)."""
    results = alscriteria.evaluate_all(FLAGGED_CASE, plan=True)
    page = build_case_page(FLAGGED_CASE, results, DATE)
    suggested = {(m.muscle, m.side) for a in results.values() if a.plan for m in a.plan.muscles}
    assert suggested, "the case should get suggestions"
    assert {(s.key, s.side) for s in page.suggestions} == suggested
    marks = [p for p in page.body_map.markers if p.marker.kind == "suggested"]
    assert len(marks) == len(suggested)
    for mark in marks:
        assert not (mark.marker.region.value == "cervical" and mark.marker.side == "right")
    sampled = [p for p in page.body_map.markers if p.marker.kind != "suggested"]
    assert len(sampled) == len(FLAGGED_CASE["emg"])


def test_svg_is_valid_xml_with_a_title_and_description() -> None:
    html, _ = _page(FLAGGED_CASE)
    svgs = svg_documents(html)
    ns = "{http://www.w3.org/2000/svg}"
    figures = [s for s in svgs if s.get("role") == "img"]
    assert len(figures) == 1
    body = figures[0]
    assert body.find(f"{ns}title") is not None and body.find(f"{ns}desc") is not None
    texts = " ".join(t.text or "" for t in body.iter(f"{ns}text"))
    for name in ("Front", "Back", "R", "L"):
        assert name in texts.split()
    titles = " ".join(t.text or "" for t in body.iter(f"{ns}title"))
    for region in ("bulbar", "cervical", "thoracic", "lumbosacral"):
        assert region in titles


def test_the_page_needs_no_network_and_no_script() -> None:
    for _, case in _cases():
        html, _ = _page(case)
        assert "<script" not in html.lower()
        assert "<link" not in html.lower() and " src=" not in html.lower()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)
        assert "@page" in html


def test_text_from_the_case_cannot_become_markup() -> None:
    case = {"id": '<script>alert("x")</script>&', "regions": {}, "emg": []}
    html = case_report(case, alscriteria.evaluate_all(case, plan=True), DATE)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    parse_page(html)
    svg_documents(html)


def test_the_page_is_deterministic_and_uses_the_date_given() -> None:
    case = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    first, _ = _page(case)
    second, _ = _page(case)
    assert first == second
    other = case_report(case, alscriteria.evaluate_all(case, plan=True), dt.date(2027, 3, 4))
    assert "2027-03-04" in other and "Report date" in other


MANY = {
    "id": "many",
    "regions": {},
    "emg": [
        {"muscle": m, "side": side}
        for m in (
            "first_dorsal_interosseous",
            "abductor_digiti_minimi",
            "abductor_pollicis_brevis",
            "opponens_pollicis",
            "triceps",
            "brachioradialis",
            "extensor_digitorum_communis",
            "deltoid",
            "biceps_brachii",
            "flexor_carpi_ulnaris",
            "pronator_teres",
        )
        for side in ("right", "left")
    ],
}


def test_marks_never_overlap() -> None:
    """Four muscles of one hand on both sides: each mark is moved aside, none covers another."""
    results = alscriteria.evaluate_all(MANY, plan=True)
    points = [(p.x, p.y) for p in build_case_page(MANY, results, DATE).body_map.markers]
    for i, (x0, y0) in enumerate(points):
        for x1, y1 in points[i + 1 :]:
            assert (x0 - x1) ** 2 + (y0 - y1) ** 2 >= (2 * MARK_RADIUS) ** 2, ((x0, y0), (x1, y1))


def test_every_mark_is_drawn_near_where_its_muscle_lies() -> None:
    """No mark is dropped however many there are, and a mark moved aside stays by its place."""
    results = alscriteria.evaluate_all(MANY, plan=True)
    page = build_case_page(MANY, results, DATE)
    sampled = [p for p in page.body_map.markers if p.marker.kind != "suggested"]
    assert len(sampled) == len(MANY["emg"])
    for p in page.body_map.markers:
        hx, hy = p.home
        assert (p.x - hx) ** 2 + (p.y - hy) ** 2 <= (9 * MARK_RADIUS) ** 2, p
    tree = parse_page(case_report(MANY, results, DATE))
    assert len(_row_text(tree, "sampled")) == len(MANY["emg"])


@settings(max_examples=examples(40))
@given(case=any_cases, day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
def test_any_case_gives_a_well_formed_page_with_every_category(
    case: dict[str, Any], day: dt.date
) -> None:
    results = alscriteria.evaluate_all(case, plan=True)
    html = case_report(case, results, day)
    tree = parse_page(html)
    for svg in svg_documents(html):
        assert svg.tag.endswith("svg")
    for a in results.values():
        assert wording.category(a.category) in tree.by_id(f"set-{a.criteria}").text()
    assert day.isoformat() in html


# --- golden pages ------------------------------------------------------------------------


def _stable(html: str) -> str:
    """The page without the engine's name: durable_rules, or the project's own evaluator where
    it cannot be imported, decide the same (tests/test_engines.py) but name themselves."""
    return re.sub(r"rule engine [^;<]+", "rule engine (engine)", html)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_page_per_example(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    html = without_stylesheet(_stable(_page(case)[0]))
    golden = GOLDEN / f"{path.stem}.html"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert golden.exists(), f"no golden page: run with ALSCRITERIA_UPDATE_GOLDEN=1 ({golden})"
    assert html == golden.read_text(encoding="utf-8"), (
        f"{path.name}: the page changed; if intended, regenerate with ALSCRITERIA_UPDATE_GOLDEN=1"
    )


def test_the_stylesheet_has_one_golden_of_its_own() -> None:
    """The golden pages keep `<style>/* report.css */</style>` in its place; the stylesheet
    every page inlines is compared once, here, so one CSS edit rewrites one golden."""
    from alscriteria.report.templating import stylesheet

    golden = GOLDEN / "report.css"
    if UPDATE:
        golden.write_text(stylesheet(), encoding="utf-8")
    assert golden.exists(), f"no golden stylesheet: run with ALSCRITERIA_UPDATE_GOLDEN=1 ({golden})"
    assert stylesheet() == golden.read_text(encoding="utf-8"), (
        "the stylesheet changed; if intended, regenerate with ALSCRITERIA_UPDATE_GOLDEN=1"
    )


def test_a_golden_page_and_the_golden_stylesheet_are_the_whole_page() -> None:
    """What `without_stylesheet` leaves out is exactly the stylesheet, once: the page golden
    plus the stylesheet golden give back the page byte for byte."""
    from alscriteria.report.templating import stylesheet

    case = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    html = _stable(_page(case)[0])
    kept = without_stylesheet(html)
    assert kept.count("<style>") == 1
    assert (
        kept.replace("<style>/* report.css */</style>", f"<style>\n{stylesheet()}\n</style>")
        == html
    )


# --- the command -------------------------------------------------------------------------


def test_report_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    code, _, err = run_in_process(
        capsys, "report", str(EXAMPLES[0]), "-o", str(out), "--date", "2026-01-15"
    )
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "2026-01-15" in html and "ALS diagnostic criteria report" in html
    assert "wrote" in err
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


def test_report_command_with_a_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    case = ROOT / "examples" / "possible.json"
    code, _, err = run_in_process(
        capsys, "report", str(case), "-o", str(out), "--reading", "probable=aggregate"
    )
    assert code == 0, err
    tree = parse_page(out.read_text(encoding="utf-8"))
    row = next(r.text() for r in tree.find_all("tr") if "probable" in r.text().split())
    assert row.endswith("aggregate")
    expected = alscriteria.evaluate_all(
        json.loads(case.read_text(encoding="utf-8")), {"probable": "aggregate"}
    )
    for a in expected.values():
        assert wording.category(a.category) in tree.by_id(f"set-{a.criteria}").text()


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (None, [], "cannot read the file"),
        (b"\xff\xfe{}", [], "UTF-16"),
        (b'{"id": "a", "regions": {"bulbr": {}}}', [], "did you mean 'bulbar'"),
        (b'{"id": "caf\xe9"}', [], "not UTF-8"),
        (b'{"id": "a", "id": "b"}', [], "appears twice"),
        (json.dumps({"id": "a"}).encode(), ["--date", "2026-02-30"], "YYYY-MM-DD"),
        (json.dumps({"id": "a"}).encode(), ["--reading", "probable=maybe"], "probable"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    extra: list[str],
    message: str,
) -> None:
    case = tmp_path / "case.json"
    if content is not None:
        case.write_bytes(content)
    out = tmp_path / "report.html"
    code, _, err = run_in_process(capsys, "report", str(case), "-o", str(out), *extra)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists()
    assert {p.name for p in tmp_path.iterdir()} <= {"case.json"}


def test_a_failed_write_leaves_the_old_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.html"
    out.write_text("the old report", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("alscriteria.files.atomic.os.replace", refuse)
    code, _, err = run_in_process(capsys, "report", str(EXAMPLES[0]), "-o", str(out))
    assert code == 2 and "No space left on device" in err
    assert out.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_the_case_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "case.json"
    case.write_bytes(EXAMPLES[0].read_bytes())
    code, _, err = run_in_process(capsys, "report", str(case), "-o", str(case))
    assert code == 2 and "destroy the case" in err
    assert case.read_bytes() == EXAMPLES[0].read_bytes()


def test_report_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_in_process(capsys, "report", str(EXAMPLES[0]), "-o", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
