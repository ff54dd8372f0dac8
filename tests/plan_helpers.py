"""Test helpers for the plan: apply an upgrade's additions to a Case, so a test can evaluate
the changed case in full and check the path the planner found by its masks; the same
additions made to the masks themselves, the definition `CriteriaSet.counts_after` is held to;
the upgrade search as first written, the definition the package's faster one is held to;
and the plan's other first ways (the muscles open to the needle, the paths marked barred),
the definitions of its shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import Any

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, Muscle
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import region_signs
from alscriteria.assess.models.advice import EvidenceNeeded, Upgrade
from alscriteria.assess.plan.muscles import catalogue_region, screening_muscles
from alscriteria.assess.plan.needling import (
    PNEUMOTHORAX,
    allowed_here,
    demotion,
    needle_cautions,
)
from alscriteria.assess.plan.timing import needle_can_go
from alscriteria.assess.plan.upgrades import EVIDENCE_KINDS, Reader, _item_order, path_order
from alscriteria.assess.verdict import pattern_for
from alscriteria.case.findings import RegionFindings
from alscriteria.case.model import Case
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.criteria.base import CriteriaSet, packed, unpacked
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import LIMB_BITS, EvidenceMasks

#: Muscles applied to a case to stand for "EMG LMN in this region" when asking the engine.
#: Each limb pair is independent by root and nerve under both root readings.
APPLIED_EMG: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("genioglossus",),
    Region.CERVICAL: ("first_dorsal_interosseous", "biceps_brachii"),
    Region.THORACIC: ("rectus_abdominis",),
    Region.LUMBOSACRAL: ("tibialis_anterior", "medial_gastrocnemius"),
}


def apply_evidence(case: Case, add: Iterable[EvidenceNeeded]) -> Case:
    """The case with the given regional evidence added, as the planner asks the engine."""
    regions = dict(case.regions)
    emg = list(case.emg)
    for item in add:
        findings = regions.get(item.region, RegionFindings())
        if item.evidence == "umn":
            sign = region_signs(item.region.value)[0]  # a sign this region can show
            findings = findings.model_copy(update={"umn_signs": (*findings.umn_signs, sign)})
        elif item.evidence == "clinical_lmn":
            findings = findings.model_copy(
                update={"lmn_signs": (*findings.lmn_signs, "weakness", "wasting")}
            )
        else:
            emg.extend(
                MuscleStudy(
                    muscle=key,
                    side="right",
                    fibrillation_potentials=True,
                    chronic_neurogenic_change=True,
                )
                for key in APPLIED_EMG[item.region]
            )
        regions[item.region] = findings
    return case.model_copy(update={"regions": regions, "emg": tuple(emg)})


def with_added(
    masks: EvidenceMasks, umn: int = 0, clinical_lmn: int = 0, emg_lmn: int = 0
) -> EvidenceMasks:
    """The masks with new findings in the regions of each bit mask.

    New clinical LMN is weakness with wasting (it counts for every criteria set); new EMG
    LMN is a qualifying muscle, or an independent pair on one side of a limb, under both
    muscle definitions (so each new limb region adds one positive limb).
    """
    ee, aw = masks.emg
    ee_limbs, aw_limbs = masks.emg_limbs
    new_limbs = emg_lmn & LIMB_BITS
    return EvidenceMasks(
        masks.umn | umn,
        masks.weakness_or_wasting | clinical_lmn,
        masks.weakness_and_wasting | clinical_lmn,
        (ee | emg_lmn, aw | emg_lmn),
        (
            ee_limbs + (new_limbs & ~ee).bit_count(),
            aw_limbs + (new_limbs & ~aw).bit_count(),
        ),
    )


#: How the search as first written read a category: given the findings added (UMN, clinical
#: LMN and EMG LMN regions, each a bit mask), the pattern category the engine gives.
PatternAfter = Callable[[int, int, int], Category]


def candidates_by_definition(cset: CriteriaSet, masks: EvidenceMasks) -> list[EvidenceNeeded]:
    """Each finding not yet present that could still change what this criteria set counts,
    as the search first listed them (region by region, EMG, UMN, then clinical LMN)."""
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


def upgrade_paths_by_definition(
    cset: CriteriaSet,
    masks: EvidenceMasks,
    current: Category,
    pattern_after: PatternAfter,
    most: int = 4,
    without_gap: PatternAfter | None = None,
    by_limbs: PatternAfter | None = None,
) -> list[Upgrade]:
    """The upgrade search as first written, kept as the definition the package's search
    (`alscriteria.assess.plan.upgrades.upgrade_paths`) is held equal to: every
    combination of the candidates a set of indices, each addition kept when it raises the
    category and no addition one smaller inside it reaches as high, every kept addition
    built and asked about the gap reading, then about laboratory support counted by limbs
    (`by_limbs`: the masks the same additions make, read with `lab_supported_emg=limbs`),
    before the best few are chosen."""
    if current is cset.top:
        return []
    candidates = candidates_by_definition(cset, masks)
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
        limbs = by_limbs is not None and rank(by_limbs(*added)) < rank(category)
        upgrades.append(
            Upgrade.built(
                to=category,
                add=items,
                emg_obtainable=all(e.evidence == "emg_lmn" for e in items),
                needle_barred=[],
                reading="gap" if by_gap else ("lab_supported_emg" if limbs else None),
                waits_on=None,
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


def open_pool_by_definition(
    region: Region, accessory: str, case: Case, studied: set[str]
) -> list[Muscle]:
    """A region's muscles as the plan first pooled them: its screening muscles the case
    allows (`allowed_here`), those its contraindications demote sorted last."""
    return sorted(
        (m for m in screening_muscles(region, accessory) if allowed_here(m, case, studied)),
        key=lambda m: demotion(m.key, case) is not None,
    )


def cranial_second_look_by_definition(case: Case) -> list[Muscle]:
    """The bulbar muscles of the second look as first listed: the bulbar catalogue muscles
    but the accessory-nerve ones, allowed, the demoted ones last."""
    studied = {s.muscle for s in case.emg}
    pool = [
        m
        for m in catalogue_region(Region.BULBAR, Region.BULBAR.value)
        if m.key not in ACCESSORY_MUSCLES and allowed_here(m, case, studied)
    ]
    return sorted(pool, key=lambda m: demotion(m.key, case) is not None)


def mark_barred_by_definition(case: Case, paths: Sequence[Upgrade]) -> list[Upgrade]:
    """The paths as first marked: every EMG item asked whether its region can be needled,
    a path with a region barred on every limb marked, and all of them sorted again."""
    out = []
    for upgrade in paths:
        barred = sorted(
            {
                e.region
                for e in upgrade.add
                if e.evidence == "emg_lmn" and not needle_can_go(case, e.region)
            },
            key=lambda r: r.order,
        )
        if barred:
            upgrade = upgrade.model_copy(update={"emg_obtainable": False, "needle_barred": barred})
        out.append(upgrade)
    return sorted(out, key=path_order)


def chest_wall_by_definition(key: str) -> bool:
    """Whether a muscle carries the pneumothorax caution, read from the table each time."""
    return bool(PNEUMOTHORAX & set(needle_cautions().get(key, {})))


def upgrades_under(cset: Any, rd: Readings, masks: Any, pattern: Any, engine: Any) -> Any:
    """upgrades_of as it was: the search as first written (`upgrade_paths_by_definition`),
    under the very readings given, all seven, each addition's category read from masks built
    by `with_added` (not `counts_after`)."""

    def pattern_of(*added: int) -> Any:
        return pattern_for(cset, rd, with_added(masks, *added), engine)

    strict = rd.model_copy(update={"gap": "unclassified"})

    def without_gap(*added: int) -> Any:
        return pattern_for(cset, strict, with_added(masks, *added), engine)

    gap_read = without_gap if rd.gap == "residual-possible" else None
    counted = rd.model_copy(update={"lab_supported_emg": "limbs"})

    def by_limbs(*added: int) -> Any:
        return pattern_for(cset, counted, with_added(masks, *added), engine)

    limbs_read = by_limbs if cset.uses_emg_count and rd.lab_supported_emg == "regions" else None
    return tuple(
        upgrade_paths_by_definition(
            cset, masks, pattern, pattern_of, without_gap=gap_read, by_limbs=limbs_read
        )
    )


def reader_of(rank_after: Callable[[int, int, int], int]) -> Reader:
    """A search's reader (`assess/plan/upgrades.py:Reader`) that gives each addition the
    rank `rank_after` gives the findings it adds (UMN, clinical LMN, EMG LMN regions): the
    counts it reads are the addition itself (`base` 0, `by_emg` leaving the EMG regions in
    place), so the search reads exactly what a test's reader says, each addition once."""
    by_emg = tuple(packed(0, 0, emg) for emg in range(16))
    return Reader(0, by_emg, {}, lambda added: rank_after(*unpacked(added)))
