"""The motor phenotype (criteria.md A.6) and the pattern red flags (B.4.1).

The phenotype is descriptive: it must never change a category, every case gets exactly one
valid code, and it is the same under every criteria set. The pattern flags are raised at
most one per case, and a mimic finding beside a completed exclusion leads the plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args
from unittest import mock

import pytest
from hypothesis import given, settings

import alscriteria.assess.context
from alscriteria import evaluate_all, parse_case, wording
from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, catalogue
from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.advice import Phenotype, PhenotypeCode
from alscriteria.assess.phenotype import completed_years
from alscriteria.assess.red_flags import treatable_mimic_findings
from alscriteria.history import evaluate_history
from alscriteria.rules.engine import RuleEngine
from strategies import any_cases, examples

PATTERN_FLAGS = {
    "consider_lumbosacral_imaging",
    "consider_flail_arm_mimics",
    "consider_bulbar_mimics",
    "consider_pure_lmn_mimics",
    "consider_umn_only_mimics",
}
UMN_ONLY_CODES = {
    "umn_one_region",
    "pls_duration_unknown",
    "pls_probable",
    "pls_definite",
    "umn_predominant_too_early",
    "umn_predominant_no_emg",
    "umn_predominant_emg_too_early",
}
LMN_CODES = {
    "progressive_bulbar_palsy",
    "flail_arm",
    "flail_leg",
    "lmn_one_arm",
    "lmn_one_leg",
    "lmn_arms_emg_only",
    "lmn_legs_emg_only",
    "progressive_muscular_atrophy",
}

_DUMMY = Phenotype(code="classic", text="x", source="y", umn_regions=[], lmn_regions=[])


# --- properties --------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(any_cases)
def test_the_phenotype_never_changes_a_category(case: dict[str, Any]) -> None:
    """The categories with the phenotype computed are those with it replaced by a constant:
    no rule, gate or ladder reads it. (The phenotype is built when first read: read it while
    the constant stands in.)"""
    computed = evaluate_all(case)
    # an engine without a memo: the shared one would keep the constant for later cases
    unkept = RuleEngine(memo_size=0)
    with mock.patch.object(alscriteria.assess.context, "motor_phenotype", lambda _e, **_k: _DUMMY):
        replaced = evaluate_all(case, engine=unkept)
        for a in replaced.values():
            a.explain()
    assert {a.phenotype.code for a in replaced.values()} == {"classic"}
    for cid, a in computed.items():
        b = replaced[cid]
        assert (a.category, a.pattern_category, a.met) == (b.category, b.pattern_category, b.met)
        assert a.warnings == b.warnings


@settings(max_examples=examples(300))
@given(any_cases)
def test_every_case_gets_exactly_one_valid_phenotype(case: dict[str, Any]) -> None:
    results = evaluate_all(case)
    phenotypes = [a.phenotype for a in results.values()]
    assert all(p == phenotypes[0] for p in phenotypes), "the same under every criteria set"
    p = phenotypes[0]
    assert p.code in get_args(PhenotypeCode)
    text, source = wording.phenotype(
        p.code,
        [r.value for r in p.umn_regions],
        [r.value for r in p.lmn_regions],
        None,
        pattern_only=p.pattern_only,
        emg_only=[r.value for r in p.lmn_emg_only],
        other_limb=None if p.other_limb is None else (p.other_limb, list(p.other_limb_muscles)),
        other_limb_emg=p.other_limb_emg_only,
        mimic="mimic_findings_explained" in p.needs,
    )
    assert set(p.lmn_emg_only) <= set(p.lmn_regions)
    if p.bulbar_rests_on:
        # the bulbar region set aside, as the red flags set it aside (A.6, B.0, S75)
        assert Region.BULBAR not in p.lmn_regions
        assert set(p.bulbar_rests_on) <= ACCESSORY_MUSCLES
        text += " " + wording.accessory_aside([catalogue()[k].name for k in p.bulbar_rests_on])
    assert (p.text, p.source) == (text, source)
    # another cause recorded: the pattern of the findings, no ALS form and no prognosis
    assert p.pattern_only == (case.get("alternative_diagnosis") is not None)
    if p.pattern_only:
        assert p.needs == [] and "months" not in p.text
    assert "{" not in p.text and "A.6" in p.source
    # its regions are what the evaluation saw: UMN as every criteria set reads it, and LMN
    # at least wherever any criteria set counts weakness, wasting or a positive region EMG
    some = next(iter(results.values()))
    assert p.umn_regions == [r.region for r in some.regions if r.umn]
    counted = {r.region for a in results.values() for r in a.regions if r.clinical_lmn or r.emg_lmn}
    assert counted - ({Region.BULBAR} if p.bulbar_rests_on else set()) <= set(p.lmn_regions)
    if p.code == "no_motor_signs":
        assert not p.umn_regions and not p.lmn_regions
    elif p.code == "classic":
        assert p.umn_regions and p.lmn_regions
    elif p.code in UMN_ONLY_CODES:
        assert p.umn_regions and not p.lmn_regions
    else:
        assert p.code in LMN_CODES and p.lmn_regions


@settings(max_examples=examples(300))
@given(any_cases)
def test_at_most_one_pattern_flag_and_never_top_reached_beside_a_conflict(
    case: dict[str, Any],
) -> None:
    for a in evaluate_all(case, plan=True).values():
        codes = [w.code for w in a.warnings]
        # one pattern, except that a limb clinically confined keeps its work-up beside the
        # pure LMN one when the needle finds a second region
        patterns = PATTERN_FLAGS.intersection(codes) - {"consider_pure_lmn_mimics"}
        assert len(patterns) <= 1, codes
        if "consider_pure_lmn_mimics" in codes:
            assert patterns <= {"consider_flail_arm_mimics", "consider_lumbosacral_imaging"}
        assert a.plan is not None
        conflict = "mimic_conflicts_with_exclusion" in codes
        if conflict:
            # the plan leads with the mimic work-up whatever its situation
            assert codes[0] == "mimic_conflicts_with_exclusion"
            assert a.plan.timing[0].code == "mimic_workup_first"
            assert a.plan.reason != "top_category_reached"
        assert (a.plan.reason == "mimic_workup_first") <= conflict


@settings(max_examples=examples(300))
@given(any_cases)
def test_the_flags_fit_the_level_and_the_recorded_cause(case: dict[str, Any]) -> None:
    """Another cause recorded: no flag that looks for a cause of the pattern, only the
    treatable-mimic conduction findings, as findings. Otherwise the spinal UMN-only work-up needs a spinal UMN sign,
    and the structural-lesion flag names the cervical spine exactly when the arms are
    involved."""
    a = next(iter(evaluate_all(case).values()))
    codes = {w.code for w in a.warnings}
    if case.get("alternative_diagnosis") is not None:
        # the treatable-mimic conduction findings, as findings, and nothing else
        mimic = bool(treatable_mimic_findings(parse_case(case)))
        assert codes == ({"conduction_findings_beside_another_cause"} if mimic else set()), codes
        return
    umn = {r.region.value for r in a.regions if r.umn}
    if "consider_umn_only_mimics" in codes:
        assert umn - {"bulbar"}, umn
    if umn == {"bulbar"}:
        assert "consider_umn_only_mimics" not in codes
    if "consider_thoracic_cord_or_conus_lesion" in codes:
        # the levels below the neck are added to the cervical spine, never instead of it
        assert "consider_cervical_myelopathy" in codes
        cervical = next(r for r in a.regions if r.region.value == "cervical")
        assert not cervical.umn and not cervical.clinical_lmn and not cervical.emg_lmn


# --- the phenotype's definitions ----------------------------------------------------------


def _code(regions: dict[str, Any], emg: list[dict[str, Any]] | None = None) -> str:
    return evaluate_all({"regions": regions, "emg": emg or []})["awaji"].phenotype.code


@pytest.mark.parametrize(
    ("regions", "code"),
    [
        ({}, "no_motor_signs"),
        ({"cervical": {"lmn_signs": ["fasciculations"]}}, "no_motor_signs"),
        ({"cervical": {"lmn_signs": ["weakness"]}}, "flail_arm"),
        ({"cervical": {"lmn_signs": ["wasting"], "umn_signs": ["hoffmann"]}}, "flail_arm"),
        # increased tone or clonus is not allowed in a flail limb (S71)
        ({"cervical": {"lmn_signs": ["wasting"], "umn_signs": ["clonus"]}}, "classic"),
        ({"lumbosacral": {"lmn_signs": ["weakness"], "umn_signs": ["babinski"]}}, "flail_leg"),
        ({"lumbosacral": {"lmn_signs": ["weakness"], "umn_signs": ["spasticity"]}}, "classic"),
        # a UMN flag without the signs named cannot be checked
        ({"cervical": {"lmn_signs": ["weakness"], "umn": True}}, "classic"),
        (
            {"cervical": {"lmn_signs": ["weakness"]}, "bulbar": {"umn_signs": ["jaw_jerk"]}},
            "classic",
        ),
        ({"bulbar": {"lmn_signs": ["wasting"]}}, "progressive_bulbar_palsy"),
        (
            {"bulbar": {"lmn_signs": ["wasting"], "umn_signs": ["jaw_jerk"]}},
            "progressive_bulbar_palsy",
        ),
        ({"bulbar": {"umn_signs": ["jaw_jerk"]}}, "umn_one_region"),
        ({"thoracic": {"umn_signs": ["absent_abdominal_reflexes"]}}, "umn_one_region"),
        (
            {
                "thoracic": {"umn_signs": ["absent_abdominal_reflexes"]},
                "cervical": {"umn_signs": ["hoffmann"]},
            },
            "umn_one_region",
        ),
        # never needled: active LMN degeneration is not excluded, so not PLS yet (S70)
        (
            {"cervical": {"umn_signs": ["hoffmann"]}, "lumbosacral": {"umn_signs": ["babinski"]}},
            "umn_predominant_no_emg",
        ),
        ({"thoracic": {"lmn_signs": ["weakness"]}}, "progressive_muscular_atrophy"),
        (
            {"cervical": {"lmn_signs": ["weakness"]}, "lumbosacral": {"lmn": True}},
            "progressive_muscular_atrophy",
        ),
    ],
)
def test_each_phenotype_from_the_regions(regions: dict[str, Any], code: str) -> None:
    assert _code(regions) == code


def test_one_denervated_muscle_is_active_lmn_degeneration_and_rules_out_pls() -> None:
    """A limb region needs two muscles for a criteria set's count, but one muscle with
    denervation and reinnervation is active LMN degeneration (S70)."""
    umn = {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["spasticity"]}}
    one = [
        {
            "muscle": "deltoid",
            "side": "left",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
    ]
    assert _code(umn, one) == "classic"
    # fasciculation potentials alone, or chronic change alone, are not
    minor = [{"muscle": "deltoid", "side": "left", "chronic_neurogenic_change": True}]
    assert _code(umn, minor) == "pls_duration_unknown"


def test_what_the_case_cannot_check_is_named() -> None:
    pls = evaluate_all(
        {
            "regions": {
                "bulbar": {"umn_signs": ["jaw_jerk"]},
                "lumbosacral": {"umn_signs": ["babinski"]},
            }
        }
    )["awaji"].phenotype
    # never needled: active LMN degeneration, which PLS excludes, is not ruled out (S70); the
    # code and the sentence say it, so the needs do not repeat it
    assert pls.code == "umn_predominant_no_emg"
    assert pls.needs == ["onset", "age", "sensory_symptoms"]
    assert "age (PLS needs 25 years or more)" in pls.needs_text
    assert "until a needle EMG study excludes active LMN degeneration" in pls.text
    assert "the duration is not known here" in pls.text
    early = _history(
        ["2021-03-15"],
        {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["babinski"]}},
    )
    assert early.visits[0].phenotype.needs == ["age", "sensory_symptoms", "no_needle_study"]
    arm = evaluate_all({"regions": {"cervical": {"lmn_signs": ["weakness"]}}})["awaji"].phenotype
    assert arm.needs == [
        "both_arms_involved",  # weakness given for the arms as a whole (session 12)
        "proximal_predominance",
        "function_first_12_months",
        "other_regions_not_examined",
    ]
    assert "predominantly proximal" in arm.needs_text and "61 months" in arm.text
    open_emg = evaluate_all(
        {
            "regions": {
                "cervical": {"umn_signs": ["hoffmann"]},
                "lumbosacral": {"emg": {"chronic_neurogenic_change": True}},
            }
        }
    )["awaji"].phenotype
    assert open_emg.code == "umn_one_region" and "emg_open" in open_emg.needs


def _history(
    dates: list[str],
    regions: dict[str, Any],
    onset: str | None = "2020-03-15",
    emg: list[dict[str, Any]] | None = None,
) -> Any:
    visits = [{"date": d, "regions": regions, "emg": emg or []} for d in dates]
    return evaluate_history({"onset": onset, "visits": visits}, plan=False)


#: A needle study with no LMN degeneration: what the PLS criteria ask (S70).
NORMAL_EMG = [
    {"muscle": "first_dorsal_interosseous", "side": "right"},
    {"muscle": "tibialis_anterior", "side": "right"},
]


def test_pls_is_dated_from_the_onset_in_completed_years() -> None:
    umn = {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["spasticity"]}}
    dates = ["2022-03-14", "2022-03-15", "2024-03-14", "2024-03-15"]
    result = _history(dates, umn, emg=NORMAL_EMG)
    assert [v.phenotype.code for v in result.visits] == [
        "umn_predominant_too_early",
        "pls_probable",
        "pls_probable",
        "pls_definite",
    ]
    assert "2 years from onset" in result.visits[1].phenotype.text
    assert "onset" not in result.visits[1].phenotype.needs
    # the visit's Assessments give it as `evaluate` does, without the onset
    assert result.visits[3].results["awaji"].phenotype.code == "pls_duration_unknown"
    undated = _history(["2024-03-15"], umn, onset=None, emg=NORMAL_EMG)
    assert undated.visits[0].phenotype.code == "pls_duration_unknown"


def test_pls_is_never_probable_or_definite_without_a_needle_study() -> None:
    """Turner 2020 (S70) requires no active LMN degeneration on EMG: 4 years of UMN signs
    only, never needled, is UMN-predominant, and PLS is not called until EMG excludes it."""
    umn = {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["spasticity"]}}
    result = _history(["2022-03-14", "2022-03-15", "2024-03-15"], umn)
    codes = [v.phenotype.code for v in result.visits]
    assert codes == [
        "umn_predominant_too_early",
        "umn_predominant_no_emg",
        "umn_predominant_no_emg",
    ]
    last = result.visits[-1].phenotype
    assert "4 years from onset" in last.text and "UMN-predominant" in last.text
    assert (
        "definite" not in last.text.split(".")[0] and "Primary lateral sclerosis, " not in last.text
    )
    # the first needle study that finds no LMN degeneration dates it as PLS
    later = _history(["2024-03-15"], umn, emg=NORMAL_EMG)
    assert later.visits[0].phenotype.code == "pls_definite"
    # a registry's EMG summary that answers is a study; one left unknown throughout is none
    for answer, code in ((False, "pls_definite"), (None, "umn_predominant_no_emg")):
        summarised = {**umn, "cervical": {"emg": {"lmn_evidence": answer}}}
        assert _history(["2024-03-15"], summarised).visits[0].phenotype.code == code


def test_a_flail_limb_under_12_months_from_onset_is_provisional() -> None:
    arm = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    result = _history(["2020-09-01", "2021-04-01"], arm)
    early, later = (v.phenotype for v in result.visits)
    assert (early.code, later.code) == ("flail_arm", "flail_arm")
    assert "under_12_months" in early.needs and "provisional" in early.needs_text
    assert "function_first_12_months" in later.needs


@pytest.mark.parametrize(
    ("involved", "at", "codes"),
    [
        # another region functionally involved within 12 months of onset: not a flail limb
        # (S71), from that visit on; the signs give PMA (no UMN sign)
        (["upper_limb", "lower_limb"], "2020-12-01", ["flail_arm", "progressive_muscular_atrophy"]),
        (["bulbar"], "2021-03-14", ["flail_arm", "progressive_muscular_atrophy"]),
        # the arm's own region only: still flail arm
        (["upper_limb"], "2020-12-01", ["flail_arm", "flail_arm"]),
        # first recorded on the anniversary (12 calendar months reached: within_first_12_months)
        # or after: it may have begun later, so the name stands
        (["lower_limb"], "2021-03-15", ["flail_arm", "flail_arm"]),
        (["lower_limb"], "2021-03-16", ["flail_arm", "flail_arm"]),
    ],
)
def test_function_lost_elsewhere_in_the_first_year_excludes_a_flail_limb(
    involved: list[str], at: str, codes: list[str]
) -> None:
    arm = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    visits = [
        {"date": "2020-09-01", "regions": arm},
        {"date": at, "regions": arm, "functional_involvement": involved},
    ]
    result = evaluate_history({"onset": "2020-03-15", "visits": visits}, plan=False)
    assert [v.phenotype.code for v in result.visits] == codes
    # the same for a leg: function lost in the arms within the year excludes flail leg
    leg = {"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}
    swapped = [{"upper_limb": "lower_limb"}.get(r, r) for r in involved]
    legs = [{**v, "regions": leg} for v in visits]
    legs[1]["functional_involvement"] = swapped if "lower_limb" not in involved else ["upper_limb"]
    result = evaluate_history({"onset": "2020-03-15", "visits": legs}, plan=False)
    expected = [c.replace("flail_arm", "flail_leg") for c in codes]
    assert [v.phenotype.code for v in result.visits] == expected


@pytest.mark.parametrize(
    ("regions", "code"),
    [
        ({"cervical": {"lmn_signs": ["weakness", "wasting"]}}, "flail_arm"),
        ({"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}, "flail_leg"),
        ({"cervical": {"right": {"lmn_signs": ["weakness", "wasting"]}}}, "lmn_one_arm"),
        ({"bulbar": {"lmn_signs": ["weakness", "wasting"]}}, "progressive_bulbar_palsy"),
    ],
)
def test_a_confined_picture_names_the_regions_not_examined(
    regions: dict[str, Any], code: str
) -> None:
    """ "Confined to the arms" said of regions nobody examined (the session 11 clinical
    review): the need is named while a bulbar, arm or leg region has no record, and goes
    once each is recorded (examined and normal: an empty record). The thoracic region is
    not asked for (it is rarely examined clinically, and no confined form is defined by
    it)."""
    alone = evaluate_all({"regions": regions})["awaji"].phenotype
    assert alone.code == code
    assert "other_regions_not_examined" in alone.needs
    assert "regions with no examination recorded are spared" in alone.needs_text
    every = {"bulbar": {}, "cervical": {}, "lumbosacral": {}, **regions}
    examined = evaluate_all({"regions": every})["awaji"].phenotype
    assert examined.code == code
    assert "other_regions_not_examined" not in examined.needs


def test_pls_names_the_exclusion_it_requires() -> None:
    """The PLS criteria require other causes excluded (S70), as they require age and no
    unexplained sensory symptoms: a PLS grade without the exclusion recorded names it."""
    umn = {
        "bulbar": {"umn_signs": ["jaw_jerk"]},
        "cervical": {"umn_signs": ["hoffmann"]},
        "lumbosacral": {"umn_signs": ["babinski"]},
    }
    for excluded, named in ((None, True), (False, True), (True, False)):
        visits = [
            {"date": "2023-06-01", "regions": umn, "emg": NORMAL_EMG}
            | ({} if excluded is None else {"other_causes_excluded": excluded})
        ]
        result = evaluate_history({"onset": "2021-01-10", "visits": visits}, plan=False)
        phenotype = result.visits[0].phenotype
        assert phenotype.code == "pls_probable"
        assert ("other_causes_excluded" in phenotype.needs) == named
        assert ("the PLS criteria require it" in phenotype.needs_text) == named
    # an ALS form is not asked for it here: the category says what the exclusion decides
    classic = evaluate_all(
        {"regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["wasting"]}}}
    )
    assert "other_causes_excluded" not in classic["awaji"].phenotype.needs


def test_a_form_named_beside_a_treatable_mimic_says_it_is_provisional() -> None:
    """Progressive muscular atrophy named beside conduction block outside entrapment sites
    (a multifocal motor neuropathy picture; the session 11 clinical review): what the
    phenotype could not check names the mimic's findings, whether the exclusion was
    recorded or not; mild sensory changes (which occur in ALS) are not among them."""
    regions = {
        "cervical": {"lmn_signs": ["weakness", "wasting"]},
        "lumbosacral": {"lmn_signs": ["weakness", "wasting"]},
    }
    block = {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]}
    for ncs, named in (
        (block, True),
        ({"demyelinating_slowing": True}, True),
        ({"abnormal_sensory": "marked"}, True),
        ({"abnormal_sensory": "mild"}, False),
        ({}, False),
    ):
        for excluded in (True, None):
            case = {"regions": regions, "nerve_conduction": ncs, "other_causes_excluded": excluded}
            phenotype = evaluate_all(case)["gold-coast"].phenotype
            assert phenotype.code == "progressive_muscular_atrophy"
            assert ("mimic_findings_explained" in phenotype.needs) == named
            assert ("until then the form named is provisional" in phenotype.needs_text) == named
    # with another cause recorded nothing is named as a form, so nothing is asked
    other = evaluate_all(
        {"regions": regions, "nerve_conduction": block, "alternative_diagnosis": "MMN"}
    )["gold-coast"].phenotype
    assert other.pattern_only and other.needs == []


def test_the_history_page_shows_the_visits_phenotype_in_its_table_of_codes() -> None:
    """The page of a history shows the last visit's phenotype (dated from the onset, read
    with the function recorded) everywhere, its table of codes included: that table used to
    show the visit's Assessments' own, flail arm with its survival figure, beside a visit
    list that had excluded it (the session 11 clinical review)."""
    from alscriteria.report import history_report

    arm = {"cervical": {"lmn_signs": ["weakness", "wasting"]}}
    history = {
        "onset": "2020-03-15",
        "visits": [
            {"date": "2020-09-01", "regions": arm},
            {"date": "2020-12-01", "regions": arm, "functional_involvement": ["lower_limb"]},
        ],
    }
    result = evaluate_history(history)
    assert result.visits[-1].phenotype.code == "progressive_muscular_atrophy"
    assert next(iter(result.visits[-1].results.values())).phenotype.code == "flail_arm"
    page = history_report(history, result)
    codes = page[page.index("The codes behind the words") :]
    last_visit = codes[: codes.index("Visit 1: motor phenotype")]  # the last visit's rows
    assert "Median survival was 61 months" not in last_visit
    assert "progressive_muscular_atrophy" in last_visit


def test_completed_years_count_like_a_birthday() -> None:
    from datetime import date

    assert completed_years(date(2020, 2, 29), date(2022, 2, 28)) == 1
    assert completed_years(date(2020, 2, 29), date(2022, 3, 1)) == 2


# --- the pattern red flags ------------------------------------------------------------------


def _flags(case: dict[str, Any]) -> list[str]:
    return [w.code for w in evaluate_all(case)["awaji"].warnings]


def test_fasciculations_in_the_arms_keep_the_lumbar_flag() -> None:
    legs = {"lumbosacral": {"lmn_signs": ["weakness"]}}
    assert _flags({"regions": legs}) == ["consider_lumbosacral_imaging"]
    twitching = {**legs, "cervical": {"lmn_signs": ["fasciculations"]}}
    assert _flags({"regions": twitching}) == ["consider_lumbosacral_imaging"]
    only_potentials = [{"muscle": "deltoid", "side": "right", "fasciculation_potentials": True}]
    assert _flags({"regions": legs, "emg": only_potentials}) == ["consider_lumbosacral_imaging"]
    # one denervated arm muscle, short of an EMG-positive arm: the legs' LMN signs are still
    # confined to the legs, and the lumbar imaging stays asked for (a flag withheld hides a
    # mimic; clinical review of issue 19)
    denervated = [{"muscle": "deltoid", "side": "right", "fibrillation_potentials": True}]
    assert _flags({"regions": legs, "emg": denervated}) == ["consider_lumbosacral_imaging"]
    # an EMG-positive arm (two independent muscles) is LMN beyond the legs: the pure LMN
    # work-up is added, the clinically confined legs keep theirs
    pair = [
        {
            "muscle": m,
            "side": "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for m in ("deltoid", "first_dorsal_interosseous")
    ]
    assert _flags({"regions": legs, "emg": pair}) == [
        "consider_lumbosacral_imaging",
        "consider_pure_lmn_mimics",
    ]


def test_an_abnormal_muscle_or_an_abnormal_summary_stops_the_umn_only_flag() -> None:
    umn = {"cervical": {"umn_signs": ["hoffmann"]}}
    assert _flags({"regions": umn}) == ["consider_umn_only_mimics"]
    assert (
        _flags(
            {
                "regions": umn,
                "emg": [{"muscle": "deltoid", "side": "left", "chronic_neurogenic_change": True}],
            }
        )
        == []
    )
    summary = {**umn, "lumbosacral": {"emg": {"fibrillation_potentials": True}}}
    assert "consider_umn_only_mimics" not in _flags({"regions": summary})
    normal = {
        **umn,
        "lumbosacral": {"emg": {"chronic_neurogenic_change": False, "active_denervation": False}},
    }
    assert _flags({"regions": normal}) == ["consider_umn_only_mimics"]


def test_kennedy_flag_stays_beside_the_pure_lmn_flag() -> None:
    case = {
        "regions": {
            "bulbar": {"lmn_signs": ["wasting"]},
            "lumbosacral": {"lmn_signs": ["weakness"]},
        },
        "nerve_conduction": {"abnormal_sensory": "marked"},
    }
    assert _flags(case) == [
        "consider_kennedy_disease",
        "sensory_abnormality_marked",
        "consider_pure_lmn_mimics",
    ]


@pytest.mark.parametrize(
    ("lumbosacral", "emg_sides", "kennedy"),
    [
        # one leg, recorded per side: a plexopathy or radiculopathy is the likelier cause
        ({"left": {"lmn_signs": ["weakness", "wasting"]}}, ["left"], False),
        # one leg by the muscles alone (no sign per side)
        ({}, ["left"], False),
        # both legs: Kennedy disease stays among the causes to exclude
        ({"left": {"lmn_signs": ["weakness"]}, "right": {"lmn_signs": ["wasting"]}}, [], True),
        ({}, ["left", "right"], True),
        # signs given for the legs as a whole may be on both
        ({"lmn_signs": ["weakness", "wasting"]}, [], True),
    ],
)
def test_kennedy_disease_is_not_raised_for_one_limb(
    lumbosacral: dict[str, Any], emg_sides: list[str], kennedy: bool
) -> None:
    """SBMA is bulbar and limb, symmetric (S38): marked sensory abnormality beside one limb's
    LMN involvement is not its picture (the session 11 clinical review). Where it is raised,
    it says "in a man" (X-linked)."""
    emg = [
        {
            "muscle": m,
            "side": side,
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for side in emg_sides
        for m in ("vastus_lateralis", "medial_gastrocnemius")  # an independent pair
    ]
    case = {
        "regions": {"lumbosacral": lumbosacral},
        "emg": emg,
        "nerve_conduction": {"abnormal_sensory": "marked"},
    }
    warnings = evaluate_all(case)["awaji"].warnings
    codes = [w.code for w in warnings]
    assert ("consider_kennedy_disease" in codes) == kennedy
    assert "sensory_abnormality_marked" in codes
    for w in warnings:
        if w.code == "consider_kennedy_disease":
            assert "in a man, consider Kennedy disease" in w.text


def test_the_conflict_needs_exclusion_recorded_true() -> None:
    findings = {"cervical": {"lmn_signs": ["weakness"]}, "bulbar": {"umn_signs": ["jaw_jerk"]}}
    block = {"conduction_block": [{"nerve": "median", "segment": "forearm"}]}
    for excluded, conflict in ((True, True), (None, False), (False, False)):
        case = {"other_causes_excluded": excluded, "regions": findings, "nerve_conduction": block}
        assert ("mimic_conflicts_with_exclusion" in _flags(case)) is conflict
    case = {"other_causes_excluded": True, "regions": findings, "nerve_conduction": block}
    [text] = [w.text for w in evaluate_all(case)["awaji"].warnings if w.code.startswith("mimic")]
    assert "motor conduction block outside entrapment sites" in text and "conflict" in text
    plan = evaluate_all(case, plan=True)["awaji"].plan
    assert plan is not None and plan.reason == "mimic_workup_first"
    assert "motor conduction block outside entrapment sites" in plan.timing[0].text


# --- where it is shown ----------------------------------------------------------------------

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_the_terminal_names_the_phenotype_near_the_top(capsys: pytest.CaptureFixture[str]) -> None:
    from alscriteria.cli.app import main

    assert main(["evaluate", str(EXAMPLES / "als.json")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    [at] = [i for i, line in enumerate(lines) if line.startswith("Motor phenotype:")]
    assert at <= 4 and "Progressive muscular atrophy" in lines[at]


def test_the_timeline_gives_the_phenotype_at_each_visit(capsys: pytest.CaptureFixture[str]) -> None:
    from alscriteria.cli.app import main

    assert main(["timeline", str(EXAMPLES / "history-pure-lmn.json")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Motor phenotype (criteria.md A.6" in out
    assert "Visit 1: Flail arm" in out and "Visit 2: Progressive muscular atrophy" in out
    assert "provisional" in out  # visit 1 is under 12 months from onset


def test_history_json_and_batch_rows_carry_the_phenotype(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alscriteria.cli.app import main

    history = json.loads((EXAMPLES / "history-pure-lmn.json").read_text())
    result = evaluate_history(history).model_dump(mode="json")
    assert [v["phenotype"]["code"] for v in result["visits"]] == [
        "flail_arm",
        "progressive_muscular_atrophy",
        "progressive_muscular_atrophy",
    ]
    cohort = tmp_path / "in.jsonl"
    cohort.write_text(
        json.dumps({"id": "a", "regions": {"bulbar": {"lmn_signs": ["wasting"]}}}) + "\n"
    )
    for suffix in ("jsonl", "csv"):
        out = tmp_path / f"out.{suffix}"
        assert main(["batch", str(cohort), "-o", str(out)]) == 0
        text = out.read_text()
        if suffix == "jsonl":
            assert json.loads(text.splitlines()[0])["phenotype"] == "progressive_bulbar_palsy"
        else:
            header, row = text.splitlines()[:2]
            cells = dict(zip(header.split(","), row.split(","), strict=True))
            assert cells["phenotype"] == "progressive_bulbar_palsy"
    capsys.readouterr()


def test_the_schemas_describe_the_phenotype() -> None:
    from alscriteria.assess.assessment import Assessment
    from alscriteria.history.result import history_result_schema

    schema = Assessment.model_json_schema(mode="serialization")
    assert "phenotype" in schema["required"]
    enum = schema["$defs"]["Phenotype"]["properties"]["code"]["enum"]
    assert set(enum) == set(get_args(PhenotypeCode))
    assert "phenotype" in history_result_schema()["$defs"]["VisitResult"]["required"]


def _study(muscle: str, abnormal: bool = True) -> dict[str, object]:
    return {
        "muscle": muscle,
        "side": "right",
        "fibrillation_potentials": abnormal,
        "chronic_neurogenic_change": abnormal,
    }


def test_one_abnormal_leg_muscle_does_not_hide_the_flail_arm_picture() -> None:
    """Clinical review of issue 19: a lone denervated leg muscle (short of an EMG-positive
    region) used to turn a flail arm into "PMA" and drop every red flag, hiding MMN."""
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"lmn_signs": ["weakness", "wasting"]}},
        "emg": [
            _study("deltoid"),
            _study("first_dorsal_interosseous"),
            _study("tibialis_anterior"),
            _study("medial_gastrocnemius", abnormal=False),
        ],
    }
    for a in evaluate_all(case).values():
        assert a.phenotype.code == "flail_arm"
        assert [w.code for w in a.warnings] == ["consider_flail_arm_mimics"]
    # a trapezius abnormal on its own makes the bulbar region EMG-positive (A.3.4 default):
    # the picture is then pure LMN too: both work-ups, never no flag at all
    case["emg"] = [_study("trapezius"), _study("genioglossus", abnormal=False)]
    for a in evaluate_all(case).values():
        assert [w.code for w in a.warnings] == [
            "consider_flail_arm_mimics",
            "consider_pure_lmn_mimics",
        ]


def test_another_cause_recorded_withholds_the_pattern_work_ups_until_it_is_removed() -> None:
    """The pattern flags look for a cause of the pattern before ALS is accepted; with one
    recorded they are not raised (the plan says when to revisit it), and they come back as
    soon as it is removed. The phenotype keeps its code, worded as the pattern."""
    case: dict[str, Any] = {
        "other_causes_excluded": False,
        "alternative_diagnosis": "L5 radiculopathy on MRI",
        "regions": {
            "cervical": {"umn_signs": ["hoffmann"]},
            "lumbosacral": {"lmn_signs": ["weakness", "wasting"]},
        },
    }
    recorded = evaluate_all(case)["awaji"]
    assert recorded.warnings == []
    assert recorded.phenotype.code == "flail_leg" and recorded.phenotype.pattern_only
    assert recorded.phenotype.text.startswith(
        "Pattern of findings: LMN involvement confined to the legs, with reflex signs (brisk or "
        "pathological reflexes, in the cervical region) as the only UMN sign."
    )
    assert "months" not in recorded.phenotype.text and recorded.phenotype.needs == []
    revisited = evaluate_all({**case, "alternative_diagnosis": None})["awaji"]
    assert [w.code for w in revisited.warnings] == ["consider_cervical_myelopathy"]
    assert (
        revisited.phenotype.text.startswith("Flail leg") and "69 months" in revisited.phenotype.text
    )


@settings(max_examples=examples(200))
@given(any_cases)
def test_the_phenotype_and_the_red_flags_read_the_same_bulbar_region(case: dict[str, Any]) -> None:
    """A bulbar region resting on an accessory-nerve muscle alone (B.0, S75) is set aside by
    one detector for the phenotype and the pattern flags: neither calls it bulbar LMN
    involvement, and a flag that counts it says what it rests on (A.6, B.4.1)."""
    a = next(iter(evaluate_all(case).values()))
    if case.get("alternative_diagnosis") is not None:
        return
    codes = {w.code for w in a.warnings}
    texts = " ".join(w.text for w in a.warnings)
    if a.phenotype.bulbar_rests_on:
        assert "consider_bulbar_mimics" not in codes
        assert "LMN signs in the bulbar" not in texts
        if "consider_pure_lmn_mimics" in codes:
            assert "resting on the" in texts
    if a.phenotype.code in ("flail_arm", "flail_leg"):
        assert "consider_bulbar_mimics" not in codes


@pytest.mark.parametrize(
    ("regions", "emg_sides", "code"),
    [
        # per-limb record, one arm: not the bilateral flail arm (S71, S88)
        ({"cervical": {"right": {"lmn_signs": ["weakness", "wasting"]}}}, ["right"], "lmn_one_arm"),
        # the other arm, not given per side, denervated on EMG alone: flail arm
        # provisionally, its survival figure withheld (S71; session 13 review, finding 1)
        ({"cervical": {"right": {"lmn_signs": ["weakness", "wasting"]}}}, ["left"], "flail_arm"),
        # both arms weak in the per-limb record
        (
            {
                "cervical": {
                    "right": {"lmn_signs": ["weakness"]},
                    "left": {"lmn_signs": ["wasting"]},
                }
            },
            [],
            "flail_arm",
        ),
        # signs given for the region as a whole may lie on either arm: the name stands
        ({"cervical": {"lmn_signs": ["weakness", "wasting"]}}, ["right"], "flail_arm"),
        # no weakness or wasting: the LMN involvement is the muscles alone, all on one side
        # (A.6 "every abnormal muscle on that side"; the review of session 11 found this
        # read as flail arm when no sign was recorded per side)
        ({"cervical": {"umn_signs": ["hoffmann"]}}, ["right"], "lmn_one_arm"),
        ({}, ["left"], "lmn_one_arm"),
        # ... and on both sides: both arms, but on EMG alone, which is not the flail arm's
        # weakness and wasting of both arms (S71; session 13)
        ({"cervical": {"umn_signs": ["hoffmann"]}}, ["right", "left"], "lmn_arms_emg_only"),
        # fasciculations are not LMN involvement (A.2): one arm still
        ({"cervical": {"lmn_signs": ["fasciculations"]}}, ["right"], "lmn_one_arm"),
    ],
)
def test_one_arm_is_not_flail_arm(regions: dict[str, Any], emg_sides: list[str], code: str) -> None:
    emg = [
        {
            "muscle": m,
            "side": side,
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for side in emg_sides
        for m in ("first_dorsal_interosseous", "biceps")
    ]
    a = evaluate_all({"regions": regions, "emg": emg})["awaji"]
    assert a.phenotype.code == code
    provisional = a.phenotype.other_limb_emg_only and code == "flail_arm"
    assert provisional == (emg_sides == ["left"] and "right" in regions.get("cervical", {}))
    figure = "Median survival was 61 months" in a.phenotype.text
    assert figure == (code == "flail_arm" and not provisional)
    flags = [w.text for w in a.warnings if w.code == "consider_flail_arm_mimics"]
    umn = "umn_signs" in regions.get("cervical", {})
    assert len(flags) == (0 if umn else 1)  # the confined flag is for no UMN sign (B.4.1)
    for flag in flags:
        assert ("confined to one arm" in flag) == (code == "lmn_one_arm")


_FIB = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}
_FDI = {"muscle": "first_dorsal_interosseous", **_FIB}
_TA = {"muscle": "tibialis_anterior", **_FIB}
_SHOWS = {"chronic_neurogenic_change": True, "fibrillation_potentials": True}


@pytest.mark.parametrize(
    ("regions", "emg", "code", "need"),
    [
        # signs given for the arms as a whole may lie in one arm: both to be confirmed
        ({"cervical": {"lmn_signs": ["weakness", "wasting"]}}, [], "flail_arm", True),
        # ... and so may one sided muscle beside them
        (
            {"cervical": {"lmn_signs": ["weakness"]}},
            [{**_FDI, "side": "right"}],
            "flail_arm",
            True,
        ),
        # muscles without a side, no sign at all: EMG alone, not a flail arm (S71; session 13)
        ({}, [_FDI, {**_FDI, "muscle": "biceps"}], "lmn_arms_emg_only", False),
        # ... and beside weakness given for the arms as a whole
        ({"cervical": {"lmn_signs": ["weakness"]}}, [_FDI], "flail_arm", True),
        # a registry's LMN flag for the region
        ({"cervical": {"lmn": True}}, [], "flail_arm", True),
        # an EMG summary for the region as a whole
        ({"cervical": {"emg": {"lmn_evidence": True}}}, [], "lmn_arms_emg_only", False),
        ({"cervical": {"lmn": True, "emg": {"lmn_evidence": True}}}, [], "flail_arm", True),
        # shown in each arm: weakness, wasting or an LMN flag given for each side
        (
            {"cervical": {"right": {"lmn_signs": ["weakness"]}, "left": {"lmn": True}}},
            [],
            "flail_arm",
            False,
        ),
        # ... but sided muscles on both sides beside signs for the arms as a whole do not:
        # EMG evidence alone does not make the second arm (S71; session 13 review)
        (
            {"cervical": {"lmn_signs": ["weakness"]}},
            [{**_FDI, "side": "right"}, {**_FDI, "side": "left"}],
            "flail_arm",
            True,
        ),
        # ... but a limb given without weakness or wasting is not the second arm, whatever
        # its EMG summary shows (S71; session 13)
        (
            {"cervical": {"right": {"lmn_signs": ["wasting"]}, "left": {"emg": _SHOWS}}},
            [],
            "lmn_one_arm",
            False,
        ),
        # the legs alike
        ({"lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}, [], "flail_leg", True),
        (
            {
                "lumbosacral": {
                    "left": {"lmn_signs": ["weakness"]},
                    "right": {"lmn_signs": ["wasting"]},
                }
            },
            [],
            "flail_leg",
            False,
        ),
        ({}, [{**_TA, "side": "left"}, {**_TA, "side": "right"}], "lmn_legs_emg_only", False),
        (
            {"lumbosacral": {"lmn_signs": ["wasting"]}},
            [{**_TA, "side": "left"}, {**_TA, "side": "right"}],
            "flail_leg",
            True,
        ),
    ],
)
def test_a_flail_limb_not_shown_in_both_limbs_names_both_to_be_confirmed(
    regions: dict[str, Any], emg: list[dict[str, Any]], code: str, need: bool
) -> None:
    """Flail arm (brachial amyotrophic diplegia) and flail leg are bilateral (A.6; S71,
    S88). Where the record does not place LMN involvement in each limb (signs or a flag for
    the region as a whole, muscles or a summary without a side), the name is kept, as the
    signs may lie on either side, but `needs` says both limbs are to be confirmed; before,
    nothing did (session 12)."""
    a = evaluate_all({"regions": regions, "emg": emg})["awaji"]
    wanted = "both_arms_involved" if code == "flail_arm" else "both_legs_involved"
    assert a.phenotype.code == code
    assert (wanted in a.phenotype.needs) is need
    limbs = "arms" if code == "flail_arm" else "legs"
    assert (f"that both {limbs} are involved" in a.phenotype.needs_text) is need
    # another cause recorded: no ALS form's definition is checked, so nothing is needed
    other = evaluate_all({"regions": regions, "emg": emg, "alternative_diagnosis": "CIDP"})
    assert other["awaji"].phenotype.needs == []


def test_a_late_umn_only_picture_with_an_early_study_names_definite_pls_and_says_1_year() -> None:
    """Five years from onset with the latest needle study at 1 year: a study now can show
    what definite PLS asks for (S70), so the sentence names definite and the 4-year date,
    not probable at 2 years (the session 11 clinical review); and "1 year", not "1 years"."""
    umn = {"bulbar": {"umn_signs": ["jaw_jerk"]}, "lumbosacral": {"umn_signs": ["babinski"]}}
    visits = [
        {"date": "2019-07-01", "regions": umn, "emg": NORMAL_EMG},
        {"date": "2023-07-01", "regions": umn},
    ]
    result = evaluate_history({"onset": "2018-01-01", "visits": visits}, plan=False)
    last = result.visits[-1].phenotype
    assert last.code == "umn_predominant_emg_too_early"
    assert str(last.needle_study_due) == "2022-01-01"
    assert "would make this definite primary lateral sclerosis" in last.text
    assert "(2019-07-01, 1 year from onset)" in last.text
    assert "1 years" not in last.text
    # at 3 years the study that can show it is still the probable one, from 2 years
    visits[-1]["date"] = "2021-03-01"
    earlier = evaluate_history({"onset": "2018-01-01", "visits": visits}, plan=False)
    phenotype = earlier.visits[-1].phenotype
    assert str(phenotype.needle_study_due) == "2020-01-01"
    assert "probable primary lateral sclerosis needs a needle EMG" in phenotype.text
