"""The notes as the stitched JSON writes them: what the notes read of the case's evidence,
the same for every criteria set, and the JSON of the notes an ordinary case's findings give
a set, kept for every set and case alike (explainer.py: `Explainer._ordinary_notes_json`).

A room of its own beside the Explainer (which builds each explanation beside its writer):
these read no verdict, only the case's evidence and the key the Explainer makes of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.anatomy.independence import RootRule, spanning_paraspinal
from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.anatomy.vocabulary import in_vocabulary_order
from alscriteria.assess.explain.notes import named_note
from alscriteria.assess.models.explanations import Note
from alscriteria.regions.masks import CaseEvidence, RegionFacts

if TYPE_CHECKING:
    # the context builds explanations (context -> explain): a type only, no import back
    from alscriteria.assess.context import CaseContext


@cache
def regions_of(mask: int) -> tuple[tuple[Region, ...], tuple[str, ...]]:
    """The regions of a 4-bit mask and their codes, rostral first (a table over the 16
    masks: the gap notes ask it for most sets of most cases; a note gets lists of its own)."""
    regions = tuple(regions_in(mask))
    return regions, tuple(r.value for r in regions)


#: UMN signs Part A counts in every set (A.1) that Gold Coast's list of UMN dysfunction does
#: not name (Shefner 2020, B.3.2: increased and pathological reflexes, spasticity, slowed and
#: poorly coordinated movement not due to LMN weakness): pseudobulbar affect always, loss of
#: dexterity where weakness or wasting in the region may explain it.
_UNLISTED_ALWAYS = frozenset({"pseudobulbar_affect"})
_UNLISTED_BESIDE_WEAKNESS = frozenset({"pseudobulbar_affect", "loss_of_dexterity"})


def gold_coast_unlisted(region: RegionFacts) -> bool:
    """Whether the region's UMN evidence rests only on signs Gold Coast does not list (a
    registry's UMN flag names no sign, so it is never said to)."""
    if not region.umn_signs or "umn" in region.reported_flags:
        return False
    unlisted = _UNLISTED_BESIDE_WEAKNESS if region.weakness_or_wasting else _UNLISTED_ALWAYS
    return all(sign in unlisted for sign in region.umn_signs)


@dataclass(frozen=True, slots=True)
class CaseShows:
    """What the notes read from the case's evidence alone, the same for every criteria set:
    as regions (`_notes`) and as masks (`_ordinary_notes_json`)."""

    accessory_studied: bool
    flagged: list[Region]
    split: list[Region]
    twitching_unstudied: list[Region]
    twitching_studied: list[Region]
    twitching_unstudied_mask: int
    twitching_studied_mask: int
    unlisted_umn: list[Region]
    unlisted_umn_mask: int
    unlisted_umn_signs: list[str]


def what_the_case_shows(evidence: CaseEvidence) -> CaseShows:
    regions = evidence.regions
    twitching = [r for r in regions if r.lmn_signs == ("fasciculations",)]
    unstudied = [r.region for r in twitching if not (r.studied or r.summaries)]
    studied = [r.region for r in twitching if r.studied or r.summaries]
    unlisted_facts = [r for r in regions if r.umn_signs and gold_coast_unlisted(r)]
    unlisted = [r.region for r in unlisted_facts]
    signs = in_vocabulary_order(
        "umn_signs", tuple({s for r in unlisted_facts for s in r.umn_signs})
    )
    return CaseShows(
        accessory_studied=any(m.key in ACCESSORY_MUSCLES for r in regions for m in r.studied),
        flagged=[r.region for r in regions if r.reported_flags],
        split=[r.region for r in regions if r.split_weakness_and_wasting],
        twitching_unstudied=unstudied,
        twitching_studied=studied,
        twitching_unstudied_mask=_mask_of(unstudied),
        twitching_studied_mask=_mask_of(studied),
        unlisted_umn=unlisted,
        unlisted_umn_mask=_mask_of(unlisted),
        unlisted_umn_signs=list(signs),
    )


def _mask_of(regions: list[Region]) -> int:
    mask = 0
    for region in regions:
        mask |= 1 << region.order
    return mask


def findings_notes_json(
    ctx: CaseContext,
    residual: tuple[str, int, int] | None,
    only_emg: int,
    one_of_two: int,
    accessory: str | None,
    probable: str | None,
    twitching_unstudied: int,
    twitching_studied: int,
    unlisted_umn: tuple[int, tuple[str, ...]] | None = None,
) -> tuple[bytes, bytes, bytes]:
    """The JSON of the notes an ordinary case's findings give a criteria set (all but those
    naming its muscles), from `_ordinary_notes_json`'s key alone, in `_notes`' order: those
    before the muscles' notes, the accessory reading's, and those after the anatomy's (none
    of registry input: EMG taken as reported, signs taken from flags, weakness and wasting
    on different limbs). Each
    note is the context's kept one (`kept_note`), so a read and a dump show the same."""
    note = ctx.kept_note
    first: list[Note] = []
    if residual is not None:
        code, umn_mask, lmn_mask = residual
        first.append(
            note(
                code,
                list(regions_of(umn_mask | lmn_mask)[0]),
                umn_regions=list(regions_of(umn_mask)[1]),
                lmn_regions=list(regions_of(lmn_mask)[1]),
            )
        )
    if only_emg:
        first.append(note("emg_counts_only_for_laboratory_support", list(regions_of(only_emg)[0])))
    if one_of_two:
        regions = list(regions_of(one_of_two)[0])
        first.append(note("gold_coast_needs_weakness_and_wasting", regions))
    second = [note(f"accessory_muscles_counted_as_{accessory}")] if accessory else []
    third: list[Note] = []
    if probable is not None:
        third.append(note("no_laboratory_supported_category", probable=probable))
    for mask, studied in ((twitching_unstudied, False), (twitching_studied, True)):
        if mask:
            code = "fasciculations_alone_are_not_clinical_lmn"
            third.append(note(code, list(regions_of(mask)[0]), studied=studied))
    if unlisted_umn is not None:
        mask, signs = unlisted_umn
        third.append(
            note("gold_coast_unlisted_umn_signs", list(regions_of(mask)[0]), signs=list(signs))
        )
    written = ctx.note_json
    return (
        b",".join(map(written, first)),
        b",".join(map(written, second)),
        b",".join(map(written, third)),
    )


def paraspinal_notes(
    evidence: CaseEvidence, rule: RootRule, said: Callable[..., Note]
) -> tuple[Note, ...]:
    """A limb paraspinal that can never pair under this root reading (B.0): the note names
    them, the same for every criteria set (`said`: the context's, as kept)."""
    unpairable = [
        (r.region, m)
        for r in evidence.regions
        if r.region.is_limb
        for m in r.studied
        if spanning_paraspinal(m.key, rule)
    ]
    if not unpairable:
        return ()
    where = sorted({region for region, _ in unpairable}, key=lambda r: r.order)
    muscles = [m for _, m in unpairable]
    return (named_note("paraspinals_never_independent", where, muscles, said=said),)
