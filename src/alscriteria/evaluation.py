"""From a case to Assessments: the public `evaluate` and `evaluate_all`.

Each criteria set turns the shared regional evidence into one fact, the engine says which
rules fire, and the ladder gives the category. The same question is then asked under every
other reading of A.3.4 that could matter, so the result can say where the literature's
disagreements would change the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from alscriteria.assessment import (
    AlternativeReading,
    Assessment,
    Category,
    MuscleEvidence,
    Plan,
    Prerequisites,
    RegionEvidence,
    Shortfall,
)
from alscriteria.case import Case, parse_case
from alscriteria.criteria import CRITERIA, CriteriaSet, criteria_set
from alscriteria.planning import make_plan
from alscriteria.readings import Readings, readings_from
from alscriteria.regions.anatomy import REGION_ORDER
from alscriteria.regions.catalogue import ACCESSORY_MUSCLES, root_sort_key
from alscriteria.regions.evidence import CaseEvidence, RegionFacts, StudiedMuscle, gather_evidence
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.rule import FactValue, Rule
from alscriteria.rules.trace import build_trace

_FINDINGS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "chronic_neurogenic_change",
)


class _CaseContext:
    """One case's evidence and facts, each computed once per reading that can change it."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self._evidence: dict[tuple[str, str], CaseEvidence] = {}
        self._facts: dict[tuple[str, int, str], dict[str, FactValue]] = {}
        # The root rule needs two muscles to matter; the accessory reading, an accessory muscle.
        self._root_matters = len(case.emg) >= 2
        self._accessory_matters = any(s.muscle in ACCESSORY_MUSCLES for s in case.emg)

    def evidence(self, readings: Readings) -> CaseEvidence:
        key = (
            readings.root_independence if self._root_matters else "",
            readings.accessory_muscles if self._accessory_matters else "",
        )
        found = self._evidence.get(key)
        if found is None:
            found = self._evidence[key] = gather_evidence(self.case, readings)
        return found

    def fact(self, cset: CriteriaSet, readings: Readings) -> dict[str, FactValue]:
        evidence = self.evidence(readings)
        key = (cset.id, id(evidence), readings.lab_supported_emg)
        found = self._facts.get(key)
        if found is None:
            case = self.case
            found = cset.fact(evidence, readings, case.progression, case.other_causes_excluded)
            self._facts[key] = found
        return found


@dataclass(frozen=True, slots=True)
class _Verdict:
    evidence: CaseEvidence
    fact: dict[str, FactValue]
    rules: tuple[Rule, ...]
    fired: tuple[Rule, ...]
    pattern: Category
    category: Category


def _verdict(
    ctx: _CaseContext,
    cset: CriteriaSet,
    readings: Readings,
    engine: RuleEngine,
    same_as: _Verdict | None = None,
) -> _Verdict:
    """The engine's answer; `same_as` is reused when the fact and ruleset are unchanged."""
    evidence = ctx.evidence(readings)
    fact = ctx.fact(cset, readings)
    spec = cset.ruleset(readings)
    if same_as is not None and same_as.fact == fact and same_as.rules is spec.rules:
        return same_as
    fired_ids = engine.fire(spec, fact)
    fired = tuple(rule for rule in spec.rules if rule.id in fired_ids)
    pattern, category = cset.decide(fired)
    return _Verdict(evidence, fact, spec.rules, fired, pattern, category)


def _muscle(m: StudiedMuscle) -> MuscleEvidence:
    return MuscleEvidence(
        muscle=m.key,
        name=m.name,
        side=m.side,
        region=m.region,
        roots=sorted(m.roots, key=root_sort_key),
        nerve=m.nerve,
        findings=[f for f in _FINDINGS if getattr(m.study, f)],
    )


def _region(cset: CriteriaSet, facts: RegionFacts) -> RegionEvidence:
    emg = facts.emg[cset.muscle_definition]
    return RegionEvidence(
        region=facts.region,
        examined=facts.examined,
        umn=facts.umn,
        umn_signs=list(facts.umn_signs),
        clinical_lmn=cset.clinical_lmn(facts),
        lmn_signs=list(facts.lmn_signs),
        emg_lmn=emg.positive,
        emg_lmn_sides=list(emg.positive_sides),
        emg_muscles=[_muscle(m) for m in emg.witness],
        qualifying_muscles=[_muscle(m) for m in emg.qualifying],
        muscles_studied=len(facts.studied),
        lmn=cset.counts_as_lmn(facts),
    )


def _shortfalls(cset: CriteriaSet, verdict: _Verdict) -> tuple[Category | None, list[Shortfall]]:
    missing: list[Shortfall] = []
    for rule in verdict.rules:
        if rule.category is None and rule not in verdict.fired:
            missing.extend(_unmet(rule, verdict.fact))
    upper = cset.above(verdict.pattern)
    if upper is not None:
        for rule in verdict.rules:
            if rule.category == upper:
                missing.extend(_unmet(rule, verdict.fact))
    return upper, missing


def _region_name(index: FactValue | None) -> str | None:
    """A fact's region index as the region's name; None for an empty set's sentinel."""
    if isinstance(index, int) and 0 <= index < len(REGION_ORDER):
        return REGION_ORDER[index].value
    return None


def _unmet(rule: Rule, fact: Mapping[str, FactValue]) -> list[Shortfall]:
    """Unmet requirements; a comparison of two regions reports their names, not indices."""
    out = []
    for req in rule.requirements:
        if req.holds(fact):
            continue
        have: FactValue | None = req.have(fact)
        need: FactValue | None = req.need(fact)
        if req.other is not None:
            have, need = _region_name(have), _region_name(need)
        out.append(
            Shortfall(
                rule=rule.id,
                category=Category(rule.category) if rule.category else None,
                code=req.code,
                have=have,
                need=need,
            )
        )
    return out


def _notes(cset: CriteriaSet, verdict: _Verdict, readings: Readings) -> list[str]:
    notes: list[str] = []
    granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
    residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
    if residual:
        if readings.gap == "residual-possible" and all(r in residual for r in granting):
            notes.append("residual_possible_used")
        if readings.gap == "unclassified" and not granting:
            notes.append("pattern_not_covered")
    if not cset.emg_counts_as_lmn and any(
        r.emg[cset.muscle_definition].positive and not cset.clinical_lmn(r)
        for r in verdict.evidence.regions
    ):
        notes.append("emg_counts_only_for_laboratory_support")
    if any(m.key in ACCESSORY_MUSCLES for r in verdict.evidence.regions for m in r.studied):
        notes.append(f"accessory_muscles_counted_as_{readings.accessory_muscles}")
    if any(r.lmn_signs == ("fasciculations",) for r in verdict.evidence.regions):
        notes.append("fasciculations_alone_are_not_clinical_lmn")
    return notes


def _assess(
    ctx: _CaseContext,
    cset: CriteriaSet,
    readings: Readings,
    engine: RuleEngine,
    plan: bool = False,
) -> Assessment:
    verdict = _verdict(ctx, cset, readings, engine)
    evidence = verdict.evidence
    umn = cset.umn_regions(evidence)
    lmn = cset.lmn_regions(evidence)
    emg = {r.region: r.emg[cset.muscle_definition] for r in evidence.regions}
    upper, missing = _shortfalls(cset, verdict)
    case = ctx.case
    prerequisites_missing = [
        name
        for name, value in (
            ("progression", case.progression),
            ("other_causes_excluded", case.other_causes_excluded),
        )
        if value is not True
    ]
    alternatives = []
    for option, value, other in readings.alternatives():
        if option not in cset.readings_used:
            continue
        alt = _verdict(ctx, cset, other, engine, same_as=verdict)
        if (alt.category, alt.pattern) != (verdict.category, verdict.pattern):
            alternatives.append(
                AlternativeReading(
                    option=option, value=value, category=alt.category, pattern_category=alt.pattern
                )
            )
    return Assessment(
        criteria=cset.id,
        title=cset.title,
        citation=cset.citation,
        category=verdict.category,
        met=verdict.category is not Category.NOT_MET,
        pattern_category=verdict.pattern,
        prerequisites=Prerequisites(
            progression=case.progression,
            other_causes_excluded=case.other_causes_excluded,
            met=not prerequisites_missing,
            missing=prerequisites_missing,
        ),
        regions=[_region(cset, facts) for facts in evidence.regions],
        trace=build_trace(verdict.fired, evidence, umn, lmn, emg, cset.emg_counts_as_lmn),
        next_category=upper,
        missing=missing,
        notes=_notes(cset, verdict, readings),
        readings=readings,
        alternatives=alternatives,
        plan=_plan(ctx, cset, readings, engine, verdict) if plan else None,
    )


def _plan(
    ctx: _CaseContext, cset: CriteriaSet, readings: Readings, engine: RuleEngine, verdict: _Verdict
) -> Plan:
    def pattern_of(changed: Case) -> Category:
        return _verdict(_CaseContext(changed), cset, readings, engine).pattern

    return make_plan(
        ctx.case,
        cset,
        readings,
        verdict.evidence,
        verdict.pattern,
        verdict.category,
        pattern_of,
    )


def evaluate(
    case: Case | Mapping[str, Any],
    criteria: str = "awaji",
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> Assessment:
    """Assess one case under one criteria set (ids: revised-el-escorial, awaji, gold-coast).

    `plan=True` adds the repeat-testing plan; it asks the engine about many changed cases, so
    it is off unless asked for.
    """
    cset = criteria_set(criteria)
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    ctx = _CaseContext(parse_case(case))
    return _assess(ctx, cset, chosen, engine or shared_engine(), plan)


def evaluate_all(
    case: Case | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> dict[str, Assessment]:
    """Assess one case under every criteria set, keyed by id in the registry's order."""
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    sets = [criteria_set(c) for c in criteria] if criteria else list(CRITERIA.values())
    ctx = _CaseContext(parse_case(case))
    use = engine or shared_engine()
    return {cset.id: _assess(ctx, cset, chosen, use, plan) for cset in sets}


__all__ = ["evaluate", "evaluate_all"]
