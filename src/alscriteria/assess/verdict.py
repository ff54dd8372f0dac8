"""The verdict of one criteria set on one case: the rules that fired and the category they give."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from alscriteria.case.readings import Readings
from alscriteria.criteria import CriteriaSet
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import DEFINITION_INDEX, CaseEvidence, EvidenceMasks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.rule import GateFact, Rule, RuleFact, RulesetSpec

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
    """Each criteria set's verdict on the case, in the order given (`decided_of`)."""
    return decided_of(ctx, sets, readings)[0]


def decided_of(
    ctx: CaseContext, sets: tuple[CriteriaSet, ...], readings: Readings
) -> tuple[list[Verdict], tuple[SetVerdicts, ...]]:
    """Each criteria set's verdict on the case, in the order given, from one reading of
    the case's masks: for each set, what its rule fact reads of the masks packed in one int
    (`SetVerdicts.key`), and the fact, rules fired and pattern kept under it; and the gates
    of all the sets in one look-up, kept for every case with the same gate fact. Both are
    kept in the engine memo (kind `verdicts`: one entry a choice of sets and readings, each
    table at most the rule-fact space, 1,280 a set, and the nine gate facts), so a case asks
    one look-up a set where it asked the fact, the ruleset, the engine and the ladder (tests
    hold every verdict equal to each set's decided alone, and the key to the fact)."""
    masks = ctx.masks(readings)
    engine = ctx.engine
    # by the readings' identity: the entry holds them, so their id is not reused while it lives
    held, tables = engine.remember(
        "verdicts", (sets, id(readings)), lambda: (readings, _tables_of(sets, readings))
    )
    assert held is readings
    gate = ctx.gate
    opened = tables[1].get(gate)
    if opened is None:
        opened = tables[1][gate] = _gates(ctx, sets)
    found = []
    for table, gate_open in zip(tables[0], opened, strict=True):
        key = table.key(masks)
        decided = table.decided.get(key)
        if decided is None:
            decided = table.decided[key] = table.decide(masks, readings, engine)
        fact, fired, pattern = decided
        category = pattern if gate_open else _NOT_MET
        found.append(
            Verdict(None, fact, table.spec, fired, gate_open, pattern, category, ctx, readings)
        )
    return found, tables[0]


class SetVerdicts:
    """One criteria set's verdicts under one choice of readings, by what its rule fact reads
    of the masks (`key`): the fact, the rules fired and the pattern they give, filled as cases
    ask, at most one entry a rule fact (the rule-fact space: 16 x 16 x 5)."""

    __slots__ = (
        "_both",
        "_counting",
        "_definition",
        "_emg_is_lmn",
        "cset",
        "decided",
        "laid_closed",
        "laid_open",
        "spec",
    )

    def __init__(self, cset: CriteriaSet, readings: Readings) -> None:
        self.cset = cset
        self.spec = cset.ruleset(readings)
        self._definition = DEFINITION_INDEX[cset.muscle_definition]
        self._both = cset.clinical_lmn_needs == "weakness_and_wasting"
        self._emg_is_lmn = cset.emg_counts_as_lmn
        # how the EMG count is made (CriteriaSet.emg_count): none, limbs, or regions
        if not cset.uses_emg_count:
            self._counting = 0
        elif readings.lab_supported_emg == "limbs":
            self._counting = 1
        else:
            self._counting = 2
        self.decided: dict[int, tuple[RuleFact, tuple[Rule, ...], Category]] = {}
        # what the evaluator lays out once for a result of this set, these readings and this
        # engine, by the pattern, with the gate open and closed (assess/evaluate.py: the
        # fields an Assessment takes from them alone): at most the set's ladder, twice
        self.laid_open: dict[Category, Any] = {}
        self.laid_closed: dict[Category, Any] = {}

    def key(self, masks: EvidenceMasks) -> int:
        """The UMN mask, the LMN mask and the EMG count `CriteriaSet.fact` reads of the masks,
        packed in one int (`criteria/base.py:packed`): masks with the same key have the same
        fact (tests hold `rule_fact` of the unpacked key equal to the set's fact)."""
        i = self._definition
        emg = masks.emg[i]
        lmn = masks.weakness_and_wasting if self._both else masks.weakness_or_wasting
        if self._emg_is_lmn:
            lmn |= emg
        counting = self._counting
        if not counting:
            return masks.umn | lmn << 4
        count = masks.emg_limbs[i] if counting == 1 else emg.bit_count()
        return masks.umn | lmn << 4 | count << 8

    def decide(
        self, masks: EvidenceMasks, readings: Readings, engine: RuleEngine
    ) -> tuple[RuleFact, tuple[Rule, ...], Category]:
        """The definition: the set's fact, the engine's rules fired, the ladder's pattern."""
        fact = self.cset.fact(masks, readings)
        fired, pattern = decision(self.cset, self.spec, engine.fire(self.spec, fact))
        return fact, fired, pattern


#: A choice of sets' verdict tables, in the order given, and whether each set's gate opens
#: by the case's gate fact (nine facts).
_Tables = tuple[tuple[SetVerdicts, ...], dict[GateFact, tuple[bool, ...]]]


def _tables_of(sets: tuple[CriteriaSet, ...], readings: Readings) -> _Tables:
    return tuple([SetVerdicts(cset, readings) for cset in sets]), {}


_NOT_MET = Category.NOT_MET


def _gates(ctx: CaseContext, sets: tuple[CriteriaSet, ...]) -> tuple[bool, ...]:
    """Whether each set's prerequisites gate opens on the case's gate fact (the engine's)."""
    return tuple([ctx.gate_open(cset) for cset in sets])
