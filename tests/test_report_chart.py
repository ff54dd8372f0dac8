"""The page as a chart note (issue 24): clinical words first and the engine's terms only in
the audit section; a header to file it under, from the command line and nowhere else; the
stylesheet's print rules."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import alscriteria
from alscriteria import wording
from alscriteria.history import evaluate_history
from alscriteria.report import case_report, history_report
from alscriteria.report.templating import stylesheet
from cli_helpers import run_in_process
from report_helpers import outside_audit, parse_page
from test_report import FLAGGED_CASE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.json"))
DATE = dt.date(2026, 1, 15)

#: A code of ours: snake_case (seeking_evidence, first_dorsal_interosseous) or a rule id
#: (awaji.possible_one_region, gold-coast.prerequisites).
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
RULE_ID = re.compile(r"\b(?:revised-el-escorial|awaji|gold-coast)\.[a-z_]+")


def _page(data: dict[str, Any], **options: Any) -> str:
    if "visits" in data:
        return history_report(data, evaluate_history(data, plan=True), **options)
    return case_report(data, alscriteria.evaluate_all(data, plan=True), DATE, **options)


def _documents() -> list[tuple[str, dict[str, Any]]]:
    found = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    return [*found, ("flagged", FLAGGED_CASE)]


@pytest.mark.parametrize(("name", "data"), _documents(), ids=[n for n, _ in _documents()])
def test_outside_the_audit_only_clinical_words(name: str, data: dict[str, Any]) -> None:
    """No snake_case code, no rule id, no reading's option name outside the audit section;
    the audit section holds them (collapsed on screen, not printed unless --audit)."""
    html = _page(data)
    tree = parse_page(html)
    text = outside_audit(tree)
    own_id = str(data.get("id", ""))
    text = text.replace(own_id, "") if own_id else text
    assert not SNAKE.findall(text), SNAKE.findall(text)
    assert not RULE_ID.findall(text), RULE_ID.findall(text)
    [audit] = tree.find_all("section", class_="audit")
    assert audit.find_all("details"), "the audit is collapsible on screen"
    assert "print-audit" not in audit.attrs["class"].split()
    assert "open" not in audit.find_all("details")[0].attrs
    assert SNAKE.search(audit.text())  # the codes are there
    assert all(
        html.index('<section class="audit') > html.index(f'<section class="{css}"')
        for css in ("regions", "plan")
        if f'<section class="{css}"' in html
    )  # the end


def test_report_audit_prints_the_audit_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code, _, err = run_in_process(
        capsys, "report", "examples/als.json", "-o", str(out), "--date", "2026-01-15", "--audit"
    )
    assert code == 0, err
    [audit] = parse_page(out.read_text(encoding="utf-8")).find_all("section", class_="audit")
    assert "print-audit" in audit.attrs["class"].split()
    assert "open" in audit.find_all("details")[0].attrs


HEADER = {
    "--patient-name": "Jane Q. Public",
    "--dob": "1961-04-02",
    "--record": "MRN 0042-7781",
    "--study-date": "2026-02-03",
    "--examiner": "Dr A. Examiner",
    "--referrer": "Dr B. Referrer",
}


@pytest.mark.parametrize("example", ["als.json", "history-limb-onset.json"])
def test_the_chart_header_is_filled_from_the_command_line_and_nowhere_else(
    example: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    args = [a for pair in HEADER.items() for a in pair]
    code, printed, err = run_in_process(
        capsys, "report", str(ROOT / "examples" / example), "-o", str(out), *args
    )
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    tree = parse_page(html)
    [header] = tree.find_all("dl", class_="chart-header")
    for flag, value in HEADER.items():
        css = {
            "--patient-name": "patient-name",
            "--dob": "dob",
            "--record": "record",
            "--study-date": "study-date",
            "--examiner": "examiner",
            "--referrer": "referrer",
        }[flag]
        [field] = header.find_all("div", class_=f"field-{css}")
        assert value in field.text()
        # written once, in the header: not in the title, the map's words or a log line
        # (a case page's title also gives the study date: it is the page's date)
        assert html.count(value) == (
            2 if flag == "--study-date" and "history" not in example else 1
        ), flag
        assert value not in printed and value not in err
    if "history" not in example:  # the report date is the study date
        assert "(2026-02-03)" in tree.find_all("title")[0].text()


def test_without_the_options_the_header_is_lines_to_write_on() -> None:
    tree = parse_page(_page(json.loads((ROOT / "examples" / "als.json").read_text("utf-8"))))
    [header] = tree.find_all("dl", class_="chart-header")
    blanks = header.find_all("dd", class_="blank")
    assert len(blanks) == 6 and all(not b.text() for b in blanks)
    names = [dt_.text() for dt_ in header.find_all("dt")]
    assert names == [
        "Patient name",
        "Date of birth",
        "Record number",
        "Study date",
        "Examiner",
        "Referring clinician",
    ]


def test_the_header_enters_no_assessment_and_no_batch_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The header is the report's alone: the library takes no such field, and batch (which
    writes rows and a log) has no option for it."""
    case = json.loads((ROOT / "examples" / "als.json").read_text("utf-8"))
    results = alscriteria.evaluate_all(case, plan=True)
    for a in results.values():
        dumped = a.model_dump_json()
        assert all(v not in dumped for v in HEADER.values())
    with pytest.raises(SystemExit) as refused:
        run_in_process(
            capsys,
            "batch",
            "examples/cohort.csv",
            "-o",
            str(tmp_path / "o.jsonl"),
            "--patient-name",
            "Jane Q. Public",
        )
    assert refused.value.code == 2 and not (tmp_path / "o.jsonl").exists()


def test_a_bad_study_date_exits_2_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code, _, err = run_in_process(
        capsys, "report", "examples/als.json", "-o", str(out), "--study-date", "3 Feb 2026"
    )
    assert code == 2 and "--study-date" in err and "YYYY-MM-DD" in err
    assert not out.exists()


def test_the_top_of_the_page_answers_first() -> None:
    """Who, when, the three categories with the deciding findings, red flags, the next step;
    then the regions and the map, the muscles, the plan; the audit last."""
    html = _page(FLAGGED_CASE)
    order = [
        'class="chart-header"',
        'class="verdicts"',
        'class="red-flags"',
        'class="next-step"',
        'class="regions"',
        'class="muscle-table"',
        'class="plan"',
        'class="audit',
    ]
    at = [html.index(marker) for marker in order]
    assert at == sorted(at)
    tree = parse_page(html)
    results = alscriteria.evaluate_all(FLAGGED_CASE, plan=True)
    for a in results.values():
        line = tree.by_id(f"verdict-{a.criteria}").text()
        assert line.startswith(a.title) and wording.category(a.category) in line
        assert len(line) > len(a.title) + len(wording.category(a.category)) + 20  # and why


def test_the_stylesheet_prints_short_and_keeps_words_whole() -> None:
    css = stylesheet()
    assert "@page" in css and "@media print" in css
    print_rules = css[css.index("@media print") :]
    assert re.search(r"section\.audit:not\(\.print-audit\)\s*\{\s*display:\s*none", print_rules)
    assert "break-after: avoid" in print_rules and "break-inside: avoid" in print_rules
    assert "break-all" not in css
    cells = re.search(r"\bth, td \{([^}]*)\}", css)
    assert cells and "overflow-wrap: normal" in cells.group(1)


def test_needling_limits_name_the_limb() -> None:
    tree = parse_page(_page(FLAGGED_CASE))
    [limits] = tree.find_all("p", class_="limits")
    assert "lymphedema of the right arm" in limits.text()
    assert "cervical limb" not in limits.text()
