"""Red flags: findings that point to a mimic or call for a test before ALS is accepted.

They never change a category (criteria.md B.4.1: flag, do not auto-exclude). They belong to
every Assessment, plan or not, because a result that is right but hides "consider
multifocal motor neuropathy" is not safe to act on. Their wording follows the findings that
are actually recorded.
"""

from __future__ import annotations

from alscriteria import wording
from alscriteria.assessment import PlanItem
from alscriteria.case import Case, ConductionBlock
from alscriteria.regions.anatomy import Region
from alscriteria.regions.catalogue import ACCESSORY_MUSCLES
from alscriteria.regions.evidence import CaseEvidence

_BULBAR = 1 << Region.BULBAR.order
_LUMBOSACRAL = 1 << Region.LUMBOSACRAL.order
_LIMBS = (1 << Region.CERVICAL.order) | _LUMBOSACRAL


def _item(code: str, **values: str) -> PlanItem:
    text, source = wording.plan_item(code, **values)
    return PlanItem(code=code, text=text, source=source)


def blocks_outside_entrapment(case: Case) -> list[ConductionBlock]:
    return [b for b in case.nerve_conduction.conduction_block if not b.at_entrapment_site]


def conduction_points_to_mimic(case: Case) -> bool:
    """Any nerve conduction finding that calls for more testing before ALS (B.4.1)."""
    ncs = case.nerve_conduction
    return bool(
        blocks_outside_entrapment(case)
        or ncs.demyelinating_slowing
        or ncs.abnormal_sensory != "none"
    )


def red_flags(case: Case, evidence: CaseEvidence) -> list[PlanItem]:
    """Every red flag the case raises, most specific first."""
    masks = evidence.masks
    umn = masks.umn
    # EMG a summary leaves open counts here: a red flag is raised on what may be there
    lmn = masks.weakness_or_wasting | masks.emg[0] | masks.emg[1] | evidence.open_emg[1]
    out: list[PlanItem] = []
    ncs = case.nerve_conduction
    outside = blocks_outside_entrapment(case)
    if outside:
        where = ", ".join(f"{b.nerve} ({b.segment})" for b in outside)
        code = "consider_mmn_despite_umn" if umn else "consider_mmn"
        out.append(_item(code, where=where))
    if ncs.demyelinating_slowing:
        out.append(_item("consider_demyelinating_neuropathy"))
    if ncs.abnormal_sensory == "marked" and not umn and lmn:
        out.append(_item("consider_kennedy_disease"))
    if ncs.abnormal_sensory != "none":
        out.append(_item(f"sensory_abnormality_{ncs.abnormal_sensory}"))
    limb_umn = umn & _LIMBS
    limb_lmn = (lmn | masks.emg[0] | masks.emg[1]) & _LIMBS
    if limb_umn and limb_lmn and not _findings_mask(evidence, above_neck=True) & _BULBAR:
        out.append(_item("consider_cervical_myelopathy"))
    # LMN in the legs and nothing (not even an EMG summary left open) anywhere else
    elsewhere = (_findings_mask(evidence) | lmn) & ~_LUMBOSACRAL
    if lmn & _LUMBOSACRAL and not umn and not elsewhere:
        out.append(_item("consider_lumbosacral_imaging"))
    return out


def _findings_mask(evidence: CaseEvidence, above_neck: bool = False) -> int:
    """Regions with any recorded sign or abnormal muscle (fasciculations included).

    `above_neck`: sternocleidomastoid and trapezius (C2-C4 as well as the accessory nerve)
    do not count as findings above the neck, whichever region a reading counts them in: a
    high cervical myelopathy can denervate them too. Nor does an EMG summary, which may rest
    on those two muscles alone.
    """
    mask = 0
    for facts in evidence.regions:
        abnormal = any(
            not m.study.is_normal and not (above_neck and m.key in ACCESSORY_MUSCLES)
            for m in facts.studied
        )
        if not above_neck:
            abnormal = abnormal or any(summary.abnormal for _, summary in facts.summaries)
        if facts.umn_signs or facts.lmn_signs or facts.reported_flags or abnormal:
            mask |= 1 << facts.region.order
    return mask


__all__ = ["red_flags"]
