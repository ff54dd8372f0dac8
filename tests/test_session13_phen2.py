"""Session 13 clinical review, second pass on the flail limbs (criteria.md A.6, B.4.1):
every reader reads the flail limb clinically. Flail arm and flail leg are weakness and
wasting of both limbs (Wijesekera 2009, S71; Hu 1998, S88): EMG evidence alone never makes
the second limb, a limb examined per side without weakness or wasting makes one limb
whatever is given for the region as a whole, and the survival figure, found for the
clinically bilateral form, is given only where the record does not point to one limb.
EMG evidence alone confined to one limb region raises the confined red flag, as the
phenotype reads it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from alscriteria import evaluate_all, parse_case
from alscriteria.assess.pattern import pattern_of, quick_pattern
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.history import evaluate_history
from alscriteria.regions.evidence import gather_evidence
from alscriteria.regions.quick import quick_masks
from strategies import examples

_MUSCLES = {
    "cervical": ("first_dorsal_interosseous", "biceps_brachii", "deltoid"),
    "lumbosacral": ("tibialis_anterior", "medial_gastrocnemius", "vastus_lateralis"),
}
_FIGURE = "Median survival was"
_FLAIL = ("flail_arm", "flail_leg")
#: The phenotypes that say LMN involvement is confined to one limb region, by region.
_CONFINED = {
    "flail_arm": "cervical",
    "lmn_one_arm": "cervical",
    "lmn_arms_emg_only": "cervical",
    "flail_leg": "lumbosacral",
    "lmn_one_leg": "lumbosacral",
    "lmn_legs_emg_only": "lumbosacral",
}
_CONFINED_FLAGS = {
    "consider_flail_arm_mimics": "cervical",
    "consider_lumbosacral_imaging": "lumbosacral",
}
_SIDES = st.sampled_from(
    [
        None,
        {},
        {"lmn_signs": ["weakness"]},
        {"lmn_signs": ["wasting"]},
        {"lmn_signs": ["fasciculations"]},
        {"lmn": True},
        {"lmn": False},
        {"emg": {"chronic_neurogenic_change": True, "fibrillation_potentials": True}},
    ]
)
_STUDIES = st.sampled_from(
    [
        {},  # normal
        {"fibrillation_potentials": True, "chronic_neurogenic_change": True},
        {"fibrillation_potentials": True},
        {"fasciculation_potentials": True},
    ]
)


@st.composite
def _limb_region_cases(draw: st.DrawFn) -> dict[str, Any]:
    """LMN findings in one limb region only, no UMN sign anywhere: signs for the region as a
    whole or per side, a registry's flag, an EMG summary, muscles with or without a side,
    normal or not; the other regions examined, with at most clinical fasciculations (not LMN
    signs, A.2). The domain where the flail limb and its red flag are read."""
    region = draw(st.sampled_from(sorted(_MUSCLES)))
    found: dict[str, Any] = {
        "lmn_signs": draw(st.sampled_from([[], ["weakness"], ["wasting", "weakness"]]))
    }
    if draw(st.booleans()):
        found["lmn"] = True  # a registry's flag for the region (no: refused beside signs)
    if draw(st.integers(0, 4)) == 0:
        found["emg"] = {"lmn_evidence": True}
    for side in ("left", "right"):
        record = draw(_SIDES)
        if record is not None:
            found[side] = record
    emg = [
        {
            "muscle": draw(st.sampled_from(_MUSCLES[region])),
            **(
                {}
                if (side := draw(st.sampled_from(["left", "right", None]))) is None
                else {"side": side}
            ),
            **draw(_STUDIES),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    other = "lumbosacral" if region == "cervical" else "cervical"
    quiet = draw(st.sampled_from([{}, {"lmn_signs": ["fasciculations"]}]))
    regions = {"bulbar": {}, "thoracic": {}, other: quiet, region: found}
    return {"regions": regions, "emg": emg}


def _clinical(record: dict[str, Any]) -> bool:
    return bool({"weakness", "wasting"} & set(record.get("lmn_signs", ()))) or bool(
        record.get("lmn")
    )


def _abnormal(study: dict[str, Any]) -> bool:
    return any(study.get(k) for k in _STUDIES_KEYS)


_STUDIES_KEYS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "chronic_neurogenic_change",
    "fasciculation_potentials",
)


def _figure_allowed(case: dict[str, Any], region: str) -> bool | None:
    """Whether the record lets a flail limb carry its survival figure (A.6): each limb given
    weak or wasted (or LMN-flagged) per side; or weakness or wasting (or the registry's
    flag, where no limb is given weak, wasted or flagged) given for the region as a whole,
    and no limb shown otherwise: none examined per side without them, none whose sampled
    muscles are all normal while the other's are not. None for the record that contradicts
    itself (signs for the region, each limb examined without them), which this leaves out."""
    found = case["regions"][region]
    given = {s: found[s] for s in ("left", "right") if s in found}
    weak = {s for s, r in given.items() if _clinical(r)}
    if weak == {"left", "right"}:
        return True
    whole = bool({"weakness", "wasting"} & set(found["lmn_signs"])) or (
        bool(found.get("lmn")) and not weak
    )
    normal = set(given) - weak
    if whole and not weak and normal == {"left", "right"}:
        return None
    sampled: dict[str, bool] = {}
    for m in case["emg"]:
        if "side" in m:
            sampled[m["side"]] = sampled.get(m["side"], True) and not _abnormal(m)
    clean = [s for s, ok in sampled.items() if ok]
    return whole and not normal and len(clean) != 1


@settings(max_examples=examples(200), deadline=None)
@given(_limb_region_cases())
def test_a_flail_figure_only_where_each_limb_is_weak_or_the_signs_are_the_regions(
    case: dict[str, Any],
) -> None:
    """A flail name's survival figure is given only when each limb is shown weak or wasted
    per side, or the signs are given for the region as a whole and no limb is shown
    otherwise (A.6; S71: the 61- and 69-month medians describe both limbs weak and wasted).
    EMG evidence (sided muscles, summaries) never stands in for the second limb."""
    phenotype = evaluate_all(case)["awaji"].phenotype
    if phenotype.code in _FLAIL:
        allowed = _figure_allowed(case, _CONFINED[phenotype.code])
        if allowed is not None:
            assert (_FIGURE in phenotype.text) <= allowed, (phenotype.text, phenotype.needs)
    if _FIGURE not in phenotype.text and phenotype.code in _FLAIL:
        assert phenotype.needs[0] in ("both_arms_involved", "both_legs_involved")


@settings(max_examples=examples(200), deadline=None)
@given(_limb_region_cases())
def test_the_phenotype_confined_to_a_limb_region_and_the_confined_flag_agree(
    case: dict[str, Any],
) -> None:
    """The phenotype says LMN involvement is confined to the arms (one arm, the arms on EMG
    alone, flail arm) or the legs exactly when the confined red flag for that region is
    raised (B.4.1 reads "as the phenotype"; A.6): EMG evidence alone in one root's muscles
    on both sides, below the criteria's muscle count, raises it too (lumbar canal stenosis,
    a radiculopathy on both sides, a C8 or ulnar cause: S58)."""
    a = evaluate_all(case)["awaji"]
    # EMG a summary leaves open: the flag is raised on what may be there, the phenotype
    # names it as open (`emg_open`), by design (B.4.1, A.6)
    assume("emg_open" not in a.phenotype.needs)
    said = _CONFINED.get(a.phenotype.code)
    flagged = [_CONFINED_FLAGS[w.code] for w in a.warnings if w.code in _CONFINED_FLAGS]
    assert flagged == ([said] if said else []), (a.phenotype.code, flagged)


_DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def _arms(cervical: dict[str, Any], emg: list[dict[str, Any]]) -> Any:
    case = {"regions": {"bulbar": {}, "cervical": cervical, "lumbosacral": {}, "thoracic": {}}}
    return evaluate_all({**case, "emg": emg})["awaji"].phenotype


def test_signs_for_the_arms_beside_one_arm_examined_normal_are_the_other_arms() -> None:
    """Weakness given for the arms as a whole and the left arm examined per side without
    it, no sign given for the right: the weakness is the right arm's (A.6), so one arm, and
    the left arm's denervated muscle is named as EMG evidence in an arm examined normal."""
    p = _arms(
        {"lmn_signs": ["weakness"], "left": {}},
        [{"muscle": "first_dorsal_interosseous", "side": "left", **_DENERVATED}],
    )
    assert (p.code, p.other_limb, p.other_limb_muscles) == (
        "lmn_one_arm",
        "left",
        ["first_dorsal_interosseous"],
    )
    assert p.text.startswith("Weakness or wasting in the right arm only")


def test_a_region_flag_beside_one_arm_given_weak_sums_that_arm_up() -> None:
    """A registry's LMN flag for the arms beside the right arm given weak, the left not
    given and nothing else: the flag is the right arm's involvement summed up, so one arm,
    as with the right arm flagged (g1); before, the flag was read as lying in either arm."""
    p = _arms({"lmn": True, "right": {"lmn_signs": ["weakness", "wasting"]}}, [])
    assert p.code == "lmn_one_arm" and _FIGURE not in p.text


def test_one_arm_weak_beside_emg_without_a_side_keeps_the_name_provisional() -> None:
    """The right arm weak and wasted, the left not given per side, and an EMG summary for
    the arms as a whole: the summary may lie in the left arm, but EMG alone does not make
    the second arm (S71), so flail arm provisionally, both arms to be confirmed, and no
    survival figure; the words say the EMG has no side."""
    p = _arms({"right": {"lmn_signs": ["weakness", "wasting"]}, "emg": {"lmn_evidence": True}}, [])
    assert p.code == "flail_arm" and p.needs[0] == "both_arms_involved"
    assert (p.other_limb, p.other_limb_muscles, p.other_limb_emg_only) == ("left", [], True)
    assert _FIGURE not in p.text and "withheld" in p.text
    assert "(EMG given without a side, which may lie in either limb)" in p.text
    assert "the left arm's involvement is EMG evidence alone (EMG given" in p.needs_text


@pytest.mark.parametrize("region", sorted(_MUSCLES))
def test_signs_for_the_region_with_emg_on_both_sides_read_alike_quick_and_full(
    region: str,
) -> None:
    """An ordinary case (no side given, so the cohort row reads it from the case alone):
    weakness and wasting for the region as a whole and sided muscles denervated on both
    sides. The muscles do not show the second limb (EMG evidence alone), so the need for
    both limbs stays and, as for the plain whole-region case, the figure too; the quick
    pattern says so as the full evidence pass does."""
    muscles = _MUSCLES[region]
    case = {
        "regions": {region: {"lmn_signs": ["weakness", "wasting"]}},
        "emg": [
            {"muscle": muscles[i], "side": side, **_DENERVATED}
            for side in ("left", "right")
            for i in (0, 1)
        ],
    }
    model = parse_case(case)
    masks = quick_masks(model, "disjoint", "bulbar")
    assert masks is not None
    quick = quick_pattern(model, "bulbar", masks)
    assert quick == pattern_of(gather_evidence(model, DEFAULT_READINGS))
    assert quick is not None and quick.both_limbs == 0
    p = evaluate_all(case)["awaji"].phenotype
    assert p.code in _FLAIL and p.needs[0] in ("both_arms_involved", "both_legs_involved")
    assert _FIGURE in p.text and p.other_limb is None


def test_the_json_says_the_other_limb_is_emg_alone() -> None:
    """f21 (session 13 review): the JSON carries the other limb, its muscles and that its
    involvement is EMG evidence alone, beside the need."""
    p = _arms(
        {"right": {"lmn_signs": ["weakness", "wasting"]}},
        [{"muscle": "first_dorsal_interosseous", "side": "left", **_DENERVATED}],
    )
    dumped = p.model_dump(mode="json")
    assert dumped["other_limb"] == "left" and dumped["other_limb_emg_only"] is True
    assert dumped["other_limb_muscles"] == ["first_dorsal_interosseous"]
    assert dumped["needs"][0] == "both_arms_involved"


def test_a_flail_arm_named_beside_emg_alone_keeps_it_after_spread_as_when_named() -> None:
    """Named at 14 months from onset with the left arm's involvement on EMG alone, then
    spread to the legs: the name is kept (A.6), the figure still withheld, and the sentence
    and its need both say what was recorded when it was named (one tense: finding 7a)."""
    arm = {"right": {"lmn_signs": ["weakness", "wasting"]}}
    emg = [{"muscle": "first_dorsal_interosseous", "side": "left", **_DENERVATED}]
    later = {**_ARMS_CLEAR, "cervical": arm, "lumbosacral": {"lmn_signs": ["weakness"]}}
    visits = [
        {"date": "2021-03-01", "regions": {**_ARMS_CLEAR, "cervical": arm}, "emg": emg},
        {"date": "2022-03-01", "regions": later},
    ]
    result = evaluate_history({"onset": "2020-01-01", "visits": visits}, plan=False)
    first, last = (v.phenotype for v in result.visits)
    assert (first.code, last.code) == ("flail_arm", "flail_arm_spread")
    assert last.other_limb_emg_only and _FIGURE not in last.text
    assert "when it was named weakness or wasting was recorded in the right arm only" in last.text
    assert "(when it was named, weakness or wasting was recorded in the right arm" in (
        last.needs_text
    )
    assert "is recorded" not in last.needs_text


_ARMS_CLEAR = {"bulbar": {}, "thoracic": {}, "lumbosacral": {}}
