"""The evidence masks alone: what the verdicts of an ordinary case need, without the record
of each region that the explanations read.

A cohort that reads only categories never reads that record (every region's facts, every
muscle joined with its anatomy, the qualifying muscles by definition), yet building it was
most of the cost of deciding a category. The verdicts need only the masks (criteria.md A.2:
which regions show UMN signs, clinical LMN signs, EMG LMN evidence, and how many limbs are
positive on their own), and those take one pass over the signs and the qualifying muscles.

A case with registry input (sides, yes/no flags, EMG summaries) takes the full pass: its
answers can be open (three-valued), which the masks alone do not carry. For every other case
these masks are the ones `gather_evidence` builds, for every reading; tests hold the two
equal (tests/test_quick_masks.py), so the full record, when an explanation reads it, agrees
with the category already decided.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.independence import Innervated, RootRule, independent_pair, normal_nerve
from alscriteria.anatomy.regions import REGION_ORDER
from alscriteria.case.fast import Noted
from alscriteria.case.model import Case
from alscriteria.case.studies import MuscleStudy
from alscriteria.regions.masks import REGION_BIT, EvidenceMasks


class _OwnAnatomy(NamedTuple):
    """A muscle outside the catalogue, with the anatomy its study gives (A.1)."""

    key: str
    roots: frozenset[str]
    nerve: str


#: Whether a region (by its order) is a limb: two independent muscles make it positive (A.2).
_LIMB = tuple(region.is_limb for region in REGION_ORDER)
_SIDES = ("left", "right")


@cache
def _catalogue_site(key: str, accessory_region: str) -> tuple[int, Innervated]:
    """A catalogue muscle's region (its order) under the accessory reading (A.3.4), and the
    muscle itself (key, roots and nerve, as the independence rule reads them)."""
    muscle = catalogue()[key]
    return muscle.counted_in(accessory_region).order, muscle


def quick_masks(case: Case, rule: RootRule, accessory: str) -> EvidenceMasks | None:
    """The case's evidence masks under a root reading and an accessory reading, or None for
    a case with registry input (which the full evidence pass reads)."""
    if case.registry_input:
        return None
    return ordinary_masks(case, rule, accessory)


def ordinary_masks(case: Case, rule: RootRule, accessory: str) -> EvidenceMasks:
    """`quick_masks` of a case known to hold no registry input (the case's context asks
    that once a case)."""
    umn = weak_or = weak_and = 0
    for region, findings in case.regions.items():
        bit = REGION_BIT[region]
        if findings.umn_signs:
            umn |= bit
        signs = findings.lmn_signs
        if signs:
            weak = "weakness" in signs
            wasting = "wasting" in signs
            if weak or wasting:
                weak_or |= bit
                if weak and wasting:
                    weak_and |= bit
    return _with_emg(umn, weak_or, weak_and, case.emg, rule, accessory)


def noted_masks(noted: Noted, rule: RootRule, accessory: str) -> EvidenceMasks:
    """`ordinary_masks` from what the case reader noted on its one pass over an ordinary
    case (case/fast.py `Noted`: the signs as masks, the qualifying records), without
    walking the regions and records again (tests hold the two equal for every case)."""
    signs = noted.signs
    return _with_emg(
        signs & 15, signs >> 4 & 15, signs >> 8 & 15, noted.qualifying, rule, accessory
    )


def _with_emg(
    umn: int,
    weak_or: int,
    weak_and: int,
    studies: tuple[MuscleStudy, ...],
    rule: RootRule,
    accessory: str,
) -> EvidenceMasks:
    """The masks, with the EMG evidence of the records (those that do not qualify are
    passed over here)."""
    # the qualifying muscles (chronic change with active denervation, A.2): one makes a
    # bulbar or thoracic region positive; a limb region's are kept, in the order studied,
    # by definition (Awaji counts fasciculation potentials as active denervation too)
    emg = [0, 0]
    limb_sites: dict[int, list[tuple[Innervated, str | None]]] = {}
    for study in studies:
        if not study.chronic_neurogenic_change:
            continue
        el_escorial = study.fibrillation_potentials or study.positive_sharp_waves
        if not (el_escorial or study.fasciculation_potentials):
            continue
        muscle: Innervated
        if study.region is None:
            order, muscle = _catalogue_site(study.muscle, accessory)
        else:
            assert study.roots is not None and study.nerve is not None
            order = study.region.order
            muscle = _OwnAnatomy(study.muscle, frozenset(study.roots), study.nerve)
        if not _LIMB[order]:
            if el_escorial:
                emg[0] |= 1 << order
            emg[1] |= 1 << order
            continue
        site = (muscle, study.side)
        if el_escorial:
            limb_sites.setdefault(2 * order, []).append(site)
        limb_sites.setdefault(2 * order + 1, []).append(site)
    if not limb_sites:
        return EvidenceMasks(umn, weak_or, weak_and, (emg[0], emg[1]), _NO_LIMBS)
    limbs = [0, 0]
    for slot, sites in limb_sites.items():
        if len(sites) < 2:
            continue
        order, definition = divmod(slot, 2)
        anywhere, sides = _pairs(sites, rule)
        if anywhere:
            emg[definition] |= 1 << order
        limbs[definition] += sides
    return EvidenceMasks(umn, weak_or, weak_and, (emg[0], emg[1]), (limbs[0], limbs[1]))


_NO_LIMBS = (0, 0)


#: The most qualifying muscles of one limb region whose pairs are each tried (a clinic's
#: record has a few): more go through the grouped search, linear in their number.
PAIRWISE = 8


def _pairs(sites: list[tuple[Innervated, str | None]], rule: RootRule) -> tuple[bool, int]:
    """Whether some two of a limb region's qualifying muscles are independent (A.2), and on
    how many sides (left, right) two of that side's own are: what `independent_pair` says of
    the muscles and of each side's (`_pairs_searched`), read from one pass over the pairs
    where there are few, each nerve named once (tests hold the two equal)."""
    count = len(sites)
    if count > PAIRWISE:
        return _pairs_searched(sites, rule)
    nerves = [normal_nerve(m.nerve) for m, _ in sites]
    anywhere = False
    left = right = False
    disjoint = rule == "disjoint"
    for i in range(count - 1):
        first, side = sites[i]
        for j in range(i + 1, count):
            other, other_side = sites[j]
            if (
                first.key == other.key
                or nerves[i] == nerves[j]
                or not (
                    first.roots.isdisjoint(other.roots) if disjoint else first.roots != other.roots
                )
            ):
                continue
            anywhere = True
            if side == other_side:
                if side == "left":
                    left = True
                elif side == "right":
                    right = True
    return anywhere, left + right


def _pairs_searched(sites: list[tuple[Innervated, str | None]], rule: RootRule) -> tuple[bool, int]:
    """`_pairs` by the grouped search: the definition, and the way for many muscles."""
    anywhere = independent_pair([m for m, _ in sites], rule) is not None
    sides = 0
    for side in _SIDES:
        own = [m for m, s in sites if s == side]
        if len(own) >= 2 and independent_pair(own, rule) is not None:
            sides += 1
    return anywhere, sides
