"""Red flags: findings that point to a mimic or call for a test before ALS is accepted.

They never change a category (criteria.md B.4.1: flag, do not auto-exclude). They belong to
every Assessment, plan or not, because a result that is right but hides "consider
multifocal motor neuropathy" is not safe to act on. Their wording follows the findings that
are actually recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.assess.models.advice import PlanItem
from alscriteria.assess.models.advice import item_for as _item
from alscriteria.assess.models.base import WordValue
from alscriteria.assess.pattern import pattern_of
from alscriteria.case.model import Case
from alscriteria.case.studies import ConductionBlock
from alscriteria.regions.masks import CaseEvidence, FindingsPattern

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

#: The cord lesion's flag: UMN and LMN signs in the limbs, nothing above the neck on
#: examination (a history reads it too: history/bulbar.py says beside it what a visit's
#: record of bulbar function shows).
CERVICAL_MYELOPATHY = "consider_cervical_myelopathy"

#: The reflex findings that do not exclude multifocal motor neuropathy: "slightly increased
#: tendon reflexes, in particular in the affected arm, have been reported and do not exclude
#: the diagnosis" (EFNS/PNS 2010, S37, footnote to its clinical criteria as reproduced in
#: S139), and its supportive criteria expect reflexes reduced in the weak territory, so a
#: reflex kept in a wasted muscle, or spreading, is the same kind of finding. Pathological
#: reflexes (Hoffmann, Babinski, crossed adductor, a brisk jaw jerk, snout), clonus,
#: spasticity and the other UMN signs do exclude it by its criteria (B.4.1).
MMN_ALLOWED_REFLEXES = frozenset(
    {"hyperreflexia", "retained_reflexes_in_wasted_muscle", "reflex_spread"}
)


def umn_against_mmn(case: Case) -> bool:
    """Whether the UMN findings recorded exclude multifocal motor neuropathy by its criteria:
    a UMN sign other than brisk or retained reflexes (`MMN_ALLOWED_REFLEXES`), or a registry's
    UMN flag, which does not say which sign it records (kept as before: the flag's sentence
    still asks for the block to be reviewed)."""
    for findings in case.regions.values():
        if any(sign not in MMN_ALLOWED_REFLEXES for sign in findings.all_umn_signs):
            return True
        if any(umn is True for _, umn, _ in findings.flags):
            return True
    return False


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


def red_flags(
    case: Case,
    evidence: CaseEvidence | FindingsPattern,
    pattern_flags: Callable[[FindingsPattern], list[PlanItem]] | None = None,
) -> list[PlanItem]:
    """Every red flag the case raises, most specific first.

    `evidence`: the case's evidence, or the pattern of its findings read from it
    (assess/pattern.py), which is all the flags read of it. `pattern_flags` gives the flags
    of the pattern alone (the structural and pattern flags: `flags_of_pattern`, by
    default); a context passes one that words them once for every case with the pattern.

    With another cause recorded (`alternative_diagnosis`), see `_beside_another_cause`.
    """
    if case.alternative_diagnosis is not None:
        return _beside_another_cause(case)
    pattern = evidence if isinstance(evidence, FindingsPattern) else pattern_of(evidence)
    if pattern_flags is None:
        found = flags_of_pattern(pattern, bulbar_examined=bulbar_examined(case))
    else:
        found = pattern_flags(pattern)
    if not any_conduction_finding(case):
        return list(found)  # nothing for conduction_flags to raise: the pattern's flags
    return [*conduction_flags(case, pattern), *found]


def bulbar_examined(case: Case) -> bool:
    """Whether the case records a clinical examination of the bulbar region: a region left
    out of the case was not examined (docs/case.md), and then "nothing above the neck on
    examination" would misstate the record (the cord flag says so, `_structural_flag`). Read
    from the region's presence alone, as the phenotype reads it (`unexamined_regions`): a
    record of unknown flags equals an empty one once dumped and read back, so telling them
    apart would make a copy of a case read differently from the case."""
    return Region.BULBAR in case.regions


def any_conduction_finding(case: Case) -> bool:
    """Whether the nerve conduction record holds anything a conduction flag reads (most
    cases hold none, and then `conduction_flags` raises none: a test holds it)."""
    ncs = case.nerve_conduction
    return bool(ncs.conduction_block or ncs.demyelinating_slowing or ncs.abnormal_sensory != "none")


def conduction_flags(case: Case, pattern: FindingsPattern) -> list[PlanItem]:
    """The flags the nerve conduction findings raise, most specific first (B.4.1): a
    treatable-mimic finding beside a completed exclusion, a block outside entrapment sites
    (multifocal motor neuropathy), demyelinating slowing, marked sensory abnormality with
    LMN signs alone beyond one limb (Kennedy disease), any sensory abnormality."""
    ncs = case.nerve_conduction
    umn = pattern.umn
    lmn = _lmn(pattern)
    out: list[PlanItem] = []
    if mimic_conflicts_with_exclusion(case):
        findings = treatable_mimic_findings(case)
        out.append(_item("mimic_conflicts_with_exclusion", findings=findings))
    outside = blocks_outside_entrapment(case)
    if outside:
        code = "consider_mmn"
        if umn:
            code = "consider_mmn_despite_umn" if umn_against_mmn(case) else "consider_mmn_reflexes"
        nerves = [b.nerve for b in outside]
        out.append(_item(code, nerves=nerves, segments=[b.segment for b in outside]))
    if ncs.demyelinating_slowing:
        out.append(_item("consider_demyelinating_neuropathy"))
    if ncs.abnormal_sensory == "marked" and not umn and lmn and not _one_limb(pattern, lmn):
        out.append(_item("consider_kennedy_disease"))
    if ncs.abnormal_sensory != "none":
        out.append(_item(f"sensory_abnormality_{ncs.abnormal_sensory}"))
    return out


def _one_limb(pattern: FindingsPattern, lmn: int) -> bool:
    """LMN involvement in one limb alone (assess/pattern.py `one_limb_only`). Kennedy
    disease is bulbar and limb, symmetric and proximal [S38]: beside marked sensory
    abnormality, one limb points to a plexopathy, radiculopathy or neuropathy, which the
    sensory flag and the confined-limb flag already send the clinician to."""
    return lmn.bit_count() == 1 and bool(lmn & pattern.one_limb)


def _lmn(pattern: FindingsPattern) -> int:
    """LMN regions as the red flags read them: EMG a summary leaves open counts here, since
    a red flag is raised on what may be there."""
    return pattern.clinical | pattern.emg[0] | pattern.emg[1] | pattern.open_emg


def _pattern_lmn(pattern: FindingsPattern) -> int:
    """LMN regions as the pattern flags read them (`_lmn`), and, where that finds none and
    no UMN sign is recorded, the one limb region the phenotype reads LMN involvement in by
    a muscle with denervation and reinnervation below the criteria's count (the tibialis
    anterior or first dorsal interosseous on both sides, no weakness): the phenotype calls
    it confined to the legs (arms), and the confined flag reads alike (A.6, B.4.1), since
    one root's muscles denervated on both sides is the picture of lumbar canal stenosis, a
    radiculopathy on both sides or a C8 or ulnar cause (S58; session 13 clinical review)."""
    lmn = _lmn(pattern)
    if not lmn and not pattern.umn and pattern.lmn_involved in (_CERVICAL, _LUMBOSACRAL):
        return pattern.lmn_involved
    return lmn


#: Words a red flag from its code and values (a context passes one that keeps the words).
ItemSayer = Callable[..., PlanItem]


def flags_of_pattern(
    pattern: FindingsPattern, item: ItemSayer = _item, bulbar_examined: bool = True
) -> list[PlanItem]:
    """The flags the pattern of the findings raises by itself, in order: a cord lesion's,
    then the pattern's own (a function of the pattern alone: no conduction finding, no
    recorded cause), and of whether the bulbar region was examined, which the cord flag
    says. `item` words each flag (`item_for`, by default)."""
    umn = pattern.umn
    lmn = _pattern_lmn(pattern)
    return [
        *_structural_flag(pattern, umn, lmn, item, bulbar_examined),
        *_pattern_flag(pattern, umn, lmn, item),
    ]


def flags_key(pattern: FindingsPattern) -> FindingsPattern:
    """The pattern as `flags_of_pattern` reads it, every field it does not read emptied: the
    LMN regions as one mask (the EMG and open EMG it is made of are read only through it),
    only the bulbar bit of the findings above the neck. Cases alike in what the flags read
    share one key, so a cohort words each set of flags once; a test holds the flags of the
    key equal to the flags of the pattern for every case."""
    return FindingsPattern(
        pattern.umn,
        pattern.clinical,
        (_pattern_lmn(pattern), 0),
        0,
        0,
        pattern.findings,
        pattern.findings_above_neck & _BULBAR,
        0,
        False,
        pattern.needle_abnormal,
        pattern.one_limb,
        0,
        pattern.aside,
        pattern.summary_may_rest,
    )


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


#: The cord flag's value where the bulbar region was not examined (`_structural_flag`).
_BULBAR_NOT_EXAMINED: dict[str, WordValue] = {"bulbar": "not_examined"}


def _structural_flag(
    pattern: FindingsPattern, umn: int, lmn: int, item: ItemSayer, bulbar_examined: bool = True
) -> list[PlanItem]:
    """UMN and LMN signs in the limbs with nothing above the neck: a cord lesion (S58). The
    cervical spine always, since cervical cord compression gives UMN signs in the legs as
    well as the arms. With the legs alone involved, the levels below the neck too: the
    thoracic and lumbar spine with the conus (a thoracic cord or conus lesion, or a cord
    lesion with a lumbar radiculopathy, S79, S80). Arm EMG that a summary leaves open counts
    as arm involvement that may be there, as for every red flag, so the legs-only flag is
    added only where nothing in the arms may be there. With the bulbar region not examined
    (left out of the case), nothing is recorded above the neck rather than found there:
    the flag says so and asks for the examination (`values.bulbar: "not_examined"`), since
    a bulbar sign would argue against a lesion of the cervical cord (though not against one at
    the foramen magnum, which gives lower cranial nerve signs too: S151)."""
    limb_umn = umn & _LIMBS
    limb_lmn = (lmn | pattern.emg[0] | pattern.emg[1]) & _LIMBS
    if not limb_umn or not limb_lmn or pattern.findings_above_neck & _BULBAR:
        return []
    found = [item(CERVICAL_MYELOPATHY, **({} if bulbar_examined else _BULBAR_NOT_EXAMINED))]
    if not (pattern.findings | limb_umn | limb_lmn) & _CERVICAL:
        found.append(item("consider_thoracic_cord_or_conus_lesion"))
    return found


def _pattern_flag(pattern: FindingsPattern, umn: int, lmn: int, item: ItemSayer) -> list[PlanItem]:
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
    aside = pattern.aside
    counted = lmn & ~_BULBAR if aside else lmn
    if counted:
        involved = pattern.findings | counted | umn
        if aside:
            involved &= ~_BULBAR
        clinical = pattern.clinical
        # Weakness or wasting confined to the arms (or the legs) with no UMN sign is the
        # flail-limb (or radicular) picture whatever the needle found elsewhere: the
        # definitions are clinical (S71), and a flag withheld hides a treatable mimic (S58).
        confined: PlanItem | None = None
        if not umn and clinical in (_LUMBOSACRAL, _CERVICAL):
            confined = _confined_flag(pattern, clinical, False, item)
        elif not umn and involved in (_LUMBOSACRAL, _CERVICAL):
            confined = _confined_flag(pattern, involved, True, item)
        elif (
            not umn
            and (involved & ~_BULBAR) in (_LUMBOSACRAL, _CERVICAL)
            and pattern.summary_may_rest
        ):
            # a bulbar summary that may rest on an accessory-nerve muscle leaves the picture
            # without the bulbar region open: its limb flag is kept too (never hidden)
            confined = _confined_flag(pattern, involved & ~_BULBAR, True, item)
        if involved == _BULBAR:
            # Kennedy disease (SBMA) is the classic mimic of bulbar LMN signs, but it has
            # no UMN sign: named only where none is recorded (S38, S58)
            return [item("consider_bulbar_mimics", picture="lmn", kennedy=not umn)]
        found = [confined] if confined is not None else []
        if not umn and lmn.bit_count() >= 2:
            found.append(
                item(
                    "consider_pure_lmn_mimics",
                    clinical=[r.value for r in regions_in(counted & clinical)],
                    emg_only=[r.value for r in regions_in(counted & ~clinical)],
                    accessory=list(aside),
                )
            )
        return found
    if lmn:
        return []  # the trapezius or sternocleidomastoid alone: no pattern to flag
    if umn and not pattern.needle_abnormal:
        # Pseudobulbar signs alone are isolated bulbar involvement: a brain lesion or, where
        # speech or swallowing is weak, myasthenia; not the spinal work-up (spine MRI,
        # HTLV-1, hereditary spastic paraplegia) nor the PLS of the limbs (S58, S72).
        if umn == _BULBAR:
            return [item("consider_bulbar_mimics", picture="umn_only", kennedy=False)]
        spinal = [r.value for r in regions_in(umn)]
        return [item("consider_umn_only_mimics", regions=spinal)]
    return []


def _confined_flag(
    pattern: FindingsPattern, where: int, emg_only: bool, item: ItemSayer
) -> PlanItem:
    """The flag for LMN involvement confined to the arms or the legs, named for what it is
    (signs, or EMG evidence alone) and for the limbs the record shows: one arm is not the
    bilateral flail-arm picture (S71, S88), as the phenotype says too (A.6)."""
    region = Region.CERVICAL if where == _CERVICAL else Region.LUMBOSACRAL
    one_limb = bool(pattern.one_limb & (1 << region.order))
    code = (
        "consider_flail_arm_mimics" if region is Region.CERVICAL else "consider_lumbosacral_imaging"
    )
    return item(code, region=region.value, one_limb=one_limb, emg_only=emg_only)


__all__ = [
    "CERVICAL_MYELOPATHY",
    "any_conduction_finding",
    "bulbar_examined",
    "conduction_flags",
    "flags_key",
    "flags_of_pattern",
    "mimic_conflicts_with_exclusion",
    "red_flags",
    "treatable_mimic_findings",
]
