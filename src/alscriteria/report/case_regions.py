"""The case page's regions and muscles: each region's findings agreed or told apart per
criteria set, the muscles sampled, the muscles suggested next, and where a needle must not
go.
"""

from __future__ import annotations

from collections.abc import Mapping

from alscriteria import wording
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.case.model import Case
from alscriteria.regions.evidence import studied_muscle
from alscriteria.report import registry
from alscriteria.report.case_views import Agreement, RegionView, SampledMuscle, Suggestion, state_of


def sampled_muscles(case: Case, results: Mapping[str, Assessment]) -> list[SampledMuscle]:
    """Each needle study with the criteria sets it counts for, each set named once however
    often the same muscle and side was recorded (a muscle recorded 500 times named each set
    500 times in each of its 500 markers: a 19 MB page)."""
    first = next(iter(results.values()))
    counted: dict[tuple[str, str | None], dict[str, None]] = {}
    for a in results.values():
        for r in a.regions:
            for m in r.qualifying_muscles:
                counted.setdefault((m.muscle, m.side), {})[a.criteria] = None
    out = []
    for number, study in enumerate(case.emg, start=1):
        muscle = studied_muscle(study, first.readings.accessory_muscles)
        findings = tuple(
            f
            for f in (
                "fibrillation_potentials",
                "positive_sharp_waves",
                "fasciculation_potentials",
                "chronic_neurogenic_change",
            )
            if getattr(study, f)
        )
        out.append(
            SampledMuscle(
                number,
                muscle.key,
                muscle.name,
                muscle.side,
                muscle.region,
                findings,
                tuple(counted.get((muscle.key, muscle.side), ())),
            )
        )
    return out


def suggested_muscles(results: Mapping[str, Assessment]) -> list[Suggestion]:
    """Every plan's muscle suggestions, once per muscle and side, in the order first given.

    The plans already leave out what the case's contraindications exclude; nothing is added
    here that a plan did not suggest.
    """
    order: list[tuple[str, str | None]] = []
    found: dict[tuple[str, str | None], tuple[Region, list[tuple[str, str, str]]]] = {}
    for a in results.values():
        if a.plan is None:
            continue
        for m in a.plan.muscles:
            key = (m.muscle, m.side)
            if key not in found:
                order.append(key)
                found[key] = (m.region, [])
            found[key][1].append((a.criteria, m.reason, m.reason_code))
    known = catalogue()
    out = []
    for number, (muscle, side) in enumerate(order, start=1):
        region, reasons = found[(muscle, side)]
        name = known[muscle].name if muscle in known else muscle.replace("_", " ")
        out.append(Suggestion(number, muscle, name, side, region, tuple(reasons)))
    return out


def region_views(
    results: Mapping[str, Assessment],
    sampled: list[SampledMuscle],
    suggested: list[Suggestion],
) -> list[RegionView]:
    by_set = {a.criteria: {r.region: r for r in a.regions} for a in results.values()}
    first = next(iter(by_set.values()))
    out = []
    for region in REGION_ORDER:
        if region not in first:
            continue
        evidence = first[region]
        long = label("regions", region.value)
        name, _, rest = long.partition(" (")
        out.append(
            RegionView(
                region=region,
                name=name,
                description=rest.rstrip(")"),
                examined=evidence.examined,
                umn=evidence.umn,
                umn_signs=tuple(label("umn_signs", s) for s in evidence.umn_signs),
                lmn_signs=tuple(label("lmn_signs", s) for s in evidence.lmn_signs),
                clinical_lmn=Agreement(
                    tuple(
                        (cid, state_of(regs[region].clinical_lmn, regs[region].clinical_lmn_open))
                        for cid, regs in by_set.items()
                    )
                ),
                emg_lmn=Agreement(
                    tuple(
                        (cid, state_of(regs[region].emg_lmn, regs[region].emg_lmn_open))
                        for cid, regs in by_set.items()
                    )
                ),
                sampled=tuple(m for m in sampled if m.region is region),
                suggested=tuple(s for s in suggested if s.region is region),
                umn_flag=wording.FLAG_WORDS["umn"] if "umn" in evidence.reported_flags else "",
                lmn_flag=wording.FLAG_WORDS["lmn"] if "lmn" in evidence.reported_flags else "",
                sides=registry.sides(evidence),
                emg_as_reported=wording.emg_as_reported(region, evidence.emg_summaries),
                open_for=registry.open_for({cid: regs[region] for cid, regs in by_set.items()}),
                gold_coast_open=any(
                    regs[region].clinical_lmn_open and not regs[region].clinical_lmn
                    for regs in by_set.values()
                ),
            )
        )
    return out


#: A limb region as a clinician names the limb ("the right arm", not "the right cervical limb").
LIMB_NAMES = {"cervical": "arm", "lumbosacral": "leg"}


def contraindication_lines(case: Case) -> list[str]:
    """The limits on needling the case records, in words (the plan's cautions explain them)."""
    c = case.contraindications
    out = []
    if c.anticoagulated:
        out.append("anticoagulation or antiplatelet therapy")
    for site in c.lymphedema:
        out.append(f"lymphedema of the {site.side} {LIMB_NAMES.get(site.region, site.region)}")
    for site in c.skin_infection:
        out.append(f"skin infection of the {site.side} {LIMB_NAMES.get(site.region, site.region)}")
    if c.cardiac_device_side:
        out.append(f"implanted cardiac device on the {c.cardiac_device_side}")
    if c.chest_wall_concerns:
        out.append("chest wall concerns")
    return out
