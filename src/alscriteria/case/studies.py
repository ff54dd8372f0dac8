"""What was measured: each needle EMG study of a muscle, nerve conduction, and what makes
needling unsafe (the sides and limbs it concerns).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from alscriteria.anatomy.catalogue import (
    ROOT_PATTERN,
    catalogue,
    muscle_key_form,
    nearest_muscle,
    region_roots,
    resolve_muscle,
    root_sort_key,
)
from alscriteria.anatomy.independence import normal_nerve
from alscriteria.anatomy.regions import Region
from alscriteria.case.words import LIMITS, BoundedText, Side

#: Names a muscle outside the catalogue may not take: the codes a history's change lists
#: beside its muscles (the LMN signs that document progression, a registry's flag given
#: without its signs, an EMG summary), so a front end never mistakes one for the other.
FINDING_CODES = ("weakness", "wasting", "umn_flag", "lmn_flag", "emg_summary")


class MuscleStudy(BaseModel):
    """One muscle sampled with the needle, and what it showed."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    muscle: str = Field(
        description="catalogue key (see `alscriteria muscles`)", max_length=LIMITS["text"]
    )
    side: Side | None = None
    fibrillation_potentials: StrictBool = False
    positive_sharp_waves: StrictBool = False
    fasciculation_potentials: StrictBool = False
    chronic_neurogenic_change: StrictBool = False
    region: Region | None = Field(
        default=None, description="only for a muscle outside the catalogue"
    )
    roots: tuple[str, ...] | None = Field(default=None, description="only outside the catalogue")
    nerve: BoundedText | None = Field(default=None, description="only outside the catalogue")

    @field_validator("nerve", mode="after")
    @classmethod
    def _nerve_as_compared(cls, value: str | None) -> str | None:
        """Only for a muscle outside the catalogue: "Ulnar Nerve" is written "ulnar". Without
        a name the muscle's independence from another cannot be decided, so none is refused."""
        if value is None:
            return None
        name = normal_nerve(value)
        if not name or name == "nerve":
            raise ValueError(f"{value!r} does not name a nerve (for example: ulnar, median)")
        return name

    @field_validator("roots", mode="after")
    @classmethod
    def _roots_are_roots(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        cleaned = tuple(r.strip().upper() for r in value)
        bad = [r for r in cleaned if not ROOT_PATTERN.match(r)]
        if bad:
            raise ValueError(
                f"{bad} are not root names; write roots as CN1-CN12, C1-C8, T1-T12, L1-L5, S1-S5"
            )
        if not cleaned:
            raise ValueError("a muscle outside the catalogue needs at least one root")
        return tuple(sorted(set(cleaned), key=root_sort_key))

    def anatomy_problem(self) -> str | None:
        """Why this record's anatomy cannot be used, or None (A.1: catalogue, or its own)."""
        known = catalogue()
        own = {"region": self.region, "roots": self.roots, "nerve": self.nerve}
        if self.muscle in known:
            given = [name for name, value in own.items() if value is not None]
            if given:
                return (
                    f"{self.muscle!r} is in the catalogue, which gives its region, roots and "
                    f"nerve; remove {', '.join(given)}"
                )
            return None
        as_key = resolve_muscle(self.muscle) or muscle_key_form(self.muscle)
        if as_key in known:
            return (
                f"{self.muscle!r} is the catalogue muscle {as_key!r}; write {as_key!r} "
                "without region, roots and nerve (the catalogue gives them)"
            )
        missing = [name for name, value in own.items() if value is None]
        if missing:
            hint = nearest_muscle(self.muscle)
            did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
            return (
                f"muscle {self.muscle!r} is not in the catalogue{did_you_mean}; "
                f"(a muscle outside the catalogue needs region, roots and nerve; "
                f"missing: {', '.join(missing)}; `alscriteria muscles` lists the catalogue)"
            )
        if self.muscle != self.muscle.strip() or not self.muscle.strip():
            return f"muscle {self.muscle!r}: a name without leading or trailing spaces"
        if self.muscle in FINDING_CODES:
            return (
                f"muscle {self.muscle!r}: a name the results use as a finding code "
                f"({', '.join(FINDING_CODES)}); give the muscle its own name"
            )
        assert self.region is not None and self.roots is not None
        allowed = region_roots()[self.region]
        foreign = [root for root in self.roots if root not in allowed]
        if foreign:
            return (
                f"muscle {self.muscle!r}: roots {', '.join(foreign)} are not roots of the "
                f"{self.region.value} region (its roots: "
                f"{', '.join(sorted(allowed, key=root_sort_key))})"
            )
        return None

    @property
    def is_normal(self) -> bool:
        return not (
            self.fibrillation_potentials
            or self.positive_sharp_waves
            or self.fasciculation_potentials
            or self.chronic_neurogenic_change
        )


class LimbSite(BaseModel):
    """One limb: a limb region on one side."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    region: Region
    side: Side

    @field_validator("region", mode="after")
    @classmethod
    def _is_limb(cls, value: Region) -> Region:
        if not value.is_limb:
            raise ValueError(
                f"{value.value!r} is not a limb region; allowed: cervical, lumbosacral"
            )
        return value


class Contraindications(BaseModel):
    """What limits needling (criteria.md A.4, B.4.2); the planner never suggests against it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    anticoagulated: StrictBool = Field(
        default=False, description="anticoagulant or antiplatelet therapy"
    )
    lymphedema: tuple[LimbSite, ...] = ()
    skin_infection: tuple[LimbSite, ...] = ()
    cardiac_device_side: Side | None = Field(
        default=None, description="side of an implanted pacemaker or defibrillator"
    )
    chest_wall_concerns: StrictBool = Field(
        default=False, description="reasons to avoid chest wall needling (pneumothorax risk)"
    )


class ConductionBlock(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    nerve: BoundedText
    segment: BoundedText
    at_entrapment_site: StrictBool = False


class NerveConduction(BaseModel):
    """Nerve conduction flags: they never change a category, they add mimic warnings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    conduction_block: tuple[ConductionBlock, ...] = Field(
        default=(), max_length=LIMITS["conduction_blocks"]
    )
    demyelinating_slowing: StrictBool = Field(
        default=False, description="conduction slowing in the demyelinating range"
    )
    abnormal_sensory: Literal["none", "mild", "marked"] = "none"
