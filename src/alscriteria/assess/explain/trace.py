"""The trace: each rule that fired, with the regions, signs and muscles it rested on.

The fact the engine saw carries only counts and region indices; the trace maps a fired rule
back to the clinical findings behind those numbers, so a reader can audit every step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from alscriteria.anatomy.catalogue import muscle_label
from alscriteria.anatomy.regions import Region
from alscriteria.assess.explain.regions import side_evidence
from alscriteria.assess.models.base import unvalidated
from alscriteria.assess.models.explanations import FiringEvidence, RuleFiring
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, RegionEMG, RegionFacts
from alscriteria.rules.rule import Rule


def _regions_for(
    rule: Rule,
    umn: Sequence[Region],
    lmn: Sequence[Region],
    emg_positive: Sequence[Region],
) -> tuple[list[Region], list[Region] | None]:
    u, lo = set(umn), set(lmn)
    kind = rule.evidence
    if kind == "both":
        return [r for r in umn if r in lo], None
    if kind == "umn":
        return list(umn), None
    if kind == "lmn":
        return list(lmn), None
    if kind == "union":
        return sorted(u | lo, key=lambda r: r.order), None
    if kind == "umn_and_emg":  # laboratory support: the UMN region(s) and the EMG regions
        return sorted(u | set(emg_positive), key=lambda r: r.order), None
    if kind == "umn_rostral" and umn and lmn:
        pair = [min(umn, key=lambda r: r.order), max(lmn, key=lambda r: r.order)]
        return sorted(u | lo, key=lambda r: r.order), pair
    if kind == "lmn_rostral" and umn and lmn:
        pair = [min(lmn, key=lambda r: r.order), max(umn, key=lambda r: r.order)]
        return sorted(set(pair), key=lambda r: r.order), pair
    return [], None


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
    umn: Sequence[Region],
    lmn: Sequence[Region],
    emg: dict[Region, RegionEMG],
    emg_counts_as_lmn: bool,
    firing: Callable[[RegionFacts, RegionEMG, bool], FiringEvidence] = firing_evidence,
) -> list[RuleFiring]:
    """The rules that fired with what each rests on; `firing` gives a region's findings
    (the context passes one that builds each once a case, for every criteria set)."""
    emg_positive = [r for r, e in emg.items() if e.positive]
    shown: dict[tuple[Region, bool], FiringEvidence] = {}

    def region_evidence(region: Region, counted: bool) -> FiringEvidence:
        found = shown.get((region, counted))
        if found is None:
            found = shown[(region, counted)] = firing(evidence[region], emg[region], counted)
        return found

    trace = []
    for rule in fired:
        regions, pair = _regions_for(rule, umn, lmn, emg_positive)
        show_emg = emg_counts_as_lmn or rule.evidence == "umn_and_emg"
        trace.append(
            unvalidated(
                RuleFiring,
                {
                    "rule": rule.id,
                    "clause": rule.clause,
                    "citation": rule.citation,
                    "statement": rule.statement,
                    "grants": None if rule.category is None else Category(rule.category),
                    "regions": regions,
                    "rostral_pair": pair,
                    "evidence": [region_evidence(r, show_emg and emg[r].positive) for r in regions],
                },
            )
        )
    return trace
