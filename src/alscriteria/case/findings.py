"""A region's findings as the clinic records them: UMN and LMN signs, per side where the limb
matters, and the EMG summary when no muscle list is given.
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    FieldSerializationInfo,
    field_serializer,
    model_validator,
)

from alscriteria.anatomy.vocabulary import in_vocabulary_order
from alscriteria.case.words import LmnSign, TriState, UmnSign

FOUND = (
    "yes: found in the muscles with chronic neurogenic change; no: found in no muscle "
    "studied; left out: unknown (or found only in muscles without chronic change)"
)


class EMGSummary(BaseModel):
    """The electromyographer's conclusion for a region or one limb, without muscle detail.

    Registries keep this rather than every muscle. Each finding is true, false or unknown
    (left out). "Yes" is read as found in the muscles that showed chronic neurogenic change
    (A.2: denervation with reinnervation in the same muscles); "no" as found in no muscle
    studied. So each criteria set's muscle definition can still be applied, and an answer
    the summary does not give stays open rather than being guessed.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    chronic_neurogenic_change: TriState = Field(
        default=None, description="reinnervation: chronic neurogenic motor unit change"
    )
    fibrillation_potentials: TriState = Field(default=None, description=FOUND)
    positive_sharp_waves: TriState = Field(default=None, description=FOUND)
    fasciculation_potentials: TriState = Field(default=None, description=FOUND)
    active_denervation: TriState = Field(
        default=None,
        description="any of fibrillation potentials, positive sharp waves or fasciculation "
        "potentials, for a report that does not say which",
    )
    lmn_evidence: TriState = Field(
        default=None,
        description="the electromyographer's conclusion, as registry forms record it: yes, "
        "EMG evidence of LMN involvement by the Awaji definition (chronic neurogenic change "
        "with fibrillation potentials, positive sharp waves or fasciculation potentials; in "
        "two independent muscles for a limb); no, no muscle there showed chronic change with "
        "active denervation; leave it out for anything between (one such muscle in a limb)",
    )
    independent_muscles: TriState = Field(
        default=None,
        description="limbs only: at least two muscles that each show chronic neurogenic "
        "change with active denervation are supplied by different roots (no root in "
        "common) and different peripheral nerves",
    )

    @model_validator(mode="after")
    def _consistent(self) -> EMGSummary:
        named = [name for name in EMG_SUMMARY_FINDINGS[1:4] if getattr(self, name) is True]
        if self.active_denervation is False and named:
            raise ValueError(
                f"active_denervation is false but {', '.join(named)} is true; active "
                "denervation means any of them"
            )
        denied = [
            name
            for name in ("chronic_neurogenic_change", "active_denervation", "independent_muscles")
            if getattr(self, name) is False
        ]
        if self.lmn_evidence is True and denied:
            raise ValueError(
                f"lmn_evidence is true, which needs chronic neurogenic change, active "
                f"denervation and (in a limb) independent muscles, but {', '.join(denied)} "
                "is false"
            )
        if self.independent_muscles is True:
            against = [
                name
                for name in ("chronic_neurogenic_change", "active_denervation")
                if getattr(self, name) is False
            ]
            if against:
                raise ValueError(
                    f"independent_muscles is true, which names two muscles that each show "
                    f"chronic neurogenic change with active denervation, but "
                    f"{', '.join(against)} is false"
                )
        kinds = EMG_SUMMARY_FINDINGS[1:4]
        if all(getattr(self, name) is False for name in kinds):
            said = [
                n
                for n in ("active_denervation", "lmn_evidence", "independent_muscles")
                if getattr(self, n)
            ]
            if said:
                raise ValueError(
                    f"{said[0]} is true but fibrillation potentials, positive sharp waves and "
                    "fasciculation potentials are all false; active denervation is one of them"
                )
        return self

    @property
    def abnormal(self) -> bool:
        """Some abnormality is reported (true, not merely unknown)."""
        return any(getattr(self, name) is True for name in EMG_SUMMARY_FINDINGS)

    @property
    def normal(self) -> bool:
        """Every abnormality is reported absent: a normal study, as a muscle record can be."""
        if self.chronic_neurogenic_change is not False:
            return False
        return self.active_denervation is False or all(
            getattr(self, name) is False for name in EMG_SUMMARY_FINDINGS[1:4]
        )


#: The abnormalities an EMG summary can report (independent_muscles is not one).
EMG_SUMMARY_FINDINGS = (
    "chronic_neurogenic_change",
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "active_denervation",
    "lmn_evidence",
)

UMN_FLAG = "UMN signs present (yes/no), as a registry form records them without naming the signs"

LMN_FLAG = (
    "clinical LMN signs present (yes/no): weakness or wasting, as a registry form records "
    "them without naming them (fasciculations alone are not an LMN sign)"
)


class SideFindings(BaseModel):
    """One limb (a limb region on one side), as registry forms record it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    umn_signs: tuple[UmnSign, ...] = ()
    lmn_signs: tuple[LmnSign, ...] = ()
    umn: TriState = Field(default=None, description=UMN_FLAG)
    lmn: TriState = Field(default=None, description=LMN_FLAG)
    emg: EMGSummary | None = Field(default=None, description="the EMG conclusion for this limb")

    @field_serializer("umn_signs", "lmn_signs")
    def _as_set(self, value: tuple[str, ...], info: FieldSerializationInfo) -> list[str]:
        return list(in_vocabulary_order(info.field_name, value))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SideFindings):
            return NotImplemented
        return (set(self.umn_signs), set(self.lmn_signs), self.umn, self.lmn, self.emg) == (
            set(other.umn_signs),
            set(other.lmn_signs),
            other.umn,
            other.lmn,
            other.emg,
        )

    def __hash__(self) -> int:
        signs = (frozenset(self.umn_signs), frozenset(self.lmn_signs))
        return hash((*signs, self.umn, self.lmn, self.emg))


class RegionFindings(BaseModel):
    """What the clinical examination found in one region (and, if given, the EMG conclusion).

    Limb regions may also be given per side (`left`, `right`, as registry forms record an
    arm or a leg); the region is positive when either side is, and signs given for the whole
    region may lie on either side.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    umn_signs: tuple[UmnSign, ...] = ()
    lmn_signs: tuple[LmnSign, ...] = ()
    umn: TriState = Field(default=None, description=UMN_FLAG)
    lmn: TriState = Field(default=None, description=LMN_FLAG)
    emg: EMGSummary | None = Field(
        default=None, description="the EMG conclusion for the region, without muscle detail"
    )
    left: SideFindings | None = Field(default=None, description="limb regions only")
    right: SideFindings | None = Field(default=None, description="limb regions only")

    # Findings are sets. They are kept as given (so validation needs no Python), compare as
    # sets, and are written and reported once each, in the vocabulary's order.

    @field_serializer("umn_signs", "lmn_signs")
    def _as_set(self, value: tuple[str, ...], info: FieldSerializationInfo) -> list[str]:
        return list(in_vocabulary_order(info.field_name, value))

    @property
    def sides(self) -> tuple[tuple[str, SideFindings], ...]:
        return tuple((name, f) for name, f in (("left", self.left), ("right", self.right)) if f)

    @property
    def all_umn_signs(self) -> tuple[str, ...]:
        """The region's UMN signs, whichever side (or none) they were given for."""
        if self.left is None and self.right is None:
            return self.umn_signs
        return (*self.umn_signs, *(s for _, f in self.sides for s in f.umn_signs))

    @property
    def all_lmn_signs(self) -> tuple[str, ...]:
        if self.left is None and self.right is None:
            return self.lmn_signs
        return (*self.lmn_signs, *(s for _, f in self.sides for s in f.lmn_signs))

    @property
    def emg_summaries(self) -> tuple[tuple[str, EMGSummary], ...]:
        """The EMG conclusions given: for the region ("region") and per side."""
        found = [("region", self.emg)] if self.emg is not None else []
        found.extend((name, f.emg) for name, f in self.sides if f.emg is not None)
        return tuple(found)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RegionFindings):
            return NotImplemented
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        signs = (frozenset(self.umn_signs), frozenset(self.lmn_signs))
        return (*signs, self.umn, self.lmn, self.emg, self.left, self.right)

    def __hash__(self) -> int:
        return hash(self._compared())

    @property
    def flags(self) -> tuple[tuple[str, bool | None, bool | None], ...]:
        """The registry flags given: (where, umn, lmn) for the region and each side."""
        given = [("region", self.umn, self.lmn)]
        given.extend((side, f.umn, f.lmn) for side, f in self.sides)
        return tuple(flags for flags in given if flags[1:] != (None, None))
