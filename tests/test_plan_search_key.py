"""The engine memo keeps upgrade paths by what the search reads of the masks
(`CriteriaSet.search_key`); where EMG counts as LMN and no EMG count is read (Awaji, Gold
Coast), that is the UMN and LMN masks alone, whether a region is LMN clinically or by EMG.

A key is right when masks with the same key have the same paths (by the search's
definition, tests/plan_helpers.py: every addition's category from masks rebuilt), and no
coarser than that: these tests draw masks and a neighbour that differs in one region of one
mask, or has LMN regions moved between clinical and EMG, and hold that equal keys give equal
paths; so a key that dropped a region the search reads would meet a neighbour with other
paths under the same key.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.assess.verdict import pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import CriteriaSet
from alscriteria.regions.masks import DEFINITION_INDEX, EvidenceMasks
from alscriteria.rules.engine import shared_engine
from plan_helpers import upgrades_under
from strategies import examples, readings
from test_upgrade_search import evidence_masks

#: The criteria sets whose search reads the LMN mask alone (EMG counts as LMN, no EMG count).
BY_LMN = [c for c in CRITERIA.values() if c.emg_counts_as_lmn and not c.uses_emg_count]


def _paths(cset: CriteriaSet, rd: Readings, masks: EvidenceMasks) -> Any:
    engine = shared_engine()
    return upgrades_under(cset, rd, masks, pattern_for(cset, rd, masks, engine), engine)


def _with(masks: EvidenceMasks, field: int, i: int, bit: int) -> EvidenceMasks:
    """The masks with one region flipped in one of them: UMN, weakness or wasting (weakness
    with wasting kept within it), weakness with wasting (kept within the other), either
    muscle definition's EMG, or either definition's limb count moved by one."""
    umn, either, both, emg, limbs = (
        masks.umn,
        masks.weakness_or_wasting,
        masks.weakness_and_wasting,
        list(masks.emg),
        list(masks.emg_limbs),
    )
    if field == 0:
        umn ^= bit
    elif field == 1:
        either ^= bit
        both &= either
    elif field == 2:
        both ^= bit
        either |= both
    elif field == 3:
        emg[i] ^= bit
    else:
        limbs[i] = (limbs[i] + 1) % 5
    return EvidenceMasks(umn, either, both, (emg[0], emg[1]), (limbs[0], limbs[1]))


@settings(max_examples=examples(150), deadline=None)
@given(masks=evidence_masks(), bit=st.sampled_from([1, 2, 4, 8]), rd=readings)
def test_neighbours_with_one_search_key_have_the_same_paths(
    masks: EvidenceMasks, bit: int, rd: Readings
) -> None:
    """Every criteria set, every mask (both muscle definitions), the region `bit` flipped."""
    for cset in CRITERIA.values():
        for field in range(5):
            for i in (0, 1):
                neighbour = _with(masks, field, i, bit)
                if cset.search_key(neighbour, rd) == cset.search_key(masks, rd):
                    assert _paths(cset, rd, neighbour) == _paths(cset, rd, masks)


@settings(max_examples=examples(300), deadline=None)
@given(masks=evidence_masks(), moved=st.integers(0, 15), rd=readings)
def test_lmn_regions_clinical_or_by_emg_share_the_paths(
    masks: EvidenceMasks, moved: int, rd: Readings
) -> None:
    """Under Awaji and Gold Coast, the same LMN regions with some moved from clinical to
    EMG or back (each set's own definitions) give the same key and the same paths."""
    for cset in BY_LMN:
        mine = DEFINITION_INDEX[cset.muscle_definition]
        lmn = cset.lmn_mask(masks)
        emg = list(masks.emg)
        # the moved regions: LMN by EMG alone now, or clinical alone
        clinical = (cset.clinical_mask(masks) ^ moved) & lmn
        emg[mine] = lmn & ~clinical | (masks.emg[mine] & clinical)
        if cset.clinical_lmn_needs == "weakness_and_wasting":
            twin = EvidenceMasks(
                masks.umn,
                masks.weakness_or_wasting | clinical,
                clinical,
                (emg[0], emg[1]),
                masks.emg_limbs,
            )
        else:
            twin = EvidenceMasks(
                masks.umn,
                clinical,
                clinical & masks.weakness_and_wasting,
                (emg[0], emg[1]),
                masks.emg_limbs,
            )
        assert cset.lmn_mask(twin) == lmn
        assert cset.search_key(twin, rd) == cset.search_key(masks, rd)
        assert _paths(cset, rd, twin) == _paths(cset, rd, masks)


def test_awaji_and_gold_coast_read_the_lmn_mask_alone() -> None:
    assert {c.id for c in BY_LMN} == {"awaji", "gold-coast"}
