"""The motor phenotype the findings show (criteria.md A.6): classic, PLS, PMA, flail arm,
flail leg or progressive bulbar palsy.

Descriptive only: it reads the region evidence once per case, the same for every criteria
set, and never feeds a rule, so no category can depend on it. Registries record it, and
prognosis and the mimic work-up (B.4.1) differ by it. Where a published definition asks
for data a case does not carry (age, sensory symptoms, onset, the proximal or distal
pattern), the result says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.assess.models.advice import Phenotype, PhenotypeCode, PhenotypeNeed
from alscriteria.assess.pattern import lmn_involved, one_limb_only, pattern_of
from alscriteria.case.dates import at_least_months_apart
from alscriteria.case.model import Case
from alscriteria.regions.masks import REGION_BIT, CaseEvidence, FindingsPattern

_BULBAR = 1 << Region.BULBAR.order
_CERVICAL = 1 << Region.CERVICAL.order
_LUMBOSACRAL = 1 << Region.LUMBOSACRAL.order
#: The three regions the PLS criteria count (S70): bulbar, upper limb, lower limb.
_PLS_REGIONS = _BULBAR | _CERVICAL | _LUMBOSACRAL

#: Completed years from onset that make PLS probable, then definite (S70).
PLS_PROBABLE_YEARS = 2
PLS_DEFINITE_YEARS = 4


def completed_years(onset: date, on: date) -> int:
    """Whole years from onset to a visit date (a birthday-style count)."""
    return on.year - onset.year - ((on.month, on.day) < (onset.month, onset.day))


def years_after(onset: date, years: int) -> date:
    """The first day `completed_years` reaches `years`: the anniversary of the onset (1 March
    for an onset on 29 February when that year has none)."""
    try:
        return onset.replace(year=onset.year + years)
    except ValueError:  # 29 February in a common year
        return date(onset.year + years, 3, 1)


def motor_phenotype(
    evidence: CaseEvidence | FindingsPattern,
    onset: date | None = None,
    on: date | None = None,
    *,
    alternative: bool = False,
    needle_on: date | None = None,
    early_function: Collection[str] = (),
    excluded: bool = True,
    unexamined: int = 0,
    mimic: bool = False,
    said: Callable[..., Phenotype] = Phenotype.said,
) -> Phenotype:
    """The phenotype the evidence shows (or the pattern of the findings read from it,
    assess/pattern.py: all the phenotype reads of it). A history's `onset` and the visit date (`on`)
    date a UMN-only picture against the PLS criteria, and a flail limb against the first
    12 months from onset (S71); without them the result says the duration is unknown.

    `needle_on`: the date of the latest needle study the evidence holds (a history knows
    the visit each study was done at). The PLS criteria grade by when the absence of active
    LMN degeneration was shown (S70: probable 2 to 4 years from onset, definite from 4), so
    a UMN-only picture is graded by the years from onset at that study, not at the visit: a
    normal EMG at 3 years does not show absence at 4. Without it the study is taken to be
    the visit's own.

    `early_function`: the King's regions (bulbar, upper_limb, lower_limb) a history records
    functionally involved, or shows involved by an ALSFRS-R form as the King's estimate
    reads it, by a visit within 12 months of onset (docs/staging.md). Functional
    involvement of another region within 12 months excludes flail arm and flail leg (S71):
    the signs then give classic or PMA, as for any other LMN picture.

    `excluded`: the case records other causes excluded. The PLS criteria ask for it (S70),
    as they ask for age and sensory symptoms, so a PLS grade without it names it in `needs`.

    `unexamined`: the regions (bits) with no clinical examination recorded. A confined
    phenotype (flail arm or leg, one limb, progressive bulbar palsy) says the other regions
    are spared; where one of them was not examined, `needs` says so.

    `mimic`: the nerve conduction findings point to a treatable mimic (B.4.1: a block
    outside entrapment sites, demyelinating slowing, marked sensory abnormality). A form
    named beside them (PMA beside a multifocal motor neuropathy picture) rests on the
    work-up the red flags ask for, so `needs` says so.

    `alternative`: another cause is recorded (the case's `alternative_diagnosis`). The code
    still describes the pattern of the findings, but the words name no ALS form and give no
    ALS prognosis, and no ALS form's definition is checked: the clinician has diagnosed
    something else, and a survival figure for flail arm beside it would mislead.

    `said` words the phenotype from its fields (a context passes one that keeps the words
    for every case with the same fields).
    """
    pattern = evidence if isinstance(evidence, FindingsPattern) else pattern_of(evidence)
    years_from_onset = completed_years(onset, on) if onset and on else None
    umn = pattern.umn
    lmn = pattern.lmn_involved
    open_emg = pattern.any_open & ~lmn
    region_lmn = pattern.clinical | pattern.emg[1]
    needled = pattern.needled
    # The pattern (flail arm or leg, bulbar, PMA) is read from LMN regions as the clinic and
    # the criteria count them: one abnormal muscle elsewhere does not make an arm-only
    # picture a generalised one (S71 defines the flail limb clinically), though it does
    # rule out PLS.
    aside = pattern.aside
    # A bulbar region resting on the trapezius or sternocleidomastoid alone is not bulbar
    # involvement (B.0, S75), as the red flags read it too; kept only where, beside UMN
    # signs, it is the one LMN finding: it still rules out PLS.
    if aside and (lmn & ~_BULBAR or not umn):
        region_lmn &= ~_BULBAR
        lmn &= ~_BULBAR
    else:
        aside = ()
    pattern_lmn = region_lmn or lmn
    needle_years = completed_years(onset, needle_on) if onset and needle_on else None
    code = _code(pattern, umn, pattern_lmn, years_from_onset, needled, needle_years)
    if code in FLAIL_OWN_REGION and any(r != FLAIL_OWN_REGION[code] for r in early_function):
        code = "classic" if umn else "progressive_muscular_atrophy"
    if code in _ONE_LIMB and pattern.one_limb & (1 << FLAIL_REGION[code].order):
        code = _ONE_LIMB[code]
    elif code in _EMG_ONLY and not pattern.clinical & (1 << FLAIL_REGION[code].order):
        # the flail limb is weakness and wasting (S71): EMG evidence alone is not one
        code = _EMG_ONLY[code]
    needle = _needle_dating(code, onset, needle_on, years_from_onset, needle_years)
    needs = [] if alternative else _needs(code, years_from_onset is not None)
    if needs and code == "umn_predominant_too_early" and not needled:
        needs.append("no_needle_study")
    if needs and code in FLAIL_REGION and onset and on and within_first_12_months(onset, on):
        needs[-1] = "under_12_months"
    if needs and code in _BOTH_LIMBS and not pattern.both_limbs & _CONFINED[code]:
        needs.insert(0, _BOTH_LIMBS[code])
    if open_emg and code != "classic" and not alternative:
        needs.append("emg_open")
    if not alternative and code in _CONFINED and unexamined & _PLS_REGIONS & ~_CONFINED[code]:
        needs.append("other_regions_not_examined")
    if not excluded and not alternative and code in _PLS_GRADES:
        needs.append("other_causes_excluded")
    if mimic and not alternative and code in _FORMS:
        needs.append("mimic_findings_explained")
    umn_regions, lmn_regions = regions_in(umn), regions_in(lmn)
    emg_only = regions_in(lmn & ~pattern.clinical)
    limb = None if alternative else _other_limb(pattern, code, needs)
    return said(
        code=code,
        umn_regions=umn_regions,
        lmn_regions=lmn_regions,
        needs=needs,
        lmn_emg_only=emg_only,
        bulbar_rests_on=list(aside),
        pattern_only=alternative,
        needle_study_date=needle[1] if needle else None,
        needle_study_due=needle[2] if needle else None,
        years_from_onset=years_from_onset,
        needle_study_years=needle[0] if needle else None,
        other_limb=limb[0] if limb else None,
        other_limb_muscles=list(limb[1]) if limb else [],
        other_limb_emg_only=limb[2] if limb else False,
    )


def _other_limb(
    pattern: FindingsPattern, code: PhenotypeCode, needs: Collection[PhenotypeNeed]
) -> tuple[str, tuple[str, ...], bool] | None:
    """What the record shows of the limb the phenotype's flail reading lacks (A.6), and
    whether it is LMN involvement on EMG alone: for one limb, the other limb's denervated
    muscles where it examines normal; for a flail limb whose both limbs are to be
    confirmed, the other limb's EMG evidence where it is not given per side beside one
    limb given weak or wasted, or its sampled muscles, all normal (assess/pattern.py
    other_limb). None where the record shows neither."""
    region = _LIMB_REGION.get(code)
    if region is None or (code in _BOTH_LIMBS and _BOTH_LIMBS[code] not in needs):
        return None
    bit = 1 << region.order
    emg = bool(pattern.other_limb_emg & bit)
    return next(((side, keys, emg) for at, side, keys in pattern.other_limb if at == bit), None)


def unexamined_regions(case: Case) -> int:
    """The bulbar, arm and leg regions (bits) with no clinical examination recorded: a
    region left out of the case was not examined (docs/case.md)."""
    examined = 0
    for region in case.regions:
        examined |= REGION_BIT[region]
    return _PLS_REGIONS & ~examined


def phenotype_key(pattern: FindingsPattern) -> FindingsPattern:
    """The pattern as `motor_phenotype` reads it, every field it does not read emptied (the
    findings the red flags read, the El Escorial EMG), the open EMG kept only where it
    counts (a region without LMN involvement), the UMN findings that are not reflexes only
    in UMN regions. Cases alike in what the phenotype reads share one key, so a cohort
    builds each phenotype once; a test holds the phenotype of the key equal to the
    phenotype of the pattern for every case."""
    return FindingsPattern(
        pattern.umn,
        pattern.clinical,
        (0, pattern.emg[1]),
        0,
        pattern.any_open & ~pattern.lmn_involved,
        0,
        0,
        pattern.lmn_involved,
        pattern.needled,
        False,
        pattern.one_limb,
        pattern.not_reflexes & pattern.umn,
        pattern.aside,
        False,
        pattern.both_limbs,
        pattern.other_limb,
        pattern.other_limb_emg,
    )


def _needle_dating(
    code: PhenotypeCode,
    onset: date | None,
    needle_on: date | None,
    years: int | None,
    needle_years: int | None,
) -> tuple[int, date, date] | None:
    """When the needle study, not the duration, holds a UMN-only picture below the grade its
    years from onset reach: that study's years and date, and the date from which a new study
    could reach the grade (2 years from onset for probable PLS, 4 for definite; S70)."""
    if onset is None or needle_on is None or years is None or needle_years is None:
        return None
    if code == "umn_predominant_emg_too_early":
        # 4 years or more from onset, a study now can show the absence definite PLS asks for
        grade = PLS_DEFINITE_YEARS if years >= PLS_DEFINITE_YEARS else PLS_PROBABLE_YEARS
        return needle_years, needle_on, years_after(onset, grade)
    if code == "pls_probable" and years >= PLS_DEFINITE_YEARS:
        return needle_years, needle_on, years_after(onset, PLS_DEFINITE_YEARS)
    return None


def _code(
    pattern: FindingsPattern,
    umn: int,
    lmn: int,
    years: int | None,
    needled: bool,
    needle_years: int | None = None,
) -> PhenotypeCode:
    if not umn and not lmn:
        return "no_motor_signs"
    if lmn:
        if (umn | lmn) == _BULBAR:
            return "progressive_bulbar_palsy"
        # every UMN finding a named pathological reflex in a limb (S71 allows these)
        if lmn in (_CERVICAL, _LUMBOSACRAL) and not umn & pattern.not_reflexes:
            return "flail_arm" if lmn == _CERVICAL else "flail_leg"
        return "classic" if umn else "progressive_muscular_atrophy"
    if (umn & _PLS_REGIONS).bit_count() < 2:
        return "umn_one_region"
    if years is not None and years < PLS_PROBABLE_YEARS:
        return "umn_predominant_too_early"
    # The PLS criteria require no active LMN degeneration on EMG (S70): never needled, the
    # picture is UMN-predominant however long it has lasted, and PLS cannot yet be called.
    if not needled:
        return "umn_predominant_no_emg"
    if years is None:
        return "pls_duration_unknown"
    # graded by the years at the study that showed no active LMN degeneration (S70)
    shown = years if needle_years is None else min(years, needle_years)
    if shown < PLS_PROBABLE_YEARS:
        return "umn_predominant_emg_too_early"
    if shown >= PLS_DEFINITE_YEARS:
        return "pls_definite"
    return "pls_probable"


#: A flail limb's code, and the code for LMN involvement found in one limb of it only.
_ONE_LIMB: dict[PhenotypeCode, PhenotypeCode] = {
    "flail_arm": "lmn_one_arm",
    "flail_leg": "lmn_one_leg",
}
#: A flail limb's own region of the examination (its LMN involvement confined there, A.6).
FLAIL_REGION: dict[PhenotypeCode, Region] = {
    "flail_arm": Region.CERVICAL,
    "flail_leg": Region.LUMBOSACRAL,
}
#: A flail limb's code, and the code for LMN involvement in its region on EMG alone (no
#: weakness or wasting there): the flail limb is defined clinically (S71).
_EMG_ONLY: dict[PhenotypeCode, PhenotypeCode] = {
    "flail_arm": "lmn_arms_emg_only",
    "flail_leg": "lmn_legs_emg_only",
}
#: The codes that read the limb a flail reading lacks (`_other_limb`), and their region.
_LIMB_REGION: dict[PhenotypeCode, Region] = {
    **FLAIL_REGION,
    **{_ONE_LIMB[code]: region for code, region in FLAIL_REGION.items()},
}
#: A flail limb's need where the record does not show LMN involvement in both limbs: flail
#: arm and flail leg are bilateral (S71, S88), and signs given for the region as a whole
#: may lie in one limb (A.6).
_BOTH_LIMBS: dict[PhenotypeCode, PhenotypeNeed] = {
    "flail_arm": "both_arms_involved",
    "flail_leg": "both_legs_involved",
}
#: The phenotypes that say LMN involvement is confined, and the regions (bits) it is
#: confined to: the bulbar, arm and leg regions beyond them must be spared.
_CONFINED: dict[PhenotypeCode, int] = {
    "flail_arm": _CERVICAL,
    "flail_leg": _LUMBOSACRAL,
    "lmn_one_arm": _CERVICAL,
    "lmn_one_leg": _LUMBOSACRAL,
    "lmn_arms_emg_only": _CERVICAL,
    "lmn_legs_emg_only": _LUMBOSACRAL,
    "progressive_bulbar_palsy": _BULBAR,
}
#: The phenotypes that name PLS (S70 asks for other causes excluded).
_PLS_GRADES: frozenset[PhenotypeCode] = frozenset(
    {"pls_definite", "pls_probable", "pls_duration_unknown"}
)
#: The phenotypes that name a form of motor neuron disease.
_FORMS: frozenset[PhenotypeCode] = frozenset(
    {
        "classic",
        "flail_arm",
        "flail_leg",
        "progressive_bulbar_palsy",
        "progressive_muscular_atrophy",
        *_PLS_GRADES,
    }
)
#: The first 12 months from onset, in calendar months: the other regions are spared
#: functionally for them in a flail limb (S71).
FLAIL_SPARED_MONTHS = 12


def within_first_12_months(onset: date, on: date) -> bool:
    """Whether `on` lies within the first 12 months from onset, the months a flail limb's
    definition spares the other regions for (S71). Counted in calendar months, as A.5 counts
    months between visits (case/dates.py): 12 months are reached on the onset's day 12
    months later (the month's last day where that month lacks it), so that day is no longer
    within them. The one reading of "within 12 months of onset" for the provisional flail
    limb (here), the history's exclusion by early function or signs (history/flail.py) and
    the flail limb established by its first 12 months (history/phenotype_course.py)."""
    return not at_least_months_apart(onset, on, FLAIL_SPARED_MONTHS)


#: A flail limb's own King's region: function lost anywhere else in the first 12 months
#: excludes it (S71).
FLAIL_OWN_REGION: dict[PhenotypeCode, str] = {"flail_arm": "upper_limb", "flail_leg": "lower_limb"}


def _needs(code: PhenotypeCode, dated: bool) -> list[PhenotypeNeed]:
    """What the definition of this phenotype asks that no case field records. The needle
    study a UMN-predominant picture lacks is its code, and its sentence says so."""
    if code in (
        "pls_definite",
        "pls_probable",
        "umn_predominant_too_early",
        "umn_predominant_emg_too_early",
    ):
        return ["age", "sensory_symptoms"]
    if code == "pls_duration_unknown" or (code == "umn_predominant_no_emg" and not dated):
        return ["onset", "age", "sensory_symptoms"]
    if code == "umn_predominant_no_emg":
        return ["age", "sensory_symptoms"]
    if code == "flail_arm":
        return ["proximal_predominance", "function_first_12_months"]
    if code == "flail_leg":
        return ["distal_predominance", "function_first_12_months"]
    return []


__all__ = [
    "FLAIL_OWN_REGION",
    "FLAIL_REGION",
    "FLAIL_SPARED_MONTHS",
    "completed_years",
    "lmn_involved",
    "motor_phenotype",
    "one_limb_only",
    "phenotype_key",
    "unexamined_regions",
    "within_first_12_months",
    "years_after",
]
