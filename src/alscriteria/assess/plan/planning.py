"""The repeat-testing plan (criteria.md A.4): what would raise the category, where to needle
next, what to avoid, and when to look again.

Upgrade paths come from asking the engine, never from a second copy of the rules: the
planner adds evidence to the case's region masks, asks the engine for the pattern category,
and keeps the smallest additions that raise it (upgrades.py). The other rooms of this
package say where to needle (muscles.py), where not to (needling.py), where the case stands
(situations.py) and when to look again (timing.py); this one puts the plan together.
Everything here is heuristic guidance and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from alscriteria.anatomy.catalogue import muscle_label
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.held import Held
from alscriteria.assess.models.advice import LaterSite, MuscleSuggestion, Plan, PlanItem, Upgrade
from alscriteria.assess.models.base import WordValue, unvalidated
from alscriteria.assess.models.pieces import list_json, model_json, models_json
from alscriteria.assess.plan.muscles import (
    confirm_bulbar,
    confirming_muscle,
    cranial_second_look,
    emg_regions_of,
    first_study_muscles,
    region_of,
    second_look_keys,
    suggest_muscles,
)
from alscriteria.assess.plan.needling import (
    NeedleBarrier,
    airway_risk,
    blocked_sides,
    cautions,
    chest_wall,
    demoting_caution,
    merged_cautions,
    needle_barrier,
)
from alscriteria.assess.plan.situations import (
    Standing,
    fasciculations_only,
    first_study_due,
    involved_regions,
    reason_of,
    situation,
    standing,
    umn_only,
    unstudied_fasciculating_regions,
)
from alscriteria.assess.plan.timing import (
    REPEAT_TIMINGS,
    after_mimic_workup,
    mimic_workup,
    missing_prerequisites,
    needle_can_go,
    timing,
)
from alscriteria.assess.plan.upgrades import SPECIFICITY, path_order, upgrade_paths
from alscriteria.assess.plan.words import WORDED, KeptWords, PlanWords
from alscriteria.built import built
from alscriteria.case.model import Case
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence

#: The limb regions, the only ones a needle can be barred from on every side.
LIMB_REGIONS = tuple(r for r in REGION_ORDER if r.is_limb)


def _spared(case: Case, readings: Readings) -> list[tuple[MuscleStudy, Region]]:
    """The normal studies the needle may reach again, each with its region."""
    out = []
    for s in case.emg:
        if s.is_normal:
            region = region_of(s, readings)
            if needle_barrier(s.muscle, s.side, region, case) is None:
                out.append((s, region))
    return out


def _spared_sites(case: Case, spared: Sequence[MuscleStudy]) -> tuple[list[str], list[LaterSite]]:
    """The spared muscles to sample first, and those the case's contraindications put after
    the others of their region, each with its caution: the tongue under anticoagulation
    (masseter or a facial muscle first, S44) and a muscle over the lung with chest wall
    concerns (S66, S67), as the muscles suggested are ordered (`open_muscles`) and as a
    history's next visit lists them (A.4, B.4.2: no needle offered first where it should
    come last)."""
    first: list[str] = []
    later: list[LaterSite] = []
    for s in spared:
        caution = demoting_caution(s.muscle, case)
        if caution is None:
            first.append(muscle_label(s.muscle, s.side))
        else:
            site = {"muscle": s.muscle, "side": s.side, "caution": caution}
            later.append(unvalidated(LaterSite, site))
    return first, later


def _own_paths(paths: Sequence[Upgrade]) -> list[Upgrade]:
    """The shared paths (kept in the engine memo for every case alike) as this plan's own:
    each with lists of its own, so a caller that changes its result (clears a path's
    findings) changes no other patient's plan. The findings themselves are frozen and hold
    no list, so they are shared, as every path of a search shares them."""
    return [
        unvalidated(
            Upgrade, {**u.__dict__, "add": u.add.copy(), "needle_barred": u.needle_barred.copy()}
        )
        for u in paths
    ]


def _mark_barred(
    case: Case, paths: Sequence[Upgrade], mimic_pending: bool = False
) -> list[Upgrade]:
    """The paths, each EMG path into a limb region whose every limb is barred to the needle
    marked as one EMG cannot reach now (A.4: never suggest against the contraindications),
    and ordered among the paths EMG cannot reach. The paths depend on the region masks
    alone and are shared between cases; the barriers are this case's, so they are marked
    here, on the plan's own copies (`_own_paths`). They come in path order
    (`upgrade_paths`), so a case with no limb region barred on both sides, which marks
    none, keeps them as they come (tests hold it equal to marking and sorting every one).
    `mimic_pending`: a treatable-mimic finding is recorded (`Standing.mimic_pending`), so
    each path EMG can reach waits on its work-up (`waits_on`, B.4.1)."""
    paths = _own_paths(paths)
    if mimic_pending:
        paths = [_waiting(u) for u in paths]
    if all(needle_can_go(case, region) for region in LIMB_REGIONS):
        return paths
    out = []
    for upgrade in paths:
        barred = sorted(
            {
                e.region
                for e in upgrade.add
                if e.evidence == "emg_lmn" and not needle_can_go(case, e.region)
            },
            key=lambda r: r.order,
        )
        if barred:
            update = {"emg_obtainable": False, "needle_barred": barred, "waits_on": None}
            upgrade = upgrade.model_copy(update=update)
        out.append(upgrade)
    return sorted(out, key=path_order)


def _waiting(upgrade: Upgrade) -> Upgrade:
    """A path EMG can reach, marked as waiting on the mimic work-up (B.4.1)."""
    if not upgrade.emg_obtainable:
        return upgrade
    return unvalidated(Upgrade, {**upgrade.__dict__, "waits_on": "mimic_workup"})


def _after_workup(muscles: Sequence[MuscleSuggestion], words: PlanWords) -> list[MuscleSuggestion]:
    """The muscles suggested to raise the category, each to be needled only after the mimic
    work-up (`values.after`, worded at the edge): an EMG that seeks ALS evidence comes once
    the work-up has found no treatable cause (A.4, B.4.1)."""
    return [
        words.suggestion(
            m.reason_code, m.muscle, m.region, m.side, {**m.values, "after": "mimic_workup"}
        )
        for m in muscles
    ]


def make_plan(
    case: Case,
    cset: CriteriaSet,
    readings: Readings,
    evidence: CaseEvidence,
    pattern: Category,
    paths: Callable[[], Sequence[Upgrade]],
    bulbar_rests_on: Sequence[str] = (),
    stands: Standing | None = None,
) -> Plan:
    """The plan; `paths` gives the upgrade paths (see `upgrade_paths`, in its order) when they
    matter (shared between cases: the plan holds copies with lists of their own).

    Fasciculations alone and a normal study get no paths and no muscles: a work-up offered
    for benign twitching is advice that harms. Muscles are suggested only where EMG alone
    can raise the category, and spared muscles are listed only beside a repeat study.
    `bulbar_rests_on` names the accessory-nerve muscles (catalogue keys) that alone make the
    bulbar region EMG-positive where that decides the category (B.0, S75): the plan then
    asks to confirm the bulbar region with a cranial muscle, and never calls the top
    category settled on it. `stands` is what the case alone shows (`situations.standing`),
    where the caller keeps it for every criteria set's plan.
    """
    found = _plan(case, cset, readings, evidence, pattern, paths, bulbar_rests_on, True, stands)
    return found[0]


#: How the plan's JSON writes its lists before they are put in (`plan_json`): empty, each
#: pair found with the field after it. The fields before them are a boolean, two strings and
#: a list of strings, inside which JSON escapes every quote: the first such bytes are the
#: fields themselves.
_HEAD = b',"upgrades":[],"muscles":[]'
_TAIL = b',"cautions":[],"timing":[]'
_LISTS = ("upgrades", "muscles", "cautions", "timing")


def plan_json(
    case: Case,
    cset: CriteriaSet,
    readings: Readings,
    evidence: CaseEvidence,
    pattern: Category,
    paths: Callable[[], Sequence[Upgrade]],
    bulbar_rests_on: Sequence[str],
    stands: Standing | None,
    remember: Callable[[str, Hashable, Callable[[], Any]], Any],
) -> bytes:
    """The JSON of `make_plan`'s plan, for a plan that is not handed out: built for its JSON
    alone, it shows the shared paths without copies and the items and suggestions worded
    once for every plan alike (plan/words.py `KeptWords`), and each is written from JSON
    made once beside it (`remember`, the engine memo: the paths' under `json`, by the very
    tuple the memo keeps), put in place of the empty lists of the plan's own JSON. Byte for
    byte pydantic's JSON of `make_plan`'s plan (tests/test_plan_json.py,
    tests/test_stitched_json.py)."""
    words = KeptWords(remember)
    plan, kept = _plan(
        case, cset, readings, evidence, pattern, paths, bulbar_rests_on, False, stands, words
    )
    fields = plan.__dict__
    frame: tuple[bytes, bytes, bytes] | None
    if fields["previously_spared"] or fields["spared_later_sites"]:  # the case's own muscles
        frame = _frame(plan)
    else:  # codes and their words alone: written once for every plan alike
        key = (fields["reason"], fields["reason_text"], *_frozen_values(fields["values"]))
        frame = remember("plan_frame", key, lambda: _frame(plan))
    if frame is None:  # not the plan this function knows: written by pydantic
        return model_json(plan)
    if kept:
        upgrades = remember("json", Held(kept), lambda: models_json(kept))
    else:
        upgrades = models_json(fields["upgrades"])
    muscles, cautions, when = (
        list_json([words.json(m) for m in fields[name]]) for name in _LISTS[1:]
    )
    before, between, after = frame
    return b"".join(
        (
            before,
            b',"upgrades":',
            upgrades,
            b',"muscles":',
            muscles,
            between,
            b',"cautions":',
            cautions,
            b',"timing":',
            when,
            after,
        )
    )


def _frame(plan: Plan) -> tuple[bytes, bytes, bytes] | None:
    """The plan's own JSON with its four lists empty, cut where they go: before the upgrade
    paths, between the muscles and the cautions, after the timing (None where it is not
    written as this module knows a plan)."""
    empty: dict[str, list[object]] = {name: [] for name in _LISTS}
    fields = {**plan.__dict__, **empty}
    written = model_json(built(Plan, fields, set(plan.__pydantic_fields_set__)))
    head = written.find(_HEAD + b',"previously_spared":')
    tail = written.find(_TAIL + b',"values":', head)
    if head < 0 or tail < 0:
        return None
    return written[:head], written[head + len(_HEAD) : tail], written[tail + len(_TAIL) :]


def _frozen_values(values: dict[str, WordValue]) -> list[tuple[object, ...]]:
    """A plan's values as a memo key: each list as a tuple, the type kept."""
    return [(k, type(v), tuple(v) if isinstance(v, list) else v) for k, v in values.items()]


def _plan(
    case: Case,
    cset: CriteriaSet,
    readings: Readings,
    evidence: CaseEvidence,
    pattern: Category,
    paths: Callable[[], Sequence[Upgrade]],
    bulbar_rests_on: Sequence[str],
    own: bool,
    stands: Standing | None = None,
    words: PlanWords = WORDED,
) -> tuple[Plan, tuple[Upgrade, ...] | None]:
    """The plan, and the shared paths it shows as they are (None where it shows none, or
    marks one barred): with `own`, the plan's paths are copies of its own (`make_plan`);
    without, the shared ones (`plan_json`: a plan never handed out). `words` words its
    items and suggestions (plan/words.py)."""
    if stands is None:
        stands = standing(case, evidence)
    reason = reason_of(stands.reason, cset, pattern)
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
    kept: tuple[Upgrade, ...] | None = None
    upgrades: list[Upgrade] = []
    if searching:
        found = paths()
        if (
            own
            or stands.mimic_pending
            or not all(needle_can_go(case, region) for region in LIMB_REGIONS)
        ):
            upgrades = _mark_barred(case, found, stands.mimic_pending)
        else:  # the shared paths as they are: kept (by identity) where the memo's tuple
            upgrades, kept = list(found), found if type(found) is tuple else None
    if reason == "fasciculations_not_yet_studied":
        emg_regions = sorted(
            unstudied_fasciculating_regions(case, evidence), key=lambda r: SPECIFICITY[r]
        )
    else:
        emg_regions = emg_regions_of(upgrades)
    clean = None
    first_muscles = None
    if searching and stands.first_study_due:
        first_muscles, clean = first_study_muscles(
            case, cset, evidence, readings, emg_regions, words
        )
    # a first study's muscles, except at the top, where no needle changes the category
    if first_muscles is not None and pattern is not cset.top:
        muscles = first_muscles
    else:
        muscles = suggest_muscles(case, cset, evidence, readings, emg_regions, words)
    confirm: list[PlanItem] = []
    if searching and bulbar_rests_on:
        confirming = confirming_muscle(case, bulbar_rests_on, words)
        muscles = [*confirming, *(m for m in muscles if m.region is not Region.BULBAR)]
        confirm = [confirm_bulbar(case, bulbar_rests_on, words)]
    # a first study is itself part of the mimic work-up (nerve conduction and needle EMG
    # together, A.4); every other needle the plan proposes waits on it (B.4.1)
    if stands.mimic_pending and muscles is not first_muscles:
        muscles = _after_workup(muscles, words)
    # "looking first at" names only regions EMG can reach for a path and can needle now: a
    # region a path needs a clinical sign in, or whose every muscle is withheld, is not one
    spared_studies = _spared(case, readings) if case.emg else []
    spared_regions = {region for _, region in spared_studies}
    suggested = {m.region for m in muscles}
    regions = [r for r in emg_regions if r in suggested or r in spared_regions]
    # the work-up of a treatable-mimic finding leads (B.4.1), and any repeat EMG waits on it
    looking = timing(
        case,
        cset,
        pattern,
        reason,
        emg_regions if reason == "fasciculations_not_yet_studied" else regions,
        upgrades,
        clean,
        confirm,
        words,
        stands,
    )
    if stands.mimic_pending:
        looking = after_mimic_workup(looking, words)
    when = mimic_workup(case, words, stands.mimic_conflict, stands.mimic_pending) + looking
    repeat = any(item.code in REPEAT_TIMINGS for item in when)
    spared = [s for s, _ in spared_studies] if repeat else []
    waits: dict[str, WordValue] = (
        {"missing": missing_prerequisites(case)} if reason == "prerequisites_missing" else {}
    )
    first, later = _spared_sites(case, spared) if spared else ([], [])
    plan = Plan.said(
        guidance_only=True,
        reason=reason,
        upgrades=upgrades,
        muscles=muscles,
        previously_spared=first,
        cautions=cautions(case, [*(m.muscle for m in muscles), *(s.muscle for s in spared)], words),
        timing=when,
        values=waits,
        spared_later_sites=later,
    )
    return plan, kept


__all__ = [
    "REPEAT_TIMINGS",
    "NeedleBarrier",
    "airway_risk",
    "blocked_sides",
    "chest_wall",
    "cranial_second_look",
    "fasciculations_only",
    "first_study_due",
    "involved_regions",
    "make_plan",
    "merged_cautions",
    "needle_barrier",
    "plan_json",
    "second_look_keys",
    "situation",
    "umn_only",
    "upgrade_paths",
]
