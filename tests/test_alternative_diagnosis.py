"""Another cause found (issue 19 section 3): `alternative_diagnosis` fails the prerequisites
under every criteria set, keeps the pattern category, and turns the plan away from ALS
evidence; CSV rows and the JSON schema carry it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from alscriteria import case_schema, evaluate_all, wording
from alscriteria.cohort.csv_layout import COLUMNS, case_to_row, row_to_case
from alscriteria.errors import InvalidCaseError
from strategies import any_cases, examples

_SETTINGS = settings(max_examples=examples(200))


@_SETTINGS
@given(any_cases)
def test_another_cause_recorded_fails_every_set_and_the_plan_seeks_no_als_evidence(
    case: dict[str, Any],
) -> None:
    if case.get("other_causes_excluded") is True:
        case = {**case, "other_causes_excluded": False}
    with_cause = {**case, "alternative_diagnosis": "L5 radiculopathy on MRI"}
    without = {**case, "other_causes_excluded": False}
    without.pop("alternative_diagnosis", None)
    plain = evaluate_all(without)
    for cid, a in evaluate_all(with_cause, plan=True).items():
        assert not a.met and a.category.value == "not-met"
        # the findings' pattern is still reported, exactly as with the exclusion pending
        assert a.pattern_category == plain[cid].pattern_category
        assert "alternative_diagnosis" in a.prerequisites.missing
        assert "other_causes_excluded" not in a.prerequisites.missing
        assert a.prerequisites.alternative_diagnosis == "L5 radiculopathy on MRI"
        assert a.plan is not None
        assert a.plan.reason == "alternative_diagnosis_recorded"
        assert (a.plan.upgrades, a.plan.muscles, a.plan.previously_spared) == ([], [], [])
        assert [t.code for t in a.plan.timing] == ["revisit_alternative_diagnosis"]
        for s in a.missing:
            if s.code == "other_causes_excluded":
                # a code (it was the phrase until codes moved to the core); said in words
                assert s.have == "alternative_diagnosis"
                assert wording.shortfall(s.code, s.have, s.need) == (
                    "other causes must be excluded (now: another cause recorded)"
                )
        assert "L5 radiculopathy on MRI" in a.plan.timing[0].text


def test_the_csv_column_reads_the_diagnosis_and_none_records_none() -> None:
    header = list(COLUMNS)
    cells = dict.fromkeys(header, "")
    cells["alternative_diagnosis"] = " MMN with conduction block "
    assert row_to_case(header, list(cells.values()))["alternative_diagnosis"] == (
        "MMN with conduction block"
    )
    for empty in ("", "none", " None "):
        cells["alternative_diagnosis"] = empty
        assert "alternative_diagnosis" not in row_to_case(header, list(cells.values()))
    row = case_to_row({"alternative_diagnosis": "cervical myelopathy, C5-C6"})
    assert row["alternative_diagnosis"] == "cervical myelopathy, C5-C6"


def test_the_case_schema_describes_the_field() -> None:
    field = case_schema()["properties"]["alternative_diagnosis"]
    assert "prerequisites" in field["description"]
    assert {"type": "string", "maxLength": 200} in field["anyOf"]


def test_the_terminal_and_the_page_lead_with_the_other_cause(tmp_path: Any) -> None:
    import datetime as dt
    import io

    from rich.console import Console

    from alscriteria.cli.render import full_report
    from alscriteria.report import case_report

    case = {
        "id": "P-9",
        "progression": True,
        "other_causes_excluded": False,
        "alternative_diagnosis": "L5 radiculopathy on MRI",
        "regions": {"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}},
    }
    results = evaluate_all(case, plan=True)
    console = Console(file=io.StringIO(), width=100, no_color=True)
    console.print(full_report(results))
    out = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
    assert "Another cause recorded: L5 radiculopathy on MRI. Other causes are not excluded" in out
    page = case_report(case, results, dt.date(2026, 1, 1))
    assert 'class="alternative-diagnosis"' in page
    assert "Another cause recorded: L5 radiculopathy on MRI." in page


def test_visit_rows_carry_the_column_into_each_visit() -> None:
    from alscriteria.cohort.raw_record import RawRecord
    from alscriteria.cohort.visits import visit_history
    from alscriteria.history.model import parse_history

    header = ("id", "date", "cervical_lmn", "other_causes_excluded", "alternative_diagnosis")
    rows = (
        RawRecord(2, cells=("H-9", "2024-01-15", "weakness", "no", "C5-C6 radiculopathy")),
        RawRecord(3, cells=("H-9", "2024-08-15", "weakness;wasting", "", "none")),
    )
    history, lines = visit_history(header, rows, "H-9")
    first, second = history["visits"]
    assert first["alternative_diagnosis"] == "C5-C6 radiculopathy"
    assert "alternative_diagnosis" not in second
    assert lines == (2, 3)
    contradiction = (RawRecord(2, cells=("H-9", "2024-01-15", "weakness", "yes", "MMN")),)
    bad, _ = visit_history(header, contradiction, "H-9")
    try:
        parse_history(bad)
    except InvalidCaseError as exc:  # the batch puts it back in the file's terms (line 2)
        assert any(p.startswith("visits[0]") and "contradict" in p for p in exc.problems)
    else:
        raise AssertionError("a row with causes excluded and another cause was accepted")


def test_a_history_names_another_cause_recorded_at_an_earlier_visit(tmp_path: Any) -> None:
    """A "not met" at visit 1 beside ALS at visit 3 must say why: the cause recorded then."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    history = json.loads(Path("examples/history-limb-onset.json").read_text())
    history["visits"][0]["other_causes_excluded"] = False
    history["visits"][0]["alternative_diagnosis"] = "C5-C6 cervical myelopathy on MRI"
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history))
    said = subprocess.run(
        [sys.executable, "-m", "alscriteria", "timeline", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    ).stdout
    [line] = [line for line in said.splitlines() if "Visit 1: No criteria set" in line]
    assert "the other cause recorded (C5-C6 cervical myelopathy on MRI) is set aside" in line
    assert "Visit 2: No criteria set" not in said and "Visit 3: No criteria set" not in said
    page = tmp_path / "history.html"
    subprocess.run(
        [sys.executable, "-m", "alscriteria", "report", str(path), "-o", str(page)],
        check=True,
        capture_output=True,
    )
    html = page.read_text()
    assert "Prerequisites not met" in html
    assert "(C5-C6 cervical myelopathy on MRI) is set aside" in html
