"""The output contract: what a criteria set concluded about one case, and why.

Reasons and suggestions are codes here; their wording lives in `wording.py`, so tools that
embed the library can translate or restyle them without parsing prose.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from alscriteria.readings import Readings
from alscriteria.regions.anatomy import Region


class Category(StrEnum):
    DEFINITE = "definite"
    PROBABLE = "probable"
    PROBABLE_LABORATORY_SUPPORTED = "probable-laboratory-supported"
    POSSIBLE = "possible"
    ALS = "als"
    NOT_MET = "not-met"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MuscleEvidence(_Model):
    muscle: str
    name: str
    side: str | None
    region: Region
    roots: list[str]
    nerve: str
    findings: list[str] = Field(description="the abnormalities recorded in this muscle")


class RegionEvidence(_Model):
    """One region as this criteria set sees it."""

    region: Region
    examined: bool = Field(description="findings or EMG were recorded for this region")
    umn: bool
    umn_signs: list[str]
    clinical_lmn: bool = Field(description="clinical LMN by this criteria set's definition")
    lmn_signs: list[str]
    emg_lmn: bool = Field(description="EMG-positive by this criteria set's muscle definition")
    emg_lmn_sides: list[str] = Field(
        description="limb sides positive on their own (two-limb reading)"
    )
    emg_muscles: list[MuscleEvidence] = Field(description="the muscles that make it EMG-positive")
    qualifying_muscles: list[MuscleEvidence] = Field(
        description="every muscle with denervation and reinnervation by this definition"
    )
    muscles_studied: int
    lmn: bool = Field(description="counted as an LMN region by this criteria set")


class FiringEvidence(_Model):
    region: Region
    umn_signs: list[str]
    lmn_signs: list[str]
    emg_muscles: list[str]


class RuleFiring(_Model):
    rule: str
    clause: str
    citation: str
    statement: str
    grants: Category | None = Field(description="category granted; null for a gate")
    regions: list[Region]
    rostral_pair: list[Region] | None = Field(
        default=None, description="[upper, lower] regions that satisfy a rostral clause"
    )
    evidence: list[FiringEvidence]


class Shortfall(_Model):
    """One requirement of a rule for the next category up that the case does not meet."""

    rule: str
    category: Category | None
    code: str
    have: int | str | None
    need: int | str | None


class Prerequisites(_Model):
    progression: bool | None
    other_causes_excluded: bool | None
    met: bool
    missing: list[str]


class AlternativeReading(_Model):
    option: str
    value: str
    category: Category
    pattern_category: Category


EvidenceKind = Literal["umn", "clinical_lmn", "emg_lmn"]


class EvidenceNeeded(_Model):
    region: Region
    evidence: EvidenceKind


class Upgrade(_Model):
    """A smallest set of new regional evidence that the engine says would raise the category."""

    to: Category
    add: list[EvidenceNeeded]
    emg_obtainable: bool = Field(description="every item can be sought by EMG now")


class MuscleSuggestion(_Model):
    muscle: str
    region: Region
    side: str | None
    reason: str
    reason_code: str


class PlanItem(_Model):
    """A caution, timing or mimic warning: a code, its wording and its source."""

    code: str
    text: str
    source: str


class Plan(_Model):
    """Repeat-testing plan (criteria.md A.4). Heuristic guidance, not a rule of the criteria."""

    guidance_only: bool = True
    upgrades: list[Upgrade]
    muscles: list[MuscleSuggestion]
    previously_spared: list[str] = Field(description="muscles studied and normal this visit")
    cautions: list[PlanItem]
    timing: list[PlanItem]
    warnings: list[PlanItem] = Field(description="nerve conduction findings that suggest a mimic")


class Assessment(_Model):
    criteria: str
    title: str
    citation: str
    category: Category
    met: bool
    pattern_category: Category = Field(description="the category the regional findings alone give")
    prerequisites: Prerequisites
    regions: list[RegionEvidence]
    trace: list[RuleFiring]
    next_category: Category | None = Field(description="the category just above the pattern")
    missing: list[Shortfall]
    notes: list[str]
    readings: Readings
    alternatives: list[AlternativeReading] = Field(
        description="categories that another reading of A.3.4 would give, where they differ"
    )
    plan: Plan | None = Field(default=None, description="present when a plan was asked for")
