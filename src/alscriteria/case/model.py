"""The input contract (docs/case.md): one patient's findings, validated at the door.

Everything downstream trusts these models, so they refuse rather than guess: unknown keys,
unknown words, wrong types and muscles outside the catalogue (without their own anatomy)
are errors that name the field and offer the nearest valid spelling.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    FieldSerializationInfo,
    StrictBool,
    ValidationError,
    WithJsonSchema,
    field_serializer,
    field_validator,
    model_validator,
)

from alscriteria.anatomy.catalogue import (
    ROOT_PATTERN,
    alias_form,
    case_limits,
    catalogue,
    muscle_key_form,
    nearest_muscle,
    region_roots,
    resolve_muscle,
    root_sort_key,
)
from alscriteria.anatomy.independence import normal_nerve
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import in_vocabulary_order, region_signs, sign_regions, words
from alscriteria.errors import InvalidCaseError
from alscriteria.files.json_input import shown


def nearest(value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    found = difflib.get_close_matches(value.strip().lower(), list(allowed), n=1, cutoff=0.6)
    return found[0] if found else None


def _hint(value: str, allowed: tuple[str, ...] | list[str]) -> str:
    found = nearest(value, allowed)
    return f" (did you mean {found!r}?)" if found else ""


#: Which vocabulary a field's words come from, and what one of them is called in a message.
WORD_FIELDS: dict[str, tuple[str, str]] = {
    "umn_signs": ("umn_signs", "UMN sign"),
    "lmn_signs": ("lmn_signs", "LMN sign"),
    "side": ("sides", "side"),
    "cardiac_device_side": ("sides", "side"),
}


def _words_type(kind: str) -> Any:
    """The vocabulary as a Literal, so pydantic-core checks it without calling Python."""
    return Literal.__getitem__(words(kind))


if TYPE_CHECKING:
    UmnSign: TypeAlias = str
    LmnSign: TypeAlias = str
    Side: TypeAlias = str
else:
    UmnSign = _words_type("umn_signs")
    LmnSign = _words_type("lmn_signs")
    Side = _words_type("sides")


#: How registries and clinicians write a yes/no/unknown answer (JSON as in CSV).
TRISTATE_WORDS: dict[str, bool | None] = {
    "yes": True,
    "true": True,
    "no": False,
    "false": False,
    "unknown": None,
}
TRISTATE_ALLOWED = "true, false, null (or the words yes, no, unknown)"


def _tristate_word(value: Any) -> Any:
    """Clinicians write "unknown" or "yes"; the model keeps true, false or null (unknown)."""
    if isinstance(value, str):
        return TRISTATE_WORDS.get(value.strip().lower(), value)
    return value


TriState = Annotated[
    StrictBool | None,
    BeforeValidator(_tristate_word),
    WithJsonSchema(
        {
            "type": ["boolean", "null", "string"],
            "enum": [True, False, None, *TRISTATE_WORDS],
            "description": "true, false or null (unknown); yes, no and unknown are read too",
        }
    ),
]

_LIMITS = case_limits()
#: Free text from the input (ids, custom muscle and nerve names): bounded, one line.
BoundedText = Annotated[str, Field(max_length=_LIMITS["text"])]


_FOUND = (
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
    fibrillation_potentials: TriState = Field(default=None, description=_FOUND)
    positive_sharp_waves: TriState = Field(default=None, description=_FOUND)
    fasciculation_potentials: TriState = Field(default=None, description=_FOUND)
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


_UMN_FLAG = (
    "UMN signs present (yes/no), as a registry form records them without naming the signs"
)
_LMN_FLAG = (
    "clinical LMN signs present (yes/no): weakness or wasting, as a registry form records "
    "them without naming them (fasciculations alone are not an LMN sign)"
)


class SideFindings(BaseModel):
    """One limb (a limb region on one side), as registry forms record it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    umn_signs: tuple[UmnSign, ...] = ()
    lmn_signs: tuple[LmnSign, ...] = ()
    umn: TriState = Field(default=None, description=_UMN_FLAG)
    lmn: TriState = Field(default=None, description=_LMN_FLAG)
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
    umn: TriState = Field(default=None, description=_UMN_FLAG)
    lmn: TriState = Field(default=None, description=_LMN_FLAG)
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


class MuscleStudy(BaseModel):
    """One muscle sampled with the needle, and what it showed."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    muscle: str = Field(
        description="catalogue key (see `alscriteria muscles`)", max_length=_LIMITS["text"]
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
        default=(), max_length=_LIMITS["conduction_blocks"]
    )
    demyelinating_slowing: StrictBool = Field(
        default=False, description="conduction slowing in the demyelinating range"
    )
    abnormal_sensory: Literal["none", "mild", "marked"] = "none"


#: Words that answer "was another cause found?" without naming one: a text made only of
#: them ("None so far", "nil found", "N/A", "not yet known") is a form's filler, which as a
#: diagnosis would fail the prerequisites of a patient with none (compared after `_as_words`).
# fmt: off
NOT_A_CAUSE_WORDS = frozenset({
    "a", "any", "applicable", "as", "cause", "causes", "detected", "excluded", "far", "found",
    "identified", "is", "known", "n", "na", "nad", "nah", "nil", "no", "none", "nope", "not",
    "nothing", "ok", "other", "pending", "so", "tbc", "tbd", "there", "unknown", "y", "yeah",
    "yep", "yes", "yet", "0", "false", "true", "null", "negative", "normal", "alternative",
    "diagnosis", "diagnoses", "see", "notes", "ruled", "out", "k", "nk", "to", "be",
    "determined", "confirmed", "seen", "date",
})
#: A first word that says the work-up is still going on ("awaiting MRI"): not a cause found.
_PENDING = frozenset({"awaiting", "pending", "tbc", "tbd", "query", "await"})
#: The diagnosis the criteria test (and its forms): never "another cause" of the findings.
_ALS_NAMES = frozenset({
    "als", "mnd", "als mnd", "motor neuron disease", "motor neurone disease",
    "amyotrophic lateral sclerosis", "pls", "primary lateral sclerosis", "pma",
    "progressive muscular atrophy", "pbp", "progressive bulbar palsy", "probable als",
    "possible als", "definite als", "suspected als", "clinically definite als",
})
# fmt: on


def _as_words(text: str) -> str:
    """Case, punctuation and dashes are how forms differ, not what they say ("N/A." is "na")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def placeholder_diagnosis(text: str) -> bool:
    """Whether a form's filler ("None found", "n/a.", "-", "none so far", "awaiting MRI")
    stands where a diagnosis belongs."""
    tokens = _as_words(text).split()
    if not tokens or set(tokens) <= NOT_A_CAUSE_WORDS or tokens[0] in _PENDING:
        return True
    return "".join(tokens) in NOT_A_CAUSE_WORDS | _PENDING  # initials: "T.B.D.", "N.A.D."


def als_named(text: str) -> bool:
    """Whether the text names ALS or one of its forms, which cannot be the other cause."""
    return _as_words(text) in _ALS_NAMES


class Case(BaseModel):
    """One patient's findings, region by region: the input contract, written out field by
    field in docs/case.md (`alscriteria docs case`). Build it with `parse_case` (friendly,
    field-pathed `InvalidCaseError`); `Case.model_validate` raises pydantic's own errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: BoundedText | None = None
    progression: TriState = Field(
        default=None, description="progressive motor impairment after normal function"
    )
    other_causes_excluded: TriState = Field(
        default=None, description="investigations have excluded other disease processes"
    )
    alternative_diagnosis: BoundedText | None = Field(
        default=None,
        description="another cause found for the findings (free text, e.g. 'L5 radiculopathy "
        "on MRI'): the prerequisites then fail (A.3) and the plan seeks no ALS evidence",
    )
    regions: dict[Region, RegionFindings] = Field(
        default_factory=dict, description="a region left out has no recorded findings"
    )
    emg: tuple[MuscleStudy, ...] = Field(default=(), max_length=_LIMITS["emg_studies"])
    motor_symptoms: TriState = Field(
        default=None, description="the patient reports motor symptoms (for the repeat plan)"
    )
    contraindications: Contraindications = Field(default_factory=Contraindications)
    nerve_conduction: NerveConduction = Field(default_factory=NerveConduction)

    @field_validator("alternative_diagnosis", mode="after")
    @classmethod
    def _diagnosis_named(cls, value: str | None) -> str | None:
        """A blank diagnosis would silently fail the prerequisites: refused, not guessed."""
        if value is None:
            return None
        if not value.strip():
            raise ValueError(
                "an empty text; name the other cause found (e.g. 'L5 radiculopathy on MRI'), "
                "or leave the field out"
            )
        if placeholder_diagnosis(value):
            raise ValueError(
                f"{shown(value)} is not a diagnosis: it would fail the prerequisites; when no "
                "other cause is found (or the work-up is still going on) leave the field out "
                "(or null), with other_causes_excluded false or unknown"
            )
        if als_named(value):
            raise ValueError(
                f"{shown(value)} is the disease the criteria test, not another cause of the "
                "findings: leave the field out; the categories say how far the findings go"
            )
        return value.strip()

    @model_validator(mode="after")
    def _exclusion_consistent(self) -> Case:
        """Other causes "excluded" beside another cause found says two things at once: which
        one holds is the clinician's call, so the case is refused rather than read either way."""
        if self.alternative_diagnosis is not None and self.other_causes_excluded is True:
            raise ValueError(
                _LOCATED + "alternative_diagnosis and other_causes_excluded contradict each "
                "other: another cause is recorded "
                f"({shown(self.alternative_diagnosis)}) but other causes are said to be "
                "excluded; set other_causes_excluded to false, or remove alternative_diagnosis "
                "once that diagnosis is set aside"
            )
        return self

    @model_validator(mode="after")
    def _findings_possible(self) -> Case:
        """Every UMN sign is one its region can show and every muscle's anatomy is known:
        one pass per case (cheap on the happy path)."""
        known = catalogue()
        problems, registry = _misplaced_signs(self)
        for i, study in enumerate(self.emg):
            own_anatomy = (study.region, study.roots, study.nerve)
            if own_anatomy == (None, None, None):
                if study.muscle in known:
                    continue  # a catalogue muscle: the usual case, decided without a call
                key = resolve_muscle(study.muscle)
                if key is not None:  # a report's name for it (FDI, tib ant): kept as the key
                    study = study.model_copy(update={"muscle": key})
                    object.__setattr__(self, "emg", (*self.emg[:i], study, *self.emg[i + 1 :]))
                    continue
            problem = study.anatomy_problem()
            if problem is not None:
                problems.append(f"emg[{i}]: {problem}")
        problems.extend(_one_name_two_anatomies(self.emg))
        if problems:
            raise ValueError(_LOCATED + "\n".join(problems))
        # A validated case cannot be changed in place through its one mutable container: a
        # region added to it afterwards would skip every check above.
        object.__setattr__(self, "regions", ReadOnlyRegions(self.regions))
        # Marks this very field dict as checked: a model_copy(update=...) or model_construct
        # has another dict (or none marked), so parse_case validates it again.
        private = {"_checked": id(self.__dict__), "_registry": registry}
        object.__setattr__(self, "__pydantic_private__", private)
        return self

    def __eq__(self, other: object) -> bool:
        """Equal findings, whatever their order (the validation mark is not a finding)."""
        if not isinstance(other, Case):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # a case holds dicts: unhashable, as before

    @property
    def checked(self) -> bool:
        """Whether this instance is one that validation made (not copied or constructed)."""
        private = self.__pydantic_private__
        return private is not None and private.get("_checked") == id(self.__dict__)

    @property
    def registry_input(self) -> bool:
        """Whether some region has sides, yes/no flags or an EMG summary (registry input):
        the evidence pass takes its longer path only then."""
        private = self.__pydantic_private__
        if private is None or private.get("_checked") != id(self.__dict__):
            return True  # not validated here: take the path that reads everything
        return bool(private["_registry"])

    def findings(self, region: Region) -> RegionFindings:
        return self.regions.get(region, _NO_FINDINGS)


class ReadOnlyRegions(dict[Region, RegionFindings]):
    """A validated case's regions: read like a dict, refused when changed in place.

    A dict subclass (not a mapping proxy) so that pydantic serialises it as the dict it
    declares; copies (`dict(...)`, `copy`, pickle) give a plain, writable dict back.
    """

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError(
            "a validated Case cannot be changed in place; build a new one (for example "
            "case.model_copy(update={'regions': {...}}), which is validated again)"
        )

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __ior__(self, other: object) -> ReadOnlyRegions:  # type: ignore[override,misc]
        self._refuse()
        return self

    def __reduce__(self) -> tuple[type[dict[Any, Any]], tuple[dict[Region, RegionFindings]]]:
        return dict, (dict(self),)

    def copy(self) -> dict[Region, RegionFindings]:
        return dict(self)


def _one_name_two_anatomies(studies: tuple[MuscleStudy, ...]) -> list[str]:
    """Records of one muscle outside the catalogue must give it one anatomy.

    Names are compared as the catalogue compares them ("Rhomboid major" and
    "rhomboid_major" are one muscle): otherwise letter case would decide whether two records
    are one muscle or an independent pair (A.2).
    """
    first: dict[str, tuple[int, MuscleStudy]] = {}
    problems = []
    for i, study in enumerate(studies):
        if study.region is None:
            continue
        name = alias_form(study.muscle)
        if name not in first:
            first[name] = (i, study)
            continue
        j, earlier = first[name]
        if (earlier.region, frozenset(earlier.roots or ()), earlier.nerve) != (
            study.region,
            frozenset(study.roots or ()),
            study.nerve,
        ):
            problems.append(
                f"emg[{i}]: muscle {study.muscle!r} is given another anatomy than in emg[{j}] "
                f"({earlier.muscle!r}: {_anatomy(earlier)}; here: {_anatomy(study)}); one "
                "muscle has one region, root set and nerve: give it the same in every record, "
                "or name the two muscles differently"
            )
    return problems


def _anatomy(study: MuscleStudy) -> str:
    region = study.region.value if study.region is not None else "no region"
    return f"{region}, roots {'-'.join(study.roots or ())}, {study.nerve} nerve"


def _misplaced_signs(case: Case) -> tuple[list[str], bool]:
    """UMN signs recorded in a region where they cannot be elicited (data/sign_regions.json):
    counted, a Babinski sign in the bulbar region would make a UMN region out of a typo. Sides
    and limb-pair independence belong to the limb regions only. Also says whether the case
    holds registry input (sides, flags, EMG summaries), found on the same pass."""
    problems: list[str] = []
    registry = False
    for region, findings in case.regions.items():
        signs = findings.umn_signs
        if signs and not _signs_of(region).issuperset(signs):
            problems.extend(_signs_out_of_place(region, signs, f"regions.{region.value}"))
        if (
            findings.emg is None
            and findings.left is None
            and findings.right is None
            and findings.umn is None
            and findings.lmn is None
        ):
            continue
        registry = True
        where = f"regions.{region.value}"
        problems.extend(_flag_contradicts_signs(findings, where))
        for side, given in findings.sides:
            problems.extend(_region_flag_denies_side(findings, side, given, where))
        for side, given in findings.sides:
            if not region.is_limb:
                problems.append(
                    f"{where}.{side}: sides are for the limb regions only (cervical, "
                    f"lumbosacral); give the {region.value} findings for the whole region"
                )
                break
            problems.extend(_signs_out_of_place(region, given.umn_signs, f"{where}.{side}"))
            problems.extend(_flag_contradicts_signs(given, f"{where}.{side}"))
        for part, summary in findings.emg_summaries:
            at = where if part == "region" else f"{where}.{part}"
            if summary.independent_muscles is not None and not region.is_limb:
                problems.append(
                    f"{at}.emg.independent_muscles: only for the limb regions (cervical, "
                    f"lumbosacral); in the {region.value} region one muscle is enough"
                )
            if summary.lmn_evidence is False and _meets_awaji(summary, region.is_limb):
                problems.append(
                    f"{at}.emg.lmn_evidence: false (no muscle with chronic neurogenic change "
                    "and active denervation), but the summary reports such muscles"
                )
    return problems, registry


@functools.cache
def _signs_of(region: Region) -> frozenset[str]:
    return frozenset(region_signs(region.value))


def _meets_awaji(summary: EMGSummary, limb: bool) -> bool:
    """Whether the summary reports a muscle with chronic change and active denervation (or,
    in a limb, an independent pair of them), which `lmn_evidence: no` denies."""
    active = any(getattr(summary, name) for name in EMG_SUMMARY_FINDINGS[1:5])
    return (bool(summary.chronic_neurogenic_change) and active) or bool(
        limb and summary.independent_muscles
    )


def _region_flag_denies_side(
    findings: RegionFindings, side: str, given: SideFindings, where: str
) -> list[str]:
    """A region flagged "no" with signs (or a "yes") on one of its limbs."""
    problems = []
    if findings.umn is False and (given.umn_signs or given.umn):
        problems.append(f"{where}.umn: false, but {where}.{side} has UMN signs")
    weak_or_wasted = given.lmn or any(s in ("weakness", "wasting") for s in given.lmn_signs)
    if findings.lmn is False and weak_or_wasted:
        problems.append(f"{where}.lmn: false, but {where}.{side} has weakness or wasting")
    return problems


def _flag_contradicts_signs(findings: RegionFindings | SideFindings, where: str) -> list[str]:
    """A "no" flag beside the signs it denies: one of the two is a data error, and which one
    cannot be told."""
    problems = []
    if findings.umn is False and findings.umn_signs:
        problems.append(f"{where}.umn: false, but umn_signs lists {list(findings.umn_signs)}")
    counted = [s for s in findings.lmn_signs if s in ("weakness", "wasting")]
    if findings.lmn is False and counted:
        problems.append(f"{where}.lmn: false, but lmn_signs lists {counted}")
    return problems


def _signs_out_of_place(region: Region, signs: tuple[str, ...], where: str) -> list[str]:
    allowed = region_signs(region.value)
    problems = []
    for i, sign in enumerate(signs):
        if sign not in allowed:
            homes = ", ".join(sign_regions()[sign])
            problems.append(
                f"{where}.umn_signs[{i}]: {sign!r} is not a UMN sign of the {region.value} "
                f"region (it belongs to: {homes}); {region.value} signs: {', '.join(allowed)}"
            )
    return problems


#: Marks a validator message whose lines already name their fields (see describe_errors).
_LOCATED = "located:"


_NO_FINDINGS = RegionFindings.model_construct(umn_signs=(), lmn_signs=())


# --- turning pydantic's errors into messages a clinician can act on ---------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if get_origin(annotation) in (Annotated,):
        return _models_in(get_args(annotation)[0])
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that owns the last element of an error location."""
    model: type[BaseModel] = root
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        if field is None:
            continue
        inner = _models_in(field.annotation)
        if not inner:
            return None
        model = inner[0]
    return model


def _where(loc: tuple[int | str, ...]) -> str:
    """An error location as a path; a key that is not a plain name is shown quoted (repr
    escapes control characters, so a key cannot instruct the terminal)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            continue
        elif part.isidentifier() and part.isascii():
            text += f".{part}" if text else part
        else:
            text += f"[{shown(part)}]"
    return text or "case"


def _word_field(loc: tuple[int | str, ...]) -> tuple[str, str] | None:
    """The vocabulary of the field an error is in (the last named part of its location)."""
    names = [part for part in loc if isinstance(part, str)]
    return WORD_FIELDS.get(names[-1]) if names else None


#: Fields whose values are true/false/unknown, and what a message says they allow.
_TRISTATE_FIELDS = {
    "progression",
    "other_causes_excluded",
    "motor_symptoms",
    *EMG_SUMMARY_FINDINGS,
    "independent_muscles",
    "umn",
    "lmn",
}


def _allowed_for(root: type[BaseModel], loc: tuple[int | str, ...], kind: str) -> str:
    """What a field takes, said the way a message should (for type errors)."""
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    name = names[-1] if names else ""
    if name in ("umn", "lmn"):
        return f"{TRISTATE_ALLOWED}; to name the signs, use {name}_signs"
    if name in _TRISTATE_FIELDS:
        return TRISTATE_ALLOWED
    if kind.startswith("bool"):
        return "true, false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        owner = _model_at(root, (*loc, "?"))
        if name == "regions":
            return "an object whose keys are regions: " + ", ".join(r.value for r in Region)
        if owner is not None:
            return "an object with the keys " + ", ".join(owner.model_fields)
        return "an object"
    if kind in ("list_type", "tuple_type"):
        if name in WORD_FIELDS:
            return "a list of: " + ", ".join(words(WORD_FIELDS[name][0]))
        return "a list"
    if kind in ("string_type", "str_type"):
        return "text"
    return ""


def describe_errors(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """Every problem as one line: the field, the value given (bounded) and what is allowed."""
    problems: list[str] = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = _where(loc)
        kind = err["type"]
        given = err.get("input")
        ctx = err.get("ctx", {})
        if kind == "extra_forbidden":
            owner = _model_at(root, loc)
            allowed = list(owner.model_fields) if owner else []
            key = str(loc[-1])
            problems.append(
                f"{_where(loc[:-1])}: unknown key {shown(key)}{_hint(key, allowed)}; "
                f"allowed keys: {', '.join(allowed)}"
            )
        elif kind == "enum":
            regions = [v.value for v in Region]
            problems.append(
                f"{where}: {shown(given)} is not a region{_hint(str(given), regions)}; "
                f"allowed: {', '.join(regions)}"
            )
        elif kind == "literal_error" and _word_field(loc) is not None:
            vocabulary, what = _word_field(loc)  # type: ignore[misc]
            allowed = list(words(vocabulary))
            problems.append(
                f"{where}: {shown(given)} is not a {what}{_hint(str(given), allowed)}; "
                f"allowed: {', '.join(allowed)}"
            )
        elif kind == "literal_error":
            problems.append(
                f"{where}: {shown(given)} is not allowed; allowed: {ctx.get('expected', '')}"
            )
        elif kind == "value_error":
            message = err["msg"].removeprefix("Value error, ")
            if message.startswith(_LOCATED):
                problems.extend(message.removeprefix(_LOCATED).splitlines())
            else:
                problems.append(f"{where}: {message}")
        elif kind == "missing":
            problems.append(f"{where}: required field is missing")
        elif kind == "too_long":
            problems.append(
                f"{where}: at most {ctx.get('max_length')} items in one case "
                f"(got {ctx.get('actual_length')}; see the size limits in the README)"
            )
        elif kind == "string_unicode":
            problems.append(
                f"{where}: {shown(given)} holds a character that is not text (a lone "
                "surrogate, from a bad escape); fix the value"
            )
        elif kind == "string_too_long":
            problems.append(
                f"{where}: at most {ctx.get('max_length')} characters (got {len(str(given))})"
            )
        else:
            allowed_text = _allowed_for(root, loc, kind)
            expected = f"; allowed: {allowed_text}" if allowed_text else ""
            problems.append(f"{where}: {shown(given)} is not allowed here{expected}")
    return problems


def parse_case(data: Case | Mapping[str, Any]) -> Case:
    """Validate a mapping (parsed JSON) into a Case, or raise InvalidCaseError.

    A Case that validation did not make (changed with `model_copy(update=...)`, built with
    `model_construct`) is validated again: the engine only ever sees valid cases.
    """
    if isinstance(data, Case):
        if data.checked:
            return data
        try:
            data = data.model_dump(warnings=False)
        except Exception as exc:  # values no Case field could hold
            raise InvalidCaseError(
                [f"case: a Case built without validation holds unusable values ({shown(exc)})"]
            ) from None
    if not isinstance(data, Mapping):
        raise InvalidCaseError([f"case: expected a JSON object, got {type(data).__name__}"])
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise InvalidCaseError(describe_errors(exc, Case)) from None


__all__ = [
    "EMG_SUMMARY_FINDINGS",
    "Case",
    "EMGSummary",
    "LmnSign",
    "MuscleStudy",
    "RegionFindings",
    "Side",
    "SideFindings",
    "TriState",
    "UmnSign",
    "parse_case",
]
