"""Where a case stands before any plan: whether it has findings, a needle study, fasciculations
only, UMN signs only, and whether a first study is due.
"""

from __future__ import annotations

from dataclasses import dataclass

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.advice import PlanReason
from alscriteria.assess.red_flags import (
    conduction_points_to_mimic,
    mimic_conflicts_with_exclusion,
    treatable_mimic_findings,
)
from alscriteria.case.findings import EMGSummary, RegionFindings
from alscriteria.case.model import Case
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence


def has_findings(case: Case) -> bool:
    """Any UMN or LMN sign, or any abnormal muscle or EMG summary: clinical suspicion has
    something to hold."""
    return (
        any(f.all_umn_signs or f.all_lmn_signs or flagged(f) for f in case.regions.values())
        or any(not s.is_normal for s in case.emg)
        or any(summary.abnormal for _, summary in summaries_of(case))
    )


def flagged(findings: RegionFindings) -> bool:
    """A registry flag says yes to UMN or clinical LMN signs (names not given)."""
    return any(umn or lmn for _, umn, lmn in findings.flags)


def summaries_of(case: Case) -> list[tuple[str, EMGSummary]]:
    return [pair for findings in case.regions.values() for pair in findings.emg_summaries]


def needle_study_recorded(case: Case) -> bool:
    return bool(case.emg) or bool(summaries_of(case))


def needle_study_normal(case: Case) -> bool:
    """Every needle finding recorded is normal: muscle records, or summaries that rule out
    every abnormality (a summary that leaves one unknown is not a normal study)."""
    return all(s.is_normal for s in case.emg) and all(
        summary.normal for _, summary in summaries_of(case)
    )


def fasciculations_only(case: Case) -> bool:
    """Twitching and nothing else: clinical fasciculations and/or fasciculation potentials,
    with no weakness, wasting, UMN sign, denervation or chronic neurogenic change. A summary
    that leaves denervation or chronic change unknown is not "nothing else"."""
    seen = False
    for findings in case.regions.values():
        if (
            findings.all_umn_signs
            or set(findings.all_lmn_signs) - {"fasciculations"}
            or flagged(findings)
        ):
            return False
        seen = seen or bool(findings.all_lmn_signs)
    for s in case.emg:
        if s.fibrillation_potentials or s.positive_sharp_waves or s.chronic_neurogenic_change:
            return False
        seen = seen or s.fasciculation_potentials
    for _, summary in summaries_of(case):
        ruled_out = (
            summary.fibrillation_potentials is False
            and summary.positive_sharp_waves is False
            and summary.chronic_neurogenic_change is False
        )
        if not ruled_out:
            return False
        seen = seen or summary.fasciculation_potentials is True
    return seen


def unstudied_fasciculating_regions(case: Case, evidence: CaseEvidence) -> list[Region]:
    """Regions with clinical fasciculations and no muscle studied there yet (A.2: they prompt
    EMG of that region)."""
    return [
        facts.region
        for facts in evidence.regions
        if "fasciculations" in facts.lmn_signs and not (facts.studied or facts.summaries)
    ]


def situation(
    case: Case, cset: CriteriaSet, pattern: Category, evidence: CaseEvidence
) -> PlanReason:
    """Which of the plan's situations this is (the plan's `reason`), most particular first.

    "Normal" needs a normal needle study (A.4); "fasciculations only" needs the twitching
    regions studied and no nerve conduction finding that calls for more testing. Another
    cause recorded comes first: the ALS criteria do not apply while it stands (A.3).
    """
    return reason_of(case_reason(case, evidence), cset, pattern)


def case_reason(case: Case, evidence: CaseEvidence) -> PlanReason | None:
    """The situation where the case alone decides it (every situation but the last two,
    `situation`), the same for every criteria set; None where the category does."""
    if case.alternative_diagnosis is not None:
        return "alternative_diagnosis_recorded"
    if not has_findings(case):
        if not needle_study_recorded(case):
            return "nothing_recorded"
        if needle_study_normal(case):
            return "normal_with_symptoms" if case.motor_symptoms else "normal_no_symptoms"
    if fasciculations_only(case) and not conduction_points_to_mimic(case):
        if unstudied_fasciculating_regions(case, evidence):
            return "fasciculations_not_yet_studied"
        return "fasciculations_only"
    if mimic_conflicts_with_exclusion(case):
        return "mimic_workup_first"
    if case.other_causes_excluded is None:
        return "workup_in_progress"
    if case.progression is not True or case.other_causes_excluded is not True:
        return "prerequisites_missing"
    return None


def reason_of(found: PlanReason | None, cset: CriteriaSet, pattern: Category) -> PlanReason:
    """The situation: the case's own (`case_reason`), else the top category or the search."""
    if found is not None:
        return found
    if pattern is cset.top:
        return "top_category_reached"
    return "seeking_evidence"


@dataclass(frozen=True, slots=True)
class Standing:
    """What the plan reads of the case alone, the same for every criteria set: read once a
    case (and evidence) and shared by the criteria sets' plans (assess/explain/explainer.py:
    the per-case context's `shared`), where each read it again before."""

    reason: PlanReason | None
    """`case_reason`."""
    first_study_due: bool
    umn_only: bool
    needle_study_recorded: bool
    mimic_conflict: bool
    """`mimic_conflicts_with_exclusion`."""
    mimic_pending: bool = False
    """`mimic_workup_pending`: the EMG the plan proposes to raise the category waits on the
    work-up of a treatable-mimic finding."""


def standing(case: Case, evidence: CaseEvidence) -> Standing:
    return Standing(
        case_reason(case, evidence),
        first_study_due(case),
        umn_only(case),
        needle_study_recorded(case),
        mimic_conflicts_with_exclusion(case),
        mimic_workup_pending(case),
    )


def mimic_workup_pending(case: Case) -> bool:
    """A nerve conduction finding points to a treatable mimic (B.4.1: a block outside
    entrapment sites, demyelinating slowing, marked sensory abnormality) and no other cause
    is recorded. Whatever the exclusion says, that work-up comes before needling more
    muscles to raise an ALS category: a multifocal motor neuropathy or a demyelinating
    neuropathy is treatable, and its work-up is nerve conduction, antibodies and imaging,
    not a tongue or paraspinal needle (A.4; S36, S37)."""
    return case.alternative_diagnosis is None and bool(treatable_mimic_findings(case))


def umn_only(case: Case) -> bool:
    """UMN signs and nothing of the lower motor neuron: no LMN sign or flag (fasciculations
    included: they prompt EMG, A.2) and every needle finding normal. A summary that leaves
    an abnormality unknown is not normal, so it does not make a UMN-only picture."""
    regions = case.regions.values()
    if not any(f.all_umn_signs or any(umn for _, umn, _ in f.flags) for f in regions):
        return False
    if any(f.all_lmn_signs or any(lmn for _, _, lmn in f.flags) for f in regions):
        return False
    return needle_study_normal(case)


def first_study_due(case: Case) -> bool:
    """No needle study recorded, and findings beyond a UMN-only picture (which has its own
    first-EMG advice): the first electrodiagnostic study comes before any upgrade path or
    repeat (A.4, B.4.1). Nerve conduction and needle EMG exclude the mimics first (Brooks
    2000: no electrophysiological evidence of another disease; de Carvalho 2008), so "EMG
    cannot raise this category" or "repeat in 3 months" would be wrong advice here."""
    return (
        case.alternative_diagnosis is None
        and not needle_study_recorded(case)
        and not umn_only(case)
    )


def involved_regions(case: Case) -> list[Region]:
    """The regions with any clinical finding (a sign or a registry flag, fasciculations
    included: they prompt EMG, A.2), in rostral-caudal order."""
    return [
        r
        for r in REGION_ORDER
        if (f := case.findings(r)).all_umn_signs or f.all_lmn_signs or flagged(f)
    ]
