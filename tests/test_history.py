"""Patient histories (criteria.md A.5): progression derived from the findings of dated visits,
each criteria set's course, the next visit, and the `timeline` command.

The hand-worked histories below say in their comments what a clinician reading A.5 would
conclude; the engine must conclude the same.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import InvalidCaseError, evaluate_all, evaluate_history, history_schema, parse_case
from alscriteria.assess.plan.timing import REPEAT_TIMINGS
from alscriteria.case.dates import add_months, at_least_months_apart
from alscriteria.history import InvalidHistoryError, history_result_schema, parse_history
from alscriteria.history.result import HistoryResult
from cli_helpers import run_in_process
from strategies import any_cases, examples
from strategies.histories import rewritten_limb_findings, visit_lists

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ALL_REGIONS_NORMAL: dict[str, Any] = {
    "bulbar": {},
    "cervical": {},
    "thoracic": {},
    "lumbosacral": {},
}


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"history-{name}.json").read_text("utf-8"))
    return data


def visit(day: str, regions: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A visit that examined every region (normal unless `regions` says otherwise)."""
    found = {**ALL_REGIONS_NORMAL, **(regions or {})}
    return {"date": day, "other_causes_excluded": True, "regions": found, **fields}


def study(muscle: str, side: str = "right", **findings: bool) -> dict[str, Any]:
    return {"muscle": muscle, "side": side, **findings}


DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def history(*visits: dict[str, Any], **fields: Any) -> HistoryResult:
    return evaluate_history({"visits": list(visits), **fields}, plan=False)


def categories(result: HistoryResult) -> list[tuple[str, ...]]:
    return [tuple(a.category.value for a in v.results.values()) for v in result.visits]


# --- calendar months ----------------------------------------------------------------------


def test_months_are_calendar_months_clamped_to_the_month_end() -> None:
    assert add_months(date(2024, 1, 15), 6) == date(2024, 7, 15)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert at_least_months_apart(date(2024, 8, 31), date(2025, 2, 28), 6)
    assert not at_least_months_apart(date(2024, 8, 31), date(2025, 2, 27), 6)


# --- derived progression: hand-worked histories --------------------------------------------


def test_umn_signs_in_a_region_that_had_none_document_progression() -> None:
    # Cervical weakness and wasting; at 6 months a Babinski sign in the legs, which were
    # examined and normal at visit 1: UMN spread, so progression is documented at visit 2.
    # LMN (cervical) rostral to UMN (lumbosacral) is Possible for El Escorial and Awaji
    # (A.3.1.4); UMN in one region and LMN in one other meets Gold Coast neither way (A.3.3).
    result = history(
        visit("2024-01-10", {"cervical": {"lmn_signs": ["weakness", "wasting"]}}),
        visit(
            "2024-07-10",
            {
                "cervical": {"lmn_signs": ["weakness", "wasting"]},
                "lumbosacral": {"umn_signs": ["babinski"]},
            },
        ),
    )
    first, second = result.visits
    assert (first.progression.value, first.progression.source) == (None, "not_documented")
    basis = second.progression
    assert (basis.value, basis.source, basis.in_file) == (True, "findings", None)
    assert basis.documented_by is not None
    assert (basis.documented_by.earlier_visit, basis.documented_by.later_visit) == (1, 2)
    [change] = basis.documented_by.changes
    assert (change.region.value, change.kind, change.after) == (
        "lumbosacral",
        "umn_new_region",
        ["babinski"],
    )
    assert "visit 1 (2024-01-10) to visit 2 (2024-07-10)" in basis.text
    assert "lumbosacral: UMN signs where there were none" in basis.text
    assert second.results["revised-el-escorial"].prerequisites.progression is True
    assert categories(result)[1] == ("possible", "possible", "not-met")


def test_weakness_becoming_weakness_and_wasting_is_worse_lmn_findings() -> None:
    result = history(
        visit("2024-01-10", {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}),
        visit(
            "2024-07-10",
            {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]}},
        ),
    )
    basis = result.visits[1].progression
    assert basis.source == "findings"
    assert basis.documented_by is not None
    [change] = basis.documented_by.changes
    assert (change.kind, change.before, change.after) == (
        "lmn_worse",
        ["weakness"],
        ["wasting", "weakness"],
    )
    # UMN and LMN together in one region: Possible (A.3.1.4), Gold Coast met (A.3.3)
    assert categories(result) == [("not-met",) * 3, ("possible", "possible", "als")]


def test_a_muscle_sampled_normal_that_now_shows_denervation_is_worse() -> None:
    normal = [study("first_dorsal_interosseous"), study("biceps_brachii")]
    abnormal = [study("first_dorsal_interosseous", **DENERVATED), study("biceps_brachii")]
    result = history(
        visit("2024-01-10", {"cervical": {"lmn_signs": ["weakness"]}}, emg=normal),
        visit("2024-07-10", {"cervical": {"lmn_signs": ["weakness"]}}, emg=abnormal),
    )
    basis = result.visits[1].progression
    assert basis.documented_by is not None
    [change] = basis.documented_by.changes
    assert change.kind == "lmn_worse"
    assert change.muscles == ["first_dorsal_interosseous (right)"]


def test_a_region_with_nothing_before_gains_lmn_involvement_by_emg() -> None:
    before = [study("tibialis_anterior"), study("medial_gastrocnemius")]
    after = [study("tibialis_anterior", **DENERVATED), study("medial_gastrocnemius", **DENERVATED)]
    result = history(
        visit("2024-01-10", emg=before),
        visit("2024-07-10", emg=after),
    )
    basis = result.visits[1].progression
    assert basis.documented_by is not None
    [change] = basis.documented_by.changes
    assert (change.region.value, change.kind) == ("lumbosacral", "lmn_new_region")
    assert change.muscles == ["medial_gastrocnemius (right)", "tibialis_anterior (right)"]


def test_visits_closer_than_six_months_are_not_compared() -> None:
    # The change appears at 5 months; only the visit 6 months after visit 1 documents it,
    # by comparing visit 1 with visit 3 (the finding persists).
    weak = {"cervical": {"lmn_signs": ["weakness"]}}
    weaker = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    result = history(
        visit("2024-01-10", weak),
        visit("2024-06-10", weaker),
        visit("2024-07-10", weaker),
    )
    sources = [v.progression.source for v in result.visits]
    assert sources == ["not_documented", "not_documented", "findings"]
    doc = result.visits[2].progression.documented_by
    assert doc is not None
    assert (doc.earlier_visit, doc.later_visit, doc.days_apart) == (1, 3, 182)


def test_one_day_short_of_six_calendar_months_documents_nothing() -> None:
    weak = {"cervical": {"lmn_signs": ["weakness"]}}
    weaker = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    short = history(visit("2024-08-31", weak), visit("2025-02-27", weaker))
    enough = history(visit("2024-08-31", weak), visit("2025-02-28", weaker))
    assert short.visits[1].progression.value is None
    assert enough.visits[1].progression.value is True


def test_spreading_fasciculations_document_nothing() -> None:
    # A.2: fasciculations alone are not an LMN sign; fasciculation potentials without
    # chronic change do not qualify a muscle. Twitching that spreads is not progression.
    result = history(
        visit(
            "2024-01-10",
            {"lumbosacral": {"lmn_signs": ["fasciculations"]}},
            emg=[study("medial_gastrocnemius")],
        ),
        visit(
            "2024-09-10",
            {
                "cervical": {"lmn_signs": ["fasciculations"]},
                "lumbosacral": {"lmn_signs": ["fasciculations"]},
            },
            emg=[study("medial_gastrocnemius", fasciculation_potentials=True)],
        ),
    )
    assert [v.progression.value for v in result.visits] == [None, None]
    assert categories(result) == [("not-met",) * 3] * 2


def test_only_findings_recorded_at_both_visits_are_compared() -> None:
    # Visit 1 did not examine the legs or needle the biceps: a Babinski sign and an abnormal
    # biceps at visit 2 may have been there all along.
    result = history(
        {"date": "2024-01-10", "regions": {"cervical": {}}, "emg": [study("deltoid")]},
        {
            "date": "2024-08-10",
            "regions": {"cervical": {}, "lumbosacral": {"umn_signs": ["babinski"]}},
            "emg": [study("deltoid"), study("biceps_brachii", **DENERVATED)],
        },
    )
    assert result.visits[1].progression.source == "not_documented"


def test_findings_that_disappear_are_not_progression() -> None:
    result = history(
        visit("2024-01-10", {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}),
        visit("2024-09-10"),
    )
    assert result.visits[1].progression.value is None


def test_documented_progression_stays_documented_at_later_visits() -> None:
    weak = {"cervical": {"lmn_signs": ["weakness"]}}
    weaker = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    result = history(
        visit("2024-01-10", weak), visit("2024-07-10", weaker), visit("2024-08-10", weaker)
    )
    third = result.visits[2].progression
    assert (third.value, third.source) == (True, "findings")
    assert third.documented_by is not None and third.documented_by.later_visit == 2


# --- a value in the file wins, and says so --------------------------------------------------


def test_explicit_progression_wins_over_the_findings_and_is_traced() -> None:
    weak = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
    weaker = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]}}
    result = history(visit("2024-01-10", weak), visit("2024-07-10", weaker, progression=False))
    basis = result.visits[1].progression
    assert (basis.value, basis.source, basis.in_file, basis.from_findings) == (
        False,
        "file",
        False,
        True,
    )
    assert basis.documented_by is not None  # what the findings would have said, kept
    assert "given in the file: no (the file wins)" in basis.text
    assert "visit 1 (2024-01-10) to visit 2 (2024-07-10)" in basis.text
    for a in result.visits[1].results.values():
        assert a.prerequisites.progression is False
        assert a.category.value == "not-met"


def test_explicit_true_wins_and_stays_true_at_later_visits() -> None:
    same = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
    result = history(
        visit("2024-01-10", same, progression="yes"),
        visit("2024-02-10", same),
        visit("2024-03-10", same, progression=None),
    )
    first, second, third = (v.progression for v in result.visits)
    assert (first.value, first.source, first.from_findings) == (True, "file", False)
    assert "the findings alone do not document it" in first.text
    assert (second.value, second.source, second.from_visit) == (True, "earlier_visit", 1)
    assert (third.value, third.source) == (True, "earlier_visit")
    assert "given as yes at visit 1" in third.text
    # weakness without wasting is not Gold Coast clinical LMN (A.2)
    assert categories(result) == [("possible", "possible", "not-met")] * 3


# --- one visit, later visits ----------------------------------------------------------------


def _without_id(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k != "id"}


@settings(max_examples=examples(60))
@given(case=any_cases, plan=st.booleans())
def test_a_history_of_one_visit_is_evaluate_all_of_that_visit(
    case: dict[str, Any], plan: bool
) -> None:
    result = evaluate_history(
        {"id": "P1", "visits": [{"date": "2024-03-01", **_without_id(case)}]}, plan=plan
    )
    expected = evaluate_all({**_without_id(case), "id": "P1"}, plan=plan)
    [only] = result.visits
    assert only.results == expected
    assert only.progression.value == expected["awaji"].prerequisites.progression


@settings(max_examples=examples(40))
@given(visits=visit_lists())
def test_adding_a_later_visit_never_changes_earlier_assessments(
    visits: list[dict[str, Any]],
) -> None:
    shorter = evaluate_history({"id": "P", "visits": visits[:-1]}, plan=False)
    longer = evaluate_history({"id": "P", "visits": visits}, plan=False)
    for before, after in zip(shorter.visits, longer.visits[:-1], strict=False):
        assert before.model_dump(mode="json") == after.model_dump(mode="json")


@settings(max_examples=examples(40))
@given(visits=visit_lists())
def test_unset_progression_is_never_derived_false_and_file_values_always_win(
    visits: list[dict[str, Any]],
) -> None:
    result = evaluate_history({"visits": visits}, plan=False)
    for given_visit, v in zip(visits, result.visits, strict=True):
        basis = v.progression
        if basis.in_file is not None:
            assert basis.value is basis.in_file and basis.source == "file"
        else:
            assert basis.value in (True, None)
        assert basis.documented_by is None or basis.documented_by.days_apart >= 181
        used = {a.prerequisites.progression for a in v.results.values()}
        assert used == {basis.value}
        assert given_visit["date"] == v.date.isoformat()


# --- the examples ----------------------------------------------------------------------------


def test_limb_onset_meets_awaji_and_gold_coast_at_visit_2_and_el_escorial_at_visit_3() -> None:
    result = evaluate_history(example("limb-onset"))
    assert categories(result) == [
        ("not-met", "not-met", "not-met"),
        ("not-met", "possible", "als"),
        ("possible", "possible", "als"),
    ]
    first_met = {cid: c.first_met_visit for cid, c in result.course.items()}
    assert first_met == {"revised-el-escorial": 3, "awaji": 2, "gold-coast": 2}
    # the first EMG was normal
    assert all(m["muscle"] for m in example("limb-onset")["visits"][0]["emg"])
    assert not any(r.emg_lmn for r in result.visits[0].results["awaji"].regions), (
        "visit 1's EMG must be normal"
    )
    gold = result.course["gold-coast"]
    assert (gold.days_from_first_visit, gold.days_from_onset) == (182, 287)
    assert result.next_visit is not None and result.next_visit.reason == "repeat_emg"
    never = [r.value for r in result.next_visit.never_sampled]
    assert never == ["bulbar", "thoracic"]
    legs = next(r for r in result.next_visit.regions if r.region.value == "lumbosacral")
    assert (legs.due_from, legs.due_by) == (date(2024, 10, 15), date(2025, 1, 15))
    assert legs.spared == ["tibialis_anterior (right)"]


def test_benign_fasciculations_never_meet_and_are_never_offered_a_workup() -> None:
    result = evaluate_history(example("benign-fasciculations"))
    assert len(result.visits) == 3
    for v in result.visits:
        for a in v.results.values():
            assert (a.category.value, a.pattern_category.value) == ("not-met", "not-met")
            assert a.plan is not None
            assert a.plan.reason == "fasciculations_only"
            assert not a.plan.upgrades and not a.plan.muscles
        assert v.progression.value is None
    assert all(c.first_met_visit is None for c in result.course.values())
    assert result.next_visit is not None
    assert result.next_visit.reason == "no_repeat_emg"
    assert all(r.due_from is None for r in result.next_visit.regions)


def test_pure_lmn_course_meets_gold_coast_only() -> None:
    result = evaluate_history(example("pure-lmn"))
    first_met = {cid: c.first_met_visit for cid, c in result.course.items()}
    assert first_met == {"revised-el-escorial": None, "awaji": None, "gold-coast": 2}
    assert all(
        not a.regions[i].umn for v in result.visits for a in v.results.values() for i in range(4)
    )


# --- bad histories ----------------------------------------------------------------------------


def problems_of(data: Any) -> list[str]:
    with pytest.raises(InvalidHistoryError) as caught:
        parse_history(data)
    return caught.value.problems


def test_visits_out_of_date_order_are_an_error_that_names_them() -> None:
    problems = problems_of(
        {"visits": [visit("2024-05-01"), visit("2024-03-01"), visit("2024-03-01")]}
    )
    assert problems == [
        "visits[1] (2024-03-01) is dated before visits[0] (2024-05-01): list the visits in "
        "date order, earliest first",
        "visits[2] and visits[1] are both dated 2024-03-01: one examination is one visit "
        "(merge their findings)",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"visits": []}, "visits: a history needs at least one visit"),
        ({}, "visits: required field is missing"),
        ({"visits": [{"regions": {}}]}, "visits[0].date: required field is missing"),
        ({"visits": [visit("2024-13-01")]}, "visits[0].date: '2024-13-01' is not a calendar"),
        ({"visits": [visit("15/01/2024")]}, "visits[0].date: '15/01/2024' is not a date"),
        ({"visits": [visit("2024-01-01")], "onset": "2024-02-01"}, "onset (2024-02-01) is after"),
        (
            {"visits": [visit("2024-01-01")], "onsets": "x"},
            "history: unknown key 'onsets' (did you mean 'onset'?)",
        ),
        (
            {"visits": [visit("2024-01-01", {"cervical": {"umn_signs": ["babinsky"]}})]},
            "visits[0].regions.cervical.umn_signs[0]: 'babinsky' is not a UMN sign",
        ),
        (
            {"visits": [visit("2024-01-01", {"bulbar": {"umn_signs": ["babinski"]}})]},
            "visits[0].regions.bulbar.umn_signs[0]: 'babinski' is not a UMN sign of the bulbar",
        ),
        ({"visits": [visit("2024-01-01", id="B")], "id": "A"}, "visits[0].id: 'B' is not"),
        ({"visits": ["x"]}, "visits[0]: expected a JSON object"),
        ("x", "history: expected a JSON object"),
    ],
)
def test_bad_histories_name_the_field(data: Any, expected: str) -> None:
    assert any(p.startswith(expected) for p in problems_of(data)), problems_of(data)


def test_a_visit_may_repeat_the_history_id() -> None:
    parsed = parse_history({"id": "A", "visits": [visit("2024-01-01", id="A")]})
    assert parsed.visits[0].case.id == "A"


# --- schemas ----------------------------------------------------------------------------------


def test_history_schema_describes_the_examples() -> None:
    schema = history_schema()
    visit_schema = schema["$defs"]["Visit"]
    assert visit_schema["required"][0] == "date"
    function = {"alsfrs_r", "gastrostomy", "niv", "diagnosis_date", "functional_involvement"}
    case = set(alscriteria.case_schema()["properties"])
    assert set(visit_schema["properties"]) == {"date", *case, *function}
    for name in ("limb-onset", "benign-fasciculations", "pure-lmn"):
        data = example(name)
        assert set(data) <= set(schema["properties"])
        for v in data["visits"]:
            assert set(v) <= set(visit_schema["properties"])
    # every reference resolves inside the document
    text = json.dumps(schema)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}:
        assert ref in schema["$defs"]


def test_history_result_schema_names_the_result_fields() -> None:
    schema = history_result_schema()
    assert {"visits", "course", "next_visit", "minimum_months"} <= set(schema["properties"])
    dumped = evaluate_history(example("limb-onset")).model_dump(mode="json")
    assert set(dumped) == set(schema["properties"])


def test_result_json_round_trips() -> None:
    result = evaluate_history(example("limb-onset"))
    again = HistoryResult.model_validate_json(result.model_dump_json())
    assert again.model_dump(mode="json") == result.model_dump(mode="json")


# --- alscriteria timeline ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=80)


@pytest.mark.parametrize("name", ["limb-onset", "benign-fasciculations", "pure-lmn"])
def test_timeline_reads_at_80_columns(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "timeline", str(EXAMPLES / f"history-{name}.json"), "--regions")
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out  # nothing cut
    assert out.count("Evidence by region") == 3


def test_timeline_table_shows_each_visit_and_the_rise(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", str(EXAMPLES / "history-limb-onset.json"))
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line.strip()[:1] in ("1", "2", "3")]
    assert rows[0][:2] == ["1", "2024-01-15"]
    assert "▲ possible" in out and "▲ ALS" in out
    flat = " ".join(out.replace("│", " ").split())
    assert "Visit 2: Progression documented by the findings: visit 1 (2024-01-15) to" in flat
    assert "never sampled: bulbar, thoracic" in out
    assert "UMN and LMN signs in the limbs" in flat  # the red flag is not hidden


def test_timeline_json_is_evaluate_history(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "history-pure-lmn.json"
    code, out, _ = run(capsys, "timeline", str(path), "--json")
    assert code == 0
    assert json.loads(out) == evaluate_history(example("pure-lmn")).model_dump(mode="json")


def test_timeline_out_of_order_exits_2_naming_the_visits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = example("limb-onset")
    data["visits"][1], data["visits"][2] = data["visits"][2], data["visits"][1]
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "timeline", str(path))
    assert code == 2
    assert "visits[2] (2024-07-15) is dated before visits[1] (2024-10-14)" in err
    assert "Traceback" not in err and out == ""


def test_timeline_refuses_a_case_file_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "timeline", str(EXAMPLES / "definite.json"))
    assert code == 2
    assert "this is one case, not a history" in err and "alscriteria evaluate FILE" in err
    assert "unknown key" not in err


def test_next_visit_repeats_the_cervical_region_el_escorial_still_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Awaji and Gold Coast see the cervical region EMG-positive (biceps has fasciculation
    # potentials with chronic change); El Escorial does not count those (A.2), so a repeat
    # there can still change its category: the region gets a window, spared muscles first.
    result = evaluate_history(example("limb-onset"))
    assert result.next_visit is not None
    arm = next(r for r in result.next_visit.regions if r.region.value == "cervical")
    assert (arm.emg_positive, arm.due_from, arm.spared) == (
        False,
        date(2024, 10, 15),
        ["abductor_pollicis_brevis (right)"],
    )
    lmn = evaluate_history(example("pure-lmn")).next_visit
    assert lmn is not None
    assert all(r.emg_positive and r.due_from is None for r in lmn.regions)
    assert [r.value for r in lmn.never_sampled] == ["bulbar"]


def test_timeline_one_criteria_set_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    text = (EXAMPLES / "history-limb-onset.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    code, out, err = run(capsys, "timeline", "-", "--criteria", "awaji", "--no-plan")
    assert code == 0, err
    header = next(line for line in out.splitlines() if "Progression" in line and "#" in line)
    assert "Awaji" in header and "rEEC" not in header and "Gold Coast" not in header
    assert "Next visit" not in out


def test_carried_emg_past_a_case_size_limit_is_refused_naming_the_visit() -> None:
    first = visit("2024-01-10", emg=[study("first_dorsal_interosseous")] * 300)
    second = visit("2024-07-10", emg=[study("biceps_brachii")] * 300)
    with pytest.raises(InvalidHistoryError) as caught:
        evaluate_history({"visits": [first, second]})
    [problem] = caught.value.problems
    assert problem.startswith("visits[1]: with the EMG of earlier visits")
    assert "600 needle studies; a case holds at most 500" in problem


# --- registry forms, carried studies and the next visit's safety ------------------------------


def progression_source(result: HistoryResult) -> list[str]:
    return [v.progression.source for v in result.visits]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the same signs, given for one arm and then for the whole region
        (
            {"left": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]}},
            {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        ),
        (
            {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]},
            {"right": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
        ),
        # a yes flag, and then the signs named: what the flag stood for is not known
        ({"lmn": "yes"}, {"lmn_signs": ["weakness"]}),
        ({"lmn": "yes"}, {"lmn_signs": ["weakness", "wasting"]}),
        ({"umn": "yes"}, {"umn_signs": ["hyperreflexia"]}),
        (
            {"left": {"umn": "yes", "lmn": "yes"}},
            {"umn_signs": ["hoffmann"], "lmn_signs": ["wasting"]},
        ),
    ],
)
def test_the_same_findings_in_another_form_document_nothing(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    result = history(
        visit("2024-01-15", {"cervical": before}), visit("2024-07-15", {"cervical": after})
    )
    assert progression_source(result) == ["not_documented", "not_documented"]


def test_spread_written_per_limb_documents_progression() -> None:
    # left arm weakness, then weakness and wasting there and a Hoffmann sign on the right
    result = history(
        visit("2024-01-15", {"cervical": {"left": {"lmn_signs": ["weakness"]}}}),
        visit(
            "2024-07-15",
            {
                "cervical": {
                    "left": {"lmn_signs": ["weakness", "wasting"]},
                    "right": {"umn_signs": ["hoffmann"]},
                }
            },
        ),
    )
    basis = result.visits[1].progression
    assert basis.source == "findings" and basis.documented_by is not None
    kinds = {(c.region.value, c.kind) for c in basis.documented_by.changes}
    assert kinds == {("cervical", "umn_new_region"), ("cervical", "lmn_worse")}


def test_an_lmn_flag_where_the_examination_found_nothing_is_spread() -> None:
    result = history(
        visit("2024-01-15", {"cervical": {"lmn_signs": ["weakness"]}}),
        visit(
            "2024-07-15", {"cervical": {"lmn_signs": ["weakness"]}, "lumbosacral": {"lmn": "yes"}}
        ),
    )
    basis = result.visits[1].progression
    assert basis.documented_by is not None
    [change] = basis.documented_by.changes
    assert (change.region.value, change.kind) == ("lumbosacral", "lmn_new_region")
    assert "flag; signs not named" in change.text
    # the flag travels as a code in the findings; the sentence says it in words
    assert change.after == ["lmn_flag"]
    assert change.text == (
        "lumbosacral: LMN involvement where there was none "
        "(weakness or wasting (flag; signs not named))"
    )


def test_a_study_carried_from_a_visit_too_close_documents_nothing() -> None:
    # normal at visit 1, denervated at visit 2 a month later, visit 3 six months after visit 1
    # without EMG: the two studies compared are one month apart
    normal = [study("first_dorsal_interosseous"), study("biceps_brachii")]
    worse = [
        study("first_dorsal_interosseous", **DENERVATED),
        study("biceps_brachii", **DENERVATED),
    ]
    result = history(
        visit("2024-01-15", {"cervical": {"umn_signs": ["hoffmann"]}}, emg=normal),
        visit("2024-02-15", {"cervical": {"umn_signs": ["hoffmann"]}}, emg=worse),
        visit("2024-07-15", {"cervical": {"umn_signs": ["hoffmann"]}}),
    )
    assert progression_source(result) == ["not_documented"] * 3
    # re-needled at visit 3, six months after the normal study, the change counts
    again = history(
        visit("2024-01-15", {"cervical": {"umn_signs": ["hoffmann"]}}, emg=normal),
        visit("2024-07-15", {"cervical": {"umn_signs": ["hoffmann"]}}, emg=worse),
    )
    assert progression_source(again) == ["not_documented", "findings"]


def test_emg_summaries_are_carried_until_the_region_is_summarised_again() -> None:
    summary = {"lmn_evidence": "yes"}
    result = history(
        visit(
            "2024-01-15",
            {"cervical": {"umn_signs": ["hoffmann"], "emg": summary}},
            progression=True,
        ),
        visit("2024-04-15", {"cervical": {"umn_signs": ["hoffmann"]}}),
        visit(
            "2024-07-15", {"cervical": {"umn_signs": ["hoffmann"], "emg": {"lmn_evidence": "no"}}}
        ),
    )
    gold = [v.results["gold-coast"].category.value for v in result.visits]
    assert gold == ["als", "als", "not-met"]
    assert result.visits[1].emg_from_earlier_visits == ["cervical EMG summary (visit 1)"]
    assert result.visits[2].emg_from_earlier_visits == []
    # visit 2's Assessments are evaluate_all of the case as of visit 2
    as_of = {
        "other_causes_excluded": True,
        "progression": True,
        "regions": {**ALL_REGIONS_NORMAL, "cervical": {"umn_signs": ["hoffmann"], "emg": summary}},
    }
    assert result.visits[1].results["gold-coast"] == evaluate_all(as_of)["gold-coast"]


def test_a_summary_that_showed_involvement_is_not_new_involvement_later() -> None:
    result = history(
        visit(
            "2024-01-15", {"cervical": {"umn_signs": ["hoffmann"], "emg": {"lmn_evidence": "yes"}}}
        ),
        visit("2024-04-15", {"cervical": {"umn_signs": ["hoffmann"]}}),
        visit(
            "2024-10-15",
            {"cervical": {"umn_signs": ["hoffmann"]}},
            emg=[
                study("first_dorsal_interosseous", **DENERVATED),
                study("biceps_brachii", **DENERVATED),
            ],
        ),
    )
    assert progression_source(result) == ["not_documented"] * 3


def test_a_summary_is_compared_with_a_summary_not_with_other_muscles() -> None:
    # "no" then "yes" for the region: worse; a normal FDI then "yes": the summary may rest on
    # muscles visit 1 did not sample, abnormal all along
    before_no = {"cervical": {"umn_signs": ["hoffmann"], "emg": {"lmn_evidence": "no"}}}
    before_fdi = {"cervical": {"umn_signs": ["hoffmann"]}}
    after = {"cervical": {"umn_signs": ["hoffmann"], "emg": {"lmn_evidence": "yes"}}}
    worse = history(visit("2024-01-15", before_no), visit("2024-07-15", after))
    assert progression_source(worse) == ["not_documented", "findings"]
    other = history(
        visit("2024-01-15", before_fdi, emg=[study("first_dorsal_interosseous")]),
        visit("2024-07-15", after),
    )
    assert progression_source(other) == ["not_documented", "not_documented"]


def test_a_summary_of_one_limb_or_of_nothing_leaves_what_was_carried() -> None:
    signs = {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}
    right_yes = {"cervical": {**signs, "right": {"emg": {"lmn_evidence": "yes"}}}}
    for later in (
        {"cervical": {**signs, "emg": {}}},
        {"cervical": {**signs, "left": {"emg": {"lmn_evidence": "no"}}}},
    ):
        result = history(
            visit("2024-01-15", right_yes, progression=True), visit("2024-04-15", later)
        )
        gold = result.visits[1].results["gold-coast"]
        assert (gold.category.value, gold.undecided) == ("als", None), later


def plan_history(*visits: dict[str, Any]) -> HistoryResult:
    return evaluate_history({"visits": list(visits)}, plan=True)


def test_the_next_visit_never_puts_the_needle_where_the_last_visit_forbids() -> None:
    spared = [
        study(m)
        for m in (
            "biceps_brachii",
            "deltoid",
            "thoracic_paraspinals",
            "cervical_paraspinals",
            "tibialis_anterior",
            "iliopsoas",
            "rectus_abdominis",
            "intercostals",
        )
    ]
    findings = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
    limits = {
        "anticoagulated": True,
        "lymphedema": [{"region": "cervical", "side": "right"}],
        "skin_infection": [{"region": "lumbosacral", "side": "right"}],
        "chest_wall_concerns": True,
    }
    result = plan_history(
        visit(
            "2024-01-15",
            findings,
            emg=[study("first_dorsal_interosseous", **DENERVATED), *spared],
            motor_symptoms=True,
        ),
        visit("2024-04-15", findings, motor_symptoms=True, contraindications=limits),
    )
    plan = result.next_visit
    assert plan is not None and plan.reason == "repeat_emg"
    first = [m for r in plan.regions for m in r.spared]
    assert first == ["rectus_abdominis (right)"]
    withheld = {w.split(":")[0] for r in plan.regions for w in r.withheld}
    assert withheld == {
        f"{m} (right)"
        for m in (
            "biceps_brachii",
            "deltoid",
            "thoracic_paraspinals",
            "cervical_paraspinals",
            "tibialis_anterior",
            "iliopsoas",
            "intercostals",
        )
    }
    codes = {c.code for c in plan.cautions}
    assert {"anticoagulation", "avoid_limb", "chest_wall_avoided"} <= codes
    # the last visit's Assessments say the same of the muscles normal then, where they
    # advise a repeat study at all (A.4: no spared list beside no repeat)
    for a in result.visits[-1].results.values():
        assert a.plan is not None
        repeat = any(t.code in REPEAT_TIMINGS for t in a.plan.timing)
        assert a.plan.previously_spared == (["rectus_abdominis (right)"] if repeat else [])
    assert result.visits[-1].results["revised-el-escorial"].plan.previously_spared  # type: ignore[union-attr]


def test_a_chest_wall_muscle_to_repeat_carries_the_pneumothorax_caution() -> None:
    findings = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
    result = plan_history(
        visit(
            "2024-01-15",
            findings,
            emg=[study("first_dorsal_interosseous", **DENERVATED), study("intercostals")],
            motor_symptoms=True,
        ),
        visit("2024-04-15", findings, motor_symptoms=True),
    )
    plan = result.next_visit
    assert plan is not None
    assert "intercostals (right)" in [m for r in plan.regions for m in r.spared]
    assert "pneumothorax" in {c.code for c in plan.cautions}


def test_twitching_alone_studies_the_unstudied_region_and_repeats_nothing() -> None:
    result = plan_history(
        visit(
            "2024-01-15",
            {"cervical": {"lmn_signs": ["fasciculations"]}},
            emg=[
                study("first_dorsal_interosseous"),
                study("biceps_brachii", fasciculation_potentials=True),
            ],
        ),
        visit(
            "2024-04-15",
            {
                "cervical": {"lmn_signs": ["fasciculations"]},
                "lumbosacral": {"lmn_signs": ["fasciculations"]},
            },
        ),
    )
    plan = result.next_visit
    assert plan is not None
    assert [r.value for r in plan.study_first] == ["lumbosacral"]
    assert all(r.due_from is None and r.due_by is None for r in plan.regions)
    assert "no repeat of the regions already studied" in plan.text
    assert "3 to 6 months" not in plan.text


def test_twitching_never_needled_is_studied_without_a_window() -> None:
    result = plan_history(visit("2024-01-15", {"bulbar": {"lmn_signs": ["fasciculations"]}}))
    plan = result.next_visit
    assert plan is not None and [r.value for r in plan.study_first] == ["bulbar"]
    assert plan.text.endswith("not yet studied.") and "never sampled" not in plan.text


@settings(max_examples=examples(150))
@given(rewritten_limb_findings(), st.sampled_from(["cervical", "lumbosacral"]))
def test_rewriting_the_same_findings_never_documents_progression(
    forms: tuple[dict[str, Any], dict[str, Any]], region: str
) -> None:
    first, second = forms
    if region == "lumbosacral":
        first, second = (json.loads(json.dumps(f).replace("hoffmann", "babinski")) for f in forms)
    result = history(visit("2024-01-15", {region: first}), visit("2024-09-15", {region: second}))
    assert progression_source(result)[1] == "not_documented", (first, second)


def test_a_no_in_the_file_is_the_judgement_of_the_findings_so_far() -> None:
    # the findings change by visit 2, where the clinician says no progression; visit 3 adds
    # nothing new, so it stays undocumented; visit 4 shows a new change six months on
    cervical = {"cervical": {"lmn_signs": ["weakness"]}}
    spread = {"cervical": {"lmn_signs": ["weakness"]}, "lumbosacral": {"lmn_signs": ["weakness"]}}
    further = {**spread, "bulbar": {"lmn_signs": ["wasting"]}}
    result = history(
        visit("2024-01-15", cervical),
        visit("2024-07-15", spread, progression=False),
        visit("2024-09-15", spread),
        visit("2025-01-15", further),
    )
    assert progression_source(result) == ["not_documented", "file", "not_documented", "findings"]
    assert [v.progression.value for v in result.visits] == [None, False, None, True]
    doc = result.visits[3].progression.documented_by
    assert doc is not None and (doc.earlier_visit, doc.later_visit) == (1, 4)
    assert [c.region.value for c in doc.changes] == ["bulbar"]  # not the change judged at 2


def test_a_change_after_the_no_counts_from_before_it() -> None:
    # the clinician's no at visit 2 saw no change; visit 3 shows one, 7 months after visit 1
    weak = {"cervical": {"lmn_signs": ["weakness"]}}
    result = history(
        visit("2024-01-15", weak),
        visit("2024-03-15", weak, progression=False),
        visit("2024-08-15", {**weak, "lumbosacral": {"lmn_signs": ["weakness"]}}),
    )
    assert progression_source(result) == ["not_documented", "file", "findings"]


def test_a_later_no_outweighs_an_earlier_yes() -> None:
    result = history(
        visit("2024-01-15", progression=True),
        visit("2024-07-15", progression=False),
        visit("2024-08-15"),
    )
    assert progression_source(result) == ["file", "file", "not_documented"]


def test_a_summarised_region_is_sampled_and_a_barred_twitching_region_is_said() -> None:
    result = plan_history(
        visit(
            "2024-01-15",
            {
                "cervical": {
                    "umn_signs": ["hoffmann"],
                    "lmn_signs": ["weakness"],
                    "emg": {"lmn_evidence": "no"},
                }
            },
            motor_symptoms=True,
        ),
    )
    plan = result.next_visit
    assert plan is not None
    assert "cervical" not in [r.value for r in plan.never_sampled]
    assert [r.region.value for r in plan.regions] == ["cervical"]
    twitch = plan_history(
        visit(
            "2024-01-15",
            {"cervical": {"lmn_signs": ["fasciculations"]}},
            contraindications={
                "lymphedema": [{"region": "cervical", "side": "left"}],
                "skin_infection": [{"region": "cervical", "side": "right"}],
            },
        ),
    )
    plan = twitch.next_visit
    assert plan is not None and plan.study_first == []
    assert "cervical region cannot be needled now" in plan.text


def test_no_muscle_outside_the_catalogue_is_named_like_a_finding_code() -> None:
    """A change lists sign codes, flag codes and muscles together: a muscle outside the
    catalogue named like one of those codes is refused, naming the codes, so a list (and its
    sentence) can never mistake the one for the other."""
    from alscriteria.case.studies import FINDING_CODES
    from alscriteria.history.findings import LMN_WORSENING_SIGNS, UMN_FLAG
    from alscriteria.history.progression import LMN_FLAG, SUMMARY

    assert {UMN_FLAG, LMN_FLAG, SUMMARY, *LMN_WORSENING_SIGNS} <= set(FINDING_CODES)
    case = {
        "regions": {"cervical": {"lmn_signs": ["weakness"]}},
        "emg": [
            {
                "muscle": "lmn_flag",
                "side": "left",
                "region": "cervical",
                "roots": ["C7"],
                "nerve": "radial",
                "fibrillation_potentials": True,
            }
        ],
    }
    with pytest.raises(InvalidCaseError, match="finding code"):
        parse_case(case)
