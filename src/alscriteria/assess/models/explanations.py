"""What explains a result: each region's evidence, the rules that fired with their findings,
what a rule lacks, notes, what EMG could still decide, and other readings.
"""

from __future__ import annotations

from pydantic import Field

from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.base import OutputModel, Worded, WordValue, empty_dict, empty_list
from alscriteria.criteria.category import Category


class MuscleEvidence(OutputModel):
    muscle: str
    name: str
    side: str | None
    region: Region
    roots: list[str]
    nerve: str
    findings: list[str] = Field(description="the abnormalities recorded in this muscle")


class SideEvidence(OutputModel):
    """What one limb showed, for a limb region given per side."""

    side: str
    umn_signs: list[str]
    lmn_signs: list[str]
    reported_flags: list[str] = Field(
        default_factory=empty_list, description="registry flags given yes for this side: umn, lmn"
    )


class RegionEvidence(OutputModel):
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
        default_factory=empty_list,
        description="EMG taken as reported, without muscle detail: the summaries used "
        "(region, left, right)",
    )
    clinical_lmn_open: bool = Field(
        default=False,
        description="a clinical LMN flag (yes) without the signs: Gold Coast cannot tell "
        "whether there was both weakness and wasting (see `undecided`)",
    )
    reported_flags: list[str] = Field(
        default_factory=empty_list,
        description="signs taken from registry flags without their names: umn, lmn",
    )
    emg_lmn_open: bool = Field(
        default=False,
        description="the EMG summaries cannot say whether this region is EMG-positive by "
        "this criteria set's muscle definition (see `undecided`)",
    )
    sides: list[SideEvidence] = Field(
        default_factory=empty_list, description="a limb region given per side: each side's signs"
    )


class FiringEvidence(OutputModel):
    region: Region
    umn_signs: list[str]
    lmn_signs: list[str]
    emg_muscles: list[str]
    emg_summaries: list[str] = Field(
        default_factory=empty_list, description="EMG counted as a summary reported it (no muscles)"
    )
    reported_flags: list[str] = Field(
        default_factory=empty_list, description="signs taken from registry flags: umn, lmn"
    )
    sides: list[SideEvidence] = Field(default_factory=empty_list)


class RuleFiring(OutputModel):
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


class Shortfall(OutputModel):
    """One requirement of a rule for the next category up that the case does not meet."""

    rule: str
    category: Category | None
    code: str
    have: int | str | None = Field(
        description="what the case has, as a count or a code: for a prerequisite true, "
        "false, null (unknown), or alternative_diagnosis (other causes: another cause is "
        "recorded); for a region comparison a region code, or null (no such region)"
    )
    need: int | str | None


class Note(OutputModel, Worded):
    """Why a criteria set read a finding the way it did (a code, its wording, what it names).

    The words are made from the code, the regions, the muscles and `values` (wording/notes.py),
    so a front end rewords a note from its JSON alone."""

    kind = "note"

    code: str
    text: str
    regions: list[Region] = Field(default_factory=empty_list)
    muscles: list[str] = Field(
        default_factory=empty_list,
        description="the muscles the note names: catalogue keys (or a muscle's own name "
        "outside the catalogue), with the side in brackets where the study gives one",
    )
    values: dict[str, WordValue] = Field(
        default_factory=empty_dict,
        description="what else the words name, as codes: `umn_regions` and `lmn_regions` "
        "(the gap pattern's regions), `root_independence` and `probable` (the reading that "
        "picks the wording), `studied` (the regions were studied with EMG), `second_look` "
        "(catalogue keys of the cranial muscles left to study, in order) and `anticoagulated`",
    )


class OpenRegion(OutputModel, Worded):
    """A region whose summary (EMG, or a clinical LMN flag) leaves A.2 unanswered."""

    kind = "open_region"

    region: Region
    missing: list[str] = Field(description="codes of what the summary does not say")
    text: str
    own_summary: bool = Field(
        default=True,
        description="the region has an EMG summary of its own (the words then name 'the "
        "<region> summary'; otherwise 'the summaries', those of the other regions)",
    )


class Undecided(OutputModel, Worded):
    """The category cannot be decided from the EMG summaries: what they allow, and why.

    The words are made from `pattern_categories`, whether `categories` is held at not met
    (prerequisites unmet) and the open regions' `missing` codes (wording/notes.py)."""

    kind = "undecided"

    categories: list[Category] = Field(description="every category the summaries allow")
    pattern_categories: list[Category]
    regions: list[OpenRegion]
    text: str

    def reworded(self) -> Undecided:
        """The same codes worded by the voice installed now (the result's `undecided` is
        worded when first read or dumped, as its explanations are: `Assessment`)."""
        regions = [
            OpenRegion.said(region=r.region, missing=list(r.missing), own_summary=r.own_summary)
            for r in self.regions
        ]
        return Undecided.said(
            categories=list(self.categories),
            pattern_categories=list(self.pattern_categories),
            regions=regions,
        )


class AlternativeReading(OutputModel):
    option: str
    value: str
    category: Category
    pattern_category: Category
