"""Rules as data: a criteria clause is an id, its citation and a conjunction of requirements.

One requirement list serves three times: it is compiled into the durable_rules condition
that the engine runs, it is run by the project's own evaluator where durable_rules cannot be
imported, and it is read back to say which requirement a case fell short of. All three come
from the same data, so neither the fallback nor the explanation can drift from the rule.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Op = Literal["==", ">=", "<", "<="]
FactValue = int | str

_ENGINE_OP: dict[Op, str] = {">=": "$gte", "<": "$lt", "<=": "$lte"}
_PY_OP: dict[Op, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

Evidence = Literal[
    "none", "both", "umn", "lmn", "union", "umn_and_emg", "umn_rostral", "lmn_rostral"
]


class RuleFact(NamedTuple):
    """What a criteria set's category rules are asked about: counts and extreme regions.

    A pure function of the region sets U and L and the EMG count, so the whole space of rule
    facts is finite (16 x 16 x 5) and a verdict can be kept per (ruleset, fact).
    """

    umn: int
    lmn: int
    both: int
    union: int
    emg: int
    umn_top: int
    umn_bottom: int
    lmn_top: int
    lmn_bottom: int


class GateFact(NamedTuple):
    """What the prerequisites gate is asked about (A.3): each is "true", "false" or "unknown"."""

    progression: str
    other_causes_excluded: str


Fact = RuleFact | GateFact


@dataclass(frozen=True, slots=True)
class Requirement:
    """`fact.field op value`, or `fact.field op fact.other` when `other` is set."""

    code: str
    field: str
    op: Op
    value: FactValue | None = None
    other: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The fact's fields this requirement reads."""
        return (self.field, self.other) if self.other else (self.field,)

    def condition(self) -> dict[str, Any]:
        right: Any = {"$m": self.other} if self.other else self.value
        if self.op == "==":
            return {self.field: right}
        return {_ENGINE_OP[self.op]: {self.field: right}}

    def holds(self, fact: Fact) -> bool:
        right = getattr(fact, self.other) if self.other else self.value
        return _PY_OP[self.op](getattr(fact, self.field), right)

    def have(self, fact: Fact) -> FactValue:
        value: FactValue = getattr(fact, self.field)
        return value

    def need(self, fact: Fact) -> FactValue | None:
        if self.other:
            value: FactValue = getattr(fact, self.other)
            return value
        return self.value


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    clause: str
    """The clause of the specification (docs/criteria.md) this rule implements ("A.3.1.2")."""
    citation: str
    statement: str
    """The clause in our own words."""
    category: str | None
    """The category this rule grants; None for the prerequisites gate."""
    requirements: tuple[Requirement, ...]
    evidence: Evidence = "none"
    """Which regions the trace shows as the evidence this rule used."""

    def condition(self) -> dict[str, Any]:
        parts = [r.condition() for r in self.requirements]
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def holds(self, fact: Fact) -> bool:
        return all(r.holds(fact) for r in self.requirements)


@dataclass(frozen=True, slots=True, eq=False)
class RulesetSpec:
    """A named, versioned set of rules; the name changes whenever any rule could.

    Specs are built once per name and compared by identity, which keeps them cheap as keys.
    """

    name: str
    rules: tuple[Rule, ...]
    reads: tuple[str, ...] = field(init=False)
    """The fact's fields the rules read (each requirement's field, and the one it is compared
    with): which rules fire is a function of these alone."""
    asks: str = field(init=False, repr=False)
    """The question the engine is given, whatever the name: the rules' ids and conditions
    (`definition`, as JSON). Rulesets with the same rules and conditions fire the same rules
    on every fact, so the engine memo keeps one answer for them: the two gap readings
    (A.3.4) differ only in what the residual rule grants (criteria/clauses.py `possible`),
    and the plan's question of the other reading, or an alternative reading's, is then
    the one already answered. Written by `repr` (ids, field names, operators, strings and
    ints: equal definitions, and only they, write the same), interned: equal questions
    are one string."""
    _project: Callable[[Fact], object] = field(init=False, repr=False)
    _requirements: tuple[Requirement, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        named = {name for rule in self.rules for r in rule.requirements for name in r.fields}
        reads = tuple(sorted(named))
        object.__setattr__(self, "reads", reads)
        every = tuple(r for rule in self.rules for r in rule.requirements)
        object.__setattr__(self, "_requirements", every)
        # one C call per question; a rule-less spec reads nothing (every fact is alike)
        project = operator.attrgetter(*reads) if reads else (lambda fact: ())
        object.__setattr__(self, "_project", project)
        object.__setattr__(self, "asks", sys.intern(repr(self.definition())))

    def projection(self, fact: Fact) -> object:
        """The fact as the rules see it: two facts equal here fire the same rules, so the
        engine memo keeps one answer for both (fewer questions on a cold start)."""
        return self._project(fact)

    def outcomes(self, fact: Fact) -> tuple[bool, ...]:
        """Whether each requirement of the rules holds on the fact, rule by rule in order
        (rulesets that ask alike, `asks`, have the same requirements in the same places). A
        rule's condition is the conjunction of its requirements, so facts alike here fire
        the same rules: coarser than `projection` (of a count compared with a number it
        keeps only the comparison, `both >= 3`, not `both`), it lets the plan's upgrade
        search give one engine answer to every fact alike (assess/explain/alternatives.py
        `_rank_reader`), asked of the engine on the first such fact. tests/test_engines.py
        holds it over the fact space of every ruleset, durable_rules' own answers included."""
        return tuple([r.holds(fact) for r in self._requirements])

    def definition(self) -> dict[str, dict[str, Any]]:
        """The durable_rules JSON definition (without actions), keyed by rule id."""
        return {rule.id: {"all": [{"m": rule.condition()}]} for rule in self.rules}
