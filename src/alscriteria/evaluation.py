"""From a case to Assessments: the public `evaluate` and `evaluate_all`.

One evidence pass serves every criteria set: each turns the shared region masks into one
rule fact, the engine says which rules fire (and, apart, whether the prerequisites gate
opens), and the ladder gives the category. That much is done at once. The explanations,
and the same question asked under every other reading of A.3.4 (so the result can say where
the literature's disagreements would change the answer), are built when first read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from alscriteria.assessment import (
    AlternativeReading,
    Assessment,
    Category,
    EngineInfo,
    MuscleEvidence,
    Plan,
    Prerequisites,
    RegionEvidence,
    RuleFiring,
    Shortfall,
)
from alscriteria.case import Case, parse_case
from alscriteria.criteria import CRITERIA, CriteriaSet, criteria_set
from alscriteria.criteria.base import RULES_VERSION
from alscriteria.planning import make_plan
from alscriteria.readings import Readings, readings_from
from alscriteria.regions.anatomy import REGION_ORDER
from alscriteria.regions.catalogue import ACCESSORY_MUSCLES, root_sort_key
from alscriteria.regions.evidence import (
    CaseEvidence,
    EvidenceMasks,
    RegionFacts,
    StudiedMuscle,
    gather_evidence,
)
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.facts import gate_fact
from alscriteria.rules.rule import FactValue, Rule, RuleFact, RulesetSpec
from alscriteria.rules.trace import build_trace

_FINDINGS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "chronic_neurogenic_change",
)


class _CaseContext:
    """One case's evidence, computed once per reading that can change it, and its engine."""

    def __init__(self, case: Case, engine: RuleEngine) -> None:
        self.case = case
        self.engine = engine
        self.gate = gate_fact(case.progression, case.other_causes_excluded)
        self._evidence: dict[tuple[str, str], CaseEvidence] = {}
        # The root rule needs two muscles to matter; the accessory reading, an accessory muscle.
        self._root_matters = len(case.emg) >= 2
        self._accessory_matters = any(s.muscle in ACCESSORY_MUSCLES for s in case.emg)
        self.prerequisites = _prerequisites(case)
        self.engine_info = _engine_info(engine.info.name, engine.info.version)

    def evidence(self, readings: Readings) -> CaseEvidence:
        key = (
            readings.root_independence if self._root_matters else "",
            readings.accessory_muscles if self._accessory_matters else "",
        )
        found = self._evidence.get(key)
        if found is None:
            found = self._evidence[key] = gather_evidence(self.case, readings)
        return found

    def gate_open(self, cset: CriteriaSet) -> bool:
        return bool(self.engine.fire(cset.gate_ruleset(), self.gate))


@cache
def _engine_info(name: str, version: str) -> EngineInfo:
    return EngineInfo(name=name, version=version)


def _prerequisites(case: Case) -> Prerequisites:
    missing = [
        name
        for name, value in (
            ("progression", case.progression),
            ("other_causes_excluded", case.other_causes_excluded),
        )
        if value is not True
    ]
    return Prerequisites(
        progression=case.progression,
        other_causes_excluded=case.other_causes_excluded,
        met=not missing,
        missing=missing,
    )


@dataclass(frozen=True, slots=True)
class _Verdict:
    evidence: CaseEvidence
    fact: RuleFact
    spec: RulesetSpec
    fired: tuple[Rule, ...]
    """The category rules that fired."""
    gate_open: bool
    pattern: Category
    category: Category


@cache
def _decision(
    cset: CriteriaSet, spec: RulesetSpec, fired_ids: frozenset[str]
) -> tuple[tuple[Rule, ...], Category]:
    """The fired rules in ruleset order and the pattern they give (memoised: few exist)."""
    fired = tuple(rule for rule in spec.rules if rule.id in fired_ids)
    return fired, cset.decide(fired, gate_open=True)[0]


def pattern_for(
    cset: CriteriaSet, readings: Readings, masks: EvidenceMasks, engine: RuleEngine
) -> Category:
    """The pattern category the engine gives these region masks (the planner asks this)."""
    spec = cset.ruleset(readings)
    return _decision(cset, spec, engine.fire(spec, cset.fact(masks, readings)))[1]


def _verdict(
    ctx: _CaseContext,
    cset: CriteriaSet,
    readings: Readings,
    same_as: _Verdict | None = None,
) -> _Verdict:
    """The engine's answer; `same_as` is reused when the fact and ruleset are unchanged."""
    evidence = ctx.evidence(readings)
    fact = cset.fact(evidence.masks, readings)
    spec = cset.ruleset(readings)
    if same_as is not None and same_as.fact == fact and same_as.spec is spec:
        return same_as
    fired, pattern = _decision(cset, spec, ctx.engine.fire(spec, fact))
    gate_open = ctx.gate_open(cset)
    category = pattern if gate_open else Category.NOT_MET
    return _Verdict(evidence, fact, spec, fired, gate_open, pattern, category)


# --- explanations, built when first read --------------------------------------------------


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


def _region_name(index: FactValue | None) -> str | None:
    """A fact's region index as the region's name; None for an empty set's sentinel."""
    if isinstance(index, int) and 0 <= index < len(REGION_ORDER):
        return REGION_ORDER[index].value
    return None


def _unmet(rule: Rule, fact: Any) -> list[Shortfall]:
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


class _Explainer:
    """Builds one Assessment's explanations from the verdict it was decided with."""

    def __init__(
        self,
        ctx: _CaseContext,
        cset: CriteriaSet,
        readings: Readings,
        verdict: _Verdict,
        with_plan: bool,
    ) -> None:
        self.ctx = ctx
        self.cset = cset
        self.readings = readings
        self.verdict = verdict
        self.with_plan = with_plan

    def regions(self) -> list[RegionEvidence]:
        return [_region(self.cset, facts) for facts in self.verdict.evidence.regions]

    def trace(self) -> list[RuleFiring]:
        cset, verdict = self.cset, self.verdict
        evidence = verdict.evidence
        emg = {r.region: r.emg[cset.muscle_definition] for r in evidence.regions}
        fired = (cset.gate, *verdict.fired) if verdict.gate_open else verdict.fired
        return build_trace(
            fired,
            evidence,
            cset.umn_regions(evidence),
            cset.lmn_regions(evidence),
            emg,
            cset.emg_counts_as_lmn,
        )

    def missing(self) -> list[Shortfall]:
        cset, verdict = self.cset, self.verdict
        missing: list[Shortfall] = []
        if not verdict.gate_open:
            missing.extend(_unmet(cset.gate, self.ctx.gate))
        upper = cset.above(verdict.pattern)
        if upper is not None:
            for rule in verdict.spec.rules:
                if rule.category == upper:
                    missing.extend(_unmet(rule, verdict.fact))
        return missing

    def notes(self) -> list[str]:
        cset, verdict, readings = self.cset, self.verdict, self.readings
        notes: list[str] = []
        granting = [r for r in verdict.fired if r.category not in (None, Category.NOT_MET)]
        residual = [r for r in verdict.fired if r.id.endswith(".possible_residual")]
        if residual:
            if readings.gap == "residual-possible" and all(r in residual for r in granting):
                notes.append("residual_possible_used")
            if readings.gap == "unclassified" and not granting:
                notes.append("pattern_not_covered")
        regions = verdict.evidence.regions
        if not cset.emg_counts_as_lmn and any(
            r.emg[cset.muscle_definition].positive and not cset.clinical_lmn(r) for r in regions
        ):
            notes.append("emg_counts_only_for_laboratory_support")
        if any(m.key in ACCESSORY_MUSCLES for r in regions for m in r.studied):
            notes.append(f"accessory_muscles_counted_as_{readings.accessory_muscles}")
        if any(r.lmn_signs == ("fasciculations",) for r in regions):
            notes.append("fasciculations_alone_are_not_clinical_lmn")
        return notes

    def alternatives(self) -> list[AlternativeReading]:
        out = []
        verdict = self.verdict
        for option, value, other in self.readings.alternatives():
            if option not in self.cset.readings_used:
                continue
            alt = _verdict(self.ctx, self.cset, other, same_as=verdict)
            if (alt.category, alt.pattern) != (verdict.category, verdict.pattern):
                out.append(
                    AlternativeReading(
                        option=option,
                        value=value,
                        category=alt.category,
                        pattern_category=alt.pattern,
                    )
                )
        return out

    def plan(self) -> Plan | None:
        if not self.with_plan:
            return None
        cset, readings, verdict = self.cset, self.readings, self.verdict
        engine = self.ctx.engine

        def pattern_of(masks: EvidenceMasks) -> Category:
            return pattern_for(cset, readings, masks, engine)

        return make_plan(
            self.ctx.case,
            cset,
            readings,
            verdict.evidence,
            verdict.pattern,
            verdict.category,
            pattern_of,
        )


def _assess(
    ctx: _CaseContext,
    cset: CriteriaSet,
    readings: Readings,
    plan: bool = False,
    eager: bool = False,
) -> Assessment:
    verdict = _verdict(ctx, cset, readings)
    assessment = Assessment(
        criteria=cset.id,
        title=cset.title,
        citation=cset.citation,
        category=verdict.category,
        met=verdict.category is not Category.NOT_MET,
        pattern_category=verdict.pattern,
        prerequisites=ctx.prerequisites,
        next_category=cset.above(verdict.pattern),
        readings=readings,
        engine=ctx.engine_info,
        rules_version=RULES_VERSION,
    )
    assessment._explanations = _Explainer(ctx, cset, readings, verdict, plan)
    return assessment.explain() if eager else assessment


def evaluate(
    case: Case | Mapping[str, Any],
    criteria: str = "awaji",
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> Assessment:
    """Assess one case under one criteria set (ids: revised-el-escorial, awaji, gold-coast).

    `plan=True` adds the repeat-testing plan. Explanations and the plan are built when first
    read, so a caller that reads only the category pays only for the category.
    """
    cset = criteria_set(criteria)
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    ctx = _CaseContext(parse_case(case), engine or shared_engine())
    return _assess(ctx, cset, chosen, plan)


def evaluate_all(
    case: Case | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = False,
    engine: RuleEngine | None = None,
) -> dict[str, Assessment]:
    """Assess one case under every criteria set, keyed by id in the registry's order."""
    return _evaluate_all(case, readings, criteria=criteria, plan=plan, engine=engine)


def _evaluate_all(
    case: Case | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = False,
    engine: RuleEngine | None = None,
    eager: bool = False,
) -> dict[str, Assessment]:
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    sets = [criteria_set(c) for c in criteria] if criteria else list(CRITERIA.values())
    ctx = _CaseContext(parse_case(case), engine or shared_engine())
    return {cset.id: _assess(ctx, cset, chosen, plan, eager) for cset in sets}


__all__ = ["evaluate", "evaluate_all", "pattern_for"]
