"""What a history says between and after visits (issue 19 sections 3 and 9): a change too
soon to count is named with the date it can count from; a patient never needled is offered
a first study; a region whose spared muscles are all withheld is offered the other side or
left out; another cause recorded is a visit's own, never carried."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from rich.console import Console

from alscriteria import evaluate_history
from alscriteria.case.dates import add_months
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.history.findings import visit_findings
from alscriteria.history.model import parse_history
from alscriteria.history.progression import changes_between
from alscriteria.wording import next_visit as wording_next
from strategies import examples
from strategies.histories import progression_histories

NORMAL: dict[str, Any] = {"bulbar": {}, "cervical": {}, "thoracic": {}, "lumbosacral": {}}
DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
NOTHING_GAINED = "no region gained UMN or LMN involvement"


def visit(day: str, regions: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "date": day,
        "other_causes_excluded": True,
        "regions": {**NORMAL, **(regions or {})},
        **fields,
    }


FIRST = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
SPREAD = {
    "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {"lmn_signs": ["weakness"]},
}


# --- section 9: a change under six months apart ------------------------------------------


def test_a_change_under_six_months_is_named_with_the_date_it_can_count_from() -> None:
    result = evaluate_history(
        {"visits": [visit("2024-01-10", FIRST), visit("2024-03-20", SPREAD)]}, plan=False
    )
    first, second = (v.progression for v in result.visits)
    assert first.too_soon is None and NOTHING_GAINED not in first.text
    assert "first visit, nothing to compare yet" in first.text
    assert second.source == "not_documented" and second.value is None
    soon = second.too_soon
    assert soon is not None
    assert (soon.earlier_visit, soon.later_visit, soon.days_apart) == (1, 2, 70)
    assert soon.documentable_from.isoformat() == "2024-07-10"
    assert {(c.region.value, c.kind) for c in soon.changes} == {
        ("cervical", "lmn_worse"),
        ("lumbosacral", "lmn_new_region"),
    }
    text = second.text
    assert NOTHING_GAINED not in text
    assert "lumbosacral: LMN involvement where there was none (weakness)" in text
    assert "under the 6 months apart that A.5 asks" in text
    assert "an examination from 2024-07-10 (6 months after visit 1)" in text
    assert "reported by the patient and recorded by the clinician" in text


def test_the_date_given_is_the_date_a_repeat_examination_documents_it_from() -> None:
    before = evaluate_history(
        {
            "visits": [
                visit("2024-01-10", FIRST),
                visit("2024-03-20", SPREAD),
                visit("2024-07-09", SPREAD),
            ]
        },
        plan=False,
    )
    basis = before.visits[-1].progression
    assert basis.source == "not_documented"
    assert basis.too_soon is not None and basis.too_soon.later_visit == 3
    assert basis.too_soon.documentable_from.isoformat() == "2024-07-10"
    on = evaluate_history(
        {
            "visits": [
                visit("2024-01-10", FIRST),
                visit("2024-03-20", SPREAD),
                visit("2024-07-10", SPREAD),
            ]
        },
        plan=False,
    )
    basis = on.visits[-1].progression
    assert basis.source == "findings" and basis.value is True and basis.too_soon is None


@settings(max_examples=examples(150))
@given(progression_histories())
def test_nothing_gained_is_never_said_over_a_region_that_gained(data: dict[str, Any]) -> None:
    result = evaluate_history(data, plan=False)
    parsed = parse_history(data)
    found = visit_findings(parsed.visits, DEFAULT_READINGS)
    judged: int | None = None  # the latest visit whose file gives false: it judged the rest
    for k, v in enumerate(result.visits):
        if parsed.visits[k].case.progression is False:
            judged = k
        if NOTHING_GAINED in v.progression.text:
            # said only where there was a pair of visits 6 months apart to compare
            assert judged is not None or (
                k > 0 and add_months(parsed.visits[0].date, 6) <= parsed.visits[k].date
            ), v.progression.text
            start = judged or 0
            assert all(
                not changes_between(found[i], found[j])
                for j in range(start + 1, k + 1)
                for i in range(start, j)
            ), v.progression.text
            if judged is not None:
                assert f"after visit {judged + 1} (progression given as no there)" in (
                    v.progression.text
                )
        if v.progression.too_soon is not None:
            soon = v.progression.too_soon
            assert soon.later_date < soon.documentable_from
            assert soon.documentable_from == add_months(soon.earlier_date, 6)


# --- section 9: the next visit ---------------------------------------------------------


def test_a_patient_never_needled_gets_a_first_study_not_no_repeat() -> None:
    definite = {
        "bulbar": {"umn_signs": ["jaw_jerk"], "lmn_signs": ["weakness", "wasting"]},
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness", "wasting"]},
    }
    for regions in (definite, FIRST):
        result = evaluate_history({"visits": [visit("2024-01-10", regions, progression=True)]})
        plan = result.next_visit
        assert plan is not None
        assert plan.reason == "first_study", plan
        assert "first electrodiagnostic study" in plan.text and "exclude mimics" in plan.text
        assert "No repeat EMG planned" not in plan.text
        assert [r.value for r in plan.never_sampled] == [
            "bulbar",
            "cervical",
            "thoracic",
            "lumbosacral",
        ]
        # the plans of the last visit say the same: a first study leads, never a repeat
        for a in result.visits[-1].results.values():
            assert a.plan is not None
            codes = [t.code for t in a.plan.timing]
            assert codes[0] == "first_electrodiagnostic_study", codes
            assert not {"repeat_in_3_months", "emg_cannot_raise"} & set(codes)
    # a treatable-mimic finding against a completed exclusion: still a first study next
    block = {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]}
    mimic = evaluate_history(
        {"visits": [{**visit("2024-01-10", FIRST, progression=True), "nerve_conduction": block}]}
    )
    assert mimic.next_visit is not None and mimic.next_visit.reason == "first_study"
    # once needled, the repeat windows apply as before
    needled = evaluate_history(
        {
            "visits": [
                visit(
                    "2024-01-10", FIRST, emg=[{"muscle": "deltoid", "side": "right", **DENERVATED}]
                )
            ]
        }
    )
    assert needled.next_visit is not None and needled.next_visit.reason == "repeat_emg"


@pytest.mark.parametrize("excluded", [True, None])
def test_the_next_visit_after_a_treatable_mimic_finding_puts_its_work_up_first(
    excluded: bool | None,
) -> None:
    """Needled, with a block outside an entrapment site: the plans lead with the mimic
    work-up and hold their repeat EMG back (session 12), and so does the next visit's plan,
    which said only "Repeat EMG 3 to 6 months after ..." before. Without the block it reads
    as before, its values without the key."""
    block = {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]}
    emg = [{"muscle": "deltoid", "side": "right", **DENERVATED}]
    day = visit("2024-01-10", FIRST, emg=emg, other_causes_excluded=excluded)
    plain = evaluate_history({"visits": [day]}).next_visit
    mimic = evaluate_history({"visits": [{**day, "nerve_conduction": block}]}).next_visit
    assert plain is not None and mimic is not None
    assert plain.reason == mimic.reason == "repeat_emg"
    assert "mimic_workup" not in plain.values and mimic.values["mimic_workup"] is True
    assert mimic.text == f"{wording_next.MIMIC_FIRST} {plain.text}"
    assert mimic.text.startswith("First, the work-up of the nerve conduction finding")
    assert mimic.source.endswith("; B.4.1 (S36, S37, S139)")
    assert not plain.source.endswith("S139)")


def _withheld_history(limits: dict[str, Any]) -> Any:
    emg = [
        {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        {"muscle": "deltoid", "side": "right"},
        {"muscle": "biceps_brachii", "side": "right"},
    ]
    return evaluate_history(
        {
            "visits": [
                visit("2024-01-15", FIRST, emg=emg, motor_symptoms=True),
                visit("2024-08-15", FIRST, motor_symptoms=True, contraindications=limits),
            ]
        }
    )


def test_a_region_whose_spared_muscles_are_withheld_is_offered_the_other_side() -> None:
    result = _withheld_history({"lymphedema": [{"region": "cervical", "side": "right"}]})
    plan = result.next_visit
    assert plan is not None
    [cervical] = [r for r in plan.regions if r.region.value == "cervical"]
    assert cervical.overdue and cervical.spared == []
    assert cervical.other_side == ["biceps_brachii (left)", "deltoid (left)"]
    assert {c.code for c in plan.cautions} >= {"avoid_limb"}


def test_a_region_with_nothing_to_needle_on_either_side_is_left_out() -> None:
    result = _withheld_history(
        {
            "lymphedema": [{"region": "cervical", "side": "right"}],
            "skin_infection": [{"region": "cervical", "side": "left"}],
        }
    )
    plan = result.next_visit
    assert plan is not None
    assert "cervical" not in {r.region.value for r in plan.regions}
    codes = [c.code for c in plan.cautions]
    assert "avoid_both_limbs" in codes and "avoid_limb" not in codes  # no "other side" promised
    for a in result.visits[-1].results.values():
        assert a.plan is not None
        assert all(m.region.value != "cervical" for m in a.plan.muscles)
        assert not any("other side" in c.text for c in a.plan.cautions)


# --- section 3: another cause in a history ---------------------------------------------


def test_another_cause_is_the_visit_s_own_and_the_next_visit_seeks_no_als_evidence() -> None:
    cause = "C5-C6 radiculopathy on MRI"
    result = evaluate_history(
        {
            "visits": [
                visit(
                    "2024-01-10", FIRST, other_causes_excluded=False, alternative_diagnosis=cause
                ),
                visit("2024-08-10", SPREAD, other_causes_excluded=None),
            ]
        }
    )
    first, second = result.visits
    for a in first.results.values():
        assert a.prerequisites.missing[-1] == "alternative_diagnosis"
        assert a.plan is not None and a.plan.reason == "alternative_diagnosis_recorded"
    # never carried: the later visit says nothing of it, so the exclusion is pending again
    for a in second.results.values():
        assert a.prerequisites.alternative_diagnosis is None
        assert "other_causes_excluded" in a.prerequisites.missing
    last_only = evaluate_history(
        {
            "visits": [
                visit(
                    "2024-01-10", FIRST, other_causes_excluded=False, alternative_diagnosis=cause
                ),
            ]
        }
    )
    plan = last_only.next_visit
    assert plan is not None and plan.reason == "no_repeat_emg"
    assert plan.text.startswith("Another cause is recorded at the last visit")


def test_a_change_the_judgement_given_covers_is_named_not_denied() -> None:
    """Visit 1 gives progression no and leaves the bulbar region unexamined; visits 2 and 3,
    six months apart, differ there: not counted (visit 3 shows no change from visit 1 in a
    region both examined, A.5), but not "nothing gained" either."""
    result = evaluate_history(
        {
            "visits": [
                {"date": "2024-01-15", "regions": {}, "progression": False},
                {"date": "2024-02-15", "regions": {"bulbar": {"lmn_signs": ["weakness"]}}},
                {"date": "2024-08-15", "regions": {"bulbar": {"umn_signs": ["hyperreflexia"]}}},
            ]
        },
        plan=False,
    )
    basis = result.visits[-1].progression
    assert basis.source == "not_documented"
    assert NOTHING_GAINED not in basis.text
    assert "bulbar: UMN signs where there were none" in basis.text
    assert "not counted, since visit 3 shows no change from visit 1" in basis.text


def test_the_history_page_shows_the_other_side_and_the_too_soon_change() -> None:
    from alscriteria.report import history_report

    emg = [
        {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        {"muscle": "deltoid", "side": "right"},
    ]
    history = {
        "visits": [
            visit("2024-01-15", FIRST, emg=emg, motor_symptoms=True),
            visit(
                "2024-04-15",
                SPREAD,
                motor_symptoms=True,
                contraindications={"lymphedema": [{"region": "cervical", "side": "right"}]},
            ),
        ]
    }
    page = history_report(history, evaluate_history(history))
    assert "Instead, on the other side:</strong> Deltoid (left)" in page
    assert "an examination from 2024-07-15 (6 months after visit 1)" in page
    assert page.count(NOTHING_GAINED) == 0  # visit 1 had nothing before it to compare
    assert "first visit, nothing to compare yet" in page


def test_a_deep_muscle_withheld_keeps_its_row_without_a_false_other_side() -> None:
    thoracic_first = {"thoracic": {"lmn_signs": ["weakness"]}, **FIRST}
    emg = [
        {"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED},
        {"muscle": "thoracic_paraspinals", "side": "right"},
    ]
    result = evaluate_history(
        {
            "visits": [
                visit("2024-01-15", thoracic_first, emg=emg, motor_symptoms=True),
                visit(
                    "2024-08-15",
                    thoracic_first,
                    motor_symptoms=True,
                    contraindications={"anticoagulated": True},
                ),
            ]
        }
    )
    plan = result.next_visit
    assert plan is not None
    [thoracic] = [r for r in plan.regions if r.region.value == "thoracic"]
    assert thoracic.overdue and thoracic.spared == [] and thoracic.other_side == []
    assert thoracic.withheld and "anticoagulated" in thoracic.withheld[0]


def test_symptoms_without_findings_never_needled_get_a_first_study() -> None:
    result = evaluate_history(
        {
            "visits": [
                {"date": "2024-01-10", "motor_symptoms": True},
            ]
        }
    )
    plan = result.next_visit
    assert plan is not None and plan.reason == "first_study"


def test_a_case_with_only_another_cause_is_said_to_be_a_case_not_a_history() -> None:
    import pytest

    from alscriteria.history import InvalidHistoryError

    with pytest.raises(InvalidHistoryError) as caught:
        parse_history({"alternative_diagnosis": "MMN"})
    assert "this is one case, not a history" in caught.value.problems[0]


# --- red flags are per visit ---------------------------------------------------------------

#: UMN signs only at each visit, in different regions: the same flag, in different words.
_MOVING_UMN = {
    "id": "H-flags",
    "onset": "2023-01-01",
    "visits": [
        {
            "date": "2024-01-10",
            "regions": {
                "bulbar": {"umn_signs": ["jaw_jerk"]},
                "cervical": {"umn_signs": ["hoffmann"]},
            },
        },
        {
            "date": "2024-08-10",
            "regions": {
                "cervical": {"umn_signs": ["hoffmann"]},
                "lumbosacral": {"umn_signs": ["babinski"]},
            },
        },
    ],
}


def test_a_history_s_red_flags_name_each_visit_s_own_picture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flag raised at two visits on different findings is said once per picture, each
    with the visit that had it: never visit 1's regions credited to visit 2 (or a union of
    the two that no visit had)."""
    from alscriteria.cli.app import main
    from alscriteria.history.flags import raised_flags

    result = evaluate_history(_MOVING_UMN)
    flags = raised_flags(result.visits)
    assert [(f.item.code, f.visits) for f in flags] == [
        ("consider_umn_only_mimics", (1,)),
        ("consider_umn_only_mimics", (2,)),
    ]
    assert "the bulbar and cervical regions" in flags[0].item.text
    assert "the cervical and lumbosacral regions" in flags[1].item.text
    path = tmp_path / "h.json"
    path.write_text(json.dumps(_MOVING_UMN))
    assert main(["timeline", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "visit 1: UMN signs only, in the bulbar and cervical regions" in out
    assert "visit 2: UMN signs only, in the cervical and lumbosacral regions" in out
    assert "visit 1, 2:" not in out and "visits 1 and 2:" not in out
    # the same flag in the same words at two visits is said once, with both
    steady = dict(
        _MOVING_UMN,
        visits=[
            dict(v, regions=_MOVING_UMN["visits"][1]["regions"]) for v in _MOVING_UMN["visits"]
        ],
    )
    [both] = raised_flags(evaluate_history(steady).visits)
    assert both.visits == (1, 2)


def test_a_red_flag_of_several_visits_names_them_in_the_plural(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pathlib import Path

    from cli_helpers import run_in_process

    steady = dict(
        _MOVING_UMN,
        visits=[
            dict(v, regions=_MOVING_UMN["visits"][1]["regions"]) for v in _MOVING_UMN["visits"]
        ],
    )
    history = Path(str(tmp_path)) / "steady.json"
    history.write_text(json.dumps(steady))
    code, out, err = run_in_process(capsys, "timeline", str(history))
    assert code == 0, err
    flat = " ".join(out.split())
    assert "visits 1 and 2: UMN signs only" in flat and "visit 1, 2" not in flat


def test_a_category_resting_on_the_trapezius_asks_the_next_visit_to_confirm_it() -> None:
    """Gold Coast ALS only through a trapezius counted as bulbar: the next visit says to
    confirm the bulbar region with a cranial muscle, never only "no repeat EMG planned"."""
    trapezius = {
        "muscle": "trapezius",
        "side": "left",
        "fibrillation_potentials": True,
        "chronic_neurogenic_change": True,
    }
    result = evaluate_history(
        {
            "visits": [
                visit(
                    "2024-06-01",
                    {"cervical": {"lmn_signs": ["weakness", "wasting"]}},
                    progression=True,
                    emg=[trapezius],
                )
            ]
        }
    )
    plan = result.next_visit
    assert plan is not None and plan.reason == "confirm_bulbar", plan
    assert "Confirm the bulbar region at the next visit" in plan.text
    gold = result.visits[-1].results["gold-coast"].plan
    assert gold is not None and [m.muscle for m in gold.muscles] == ["genioglossus"]


def test_withheld_muscles_travel_as_sites_and_read_as_before() -> None:
    """`withheld` is worded by the voice from `withheld_sites` (codes: the muscle's key, its
    side, the contraindication); the words are those the timeline and the page have read."""
    result = _withheld_history({"lymphedema": [{"region": "cervical", "side": "right"}]})
    plan = result.next_visit
    assert plan is not None
    [cervical] = [r for r in plan.regions if r.region.value == "cervical"]
    assert [(s.muscle, s.side, s.barrier) for s in cervical.withheld_sites] == [
        ("biceps_brachii", "right", "lymphedema"),
        ("deltoid", "right", "lymphedema"),
    ]
    assert cervical.withheld == [
        "biceps_brachii (right): lymphedema of that limb",
        "deltoid (right): lymphedema of that limb",
    ]


def test_progression_recorded_absent_plans_the_6_month_re_examination_not_3_monthly_emg() -> None:
    """A.4: progression recorded as absent gets one interval, a re-examination in about 6
    months with the EMG beside it, and no 3-month interval (the session 11 clinical review
    found the history's next visit offering a repeat EMG 3 to 6 months after the last EMG).
    The page names the one prerequisite missing, not both."""
    from alscriteria.report import history_report

    emg = [{"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED}]
    history = {
        "visits": [
            visit("2023-02-01", FIRST, emg=emg, motor_symptoms=True),
            visit("2023-09-01", SPREAD, motor_symptoms=True, progression=False),
            visit(
                "2024-01-01",
                SPREAD,
                motor_symptoms=True,
                progression=False,
                emg=[{"muscle": "biceps_brachii", "side": "right"}],
            ),
        ]
    }
    result = evaluate_history(history)
    plan = result.next_visit
    assert plan is not None and plan.values["static"] is True
    assert "re-examine in about 6 months" in plan.text and "not sooner" in plan.text
    assert "3 to 6 months" not in plan.text
    assert "argues against ALS" in plan.text
    cervical = next(r for r in plan.regions if r.region == "cervical")
    assert (cervical.due_from, cervical.due_by) == (
        add_months(result.visits[-1].date, 6),
        add_months(result.visits[-1].date, 7),
    )
    assert not cervical.overdue
    page = history_report(history, result)
    assert "until progression is documented and other causes are excluded" not in page
    assert "until progression is documented" in page
    # progression shown again at the next visit: the 3 to 6 month window returns
    history["visits"][-1]["progression"] = True
    again = evaluate_history(history).next_visit
    assert again is not None and again.values["static"] is False
    assert "3 to 6 months" in again.text


def test_findings_that_contradict_a_given_no_are_not_said_to_agree_with_it() -> None:
    """Progression given as no beside findings that document it: the file wins (A.5), and
    the sentence says the findings would document it, not that they "document it too" (the
    session 11 clinical review)."""
    emg = [{"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED}]
    history = {
        "visits": [
            visit("2023-02-01", FIRST, emg=emg, motor_symptoms=True),
            visit("2023-09-01", SPREAD, motor_symptoms=True, progression=False),
        ]
    }
    said = evaluate_history(history).visits[1].progression
    assert said.value is False
    assert "the findings would document it" in said.text
    assert "the file's 'no' stands; review it" in said.text
    assert "document it too" not in said.text
    history["visits"][1]["progression"] = True
    agreed = evaluate_history(history).visits[1].progression.text
    assert "the findings document it too" in agreed


def test_benign_twitching_names_the_red_flags_the_patient_can_notice() -> None:
    """The next visit after fasciculations alone, already studied, names the A.4 triggers
    (watch_for_red_flags: weakness, wasting, speech or swallowing, breathing, gait), not
    "UMN signs", which only an examiner sees (the session 11 clinical review)."""
    path = Path(__file__).parents[1] / "src/alscriteria/examples/history-benign-fasciculations.json"
    plan = evaluate_history(json.loads(path.read_text())).next_visit
    assert plan is not None and plan.reason == "no_repeat_emg"
    assert "difficulty speaking or swallowing, breathlessness or a change in gait" in plan.text
    assert "UMN signs appear" not in plan.text


def test_an_exclusion_not_restated_is_said_so_not_taken_for_a_work_up_undone() -> None:
    """Other causes recorded excluded at visit 1 and left blank at visit 2: the exclusion is
    a visit's own (A.5), so visit 2 waits on it, and both the timeline and the page say that
    visit 1 recorded it (the session 11 clinical review)."""
    from alscriteria.cli.timeline import timeline_report
    from alscriteria.report import history_report

    history = {
        "visits": [
            visit("2024-01-15", SPREAD, motor_symptoms=True),
            {**visit("2024-09-15", SPREAD, motor_symptoms=True), "other_causes_excluded": None},
        ]
    }
    result = evaluate_history(history)
    assert result.exclusion_not_restated(0) is None
    assert result.exclusion_not_restated(1) == 1
    said = "Other causes were recorded as excluded at visit 1, but not at this visit"
    assert said in history_report(history, result)
    buffer = io.StringIO()
    Console(file=buffer, width=200, no_color=True).print(timeline_report(result))
    assert said in buffer.getvalue()
    # recorded as not excluded (false) is the clinician's answer: nothing is added
    history["visits"][1]["other_causes_excluded"] = False
    assert evaluate_history(history).exclusion_not_restated(1) is None


def test_no_repeat_emg_says_what_the_plans_wait_on_first() -> None:
    """The next visit with no EMG asked for, where the plans wait on a prerequisite: it says
    which, instead of reading as nothing to do (the session 11 clinical review). A definite
    picture, every region EMG-positive, the exclusion left blank at the last visit."""
    everywhere = {
        "bulbar": {"umn_signs": ["jaw_jerk"], "lmn_signs": ["weakness"]},
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
    }
    muscles = [
        "first_dorsal_interosseous",
        "biceps_brachii",
        "tibialis_anterior",
        "medial_gastrocnemius",
        "genioglossus",
    ]
    emg = [{"muscle": m, "side": "right", **DENERVATED} for m in muscles]
    history = {
        "visits": [
            visit("2023-06-01", everywhere, emg=emg, progression=True, motor_symptoms=True),
            {
                **visit("2023-09-01", everywhere, motor_symptoms=True),
                "other_causes_excluded": None,
            },
        ]
    }
    plan = evaluate_history(history).next_visit
    assert plan is not None and plan.reason == "no_repeat_emg"
    assert plan.values["waits_on"] == ["other_causes_excluded"]
    assert "no criteria set can be met until other causes are excluded" in plan.text
    history["visits"][1]["other_causes_excluded"] = True
    met = evaluate_history(history).next_visit
    assert met is not None and met.values["waits_on"] == []
    assert "no criteria set can be met" not in met.text


def test_signs_that_go_raise_a_red_flag_naming_them() -> None:
    """ALS does not remit (S136): signs an earlier visit recorded that a later examination of
    the same region no longer finds are a red flag of that visit, in the timeline and on the
    page (the session 11 clinical review). Fasciculations that go, a region not examined
    again, and signs that stay raise nothing."""
    from alscriteria.report import history_report

    emg = [{"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED}]
    twitching = {"lumbosacral": {"lmn_signs": ["fasciculations"]}}
    history = {
        "visits": [
            visit("2024-01-15", {**SPREAD, **twitching}, emg=emg, motor_symptoms=True),
            visit("2024-08-15", NORMAL, motor_symptoms=True),
        ]
    }
    result = evaluate_history(history)
    assert result.visits[0].signs_resolved is None
    flag = result.visits[1].signs_resolved
    assert flag is not None and flag.code == "signs_resolved"
    lost = flag.values["lost"]
    assert isinstance(lost, list)
    assert "cervical:hoffmann:1" in lost and "cervical:wasting:1" in lost
    assert not any("fasciculations" in entry for entry in lost)
    assert "cervical region, Hoffmann sign, weakness and wasting (visit 1)" in flag.text
    assert "ALS does not remit" in flag.text
    assert "ALS does not remit" in history_report(history, result)
    # the same signs again, or the region left out (not examined): nothing is raised
    history["visits"][1] = visit("2024-08-15", SPREAD, motor_symptoms=True)
    assert evaluate_history(history).visits[1].signs_resolved is None
    history["visits"][1] = {"date": "2024-08-15", "regions": {"bulbar": {}}}
    assert evaluate_history(history).visits[1].signs_resolved is None


def test_the_next_visit_table_says_the_window_its_rows_give() -> None:
    """The page's table of regions to repeat said "3 to 6 months after" whatever window its
    rows gave (a UMN-only picture's yearly repeat, a static course's re-examination)."""
    from alscriteria.report import history_report

    emg = [{"muscle": "first_dorsal_interosseous", "side": "right", **DENERVATED}]
    history = {
        "visits": [
            visit("2023-02-01", FIRST, emg=emg, motor_symptoms=True),
            visit("2023-09-01", SPREAD, motor_symptoms=True, progression=False),
        ]
    }
    page = history_report(history, evaluate_history(history))
    assert "when to repeat it (with the re-examination in about 6 months)" in page
    history["visits"][1]["progression"] = True
    page = history_report(history, evaluate_history(history))
    assert "when to repeat it (3 to 6 months after)" in page
    from alscriteria import wording

    assert wording.repeat_when({"yearly": True, "static": False}) == "about a year after"


def test_no_repeat_emg_names_the_re_examination_where_emg_cannot_raise_the_category() -> None:
    """A pure LMN course (the bundled history): Gold Coast is met, and revised El Escorial
    and Awaji can rise only on new clinical findings (UMN signs, A.2), which no EMG shows.
    The next visit names them, the sets and the re-examination in about 3 months (A.4),
    instead of "no repeat EMG planned" alone, which reads as nothing to look for (session 12);
    and a next visit whose plans all stand at the top says nothing of the kind."""
    path = Path(__file__).parents[1] / "src/alscriteria/examples/history-pure-lmn.json"
    history = json.loads(path.read_text())
    plan = evaluate_history(history).next_visit
    assert plan is not None and plan.reason == "no_repeat_emg"
    assert plan.values["reexamine_sets"] == ["revised-el-escorial", "awaji"]
    assert plan.values["reexamine_needs"] == ["umn", "umn"]
    assert plan.values["reexamine_regions"][:2] == ["cervical", "lumbosacral"]
    assert (
        "EMG alone cannot raise the category now, and only the examination shows what comes "
        "first: Revised El Escorial (2000) and Awaji-shima (2008) need UMN signs. Re-examine "
        "in about 3 months" in plan.text
    )
    one = evaluate_history(history, criteria=("awaji",)).next_visit
    assert one is not None and "first: Awaji-shima (2008) needs UMN signs." in one.text
    top = evaluate_history(history, criteria=("gold-coast",)).next_visit
    assert top is not None and top.values["reexamine_sets"] == []
    assert "Re-examine" not in top.text


def _arms_and_legs_history() -> dict[str, Any]:
    """UMN and LMN signs in both limb regions at two visits 8 months apart, needled once:
    revised El Escorial probable (its paths to definite each need UMN AND clinical LMN signs
    in a third region), Awaji probable (a UMN sign in a third region, whose LMN evidence EMG
    can then give), Gold Coast met (the session 12 history review's int-181)."""
    limbs = {
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness", "wasting"]},
        "bulbar": {},
        "thoracic": {},
    }
    muscles = [
        "first_dorsal_interosseous",
        "biceps_brachii",
        "tibialis_anterior",
        "vastus_lateralis",
    ]
    emg = [{"muscle": m, "side": "right", **DENERVATED} for m in muscles]
    return {
        "visits": [
            visit("2024-01-10", limbs, emg=emg, progression=True, motor_symptoms=True),
            visit("2024-09-10", limbs, progression=True, motor_symptoms=True),
        ]
    }


def test_emg_cannot_raise_says_and_where_every_path_needs_both_and_the_emg_that_follows() -> None:
    """Revised El Escorial's paths each need UMN AND clinical LMN signs: "or" said one was
    enough (the session 12 history review). Awaji's need a UMN sign, after which needle EMG
    gives the LMN evidence (A.3.2): "EMG cannot raise" must not read as "no EMG needed". The
    plan item carries both as codes (`together`, `then_emg`), and the next visit says each
    set's need once."""
    result = evaluate_history(_arms_and_legs_history())
    last = result.visits[-1].results
    ree = last["revised-el-escorial"].plan
    awaji = last["awaji"].plan
    assert ree is not None and awaji is not None
    (ree_item,) = [t for t in ree.timing if t.code == "emg_cannot_raise"]
    (awaji_item,) = [t for t in awaji.timing if t.code == "emg_cannot_raise"]
    assert ree_item.values["together"] is True
    assert "(UMN signs and clinical LMN signs)" in ree_item.text
    assert "or clinical LMN" not in ree_item.text
    assert "together" not in awaji_item.values
    assert awaji_item.values["then_emg"] == ["bulbar", "thoracic"]
    assert "needle EMG of the bulbar or thoracic region can supply the LMN evidence" in (
        awaji_item.text
    )
    plan = result.next_visit
    assert plan is not None
    assert plan.values["reexamine_needs"] == ["umn_and_clinical_lmn", "umn"]
    assert plan.values["reexamine_then_emg"] == ["awaji"]
    assert (
        "Revised El Escorial (2000) needs UMN signs and clinical LMN signs; Awaji-shima (2008) "
        "needs UMN signs (needle EMG can then supply the LMN evidence)" in plan.text
    )


def test_a_repeat_emg_planned_keeps_the_examination_other_sets_need() -> None:
    """Gold Coast's plan asks for a repeat EMG while revised El Escorial and Awaji can rise
    only on UMN signs: the next visit's repeat-EMG sentence keeps the examination they need
    (the session 12 history review: it named the needle alone)."""
    path = Path(__file__).parents[1] / "src/alscriteria/examples/history-flail-arm-function.json"
    plan = evaluate_history(json.loads(path.read_text())).next_visit
    assert plan is not None and plan.reason == "repeat_emg"
    assert plan.values["reexamine_sets"] == ["revised-el-escorial", "awaji"]
    assert (
        "At that visit, examine for what EMG cannot give: Revised El Escorial (2000) needs UMN "
        "signs; Awaji-shima (2008) needs UMN signs (needle EMG can then supply the LMN "
        "evidence)" in plan.text
    )
