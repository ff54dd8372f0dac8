"""The advice beside a result (criteria.md A.4, A.6): upgrade paths, muscles to needle, the
plan's items with their sources, and the motor phenotype.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.base import OutputModel, Worded, WordValue, empty_dict, empty_list
from alscriteria.criteria.category import Category

EvidenceKind = Literal["umn", "clinical_lmn", "emg_lmn"]


class EvidenceNeeded(OutputModel):
    region: Region
    evidence: EvidenceKind


#: The readings (A.3.4) an upgrade path's category may rest on.
PathReading = Literal["gap", "lab_supported_emg"]


class Upgrade(OutputModel):
    """A smallest set of new regional evidence that the engine says would raise the category."""

    to: Category
    add: list[EvidenceNeeded]
    emg_obtainable: bool = Field(
        description="every item can be sought by EMG now (false where an item's limb region "
        "has every limb barred to the needle: see needle_barred)"
    )
    needle_barred: list[Region] = Field(
        default_factory=empty_list,
        description="the limb regions of the path's EMG items whose every limb the case's "
        "contraindications (lymphedema, skin infection) bar to the needle: EMG cannot reach "
        "them now",
    )
    reading: PathReading | None = Field(
        default=None,
        description="the reading (A.3.4) the path's category rests on: 'gap' when it reaches "
        "Possible only because this tool calls the UMN-above-LMN gap pattern, which the "
        "criteria give no category, Possible; 'lab_supported_emg' when it reaches revised El "
        "Escorial's Probable laboratory-supported only because the EMG is counted by regions "
        "(the default reading; counted by limbs, each limb region the path adds one positive "
        "limb, it gives less: B.7 A1)",
    )
    waits_on: Literal["mimic_workup"] | None = Field(
        default=None,
        description="what must come before EMG looks for this path: 'mimic_workup' where "
        "the nerve conduction findings point to a treatable mimic (B.4.1), so needling to "
        "raise the category waits on that work-up; null otherwise",
    )


class MuscleSuggestion(OutputModel, Worded):
    """A muscle to needle next and why: `reason` is worded from `reason_code`, the muscle,
    its region and `values`."""

    kind: ClassVar[str] = "muscle_reason"
    worded: ClassVar[tuple[str, ...]] = ("reason",)

    muscle: str
    region: Region
    side: str | None
    reason: str
    reason_code: str
    values: dict[str, WordValue] = Field(
        default_factory=empty_dict,
        description="what `reason` names besides the muscle and its region, as codes: "
        "`anchor` (catalogue key of the abnormal muscle a pair is completed with; "
        "`anchor_nerve` and `anchor_roots` when it is outside the catalogue), `pair` (the "
        "catalogue keys of an independent pair, in the order the reason names them), "
        "`accessory` (catalogue keys of the accessory-nerve muscles a bulbar region rests on), "
        "`after` ('mimic_workup': the muscle is to be needled only after the work-up of a "
        "finding that points to a treatable mimic, B.4.1)",
    )

    def __hash__(self) -> int:
        # hashable as before `values` (a dict) was added: equal suggestions have equal words
        return hash((self.muscle, self.region, self.side, self.reason, self.reason_code))


class PlanItem(OutputModel, Worded):
    """A caution, timing or mimic warning: a code, its wording and its source, and the codes
    its wording names (`values`)."""

    kind: ClassVar[str] = "plan_item"
    worded: ClassVar[tuple[str, ...]] = ("text", "source")

    code: str
    text: str
    source: str
    values: dict[str, WordValue] = Field(
        default_factory=empty_dict,
        description="what `text` names, as codes and values, by name: region codes "
        "(`region`, `regions`, `barred`, `involved`, `clean`), catalogue keys of muscles "
        "(`muscles`, `accessory`, `second_look`, `barred`, `demoted` of the chest wall "
        "caution), nerve conduction finding codes (`findings` of the mimic items), clinical "
        "finding kinds (`findings` of the EMG-cannot-raise items: umn, clinical_lmn), sides, "
        "and flags; the case's own words where it has them (`diagnosis`, the `nerves` and "
        "`segments` of conduction blocks); `bulbar` ('not_examined') on the cervical cord "
        "flag of a case that leaves the bulbar region out; `after` ('mimic_workup') on a "
        "repeat EMG that "
        "waits on the work-up of a finding that points to a treatable mimic (B.4.1). Empty "
        "when the text names nothing",
    )

    def __hash__(self) -> int:
        # a history gathers each red flag once by its words (history/flags.py); `values`, a
        # dict, is not hashable, and equal items have equal words
        return hash((self.code, self.text, self.source))


def item_for(code: str, **values: WordValue) -> PlanItem:
    """The plan's or the red flags' item for `code`, naming `values` (region codes,
    catalogue keys, finding codes, sides, flags: never a phrase); the voice words it
    (`wording/plan.py`). Here, beside the model, so the red flags and the plan share it
    without importing each other."""
    return PlanItem.said(code=code, values=values)


#: The motor phenotype the findings show (criteria.md A.6). Descriptive: never a category.
PhenotypeCode = Literal[
    "no_motor_signs",
    "classic",
    "progressive_bulbar_palsy",
    "flail_arm",
    "flail_leg",
    "lmn_one_arm",
    "lmn_one_leg",
    "lmn_arms_emg_only",
    "lmn_legs_emg_only",
    "progressive_muscular_atrophy",
    "pls_definite",
    "pls_probable",
    "umn_predominant_too_early",
    "umn_predominant_no_emg",
    "umn_predominant_emg_too_early",
    "pls_duration_unknown",
    "umn_one_region",
    "flail_arm_spread",
    "flail_leg_spread",
    "lmn_only_umn_earlier",
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
    "other_regions_not_examined",
    "other_causes_excluded",
    "mimic_findings_explained",
    "both_arms_involved",
    "both_legs_involved",
]


class Phenotype(OutputModel, Worded):
    """The motor phenotype the findings show, its source, and what it could not check.

    The same for every criteria set (it reads the evidence, not a criteria set's count) and
    never a category: registries record it and prognosis and the mimic work-up differ by it.
    Its words (`text`, `source`, `needs_text`) are made from its other fields
    (wording/phenotype.py).
    """

    kind = "phenotype"
    worded = ("text", "source", "needs_text")

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
        default_factory=empty_list,
        description="what the definition asks that the case does not record (codes)",
    )
    lmn_emg_only: list[Region] = Field(
        default_factory=empty_list,
        description="the regions of `lmn_regions` whose LMN involvement is EMG evidence "
        "alone (no weakness or wasting recorded there); the sentence says so",
    )
    bulbar_rests_on: list[str] = Field(
        default_factory=empty_list,
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
    years_from_onset: int | None = Field(
        default=None,
        description="completed years from a history's onset to the visit; null without an "
        "onset (a single case has none)",
    )
    needle_study_years: int | None = Field(
        default=None,
        description="with needle_study_date: completed years from onset at that study",
    )
    other_limb: Literal["left", "right"] | None = Field(
        default=None,
        description="the limb a flail reading lacks, where the record shows it (A.6): with "
        "`lmn_one_arm` or `lmn_one_leg`, the limb examined per side without weakness or "
        "wasting in which EMG shows LMN involvement (`other_limb_muscles`); with `flail_arm` or "
        "`flail_leg` and `both_arms_involved` or `both_legs_involved` in `needs`, the limb "
        "whose sampled muscles (`other_limb_muscles`) are all normal, or whose involvement is "
        "EMG evidence alone (`other_limb_emg_only`), and the survival figure is withheld; null "
        "otherwise",
    )
    other_limb_muscles: list[str] = Field(
        default_factory=empty_list,
        description="with other_limb: its muscles (catalogue keys, in the order studied) with "
        "denervation and reinnervation (`lmn_one_arm`, `lmn_one_leg`; `flail_arm`, `flail_leg` "
        "with other_limb_emg_only) or sampled and normal (`flail_arm`, `flail_leg` otherwise)",
    )
    other_limb_emg_only: bool = Field(
        default=False,
        description="with other_limb: its LMN involvement is EMG evidence alone (the muscles "
        "in other_limb_muscles, or, with none, its EMG summary for `lmn_one_arm`/`lmn_one_leg` "
        "and EMG given without a side for `flail_arm`/`flail_leg`), not sampled muscles all "
        "normal. With `flail_arm` or `flail_leg`: one limb is given weak or wasted per side, "
        "the other not given per side, so the name is provisional and the survival figure "
        "withheld (A.6)",
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


#: The cautions (data/needle_cautions.csv) that put a muscle after the others of its region
#: under a recorded contraindication (A.4, B.4.2).
LaterCaution = Literal["airway_haematoma", "pneumothorax_risk"]


class LaterSite(OutputModel):
    """A muscle normal when last sampled that the case's contraindications put after the
    other muscles of its region (A.4, B.4.2): not one to sample first. The single visit's
    plan (`Plan.spared_later_sites`) and a history's next visit (`RegionSampling.later_sites`)
    say it alike."""

    muscle: str = Field(description="catalogue key")
    side: str | None
    caution: LaterCaution = Field(
        description="airway_haematoma: the tongue under anticoagulation (masseter or a facial "
        "muscle first, S44); pneumothorax_risk: a muscle over the lung with chest wall "
        "concerns (S66, S67)"
    )


class Plan(OutputModel, Worded):
    """Repeat-testing plan (criteria.md A.4). Heuristic guidance, not a rule of the criteria.
    `reason_text` is worded from `reason` and `values`."""

    kind: ClassVar[str] = "plan_reason"
    worded: ClassVar[tuple[str, ...]] = ("reason_text", "spared_later")

    guidance_only: bool = True
    reason: PlanReason = Field(description="which situation the plan is for")
    reason_text: str
    upgrades: list[Upgrade]
    muscles: list[MuscleSuggestion]
    previously_spared: list[str] = Field(
        description="muscles studied and normal this visit that the case's contraindications "
        "allow to be needled again and that none of them puts after the others of its region "
        "(the repeat study starts with them); those they put after the others are in "
        "`spared_later`"
    )
    cautions: list[PlanItem]
    timing: list[PlanItem]
    values: dict[str, WordValue] = Field(
        default_factory=empty_dict,
        description="what `reason_text` names besides the reason, as codes: `missing`, the "
        "prerequisites the category waits on (progression, other_causes_excluded), with the "
        "reason prerequisites_missing; empty otherwise",
    )
    spared_later: list[str] = Field(
        default_factory=empty_list,
        description="muscles studied and normal this visit that the case's contraindications "
        "put after the others of their region (the tongue under anticoagulation; a muscle "
        "over the lung with chest wall concerns), each with the reason and its source: "
        "listed beside a repeat study as `previously_spared` is, never to be sampled first "
        "(A.4, B.4.2)",
    )
    spared_later_sites: list[LaterSite] = Field(
        default_factory=empty_list,
        description="`spared_later` as data: each muscle, its side and the caution",
    )
