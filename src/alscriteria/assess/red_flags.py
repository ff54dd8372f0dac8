"""Red flags: findings that point to a mimic or call for a test before ALS is accepted.

They never change a category (criteria.md B.4.1: flag, do not auto-exclude). They belong to
every Assessment, plan or not, because a result that is right but hides "consider
multifocal motor neuropathy" is not safe to act on. Their wording follows the findings that
are actually recorded.
"""

from __future__ import annotations

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES
from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.assess.models.advice import PlanItem
from alscriteria.assess.models.advice import item_for as _item
from alscriteria.assess.phenotype import one_limb_only
from alscriteria.case.findings import EMGSummary
from alscriteria.case.model import Case
from alscriteria.case.studies import ConductionBlock, MuscleStudy
from alscriteria.regions.masks import CaseEvidence

_BULBAR = 1 << Region.BULBAR.order
_LUMBOSACRAL = 1 << Region.LUMBOSACRAL.order
_LIMBS = (1 << Region.CERVICAL.order) | _LUMBOSACRAL


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


_CERVICAL = 1 << Region.CERVICAL.order


def treatable_mimic_findings(case: Case) -> list[str]:
    """The nerve conduction findings that point to a treatable mimic (B.4.1) as the
    conflict warning names them: a block outside entrapment sites, demyelinating slowing,
    markedly abnormal sensory conduction. Mild sensory changes occur in ALS (S33, S34) and
    do not conflict with a completed exclusion."""
    ncs = case.nerve_conduction
    found = []
    if blocks_outside_entrapment(case):
        found.append("conduction_block")
    if ncs.demyelinating_slowing:
        found.append("demyelinating_slowing")
    if ncs.abnormal_sensory == "marked":
        found.append("marked_sensory_abnormality")
    return found


def mimic_conflicts_with_exclusion(case: Case) -> bool:
    """The case says other causes are excluded, yet a treatable-mimic finding is recorded."""
    return case.other_causes_excluded is True and bool(treatable_mimic_findings(case))


def red_flags(case: Case, evidence: CaseEvidence) -> list[PlanItem]:
    """Every red flag the case raises, most specific first.

    With another cause recorded (`alternative_diagnosis`), see `_beside_another_cause`.
    """
    if case.alternative_diagnosis is not None:
        return _beside_another_cause(case)
    masks = evidence.masks
    umn = masks.umn
    # EMG a summary leaves open counts here: a red flag is raised on what may be there
    lmn = masks.weakness_or_wasting | masks.emg[0] | masks.emg[1] | evidence.open_emg[1]
    out: list[PlanItem] = []
    if mimic_conflicts_with_exclusion(case):
        findings = treatable_mimic_findings(case)
        out.append(_item("mimic_conflicts_with_exclusion", findings=findings))
    ncs = case.nerve_conduction
    outside = blocks_outside_entrapment(case)
    if outside:
        code = "consider_mmn_despite_umn" if umn else "consider_mmn"
        nerves = [b.nerve for b in outside]
        out.append(_item(code, nerves=nerves, segments=[b.segment for b in outside]))
    if ncs.demyelinating_slowing:
        out.append(_item("consider_demyelinating_neuropathy"))
    if ncs.abnormal_sensory == "marked" and not umn and lmn:
        out.append(_item("consider_kennedy_disease"))
    if ncs.abnormal_sensory != "none":
        out.append(_item(f"sensory_abnormality_{ncs.abnormal_sensory}"))
    out.extend(_structural_flag(evidence, umn, lmn))
    out.extend(_pattern_flag(evidence, umn, lmn))
    return out


def _beside_another_cause(case: Case) -> list[PlanItem]:
    """Another cause recorded: no flag that looks for a cause of the pattern (a cord lesion,
    each pattern's mimics) is raised, since each is a work-up before ALS is accepted and the
    clinician has recorded the cause; the plan says when to revisit it. The recorded text is
    free, so which flag would look for it again cannot be told: none is raised. The
    treatable-mimic conduction findings are test results the recorded cause may not explain
    (a block outside entrapment sites beside a radiculopathy): they are reported as
    findings, each with what it points to, and the clinician checks the diagnosis against
    them. Mild sensory changes, which occur in ALS, are not among them."""
    found = treatable_mimic_findings(case)
    if not found:
        return []
    # the finding only: the mimic it usually points to may be the very diagnosis recorded
    return [_item("conduction_findings_beside_another_cause", findings=found)]


def _structural_flag(evidence: CaseEvidence, umn: int, lmn: int) -> list[PlanItem]:
    """UMN and LMN signs in the limbs with nothing above the neck: a cord lesion (S58). The
    cervical spine always, since cervical cord compression gives UMN signs in the legs as
    well as the arms. With the legs alone involved, the levels below the neck too: the
    thoracic and lumbar spine with the conus (a thoracic cord or conus lesion, or a cord
    lesion with a lumbar radiculopathy, S79, S80). Arm EMG that a summary leaves open counts
    as arm involvement that may be there, as for every red flag, so the legs-only flag is
    added only where nothing in the arms may be there."""
    masks = evidence.masks
    limb_umn = umn & _LIMBS
    limb_lmn = (lmn | masks.emg[0] | masks.emg[1]) & _LIMBS
    if not limb_umn or not limb_lmn or _findings_mask(evidence, above_neck=True) & _BULBAR:
        return []
    found = [_item("consider_cervical_myelopathy")]
    if not (_findings_mask(evidence) | limb_umn | limb_lmn) & _CERVICAL:
        found.append(_item("consider_thoracic_cord_or_conus_lesion"))
    return found


def _pattern_flag(evidence: CaseEvidence, umn: int, lmn: int) -> list[PlanItem]:
    """The flags for the pattern of the findings (B.4.1, S58), each with its own mimics.

    Weakness or wasting confined to the legs or the arms with no UMN sign (or, without
    them, LMN confined there and no other finding; clinical fasciculations are not one,
    A.2), or every finding in the bulbar region: that region's work-up. LMN in two or more
    regions with no UMN sign: the pure LMN mimics, beside a confined limb's flag when the
    needle found the second region. UMN signs with no LMN finding, no abnormal muscle and
    no EMG summary reporting an abnormality: the spinal UMN-only mimics, or, with the UMN
    signs in the bulbar region alone (pseudobulbar signs), the bulbar work-up. As for every
    red flag, EMG that a summary leaves open counts as LMN that may be there.
    """
    # A bulbar region resting on the trapezius or sternocleidomastoid alone is not bulbar
    # involvement (B.0, S75), as the phenotype reads it too (A.6): the pattern is read
    # without it, and the pure LMN flag, which Gold Coast's ALS through that muscle calls
    # for, says the region rests on it.
    aside = evidence.bulbar_lmn_rests_on_accessory
    counted = lmn & ~_BULBAR if aside else lmn
    if counted:
        involved = _findings_mask(evidence) | counted | umn
        if aside:
            involved &= ~_BULBAR
        clinical = evidence.masks.weakness_or_wasting
        # Weakness or wasting confined to the arms (or the legs) with no UMN sign is the
        # flail-limb (or radicular) picture whatever the needle found elsewhere: the
        # definitions are clinical (S71), and a flag withheld hides a treatable mimic (S58).
        confined: PlanItem | None = None
        if not umn and clinical in (_LUMBOSACRAL, _CERVICAL):
            confined = _confined_flag(evidence, clinical, emg_only=False)
        elif not umn and involved in (_LUMBOSACRAL, _CERVICAL):
            confined = _confined_flag(evidence, involved, emg_only=True)
        elif (
            not umn
            and (involved & ~_BULBAR) in (_LUMBOSACRAL, _CERVICAL)
            and evidence.bulbar_summary_may_rest_on_accessory
        ):
            # a bulbar summary that may rest on an accessory-nerve muscle leaves the picture
            # without the bulbar region open: its limb flag is kept too (never hidden)
            confined = _confined_flag(evidence, involved & ~_BULBAR, emg_only=True)
        if involved == _BULBAR:
            # Kennedy disease (SBMA) is the classic mimic of bulbar LMN signs, but it has
            # no UMN sign: named only where none is recorded (S38, S58)
            return [_item("consider_bulbar_mimics", picture="lmn", kennedy=not umn)]
        found = [confined] if confined is not None else []
        if not umn and lmn.bit_count() >= 2:
            found.append(
                _item(
                    "consider_pure_lmn_mimics",
                    clinical=[r.value for r in regions_in(counted & clinical)],
                    emg_only=[r.value for r in regions_in(counted & ~clinical)],
                    accessory=list(dict.fromkeys(m.key for m in aside)),
                )
            )
        return found
    if lmn:
        return []  # the trapezius or sternocleidomastoid alone: no pattern to flag
    if umn and not _needle_abnormality(evidence):
        # Pseudobulbar signs alone are isolated bulbar involvement: a brain lesion or, where
        # speech or swallowing is weak, myasthenia; not the spinal work-up (spine MRI,
        # HTLV-1, hereditary spastic paraplegia) nor the PLS of the limbs (S58, S72).
        if umn == _BULBAR:
            return [_item("consider_bulbar_mimics", picture="umn_only", kennedy=False)]
        spinal = [r.value for r in regions_in(umn)]
        return [_item("consider_umn_only_mimics", regions=spinal)]
    return []


def _confined_flag(evidence: CaseEvidence, where: int, emg_only: bool) -> PlanItem:
    """The flag for LMN involvement confined to the arms or the legs, named for what it is
    (signs, or EMG evidence alone) and for the limbs the record shows: one arm is not the
    bilateral flail-arm picture (S71, S88), as the phenotype says too (A.6)."""
    region = Region.CERVICAL if where == _CERVICAL else Region.LUMBOSACRAL
    one_limb = one_limb_only(evidence[region])
    code = (
        "consider_flail_arm_mimics" if region is Region.CERVICAL else "consider_lumbosacral_imaging"
    )
    return _item(code, region=region.value, one_limb=one_limb, emg_only=emg_only)


def _needle_abnormality(evidence: CaseEvidence) -> bool:
    """Any abnormal muscle, or an EMG summary that reports an abnormality: an LMN finding
    may be there, so the picture is not UMN-only."""
    return any(not m.study.is_normal for facts in evidence.regions for m in facts.studied) or any(
        summary.abnormal for facts in evidence.regions for _, summary in facts.summaries
    )


def _findings_mask(evidence: CaseEvidence, above_neck: bool = False) -> int:
    """Regions with any recorded sign or abnormal muscle.

    Clinical fasciculations, and fasciculation potentials without chronic change, are not
    LMN evidence (A.2): they do not make LMN signs in the legs less confined to the legs.
    Above the neck they still count: a myelopathy cannot make the tongue twitch.

    `above_neck`: sternocleidomastoid and trapezius (C2-C4 as well as the accessory nerve)
    do not count as findings above the neck, whichever region a reading counts them in: a
    high cervical myelopathy can denervate them too. Nor does an EMG summary, which may rest
    on those two muscles alone.
    """
    mask = 0
    for facts in evidence.regions:
        abnormal = any(
            _abnormal(m.study, twitching_counts=above_neck)
            and not (above_neck and m.key in ACCESSORY_MUSCLES)
            for m in facts.studied
        )
        if not above_neck:
            abnormal = abnormal or any(_summary_beyond_twitching(s) for _, s in facts.summaries)
        signs = facts.lmn_signs if above_neck else _beyond_twitching(facts.lmn_signs)
        if facts.umn_signs or signs or facts.reported_flags or abnormal:
            mask |= 1 << facts.region.order
    return mask


def _summary_beyond_twitching(summary: EMGSummary) -> bool:
    """A summary reports an abnormality other than fasciculation potentials."""
    return any(getattr(summary, name) is True for name in _BEYOND_TWITCHING)


_BEYOND_TWITCHING = (
    "chronic_neurogenic_change",
    "fibrillation_potentials",
    "positive_sharp_waves",
    "active_denervation",
    "lmn_evidence",
)


def _beyond_twitching(signs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s for s in signs if s != "fasciculations")


def _abnormal(study: MuscleStudy, twitching_counts: bool) -> bool:
    if twitching_counts:
        return not study.is_normal
    return (
        study.fibrillation_potentials
        or study.positive_sharp_waves
        or study.chronic_neurogenic_change
    )


__all__ = ["mimic_conflicts_with_exclusion", "red_flags", "treatable_mimic_findings"]
