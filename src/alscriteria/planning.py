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

from alscriteria import wording
from alscriteria.assessment import (
    Category,
    EvidenceKind,
    EvidenceNeeded,
    MuscleSuggestion,
    Plan,
    PlanItem,
    PlanReason,
    Upgrade,
)
from alscriteria.case import Case, EMGSummary, LimbSite, MuscleStudy, RegionFindings
from alscriteria.criteria.base import CriteriaSet
from alscriteria.readings import Readings
from alscriteria.red_flags import conduction_points_to_mimic
from alscriteria.regions.anatomy import REGION_ORDER, Region
from alscriteria.regions.catalogue import ACCESSORY_MUSCLES, Muscle, catalogue, root_sort_key
from alscriteria.regions.evidence import CaseEvidence, EvidenceMasks, StudiedMuscle, studied_muscle
from alscriteria.regions.independence import independent
from alscriteria.vocabulary import region_signs
from alscriteria.wording import listed, the_regions

#: Muscles applied to a case to stand for "EMG LMN in this region" when asking the engine.
#: Each limb pair is independent by root and nerve under both root readings.
_APPLIED_EMG: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("genioglossus",),
    Region.CERVICAL: ("first_dorsal_interosseous", "biceps_brachii"),
    Region.THORACIC: ("rectus_abdominis",),
    Region.LUMBOSACRAL: ("tibialis_anterior", "medial_gastrocnemius"),
}

#: Sampling preference, after the six-muscle screen of criteria.md B.4.3 (S9); the rest of
#: the region's catalogue muscles follow in catalogue order.
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
_KINDS: tuple[EvidenceKind, ...] = ("emg_lmn", "umn", "clinical_lmn")


@cache
def needle_cautions() -> dict[str, tuple[str, str]]:
    """Muscle key -> (caution code, source), from data/needle_cautions.csv."""
    text = resources.files("alscriteria").joinpath("data/needle_cautions.csv").read_text("utf-8")
    return {
        row["key"]: (row["caution"], row["source"]) for row in csv.DictReader(io.StringIO(text))
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


def upgrade_paths(
    cset: CriteriaSet,
    masks: EvidenceMasks,
    current: Category,
    pattern_of: Callable[[EvidenceMasks], Category],
    most: int = 4,
) -> list[Upgrade]:
    """The smallest additions (up to three findings) that reach a higher category.

    Each addition is set arithmetic on the region masks; the engine says what each gives.
    The answer depends on the masks alone, so callers may share it between cases.
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
    kept: list[tuple[frozenset[int], Category]] = []
    for size in (1, 2, 3):
        if size == 3 and any(cat is cset.top for _, cat in kept):
            break
        for combo in combinations(range(len(candidates)), size):
            umn = clinical = emg = 0
            for i in combo:
                u, c, e = bits[i]
                umn |= u
                clinical |= c
                emg |= e
            category = pattern_of(masks.with_added(umn, clinical, emg))
            chosen = frozenset(combo)
            reached[chosen] = got = rank(category)
            if got <= current_rank:
                continue
            if all(reached.get(chosen - {i}, current_rank) < got for i in combo):
                kept.append((chosen, category))
    upgrades = []
    for chosen, category in kept:
        items = sorted(
            (candidates[i] for i in chosen),
            key=lambda e: (_SPECIFICITY[e.region], _KINDS.index(e.evidence)),
        )
        upgrades.append(
            Upgrade(
                to=category,
                add=items,
                emg_obtainable=all(e.evidence == "emg_lmn" for e in items),
            )
        )
    upgrades.sort(
        key=lambda u: (
            len(u.add),
            not u.emg_obtainable,
            sum(_SPECIFICITY[e.region] for e in u.add),
            -cset.rank(u.to),
        )
    )
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
    """The catalogue's muscles of one region, in sampling preference order."""
    rank = {key: i for i, key in enumerate(_PREFERRED)}
    here = [
        m
        for m in catalogue().values()
        if (Region(accessory) if m.key in ACCESSORY_MUSCLES else m.region) is region
    ]
    return tuple(sorted(here, key=lambda m: rank.get(m.key, len(rank))))


def blocked_sides(case: Case, region: Region) -> set[str]:
    """The limbs of a region that lymphedema or skin infection keep the needle from."""
    limits = case.contraindications
    return {
        site.side for site in (*limits.lymphedema, *limits.skin_infection) if site.region is region
    }


def _caution_barrier(key: str, case: Case) -> NeedleBarrier | None:
    caution = needle_cautions().get(key, ("", ""))[0]
    limits = case.contraindications
    if caution == "deep_non_compressible" and limits.anticoagulated:
        return "anticoagulation"
    if caution == "chest_wall" and limits.chest_wall_concerns:
        return "chest_wall"
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
    """Whether needling this muscle carries the pneumothorax caution (B.4.2)."""
    return needle_cautions().get(key, ("",))[0] == "chest_wall"


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
        here = _catalogue_region(region, readings.accessory_muscles)
        pool = [m for m in here if _allowed(m, case, studied)]
        if not pool:
            continue
        if not region.is_limb:
            first = pool[0]
            code = "single_muscle_region"
            skipped = [
                m.key for m in here if m.key not in studied and not _allowed(m, case, studied)
            ]
            if skipped and case.contraindications.anticoagulated:
                code = "anticoagulation_alternative"
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
    """The needling cautions of the case, and the pneumothorax caution when a suggested
    muscle (catalogue key) is on the chest wall."""
    limits = case.contraindications
    out = []
    if limits.anticoagulated:
        out.append(_item("anticoagulation"))
    for label, sites in (
        ("lymphedema", limits.lymphedema),
        ("skin infection", limits.skin_infection),
    ):
        for site in sites:
            out.append(_item("avoid_limb", side=site.side, region=site.region.value, why=label))
    if limits.cardiac_device_side:
        out.append(_item("cardiac_device", side=limits.cardiac_device_side))
    if limits.chest_wall_concerns:
        out.append(_item("chest_wall_avoided"))
    if any(chest_wall(key) for key in suggested):
        out.append(_item("pneumothorax"))
    return out


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
    regions studied and no nerve conduction finding that calls for more testing.
    """
    if not has_findings(case):
        if not needle_study_recorded(case):
            return "nothing_recorded"
        if needle_study_normal(case):
            return "normal_with_symptoms" if case.motor_symptoms else "normal_no_symptoms"
    if fasciculations_only(case) and not conduction_points_to_mimic(case):
        if unstudied_fasciculating_regions(case, evidence):
            return "fasciculations_not_yet_studied"
        return "fasciculations_only"
    if case.other_causes_excluded is None:
        return "workup_in_progress"
    if case.progression is not True or case.other_causes_excluded is not True:
        return "prerequisites_missing"
    if pattern is cset.top:
        return "top_category_reached"
    return "seeking_evidence"


def timing(
    case: Case,
    cset: CriteriaSet,
    pattern: Category,
    reason: PlanReason,
    regions: list[Region],
) -> list[PlanItem]:
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
        return [_item("repeat_spared_3_to_6_months")]
    if reason == "fasciculations_only":
        return [
            _item("fasciculations_alone"),
            _item("watch_for_red_flags"),
            _item("repeat_only_if_red_flags"),
        ]
    out = []
    # no repeat study when the findings already give the top category: only the
    # prerequisites can change it then
    if pattern is not cset.top:
        if regions:
            out.append(_item("repeat_in_3_months", regions=listed([r.value for r in regions])))
        else:
            out.append(_item("repeat_in_3_months_if_suspected"))
    if case.progression is not True:
        out.append(_item("document_progression"))
    if case.other_causes_excluded is not True:
        out.append(_item("complete_exclusion"))
    return out


def make_plan(
    case: Case,
    cset: CriteriaSet,
    readings: Readings,
    evidence: CaseEvidence,
    pattern: Category,
    paths: Callable[[], Sequence[Upgrade]],
) -> Plan:
    """The plan; `paths` gives the upgrade paths (see `upgrade_paths`) when they matter.

    Fasciculations alone and a normal study get no paths and no muscles: a work-up offered
    for benign twitching is advice that harms.
    """
    reason = situation(case, cset, pattern, evidence)
    searching = reason in (
        "top_category_reached",
        "workup_in_progress",
        "prerequisites_missing",
        "seeking_evidence",
    )
    upgrades = list(paths()) if searching else []
    emg_regions: list[Region] = []
    for upgrade in upgrades:
        for item in upgrade.add:
            if item.evidence == "emg_lmn" and item.region not in emg_regions:
                emg_regions.append(item.region)
    if reason == "fasciculations_not_yet_studied":
        emg_regions = unstudied_fasciculating_regions(case, evidence)
    emg_regions.sort(key=lambda r: _SPECIFICITY[r])
    muscles = suggest_muscles(case, cset, evidence, readings, emg_regions)
    regions: list[Region] = []
    for upgrade in upgrades:
        regions.extend(item.region for item in upgrade.add if item.region not in regions)
    regions.sort(key=lambda r: _SPECIFICITY[r])
    return Plan(
        reason=reason,
        reason_text=wording.plan_reason(reason),
        upgrades=upgrades,
        muscles=muscles,
        previously_spared=[
            f"{s.muscle} ({s.side})" if s.side else s.muscle
            for s in case.emg
            if s.is_normal
            and needle_barrier(s.muscle, s.side, _region_of(s, readings), case) is None
        ],
        cautions=cautions(case, [m.muscle for m in muscles]),
        timing=timing(
            case,
            cset,
            pattern,
            reason,
            emg_regions if reason == "fasciculations_not_yet_studied" else regions,
        ),
    )


__all__ = [
    "NeedleBarrier",
    "apply_evidence",
    "blocked_sides",
    "chest_wall",
    "fasciculations_only",
    "make_plan",
    "needle_barrier",
    "situation",
    "upgrade_paths",
]
