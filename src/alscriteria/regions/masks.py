"""What one case's evidence is, as data every criteria set reads: each muscle studied with the
region and roots it counts for, each region's facts per side, and the masks the rules are
asked about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.case.findings import EMGSummary
from alscriteria.case.studies import MuscleStudy


class MuscleDefinition(StrEnum):
    """Which active denervation, with chronic neurogenic change, makes a muscle count."""

    EL_ESCORIAL = "el-escorial"
    """Fibrillation potentials or positive sharp waves (A.2, revised El Escorial)."""
    AWAJI = "awaji"
    """Fibrillation potentials, positive sharp waves or fasciculation potentials (A.2)."""


@dataclass(slots=True, eq=False)
class StudiedMuscle:
    """A needle study joined with its anatomy (catalogue or the study's own).

    Never changed after it is built, but not frozen: one is built per study per evidence
    pass, and a frozen dataclass's constructor (a setattr per field) cost seven times as
    much. Compared and hashed by identity: one study, one StudiedMuscle per pass."""

    key: str
    name: str
    side: str | None
    region: Region
    roots: frozenset[str]
    nerve: str
    study: MuscleStudy

    def active_denervation(self, definition: MuscleDefinition) -> bool:
        s = self.study
        if definition is MuscleDefinition.EL_ESCORIAL:
            return s.fibrillation_potentials or s.positive_sharp_waves
        return s.fibrillation_potentials or s.positive_sharp_waves or s.fasciculation_potentials

    def qualifies(self, definition: MuscleDefinition) -> bool:
        """Denervation with reinnervation: chronic change and active denervation together."""
        return self.study.chronic_neurogenic_change and self.active_denervation(definition)


@dataclass(slots=True)
class RegionEMG:
    qualifying: tuple[StudiedMuscle, ...]
    witness: tuple[StudiedMuscle, ...]
    """The muscles that make the region positive (one, or an independent limb pair)."""
    positive_sides: tuple[str, ...]
    """Limb regions: the sides on which the two-muscle rule holds by itself."""
    summaries: tuple[str, ...] = ()
    """The EMG summaries that entered ("region", "left", "right"); empty for records only."""
    by_summary: bool = False
    """Positive as a summary reports it (without muscle detail)."""
    open: bool = False
    """The summaries leave open whether the region is positive (A.2 cannot be applied)."""
    open_sides: tuple[str, ...] = ()
    """Limb sides the summaries leave open (two-limb reading)."""
    open_because: tuple[str, ...] = ()
    """What else leaves the region open, beyond what its own summaries leave out (codes,
    worded in wording.OPEN_EMG): the accessory muscles, where they count as cervical."""

    @property
    def positive(self) -> bool:
        return bool(self.witness) or self.by_summary


@dataclass(frozen=True, slots=True)
class SideSigns:
    """The signs given for one limb; signs given for the whole region may lie on either."""

    side: str
    umn_signs: tuple[str, ...]
    lmn_signs: tuple[str, ...]
    reported_flags: tuple[str, ...] = ()


@dataclass(slots=True)
class RegionFacts:
    region: Region
    examined: bool
    umn_signs: tuple[str, ...]
    lmn_signs: tuple[str, ...]
    studied: tuple[StudiedMuscle, ...]
    emg: Mapping[MuscleDefinition, RegionEMG]
    sides: tuple[SideSigns, ...] = ()
    """Limb regions given per side: what each side showed."""
    summaries: tuple[tuple[str, EMGSummary], ...] = ()
    """The EMG summaries given for the region and its sides."""
    reported_flags: tuple[str, ...] = ()
    """Registry flags given yes, without the signs named: "umn", "lmn"."""
    whole_region_lmn_signs: tuple[str, ...] = ()
    """Limb regions given per side: the LMN signs given for the region as a whole."""

    @property
    def umn(self) -> bool:
        return bool(self.umn_signs) or "umn" in self.reported_flags

    @property
    def weakness_or_wasting(self) -> bool:
        """Clinical LMN for El Escorial and Awaji (A.2); fasciculations alone do not count.
        A registry's clinical LMN flag means weakness or wasting."""
        return (
            "weakness" in self.lmn_signs
            or "wasting" in self.lmn_signs
            or "lmn" in self.reported_flags
        )

    @property
    def clinical_lmn_open(self) -> bool:
        """A clinical LMN flag without the signs: whether there was weakness AND wasting
        (Gold Coast) is not said."""
        return "lmn" in self.reported_flags and not self.weakness_and_wasting

    @property
    def weakness_and_wasting(self) -> bool:
        """Clinical LMN for Gold Coast (A.2). Given per side, both signs must be on one limb
        (signs given for the whole region may be on either): weakness of one arm and wasting
        of the other is no weak, wasted muscle."""
        if not self.sides:
            return "weakness" in self.lmn_signs and "wasting" in self.lmn_signs
        whole = self.whole_region_lmn_signs
        return any(_weak_and_wasted(whole, s.lmn_signs) for s in self.sides) or (
            "weakness" in whole and "wasting" in whole
        )

    @property
    def split_weakness_and_wasting(self) -> bool:
        """Weakness and wasting both in the region, never on one limb (a Gold Coast note)."""
        return (
            bool(self.sides)
            and "weakness" in self.lmn_signs
            and "wasting" in self.lmn_signs
            and not self.weakness_and_wasting
        )


def _weak_and_wasted(whole_region: tuple[str, ...], side: tuple[str, ...]) -> bool:
    signs = {*whole_region, *side}
    return "weakness" in signs and "wasting" in signs


class EvidenceMasks(NamedTuple):
    """The regions of each kind of evidence as 4-bit masks (bit i: region of index i).

    Criteria sets count regions with these, and the planner adds evidence to them by set
    arithmetic instead of rebuilding cases (`CriteriaSet.counts_after`). A named tuple,
    immutable, cheap to build and hashable (the memos key on it).
    """

    umn: int
    weakness_or_wasting: int
    weakness_and_wasting: int
    emg: tuple[int, int]
    """EMG-positive regions, by MuscleDefinition (El Escorial, Awaji)."""
    emg_limbs: tuple[int, int]
    """Limb sides positive on their own (the two-limb reading), by MuscleDefinition."""


class FindingsPattern(NamedTuple):
    """What the red flags (B.4.1) and the motor phenotype (A.6) read of a case's evidence,
    as region masks (bit i: region of index i) and flags: the pattern of the findings, not
    the findings. Two cases with the same pattern raise the same red flags (the conduction
    findings apart, which the case's own record words) and show the same phenotype, so both
    are worded once for every case with it (assess/context.py, in the engine memo: the
    pattern is a closed domain). Read from the full evidence (assess/pattern.py:
    pattern_of) or, for an ordinary case, from the case alone (quick_pattern), which a
    cohort row needs without the record of each region; tests hold the two equal.
    """

    umn: int
    """Regions with a UMN sign or flag."""
    clinical: int
    """Regions with weakness or wasting (or a registry's clinical LMN flag)."""
    emg: tuple[int, int]
    """EMG-positive regions, by MuscleDefinition (the evidence masks' `emg`)."""
    open_emg: int
    """Regions whose Awaji EMG the summaries leave open (the evidence's `open_emg[1]`)."""
    any_open: int
    """Regions whose EMG some muscle definition leaves open."""
    findings: int
    """Regions with a sign or an abnormal muscle beyond fasciculations (red flags)."""
    findings_above_neck: int
    """The same, fasciculations counted and the accessory-nerve muscles not (red flags)."""
    lmn_involved: int
    """Regions with LMN involvement as the phenotype reads it (phenotype.lmn_involved)."""
    needled: bool
    """Any muscle studied, or an EMG summary that answers anything."""
    needle_abnormal: bool
    """Any abnormal muscle, or an EMG summary reporting an abnormality."""
    one_limb: int
    """Limb regions whose record shows LMN involvement in one limb only (one_limb_only)."""
    not_reflexes: int
    """UMN regions whose UMN findings are not all named pathological reflexes in a limb."""
    aside: tuple[str, ...]
    """The accessory-nerve muscles alone the bulbar LMN involvement rests on (catalogue
    keys, each once, in the order studied): `CaseEvidence.bulbar_lmn_rests_on_accessory`."""
    summary_may_rest: bool
    """`CaseEvidence.bulbar_summary_may_rest_on_accessory`."""
    both_limbs: int = 0
    """Limb regions whose per-limb record shows each limb weak or wasted (or LMN-flagged)
    per side (assess/pattern.py: both_limbs_shown); a flail limb shown otherwise names it
    in `needs`. EMG evidence alone does not show a limb (A.6)."""
    other_limb: tuple[tuple[int, str, tuple[str, ...]], ...] = ()
    """Per limb region (bit), what the record shows of the limb a flail reading lacks
    (assess/pattern.py: other_limb): the side and catalogue keys of either its muscles with
    denervation and reinnervation, where that limb was examined without weakness or wasting
    and the other limb has them (the phenotype reads one limb); or, where the record places
    the LMN involvement in neither one limb nor both, its muscles with denervation and
    reinnervation (none: EMG without a side) where it is not given per side beside one limb
    given weak or wasted (its involvement is EMG evidence alone), or its sampled muscles,
    all normal. `other_limb_emg` says which of the last two."""
    other_limb_emg: int = 0
    """Limb regions whose `other_limb` entry is LMN involvement on EMG evidence alone (the
    muscles denervated, or EMG without a side), not sampled muscles all normal."""


#: Each region's bit in the masks.
REGION_BIT = {region: 1 << region.order for region in REGION_ORDER}

#: The limb regions as a mask (A.2: the regions that need two independent muscles).
LIMB_BITS = sum(1 << r.order for r in REGION_ORDER if r.is_limb)

DEFINITION_INDEX = {MuscleDefinition.EL_ESCORIAL: 0, MuscleDefinition.AWAJI: 1}


@dataclass(slots=True)
class CaseEvidence:
    regions: tuple[RegionFacts, ...]
    masks: EvidenceMasks
    open_emg: tuple[int, int] = (0, 0)
    """Regions whose EMG the summaries leave open, by MuscleDefinition (bit masks)."""
    open_limbs: tuple[int, int] = (0, 0)
    """Limb sides the summaries leave open, by MuscleDefinition (counts)."""
    open_weakness_and_wasting: int = 0
    """Regions with a clinical LMN flag whose signs are not named (Gold Coast: open)."""

    anything_open: bool = False
    """Any of the above: the one check ordinary cases pay."""

    def __getitem__(self, region: Region) -> RegionFacts:
        return self.regions[region.order]

    @property
    def bulbar_lmn_rests_on_accessory(self) -> tuple[StudiedMuscle, ...]:
        """The accessory-nerve muscles on which alone the bulbar region's LMN involvement
        rests (no weakness or wasting there, no EMG summary; see `accessory_only_emg`), by
        the broadest muscle definition (Awaji); () otherwise. The phenotype and the pattern
        red flags do not count such a region as bulbar involvement (A.6, B.4.1)."""
        facts = self[Region.BULBAR]
        if facts.weakness_or_wasting:
            return ()
        return accessory_only_emg(facts, MuscleDefinition.AWAJI)

    @property
    def bulbar_summary_may_rest_on_accessory(self) -> bool:
        """Whether the bulbar region's LMN involvement may rest on an EMG summary alone,
        which a registry form may fill from the trapezius or sternocleidomastoid (it files
        them under bulbar whatever the reading): no weakness or wasting there and no
        abnormal cranial-nerve muscle on record. The red flags then keep the picture without
        the bulbar region open too, as they keep every finding a summary leaves open."""
        facts = self[Region.BULBAR]
        if facts.weakness_or_wasting:
            return False
        emg = facts.emg[MuscleDefinition.AWAJI]
        if not emg.summaries:
            return False
        return all(m.key in ACCESSORY_MUSCLES for m in emg.qualifying)

    @property
    def root_rule_matters(self) -> bool:
        """Root independence (A.3.4) only decides between two qualifying muscles of a limb,
        or in how a limb's EMG summary reads ("not independent" means less when roots that
        merely differ are enough)."""
        return any(
            facts.region.is_limb and (len(emg.qualifying) >= 2 or bool(facts.summaries))
            for facts in self.regions
            for emg in facts.emg.values()
        )


def accessory_only_emg(
    facts: RegionFacts, definition: MuscleDefinition
) -> tuple[StudiedMuscle, ...]:
    """The muscles that make the bulbar region EMG-positive by a muscle definition, when
    every one is supplied by the accessory nerve (trapezius, sternocleidomastoid), which the
    default reading counts as bulbar (A.3.4); () otherwise. Abnormal in 18% (the
    sternocleidomastoid) and 54% (the trapezius) of patients without bulbar involvement
    (Zhao 2025, S75; B.0), such a muscle alone
    is weak evidence that the bulbar region is involved: the one detector for the plan's
    second look, the notes, the phenotype and the red flags."""
    if facts.region is not Region.BULBAR:
        return ()
    emg = facts.emg[definition]
    if not emg.positive or emg.summaries or not emg.qualifying:
        return ()
    if any(m.key not in ACCESSORY_MUSCLES for m in emg.qualifying):
        return ()
    return emg.qualifying
