"""Session 12 (brief C): a history's next visit and its timeline wording.

- under anticoagulation at the last visit, the tongue normal then is not listed to sample
  first (masseter or a facial muscle first: A.4 airway_alternative, S44);
- a static course whose findings contradict "progression: no" asks to confirm the record
  before the 6-month wait (A.5);
- the timeline's "as at the visit before" only where the whole sentence is the same;
- the six-month displays left (the Mo column without onset, the course tables) on the side
  of A.5's six months the calendar decides;
- the King's fall blames the recorded regions where this visit's form agrees, and credits
  no finding to the unread Balendra 2014 (S145);
- the page's ALSFRS-R chart is not squeezed beside the function table, and its labels do
  not run over each other.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.case.dates import at_least_months_apart
from alscriteria.function.record import ITEMS
from alscriteria.history import evaluate_history
from alscriteria.report import history_report
from alscriteria.report.templating import stylesheet
from alscriteria.report.trajectory import draw_trajectory, label_span
from alscriteria.wording import next_visit as wording_next
from alscriteria.wording.progression import interval_figure
from alscriteria.wording.staging import KINGS_FELL
from cli_helpers import run_in_process

ROOT = Path(__file__).resolve().parents[1]

NORMAL: dict[str, Any] = {"bulbar": {}, "cervical": {}, "thoracic": {}, "lumbosacral": {}}
DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
LIMBS = {
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"umn_signs": ["babinski"]},
}


def visit(day: str, regions: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "date": day,
        "other_causes_excluded": True,
        "motor_symptoms": True,
        "regions": {**NORMAL, **(regions or {})},
        **fields,
    }


def tongue_history(anticoagulated: bool) -> dict[str, Any]:
    """The reviewer's c1.json in small: the tongue normal at visit 1, anticoagulation
    recorded at the last visit (or not)."""
    emg = [
        {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        {"muscle": "biceps_brachii", "side": "right", **DENERVATED},
        {"muscle": "genioglossus", "side": "right"},
        {"muscle": "tibialis_anterior", "side": "right"},
    ]
    last: dict[str, Any] = {"contraindications": {"anticoagulated": True}} if anticoagulated else {}
    return {
        "onset": "2024-01-01",
        "visits": [
            visit("2024-03-01", LIMBS, emg=emg, progression=True),
            visit("2024-06-01", LIMBS, progression=True, **last),
        ],
    }


def _bulbar(history: dict[str, Any]) -> Any:
    plan = evaluate_history(history).next_visit
    assert plan is not None
    [bulbar] = [r for r in plan.regions if r.region.value == "bulbar"]
    return bulbar


def test_the_tongue_is_not_sampled_first_under_anticoagulation() -> None:
    bulbar = _bulbar(tongue_history(anticoagulated=True))
    assert bulbar.due_from is not None  # the region is due: the row lists its muscles
    assert bulbar.spared == []
    assert [(s.muscle, s.side, s.caution) for s in bulbar.later_sites] == [
        ("genioglossus", "right", "airway_haematoma")
    ]
    [said] = bulbar.later
    assert "masseter or a facial muscle first" in said and "(S44)" in said
    # without anticoagulation the tongue normal then is the muscle to sample first
    plain = _bulbar(tongue_history(anticoagulated=False))
    assert plain.spared == ["genioglossus (right)"] and plain.later_sites == []


def test_the_timeline_and_the_page_put_the_tongue_on_a_line_of_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = tongue_history(anticoagulated=True)
    path = tmp_path / "c1.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    code, out, _ = run_in_process(capsys, "timeline", str(path), width=80)
    assert code == 0
    flat = " ".join(out.split())
    assert "sample first (normal then): Genioglossus" not in flat
    assert "normal then, not to be sampled first: Genioglossus (tongue) (right): the" in flat
    page = history_report(history, evaluate_history(history))
    assert (
        '<th scope="row">Bulbar</th><td>visit 1 (2024-03-01)</td><td>2024-06-01 to 2024-09-01'
        "</td><td><strong>Not to be sampled first:</strong> Genioglossus (tongue) (right): the "
        "patient is anticoagulated"
    ) in page


# --- a static course the findings contradict (finding 3) -----------------------------------

FIRST = {"cervical": {"umn_signs": ["hoffmann"]}}
SPREAD = {
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
}


def static_history(later: dict[str, Any]) -> dict[str, Any]:
    return {
        "visits": [
            visit("2024-08-31", FIRST, emg=[{"muscle": "tibialis_anterior", "side": "left"}]),
            visit("2025-03-31", later, progression=False),
        ]
    }


def test_a_static_course_the_findings_contradict_asks_to_confirm_the_record_first() -> None:
    result = evaluate_history(static_history(SPREAD))
    assert result.visits[-1].progression.value is False  # the file wins: no category changes
    plan = result.next_visit
    assert plan is not None and plan.values["static"] is True
    assert plan.contradicted is not None and plan.contradicted.earlier_visit == 1
    assert plan.text.startswith(
        "The findings since visit 1 (2024-08-31) contradict 'progression: no' at the last "
        "visit (cervical: LMN involvement where there was none"
    )
    assert "confirm the record before planning a 6-month wait" in plan.text
    assert "If the 'no' is confirmed, re-examine in about 6 months" in plan.text
    assert "Progression is recorded as absent" not in plan.text
    assert "A.5" in plan.source


def test_a_static_course_the_findings_agree_with_keeps_its_6_month_wait() -> None:
    plan = evaluate_history(static_history(FIRST)).next_visit
    assert plan is not None and plan.contradicted is None
    assert plan.text.startswith("Progression is recorded as absent at the last visit")


# --- the timeline's "as at the visit before" only for the whole sentence (finding 7) ------


def _section(out: str, head: str, end: str) -> str:
    flat = " ".join(out.replace("│", " ").replace("├──", " ").replace("└──", " ").split())
    return flat.split(head, 1)[1].split(end, 1)[0]


def test_as_at_the_visit_before_never_hides_a_different_progression_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = ROOT / "examples" / "history-benign-fasciculations.json"
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    progression = _section(out, "Progression (criteria.md A.5", "Motor phenotype")
    # visit 2 says the reassuring comparison, not visit 1's "nothing to compare yet"
    assert (
        "Visit 2: Progression not documented: no region gained UMN or LMN involvement and "
        "none worsened between visits at least 6 months apart"
    ) in progression
    assert "Visit 3: as at the visit before." in progression  # the same sentence again


def test_as_at_the_visit_before_never_hides_a_different_phenotype_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    arms = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    emg = [
        {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        {"muscle": "deltoid", "side": "left", **DENERVATED},
        {"muscle": "tibialis_anterior", "side": "right"},
        {"muscle": "genioglossus", "side": "right"},
    ]
    history = {  # the reviewer's f1.json: flail arm at 4 months, and again at 13
        "onset": "2024-01-01",
        "visits": [
            visit("2024-05-01", arms, emg=emg, progression=True),
            visit("2025-02-01", arms, progression=True),
        ],
    }
    path = tmp_path / "f1.json"
    path.write_text(json.dumps(history), encoding="utf-8")
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    phenotype = _section(out, "Motor phenotype (criteria.md A.6", "First met")
    assert "as at the visit before" not in phenotype
    assert "Visit 1: Flail arm" in phenotype and "Visit 2: Flail arm" in phenotype
    assert "(not yet reached: the phenotype is provisional)" in phenotype
    assert "whether the other regions were spared functionally for 12 months" in phenotype


# --- the remaining six-month displays on the decision's side (finding 8) -----------------


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
@settings(max_examples=300, deadline=None)
def test_a_table_figure_is_on_the_side_of_six_months_the_calendar_decides(
    earlier: date, days: int
) -> None:
    later = earlier + timedelta(days=days)
    figure = interval_figure(earlier, later, 6)
    decides = at_least_months_apart(earlier, later, 6)
    if "cal mo" in figure:
        assert int(figure.split()[0]) >= 6 if decides else int(figure.split()[0]) < 6
    else:
        assert (float(figure) >= 6) == decides


def test_the_mo_column_without_onset_and_the_course_tables_say_calendar_months(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    too_soon = {"visits": [visit("2024-03-01", FIRST), visit("2024-08-31", SPREAD)]}
    path = tmp_path / "int-183.json"
    path.write_text(json.dumps(too_soon), encoding="utf-8")
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    assert "2024-08-31   5 cal mo 30 d" in out and "6.0" not in out
    assert "cal mo: calendar months (and days), as A.5 counts" in " ".join(out.split())
    documented = {
        "onset": "2024-01-10",
        "visits": [visit("2024-08-31", FIRST), visit("2025-02-28", SPREAD)],
    }
    path.write_text(json.dumps(documented), encoding="utf-8")
    code, out, _ = run_in_process(capsys, "timeline", str(path), "--no-plan", width=80)
    assert code == 0
    result = evaluate_history(documented, plan=False)
    assert result.course["gold-coast"].first_met_visit == 2  # documented at 6 calendar months
    assert "6 cal mo" in out and "5.9 mo" not in out
    page = history_report(documented, result)
    assert "<td>6 calendar months (181 days)</td>" in page and "5.9 months" not in page


# --- the King's fall blames the recorded regions where this visit's form agrees (10) ------

FORM = {item: 4 for item in ITEMS}
ARM_AND_LEG = {**FORM, "handwriting": 3, "cutting_food": 3, "dressing_hygiene": 3, "walking": 3}


def kings_history(third_walking: int) -> dict[str, Any]:
    """The reviewer's k2.json: visit 1's form shows arm and leg (2B, estimated); visit 2
    records the arm alone as functionally involved; visit 3's form shows the leg again
    (walking 3) or not (walking 4)."""
    return {
        "onset": "2023-06-01",
        "visits": [
            visit("2024-01-10", alsfrs_r=ARM_AND_LEG),
            visit(
                "2024-04-10",
                alsfrs_r={**ARM_AND_LEG, "walking": 4},
                functional_involvement=["upper_limb"],
            ),
            visit("2024-07-10", alsfrs_r={**ARM_AND_LEG, "walking": third_walking}),
        ],
    }


def test_a_fall_where_this_visits_form_agrees_blames_the_recorded_regions() -> None:
    third = evaluate_history(kings_history(third_walking=3), plan=False).visits[2]
    assert third.kings_stage == "1"  # the milestones' regions win over the form: unchanged
    assert third.staging is not None
    fell = third.staging.kings_fell
    assert fell is not None and fell.kings_source == "milestones"
    assert (fell.form_stage, fell.cause) == ("2B", "recorded_regions")
    assert (
        "but this visit's form agrees with visit 1's (2B): the recorded regions (functional "
        "involvement), which the stage from the milestones reads and which win over the form, "
        "may be out of date"
    ) in fell.text
    assert "check that form's items" not in fell.text
    # visit 2's own form shows the arm alone (1): there visit 1's form is what to check
    second = evaluate_history(kings_history(third_walking=3), plan=False).visits[1]
    assert second.staging is not None and second.staging.kings_fell is not None
    assert second.staging.kings_fell.cause == "estimate"
    assert "check that form's items" in second.staging.kings_fell.text


def test_an_estimate_that_can_fall_is_not_credited_to_the_unread_paper() -> None:
    result = evaluate_history(kings_history(third_walking=4), plan=False)
    for v in result.visits:
        fell = v.staging.kings_fell if v.staging is not None else None
        if fell is not None:
            assert "an estimate read from the items can" in fell.text
            assert "Balendra 2014" not in fell.text
    assert all(s not in " ".join(KINGS_FELL.values()) for s in ("Balendra 2014", "S145"))


# --- the page's ALSFRS-R chart is never squeezed beside the function table (12b) ----------


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r" \{([^}]*)\}", css)
    assert match is not None, selector
    return match.group(1)


def test_the_chart_goes_under_the_function_table_where_both_do_not_fit() -> None:
    """The table kept a fixed 54% while its unwrapped cells were wider, and the chart beside
    it shrank to a sliver (the reviewer's flail-w.png): the row now wraps, the chart never
    shrinks below 70 mm, and the table's visit, ΔFS and King's cells wrap at their spaces
    (never inside a date) to leave it room on a printed sheet."""
    css = stylesheet()
    assert "flex-wrap: wrap" in _rule(css, ".function-body")
    assert "flex: 0 0 70mm" in _rule(css, ".function-body .trajectory-figure")
    assert "%" not in _rule(css, ".function-body .function-table")
    assert "white-space: nowrap" in _rule(css, ".function-table .unbroken")
    page = history_report(kings_history(third_walking=3), evaluate_history(kings_history(3)))
    assert '<th scope="row">1 <span class="unbroken">(2024-01-10)</span></th>' in page


def test_the_labels_of_visits_a_few_months_apart_do_not_run_over_each_other() -> None:
    """k2.json: three forms three months apart; each label ("44 (K 2B · M 0)") is wider
    than the gap, so the middle one goes below its point."""
    trajectory = draw_trajectory(evaluate_history(kings_history(third_walking=3), plan=False))
    assert trajectory is not None
    marks = trajectory.marks
    assert [m.label_dy for m in marks] == [-9.0, 22.0, -9.0]
    for row in {m.label_dy for m in marks}:
        spans = sorted(label_span(m) for m in marks if m.label_dy == row)
        assert all(a[1] < b[0] for a, b in pairwise(spans))
    page = history_report(kings_history(third_walking=3), evaluate_history(kings_history(3)))
    assert '<text x="6" y="22" class="point-label">45 (K 1 · M 0)</text>' in page


def test_a_contradicted_record_and_a_mimic_work_up_are_both_said() -> None:
    """The saying words a next visit's JSON: where the last visit's plans also lead with a
    treatable-mimic work-up, the work-up comes first and the contradiction still follows."""
    plan = evaluate_history(static_history(SPREAD)).next_visit
    assert plan is not None
    fields = plan.model_dump(mode="json")
    fields["reason"] = "repeat_emg"
    fields["values"] = {**fields["values"], "static": False, "mimic_workup": True}
    said = wording_next.say_next_visit(fields)
    assert said["text"].startswith(wording_next.MIMIC_FIRST + " The findings since visit 1")
    assert said["source"].endswith(
        f"{wording_next.CONTRADICTED_SOURCE}; {wording_next.MIMIC_SOURCE}"
    )
