"""Upgrade paths (criteria.md A.4): the smallest additions of evidence that raise the pattern
category, found by asking the engine, never a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.advice import EvidenceKind, EvidenceNeeded, Upgrade
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import EvidenceMasks

#: Thoracic and bulbar EMG are the most specific (criteria.md B.4.3, S29): sought first.
SPECIFICITY = {Region.THORACIC: 0, Region.BULBAR: 1, Region.CERVICAL: 2, Region.LUMBOSACRAL: 3}

#: Clinical signs are sought in the limbs first and in the thoracic region last: absent
#: abdominal reflexes and abdominal-wall weakness are the rarest and least reliable (A.4).
CLINICAL_ORDER = {
    Region.CERVICAL: 0,
    Region.LUMBOSACRAL: 1,
    Region.BULBAR: 2,
    Region.THORACIC: 3,
}

EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("emg_lmn", "umn", "clinical_lmn")


def _candidates(cset: CriteriaSet, masks: EvidenceMasks) -> list[EvidenceNeeded]:
    """Each finding not yet present that could still change what this criteria set counts."""
    lmn = cset.lmn_mask(masks)
    clinical = cset.clinical_mask(masks)
    emg = cset.emg_mask(masks)
    out = []
    for region in REGION_ORDER:
        bit = 1 << region.order
        for kind in EVIDENCE_KINDS:
            if kind == "umn" and masks.umn & bit:
                continue
            if kind == "clinical_lmn" and (clinical | lmn) & bit:
                continue
            if kind == "emg_lmn" and (emg & bit or (lmn & bit and cset.emg_counts_as_lmn)):
                continue
            out.append(EvidenceNeeded.built(region=region, evidence=kind))
    return out


def _item_order(e: EvidenceNeeded) -> tuple[int, int, int]:
    """EMG first, most specific region first (B.4.3, S29); then clinical findings, limbs
    first and thoracic last (A.4: clinical order)."""
    if e.evidence == "emg_lmn":
        return (0, SPECIFICITY[e.region], 0)
    return (1, CLINICAL_ORDER[e.region], EVIDENCE_KINDS.index(e.evidence))


def path_order(u: Upgrade) -> tuple[int, bool, int]:
    """Shortest paths first, those EMG can reach now before those it cannot, then by the
    order of their items (A.4)."""
    return (len(u.add), not u.emg_obtainable, sum(_item_order(e)[1] for e in u.add))


#: How a search reads a category: given the findings added (UMN, clinical LMN and EMG LMN
#: regions, each a bit mask), the pattern category the engine gives.
PatternAfter = Callable[[int, int, int], Category]


def upgrade_paths(
    cset: CriteriaSet,
    masks: EvidenceMasks,
    current: Category,
    pattern_after: PatternAfter,
    most: int = 4,
    without_gap: PatternAfter | None = None,
) -> list[Upgrade]:
    """The smallest additions (up to three findings) that reach a higher category.

    Each addition is set arithmetic on the region masks; the engine says what each gives.
    The answer depends on the masks alone, so callers may share it between cases.
    `without_gap` gives the category with the 'gap' reading set to unclassified: a path
    that reaches its category only under the gap reading says so (A.3.4).
    """
    if current is cset.top:
        return []
    candidates = _candidates(cset, masks)
    bits = [
        (
            1 << c.region.order if c.evidence == "umn" else 0,
            1 << c.region.order if c.evidence == "clinical_lmn" else 0,
            1 << c.region.order if c.evidence == "emg_lmn" else 0,
        )
        for c in candidates
    ]
    rank = cset.rank
    current_rank = rank(current)
    # a combination is a bit set of candidate indices: the rank each smaller one reached
    reached: dict[int, int] = {0: current_rank}
    kept: list[tuple[tuple[int, ...], Category, tuple[int, int, int]]] = []
    for size in (1, 2, 3):
        if size == 3 and any(cat is cset.top for _, cat, _ in kept):
            break
        for combo in combinations(range(len(candidates)), size):
            umn = clinical = emg = chosen = 0
            for i in combo:
                u, c, e = bits[i]
                umn |= u
                clinical |= c
                emg |= e
                chosen |= 1 << i
            category = pattern_after(umn, clinical, emg)
            got = rank(category)
            if size < 3:  # only a smaller combination is ever looked up
                reached[chosen] = got
            if got <= current_rank:
                continue
            if all(reached.get(chosen & ~(1 << i), current_rank) < got for i in combo):
                kept.append((combo, category, (umn, clinical, emg)))
    upgrades = []
    for combo, category, added in kept:
        items = sorted((candidates[i] for i in combo), key=_item_order)
        by_gap = without_gap is not None and rank(without_gap(*added)) < rank(category)
        upgrades.append(
            Upgrade.built(
                to=category,
                add=items,
                emg_obtainable=all(e.evidence == "emg_lmn" for e in items),
                needle_barred=[],
                reading="gap" if by_gap else None,
            )
        )
    upgrades.sort(key=lambda u: (*path_order(u), -cset.rank(u.to)))
    # Keep the best few paths to each category, so short paths to a lower category never
    # crowd out the paths to the top one.
    per_category: dict[Category, int] = {}
    kept_upgrades = []
    for upgrade in upgrades:
        if per_category.get(upgrade.to, 0) < most:
            per_category[upgrade.to] = per_category.get(upgrade.to, 0) + 1
            kept_upgrades.append(upgrade)
    return kept_upgrades
