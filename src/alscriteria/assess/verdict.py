"""The verdict of one criteria set on one case: the rules that fired and the category they give."""

from __future__ import annotations

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


class Verdict:
    """One criteria set's answer on one case: the rule fact, the category rules that fired,
    whether the prerequisites gate opened, and the categories they give.

    The evidence it was decided from may be gathered when first read (give the case's
    context and readings instead of the evidence): a verdict needs only the masks, and a
    cohort that reads only categories never reads the record of each region that the
    explanations are built from. Never changed after it is built (a plain slotted class: a
    frozen dataclass sets every field through a call, for every set of every case).
    """

    __slots__ = (
        "_ctx",
        "_evidence",
        "_readings",
        "category",
        "fact",
        "fired",
        "gate_open",
        "pattern",
        "spec",
    )

    def __init__(
        self,
        evidence: CaseEvidence | None,
        fact: RuleFact,
        spec: RulesetSpec,
        fired: tuple[Rule, ...],
        gate_open: bool,
        pattern: Category,
        category: Category,
        ctx: CaseContext | None = None,
        readings: Readings | None = None,
    ) -> None:
        self._evidence = evidence
        self._ctx = ctx
        self._readings = readings
        self.fact = fact
        self.spec = spec
        self.fired = fired
        """The category rules that fired."""
        self.gate_open = gate_open
        self.pattern = pattern
        self.category = category

    @property
    def evidence(self) -> CaseEvidence:
        """The evidence the verdict was decided from (its masks are the verdict's masks)."""
        found = self._evidence
        if found is None:
            assert self._ctx is not None and self._readings is not None
            found = self._evidence = self._ctx.evidence(self._readings)
        return found


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
    return verdicts_of(ctx, (cset,), readings)[0]


def verdicts_of(
    ctx: CaseContext, sets: tuple[CriteriaSet, ...], readings: Readings
) -> list[Verdict]:
    """Each criteria set's verdict on the case, in the order given, from one reading of
    the case's masks: the engine's answer for each set's rule fact, and its gate's (the
    gates of all the sets in one look-up, kept in the engine memo for every case with the
    same gate fact: kind `gates`, nine facts by the choices of sets)."""
    masks = ctx.masks(readings)
    engine = ctx.engine
    opened = engine.remember("gates", (sets, ctx.gate), lambda: _gates(ctx, sets))
    found = []
    for cset, gate_open in zip(sets, opened, strict=True):
        fact = cset.fact(masks, readings)
        spec = cset.ruleset(readings)
        fired, pattern = decision(cset, spec, engine.fire(spec, fact))
        category = pattern if gate_open else _NOT_MET
        found.append(Verdict(None, fact, spec, fired, gate_open, pattern, category, ctx, readings))
    return found


_NOT_MET = Category.NOT_MET


def _gates(ctx: CaseContext, sets: tuple[CriteriaSet, ...]) -> tuple[bool, ...]:
    """Whether each set's prerequisites gate opens on the case's gate fact (the engine's)."""
    return tuple([ctx.gate_open(cset) for cset in sets])
