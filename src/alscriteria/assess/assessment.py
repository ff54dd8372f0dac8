"""The output contract: what a criteria set concluded about one case, and why.

Reasons and suggestions are codes here; their wording lives in `wording/`, so tools that
embed the library can translate or restyle them without parsing prose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_validator,
)

from alscriteria.assess.models.advice import Phenotype, Plan, PlanItem
from alscriteria.assess.models.base import OutputModel, empty_list
from alscriteria.assess.models.explanations import (
    AlternativeReading,
    Note,
    RegionEvidence,
    RuleFiring,
    Shortfall,
    Undecided,
)
from alscriteria.assess.models.pieces import model_json, models_json
from alscriteria.built import built
from alscriteria.case.readings import Readings
from alscriteria.criteria.category import Category
from alscriteria.voice import voice


class Prerequisites(OutputModel):
    progression: bool | None
    other_causes_excluded: bool | None
    alternative_diagnosis: str | None = Field(
        default=None,
        description="another cause recorded for the findings (the case's own words); when "
        "set, the prerequisites fail and `missing` names it",
    )
    met: bool
    missing: list[str] = Field(
        description="codes: progression, other_causes_excluded (not yet excluded), "
        "alternative_diagnosis (another cause recorded)"
    )


class EngineInfo(OutputModel):
    """Which rule engine decided: durable_rules, or the project's own evaluator of the same
    rule data where durable_rules cannot be imported (they are proven equal by tests)."""

    name: str
    version: str


class Explanations(Protocol):
    """What builds an Assessment's explanations when they are first read (explain/explainer.py)."""

    def warnings(self) -> list[PlanItem]: ...
    def phenotype(self) -> Phenotype: ...
    def regions(self) -> list[RegionEvidence]: ...
    def trace(self) -> list[RuleFiring]: ...
    def missing(self) -> list[Shortfall]: ...
    def why_not_probable(self) -> list[Shortfall]: ...
    def notes(self) -> list[Note]: ...
    def alternatives(self) -> list[AlternativeReading]: ...
    def plan(self) -> Plan | None: ...
    def encoded(self, name: str) -> bytes | None:
        """The JSON of explanation `name`, written from the objects the evaluator keeps
        (models/pieces.py) without handing them out; None where it has no such writing."""
        ...

    def inputs(self) -> tuple[object, ...]:
        """What the explanations are a function of (the case, the criteria set, the
        readings, whether a plan was asked for): equal inputs build equal explanations."""
        ...


#: The fields built when first read (or serialised), in the order they are serialised: the
#: red flags and the phenotype first, where they stood when they were built at once.
EXPLAINED = (
    "warnings",
    "phenotype",
    "regions",
    "trace",
    "missing",
    "why_not_probable",
    "notes",
    "alternatives",
    "plan",
)


#: Each explanation's key as the stitched document writes it (after the decided fields).
_KEYS = {name: b',"' + name.encode() + b'":' for name in EXPLAINED}
_DECIDED_ONLY = set(EXPLAINED)  # never changed: the decided fields alone
_EXPLAINED_SET = frozenset(EXPLAINED)


#: The class of each explanation's value, or of its items for a list (as the computed fields
#: below declare them; the plan may also be None).
_CLASSES: dict[str, type[BaseModel]] = {
    "warnings": PlanItem,
    "phenotype": Phenotype,
    "regions": RegionEvidence,
    "trace": RuleFiring,
    "missing": Shortfall,
    "why_not_probable": Shortfall,
    "notes": Note,
    "alternatives": AlternativeReading,
    "plan": Plan,
}


def _read_json(name: str, value: Any) -> bytes | None:
    """A field already read, written as pydantic writes it in the document: each model by
    its declared class's serializer (the one the document's serializer holds for it);
    None for anything else (a list a caller filled with other values), which the caller
    has pydantic write."""
    cls = _CLASSES[name]
    if value is None:
        return b"null"
    if type(value) is cls:
        return model_json(value)
    if type(value) is list and all(type(item) is cls for item in value):
        return models_json(value)
    return None


class _Explained(OutputModel):
    """The explanation fields as data, for loading a stored Assessment back."""

    warnings: list[PlanItem]
    phenotype: Phenotype
    regions: list[RegionEvidence]
    trace: list[RuleFiring]
    missing: list[Shortfall]
    why_not_probable: list[Shortfall] = Field(default_factory=empty_list)
    notes: list[Note]
    alternatives: list[AlternativeReading]
    plan: Plan | None = None


def _explanation(name: str) -> property:
    """A field built the first time it is read, then kept (without a lock: building twice
    from two threads gives the same value)."""

    def read(self: Assessment) -> Any:
        values = self.__dict__
        if name not in values:
            values[name] = getattr(self._explained(), name)()
        return values[name]

    read.__name__ = name
    return property(read)


class Assessment(OutputModel):
    """One criteria set's result for one case.

    Category, `met` and the pattern category are decided at once; the red flags, the
    phenotype and the explanations (regions, trace, missing, notes, alternatives, plan) are
    built the first time they are read or serialised, so a cohort that reads only categories
    does not pay for them. Either way the JSON is the same, and an Assessment loaded from
    that JSON equals the one that wrote it.
    """

    criteria: str
    title: str
    citation: str
    category: Category
    met: bool
    pattern_category: Category = Field(description="the category the regional findings alone give")
    prerequisites: Prerequisites
    next_category: Category | None = Field(description="the category just above the pattern")
    readings: Readings
    engine: EngineInfo = Field(description="the rule engine that decided this result")
    rules_version: str = Field(description="changes whenever a rule's condition changes")
    package_version: str = Field(description="the alscriteria version that made this result")
    undecided: Undecided | None = Field(
        default=None,
        description="set when region EMG summaries leave the category open: `category` is "
        "then what the summaries establish, and this lists every category they allow",
    )

    case_id: str | None = Field(description="the case's id, as given")

    _explanations: Explanations | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _load_explanations(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """A stored Assessment carries its explanations as data: keep them as given."""
        if not isinstance(data, dict):
            return handler(data)
        given = {name: data[name] for name in EXPLAINED if name in data}
        model = handler({k: v for k, v in data.items() if k not in EXPLAINED})
        loaded = _Explained.model_validate(given)
        for name in EXPLAINED:
            model.__dict__[name] = getattr(loaded, name)
        return model

    @classmethod
    def decided(
        cls, explanations: Explanations, values: dict[str, Any], given: set[str] | None = None
    ) -> Assessment:
        """An Assessment from values the evaluator made and typed itself, every field in the
        order the class declares it, not validated again (`built`), with what builds
        its explanations when they are first read. `given`: the names of `values` (a set of
        the Assessment's own), where the caller has them already."""
        names = set(values) if given is None else given
        private: dict[str, Any] = {"_explanations": explanations}
        if values["undecided"] is not None:  # worded now: by which voice (`_worded_undecided`)
            private["_undecided_by"] = voice()
        return built(cls, values, names, private)

    def _worded_undecided(self) -> Undecided | None:
        """`undecided`, its words fixed by its first read or dump, as each explanation's
        are: the evaluator words it at once (it is a decided field, serialised where the
        decided fields are), so where another voice was installed before it is first read
        or dumped, it is worded again from its codes by the voice installed now. Two threads
        here word it alike."""
        private = self.__pydantic_private__
        by = private.get("_undecided_by") if private else None
        values = self.__dict__
        if by is not None:
            if by is not voice():
                values["undecided"] = values["undecided"].reworded()
            private.pop("_undecided_by", None)  # type: ignore[union-attr]
        found: Undecided | None = values["undecided"]
        return found

    def _explained(self) -> Explanations:
        # read the private slot directly: pydantic's __getattr__ for private attributes is slow
        source: Explanations | None = self.__pydantic_private__["_explanations"]  # type: ignore[index]
        if source is None:
            raise RuntimeError(
                "this Assessment has no explanations: build it with alscriteria.evaluate, or "
                "load it from JSON that has them"
            )
        return source

    if TYPE_CHECKING:
        warnings: list[PlanItem]
        phenotype: Phenotype
        regions: list[RegionEvidence]
        trace: list[RuleFiring]
        missing: list[Shortfall]
        why_not_probable: list[Shortfall]
        notes: list[Note]
        alternatives: list[AlternativeReading]
        plan: Plan | None
    else:
        warnings = computed_field(
            _explanation("warnings"),
            return_type=list[PlanItem],
            description="red flags: findings that point to a mimic or call for a test first",
        )
        phenotype = computed_field(
            _explanation("phenotype"),
            return_type=Phenotype,
            description="the motor phenotype the findings show (criteria.md A.6): "
            "descriptive, the same under every criteria set, never a category",
        )
        regions = computed_field(_explanation("regions"), return_type=list[RegionEvidence])
        trace = computed_field(_explanation("trace"), return_type=list[RuleFiring])
        missing = computed_field(
            _explanation("missing"),
            return_type=list[Shortfall],
            description="what the prerequisites and the next category up lack; the rules "
            "of one category are alternatives (any one suffices), the prerequisites are all "
            "required",
        )
        why_not_probable = computed_field(
            _explanation("why_not_probable"),
            return_type=list[Shortfall],
            description="set when the next category up is Probable laboratory-supported "
            "(revised El Escorial A.3.1.3): what the clinical Probable rule (A.3.1.2) lacks, "
            "the first question a neurologist asks; empty otherwise",
        )
        notes = computed_field(_explanation("notes"), return_type=list[Note])
        alternatives = computed_field(
            _explanation("alternatives"),
            return_type=list[AlternativeReading],
            description="categories that another reading of A.3.4 would give, where they differ",
        )
        plan = computed_field(
            _explanation("plan"),
            return_type=Plan | None,
            description="present when a plan was asked for",
        )

    def model_dump_json(self, **options: Any) -> str:
        """The result's JSON. With no option, written from pieces: the decided fields by
        pydantic, each explanation not yet read from the objects the evaluator keeps, its
        JSON made once for every set and case that shows it (models/pieces.py), so that a
        cohort serialising every result does not copy and encode the same phenotype, notes
        and regions again for each; a field already read is written as pydantic writes it.
        Reading a field afterwards still hands out this result's own copy. Byte for byte
        pydantic's own document (tests/test_stitched_json.py); with any option, pydantic's."""
        self._worded_undecided()
        private = self.__pydantic_private__
        source: Explanations | None = private["_explanations"] if private else None
        values = self.__dict__
        if options or source is None or values.keys() >= _EXPLAINED_SET:  # all read: one call
            return super().model_dump_json(**options)
        serializer = self.__pydantic_serializer__
        encoded = source.encoded
        # what an earlier dump wrote of a field still unread is written again: a result's
        # words are fixed by its first dump, as by its first read (a voice installed in
        # between words later results, not this one)
        written: dict[str, bytes] = private.setdefault("_written", {})  # type: ignore[union-attr]
        parts = [serializer.to_json(self, exclude=_DECIDED_ONLY)[:-1]]
        for name, key in _KEYS.items():
            if name in values:
                piece = _read_json(name, values[name])
            else:
                piece = written.get(name)
                if piece is None:
                    piece = encoded(name)
                    if piece is not None:
                        written[name] = piece
            if piece is None:  # read (and kept), then written by pydantic: '{"name":...}'
                getattr(self, name)
                piece = serializer.to_json(self, include={name})[len(name) + 4 : -1]
            parts += (key, piece)
        parts.append(b"}")
        return b"".join(parts).decode()

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """pydantic's, `undecided` worded first (`_worded_undecided`)."""
        self._worded_undecided()
        return super().model_dump(**options)

    def explain(self) -> Assessment:
        """Build every explanation now (they are otherwise built when first read)."""
        self._worded_undecided()
        for name in EXPLAINED:
            getattr(self, name)
        return self

    def __eq__(self, other: object) -> bool:
        """Equal when their JSON would be; decided without building explanations where the
        decided fields differ or both were built from equal inputs (comparing results in a
        cohort must not cost an explanation each)."""
        if not isinstance(other, Assessment):
            return NotImplemented
        if self is other:
            return True
        self._worded_undecided()
        other._worded_undecided()
        mine, theirs = self.__dict__, other.__dict__
        if any(mine.get(name) != theirs.get(name) for name in type(self).model_fields):
            return False
        sources = (self.__pydantic_private__ or {}, other.__pydantic_private__ or {})
        mine_by, theirs_by = (s.get("_explanations") for s in sources)
        if mine_by is not None and theirs_by is not None and mine_by.inputs() == theirs_by.inputs():
            # equal inputs build equal explanations, but one read may have been changed by
            # its caller since: what either side read is compared (the other side's read
            # now, as a dump would); what neither read is equal unbuilt
            return all(
                getattr(self, name) == getattr(other, name)
                for name in EXPLAINED
                if name in mine or name in theirs
            )
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash((self.criteria, self.category, self.pattern_category))

    def __getstate__(self) -> dict[Any, Any]:
        """Pickled with its explanations built (what builds them stays in this process)."""
        self.explain()
        state = super().__getstate__()
        state["__pydantic_private__"] = {"_explanations": None}
        return state

    def __copy__(self) -> Assessment:
        return self._detached()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Assessment:
        return self._detached()

    def _detached(self) -> Assessment:
        """A copy that holds its explanations as data (Assessments are immutable)."""
        self.explain()
        return type(self).model_validate(self.model_dump())


def _read_undecided(self: Assessment) -> Undecided | None:
    return self._worded_undecided()


# `a.undecided` is read through `_worded_undecided` (a property on the class is found before
# the instance's dict; pydantic's serializer reads the dict, after the dumps above word it)
setattr(Assessment, "undecided", property(_read_undecided))  # noqa: B010
