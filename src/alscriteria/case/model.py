"""The input contract (docs/case.md): one patient's findings, validated at the door.

Everything downstream trusts these models, so they refuse rather than guess: unknown keys,
unknown words, wrong types and muscles outside the catalogue (without their own anatomy)
are errors that name the field and offer the nearest valid spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from alscriteria.anatomy.catalogue import catalogue, resolve_muscle
from alscriteria.anatomy.regions import Region
from alscriteria.built import built
from alscriteria.case.checks import misplaced_signs, one_name_two_anatomies
from alscriteria.case.diagnosis import diagnosis_refusal
from alscriteria.case.fast import Noted, noted_fields
from alscriteria.case.findings import EMG_SUMMARY_FINDINGS, EMGSummary, RegionFindings, SideFindings
from alscriteria.case.messages import LOCATED, describe_errors
from alscriteria.case.studies import Contraindications, MuscleStudy, NerveConduction
from alscriteria.case.words import LIMITS, BoundedText, LmnSign, Side, TriState, UmnSign
from alscriteria.errors import InvalidCaseError
from alscriteria.files.json_input import json_kind, shown

# fmt: on


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
    emg: tuple[MuscleStudy, ...] = Field(default=(), max_length=LIMITS["emg_studies"])
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
        refusal = diagnosis_refusal(value)
        if refusal is not None:
            raise ValueError(refusal)
        return value.strip()

    @model_validator(mode="after")
    def _exclusion_consistent(self) -> Case:
        """Other causes "excluded" beside another cause found says two things at once: which
        one holds is the clinician's call, so the case is refused rather than read either way."""
        if self.alternative_diagnosis is not None and self.other_causes_excluded is True:
            raise ValueError(
                LOCATED + "alternative_diagnosis and other_causes_excluded contradict each "
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
        problems, registry = misplaced_signs(self.regions)
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
        problems.extend(one_name_two_anatomies(self.emg))
        if problems:
            raise ValueError(LOCATED + "\n".join(problems))
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


_NO_FINDINGS = RegionFindings.model_construct(umn_signs=(), lmn_signs=())


def read_ordinary(data: dict[str, Any]) -> Case | None:
    """The Case validation would make of an ordinary case (case/fast.py), marked checked as
    validation marks it; None for any other input, which validation then reads."""
    found = read_noted(data)
    return None if found is None else found[0]


def read_noted(data: dict[str, Any]) -> tuple[Case, Noted] | None:
    """`read_ordinary`, and what the reader noted of the case for its masks (fast.py
    `Noted`)."""
    found = noted_fields(data)
    if found is None:
        return None
    fields, given, registry, noted = found
    fields["regions"] = ReadOnlyRegions(fields["regions"])
    case = built(Case, fields, given, {"_checked": id(fields), "_registry": registry})
    return case, noted


def parse_noted(data: Case | Mapping[str, Any]) -> tuple[Case, Noted | None]:
    """`parse_case`, and what the reader noted of an ordinary case read without pydantic
    (None for any other: its masks are made from the Case)."""
    if type(data) is dict:
        found = read_noted(data)
        if found is not None:
            return found
        return _validated(data), None  # declined: validation reads it (and words why)
    return parse_case(data), None


# --- turning pydantic's errors into messages a clinician can act on ---------------------


def with_studies(case: Case, emg: tuple[MuscleStudy, ...], progression: bool | None) -> Case:
    """A validated case with other EMG studies and another progression, every one of them
    already validated (a history's case as of a visit: studies carried from earlier visits,
    progression read from the course), itself validated without validating its parts again.

    Only what the case as a whole checks is checked (how many studies, one name for one
    anatomy): the studies were checked in their own visits, progression is a tri-state, and
    the regions, diagnosis and exclusion are the case's own. Where a check fails, or the case
    was not validated, the copy is left unchecked, and `parse_case` then validates it whole
    and says what is wrong exactly as before.
    """
    copy = case.model_copy(update={"emg": emg, "progression": progression})
    private = case.__pydantic_private__
    if (
        case.checked
        and private is not None
        and progression in (True, False, None)
        and len(emg) <= LIMITS["emg_studies"]
        and not one_name_two_anatomies(emg)
    ):
        mark = {"_checked": id(copy.__dict__), "_registry": private["_registry"]}
        object.__setattr__(copy, "__pydantic_private__", mark)
    return copy


def parse_case(data: Case | Mapping[str, Any]) -> Case:
    """Validate a mapping (parsed JSON) into a Case, or raise InvalidCaseError.

    A Case that validation did not make (changed with `model_copy(update=...)`, built with
    `model_construct`) is validated again: the engine only ever sees valid cases.
    """
    if type(data) is dict:  # parsed JSON: the ordinary case is read without pydantic
        ordinary = read_ordinary(data)
        if ordinary is not None:
            return ordinary
    elif isinstance(data, Case):
        if data.checked:
            return data
        try:
            data = data.model_dump(warnings=False)
        except Exception as exc:  # values no Case field could hold
            raise InvalidCaseError(
                [f"case: a Case built without validation holds unusable values ({shown(exc)})"]
            ) from None
    if not isinstance(data, Mapping):
        raise InvalidCaseError(
            [f"case: expected a JSON object (the case's fields in braces), got {json_kind(data)}"]
        )
    return _validated(data)


def _validated(data: Mapping[str, Any]) -> Case:
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
    "with_studies",
]
