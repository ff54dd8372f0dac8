"""Per-region evidence (criteria.md A.2): what each region shows before any criteria set counts it.

The criteria sets disagree on what counts (which EMG findings, which clinical LMN signs), so
this module computes every variant once and lets each criteria set pick its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from alscriteria.case import Case, MuscleStudy
from alscriteria.readings import Readings
from alscriteria.regions.anatomy import REGION_ORDER, Region
from alscriteria.regions.catalogue import ACCESSORY_MUSCLES, catalogue
from alscriteria.regions.independence import RootRule, independent_pair


class MuscleDefinition(StrEnum):
    """Which active denervation, with chronic neurogenic change, makes a muscle count."""

    EL_ESCORIAL = "el-escorial"
    """Fibrillation potentials or positive sharp waves (A.2, revised El Escorial)."""
    AWAJI = "awaji"
    """Fibrillation potentials, positive sharp waves or fasciculation potentials (A.2)."""


@dataclass(frozen=True, slots=True)
class StudiedMuscle:
    """A needle study joined with its anatomy (catalogue or the study's own)."""

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


@dataclass(frozen=True, slots=True)
class RegionEMG:
    qualifying: tuple[StudiedMuscle, ...]
    witness: tuple[StudiedMuscle, ...]
    """The muscles that make the region positive (one, or an independent limb pair)."""
    positive_sides: tuple[str, ...]
    """Limb regions: the sides on which the two-muscle rule holds by itself."""

    @property
    def positive(self) -> bool:
        return bool(self.witness)


@dataclass(frozen=True, slots=True)
class RegionFacts:
    region: Region
    examined: bool
    umn_signs: tuple[str, ...]
    lmn_signs: tuple[str, ...]
    studied: tuple[StudiedMuscle, ...]
    emg: Mapping[MuscleDefinition, RegionEMG]

    @property
    def umn(self) -> bool:
        return bool(self.umn_signs)

    @property
    def weakness_or_wasting(self) -> bool:
        """Clinical LMN for El Escorial and Awaji (A.2); fasciculations alone do not count."""
        return "weakness" in self.lmn_signs or "wasting" in self.lmn_signs

    @property
    def weakness_and_wasting(self) -> bool:
        """Clinical LMN for Gold Coast (A.2)."""
        return "weakness" in self.lmn_signs and "wasting" in self.lmn_signs


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    regions: tuple[RegionFacts, ...]

    def __getitem__(self, region: Region) -> RegionFacts:
        return self.regions[region.order]


def studied_muscle(study: MuscleStudy, accessory_region: str) -> StudiedMuscle:
    known = catalogue().get(study.muscle)
    if known is not None:
        region = known.region
        if study.muscle in ACCESSORY_MUSCLES:
            region = Region(accessory_region)
        return StudiedMuscle(
            study.muscle, known.name, study.side, region, known.roots, known.nerve, study
        )
    assert study.region is not None and study.roots is not None and study.nerve is not None
    return StudiedMuscle(
        study.muscle,
        study.muscle.replace("_", " "),
        study.side,
        study.region,
        frozenset(study.roots),
        study.nerve,
        study,
    )


def _region_emg(
    region: Region,
    muscles: tuple[StudiedMuscle, ...],
    definition: MuscleDefinition,
    rule: RootRule,
) -> RegionEMG:
    qualifying = tuple(m for m in muscles if m.qualifies(definition))
    if not region.is_limb:
        return RegionEMG(qualifying, qualifying[:1], ())
    pair = independent_pair(qualifying, rule)
    sides = tuple(
        side
        for side in ("left", "right")
        if independent_pair([m for m in qualifying if m.side == side], rule) is not None
    )
    return RegionEMG(qualifying, pair or (), sides)


def gather_evidence(case: Case, readings: Readings) -> CaseEvidence:
    rule: RootRule = readings.root_independence
    muscles = [studied_muscle(s, readings.accessory_muscles) for s in case.emg]
    facts = []
    for region in REGION_ORDER:
        here = tuple(m for m in muscles if m.region is region)
        findings = case.findings(region)
        facts.append(
            RegionFacts(
                region=region,
                examined=region in case.regions or bool(here),
                umn_signs=findings.umn_signs,
                lmn_signs=findings.lmn_signs,
                studied=here,
                emg={d: _region_emg(region, here, d, rule) for d in MuscleDefinition},
            )
        )
    return CaseEvidence(tuple(facts))
