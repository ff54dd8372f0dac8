"""Session 13 clinical review of the flail limbs (criteria.md A.6): the 12-month boundary,
one reading for every reader; a limb examined per side and found normal is not a flail
limb's second limb; a flail limb's other limb whose sampled muscles are normal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import evaluate_all, parse_case
from alscriteria.assess.pattern import pattern_of, quick_pattern
from alscriteria.assess.phenotype import within_first_12_months
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.history import evaluate_history
from alscriteria.regions.evidence import gather_evidence
from alscriteria.regions.quick import quick_masks
from strategies import examples

_ARMS = {
    "bulbar": {},
    "cervical": {"lmn_signs": ["weakness", "wasting"]},
    "lumbosacral": {},
    "thoracic": {},
}


@pytest.mark.parametrize(
    ("onset", "day_before", "anniversary"),
    [
        ("2021-02-10", "2022-02-09", "2022-02-10"),
        # 29 February: 12 calendar months end on the last day of February (case/dates.py)
        ("2020-02-29", "2021-02-27", "2021-02-28"),
    ],
)
def test_the_12_month_boundary_is_one_day_for_every_reader(
    onset: str, day_before: str, anniversary: str
) -> None:
    """ "Within 12 months of onset" (S71) is read once (`within_first_12_months`, calendar
    months as A.5 counts them): the provisional flail limb (assess/phenotype.py), the
    exclusion by function recorded later (history/flail.py) and the flail limb established
    by its first 12 months (history/phenotype_course.py) all turn on the anniversary. The
    history's exclusion read `<= 365` days and the phenotype `< 365`, so the anniversary
    day of a common year was both inside and outside the 12 months."""
    legs_lost = {"functional_involvement": ["upper_limb", "lower_limb"]}
    legs_weak = {**_ARMS, "lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}
    first_visit = {"date": onset[:4] + "-06-01", "regions": _ARMS}
    for day, inside in ((day_before, True), (anniversary, False)):
        assert within_first_12_months(date.fromisoformat(onset), date.fromisoformat(day)) is inside
        # the exclusion by function recorded at that visit (history/flail.py, assess)
        visits = [first_visit, {"date": day, "regions": _ARMS, **legs_lost}]
        first, second = evaluate_history({"onset": onset, "visits": visits}, plan=False).visits
        assert (first.phenotype_excluded is not None) is inside
        assert second.phenotype.code == ("progressive_muscular_atrophy" if inside else "flail_arm")
        # the provisional flail limb (assess/phenotype.py) and the flail limb established by
        # its first 12 months, kept after spread (history/phenotype_course.py)
        later = {"date": str(int(onset[:4]) + 3) + "-06-01", "regions": legs_weak}
        visits = [first_visit, {"date": day, "regions": _ARMS}, later]
        _, second, third = evaluate_history({"onset": onset, "visits": visits}, plan=False).visits
        assert second.phenotype.code == "flail_arm"
        assert ("under_12_months" in second.phenotype.needs) is inside
        assert third.phenotype.code == (
            "progressive_muscular_atrophy" if inside else "flail_arm_spread"
        )


# --- a limb examined per side and found normal is not a flail limb's second limb ---------

_FLAIL_NAMES = {"flail_arm", "flail_leg", "flail_arm_spread", "flail_leg_spread"}
_MUSCLES = {
    "cervical": ("first_dorsal_interosseous", "biceps_brachii", "deltoid"),
    "lumbosacral": ("tibialis_anterior", "medial_gastrocnemius", "vastus_lateralis"),
}
_SIDE_RECORDS = st.sampled_from(
    [
        None,
        {},
        {"lmn_signs": ["weakness"]},
        {"lmn_signs": ["wasting"]},
        {"lmn_signs": ["weakness", "wasting"]},
        {"lmn_signs": ["fasciculations"]},
        {"umn_signs": ["hyperreflexia"]},
        {"lmn": True},
        {"lmn": False},
        {"emg": {"chronic_neurogenic_change": True, "fibrillation_potentials": True}},
    ]
)
_WHOLE = st.sampled_from([[], ["fasciculations"], ["weakness"], ["weakness", "wasting"]])


@st.composite
def _limb_cases(draw: st.DrawFn) -> dict[str, Any]:
    """One limb region given per side (or not), the rest examined and normal, and needle
    studies of that region's muscles on either side or none, normal or not."""
    region = draw(st.sampled_from(sorted(_MUSCLES)))
    found: dict[str, Any] = {"lmn_signs": draw(_WHOLE)}
    for side in ("left", "right"):
        record = draw(_SIDE_RECORDS)
        if record is not None:
            found[side] = record
    emg = [
        {
            "muscle": draw(st.sampled_from(_MUSCLES[region])),
            "side": draw(st.sampled_from(["left", "right", None])),
            "fibrillation_potentials": (abnormal := draw(st.booleans())),
            "chronic_neurogenic_change": abnormal,
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    regions = {"bulbar": {}, "cervical": {}, "lumbosacral": {}, "thoracic": {}, region: found}
    return {"regions": regions, "emg": [{k: v for k, v in m.items() if v is not None} for m in emg]}


def _examined_normal_limb(found: dict[str, Any]) -> bool:
    """A limb given per side with no weakness, wasting or LMN flag, and none given for the
    region as a whole (signs given for the region may lie in either limb)."""
    if {"weakness", "wasting"} & set(found.get("lmn_signs", ())) or found.get("lmn"):
        return False
    return any(
        side in found
        and not {"weakness", "wasting"} & set(found[side].get("lmn_signs", ()))
        and not found[side].get("lmn")
        for side in ("left", "right")
    )


@settings(max_examples=examples(150), deadline=None)
@given(_limb_cases())
def test_no_flail_name_beside_a_limb_examined_normal(case: dict[str, Any]) -> None:
    """Flail arm and flail leg are weakness and wasting of both limbs (Wijesekera 2009,
    S71): where a limb of the region was examined per side without weakness or wasting (and
    none is given for the region as a whole), neither name is given, whatever the needle
    shows in that limb (session 13 clinical review); with no weakness or wasting in the
    region at all, neither is either."""
    phenotype = evaluate_all(case)["awaji"].phenotype
    region = next(r for r in ("cervical", "lumbosacral") if case["regions"][r])
    found = case["regions"][region]
    if _examined_normal_limb(found) or not _weak_or_wasted_anywhere(found):
        assert phenotype.code not in _FLAIL_NAMES, (phenotype.code, phenotype.text)
        assert "Median survival" not in phenotype.text


def _weak_or_wasted_anywhere(found: dict[str, Any]) -> bool:
    records = [found, *(found[s] for s in ("left", "right") if s in found)]
    return any(
        {"weakness", "wasting"} & set(r.get("lmn_signs", ())) or r.get("lmn") for r in records
    )


@pytest.mark.parametrize("arm", [True, False])
def test_the_other_limb_sampled_normal_reads_alike_from_the_case_and_the_evidence(
    arm: bool,
) -> None:
    """The cohort row's quick pattern (from the case alone) names the same normal sampled
    limb as the full evidence pass (tests/test_findings_pattern.py holds them equal for
    generated cases; here the session 13 fa1 case and its leg analogue, by name)."""
    region = "cervical" if arm else "lumbosacral"
    muscles = _MUSCLES[region]
    case = parse_case(
        {
            "regions": {region: {"lmn_signs": ["weakness", "wasting"]}},
            "emg": [
                {"muscle": muscles[0], "side": "right", **_DENERVATED},
                {"muscle": muscles[1], "side": "right", **_DENERVATED},
                *({"muscle": m, "side": "left"} for m in muscles),
            ],
        }
    )
    masks = quick_masks(case, "disjoint", "bulbar")
    assert masks is not None
    quick = quick_pattern(case, "bulbar", masks)
    assert quick == pattern_of(gather_evidence(case, DEFAULT_READINGS))
    assert quick is not None and [(side, keys) for _, side, keys in quick.other_limb] == [
        ("left", muscles)
    ]


_DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


@pytest.mark.parametrize(
    ("found", "code"),
    [
        # both arms examined per side, neither weak nor wasted, both denervated on EMG
        ({"left": {}, "right": {}}, "lmn_arms_emg_only"),
        # the arms examined as a whole, nothing found: the same fact, the same phenotype
        ({}, "lmn_arms_emg_only"),
        # weakness and wasting given for the arms as a whole: flail arm, its figure kept,
        # both arms to be confirmed (EMG alone does not show the second: session 13 review)
        ({"lmn_signs": ["weakness", "wasting"]}, "flail_arm"),
    ],
)
def test_both_arms_on_emg_alone_are_not_flail_arm(found: dict[str, Any], code: str) -> None:
    """LMN involvement in both arms on EMG alone, no weakness or wasting there: flail arm is
    weakness and wasting of both arms (S71), so neither its name nor its survival figure is
    given, and the confined red flag does not call it a flail-arm picture (B.4.1)."""
    case = {
        "regions": {"bulbar": {}, "cervical": found, "lumbosacral": {}, "thoracic": {}},
        "emg": [
            {"muscle": muscle, "side": side, **_DENERVATED}
            for side in ("left", "right")
            for muscle in ("first_dorsal_interosseous", "biceps_brachii")
        ],
    }
    a = evaluate_all(case)["awaji"]
    assert a.phenotype.code == code
    flag = next(w.text for w in a.warnings if w.code == "consider_flail_arm_mimics")
    if code == "lmn_arms_emg_only":
        assert a.phenotype.text.startswith(
            "LMN involvement confined to the arms, no UMN sign, and on EMG alone: no weakness "
            "or wasting is recorded in the arms. Denervation without weakness confined to the "
            "arms asks first for a root, plexus or nerve cause"
        )
        assert "Not flail arm, which is weakness and wasting of both arms" in a.phenotype.text
        assert "Median survival" not in a.phenotype.text and a.phenotype.needs == []
        assert flag.startswith(
            "EMG evidence of LMN involvement confined to the arms, without UMN signs (not "
            "flail arm, which is weakness and wasting of both arms, unless the arms weaken)"
        )
    else:
        assert "Median survival was 61 months" in a.phenotype.text
        assert "(a flail-arm picture)" in flag


def test_a_flail_arm_kept_after_spread_keeps_its_figure_withheld() -> None:
    """A flail arm established at 13 months from whole-region signs beside a left arm whose
    sampled muscles are normal (the fa1 case), then spread to the legs: the name is kept
    (A.6), and so are the need naming the left arm's muscles and the withheld figure."""
    arms = {"bulbar": {}, "cervical": {"lmn_signs": ["weakness", "wasting"]}, "lumbosacral": {}}
    emg = [
        {"muscle": "deltoid", "side": "right", **_DENERVATED},
        {"muscle": "biceps_brachii", "side": "right", **_DENERVATED},
        {"muscle": "deltoid", "side": "left"},
        {"muscle": "biceps_brachii", "side": "left"},
    ]
    legs = {**arms, "lumbosacral": {"lmn_signs": ["weakness", "wasting"]}}
    visits = [
        {"date": "2021-03-01", "regions": arms, "emg": emg},
        {"date": "2022-03-01", "regions": legs},
    ]
    result = evaluate_history({"onset": "2020-01-15", "visits": visits}, plan=False)
    first, later = (v.phenotype for v in result.visits)
    assert (first.code, later.code) == ("flail_arm", "flail_arm_spread")
    assert later.other_limb == "left" and later.other_limb_muscles == ["deltoid", "biceps_brachii"]
    assert "Median survival" not in later.text
    assert "the left arm's sampled muscles were normal when it was named" in later.text
    assert (
        "the deltoid and biceps brachii sampled in the left arm were normal when it was named"
        in later.needs_text
    )


def test_the_other_limb_shown_by_its_own_emg_summary() -> None:
    """A registry's per-limb record: the right arm wasted, the left arm given with an EMG
    summary showing denervation with reinnervation and no sign. The left arm examines
    normal, so one arm (A.6), and the sentence says its summary, not a muscle, shows it."""
    summary = {"chronic_neurogenic_change": True, "fibrillation_potentials": True}
    cervical = {"right": {"lmn_signs": ["wasting"]}, "left": {"emg": summary}}
    regions = {"bulbar": {}, "cervical": cervical, "lumbosacral": {}, "thoracic": {}}
    p = evaluate_all({"regions": regions})["awaji"].phenotype
    assert (p.code, p.other_limb, p.other_limb_muscles) == ("lmn_one_arm", "left", [])
    assert "EMG also shows LMN involvement in the left arm (by its EMG summary)" in p.text


def test_not_pma_after_umn_earlier_drops_the_other_limb() -> None:
    """Hypothesis found it (tests/test_history_advice.py): a flail arm read beside the other
    arm's sampled muscles, then said as LMN involvement only after UMN signs recorded
    earlier, kept the other limb, which that reading has no words for."""
    from alscriteria.history.evaluate import evaluate_history

    data = {
        "visits": [
            {
                "date": "2024-01-15",
                "other_causes_excluded": True,
                "regions": {"bulbar": {"umn_signs": ["hyperreflexia"]}},
                "emg": [],
            },
            {
                "date": "2024-02-15",
                "other_causes_excluded": True,
                "regions": {},
                "emg": [
                    {
                        "muscle": "genioglossus",
                        "side": "left",
                        "positive_sharp_waves": True,
                        "fasciculation_potentials": True,
                    },
                    {"muscle": "genioglossus", "side": "left"},
                    {"muscle": "deltoid", "side": "left"},
                ],
            },
            {
                "date": "2024-03-15",
                "other_causes_excluded": True,
                "regions": {"cervical": {"lmn_signs": ["weakness"]}},
                "emg": [],
            },
        ]
    }
    last = evaluate_history(data, plan=False).visits[-1].phenotype
    assert last.code == "lmn_only_umn_earlier"
    assert last.other_limb is None and last.other_limb_muscles == []
    assert "flail" not in last.text.lower() or "not" in last.text.lower()
