"""Where to needle next (criteria.md A.4): screening and confirming muscles per region, with
the reason each is named or passed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import islice

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, Muscle, catalogue
from alscriteria.anatomy.independence import independent
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.advice import MuscleSuggestion, PlanItem, Upgrade
from alscriteria.assess.models.base import WordValue
from alscriteria.assess.plan.needling import (
    airway_risk,
    barrier_under,
    blocked_sides,
    caution_barrier,
    demotion,
    demotion_under,
    is_deep,
)
from alscriteria.assess.plan.situations import involved_regions
from alscriteria.assess.plan.upgrades import SPECIFICITY
from alscriteria.assess.plan.words import WORDED, PlanWords
from alscriteria.case.model import Case
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.criteria.base import CriteriaSet
from alscriteria.regions.masks import CaseEvidence, StudiedMuscle

#: Sampling preference, after the six-muscle screen of criteria.md B.4.3 (S9); the rest of
#: the region's catalogue muscles follow in catalogue order, superficial before deep (A.4:
#: a deep, painful muscle such as iliopsoas is never the first suggestion for its roots).
PREFERRED_MUSCLES = (
    "genioglossus",
    "first_dorsal_interosseous",
    "biceps_brachii",
    "deltoid",
    "thoracic_paraspinals",
    "rectus_abdominis",
    "tibialis_anterior",
    "vastus_lateralis",
    "medial_gastrocnemius",
)


@cache
def catalogue_region(region: Region, accessory: str) -> tuple[Muscle, ...]:
    """The catalogue's muscles of one region, in sampling preference order: the preferred
    muscles, then the superficial ones, then the deep ones (painful, non-compressible)."""
    rank = {key: i for i, key in enumerate(PREFERRED_MUSCLES)}
    here = [m for m in catalogue().values() if m.counted_in(accessory) is region]
    return tuple(sorted(here, key=lambda m: (rank.get(m.key, len(rank)), is_deep(m.key))))


def screening_muscles(region: Region, accessory: str) -> tuple[Muscle, ...]:
    """The muscles that may be offered to screen a region. Never the sternocleidomastoid or
    trapezius for the bulbar region, though the default reading counts them there: an
    accessory-nerve muscle, abnormal in 18% (sternocleidomastoid) to 54% (trapezius) of
    patients without bulbar involvement (Zhao 2025, S75), cannot be the muscle that
    decides a bulbar region (A.4, B.0); the
    cranial muscles, the tongue last under anticoagulation, can."""
    here = catalogue_region(region, accessory)
    if region is not Region.BULBAR:
        return here
    return tuple(m for m in here if m.key not in ACCESSORY_MUSCLES)


@cache
def open_muscles(
    region: Region, accessory: str, anticoagulated: bool, chest_wall: bool
) -> tuple[Muscle, ...]:
    """The screening muscles of a region the needle may reach under these two
    contraindications (anticoagulation, chest wall: none they bar), those they demote after
    the others (A.4), each in sampling order: every suggestion for the region starts here,
    less the muscles the case has studied. It reads the two recorded limits alone, so it is
    built once for each (four regions, two accessory readings, four pairs of limits)."""
    allowed = [
        m
        for m in screening_muscles(region, accessory)
        if barrier_under(m.key, anticoagulated, chest_wall) is None
    ]
    return tuple(
        sorted(allowed, key=lambda m: demotion_under(m.key, anticoagulated, chest_wall) is not None)
    )


def unstudied_open_muscles(
    region: Region, accessory: str, case: Case, studied: set[str]
) -> list[Muscle]:
    """The region's open muscles (`open_muscles`) under the case's contraindications, less
    those it has studied: the muscles, barred ones dropped and demoted ones last, that
    filtering the region's screening muscles by `allowed_here` and sorting them by
    `demotion` gives (a stable sort and a filter commute; tests hold the two equal)."""
    limits = case.contraindications
    pool = open_muscles(region, accessory, limits.anticoagulated, limits.chest_wall_concerns)
    return [m for m in pool if m.key not in studied]


def region_of(study: MuscleStudy, readings: Readings) -> Region:
    """The region a study counts in (a catalogue muscle's under the accessory-muscles
    reading, A.3.4; another muscle's as the case gives it): the region of the evidence
    pass's muscle (`studied_muscle`) without building the muscle, as the plan asks it of
    every normal study for every criteria set (tests hold the two equal)."""
    if study.region is None:  # a catalogue muscle (the case model has checked it)
        return catalogue()[study.muscle].counted_in(readings.accessory_muscles)
    return study.region


#: A muscle to needle before it is worded: its reason code, catalogue key, region, side and
#: the values its reason names. A region is asked whether it has one without wording any.
Suggested = tuple[str, str, Region, str | None, dict[str, WordValue]]


def suggestion(
    code: str, muscle: str, region: Region, side: str | None, values: dict[str, WordValue]
) -> MuscleSuggestion:
    """A muscle to needle (catalogue key) and why (`code`, naming `values`); the voice words
    the reason (`wording/plan.py`)."""
    return WORDED.suggestion(code, muscle, region, side, values)


def anchor_values(anchor: StudiedMuscle) -> dict[str, WordValue]:
    """The abnormal muscle a pair is completed with, as the reason names it: its catalogue
    key, or, outside the catalogue, its key with the nerve and roots the case gives."""
    if anchor.key in catalogue():
        return {"anchor": anchor.key}
    roots = sorted(anchor.roots)
    return {"anchor": anchor.key, "anchor_nerve": anchor.nerve, "anchor_roots": roots}


def suggest_muscles(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    regions: Sequence[Region],
    words: PlanWords = WORDED,
) -> list[MuscleSuggestion]:
    """Concrete, allowed catalogue muscles for the regions whose EMG evidence would decide,
    worded by `words` (plan/words.py)."""
    return [words.suggestion(*s) for s in suggested(case, cset, evidence, readings, regions)]


def suggested(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    regions: Sequence[Region],
) -> list[Suggested]:
    """The suggestions of `suggest_muscles`, not yet worded."""
    studied = {s.muscle for s in case.emg}
    out: list[Suggested] = []
    for region in regions:
        here = screening_muscles(region, readings.accessory_muscles)
        # a muscle the case's contraindications demote comes after the others
        pool = unstudied_open_muscles(region, readings.accessory_muscles, case, studied)
        if not pool:
            continue
        if not region.is_limb:
            first = pool[0]
            code = single_reason(first, here, case, studied)
            out.append((code, first.key, region, None, {}))
            continue
        out.extend(limb_suggestions(case, cset, evidence, readings, region, pool))
    return out


def cranial_second_look(case: Case) -> list[Muscle]:
    """The bulbar muscles a cranial nerve supplies, not yet studied and allowed, in sampling
    order under the case's contraindications (the tongue after masseter and the facial
    muscles under anticoagulation, A.4): the second look that would confirm a bulbar region
    made EMG-positive by the trapezius or sternocleidomastoid alone (B.0, S75)."""
    studied = {s.muscle for s in case.emg}
    # the bulbar region's screening muscles under the bulbar reading are its cranial ones
    return unstudied_open_muscles(Region.BULBAR, Region.BULBAR.value, case, studied)


def confirming_muscle(
    case: Case, accessory: Sequence[str], words: PlanWords = WORDED
) -> list[MuscleSuggestion]:
    """The first cranial muscle of the second look, as a suggestion; [] when none is left."""
    pool = cranial_second_look(case)
    if not pool:
        return []
    values: dict[str, WordValue] = {"accessory": list(dict.fromkeys(accessory))}
    return [words.suggestion("confirms_bulbar", pool[0].key, Region.BULBAR, None, values)]


#: Why a single-muscle region's first choice was passed over, as its reason code.
PASSED_OVER = {
    "anticoagulation": "anticoagulation_alternative",
    "airway": "airway_alternative",
    "chest_wall": "chest_wall_alternative",
}


def single_reason(first: Muscle, here: Sequence[Muscle], case: Case, studied: set[str]) -> str:
    """The reason code for a bulbar or thoracic suggestion: the plain one, or the
    contraindication that passed over the muscles preferred to it (A.4). The tongue under
    anticoagulation comes last of the cranial muscles, so when it is offered the others are
    studied: the reason says so, beside the airway caution."""
    if demotion(first.key, case) == "anticoagulation" and airway_risk(first.key):
        return "tongue_after_cranial_muscles"
    for m in here:
        if m.key == first.key:
            break
        if m.key in studied:
            continue
        barred = caution_barrier(m.key, case)
        if barred is not None:
            return PASSED_OVER[barred]
        demoted = demotion(m.key, case)
        if demoted == "chest_wall":
            return PASSED_OVER["chest_wall"]
        if demoted == "anticoagulation":
            return PASSED_OVER["airway"]
    return "single_muscle_region"


def limb_suggestions(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    region: Region,
    pool: list[Muscle],
) -> list[Suggested]:
    sides = [s for s in ("right", "left") if s not in blocked_sides(case, region)]
    if not sides:
        return []
    rule = readings.root_independence
    # Under the two-limb reading (A.3.4) a pair counts only on one side, so a partner goes on
    # its anchor's side and an anchor on a blocked limb is passed over; otherwise the partner
    # may go on the other side. An anchor with no independent partner is passed over too.
    limb_pairs = cset.uses_emg_count and readings.lab_supported_emg == "limbs"
    for anchor in evidence[region].emg[cset.muscle_definition].qualifying:
        if anchor.side in sides:
            side = anchor.side
        elif limb_pairs:
            continue
        else:
            side = sides[0]
        # the first two independent partners, in sampling order (the rest are not asked)
        partners = list(islice((m for m in pool if independent(anchor, m, rule)), 2))
        if not partners:
            continue
        return [("completes_pair", m.key, region, side, anchor_values(anchor)) for m in partners]
    for i, first in enumerate(pool):
        for second in pool[i + 1 :]:
            if independent(first, second, rule):
                # both muscles are needed; each one's reason names the pair, in one order
                return [
                    ("independent_pair", m.key, region, sides[0], {"pair": [first.key, second.key]})
                    for m in (first, second)
                ]
    return []


def emg_regions_of(upgrades: Sequence[Upgrade]) -> list[Region]:
    """The regions of the paths EMG alone can reach, most specific first (A.4: EMG only
    where EMG can help); a region needled for half of a path that also needs a new clinical
    sign changes nothing now."""
    out: list[Region] = []
    for upgrade in upgrades:
        if not upgrade.emg_obtainable:
            continue
        for item in upgrade.add:
            if item.evidence == "emg_lmn" and item.region not in out:
                out.append(item.region)
    return sorted(out, key=lambda r: SPECIFICITY[r])


def first_study_muscles(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    emg_regions: Sequence[Region],
    words: PlanWords = WORDED,
) -> tuple[list[MuscleSuggestion], Region | None]:
    """The muscles of a first study, and the region without clinical findings it samples.

    A first study samples the regions the signs point to and, to show involvement the
    examination misses, the most specific region without clinical findings that can be
    needled (B.4.3: thoracic and bulbar EMG are the most specific, S29), besides the regions
    whose EMG would raise the category."""
    involved = involved_regions(case)
    clean = None
    for region in sorted(REGION_ORDER, key=lambda r: SPECIFICITY[r]):
        if region not in involved and suggested(case, cset, evidence, readings, [region]):
            clean = region
            break
    wanted = {*emg_regions, *involved, *([clean] if clean else [])}
    regions = sorted(wanted, key=lambda r: SPECIFICITY[r])
    return suggest_muscles(case, cset, evidence, readings, regions, words), clean


def confirm_bulbar(case: Case, accessory: Sequence[str], words: PlanWords = WORDED) -> PlanItem:
    """The timing line asking to confirm a bulbar region that an accessory-nerve muscle
    alone makes EMG-positive, naming the cranial muscles in their safe order."""
    return words.item(
        "confirm_bulbar_region",
        accessory=list(dict.fromkeys(accessory)),
        second_look=second_look_keys(case),
        anticoagulated=case.contraindications.anticoagulated,
    )


def second_look_keys(case: Case) -> list[str]:
    """The cranial muscles of the second look (catalogue keys), in their safe order: the
    words are `wording.plan.second_look_of(keys, anticoagulated)`."""
    return [m.key for m in cranial_second_look(case)]
