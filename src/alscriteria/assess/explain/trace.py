"""The trace: each rule that fired, with the regions, signs and muscles it rested on.

The fact the engine saw carries only counts and region indices; the trace maps a fired rule
back to the clinical findings behind those numbers, so a reader can audit every step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from alscriteria.anatomy.catalogue import muscle_label
from alscriteria.anatomy.regions import Region, regions_in
from alscriteria.assess.explain.regions import side_evidence
from alscriteria.assess.models.base import unvalidated
from alscriteria.assess.models.explanations import FiringEvidence, RuleFiring
from alscriteria.assess.models.pieces import list_json, model_json, without_last_field
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, RegionEMG, RegionFacts
from alscriteria.rules.rule import Rule


@cache
def regions_for(
    kind: str, umn: int, lmn: int, emg_positive: int
) -> tuple[tuple[Region, ...], tuple[Region, Region] | None]:
    """The regions a rule of this evidence kind rests on, rostral first, and the rostral
    pair [upper, lower] where the clause names one, from the UMN, LMN and EMG-positive
    regions as bit masks (bit i: the region of index i). A table over a closed domain
    (seven kinds, 16 masks each): every case with the same masks reads the same answer."""
    if kind == "both":
        return tuple(regions_in(umn & lmn)), None
    if kind == "umn":
        return tuple(regions_in(umn)), None
    if kind == "lmn":
        return tuple(regions_in(lmn)), None
    if kind == "union":
        return tuple(regions_in(umn | lmn)), None
    if kind == "umn_and_emg":  # laboratory support: the UMN region(s) and the EMG regions
        return tuple(regions_in(umn | emg_positive)), None
    if kind == "umn_rostral" and umn and lmn:
        upper, lower = regions_in(umn)[0], regions_in(lmn)[-1]
        return tuple(regions_in(umn | lmn)), (upper, lower)
    if kind == "lmn_rostral" and umn and lmn:
        upper, lower = regions_in(lmn)[0], regions_in(umn)[-1]
        return tuple(regions_in((1 << upper.order) | (1 << lower.order))), (upper, lower)
    return (), None


def firing_evidence(facts: RegionFacts, emg: RegionEMG, emg_counted: bool) -> FiringEvidence:
    """One region's findings as a fired rule rests on them (the same for every rule, and
    every criteria set that counts the same EMG: built once a case, see build_trace)."""
    counted_by_summary = emg_counted and emg.by_summary
    return unvalidated(
        FiringEvidence,
        {
            "region": facts.region,
            "umn_signs": list(facts.umn_signs),
            "lmn_signs": list(facts.lmn_signs),
            "emg_muscles": [muscle_label(m.key, m.side) for m in emg.witness]
            if emg_counted
            else [],
            "emg_summaries": list(emg.summaries) if counted_by_summary else [],
            "reported_flags": list(facts.reported_flags),
            "sides": [side_evidence(s) for s in facts.sides] if facts.sides else [],
        },
    )


def build_trace(
    fired: Iterable[Rule],
    evidence: CaseEvidence,
    umn: int,
    lmn: int,
    emg: dict[Region, RegionEMG],
    emg_counts_as_lmn: bool,
    firing: Callable[[RegionFacts, RegionEMG, bool], FiringEvidence] = firing_evidence,
) -> list[RuleFiring]:
    """The rules that fired with what each rests on (`umn` and `lmn`: the criteria set's
    UMN and LMN regions as bit masks); `firing` gives a region's findings (the context
    passes one that builds each once a case, for every criteria set)."""
    shown: dict[tuple[Region, bool], FiringEvidence] = {}

    def region_evidence(region: Region, counted: bool) -> FiringEvidence:
        found = shown.get((region, counted))
        if found is None:
            found = shown[(region, counted)] = firing(evidence[region], emg[region], counted)
        return found

    return [
        rule_firing(rule, regions, pair, [region_evidence(r, c) for r, c in counted])
        for rule, regions, pair, counted in firings(fired, umn, lmn, emg, emg_counts_as_lmn)
    ]


#: A trace's JSON as planned for one criteria set's fired rules and masks (what `build_trace`
#: builds, as pydantic writes it, from pieces): each
#: rule's JSON before its evidence, its regions' mask (its regions are those of the mask,
#: rostral first: `shown_for`), and the mask of those whose EMG it shows (counted as LMN, or
#: the laboratory support it rests on, where positive). Bytes and integers alone: kept in
#: the engine memo for every case alike, a plan is no object the garbage collector tracks
#: (its regions as a tuple of enum members were two tracked objects a rule).
TracePlan = tuple[tuple[bytes, int, int], ...]


def trace_plan(
    fired: Iterable[Rule],
    umn: int,
    lmn: int,
    emg_positive: int,
    emg_counts_as_lmn: bool,
    head_json: Callable[[Rule, tuple[Region, ...], Pair, RegionsKey], bytes],
) -> TracePlan:
    """What the trace's JSON reads of the fired rules and the masks, made once for every case
    whose set fires the same rules on the same masks (the case's own findings are joined in
    by `planned_trace_json`): each rule's fields before its evidence (`head_json`:
    `firing_head`, the same for every case whose masks give the rule the same regions),
    keyed by integers (`shown_for`: a region is an enum, whose hash is Python's)."""
    plan = []
    for rule in fired:
        regions, pair, key = shown_for(rule.evidence, umn, lmn, emg_positive)
        show_emg = emg_counts_as_lmn or rule.evidence == "umn_and_emg"
        counted = key[0] & emg_positive if show_emg else 0
        plan.append((head_json(rule, regions, pair, key), key[0], counted))
    return tuple(plan)


def planned_trace_json(plan: TracePlan, shown_json: Callable[[int, int], bytes]) -> bytes:
    """The trace's JSON from its plan: each rule's head, then its regions' findings
    (`shown_json`: the regions' mask and the mask of those whose EMG is shown, written
    once a case), closed. Equal to pydantic's JSON of `build_trace` (tests/
    test_session11_serialised.py, test_stitched_json.py)."""
    return list_json([head + shown_json(mask, counted) + b"}" for head, mask, counted in plan])


#: A rule's regions and rostral pair as integers: the regions' bit mask (they are always in
#: rostral order, each once) and the pair's orders (-1 for none).
RegionsKey = tuple[int, int]


@cache
def shown_for(
    kind: str, umn: int, lmn: int, emg_positive: int
) -> tuple[tuple[Region, ...], Pair, RegionsKey]:
    """`regions_for`, with its answer as integers (`RegionsKey`): the same closed domain."""
    regions, pair = regions_for(kind, umn, lmn, emg_positive)
    mask = 0
    for region in regions:
        mask |= 1 << region.order
    return regions, pair, (mask, -1 if pair is None else pair[0].order * 4 + pair[1].order)


def _positive(emg: dict[Region, RegionEMG]) -> int:
    emg_positive = 0
    for region, e in emg.items():
        if e.positive:
            emg_positive |= 1 << region.order
    return emg_positive


Pair = tuple[Region, Region] | None


def firings(
    fired: Iterable[Rule],
    umn: int,
    lmn: int,
    emg: dict[Region, RegionEMG],
    emg_counts_as_lmn: bool,
) -> list[tuple[Rule, tuple[Region, ...], Pair, list[tuple[Region, bool]]]]:
    """Each fired rule with its regions, rostral pair, and whether each region's EMG is
    shown under it (counted as LMN, or the laboratory support the rule rests on)."""
    emg_positive = _positive(emg)
    out = []
    for rule in fired:
        regions, pair = regions_for(rule.evidence, umn, lmn, emg_positive)
        show_emg = emg_counts_as_lmn or rule.evidence == "umn_and_emg"
        out.append((rule, regions, pair, [(r, show_emg and emg[r].positive) for r in regions]))
    return out


def rule_firing(
    rule: Rule, regions: tuple[Region, ...], pair: Pair, evidence: list[FiringEvidence]
) -> RuleFiring:
    """One fired rule as the trace shows it."""
    return unvalidated(
        RuleFiring,
        {
            "rule": rule.id,
            "clause": rule.clause,
            "citation": rule.citation,
            "statement": rule.statement,
            "grants": None if rule.category is None else Category(rule.category),
            "regions": list(regions),
            "rostral_pair": None if pair is None else list(pair),
            "evidence": evidence,
        },
    )


def firing_head(rule: Rule, regions: tuple[Region, ...], pair: Pair) -> bytes:
    """A fired rule's JSON up to its evidence (the last field), which the caller writes."""
    return without_last_field(model_json(rule_firing(rule, regions, pair, [])), "evidence", b"[]")


def head_key(rule: Rule, key: RegionsKey) -> tuple[object, ...]:
    """What `firing_head` reads: the rule's shown fields (not its requirements, which a
    dataclass hash would walk), its regions and pair (as `shown_for` gives them)."""
    return (rule.id, rule.clause, rule.citation, rule.statement, rule.category, key)
