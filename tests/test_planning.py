"""The repeat-testing plan (criteria.md A.4): promises kept, contraindications respected."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import CRITERIA, evaluate, evaluate_all, parse_case
from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, catalogue
from alscriteria.anatomy.independence import independent
from alscriteria.anatomy.regions import Region
from alscriteria.assess.plan.needling import needle_cautions
from alscriteria.assess.plan.situations import needle_study_recorded, umn_only
from alscriteria.assess.plan.timing import REPEAT_TIMINGS
from alscriteria.case.model import Case
from alscriteria.criteria.category import Category
from alscriteria.errors import InvalidCaseError
from plan_helpers import apply_evidence
from strategies import examples
from strategies.planning import planned_cases


@settings(max_examples=examples(120))
@given(planned_cases(), st.sampled_from(list(CRITERIA)))
def test_every_upgrade_path_reaches_its_promised_category(data: dict[str, Any], cid: str) -> None:
    case = parse_case(data)
    result = evaluate(case, cid, plan=True)
    assert result.plan is not None
    cset = CRITERIA[cid]
    for upgrade in result.plan.upgrades:
        changed = evaluate(apply_evidence(case, upgrade.add), cid)
        assert changed.pattern_category is upgrade.to
        # a path says it rests on the 'gap' reading exactly when, without it, it falls short
        strict = evaluate(apply_evidence(case, upgrade.add), cid, {"gap": "unclassified"})
        by_gap = cset.rank(strict.pattern_category) < cset.rank(upgrade.to)
        assert (upgrade.reading == "gap") == by_gap
        # ... and on the default 'regions' scope of laboratory support exactly when, its EMG
        # counted by limbs (each limb region added a pair on one side), it falls short
        limbs = evaluate(apply_evidence(case, upgrade.add), cid, {"lab_supported_emg": "limbs"})
        by_limbs = not by_gap and cset.rank(limbs.pattern_category) < cset.rank(upgrade.to)
        assert (upgrade.reading == "lab_supported_emg") == by_limbs
        assert cset.rank(upgrade.to) > cset.rank(result.pattern_category)
        # minimal: dropping any one item falls short of the promised category
        for item in upgrade.add:
            rest = [e for e in upgrade.add if e != item]
            if rest:
                smaller = evaluate(apply_evidence(case, rest), cid).pattern_category
                assert cset.rank(smaller) < cset.rank(upgrade.to)
    if result.pattern_category is cset.top:
        assert result.plan.upgrades == []


@settings(max_examples=examples(150))
@given(planned_cases(), st.sampled_from(list(CRITERIA)))
def test_suggested_muscles_are_safe_new_and_pair_correctly(data: dict[str, Any], cid: str) -> None:
    case = parse_case(data)
    result = evaluate(case, cid, plan=True)
    assert result.plan is not None
    limits = case.contraindications
    studied = {s.muscle for s in case.emg}
    blocked = {(s.region.value, s.side) for s in (*limits.lymphedema, *limits.skin_infection)}
    for s in result.plan.muscles:
        assert s.muscle not in studied
        # an accessory-nerve muscle never screens the bulbar region (A.4, B.0, S75)
        assert not (s.region is Region.BULBAR and s.muscle in ACCESSORY_MUSCLES), s
        kinds = set(needle_cautions().get(s.muscle, {}))
        if limits.anticoagulated:
            assert "deep_non_compressible" not in kinds, s
        if limits.chest_wall_concerns:
            assert "chest_wall" not in kinds, s
        # a muscle over the lung, or the tongue under anticoagulation, is named in a caution
        named = " ".join(c.text for c in result.plan.cautions)
        name = catalogue()[s.muscle].name.split(" (")[0]
        if kinds & {"chest_wall", "pneumothorax_risk"}:
            assert name[:1].lower() + name[1:] in named, (s, named)
        if "airway_haematoma" in kinds and limits.anticoagulated:
            assert name[:1].lower() + name[1:] in named, (s, named)
        assert (s.region.value, s.side) not in blocked
        demoted = ("airway_haematoma" in kinds and limits.anticoagulated) or (
            "pneumothorax_risk" in kinds and limits.chest_wall_concerns
        )
        if demoted and s.side is None:
            # a bulbar or thoracic muscle the limits demote is offered only when no other
            # muscle of its region is left to sample
            others = [
                k
                for k, m in catalogue().items()
                if m.region is s.region and k != s.muscle and k not in studied
            ]
            for k in others:
                theirs = set(needle_cautions().get(k, {}))
                assert (
                    (limits.anticoagulated and "deep_non_compressible" in theirs)
                    or (limits.chest_wall_concerns and theirs & {"chest_wall", "pneumothorax_risk"})
                    or (limits.anticoagulated and "airway_haematoma" in theirs)
                ), (s, k)
        if s.reason_code == "completes_pair":
            anchors = [
                m for r in result.regions if r.region is s.region for m in r.qualifying_muscles
            ]
            assert any(
                independent(catalogue()[a.muscle], catalogue()[s.muscle], "disjoint")
                for a in anchors
                if a.muscle in catalogue()
            )
    pairs = [s for s in result.plan.muscles if s.reason_code == "independent_pair"]
    for region in {s.region for s in pairs}:
        first, second = (catalogue()[s.muscle] for s in pairs if s.region is region)
        assert independent(first, second, "disjoint")


def test_top_category_has_no_upgrade_and_normal_case_gets_examination_advice() -> None:
    definite = json.loads(Path("examples/definite.json").read_text())
    result = evaluate(definite, "awaji", plan=True)
    assert result.category is Category.DEFINITE and result.plan and result.plan.upgrades == []
    normal_study = {"emg": [{"muscle": "deltoid", "side": "right"}]}  # A.4: a normal EMG
    normal = evaluate_all(
        {"progression": True, "other_causes_excluded": True, **normal_study}, plan=True
    )
    for a in normal.values():
        assert a.plan is not None and a.plan.upgrades == [] and a.plan.muscles == []
        assert [t.code for t in a.plan.timing] == ["no_evidence_now"]
    with_symptoms = evaluate({"motor_symptoms": True, **normal_study}, "gold-coast", plan=True)
    assert with_symptoms.plan and [t.code for t in with_symptoms.plan.timing] == [
        "reexamine_3_to_6_months"
    ]
    # the same normal muscles again would change nothing: none is listed to repeat
    assert with_symptoms.plan.previously_spared == []
    # nothing recorded at all is not "a normal EMG": the plan does not say there was one
    empty = evaluate({"motor_symptoms": True}, "gold-coast", plan=True)
    assert empty.plan and empty.plan.reason == "nothing_recorded"


def test_anticoagulation_offers_rectus_abdominis_and_other_side() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": "first_dorsal_interosseous",
                "side": "right",
                "fibrillation_potentials": True,
                "chronic_neurogenic_change": True,
            },
            {"muscle": "deltoid", "side": "right"},
        ],
        "contraindications": {
            "anticoagulated": True,
            "lymphedema": [{"region": "cervical", "side": "right"}],
            "cardiac_device_side": "left",
        },
        "nerve_conduction": {
            "conduction_block": [{"nerve": "ulnar", "segment": "forearm"}],
            "abnormal_sensory": "mild",
        },
    }
    plan = evaluate(case, "awaji", plan=True).plan
    assert plan is not None
    by_region = {s.region.value: s for s in plan.muscles}
    assert by_region["thoracic"].muscle == "rectus_abdominis"
    assert by_region["thoracic"].reason_code == "anticoagulation_alternative"
    cervical = [s for s in plan.muscles if s.region.value == "cervical"]
    assert cervical and all(
        s.side == "left" and s.reason_code == "completes_pair" for s in cervical
    )
    assert "deltoid" not in {s.muscle for s in plan.muscles}
    # spared, but in the arm with lymphedema: not offered for the repeat study either
    assert plan.previously_spared == []
    codes = {c.code for c in plan.cautions}
    assert {"anticoagulation", "avoid_limb", "cardiac_device"} <= codes
    assessment = evaluate(case, "awaji")  # red flags belong to every Assessment, plan or not
    assert {w.code for w in assessment.warnings} >= {"sensory_abnormality_mild"}
    assert {w.code for w in assessment.warnings} & {"consider_mmn", "consider_mmn_despite_umn"}
    assert all(t.source for t in plan.timing) and plan.guidance_only


def test_plan_is_off_unless_asked_and_in_cli_json() -> None:
    assert evaluate({}, "awaji").plan is None
    import contextlib
    import io

    from alscriteria.cli.app import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["evaluate", "examples/possible.json", "--json"]) == 0
    payload = json.loads(out.getvalue())
    plan = payload["awaji"]["plan"]
    assert {"upgrades", "muscles", "cautions", "timing"} <= set(plan)
    first = plan["upgrades"][0]
    assert set(first) >= {"to", "add"} and set(first["add"][0]) == {"region", "evidence"}


def test_bad_contraindication_input_is_named() -> None:
    try:
        parse_case({"contraindications": {"lymphedema": [{"region": "bulbar", "side": "left"}]}})
    except InvalidCaseError as exc:
        assert "contraindications.lymphedema[0].region" in str(exc) and "cervical" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("accepted a bulbar limb")


def test_case_model_round_trips_new_fields() -> None:
    case = Case.model_validate(
        {
            "contraindications": {"anticoagulated": True},
            "nerve_conduction": {"demyelinating_slowing": True},
        }
    )
    assert Case.model_validate_json(case.model_dump_json()) == case


def _follow(case: dict[str, Any], suggestions: list[Any], region: str) -> dict[str, Any]:
    """The case with the suggested muscles of one region found abnormal."""
    extra = [
        {
            "muscle": s.muscle,
            "side": s.side,
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for s in suggestions
        if s.region.value == region
    ]
    return {**case, "emg": [*case.get("emg", []), *extra]}


def test_suggestions_skip_an_anchor_without_partner() -> None:
    """Cervical paraspinals (C3-C8) has no root-disjoint partner; FDI does (review finding)."""
    abnormal = {"side": "right", "fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "cervical": {"umn_signs": ["hoffmann"]},
            "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness"]},
        },
        "emg": [
            {"muscle": "cervical_paraspinals", **abnormal},
            {"muscle": "first_dorsal_interosseous", **abnormal},
        ],
    }
    result = evaluate(case, "awaji", plan=True)
    assert result.plan is not None
    cervical = [s for s in result.plan.muscles if s.region.value == "cervical"]
    assert cervical and all(s.reason_code == "completes_pair" for s in cervical)
    promised = next(
        u.to for u in result.plan.upgrades if [e.region.value for e in u.add] == ["cervical"]
    )
    assert evaluate(_follow(case, cervical[:1], "cervical"), "awaji").pattern_category is promised


def test_limb_reading_partner_goes_on_the_anchor_side() -> None:
    """Under the two-limb reading a pair split across sides makes no limb (review finding)."""
    abnormal = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"bulbar": {"umn_signs": ["jaw_jerk"]}},
        "emg": [
            {"muscle": "first_dorsal_interosseous", "side": "right", **abnormal},
            {"muscle": "biceps_brachii", "side": "right", **abnormal},
            {"muscle": "tibialis_anterior", "side": "left", **abnormal},
        ],
        "contraindications": {"lymphedema": [{"region": "lumbosacral", "side": "left"}]},
    }
    readings = {"lab_supported_emg": "limbs"}
    result = evaluate(case, "revised-el-escorial", readings, plan=True)
    assert result.plan is not None
    lumbosacral = [s for s in result.plan.muscles if s.region.value == "lumbosacral"]
    assert lumbosacral and all(s.side == "right" for s in lumbosacral)
    followed = evaluate(_follow(case, lumbosacral, "lumbosacral"), "revised-el-escorial", readings)
    assert followed.pattern_category is Category.PROBABLE_LABORATORY_SUPPORTED


# --- issue 19: needle safety as data, EMG only where it helps, clinical order ----------------


def test_needle_cautions_are_catalogue_muscles_with_known_codes_and_may_be_several() -> None:
    known = {
        "deep_non_compressible",
        "chest_wall",
        "pneumothorax_risk",
        "airway_haematoma",
        "sheath_haematoma",
    }
    for key, kinds in needle_cautions().items():
        assert key in catalogue(), key
        assert set(kinds) <= known and all(kinds.values()), key
    # a muscle may need both: deep (anticoagulation) and over the lung (chest wall)
    assert set(needle_cautions()["thoracic_paraspinals"]) == {
        "deep_non_compressible",
        "pneumothorax_risk",
    }
    lung = {
        k
        for k, kinds in needle_cautions().items()
        if {"chest_wall", "pneumothorax_risk"} & set(kinds)
    }
    # AANEM and Kassardjian 2016 (S66, S67), as far as the catalogue has them
    assert lung == {
        "intercostals",
        "thoracic_paraspinals",
        "trapezius",
        "supraspinatus",
        "infraspinatus",
    }
    assert "airway_haematoma" in needle_cautions()["genioglossus"]


def test_an_unknown_caution_code_in_the_data_is_refused(monkeypatch: Any) -> None:
    from alscriteria.assess.plan import needling

    class Fake:
        def joinpath(self, _: str) -> Fake:
            return self

        def read_text(self, _: str) -> str:
            return "key,caution,source\ndeltoid,sharp,criteria.md B.4.2\n"

    needling.needle_cautions.cache_clear()
    monkeypatch.setattr(needling.resources, "files", lambda _: Fake())
    try:
        with pytest.raises(ValueError, match="unknown caution 'sharp'"):
            needling.needle_cautions()
    finally:
        monkeypatch.undo()
        needling.needle_cautions.cache_clear()
    assert "genioglossus" in needling.needle_cautions()


#: The plan situations that look for ALS evidence (planning.make_plan's "searching").
_SEEKING = frozenset(
    {
        "top_category_reached",
        "workup_in_progress",
        "prerequisites_missing",
        "mimic_workup_first",
        "seeking_evidence",
    }
)


def _order(add: list[Any]) -> list[int]:
    clinical = {"cervical": 0, "lumbosacral": 1, "bulbar": 2, "thoracic": 3}
    specific = {"thoracic": 0, "bulbar": 1, "cervical": 2, "lumbosacral": 3}
    return [
        specific[e.region.value] if e.evidence == "emg_lmn" else clinical[e.region.value]
        for e in add
    ]


@settings(max_examples=examples(150))
@given(planned_cases(), st.sampled_from(list(CRITERIA)))
def test_the_plan_asks_for_what_can_change_the_category(data: dict[str, Any], cid: str) -> None:
    """EMG paths most specific first, clinical paths limbs, bulbar, thoracic; muscles only in
    regions of a path EMG alone can reach; spared muscles only beside a repeat study; a
    missing progression is first said to be documentable by history."""
    case = parse_case(data)
    result = evaluate(case, cid, plan=True)
    plan = result.plan
    assert plan is not None
    # a path that holds under every reading before one that rests on a reading (A.3.4), as
    # the four kept to a category must not all rest on one (the session 12 clinical review)
    keys = [
        (len(u.add), not u.emg_obtainable, u.reading is not None, sum(_order(u.add)))
        for u in plan.upgrades
    ]
    assert keys == sorted(keys)
    for u in plan.upgrades:
        emg = [e for e in u.add if e.evidence == "emg_lmn"]
        clinical = [e for e in u.add if e.evidence != "emg_lmn"]
        assert u.add == emg + clinical
        assert _order(emg) == sorted(_order(emg)) and _order(clinical) == sorted(_order(clinical))
    reachable = {e.region for u in plan.upgrades if u.emg_obtainable for e in u.add}
    codes = [t.code for t in plan.timing]
    first = "first_electrodiagnostic_study" in codes
    confirming = [m for m in plan.muscles if m.reason_code == "confirms_bulbar"]
    if confirming:
        # a bulbar region resting on an accessory-nerve muscle alone: one cranial muscle
        assert [m.region.value for m in confirming] == ["bulbar"]
        assert "confirm_bulbar_region" in codes
    if plan.reason != "fasciculations_not_yet_studied" and not first:
        assert {m.region for m in plan.muscles if m not in confirming} <= reachable
    if first:
        # never needled: the first study leads (after a mimic conflict), and replaces every
        # repeat and "EMG cannot raise" line
        assert not needle_study_recorded(case) and not umn_only(case)
        assert codes.index("first_electrodiagnostic_study") == int(codes[0] == "mimic_workup_first")
        assert not set(codes) & {"emg_cannot_raise", "repeat_in_3_months"}
    elif plan.reason in _SEEKING:
        assert needle_study_recorded(case) or umn_only(case)
    if plan.upgrades and not reachable and not first:
        assert plan.muscles == confirming
        assert set(codes) & {"emg_cannot_raise", "emg_cannot_raise_needle_barred"} or all(
            u.needle_barred for u in plan.upgrades
        )
        assert "repeat_in_3_months" not in codes
    for item in plan.timing:
        if item.code in ("repeat_in_3_months", "repeat_at_progression_review"):
            # "looking first at" names only regions EMG alone can reach for a path (A.4)
            named = item.text.split("looking first at: ")[1].split(".")[0]
            assert set(named.replace(" and ", ", ").split(", ")) <= {r.value for r in reachable}
    if case.progression is False:
        # a static course: the one interval is the six-month re-examination (A.5, B.4.4)
        assert not any("in about 3 months" in item.text for item in plan.timing), codes
    if plan.previously_spared:
        assert set(codes) & REPEAT_TIMINGS
    if plan.reason == "top_category_reached":
        assert plan.previously_spared == [] and plan.muscles == []
    if plan.reason in ("prerequisites_missing", "workup_in_progress") and case.progression is None:
        at = codes.index("progression_by_history")
        assert codes[at : at + 2] == ["progression_by_history", "document_progression"]
        # after the first study where one leads, and after the exclusion of other causes
        # (a treatable mimic first; a re-examination takes months)
        exclusion = case.other_causes_excluded is not True
        assert at == int(first) + int(exclusion)
        if exclusion:
            assert codes[at - 1] == "complete_exclusion"
    if case.progression is False:
        assert "progression_by_history" not in codes
    if "umn_only_yearly_emg" in codes or "umn_only_first_emg" in codes:
        assert umn_only(case) and "repeat_in_3_months" not in codes


def test_the_tongue_under_anticoagulation_comes_after_the_other_cranial_muscles() -> None:
    # the arm already needled (abnormal): the plan seeks the bulbar EMG, not a first study
    arm = [
        {
            "muscle": m,
            "side": "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for m in ("first_dorsal_interosseous", "biceps_brachii")
    ]
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"]},
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"umn_signs": ["babinski"], "lmn_signs": ["weakness", "wasting"]},
        },
        "emg": arm,
    }
    plain = evaluate(case, "awaji", plan=True).plan
    assert plain is not None and [m.muscle for m in plain.muscles] == ["genioglossus"]
    assert "airway_haematoma" not in {c.code for c in plain.cautions}  # no anticoagulation
    thin = {**case, "contraindications": {"anticoagulated": True}}
    plan = evaluate(thin, "awaji", plan=True).plan
    assert plan is not None and [m.muscle for m in plan.muscles] == ["masseter"]
    assert plan.muscles[0].reason_code == "airway_alternative"
    # every other cranial muscle studied: the tongue is still suggested, and named
    others = [{"muscle": m} for m in ("masseter", "orbicularis_oris", "frontalis")] + [
        {"muscle": m, "side": "left"} for m in ("sternocleidomastoid", "trapezius")
    ]
    last = evaluate({**thin, "emg": [*arm, *others]}, "awaji", plan=True).plan
    assert last is not None and [m.muscle for m in last.muscles] == ["genioglossus"]
    [airway] = [c for c in last.cautions if c.code == "airway_haematoma"]
    assert "genioglossus" in airway.text and "airway" in airway.text


def test_the_pneumothorax_caution_names_a_spared_muscle_offered_for_repeat() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": "first_dorsal_interosseous",
                "side": "right",
                "fibrillation_potentials": True,
                "chronic_neurogenic_change": True,
            },
            {"muscle": "supraspinatus", "side": "right"},
        ],
    }
    plan = evaluate(case, "revised-el-escorial", plan=True).plan
    assert plan is not None and "supraspinatus (right)" in plan.previously_spared
    [lung] = [c for c in plan.cautions if c.code == "pneumothorax"]
    assert "supraspinatus" in lung.text


def test_the_next_visit_names_the_tongue_it_repeats_under_anticoagulation() -> None:
    """A history's next visit repeats the spared muscles first, but a spared genioglossus
    under anticoagulation is not among them: it comes after masseter or a facial muscle
    (review 12, finding 5) and carries the airway caution there too (A.4, A.5)."""
    from alscriteria import evaluate_history

    findings = {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}}
    emg = [
        {
            "muscle": "first_dorsal_interosseous",
            "side": "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        },
        {"muscle": "genioglossus"},
    ]
    result = evaluate_history(
        {
            "visits": [
                {
                    "date": "2024-01-15",
                    "regions": findings,
                    "emg": emg,
                    "motor_symptoms": True,
                    "other_causes_excluded": True,
                },
                {
                    "date": "2024-04-15",
                    "regions": findings,
                    "motor_symptoms": True,
                    "other_causes_excluded": True,
                    "contraindications": {"anticoagulated": True},
                },
            ]
        },
        plan=True,
    )
    plan = result.next_visit
    assert plan is not None and "genioglossus" not in [m for r in plan.regions for m in r.spared]
    assert "genioglossus" in [s.muscle for r in plan.regions for s in r.later_sites]
    [airway] = [c for c in plan.cautions if c.code == "airway_haematoma"]
    assert "genioglossus" in airway.text


def test_a_umn_only_history_plans_the_next_emg_about_a_year_on() -> None:
    """The history's next visit follows the plans' yearly EMG for a UMN-only picture (A.4),
    not the 3-to-6-month window, nor "no repeat EMG planned"."""
    from alscriteria import evaluate_history

    regions = {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["babinski"]}}
    base = {"regions": regions, "other_causes_excluded": True, "progression": True}
    result = evaluate_history(
        {
            "visits": [
                {
                    "date": "2024-01-15",
                    "emg": [{"muscle": "tibialis_anterior", "side": "right"}],
                    **base,
                },
                {"date": "2024-07-15", **base},
            ]
        },
        plan=True,
    )
    for a in result.visits[-1].results.values():
        assert a.plan is not None and [t.code for t in a.plan.timing] == ["umn_only_yearly_emg"]
    plan = result.next_visit
    assert plan is not None and plan.reason == "repeat_emg" and "about a year" in plan.text
    [row] = plan.regions
    assert (row.due_from, row.due_by) == (date(2024, 12, 15), date(2025, 2, 15))
    assert row.spared == ["tibialis_anterior (right)"]


def test_a_first_study_names_only_regions_a_needle_can_go_to() -> None:
    """Never needled, weak wasted arms with lymphedema in both: the first study names the
    legs and the thoracic region, not the arms (their caution says why), and suggests no
    arm muscle; no repeat and no 'EMG cannot raise' line beside it (A.4)."""
    both_arms = [{"region": "cervical", "side": s} for s in ("left", "right")]
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"umn_signs": ["babinski"]},
        },
        "contraindications": {"lymphedema": both_arms},
    }
    for a in evaluate_all(case, plan=True).values():
        assert a.plan is not None
        [first] = [t for t in a.plan.timing if t.code == "first_electrodiagnostic_study"]
        assert "in the lumbosacral region, where the signs are" in first.text
        assert "cervical" not in first.text and "the thoracic region" in first.text
        assert all(m.region.value != "cervical" for m in a.plan.muscles)
        assert a.plan.timing[0] is first and len(a.plan.timing) == 1


@settings(max_examples=examples(120))
@given(planned_cases(), st.sampled_from(list(CRITERIA)))
def test_a_path_into_a_barred_limb_region_is_not_offered_to_emg(
    data: dict[str, Any], cid: str
) -> None:
    """A path whose EMG region has both limbs barred (lymphedema, skin infection) is one EMG
    cannot reach now (A.4, B.4.2): never `emg_obtainable`, and `needle_barred` names it."""
    case = parse_case(data)
    result = evaluate(case, cid, plan=True)
    assert result.plan is not None
    limits = case.contraindications
    sites = [*limits.lymphedema, *limits.skin_infection]
    barred = {
        r
        for r in Region
        if r.is_limb and {s.side for s in sites if s.region is r} >= {"left", "right"}
    }
    for u in result.plan.upgrades:
        emg = {e.region for e in u.add if e.evidence == "emg_lmn"}
        assert set(u.needle_barred) == emg & barred, u
        if u.needle_barred:
            assert not u.emg_obtainable


def test_both_arms_barred_the_cervical_emg_path_says_emg_cannot_reach_it() -> None:
    data = json.loads(
        (
            Path(__file__).parent
            / "situations"
            / "needle_barred__both_arms_lymphedema_path_not_reachable_by_emg.json"
        ).read_text()
    )["case"]
    result = evaluate(parse_case(data), "gold-coast", plan=True)
    assert result.plan is not None
    dumped = result.plan.model_dump(mode="json")
    cervical = [
        u for u in dumped["upgrades"] if u["add"] == [{"region": "cervical", "evidence": "emg_lmn"}]
    ]
    assert cervical == [
        {
            "to": "als",
            "add": [{"region": "cervical", "evidence": "emg_lmn"}],
            "emg_obtainable": False,
            "needle_barred": ["cervical"],
            "reading": None,
            "waits_on": None,
        }
    ]
    assert all(m.region is not Region.CERVICAL for m in result.plan.muscles)


def test_a_first_study_says_whether_its_clean_region_was_examined() -> None:
    """ "No clinical sign recorded" of a region nobody examined misstates the record."""
    signs = {
        "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"lmn_signs": ["weakness"]},
    }
    base = {"progression": True, "other_causes_excluded": True}
    unexamined = evaluate({**base, "regions": signs}, "awaji", plan=True)
    examined = evaluate({**base, "regions": {**signs, "thoracic": {}}}, "awaji", plan=True)
    for a, said in (
        (unexamined, "not examined clinically"),
        (examined, "with no clinical sign recorded"),
    ):
        assert a.plan is not None
        [first] = [t.text for t in a.plan.timing if t.code == "first_electrodiagnostic_study"]
        assert f"in the thoracic region, {said}" in first


def test_a_muscle_s_roots_are_written_as_clinicians_write_them() -> None:
    """One writer of root spans: a cranial nerve never spans into the cord, and neighbours
    down the cord (C8 beside T1) make one span."""
    from alscriteria.anatomy.catalogue import catalogue, root_span
    from alscriteria.wording.plan import describe_muscle

    assert root_span(frozenset({"CN11", "C2", "C3"})) == "CN11, C2-C3"
    assert root_span(frozenset({"C5", "C6", "C7", "C8", "T1"})) == "C5-T1"
    assert root_span(frozenset({"L4", "L5", "S1"})) == "L4-S1"
    assert root_span(frozenset({"C5", "C7"})) == "C5, C7"
    scm = describe_muscle(catalogue()["sternocleidomastoid"])
    assert scm == "Sternocleidomastoid (spinal accessory, CN11, C2-C3)"


def test_the_rectus_abdominis_is_not_called_compressible_under_anticoagulation() -> None:
    """The thoracic alternative to the paraspinals is more superficial, not compressible: the
    rectus sheath can bleed in an anticoagulated patient (B.4.2, S135; the session 11
    clinical review)."""
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "bulbar": {"umn_signs": ["jaw_jerk"], "lmn_signs": ["wasting"]},
            "cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]},
        },
        "contraindications": {"anticoagulated": True},
    }
    reasons = [
        m.reason
        for a in evaluate_all(case, plan=True).values()
        for m in (a.plan.muscles if a.plan else [])
        if m.muscle == "rectus_abdominis"
    ]
    assert reasons
    for reason in reasons:
        assert "a more superficial alternative for the thoracic region" in reason
        assert "compressible alternative" not in reason
