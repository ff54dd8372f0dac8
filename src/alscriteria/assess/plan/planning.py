"""The repeat-testing plan (criteria.md A.4): what would raise the category, where to needle
next, what to avoid, and when to look again.

Upgrade paths come from asking the engine, never from a second copy of the rules: the
planner adds evidence to the case's region masks, asks the engine for the pattern category,
and keeps the smallest additions that raise it. `apply_evidence` makes the same additions
to a Case, so tests can check each path by evaluating the changed case in full.
Everything here is heuristic guidance and says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Literal

from alscriteria.anatomy.catalogue import ACCESSORY_MUSCLES, Muscle, catalogue, root_sort_key
from alscriteria.anatomy.independence import independent
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import region_signs
from alscriteria.assess.assessment import (
    EvidenceKind,
    EvidenceNeeded,
    MuscleSuggestion,
    Plan,
    PlanItem,
    PlanReason,
    Upgrade,
)
from alscriteria.assess.red_flags import (
    conduction_points_to_mimic,
    mimic_conflicts_with_exclusion,
    treatable_mimic_findings,
)
from alscriteria.case.model import (
    Case,
    EMGSummary,
    LimbSite,
    MuscleStudy,
    NerveConduction,
    RegionFindings,
)
from alscriteria.case.readings import Readings
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.evidence import CaseEvidence, EvidenceMasks, StudiedMuscle, studied_muscle
from alscriteria.wording import assessment as wording
from alscriteria.wording.assessment import listed, the_regions

#: Muscles applied to a case to stand for "EMG LMN in this region" when asking the engine.
#: Each limb pair is independent by root and nerve under both root readings.
_APPLIED_EMG: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("genioglossus",),
    Region.CERVICAL: ("first_dorsal_interosseous", "biceps_brachii"),
    Region.THORACIC: ("rectus_abdominis",),
    Region.LUMBOSACRAL: ("tibialis_anterior", "medial_gastrocnemius"),
}

#: Sampling preference, after the six-muscle screen of criteria.md B.4.3 (S9); the rest of
#: the region's catalogue muscles follow in catalogue order, superficial before deep (A.4:
#: a deep, painful muscle such as iliopsoas is never the first suggestion for its roots).
_PREFERRED = (
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

#: Why a needle site is not to be sampled now (the case's contraindications, A.4).
NeedleBarrier = Literal["anticoagulation", "chest_wall", "lymphedema", "skin_infection"]

#: Thoracic and bulbar EMG are the most specific (criteria.md B.4.3, S29): sought first.
_SPECIFICITY = {Region.THORACIC: 0, Region.BULBAR: 1, Region.CERVICAL: 2, Region.LUMBOSACRAL: 3}
#: Clinical signs are sought in the limbs first and in the thoracic region last: absent
#: abdominal reflexes and abdominal-wall weakness are the rarest and least reliable (A.4).
_CLINICAL_ORDER = {
    Region.CERVICAL: 0,
    Region.LUMBOSACRAL: 1,
    Region.BULBAR: 2,
    Region.THORACIC: 3,
}
_KINDS: tuple[EvidenceKind, ...] = ("emg_lmn", "umn", "clinical_lmn")

#: What each caution code of data/needle_cautions.csv does; which muscles carry it is data.
#: A barred muscle is never suggested while its contraindication is recorded (A.4); a
#: demoted one comes after the region's other muscles then, and is named in a caution
#: wherever it is still suggested.
_BARRED_UNDER: dict[str, NeedleBarrier] = {
    "deep_non_compressible": "anticoagulation",
    "chest_wall": "chest_wall",
}
_DEMOTED_UNDER: dict[str, NeedleBarrier] = {
    "airway_haematoma": "anticoagulation",
    "pneumothorax_risk": "chest_wall",
}
#: The caution codes of a needle near the lung (B.4.2, S66, S67): named whenever suggested.
_PNEUMOTHORAX = frozenset({"chest_wall", "pneumothorax_risk"})


@cache
def needle_cautions() -> dict[str, dict[str, str]]:
    """Muscle key -> {caution code: source}, from data/needle_cautions.csv. A muscle may
    carry several cautions (thoracic paraspinals: deep, and over the lung)."""
    text = resources.files("alscriteria").joinpath("data/needle_cautions.csv").read_text("utf-8")
    out: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["caution"]
        if code not in _BARRED_UNDER and code not in _DEMOTED_UNDER:
            raise ValueError(f"data/needle_cautions.csv: unknown caution {code!r} ({row['key']})")
        out.setdefault(row["key"], {})[code] = row["source"]
    return out


def _limit_recorded(limit: NeedleBarrier, case: Case) -> bool:
    """Whether the case records the contraindication a caution code answers to."""
    limits = case.contraindications
    return limits.anticoagulated if limit == "anticoagulation" else limits.chest_wall_concerns


def _demoted(key: str, case: Case) -> NeedleBarrier | None:
    """The recorded contraindication under which this muscle comes last, or None."""
    for code in needle_cautions().get(key, {}):
        limit = _DEMOTED_UNDER.get(code)
        if limit is not None and _limit_recorded(limit, case):
            return limit
    return None


def _deep(key: str) -> bool:
    return "deep_non_compressible" in needle_cautions().get(key, {})


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
                for key in _APPLIED_EMG[item.region]
            )
        regions[item.region] = findings
    return case.model_copy(update={"regions": regions, "emg": tuple(emg)})


def _candidates(cset: CriteriaSet, masks: EvidenceMasks) -> list[EvidenceNeeded]:
    """Each finding not yet present that could still change what this criteria set counts."""
    lmn = cset.lmn_mask(masks)
    clinical = cset.clinical_mask(masks)
    emg = cset.emg_mask(masks)
    out = []
    for region in REGION_ORDER:
        bit = 1 << region.order
        for kind in _KINDS:
            if kind == "umn" and masks.umn & bit:
                continue
            if kind == "clinical_lmn" and (clinical | lmn) & bit:
                continue
            if kind == "emg_lmn" and (emg & bit or (lmn & bit and cset.emg_counts_as_lmn)):
                continue
            out.append(EvidenceNeeded(region=region, evidence=kind))
    return out


def _item_order(e: EvidenceNeeded) -> tuple[int, int, int]:
    """EMG first, most specific region first (B.4.3, S29); then clinical findings, limbs
    first and thoracic last (A.4: clinical order)."""
    if e.evidence == "emg_lmn":
        return (0, _SPECIFICITY[e.region], 0)
    return (1, _CLINICAL_ORDER[e.region], _KINDS.index(e.evidence))


def _path_order(u: Upgrade) -> tuple[int, bool, int]:
    """Shortest paths first, those EMG can reach now before those it cannot, then by the
    order of their items (A.4)."""
    return (len(u.add), not u.emg_obtainable, sum(_item_order(e)[1] for e in u.add))


def upgrade_paths(
    cset: CriteriaSet,
    masks: EvidenceMasks,
    current: Category,
    pattern_of: Callable[[EvidenceMasks], Category],
    most: int = 4,
    without_gap: Callable[[EvidenceMasks], Category] | None = None,
) -> list[Upgrade]:
    """The smallest additions (up to three findings) that reach a higher category.

    Each addition is set arithmetic on the region masks; the engine says what each gives.
    The answer depends on the masks alone, so callers may share it between cases.
    `without_gap` gives the category with the 'gap' reading set to unclassified: a path
    that reaches its category only under the gap reading says so (A.3.4).
    """
    if current is cset.top:
        return []
    candidates = _candidates(cset, masks)
    bits = [
        (
            1 << c.region.order if c.evidence == "umn" else 0,
            1 << c.region.order if c.evidence == "clinical_lmn" else 0,
            1 << c.region.order if c.evidence == "emg_lmn" else 0,
        )
        for c in candidates
    ]
    rank = cset.rank
    current_rank = rank(current)
    reached: dict[frozenset[int], int] = {frozenset(): current_rank}
    kept: list[tuple[frozenset[int], Category, EvidenceMasks]] = []
    for size in (1, 2, 3):
        if size == 3 and any(cat is cset.top for _, cat, _ in kept):
            break
        for combo in combinations(range(len(candidates)), size):
            umn = clinical = emg = 0
            for i in combo:
                u, c, e = bits[i]
                umn |= u
                clinical |= c
                emg |= e
            added = masks.with_added(umn, clinical, emg)
            category = pattern_of(added)
            chosen = frozenset(combo)
            reached[chosen] = got = rank(category)
            if got <= current_rank:
                continue
            if all(reached.get(chosen - {i}, current_rank) < got for i in combo):
                kept.append((chosen, category, added))
    upgrades = []
    for chosen, category, added in kept:
        items = sorted((candidates[i] for i in chosen), key=_item_order)
        by_gap = without_gap is not None and rank(without_gap(added)) < rank(category)
        upgrades.append(
            Upgrade(
                to=category,
                add=items,
                emg_obtainable=all(e.evidence == "emg_lmn" for e in items),
                reading="gap" if by_gap else None,
            )
        )
    upgrades.sort(key=lambda u: (*_path_order(u), -cset.rank(u.to)))
    # Keep the best few paths to each category, so short paths to a lower category never
    # crowd out the paths to the top one.
    per_category: dict[Category, int] = {}
    kept_upgrades = []
    for upgrade in upgrades:
        if per_category.get(upgrade.to, 0) < most:
            per_category[upgrade.to] = per_category.get(upgrade.to, 0) + 1
            kept_upgrades.append(upgrade)
    return kept_upgrades


@cache
def _catalogue_region(region: Region, accessory: str) -> tuple[Muscle, ...]:
    """The catalogue's muscles of one region, in sampling preference order: the preferred
    muscles, then the superficial ones, then the deep ones (painful, non-compressible)."""
    rank = {key: i for i, key in enumerate(_PREFERRED)}
    here = [
        m
        for m in catalogue().values()
        if (Region(accessory) if m.key in ACCESSORY_MUSCLES else m.region) is region
    ]
    return tuple(sorted(here, key=lambda m: (rank.get(m.key, len(rank)), _deep(m.key))))


def _screening_muscles(region: Region, accessory: str) -> tuple[Muscle, ...]:
    """The muscles that may be offered to screen a region. Never the sternocleidomastoid or
    trapezius for the bulbar region, though the default reading counts them there: an
    accessory-nerve muscle, abnormal in 18% (sternocleidomastoid) to 54% (trapezius) of
    patients without bulbar involvement (Zhao 2025, S75), cannot be the muscle that
    decides a bulbar region (A.4, B.0); the
    cranial muscles, the tongue last under anticoagulation, can."""
    here = _catalogue_region(region, accessory)
    if region is not Region.BULBAR:
        return here
    return tuple(m for m in here if m.key not in ACCESSORY_MUSCLES)


def blocked_sides(case: Case, region: Region) -> set[str]:
    """The limbs of a region that lymphedema or skin infection keep the needle from."""
    limits = case.contraindications
    return {
        site.side for site in (*limits.lymphedema, *limits.skin_infection) if site.region is region
    }


def _caution_barrier(key: str, case: Case) -> NeedleBarrier | None:
    for code in needle_cautions().get(key, {}):
        limit = _BARRED_UNDER.get(code)
        if limit is not None and _limit_recorded(limit, case):
            return limit
    return None


def _allowed(muscle: Muscle, case: Case, studied: set[str]) -> bool:
    if muscle.key in studied:
        return False
    return _caution_barrier(muscle.key, case) is None


def needle_barrier(key: str, side: str | None, region: Region, case: Case) -> NeedleBarrier | None:
    """Why a needle site is not to be sampled under the case's contraindications (A.4: never
    suggest against them), or None. A limb muscle without a side is barred when either limb
    of its region is: the side it would go on is not known."""
    barrier = _caution_barrier(key, case)
    if barrier is not None or not region.is_limb:
        return barrier
    limits = case.contraindications
    limbs: tuple[tuple[NeedleBarrier, tuple[LimbSite, ...]], ...] = (
        ("lymphedema", limits.lymphedema),
        ("skin_infection", limits.skin_infection),
    )
    for code, sites in limbs:
        for site in sites:
            if site.region is region and (side is None or site.side == side):
                return code
    return None


def chest_wall(key: str) -> bool:
    """Whether needling this muscle carries the pneumothorax caution (B.4.2, S66, S67)."""
    return bool(_PNEUMOTHORAX & set(needle_cautions().get(key, {})))


def airway_risk(key: str) -> bool:
    """Whether a haematoma after needling this muscle can threaten the airway (B.4.2)."""
    return "airway_haematoma" in needle_cautions().get(key, {})


def _region_of(study: MuscleStudy, readings: Readings) -> Region:
    return studied_muscle(study, readings.accessory_muscles).region


def _describe(m: Muscle | StudiedMuscle) -> str:
    roots = sorted(m.roots, key=root_sort_key)
    span = roots[0] if len(roots) == 1 else f"{roots[0]}-{roots[-1]}"
    return f"{m.name} ({m.nerve}, {span})"


def suggest_muscles(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    regions: Sequence[Region],
) -> list[MuscleSuggestion]:
    """Concrete, allowed catalogue muscles for the regions whose EMG evidence would decide."""
    studied = {s.muscle for s in case.emg}
    out: list[MuscleSuggestion] = []
    for region in regions:
        here = _screening_muscles(region, readings.accessory_muscles)
        # a muscle the case's contraindications demote comes after the others (stable sort)
        pool = sorted(
            (m for m in here if _allowed(m, case, studied)),
            key=lambda m: _demoted(m.key, case) is not None,
        )
        if not pool:
            continue
        if not region.is_limb:
            first = pool[0]
            code = _single_reason(first, here, case, studied)
            out.append(
                MuscleSuggestion(
                    muscle=first.key,
                    region=region,
                    side=None,
                    reason=wording.muscle_reason(code, muscle=first.name, region=region.value),
                    reason_code=code,
                )
            )
            continue
        out.extend(_limb_suggestions(case, cset, evidence, readings, region, pool))
    return out


def cranial_second_look(case: Case) -> list[Muscle]:
    """The bulbar muscles a cranial nerve supplies, not yet studied and allowed, in sampling
    order under the case's contraindications (the tongue after masseter and the facial
    muscles under anticoagulation, A.4): the second look that would confirm a bulbar region
    made EMG-positive by the trapezius or sternocleidomastoid alone (B.0, S75)."""
    studied = {s.muscle for s in case.emg}
    pool = [
        m
        for m in _catalogue_region(Region.BULBAR, Region.BULBAR.value)
        if m.key not in ACCESSORY_MUSCLES and _allowed(m, case, studied)
    ]
    return sorted(pool, key=lambda m: _demoted(m.key, case) is not None)


def _confirming_muscle(case: Case, accessory: Sequence[str]) -> list[MuscleSuggestion]:
    """The first cranial muscle of the second look, as a suggestion; [] when none is left."""
    pool = cranial_second_look(case)
    if not pool:
        return []
    first = pool[0]
    return [
        MuscleSuggestion(
            muscle=first.key,
            region=Region.BULBAR,
            side=None,
            reason=wording.muscle_reason(
                "confirms_bulbar", muscle=first.name, accessory=_names(accessory)
            ),
            reason_code="confirms_bulbar",
        )
    ]


#: Why a single-muscle region's first choice was passed over, as its reason code.
_PASSED_OVER = {
    "anticoagulation": "anticoagulation_alternative",
    "airway": "airway_alternative",
    "chest_wall": "chest_wall_alternative",
}


def _single_reason(first: Muscle, here: Sequence[Muscle], case: Case, studied: set[str]) -> str:
    """The reason code for a bulbar or thoracic suggestion: the plain one, or the
    contraindication that passed over the muscles preferred to it (A.4). The tongue under
    anticoagulation comes last of the cranial muscles, so when it is offered the others are
    studied: the reason says so, beside the airway caution."""
    if _demoted(first.key, case) == "anticoagulation" and airway_risk(first.key):
        return "tongue_after_cranial_muscles"
    for m in here:
        if m.key == first.key:
            break
        if m.key in studied:
            continue
        barred = _caution_barrier(m.key, case)
        if barred is not None:
            return _PASSED_OVER[barred]
        demoted = _demoted(m.key, case)
        if demoted == "chest_wall":
            return _PASSED_OVER["chest_wall"]
        if demoted == "anticoagulation":
            return _PASSED_OVER["airway"]
    return "single_muscle_region"


def _limb_suggestions(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    region: Region,
    pool: list[Muscle],
) -> list[MuscleSuggestion]:
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
        partners = [m for m in pool if independent(anchor, m, rule)][:2]
        if not partners:
            continue
        return [
            MuscleSuggestion(
                muscle=m.key,
                region=region,
                side=side,
                reason=wording.muscle_reason(
                    "completes_pair", muscle=_describe(m), anchor=_describe(anchor)
                ),
                reason_code="completes_pair",
            )
            for m in partners
        ]
    for i, first in enumerate(pool):
        for second in pool[i + 1 :]:
            if independent(first, second, rule):
                # both muscles are needed; one reason names the pair, so it is said once
                reason = wording.muscle_reason(
                    "independent_pair", muscle=_describe(first), anchor=_describe(second)
                )
                return [
                    MuscleSuggestion(
                        muscle=m.key,
                        region=region,
                        side=sides[0],
                        reason=reason,
                        reason_code="independent_pair",
                    )
                    for m in (first, second)
                ]
    return []


def _item(code: str, **values: str) -> PlanItem:
    text, source = wording.plan_item(code, **values)
    return PlanItem(code=code, text=text, source=source)


def cautions(case: Case, suggested: Sequence[str]) -> list[PlanItem]:
    """The needling cautions of the case, and a caution naming each suggested muscle
    (catalogue key) that lies over the lung, or the tongue under anticoagulation (B.4.2)."""
    limits = case.contraindications
    out = []
    if limits.anticoagulated:
        out.append(_item("anticoagulation"))
        tongue = _names(key for key in suggested if airway_risk(key))
        if tongue:
            out.append(_item("airway_haematoma", muscles=tongue))
    both = {r for r in REGION_ORDER if r.is_limb and blocked_sides(case, r) >= {"left", "right"}}
    for label, sites in (
        ("lymphedema", limits.lymphedema),
        ("skin infection", limits.skin_infection),
    ):
        for site in sites:
            if site.region not in both:  # "the other side" only where it can be needled
                out.append(_item("avoid_limb", side=site.side, region=site.region.value, why=label))
    for region in sorted(both, key=lambda r: r.order):
        out.append(_item("avoid_both_limbs", region=region.value))
    if limits.cardiac_device_side:
        out.append(_item("cardiac_device", side=limits.cardiac_device_side))
    if limits.chest_wall_concerns:
        out.append(
            _item(
                "chest_wall_avoided",
                barred=_names(k for k, c in needle_cautions().items() if "chest_wall" in c),
                demoted=_names(
                    k for k, c in needle_cautions().items() if "pneumothorax_risk" in c
                ),
            )
        )
    lung = _names(key for key in suggested if chest_wall(key))
    if lung:
        out.append(_item("pneumothorax", muscles=lung))
    return out


def merged_cautions(plans: Iterable[Plan]) -> list[PlanItem]:
    """The cautions of several criteria sets' plans, each once, in order: the patient's
    limits are the same in every plan, but the muscle-named cautions follow each plan's own
    suggestions, so one set may name a muscle another does not suggest."""
    out: list[PlanItem] = []
    for plan in plans:
        out.extend(item for item in plan.cautions if item not in out)
    return out


def _names(keys: Iterable[str]) -> str:
    """Muscles as a sentence lists them, by catalogue name without its gloss ("trapezius",
    not "Trapezius (upper)"), each once, in the order given."""
    names: list[str] = []
    for key in keys:
        known = catalogue().get(key)
        name = (known.name if known else key.replace("_", " ")).split(" (")[0]
        name = name[:1].lower() + name[1:]  # inside a sentence, no nested brackets
        if name not in names:
            names.append(name)
    return listed(names)


def has_findings(case: Case) -> bool:
    """Any UMN or LMN sign, or any abnormal muscle or EMG summary: clinical suspicion has
    something to hold."""
    return (
        any(f.all_umn_signs or f.all_lmn_signs or _flagged(f) for f in case.regions.values())
        or any(not s.is_normal for s in case.emg)
        or any(summary.abnormal for _, summary in _summaries(case))
    )


def _flagged(findings: RegionFindings) -> bool:
    """A registry flag says yes to UMN or clinical LMN signs (names not given)."""
    return any(umn or lmn for _, umn, lmn in findings.flags)


def _summaries(case: Case) -> list[tuple[str, EMGSummary]]:
    return [pair for findings in case.regions.values() for pair in findings.emg_summaries]


def needle_study_recorded(case: Case) -> bool:
    return bool(case.emg) or bool(_summaries(case))


def needle_study_normal(case: Case) -> bool:
    """Every needle finding recorded is normal: muscle records, or summaries that rule out
    every abnormality (a summary that leaves one unknown is not a normal study)."""
    return all(s.is_normal for s in case.emg) and all(
        summary.normal for _, summary in _summaries(case)
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
            or _flagged(findings)
        ):
            return False
        seen = seen or bool(findings.all_lmn_signs)
    for s in case.emg:
        if s.fibrillation_potentials or s.positive_sharp_waves or s.chronic_neurogenic_change:
            return False
        seen = seen or s.fasciculation_potentials
    for _, summary in _summaries(case):
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
    if pattern is cset.top:
        return "top_category_reached"
    return "seeking_evidence"


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


#: The timings that advise a repeat needle study: only beside one of them does the plan
#: list the muscles that were spared (A.4; B.4.4).
REPEAT_TIMINGS = frozenset(
    {
        "repeat_in_3_months",
        "repeat_in_3_months_if_suspected",
        "repeat_at_progression_review",
        "umn_only_yearly_emg",
    }
)


def _benign_twitching() -> list[PlanItem]:
    """Twitching already studied: no repeat unless an objective sign appears (S68, S69)."""
    return [
        _item("fasciculations_alone"),
        _item("watch_for_red_flags"),
        _item("repeat_only_if_red_flags"),
    ]


def _clinical_findings(upgrades: Sequence[Upgrade]) -> tuple[str, list[Region]]:
    """The kinds of clinical finding the paths ask for, in words ("UMN signs" when every
    path needs them), and their regions in clinical order (limbs, bulbar, thoracic)."""
    needs = [{e.evidence for e in u.add if e.evidence != "emg_lmn"} for u in upgrades]
    common = set.intersection(*needs) if needs else set()
    kinds = [k for k in ("umn", "clinical_lmn") if k in (common or set().union(*needs))]
    items = [e for u in upgrades for e in u.add if e.evidence != "emg_lmn"]
    regions = sorted({e.region for e in items}, key=lambda r: _CLINICAL_ORDER[r])
    return " or ".join(wording.CLINICAL_FINDING[k] for k in kinds), regions


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
        if (f := case.findings(r)).all_umn_signs or f.all_lmn_signs or _flagged(f)
    ]


def _needle_can_go(case: Case, region: Region) -> bool:
    """Whether some limb of the region (or the region, if not a limb) may be needled."""
    return not (region.is_limb and blocked_sides(case, region) >= {"left", "right"})


def _first_study(case: Case, clean: Region | None) -> PlanItem:
    """The first electrodiagnostic study: where the signs are (a limb region both of whose
    limbs are barred is left to its caution), and one region without them."""
    involved = [r for r in involved_regions(case) if _needle_can_go(case, r)]
    where = wording.first_study_where(
        [r.value for r in involved],
        clean.value if clean else None,
        examined=clean is None or clean in case.regions,
    )
    ncs = case.nerve_conduction != NerveConduction()
    return _item("first_electrodiagnostic_study", study=wording.FIRST_STUDY[ncs], where=where)


def _looking_again(
    case: Case, cset: CriteriaSet, pattern: Category, regions: list[Region],
    upgrades: Sequence[Upgrade],
) -> list[PlanItem]:
    """When to look again, and with what: only where a finding could raise the category."""
    if pattern is cset.top:
        # only the prerequisites can change it: no repeat study
        return []
    clinical = [u for u in upgrades if not u.needle_barred]
    if clinical and not any(u.emg_obtainable for u in upgrades):
        findings, where = _clinical_findings(clinical)
        barred = sorted({r for u in upgrades for r in u.needle_barred}, key=lambda r: r.order)
        values = {"barred": wording.regions_phrase([r.value for r in barred])} if barred else {}
        return [
            _item(
                "emg_cannot_raise_needle_barred" if barred else "emg_cannot_raise",
                findings=findings,
                regions=listed([r.value for r in where]),
                when=wording.REEXAMINE[case.progression is False],
                **values,
            )
        ]
    if umn_only(case):
        first = not needle_study_recorded(case)
        return [_item("umn_only_first_emg" if first else "umn_only_yearly_emg")]
    named = listed([r.value for r in regions])
    if case.progression is False:
        # a static course: nothing is met until progression is shown over at least six
        # months (A.5, B.4.4, S6), so the EMG goes with that re-examination, not sooner
        return [_item("repeat_at_progression_review", regions=named)] if regions else []
    if regions:
        return [_item("repeat_in_3_months", regions=named)]
    return [_item("repeat_in_3_months_if_suspected")]


def _prerequisite_steps(case: Case) -> list[PlanItem]:
    """What the missing prerequisites ask for. Progression may be documented by history
    (Brooks 2000: "as determined by history or examination"; Gold Coast: "by history or
    repeated clinical assessment"), so the history is named before re-examination. The
    exclusion of other causes comes first: a mimic is treatable, and a re-examination for
    progression takes months."""
    out = []
    if case.other_causes_excluded is not True:
        out.append(_item("complete_exclusion"))
    if case.progression is None:
        out += [_item("progression_by_history"), _item("document_progression")]
    elif case.progression is False:
        out.append(_item("progression_not_shown"))
    return out


def timing(
    case: Case,
    cset: CriteriaSet,
    pattern: Category,
    reason: PlanReason,
    regions: list[Region],
    upgrades: Sequence[Upgrade] = (),
    clean: Region | None = None,
    confirm: Sequence[PlanItem] = (),
) -> list[PlanItem]:
    """The timing lines, in clinical order. `clean` is the region without clinical findings
    a first study is to sample (see `first_study_due`); `confirm` the line that asks to
    confirm a bulbar region resting on an accessory-nerve muscle alone."""
    if reason == "alternative_diagnosis_recorded":
        assert case.alternative_diagnosis is not None
        return [_item("revisit_alternative_diagnosis", diagnosis=case.alternative_diagnosis)]
    if reason == "nothing_recorded":
        return [_item("examine_and_consider_emg")] if case.motor_symptoms else []
    if reason == "fasciculations_not_yet_studied":
        where = the_regions([r.value for r in regions])
        are = "is" if len(regions) == 1 else "are"
        return [
            _item("fasciculations_alone"),
            _item("study_fasciculating_regions", regions=where, are=are),
        ]
    if reason == "normal_no_symptoms":
        return [_item("no_evidence_now")]
    if reason == "normal_with_symptoms":
        return [_item("reexamine_3_to_6_months")]
    if reason == "fasciculations_only":
        return _benign_twitching()
    if first_study_due(case):
        # never needled: the first study leads (it may show a mimic), no repeat is planned
        return [_first_study(case, clean), *_prerequisite_steps(case)]
    # the category waits on a missing prerequisite first: what it asks for leads; then what
    # the category rests on, then what could raise it
    looking = _looking_again(case, cset, pattern, regions, upgrades)
    return [*_prerequisite_steps(case), *confirm, *looking]


def _emg_regions(upgrades: Sequence[Upgrade]) -> list[Region]:
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
    return sorted(out, key=lambda r: _SPECIFICITY[r])


def _first_study_muscles(
    case: Case,
    cset: CriteriaSet,
    evidence: CaseEvidence,
    readings: Readings,
    emg_regions: Sequence[Region],
) -> tuple[list[MuscleSuggestion], Region | None]:
    """The muscles of a first study, and the region without clinical findings it samples.

    A first study samples the regions the signs point to and, to show involvement the
    examination misses, the most specific region without clinical findings that can be
    needled (B.4.3: thoracic and bulbar EMG are the most specific, S29), besides the regions
    whose EMG would raise the category."""
    involved = involved_regions(case)
    clean = None
    for region in sorted(REGION_ORDER, key=lambda r: _SPECIFICITY[r]):
        if region not in involved and suggest_muscles(case, cset, evidence, readings, [region]):
            clean = region
            break
    wanted = {*emg_regions, *involved, *([clean] if clean else [])}
    regions = sorted(wanted, key=lambda r: _SPECIFICITY[r])
    return suggest_muscles(case, cset, evidence, readings, regions), clean


def _confirm_bulbar(case: Case, accessory: Sequence[str]) -> PlanItem:
    """The timing line asking to confirm a bulbar region that an accessory-nerve muscle
    alone makes EMG-positive, naming the cranial muscles in their safe order."""
    look = second_look_words(case)
    return _item("confirm_bulbar_region", accessory=_names(accessory), second_look=look)


def second_look_words(case: Case) -> str:
    """The cranial muscles of the second look, in their safe order, as a sentence says them."""
    names = _names(m.key for m in cranial_second_look(case))
    return wording.second_look(names, airway=case.contraindications.anticoagulated)


def _spared(case: Case, readings: Readings) -> list[MuscleStudy]:
    return [
        s
        for s in case.emg
        if s.is_normal and needle_barrier(s.muscle, s.side, _region_of(s, readings), case) is None
    ]


def mimic_workup(case: Case) -> list[PlanItem]:
    """The mimic work-up, when a treatable-mimic finding conflicts with a completed exclusion
    (B.4.1): it leads the timing whatever the situation, and the rest follows it."""
    if not mimic_conflicts_with_exclusion(case):
        return []
    findings = [wording.MIMIC_FINDING[f] for f in treatable_mimic_findings(case)]
    return [_item("mimic_workup_first", findings=listed(findings))]


def _missing_prerequisites(case: Case) -> list[str]:
    """The prerequisites (A.3) the case does not meet, as `Prerequisites.missing` names them."""
    given = {"progression": case.progression, "other_causes_excluded": case.other_causes_excluded}
    return [name for name, value in given.items() if value is not True]


def _mark_barred(case: Case, paths: Sequence[Upgrade]) -> list[Upgrade]:
    """The paths, each EMG path into a limb region whose every limb is barred to the needle
    marked as one EMG cannot reach now (A.4: never suggest against the contraindications),
    and ordered among the paths EMG cannot reach. The paths depend on the region masks
    alone and are shared between cases; the barriers are this case's, so they are marked
    here."""
    out = []
    for upgrade in paths:
        barred = sorted(
            {
                e.region
                for e in upgrade.add
                if e.evidence == "emg_lmn" and not _needle_can_go(case, e.region)
            },
            key=lambda r: r.order,
        )
        if barred:
            upgrade = upgrade.model_copy(update={"emg_obtainable": False, "needle_barred": barred})
        out.append(upgrade)
    return sorted(out, key=_path_order)


def make_plan(
    case: Case,
    cset: CriteriaSet,
    readings: Readings,
    evidence: CaseEvidence,
    pattern: Category,
    paths: Callable[[], Sequence[Upgrade]],
    bulbar_rests_on: Sequence[str] = (),
) -> Plan:
    """The plan; `paths` gives the upgrade paths (see `upgrade_paths`) when they matter.

    Fasciculations alone and a normal study get no paths and no muscles: a work-up offered
    for benign twitching is advice that harms. Muscles are suggested only where EMG alone
    can raise the category, and spared muscles are listed only beside a repeat study.
    `bulbar_rests_on` names the accessory-nerve muscles (catalogue keys) that alone make the
    bulbar region EMG-positive where that decides the category (B.0, S75): the plan then
    asks to confirm the bulbar region with a cranial muscle, and never calls the top
    category settled on it.
    """
    reason = situation(case, cset, pattern, evidence)
    if reason == "top_category_reached" and bulbar_rests_on:
        reason = "top_category_rests_on_accessory_muscle"
    searching = reason in (
        "top_category_reached",
        "top_category_rests_on_accessory_muscle",
        "workup_in_progress",
        "prerequisites_missing",
        "mimic_workup_first",
        "seeking_evidence",
    )
    upgrades = _mark_barred(case, paths()) if searching else []
    if reason == "fasciculations_not_yet_studied":
        emg_regions = sorted(
            unstudied_fasciculating_regions(case, evidence), key=lambda r: _SPECIFICITY[r]
        )
    else:
        emg_regions = _emg_regions(upgrades)
    muscles = suggest_muscles(case, cset, evidence, readings, emg_regions)
    clean = None
    if searching and first_study_due(case):
        first_muscles, clean = _first_study_muscles(case, cset, evidence, readings, emg_regions)
        if pattern is not cset.top:  # at the top no needle changes the category: no muscles
            muscles = first_muscles
    confirm: list[PlanItem] = []
    if searching and bulbar_rests_on:
        confirming = _confirming_muscle(case, bulbar_rests_on)
        muscles = [*confirming, *(m for m in muscles if m.region is not Region.BULBAR)]
        confirm = [_confirm_bulbar(case, bulbar_rests_on)]
    # "looking first at" names only regions EMG can reach for a path and can needle now: a
    # region a path needs a clinical sign in, or whose every muscle is withheld, is not one
    spared_regions = {_region_of(s, readings) for s in _spared(case, readings)}
    suggested = {m.region for m in muscles}
    regions = [r for r in emg_regions if r in suggested or r in spared_regions]
    # a treatable-mimic finding that conflicts with a completed exclusion leads (B.4.1)
    when = mimic_workup(case) + timing(
        case,
        cset,
        pattern,
        reason,
        emg_regions if reason == "fasciculations_not_yet_studied" else regions,
        upgrades,
        clean,
        confirm,
    )
    repeat = any(item.code in REPEAT_TIMINGS for item in when)
    spared = _spared(case, readings) if repeat else []
    return Plan(
        reason=reason,
        reason_text=wording.plan_reason(reason, _missing_prerequisites(case)),
        upgrades=upgrades,
        muscles=muscles,
        previously_spared=[f"{s.muscle} ({s.side})" if s.side else s.muscle for s in spared],
        cautions=cautions(case, [*(m.muscle for m in muscles), *(s.muscle for s in spared)]),
        timing=when,
    )


__all__ = [
    "REPEAT_TIMINGS",
    "NeedleBarrier",
    "airway_risk",
    "apply_evidence",
    "blocked_sides",
    "chest_wall",
    "cranial_second_look",
    "fasciculations_only",
    "first_study_due",
    "involved_regions",
    "make_plan",
    "merged_cautions",
    "needle_barrier",
    "second_look_words",
    "situation",
    "umn_only",
    "upgrade_paths",
]
