"""The verdict of one criteria set on one case: the rules that fired and the category they give."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from alscriteria.case.readings import Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import CaseEvidence, EvidenceMasks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.rule import Rule, RuleFact, RulesetSpec

if TYPE_CHECKING:
    # the context holds the verdicts' inputs and asks for explanations, which read verdicts:
    # a type only, so the three do not import one another round
    from alscriteria.assess.context import CaseContext


@dataclass(frozen=True, slots=True)
class Verdict:
    evidence: CaseEvidence
    fact: RuleFact
    spec: RulesetSpec
    fired: tuple[Rule, ...]
    """The category rules that fired."""
    gate_open: bool
    pattern: Category
    category: Category


@cache
def decision(
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
    return decision(cset, spec, engine.fire(spec, cset.fact(masks, readings)))[1]


def verdict_of(ctx: CaseContext, cset: CriteriaSet, readings: Readings) -> Verdict:
    """The engine's answer: the category rules that fire, and whether the gate opens."""
    evidence = ctx.evidence(readings)
    fact = cset.fact(evidence.masks, readings)
    spec = cset.ruleset(readings)
    fired, pattern = decision(cset, spec, ctx.engine.fire(spec, fact))
    gate_open = ctx.gate_open(cset)
    category = pattern if gate_open else Category.NOT_MET
    return Verdict(evidence, fact, spec, fired, gate_open, pattern, category)
