"""The pattern of a case's findings: what the red flags (B.4.1) and the motor phenotype (A.6)
read of its evidence, as masks (regions/masks.py: FindingsPattern).

Both read every region's record (signs, each muscle studied, summaries, sides), yet what they
make of it is a handful of region masks and flags. Read once, the pattern is shared by the
two and by the criteria sets, and both are worded once for every case with the same pattern
(a closed domain: assess/context.py keeps them in the engine memo). A cohort row reads the
red flags and the phenotype of every patient but no other explanation, so an ordinary case's
pattern is read from the case itself (`quick_pattern`), like the verdicts' masks
(regions/quick.py), without the full evidence pass; tests hold it equal to `pattern_of`
the gathered evidence for every case and reading (tests/test_findings_pattern.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, catalogue
from alscriteria.anatomy.regions import Region
from alscriteria.case.findings import EMGSummary
from alscriteria.case.model import Case
from alscriteria.case.studies import MuscleStudy
from alscriteria.regions.masks import (
    LIMB_BITS,
    REGION_BIT,
    CaseEvidence,
    EvidenceMasks,
    FindingsPattern,
    MuscleDefinition,
    RegionFacts,
    SideSigns,
)

_BULBAR = 1 << Region.BULBAR.order
_ONE_LIMB_REGIONS = (Region.CERVICAL, Region.LUMBOSACRAL)
_ONE_LIMB_ORDER = tuple(1 << region.order for region in _ONE_LIMB_REGIONS)
_ONE_LIMB_BITS = frozenset(_ONE_LIMB_ORDER)

#: UMN signs that are pathological reflexes: the flail arm and flail leg definitions (S71)
#: allow these, but not increased tone or clonus.
REFLEX_SIGNS = frozenset(
    {
        "hyperreflexia",
        "retained_reflexes_in_wasted_muscle",
        "reflex_spread",
        "hoffmann",
        "babinski",
        "crossed_adductor",
    }
)


def lmn_involved(facts: RegionFacts) -> bool:
    """LMN involvement for the phenotype: weakness or wasting (A.2, El Escorial and Awaji;
    a registry's LMN flag), or denervation with reinnervation in any muscle of the region
    by the broadest muscle definition (Awaji), or an EMG summary that shows it. One such
    muscle is active LMN degeneration, which rules out PLS (S70), even where a limb region
    needs two for a criteria set's count. A summary shows it as a muscle does where it
    reports denervation with reinnervation (`_shows_lmn`), whether or not it makes the
    region EMG-positive: a registry's summary of one denervated muscle reads as that muscle
    does, for the phenotype and for the confined red flag that reads it (B.4.1)."""
    emg = facts.emg[MuscleDefinition.AWAJI]
    return (
        facts.weakness_or_wasting
        or bool(emg.qualifying)
        or emg.positive
        or any(_shows_lmn(summary) for _, summary in facts.summaries)
    )


def one_limb_only(facts: RegionFacts) -> bool:
    """Whether the per-limb record shows LMN involvement in one limb of the region only.
    Flail arm and flail leg are bilateral (brachial amyotrophic diplegia; Wijesekera 2009,
    S71; Hu 1998, S88): one arm is not flail arm. Only a record that places every finding
    on a side can show it: signs given for the region as a whole, an EMG summary or a
    muscle without a side may lie on either, and then the name stands. A region with no
    sign recorded per side can still show it: its LMN involvement may be sided muscles
    alone (A.6: "every abnormal muscle on that side"), or a limb's own EMG summary. And a
    limb examined per side and found without weakness or wasting beside weakness or
    wasting elsewhere in the region (`limb_examined_normal`) is one limb, whatever the
    needle shows in it and whatever is also given for the region as a whole, which then
    lies in the other limb: the flail limb is defined clinically (S71), and subclinical
    denervation of the other limb is expected in ALS. The red flags read the limbs by it
    too (B.4.1)."""
    if limb_examined_normal(facts) is not None:
        return True
    if _whole_region_clinical(facts):
        return False
    involved = _clinical_sides(facts)
    for where, summary in facts.summaries:
        if where not in _OPPOSITE:  # the region's own summary: either limb
            return False
        if _shows_lmn(summary):
            involved.add(where)
    for muscle in facts.emg[MuscleDefinition.AWAJI].qualifying:
        if muscle.side is None:
            return False
        involved.add(muscle.side)
    return len(involved) == 1


def _weak_or_wasted(side: SideSigns) -> bool:
    """One limb's clinical LMN involvement: weakness or wasting, or a registry's LMN flag."""
    return bool({"weakness", "wasting"} & set(side.lmn_signs)) or "lmn" in side.reported_flags


def _clinical_sides(facts: RegionFacts) -> set[str]:
    """The limbs given per side with clinical LMN involvement (`_weak_or_wasted`)."""
    return {s.side for s in facts.sides if _weak_or_wasted(s)}


def _whole_region_clinical(facts: RegionFacts) -> bool:
    """Weakness or wasting given for the region as a whole, not for a limb: it may lie in
    either limb. A registry's LMN flag for the region counts so only where no limb is given
    weak, wasted or flagged: beside such a limb it is that limb's involvement summed up for
    the region, as the registry's flag is its yes or no for the region."""
    whole = facts.whole_region_lmn_signs if facts.sides else facts.lmn_signs
    if {"weakness", "wasting"} & set(whole):
        return True
    return "lmn" in facts.reported_flags and not _clinical_sides(facts)


def limb_examined_normal(facts: RegionFacts) -> str | None:
    """The limb (side) examined per side and found without weakness or wasting, where the
    other limb has them given per side, or, with no limb given weak or wasted, the region
    as a whole has them (they are then the other limb's); None otherwise. Flail arm is
    weakness and wasting of both arms (S71): an arm examined and found clinically normal
    is not its second arm, whatever the needle shows there, and signs given for the region
    as a whole beside it lie in the other arm (A.6)."""
    weak = _clinical_sides(facts)
    normal = [s.side for s in facts.sides if s.side not in weak]
    if len(normal) != 1:
        return None
    return normal[0] if weak or _whole_region_clinical(facts) else None


def emg_alone_limb(facts: RegionFacts) -> str | None:
    """The limb not given per side beside the one limb given weak or wasted, where nothing
    clinical is given for the region as a whole and EMG evidence (its own muscles, or
    muscles or summaries without a side) is all that may place LMN involvement in it; None
    otherwise. The flail name then stands provisionally, but EMG evidence alone does not
    make the second limb of a limb defined as weak and wasted (S71, S88; A.6)."""
    weak = _clinical_sides(facts)
    if len(weak) != 1 or len(facts.sides) != 1 or _whole_region_clinical(facts):
        return None
    return _OPPOSITE[next(iter(weak))]


_OPPOSITE = {"left": "right", "right": "left"}


def sampled_normal_limb(
    muscles: Iterable[tuple[str | None, str, bool]],
) -> tuple[str, tuple[str, ...]] | None:
    """Of a limb region's needle studies (side, catalogue key, normal), the one limb whose
    sampled muscles are all normal, with those muscles (each once, in the order studied),
    where the other limb's are not all normal or were not sampled; None otherwise. A flail
    limb read from signs given for the region as a whole says it, since the record then
    points to one limb (A.6)."""
    keys: dict[str, dict[str, None]] = {}
    abnormal: set[str] = set()
    for side, key, normal in muscles:
        if side is None:
            continue
        keys.setdefault(side, {})[key] = None
        if not normal:
            abnormal.add(side)
    clean = [side for side in keys if side not in abnormal]
    return (clean[0], tuple(keys[clean[0]])) if len(clean) == 1 else None


def other_limb(
    facts: RegionFacts, one_limb: bool, both: bool
) -> tuple[str, tuple[str, ...], bool] | None:
    """What the record shows of the limb a flail reading lacks (A.6), and whether that is
    LMN involvement on EMG alone: the limb examined normal (`limb_examined_normal`) with
    the muscles in it that show denervation and reinnervation (none where only the limb's
    EMG summary shows it; neither: None); or, where the record places LMN involvement
    neither in one limb nor in both, the limb not given per side whose involvement is EMG
    evidence alone (`emg_alone_limb`) with its own such muscles, or else the limb whose
    sampled muscles are all normal (`sampled_normal_limb`). The phenotype's code says
    whether it reads one limb (the first) or a flail limb (the others)."""
    qualifying = facts.emg[MuscleDefinition.AWAJI].qualifying
    normal = limb_examined_normal(facts)
    if normal is not None:
        muscles = tuple(dict.fromkeys(m.key for m in qualifying if m.side == normal))
        summary = any(where == normal and _shows_lmn(s) for where, s in facts.summaries)
        return (normal, muscles, True) if muscles or summary else None
    if one_limb or both:
        return None
    alone = emg_alone_limb(facts)
    muscles = tuple(dict.fromkeys(m.key for m in qualifying if alone and m.side == alone))
    if alone is not None and muscles:
        return alone, muscles, True
    sampled = sampled_normal_limb((m.side, m.key, m.study.is_normal) for m in facts.studied)
    if sampled is not None:
        return (*sampled, False)
    return (alone, (), True) if alone is not None else None


def both_limbs_shown(facts: RegionFacts) -> bool:
    """Whether the per-limb record shows each limb of the region weak or wasted (or with a
    registry's LMN flag) given per side. Flail arm and flail leg are weakness and wasting
    of both limbs (Wijesekera 2009, S71; Hu 1998, S88), and EMG evidence alone does not
    make the second limb (A.6): a flail limb read from signs given for the region as a
    whole, or from one limb given per side beside EMG evidence in the other, names that
    both limbs' involvement is to be confirmed, whatever muscles or summaries show."""
    return {"left", "right"} <= _clinical_sides(facts)


def _shows_lmn(summary: EMGSummary) -> bool:
    """An EMG summary that shows denervation with reinnervation (the Awaji definition, A.2)."""
    active = (
        summary.fibrillation_potentials,
        summary.positive_sharp_waves,
        summary.fasciculation_potentials,
        summary.active_denervation,
    )
    return summary.lmn_evidence is True or (
        summary.chronic_neurogenic_change is True and True in active
    )


def pattern_of(evidence: CaseEvidence) -> FindingsPattern:
    """The pattern of the findings, read from the full evidence (the definition)."""
    umn = lmn = any_open = one_limb = not_reflexes = 0
    needled = False
    for facts in evidence.regions:
        bit = 1 << facts.region.order
        needled = needled or bool(facts.studied) or any(map(_reports, facts.summaries))
        if lmn_involved(facts):
            lmn |= bit
        if any(e.open for e in facts.emg.values()):
            any_open |= bit
        if facts.umn:
            umn |= bit
            if not _reflexes_only(facts):
                not_reflexes |= bit
    both_limbs = other_emg = 0
    other: list[tuple[int, str, tuple[str, ...]]] = []
    for region in _ONE_LIMB_REGIONS:
        facts, bit = evidence[region], 1 << region.order
        one, both = one_limb_only(facts), both_limbs_shown(facts)
        one_limb |= bit if one else 0
        both_limbs |= bit if both else 0
        found = other_limb(facts, one, both)
        if found is not None:
            other.append((bit, found[0], found[1]))
            other_emg |= bit if found[2] else 0
    masks = evidence.masks
    return FindingsPattern(
        umn,
        masks.weakness_or_wasting,
        masks.emg,
        evidence.open_emg[1],
        any_open,
        findings_mask(evidence),
        findings_mask(evidence, above_neck=True),
        lmn,
        needled,
        needle_abnormality(evidence),
        one_limb,
        not_reflexes,
        tuple(dict.fromkeys(m.key for m in evidence.bulbar_lmn_rests_on_accessory)),
        evidence.bulbar_summary_may_rest_on_accessory,
        both_limbs,
        tuple(other),
        other_emg,
    )


def _reflexes_only(facts: RegionFacts) -> bool:
    """Every UMN finding of the region is a named pathological reflex in a limb (S71 allows
    these). A UMN flag without the signs named cannot be checked, so it does not pass."""
    if not facts.region.is_limb or "umn" in facts.reported_flags:
        return False
    return set(facts.umn_signs) <= REFLEX_SIGNS


def _reports(summary: tuple[str, EMGSummary]) -> bool:
    """An EMG summary that answers anything is a needle study; one left unknown throughout
    records none."""
    return any(value is not None for value in summary[1].model_dump().values())


def needle_abnormality(evidence: CaseEvidence) -> bool:
    """Any abnormal muscle, or an EMG summary that reports an abnormality: an LMN finding
    may be there, so the picture is not UMN-only."""
    return any(not m.study.is_normal for facts in evidence.regions for m in facts.studied) or any(
        summary.abnormal for facts in evidence.regions for _, summary in facts.summaries
    )


def findings_mask(evidence: CaseEvidence, above_neck: bool = False) -> int:
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


# --- the same pattern from an ordinary case alone ----------------------------------------


@cache
def _catalogue_bits(accessory_region: str) -> dict[str, int]:
    """Each catalogue muscle's region bit under the accessory reading (A.3.4)."""
    return {key: REGION_BIT[m.counted_in(accessory_region)] for key, m in catalogue().items()}


def quick_pattern(case: Case, accessory: str, masks: EvidenceMasks) -> FindingsPattern | None:
    """The pattern of an ordinary case's findings under an accessory reading, from the case
    and the verdicts' masks under that reading (`masks`: regions/quick.py), or None for a
    case with registry input (sides, flags, summaries: `pattern_of` reads its evidence).

    Without registry input no answer is open, no sign is recorded per side (so only sided
    muscles can show one limb alone: `one_limb_only`), a region's UMN findings are its UMN
    signs, and every muscle studied counts in the region its catalogue entry (or its own
    anatomy) and the accessory reading give it."""
    if case.registry_input:
        return None
    findings = above_neck = not_reflexes = 0
    for region, given in case.regions.items():
        bit = REGION_BIT[region]
        umn_signs = given.umn_signs
        lmn_signs = given.lmn_signs
        if umn_signs:
            findings |= bit
            above_neck |= bit
            if not bit & LIMB_BITS or not REFLEX_SIGNS.issuperset(umn_signs):
                not_reflexes |= bit
        if lmn_signs:
            above_neck |= bit
            if lmn_signs.count("fasciculations") != len(lmn_signs):  # a sign beyond them
                findings |= bit
    qualifying = 0
    needle_abnormal = False
    bulbar: list[str] = []
    accessory_only = True
    limb_sides: dict[int, set[object]] = {}  # the sides (None: none) of a limb region's muscles
    sampled: dict[int, list[tuple[str | None, str, bool]]] = {}  # a limb region's sided muscles
    catalogue_bits = _catalogue_bits(accessory)
    for study in case.emg:
        own = study.region
        bit = catalogue_bits[study.muscle] if own is None else REGION_BIT[own]
        chronic = study.chronic_neurogenic_change
        active = study.fibrillation_potentials or study.positive_sharp_waves
        if study.side is not None and bit in _ONE_LIMB_BITS:
            normal = not (active or chronic or study.fasciculation_potentials)
            sampled.setdefault(bit, []).append((study.side, study.muscle, normal))
        if active or chronic:
            findings |= bit
        elif not study.fasciculation_potentials:
            continue  # a normal muscle (MuscleStudy.is_normal)
        needle_abnormal = True
        if study.muscle not in ACCESSORY_MUSCLES:
            above_neck |= bit
        if chronic and (active or study.fasciculation_potentials):
            qualifying |= bit
            if bit in _ONE_LIMB_BITS:
                limb_sides.setdefault(bit, set()).add(study.side)
            if bit == _BULBAR:
                bulbar.append(study.muscle)
                accessory_only = accessory_only and study.muscle in ACCESSORY_MUSCLES
    clinical = masks.weakness_or_wasting
    one_limb = 0
    for bit, sides in limb_sides.items():  # weakness or wasting is given for the region
        if len(sides) == 1 and None not in sides and not clinical & bit:
            one_limb |= bit
    # no side is given, so no limb is shown weak or wasted per side (both_limbs_shown: 0),
    # none examined normal and none whose involvement is EMG alone beside it (other_limb)
    other: list[tuple[int, str, tuple[str, ...]]] = []
    for bit in _ONE_LIMB_ORDER:
        if bit in sampled and not one_limb & bit:
            found = sampled_normal_limb(sampled[bit])
            if found is not None:
                other.append((bit, *found))
    aside = (
        tuple(dict.fromkeys(bulbar)) if bulbar and accessory_only and not clinical & _BULBAR else ()
    )
    return FindingsPattern(
        masks.umn,
        clinical,
        masks.emg,
        0,
        0,
        findings,
        above_neck,
        clinical | qualifying | masks.emg[1],
        bool(case.emg),
        needle_abnormal,
        one_limb,
        not_reflexes,
        aside,
        False,
        0,
        tuple(other),
    )


__all__ = [
    "REFLEX_SIGNS",
    "both_limbs_shown",
    "emg_alone_limb",
    "findings_mask",
    "limb_examined_normal",
    "lmn_involved",
    "needle_abnormality",
    "one_limb_only",
    "other_limb",
    "pattern_of",
    "quick_pattern",
    "sampled_normal_limb",
]
