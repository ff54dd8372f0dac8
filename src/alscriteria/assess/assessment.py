"""The output contract: what a criteria set concluded about one case, and why.

Reasons and suggestions are codes here; their wording lives in `wording.py`, so tools that
embed the library can translate or restyle them without parsing prose.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_validator,
)

from alscriteria.anatomy.regions import Region
from alscriteria.case.readings import Readings
from alscriteria.criteria.category import Category


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class MuscleEvidence(_Model):
    muscle: str
    name: str
    side: str | None
    region: Region
    roots: list[str]
    nerve: str
    findings: list[str] = Field(description="the abnormalities recorded in this muscle")


class SideEvidence(_Model):
    """What one limb showed, for a limb region given per side."""

    side: str
    umn_signs: list[str]
    lmn_signs: list[str]
    reported_flags: list[str] = Field(
        default_factory=list, description="registry flags given yes for this side: umn, lmn"
    )


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
    emg_summaries: list[str] = Field(
        default_factory=list,
        description="EMG taken as reported, without muscle detail: the summaries used "
        "(region, left, right)",
    )
    clinical_lmn_open: bool = Field(
        default=False,
        description="a clinical LMN flag (yes) without the signs: Gold Coast cannot tell "
        "whether there was both weakness and wasting (see `undecided`)",
    )
    reported_flags: list[str] = Field(
        default_factory=list,
        description="signs taken from registry flags without their names: umn, lmn",
    )
    emg_lmn_open: bool = Field(
        default=False,
        description="the EMG summaries cannot say whether this region is EMG-positive by "
        "this criteria set's muscle definition (see `undecided`)",
    )
    sides: list[SideEvidence] = Field(
        default_factory=list, description="a limb region given per side: each side's signs"
    )


class FiringEvidence(_Model):
    region: Region
    umn_signs: list[str]
    lmn_signs: list[str]
    emg_muscles: list[str]
    emg_summaries: list[str] = Field(
        default_factory=list, description="EMG counted as a summary reported it (no muscles)"
    )
    reported_flags: list[str] = Field(
        default_factory=list, description="signs taken from registry flags: umn, lmn"
    )
    sides: list[SideEvidence] = Field(default_factory=list)


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


class Note(_Model):
    """Why a criteria set read a finding the way it did (a code, its wording, what it names)."""

    code: str
    text: str
    regions: list[Region] = Field(default_factory=list)
    muscles: list[str] = Field(default_factory=list)


class OpenRegion(_Model):
    """A region whose summary (EMG, or a clinical LMN flag) leaves A.2 unanswered."""

    region: Region
    missing: list[str] = Field(description="codes of what the summary does not say")
    text: str


class Undecided(_Model):
    """The category cannot be decided from the EMG summaries: what they allow, and why."""

    categories: list[Category] = Field(description="every category the summaries allow")
    pattern_categories: list[Category]
    regions: list[OpenRegion]
    text: str


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
    emg_obtainable: bool = Field(
        description="every item can be sought by EMG now (false where an item's limb region "
        "has every limb barred to the needle: see needle_barred)"
    )
    needle_barred: list[Region] = Field(
        default_factory=list,
        description="the limb regions of the path's EMG items whose every limb the case's "
        "contraindications (lymphedema, skin infection) bar to the needle: EMG cannot reach "
        "them now",
    )
    reading: Literal["gap"] | None = Field(
        default=None,
        description="the reading (A.3.4) the path's category rests on: 'gap' when it reaches "
        "Possible only because this tool calls the UMN-above-LMN gap pattern, which the "
        "criteria give no category, Possible",
    )


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


#: The motor phenotype the findings show (criteria.md A.6). Descriptive: never a category.
PhenotypeCode = Literal[
    "no_motor_signs",
    "classic",
    "progressive_bulbar_palsy",
    "flail_arm",
    "flail_leg",
    "lmn_one_arm",
    "lmn_one_leg",
    "progressive_muscular_atrophy",
    "pls_definite",
    "pls_probable",
    "umn_predominant_too_early",
    "umn_predominant_no_emg",
    "umn_predominant_emg_too_early",
    "pls_duration_unknown",
    "umn_one_region",
]

#: What a phenotype's published definition asks that a case does not record (A.6).
PhenotypeNeed = Literal[
    "onset",
    "age",
    "sensory_symptoms",
    "proximal_predominance",
    "distal_predominance",
    "function_first_12_months",
    "under_12_months",
    "emg_open",
    "no_needle_study",
]


class Phenotype(_Model):
    """The motor phenotype the findings show, its source, and what it could not check.

    The same for every criteria set (it reads the evidence, not a criteria set's count) and
    never a category: registries record it and prognosis and the mimic work-up differ by it.
    """

    code: PhenotypeCode
    text: str
    source: str
    umn_regions: list[Region] = Field(description="regions with UMN signs")
    lmn_regions: list[Region] = Field(
        description="regions with LMN involvement: weakness or wasting, or a muscle with "
        "denervation and reinnervation by the Awaji definition (A.2), or an EMG-positive "
        "summary"
    )
    needs: list[PhenotypeNeed] = Field(
        default_factory=list,
        description="what the definition asks that the case does not record (codes)",
    )
    lmn_emg_only: list[Region] = Field(
        default_factory=list,
        description="the regions of `lmn_regions` whose LMN involvement is EMG evidence "
        "alone (no weakness or wasting recorded there); the sentence says so",
    )
    bulbar_rests_on: list[str] = Field(
        default_factory=list,
        description="the accessory-nerve muscles (catalogue keys: trapezius, "
        "sternocleidomastoid) on which alone the bulbar region's LMN involvement rests; the "
        "phenotype and the pattern red flags then do not count the bulbar region as LMN "
        "involved (A.6, B.0, S75), and `text` says so",
    )
    needs_text: str = Field(default="", description="`needs` in words; empty when none")
    pattern_only: bool = Field(
        default=False,
        description="true when another cause is recorded (`alternative_diagnosis`): the code "
        "describes the pattern of the findings, not a form of ALS; the words name no ALS form "
        "and give no ALS prognosis, and `needs` is empty (no ALS form's definition is checked)",
    )
    needle_study_date: date | None = Field(
        default=None,
        description="a history's UMN-only picture held below the grade its years from onset "
        "reach because its latest needle study came earlier (the PLS criteria grade by when "
        "active LMN degeneration was shown absent, A.6): the date of that study; null otherwise",
    )
    needle_study_due: date | None = Field(
        default=None,
        description="with needle_study_date: the date from which a needle study without active "
        "LMN degeneration reaches the grade (2 years from onset for probable PLS, 4 for "
        "definite)",
    )


PlanReason = Literal[
    "alternative_diagnosis_recorded",
    "nothing_recorded",
    "normal_no_symptoms",
    "normal_with_symptoms",
    "fasciculations_not_yet_studied",
    "fasciculations_only",
    "top_category_reached",
    "top_category_rests_on_accessory_muscle",
    "workup_in_progress",
    "prerequisites_missing",
    "mimic_workup_first",
    "seeking_evidence",
]


class Plan(_Model):
    """Repeat-testing plan (criteria.md A.4). Heuristic guidance, not a rule of the criteria."""

    guidance_only: bool = True
    reason: PlanReason = Field(description="which situation the plan is for")
    reason_text: str
    upgrades: list[Upgrade]
    muscles: list[MuscleSuggestion]
    previously_spared: list[str] = Field(
        description="muscles studied and normal this visit that the case's contraindications "
        "allow to be needled again (the repeat study starts with them)"
    )
    cautions: list[PlanItem]
    timing: list[PlanItem]


class EngineInfo(_Model):
    """Which rule engine decided: durable_rules, or the project's own evaluator of the same
    rule data where durable_rules cannot be imported (they are proven equal by tests)."""

    name: str
    version: str


class Explanations(Protocol):
    """What builds an Assessment's explanations when they are first read (evaluation.py)."""

    def regions(self) -> list[RegionEvidence]: ...
    def trace(self) -> list[RuleFiring]: ...
    def missing(self) -> list[Shortfall]: ...
    def why_not_probable(self) -> list[Shortfall]: ...
    def notes(self) -> list[Note]: ...
    def alternatives(self) -> list[AlternativeReading]: ...
    def plan(self) -> Plan | None: ...
    def inputs(self) -> tuple[object, ...]:
        """What the explanations are a function of (the case, the criteria set, the
        readings, whether a plan was asked for): equal inputs build equal explanations."""
        ...


#: The fields built when first read (or serialised), in the order they are serialised.
EXPLAINED = (
    "regions",
    "trace",
    "missing",
    "why_not_probable",
    "notes",
    "alternatives",
    "plan",
)


class _Explained(_Model):
    """The explanation fields as data, for loading a stored Assessment back."""

    regions: list[RegionEvidence]
    trace: list[RuleFiring]
    missing: list[Shortfall]
    why_not_probable: list[Shortfall] = Field(default_factory=list)
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


class Assessment(_Model):
    """One criteria set's result for one case.

    Category, `met` and the pattern category are decided at once; the explanations (regions,
    trace, missing, notes, alternatives, plan) are built the first time they are read or
    serialised, so a cohort that reads only categories does not pay for them. Either way the
    JSON is the same, and an Assessment loaded from that JSON equals the one that wrote it.
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
    warnings: list[PlanItem] = Field(
        description="red flags: findings that point to a mimic or call for a test first"
    )
    phenotype: Phenotype = Field(
        description="the motor phenotype the findings show (criteria.md A.6): descriptive, "
        "the same under every criteria set, never a category"
    )

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
    def decided(cls, explanations: Explanations, **values: Any) -> Assessment:
        """An Assessment from values the evaluator made and typed itself, not validated again
        (what `model_construct` does, without its per-call bookkeeping: this is the hot path).
        """
        assessment = cls.__new__(cls)
        object.__setattr__(assessment, "__dict__", values)
        object.__setattr__(assessment, "__pydantic_fields_set__", set(values))
        object.__setattr__(assessment, "__pydantic_extra__", None)
        object.__setattr__(assessment, "__pydantic_private__", {"_explanations": explanations})
        return assessment

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
        regions: list[RegionEvidence]
        trace: list[RuleFiring]
        missing: list[Shortfall]
        why_not_probable: list[Shortfall]
        notes: list[Note]
        alternatives: list[AlternativeReading]
        plan: Plan | None
    else:
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

    def explain(self) -> Assessment:
        """Build every explanation now (they are otherwise built when first read)."""
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
        mine, theirs = self.__dict__, other.__dict__
        if any(mine.get(name) != theirs.get(name) for name in type(self).model_fields):
            return False
        sources = (self.__pydantic_private__ or {}, other.__pydantic_private__ or {})
        mine_by, theirs_by = (s.get("_explanations") for s in sources)
        if mine_by is not None and theirs_by is not None and mine_by.inputs() == theirs_by.inputs():
            return True
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
