"""Test helpers for the plan: apply an upgrade's additions to a Case, so a test can evaluate
the changed case in full and check the path the planner found by its masks; and the same
additions made to the masks themselves, the definition `CriteriaSet.counts_after` is held to.
"""

from __future__ import annotations

from collections.abc import Iterable

from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import region_signs
from alscriteria.assess.models.advice import EvidenceNeeded
from alscriteria.case.findings import RegionFindings
from alscriteria.case.model import Case
from alscriteria.case.studies import MuscleStudy
from alscriteria.regions.masks import LIMB_BITS, EvidenceMasks

#: Muscles applied to a case to stand for "EMG LMN in this region" when asking the engine.
#: Each limb pair is independent by root and nerve under both root readings.
APPLIED_EMG: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("genioglossus",),
    Region.CERVICAL: ("first_dorsal_interosseous", "biceps_brachii"),
    Region.THORACIC: ("rectus_abdominis",),
    Region.LUMBOSACRAL: ("tibialis_anterior", "medial_gastrocnemius"),
}


def apply_evidence(case: Case, add: Iterable[EvidenceNeeded]) -> Case:
    """The case with the given regional evidence added, as the planner asks the engine."""
    regions = dict(case.regions)
    emg = list(case.emg)
    for item in add:
        findings = regions.get(item.region, RegionFindings())
        if item.evidence == "umn":
            sign = region_signs(item.region.value)[0]  # a sign this region can show
            findings = findings.model_copy(update={"umn_signs": (*findings.umn_signs, sign)})
        elif item.evidence == "clinical_lmn":
            findings = findings.model_copy(
                update={"lmn_signs": (*findings.lmn_signs, "weakness", "wasting")}
            )
        else:
            emg.extend(
                MuscleStudy(
                    muscle=key,
                    side="right",
                    fibrillation_potentials=True,
                    chronic_neurogenic_change=True,
                )
                for key in APPLIED_EMG[item.region]
            )
        regions[item.region] = findings
    return case.model_copy(update={"regions": regions, "emg": tuple(emg)})


def with_added(
    masks: EvidenceMasks, umn: int = 0, clinical_lmn: int = 0, emg_lmn: int = 0
) -> EvidenceMasks:
    """The masks with new findings in the regions of each bit mask.

    New clinical LMN is weakness with wasting (it counts for every criteria set); new EMG
    LMN is a qualifying muscle, or an independent pair on one side of a limb, under both
    muscle definitions (so each new limb region adds one positive limb).
    """
    ee, aw = masks.emg
    ee_limbs, aw_limbs = masks.emg_limbs
    new_limbs = emg_lmn & LIMB_BITS
    return EvidenceMasks(
        masks.umn | umn,
        masks.weakness_or_wasting | clinical_lmn,
        masks.weakness_and_wasting | clinical_lmn,
        (ee | emg_lmn, aw | emg_lmn),
        (
            ee_limbs + (new_limbs & ~ee).bit_count(),
            aw_limbs + (new_limbs & ~aw).bit_count(),
        ),
    )
