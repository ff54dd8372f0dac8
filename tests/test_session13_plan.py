"""Needling safety in the single visit's plan (criteria.md A.4, B.4.2): wherever the plan names
a muscle to sample, a muscle the case's contraindications put after the others of its region
is never offered first. Under each caution a case can record: anticoagulation (the tongue
last, deep muscles never), chest wall concerns (intercostals never, muscles over the lung
last), lymphedema and skin infection (that limb never) and a cardiac device (stimulation, not
the needle: nothing to reorder)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import CRITERIA, evaluate, evaluate_all, parse_case
from alscriteria.assess.models.pieces import model_json
from alscriteria.assess.plan.muscles import region_of
from alscriteria.assess.plan.needling import demoting_caution, needle_barrier
from alscriteria.assess.plan.timing import REPEAT_TIMINGS
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.rules.engine import RuleEngine
from alscriteria.voice import voice
from alscriteria.wording.plan import later_words
from strategies import examples
from strategies.planning import planned_cases

ABNORMAL = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def _case(limits: dict[str, Any], normal: list[dict[str, Any]]) -> dict[str, Any]:
    """Bulbar UMN, limb UMN and LMN, the arm needled and abnormal: Awaji (probable) seeks the
    bulbar EMG and advises a repeat study, listing the muscles normal this visit."""
    return {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness", "wasting"]},
        },
        "contraindications": limits,
        "emg": [
            {"muscle": "first_dorsal_interosseous", "side": "right", **ABNORMAL},
            {"muscle": "biceps_brachii", "side": "right", **ABNORMAL},
            *normal,
        ],
    }


TONGUE = [{"muscle": "genioglossus"}, {"muscle": "deltoid", "side": "left"}]
LUNG = [{"muscle": "supraspinatus", "side": "left"}, {"muscle": "deltoid", "side": "left"}]


def _plan(case: dict[str, Any]) -> Any:
    plan = evaluate(case, "awaji", plan=True).plan
    assert plan is not None and set(t.code for t in plan.timing) & REPEAT_TIMINGS
    return plan


def test_without_a_caution_the_tongue_and_the_shoulder_are_spared_to_sample_first() -> None:
    plan = _plan(_case({}, TONGUE + LUNG[:1]))
    assert plan.previously_spared == ["genioglossus", "deltoid (left)", "supraspinatus (left)"]
    assert plan.spared_later == [] and plan.spared_later_sites == []


def test_under_anticoagulation_the_spared_tongue_is_not_listed_first() -> None:
    plan = _plan(_case({"anticoagulated": True}, TONGUE))
    assert plan.previously_spared == ["deltoid (left)"]
    [site] = plan.spared_later_sites
    assert (site.muscle, site.side, site.caution) == ("genioglossus", None, "airway_haematoma")
    [said] = plan.spared_later
    assert said.startswith("genioglossus: the patient is anticoagulated")
    assert "masseter or a facial muscle first" in said and said.endswith("(S44)]")
    # the muscle suggested comes first, and the airway caution names the tongue still listed
    assert [m.muscle for m in plan.muscles] == ["masseter"]
    [airway] = [c for c in plan.cautions if c.code == "airway_haematoma"]
    assert "genioglossus" in airway.text


def test_with_chest_wall_concerns_a_spared_muscle_over_the_lung_comes_after() -> None:
    plan = _plan(_case({"chest_wall_concerns": True}, LUNG))
    assert plan.previously_spared == ["deltoid (left)"]
    assert [(s.muscle, s.side, s.caution) for s in plan.spared_later_sites] == [
        ("supraspinatus", "left", "pneumothorax_risk")
    ]
    assert "it lies over the lung" in plan.spared_later[0]
    assert "pneumothorax" in {c.code for c in plan.cautions}
    # under anticoagulation alone the shoulder is not demoted: its caution is the lung's
    alone = _plan(_case({"anticoagulated": True}, LUNG))
    assert alone.previously_spared == ["supraspinatus (left)", "deltoid (left)"]


def test_lymphedema_or_infection_of_the_limb_keeps_a_spared_muscle_off_both_lines() -> None:
    for why in ("lymphedema", "skin_infection"):
        limits = {"chest_wall_concerns": True, why: [{"region": "cervical", "side": "left"}]}
        plan = _plan(_case(limits, LUNG))
        assert plan.previously_spared == [] and plan.spared_later_sites == [], why


def test_a_cardiac_device_changes_no_muscle_the_plan_names() -> None:
    """The device rules out proximal stimulation on its side (B.4.2, S41, S46), not a needle
    site: the muscles suggested and spared are those of the same case without it."""
    for normal in (TONGUE, LUNG):
        plain = _plan(_case({"anticoagulated": True}, normal))
        device = _plan(_case({"anticoagulated": True, "cardiac_device_side": "left"}, normal))
        assert device.muscles == plain.muscles
        assert device.previously_spared == plain.previously_spared
        assert device.spared_later_sites == plain.spared_later_sites
        assert [c.code for c in device.cautions if c.code != "cardiac_device"] == [
            c.code for c in plain.cautions
        ]


def test_the_terminal_and_the_page_say_the_spared_tongue_on_a_line_of_its_own() -> None:
    from alscriteria.report import case_report
    from wording_helpers import page_texts, terminal_text

    case = _case({"anticoagulated": True}, TONGUE)
    results = evaluate_all(case, plan=True)
    terminal = terminal_text(results)
    assert "Previously spared: Deltoid (left)" in terminal
    assert "Previously spared: Genioglossus" not in terminal
    assert "Previously spared, not to be sampled first: Genioglossus (tongue): the patient" in (
        terminal
    )
    texts = list(page_texts(case_report(case, results, date(2024, 5, 1))))
    assert any(t.startswith("Previously spared (Awaji): Deltoid (left)") for t in texts)
    assert not any("Genioglossus" in t and t.startswith("Previously spared (") for t in texts)
    assert any(
        t.startswith("Previously spared, not to be sampled first (Awaji): Genioglossus (tongue)")
        for t in texts
    )


def test_the_written_plan_keeps_the_spared_tongue_for_its_own_case() -> None:
    """A plan whose only spared muscle comes later names the case's own muscle: its JSON is
    written for it, never kept for the next plan with the same reason (plan_json's frame)."""
    engine = RuleEngine()
    later_only = _case({"anticoagulated": True}, [{"muscle": "genioglossus"}])
    none_spared = _case({"anticoagulated": True}, [])
    for case in (later_only, none_spared, later_only):
        written = evaluate_all(case, plan=True, engine=engine)
        read = evaluate_all(case, plan=True, engine=engine)
        for key, result in written.items():
            plan = read[key].plan
            assert plan is not None
            end = ',"plan":' + model_json(plan).decode() + "}"
            assert result.model_dump_json().endswith(end), key
    plan = evaluate(none_spared, "awaji", plan=True, engine=engine).plan
    assert plan is not None and plan.spared_later == [] and plan.previously_spared == []


def test_the_spared_lines_are_worded_again_from_the_json_alone() -> None:
    plan = _plan(_case({"anticoagulated": True, "chest_wall_concerns": True}, TONGUE + LUNG))
    fields = plan.model_dump(mode="json", exclude={"reason_text", "spared_later"})
    said = voice().say("plan_reason", fields)
    assert said["spared_later"] == plan.spared_later and len(plan.spared_later) == 2


@settings(max_examples=examples(80), deadline=None)
@given(planned_cases(), st.sampled_from(list(CRITERIA)))
def test_no_spared_muscle_a_caution_puts_last_is_listed_first(
    data: dict[str, Any], cid: str
) -> None:
    """For every case and set of needling limits: the muscles listed to sample first carry no
    caution that puts them after the others; those that do are on their own line, each with
    its caution; together they are the normal studies the needle may reach, beside a repeat
    study alone (A.4, B.4.2)."""
    case = parse_case(data)
    plan = evaluate(case, cid, plan=True).plan
    assert plan is not None
    later = plan.spared_later_sites
    assert all(demoting_caution(s.muscle, case) == s.caution for s in later)
    assert plan.spared_later == later_words(later)
    repeat = bool({t.code for t in plan.timing} & REPEAT_TIMINGS)
    open_normal = [
        s
        for s in case.emg
        if s.is_normal
        and needle_barrier(s.muscle, s.side, region_of(s, DEFAULT_READINGS), case) is None
    ]
    first = [s for s in open_normal if demoting_caution(s.muscle, case) is None]
    assert len(plan.previously_spared) == (len(first) if repeat else 0)
    assert [(s.muscle, s.side) for s in later] == (
        [(s.muscle, s.side) for s in open_normal if s not in first] if repeat else []
    )
