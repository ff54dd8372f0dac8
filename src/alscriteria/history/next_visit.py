"""The next visit, planned from the last one (criteria.md A.4; heuristic, labelled so).

Repeat EMG is due 3 to 6 months after a region was last needled (B.4.4: serial 3-monthly
EMG, S14; at least 6 months to show progression, S6), starting with the muscles that were
normal then (A.4: "concentrating on the muscles that were spared before"); regions never
needled are named; a UMN-only picture is repeated about yearly (A.4). A region whose EMG
already shows LMN involvement under every criteria set's muscle definition gets no date: a
repeat there cannot change a category. Repeat EMG
is planned only when a criteria set's own plan at the last visit asks for a repeat study:
fasciculations alone, once studied, a normal study without symptoms and a category already
at the top get no date for the needle.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import cast

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.advice import Plan
from alscriteria.assess.plan.needling import (
    blocked_sides,
    cautions,
    demoting_caution,
    needle_barrier,
)
from alscriteria.assess.plan.timing import CLINICAL_ONLY_TIMINGS
from alscriteria.assess.plan.upgrades import CLINICAL_ORDER
from alscriteria.case.dates import add_months
from alscriteria.case.model import Case
from alscriteria.history.findings import VisitFindings
from alscriteria.history.model import Visit
from alscriteria.history.result import (
    AlternativeRevisit,
    Documentation,
    LaterCaution,
    LaterSite,
    NextVisit,
    NextVisitReason,
    RegionSampling,
    WithheldSite,
)

#: The plan timings (planning.timing) that ask for a repeat or first needle study.
REPEAT_EMG_TIMINGS = frozenset(
    {
        "repeat_in_3_months",
        "repeat_in_3_months_if_suspected",
        "repeat_at_progression_review",
        "study_fasciculating_regions",
        "examine_and_consider_emg",
        "first_electrodiagnostic_study",
        "umn_only_first_emg",
        "umn_only_yearly_emg",
    }
)

#: Months after a region's last EMG: the start and the end of the window for repeating it.
REPEAT_WINDOW_MONTHS = (3, 6)

#: The window when every plan that asks for a repeat asks for it yearly (a UMN-only
#: picture, A.4): about a year after the last EMG, not 3 to 6 months.
YEARLY_WINDOW_MONTHS = (11, 13)


#: Progression recorded as absent at the last visit: the re-examination that can show it is
#: about 6 months on (examinations at least 6 months apart, A.5, S6), and the EMG goes with
#: it (A.4: no 3-month interval beside it). Months after the last visit.
STATIC_WINDOW_MONTHS = (6, 7)

#: The plan reasons of twitching alone: fasciculations, studied or not, and nothing else.
TWITCHING = frozenset({"fasciculations_only", "fasciculations_not_yet_studied"})

#: The plan reasons that look for ALS evidence (planning.situation): with no needle study yet,
#: the next visit starts with a first one, above all to exclude mimics (B.4.1).
SEEKING = frozenset(
    {
        "top_category_reached",
        "top_category_rests_on_accessory_muscle",
        "workup_in_progress",
        "prerequisites_missing",
        "seeking_evidence",
    }
)
#: The plan timings that lead with the work-up of a treatable-mimic finding (A.4, B.4.1):
#: the repeat EMG the next visit plans waits on it.
MIMIC_WORKUP = frozenset({"mimic_workup_first", "mimic_workup_before_exclusion"})
#: A barrier of one limb: the other side may take the muscle.
_LIMB_BARRIERS = frozenset({"lymphedema", "skin_infection"})
_OTHER_SIDE = {"left": "right", "right": "left"}


def next_visit(
    visits: tuple[Visit, ...],
    last: VisitFindings,
    results: Mapping[str, Assessment],
    last_case: Case,
    revisit: AlternativeRevisit | None = None,
    contradicted: Documentation | None = None,
) -> NextVisit | None:
    """The plan for the visit after the last; None when the Assessments carry no plans.

    The muscles to repeat first are those spared then that the last visit's contraindications
    allow (A.4: never suggest against them); the others are named with the reason. Twitching
    alone gets no window: a twitching region never needled is to be studied (A.2), and the
    regions already studied are not repeated. Another cause restated at the last visit
    beside findings that have gone beyond it (`revisit`) is to be revisited first. A 'no'
    given for progression at the last visit that the findings contradict (`contradicted`, the
    visits and changes that document it) is to be confirmed before its wait is planned.
    """
    plans = {cid: a.plan for cid, a in results.items() if a.plan is not None}
    if not plans:
        return None
    reasons: dict[str, str] = {cid: p.reason for cid, p in plans.items()}
    twitching = all(r in TWITCHING for r in reasons.values())
    timings = {item.code for p in plans.values() for item in p.timing}
    asked = timings & REPEAT_EMG_TIMINGS
    planned = not twitching and bool(asked)
    yearly = asked == {"umn_only_yearly_emg"}
    window = YEARLY_WINDOW_MONTHS if yearly else REPEAT_WINDOW_MONTHS
    static = "progression_not_shown" in timings
    review = visits[-1].date
    summarised: dict[Region, int] = {}
    for done_at, (region, _), _ in last.summaries:
        summarised[region] = max(done_at, summarised.get(region, done_at))
    needled = {s.region for s in last.sites.values()} | set(summarised)
    twitching_unstudied = (
        [
            region
            for region in REGION_ORDER
            if region not in needled
            and "fasciculations" in last_case.findings(region).all_lmn_signs
        ]
        if twitching
        else []
    )
    # a limb region both of whose limbs the contraindications keep the needle from
    study_first = [
        r
        for r in twitching_unstudied
        if not (r.is_limb and blocked_sides(last_case, r) >= {"left", "right"})
    ]
    barred = [r for r in twitching_unstudied if r not in study_first]
    regions: list[RegionSampling] = []
    never: list[Region] = []
    repeat_first: list[str] = []
    for region in REGION_ORDER:
        sites = [(key, s) for key, s in last.sites.items() if s.region is region]
        if not sites and region not in summarised:
            never.append(region)
            continue
        latest = max([s.visit for _, s in sites] + [summarised.get(region, -1)])
        when = visits[latest].date
        # positive under every muscle definition read: El Escorial's may still want a pair
        positive = all(r.emg_lmn for a in results.values() for r in a.regions if r.region is region)
        due = planned and not positive
        # a static course: the EMG goes with the re-examination, dated from the last visit
        start, end = (review, STATIC_WINDOW_MONTHS) if static else (when, window)
        due_by = add_months(start, end[1]) if due else None
        spared: list[str] = []
        later: list[LaterSite] = []
        withheld: list[WithheldSite] = []
        other_side: list[str] = []
        for (muscle, side), state in sorted(sites, key=lambda item: item[1].label):
            if not state.normal:
                continue
            barrier = needle_barrier(muscle, side, region, last_case)
            if barrier is None:
                # the tongue under anticoagulation comes after masseter and the facial
                # muscles, as in the single visit's plan (A.4 airway_alternative, S44)
                caution = demoting_caution(muscle, last_case)
                if caution is None:
                    spared.append(state.label)
                else:
                    later.append(
                        LaterSite(muscle=muscle, side=side, caution=cast(LaterCaution, caution))
                    )
                if due:
                    repeat_first.append(muscle)
            else:
                withheld.append(WithheldSite(muscle=muscle, side=side, barrier=barrier))
                other = _OTHER_SIDE.get(side or "")
                if (
                    barrier in _LIMB_BARRIERS
                    and other is not None
                    and needle_barrier(muscle, other, region, last_case) is None
                ):
                    other_side.append(f"{muscle} ({other})")
        if due and region.is_limb and blocked_sides(last_case, region) >= {"left", "right"}:
            continue  # neither limb may be needled now: no window to promise (the cautions say so)
        if due and withheld and not spared and not later:
            # the other limb takes what one limb's lymphedema or infection withholds; a deep
            # or chest wall muscle withheld leaves the row as it is (the plans offer others)
            repeat_first.extend(m.rpartition(" (")[0] for m in other_side)
        else:
            other_side = []
        regions.append(
            RegionSampling.said(
                region=region,
                last_emg_visit=latest + 1,
                last_emg_date=when,
                emg_positive=positive,
                due_from=add_months(start, end[0]) if due else None,
                due_by=due_by,
                overdue=due_by is not None and due_by < visits[-1].date,
                spared=spared,
                later_sites=later,
                other_side=other_side,
                abnormal=sorted(s.label for _, s in sites if not s.normal),
                withheld_sites=withheld,
            )
        )
    regions.sort(key=lambda r: (r.due_from is None, r.due_from or date.min, r.region.order))
    another_cause = all(r == "alternative_diagnosis_recorded" for r in reasons.values())
    # never needled, and findings the plans look into: a first study, not "no repeat"
    first = (
        not needled and not study_first and (planned or any(r in SEEKING for r in reasons.values()))
    )
    # a category resting on an accessory-nerve muscle as bulbar: a cranial muscle confirms it
    confirm = "confirm_bulbar_region" in timings
    # a treatable-mimic finding at the last visit: its work-up comes before the repeat EMG,
    # as the plans say (B.4.1); said only where it is so, so other next visits read as before
    mimic = planned and not timings.isdisjoint(MIMIC_WORKUP)
    reason: NextVisitReason = (
        "first_study"
        if first
        else (
            "repeat_emg"
            if planned or study_first
            else ("confirm_bulbar" if confirm else "no_repeat_emg")
        )
    )
    # another cause restated beside findings beyond it: revisit it first (the plan says so)
    restated = revisit if another_cause else None
    if restated is not None:
        reason = "revisit_alternative_diagnosis"
    return NextVisit.said(
        guidance_only=True,
        reason=reason,
        plan_reasons=reasons,
        regions=regions,
        never_sampled=never,
        study_first=study_first,
        cautions=cautions(last_case, repeat_first),
        revisit=restated,
        contradicted=contradicted if restated is None else None,
        values={
            "planned": planned,
            "yearly": yearly,
            "static": static,
            "waits_on": _waits_on(plans),
            **_reexamine(plans),
            "confirm_bulbar": confirm,
            "barred": [r.value for r in barred],
            **({"mimic_workup": True} if mimic else {}),
        },
    )


_KINDS = ("umn", "clinical_lmn")


def _reexamine(plans: Mapping[str, Plan]) -> dict[str, list[str]]:
    """What the plans at the last visit look for at the re-examination where EMG cannot raise
    their category (A.2: UMN signs are clinical in every criteria set; A.4), so that "no
    repeat EMG" is not read as "nothing to look for": the criteria sets that say so
    (`reexamine_sets`), what each needs, in the same order (`reexamine_needs`: umn,
    clinical_lmn, umn_and_clinical_lmn where every path needs both, umn_or_clinical_lmn),
    the sets whose paths then take needle EMG beside the finding (`reexamine_then_emg`:
    Awaji counts EMG as LMN evidence, A.3.2) and the regions to look at, in clinical order
    (`reexamine_regions`). Empty lists where no plan says so."""
    sets: list[str] = []
    needs: list[str] = []
    then_emg: list[str] = []
    regions: set[Region] = set()
    for cid, plan in plans.items():
        item = next((t for t in plan.timing if t.code in CLINICAL_ONLY_TIMINGS), None)
        if item is None:
            continue
        kinds = [str(k) for k in _listed(item.values.get("findings")) if k in _KINDS]
        if not kinds:
            continue
        sets.append(cid)
        joint = "_and_" if item.values.get("together") else "_or_"
        needs.append(joint.join(kinds))
        if item.values.get("then_emg"):
            then_emg.append(cid)
        regions.update(Region(str(r)) for r in _listed(item.values.get("regions")))
    return {
        "reexamine_sets": sets,
        "reexamine_needs": needs,
        "reexamine_then_emg": then_emg,
        "reexamine_regions": [r.value for r in sorted(regions, key=CLINICAL_ORDER.__getitem__)],
    }


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _waits_on(plans: Mapping[str, Plan]) -> list[str]:
    """The prerequisites (A.3) the plans at the last visit wait on first, in the plans'
    order: a plan waiting on them names them (`values.missing`); a work-up in progress waits
    on the exclusion."""
    found: dict[str, None] = {}
    for plan in plans.values():
        if plan.reason == "prerequisites_missing":
            missing = plan.values.get("missing")
            if isinstance(missing, list):
                found.update(dict.fromkeys(str(m) for m in missing))
        elif plan.reason == "workup_in_progress":
            found["other_causes_excluded"] = None
    return list(found)


__all__ = [
    "REPEAT_EMG_TIMINGS",
    "REPEAT_WINDOW_MONTHS",
    "SEEKING",
    "STATIC_WINDOW_MONTHS",
    "TWITCHING",
    "YEARLY_WINDOW_MONTHS",
    "next_visit",
]
