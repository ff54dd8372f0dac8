"""The history result: each visit's Assessments, how its progression was decided, each
criteria set's course over the visits, and the next visit planned.

Codes are data and sentences are given beside them (`text`), as in the Assessment, so tools
can use the codes and people can read the sentences. The sentences are made by the installed
voice (`voice.py`) from the codes and values each model carries, so a front end words
a result again from its JSON alone (tests/test_voice.py).

About 530 lines: one output contract, published as one schema (`history-result`), whose
models nest in one another (a change in a documentation in a progression basis, a revisit
in the next visit); its field descriptions are the schema's documentation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from alscriteria.anatomy.regions import Region
from alscriteria.assess.assessment import Assessment, Prerequisites
from alscriteria.assess.models.advice import LaterCaution, LaterSite, Phenotype, PlanItem
from alscriteria.assess.models.base import Worded, WordValue
from alscriteria.assess.plan.needling import NeedleBarrier
from alscriteria.case.model import Case
from alscriteria.criteria.category import Category
from alscriteria.function.staging import SLOPE_MINIMUM_MONTHS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


ChangeKind = Literal["umn_new_region", "lmn_new_region", "lmn_worse"]


class _Located(_Model):
    # Declared apart so that `region` stays the first key of a change: a base listed after
    # `Worded` comes before it in the order fields are collected, and `Worded`'s class
    # variable `kind` would otherwise put the `kind` field first.
    region: Region


class Change(Worded, _Located):
    """One finding that documents progression between two visits (criteria.md A.5).

    Its sentence's kind is the change's own `kind` field, so the voice's tables name the
    three kinds of change and a front end words a change by its JSON's `kind`."""

    kind: ChangeKind = Field(  # type: ignore[misc]
        description="umn_new_region: UMN signs in a region that had none; lmn_new_region: LMN "
        "involvement (weakness, wasting or denervation with reinnervation) in a region that "
        "had none; lmn_worse: a region's LMN findings worsened"
    )
    before: list[str] = Field(
        description="the findings at the earlier visit, as codes: signs (the case's "
        "vocabulary), muscles (catalogue keys, with the side), umn_flag or lmn_flag (a "
        "registry's flag given without its signs), emg_summary (an EMG summary positive)"
    )
    after: list[str] = Field(description="the findings at the later visit, as codes (see before)")
    muscles: list[str] = Field(
        default_factory=list, description="muscles newly showing denervation with reinnervation"
    )
    text: str
    new: list[str] = Field(
        default_factory=list,
        description="what appeared, as the sentence names it: for umn_new_region every UMN "
        "sign of `after`; for LMN changes the signs new since the earlier visit, and the EMG "
        "summary newly positive (the muscles newly denervated are `muscles`)",
    )

    @classmethod
    def voice_kind(cls, fields: Mapping[str, Any]) -> str:
        """A change is worded by its own kind."""
        return str(fields["kind"])


class Documentation(_Model):
    """The two visits whose findings document progression, and what changed between them."""

    earlier_visit: int = Field(description="visit number, from 1")
    earlier_date: date
    later_visit: int
    later_date: date
    days_apart: int
    changes: list[Change]


class ChangeTooSoon(Documentation):
    """A change between two visits under the minimum interval apart (criteria.md A.5): not
    yet progression by the findings, but not "nothing" either."""

    documentable_from: date = Field(
        description="the earliest date an examination that still shows the change is the "
        "minimum interval after the earlier visit, and so documents progression"
    )


class AlternativeRevisit(_Model, Worded):
    """Another cause restated at a visit although, since the visit it was first recorded at,
    a region has gained UMN signs or LMN involvement (criteria.md A.3, A.5): the findings
    have gone beyond it, so it is to be revisited. A history's own finding: one visit alone
    cannot show it."""

    diagnosis: str = Field(description="the alternative diagnosis as this visit records it")
    recorded_visit: int = Field(description="the first visit that recorded it (from 1)")
    recorded_date: date
    changes: list[Change] = Field(
        description="what is new since then: regions gaining UMN signs (umn_new_region) or "
        "LMN involvement (lmn_new_region), at any interval (no 6-month minimum: this asks for "
        "a review, it does not document progression)"
    )
    text: str

    kind = "alternative_revisit"


ProgressionSource = Literal["file", "findings", "earlier_visit", "not_documented"]


class ProgressionBasis(_Model, Worded):
    """Which `progression` a visit's Assessments used, and why (criteria.md A.5)."""

    kind = "progression_basis"

    value: bool | None = Field(description="the progression the Assessments of this visit used")
    source: ProgressionSource = Field(
        description="file: given in the visit (it wins); findings: documented by the findings "
        "of two visits at least the minimum interval apart; earlier_visit: given true at an "
        "earlier visit; not_documented: neither, so unknown"
    )
    in_file: bool | None = Field(description="the value the visit gives (null: left unset)")
    from_findings: bool = Field(description="whether the findings document progression by now")
    documented_by: Documentation | None = Field(
        description="the first pair of visits whose findings document progression"
    )
    from_visit: int | None = Field(
        default=None, description="for earlier_visit: the visit that gave progression true"
    )
    minimum_months: int = Field(description="the least interval between two compared visits")
    too_soon: ChangeTooSoon | None = Field(
        default=None,
        description="for not_documented: the latest change between visits under the minimum "
        "interval apart, and from when a repeat examination can document it",
    )
    text: str
    not_counted: Documentation | None = Field(
        default=None,
        description="for not_documented: the latest change at least the minimum interval "
        "apart that documents nothing, since the later visit shows no change from the visit "
        "that gave progression false (values.judged_at_visit) in a region both examined",
    )
    values: dict[str, WordValue] = Field(
        default_factory=dict,
        description="what the sentence names, as codes: judged_at_visit (the latest earlier "
        "visit that gave progression false, or null) and compared (first_visit, "
        "none_far_enough: no earlier visit the minimum interval before, or compared)",
    )


#: A function measure the staging sentence names: a score, a rate, a band, a flag.
Measure = int | float | str | bool | None


class PhenotypeExcluded(_Model, Worded):
    """A flail arm or flail leg named at this visit that a later visit within 12 months of
    onset excludes: another King's region recorded functionally involved or shown involved
    by the ALSFRS-R items the King's estimate reads, a UMN sign the definition does not
    allow (increased tone, clonus), or weakness or wasting found in another region (S71).
    Said at the early visit, so that its name is not read as standing."""

    kind = "phenotype_excluded"
    worded = ("text", "source")

    phenotype: Literal["flail_arm", "flail_leg"] = Field(description="the phenotype excluded")
    by_visit: int = Field(description="the first later visit whose record excludes it")
    by_date: date
    by: Literal["function", "alsfrs_r", "umn", "signs"] = Field(
        description="what that visit shows: another King's region recorded functionally "
        "involved (`function`), or shown involved by its ALSFRS-R form as the King's estimate "
        "reads it, an item below 4 (`alsfrs_r`), a UMN sign the definition does not allow: "
        "increased tone, clonus, any UMN sign above the neck (`umn`), or weakness or wasting "
        "found in another region (`signs`)"
    )
    regions: list[str] = Field(
        description="for function and alsfrs_r, the other King's regions (bulbar, upper_limb, "
        "lower_limb); for umn, the regions with such a UMN sign; for signs, the other regions "
        "with weakness or wasting (bulbar, cervical, thoracic, lumbosacral)"
    )
    text: str
    source: str


class KingsFall(_Model, Worded):
    """A King's stage shown below one shown at an earlier visit. King's stages are
    milestones and do not reverse (Roche 2012); the recorded milestones accumulate, so only
    an ALSFRS-R estimate can fall (it is read from items that can improve, or be scored
    differently: a property of the mapping, not a finding of the paper), and the stage
    shown above this one was always such an estimate. Never a category."""

    kind = "kings_fall"

    from_stage: str = Field(
        description="the highest King's stage shown at an earlier visit (an ALSFRS-R estimate)"
    )
    from_visit: int = Field(description="the latest earlier visit that showed it")
    from_date: date
    stage: str = Field(description="this visit's King's stage, below from_stage")
    kings_source: Literal["milestones", "alsfrs_r"] = Field(
        description="what this visit's stage was derived from"
    )
    form_stage: str | None = Field(
        default=None,
        description="for a stage from the milestones: this visit's own ALSFRS-R estimate "
        "(null: no complete form at this visit)",
    )
    cause: Literal["estimate", "recorded_regions"] = Field(
        default="estimate",
        description="estimate: the earlier estimate (or this one) is to be checked against the "
        "items; recorded_regions: this visit's form agrees with the earlier estimate "
        "(form_stage at least from_stage), so the recorded functional_involvement, which the "
        "stage from the milestones reads and which wins over the form, may be out of date",
    )
    text: str


class Staging(_Model, Worded):
    """How a visit's function measures were derived (docs/staging.md): the derivations, what
    a partial form leaves open, and the sentence. Never a diagnostic category."""

    kind = "staging"

    alsfrs_r_missing: list[str] = Field(description="ALSFRS-R items the visit's form left out")
    delta_fs_cutoffs: str = Field(description="the ΔFS cut-off set the band is named under")
    mitos_domains_lost: list[str] = Field(
        description="of movement, swallowing, communicating, breathing"
    )
    mitos_undecided: list[str] = Field(description="MiToS domains a partial form leaves open")
    kings_source: Literal["milestones", "alsfrs_r"] | None = Field(
        description="what `kings_stage` was derived from: the recorded milestones (Roche "
        "2012), else the ALSFRS-R items (Balendra 2014)"
    )
    kings_from_milestones: str | None
    kings_from_alsfrs_r: str | None = Field(
        description="Balendra 2014's estimate from a form that decides it (None from a partial "
        "form that leaves open an item that could raise the stage)"
    )
    kings_alsfrs_r_at_least: str | None = Field(
        default=None,
        description="a partial form's lower bound on King's stage (the stage it shows from the "
        "items scored; items left out could raise it), never reported as the stage",
    )
    kings_regions: list[str] = Field(description="regions counted as functionally involved")
    kings_milestones: list[str] = Field(
        default_factory=list,
        description="the King's milestones the stage's derivation shows reached by this visit, "
        "each by its own evidence (1; 2A, a diagnosis; 2B and 3, two and three regions; 4A, "
        "gastrostomy; 4B, NIV): the stages are milestones, not a scale (Roche 2012)",
    )
    kings_undecided: list[str] = Field(description="what the source leaves open")
    kings_fell: KingsFall | None = Field(
        default=None,
        description="this visit's King's stage is below one an earlier visit showed (an "
        "ALSFRS-R estimate: King's stages do not reverse, Roche 2012); the sentence says so "
        "and asks for the form's items to be checked. Null otherwise",
    )
    text: str
    values: dict[str, Measure] = Field(
        default_factory=dict,
        description="the visit's measures the sentence names, as on the visit: "
        "alsfrs_r_total, alsfrs_r_bulbar, alsfrs_r_fine_motor, alsfrs_r_gross_motor, "
        "alsfrs_r_respiratory, delta_fs, delta_fs_band, alsfrs_r_slope (with "
        "alsfrs_r_slope_points, alsfrs_r_slope_days and alsfrs_r_slope_short), mitos_stage "
        "(null where not computed), and onset_known (whether the history gives the onset ΔFS "
        "needs)",
    )


class VisitResult(_Model):
    # No docstring: it would become the published schema's description (history-result).
    number: int = Field(description="visit number, from 1")
    date: date
    days_from_first_visit: int
    days_from_onset: int | None
    progression: ProgressionBasis
    emg_from_earlier_visits: list[str] = Field(
        description="muscles whose latest study was done at an earlier visit (it still counts)"
    )
    results: dict[str, Assessment] = Field(description="evaluate_all of the visit, by criteria id")
    alternative_revisit: AlternativeRevisit | None = Field(
        default=None,
        description="the visit restates another cause although regions have gained UMN signs "
        "or LMN involvement since it was first recorded: revisit it (null otherwise)",
    )
    signs_resolved: PlanItem | None = Field(
        default=None,
        description="a red flag: signs an earlier visit recorded (UMN signs, weakness, "
        "wasting) that this visit's examination of the same region no longer finds; ALS does "
        "not remit, so check the examination and reconsider the diagnosis (criteria.md A.5, "
        "B.4.1; `values.lost`: region:sign:visit). Null when none",
    )
    bulbar_symptoms: PlanItem | None = Field(
        default=None,
        description="beside the cervical cord red flag (consider_cervical_myelopathy), which "
        "reads the examination alone: the bulbar function this visit records as affected "
        "(`values.items`: its ALSFRS-R bulbar items below 4, item:score, as the King's "
        "estimate reads them; `values.recorded`: bulbar functional involvement recorded by "
        "this visit, which `values.recorded_from` dates to an earlier visit, null where this "
        "one recorded it), and the advice to re-examine the bulbar "
        "region (criteria.md A.5, B.4.1). Null without the flag or without such a record",
    )
    phenotype: Phenotype = Field(
        description="the motor phenotype at this visit (criteria.md A.6), dated from the "
        "history's onset where it has one (the PLS criteria count years from onset); the "
        "visit's Assessments give it without the onset, as `evaluate` does"
    )
    phenotype_excluded: PhenotypeExcluded | None = Field(
        default=None,
        description="this visit's flail arm or flail leg is excluded by a later visit within "
        "12 months of onset that recorded another King's region functionally involved or "
        "found weakness or wasting in another region (S71); the phenotype of that visit is "
        "the one to read. Null otherwise",
    )
    alsfrs_r_total: int | None = Field(
        default=None, description="ALSFRS-R total, 0 to 48 (null for a partial or no form)"
    )
    alsfrs_r_bulbar: int | None = Field(default=None, description="items 1-3, 0 to 12")
    alsfrs_r_fine_motor: int | None = Field(default=None, description="items 4-6, 0 to 12")
    alsfrs_r_gross_motor: int | None = Field(default=None, description="items 7-9, 0 to 12")
    alsfrs_r_respiratory: int | None = Field(default=None, description="items 10-12, 0 to 12")
    delta_fs: float | None = Field(
        default=None,
        description="(48 - total) / months from onset to this visit (Kimura 2006; months of "
        "365.25 / 12 days); needs the history's onset",
    )
    delta_fs_band: str | None = Field(
        default=None, description="the band of delta_fs under staging.delta_fs_cutoffs"
    )
    alsfrs_r_slope: float | None = Field(
        default=None,
        description="the total's change per month since the last earlier visit with a total "
        "(negative: function lost); kept apart from delta_fs. Kept whatever the interval; "
        f"from forms under {SLOPE_MINIMUM_MONTHS} calendar months apart "
        "(alsfrs_r_slope_short) the words and "
        "tables give the points and days instead (criteria.md A.5)",
    )
    alsfrs_r_slope_points: int | None = Field(
        default=None, description="the total's change the slope is made of (negative: lost)"
    )
    alsfrs_r_slope_days: int | None = Field(
        default=None, description="the days between the two forms the slope compares"
    )
    alsfrs_r_slope_short: bool | None = Field(
        default=None,
        description=f"the two forms are under {SLOPE_MINIMUM_MONTHS} calendar months apart: "
        "a monthly rate "
        "magnifies each point they differ by (one point over 15 days is 2.03 points a "
        "month), so the words and tables give the points and the days (A.5); null without "
        "a slope",
    )
    mitos_stage: int | None = Field(
        default=None, description="MiToS stage 0 to 4: functional domains lost (Chiò 2015)"
    )
    kings_stage: str | None = Field(
        default=None, description="King's stage: 1, 2A, 2B, 3, 4A or 4B (Roche 2012)"
    )
    staging: Staging | None = Field(
        default=None, description="how the function measures were derived; null without any"
    )
    # `evaluate_history` keeps the case the visit was evaluated on, so the pages draw that
    # very case instead of rebuilding it from the history. A private attribute, not a field:
    # an excluded field would still be accepted on input (a `case` key in a result read back)
    # and stand in the validation schema. The case is how the result was computed, not what
    # it says, so it is neither in the JSON (`--json`, the `history-result` schema) nor read
    # back from it.
    _case: Case | None = PrivateAttr(default=None)

    @classmethod
    def evaluated(cls, case: Case, **fields: Any) -> VisitResult:
        """The visit's result, keeping the case its Assessments were evaluated on."""
        visit = cls(**fields)
        visit._case = case
        return visit

    @property
    def evaluated_case(self) -> Case | None:
        """The case as of this visit that `evaluate_history` evaluated (its examination, the
        EMG of earlier visits still counted, its progression); None for a result read back
        from JSON, which does not carry the case."""
        return self._case

    def __eq__(self, other: object) -> bool:
        """Equal when the documents are: a result read back from JSON equals the one
        evaluated, though only the latter keeps its case (pydantic would compare it)."""
        if not isinstance(other, VisitResult):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = _Model.__hash__

    def held_back(self) -> Prerequisites | None:
        """The prerequisites that keep this visit from a category its findings reach, or that
        record another cause: the one thing a column of "not met" cannot show (A.3)."""
        first = next(iter(self.results.values()))
        prerequisites = first.prerequisites
        if not prerequisites.missing:
            return None
        findings_reach = any(a.pattern_category != a.category for a in self.results.values())
        if findings_reach or prerequisites.alternative_diagnosis is not None:
            return prerequisites
        return None


class CriteriaCourse(_Model):
    """One criteria set over the visits: when it was first met, and where it started and ended."""

    criteria: str
    title: str
    first_met_visit: int | None = Field(description="the first visit at which it was met")
    first_met_date: date | None
    days_from_first_visit: int | None = Field(description="first visit to first met")
    days_from_onset: int | None = Field(description="onset to first met (needs onset)")
    category_at_first_visit: Category
    category_at_last_visit: Category
    met_at_first_visit: bool
    met_at_last_visit: bool


class WithheldSite(_Model):
    """A muscle normal when last sampled that the last visit's contraindications keep the
    needle from, and which contraindication (A.4: never suggest against them)."""

    muscle: str = Field(description="catalogue key (or the name of a muscle outside it)")
    side: str | None
    barrier: NeedleBarrier = Field(
        description="anticoagulation: a deep, non-compressible muscle under anticoagulation; "
        "chest_wall: a chest wall muscle with chest wall concerns; lymphedema, skin_infection: "
        "of that limb"
    )


class RegionSampling(_Model, Worded):
    """When a region's muscles were last needled, and when repeat EMG is due.

    `withheld` and `later` are worded by the voice from `withheld_sites` and `later_sites`
    (kind "region_sampling")."""

    kind: ClassVar[str] = "region_sampling"
    worded: ClassVar[tuple[str, ...]] = ("withheld", "later")

    region: Region
    last_emg_visit: int | None
    last_emg_date: date | None
    emg_positive: bool = Field(
        description="EMG already shows LMN involvement here under every criteria set's muscle "
        "definition: repeating it decides nothing"
    )
    due_from: date | None = Field(
        description="3 months after the last EMG of the region (null: no repeat planned here)"
    )
    due_by: date | None = Field(description="6 months after the last EMG of the region")
    overdue: bool = Field(description="the window had closed by the last visit")
    spared: list[str] = Field(
        description="muscles normal when last sampled that may be needled under the last "
        "visit's contraindications and that none of them puts after the others: repeat them "
        "first"
    )
    later: list[str] = Field(
        default_factory=list,
        description="muscles normal when last sampled that the last visit's contraindications "
        "put after the region's other muscles (the tongue under anticoagulation), each with "
        "the reason and its source: not to be sampled first",
    )
    later_sites: list[LaterSite] = Field(
        default_factory=list,
        description="`later` as data: each muscle, its side and the caution",
    )
    withheld: list[str] = Field(
        default_factory=list,
        description="muscles normal when last sampled that the last visit's contraindications "
        "keep the needle from, each with the reason",
    )
    other_side: list[str] = Field(
        default_factory=list,
        description="when every muscle spared then is withheld and some by a contraindication "
        "of their limb: those muscles on the other side, which may be needled (a region "
        "due whose two limbs are both barred is left out)",
    )
    abnormal: list[str] = Field(description="muscles abnormal when last sampled")
    withheld_sites: list[WithheldSite] = Field(
        default_factory=list,
        description="`withheld` as data: each muscle, its side and the contraindication",
    )


NextVisitReason = Literal[
    "repeat_emg", "first_study", "confirm_bulbar", "no_repeat_emg", "revisit_alternative_diagnosis"
]


class NextVisit(_Model, Worded):
    """The next visit planned from the last one (criteria.md A.4, B.4.4). Guidance only."""

    kind = "next_visit"
    worded = ("text", "source")

    guidance_only: bool = True
    reason: NextVisitReason
    text: str
    plan_reasons: dict[str, str] = Field(
        description="each criteria set's plan reason at the last visit (Assessment.plan.reason)"
    )
    regions: list[RegionSampling] = Field(description="regions needled so far, earliest due first")
    never_sampled: list[Region] = Field(description="regions no visit has needled")
    study_first: list[Region] = Field(
        default_factory=list,
        description="regions to needle for the first time at the next visit because they "
        "twitch (fasciculations alone prompt EMG of that region, A.2); no window applies",
    )
    cautions: list[PlanItem] = Field(
        default_factory=list,
        description="needling cautions of the last visit, and the pneumothorax caution when a "
        "muscle to repeat is on the chest wall",
    )
    source: str
    revisit: AlternativeRevisit | None = Field(
        default=None,
        description="for revisit_alternative_diagnosis: the last visit's prompt to revisit the "
        "other cause, which this plan restates (null otherwise)",
    )
    contradicted: Documentation | None = Field(
        default=None,
        description="progression given as 'no' at the last visit while the findings of two "
        "visits document it (the last visit's progression.documented_by): the record is to be "
        "confirmed before a static course's 6-month wait is planned (A.5); null otherwise",
    )
    values: dict[str, WordValue] = Field(
        default_factory=dict,
        description="what the sentence names, as codes: planned (a criteria set's plan asks "
        "for a repeat or first needle study), yearly (every such plan asks for it yearly: a "
        "UMN-only picture), static (progression recorded as absent at the last visit: the "
        "re-examination in about 6 months, with the EMG beside it), waits_on (the "
        "prerequisites the plans at the last visit wait on first), confirm_bulbar (a "
        "category rests on an accessory-nerve muscle as bulbar) and barred (twitching regions "
        "never needled whose two limbs may not be needled now)",
    )


class HistoryResult(_Model):
    """`evaluate_history`: every visit, each criteria set's course, and the next visit."""

    id: str | None
    onset: date | None
    minimum_months: int = Field(description="least interval between visits compared (A.5)")
    visits: list[VisitResult]
    course: dict[str, CriteriaCourse] = Field(description="by criteria id")
    next_visit: NextVisit | None = Field(description="present when plans were asked for")

    def exclusion_not_restated(self, index: int) -> int | None:
        """The number of the last earlier visit that recorded other causes excluded, where
        visit `index` (from 0) leaves the answer blank: the exclusion is each visit's own
        (A.5, never carried), so the visit waits on it, and a reader must not take that for
        a work-up undone."""
        here = next(iter(self.visits[index].results.values())).prerequisites
        if here.other_causes_excluded is not None:
            return None
        for visit in reversed(self.visits[:index]):
            if next(iter(visit.results.values())).prerequisites.other_causes_excluded is True:
                return visit.number
        return None


def history_result_schema() -> dict[str, Any]:
    """JSON Schema of `evaluate_history`'s result, as it is written (`--json`)."""
    return HistoryResult.model_json_schema(mode="serialization")


__all__ = [
    "AlternativeRevisit",
    "Change",
    "ChangeKind",
    "ChangeTooSoon",
    "CriteriaCourse",
    "Documentation",
    "HistoryResult",
    "KingsFall",
    "LaterCaution",
    "LaterSite",
    "NextVisit",
    "PhenotypeExcluded",
    "ProgressionBasis",
    "RegionSampling",
    "VisitResult",
    "history_result_schema",
]
