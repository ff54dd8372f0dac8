"""Rules as data: a criteria clause is an id, its citation and a conjunction of requirements.

One requirement list serves twice: it is compiled into the durable_rules condition that the
engine runs, and it is read back to say which requirement a case fell short of. Both come
from the same data, so the explanation cannot drift from the rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Op = Literal["==", ">=", "<", "<="]
FactValue = int | str

_ENGINE_OP: dict[Op, str] = {">=": "$gte", "<": "$lt", "<=": "$lte"}
_PY_OP: dict[Op, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

Evidence = Literal["none", "both", "umn", "lmn", "union", "emg", "umn_rostral", "lmn_rostral"]


@dataclass(frozen=True, slots=True)
class Requirement:
    """`fact[field] op value`, or `fact[field] op fact[other]` when `other` is set."""

    code: str
    field: str
    op: Op
    value: FactValue | None = None
    other: str | None = None

    def condition(self) -> dict[str, Any]:
        right: Any = {"$m": self.other} if self.other else self.value
        if self.op == "==":
            return {self.field: right}
        return {_ENGINE_OP[self.op]: {self.field: right}}

    def holds(self, fact: Mapping[str, FactValue]) -> bool:
        right = fact[self.other] if self.other else self.value
        return _PY_OP[self.op](fact[self.field], right)

    def have(self, fact: Mapping[str, FactValue]) -> FactValue:
        return fact[self.field]

    def need(self, fact: Mapping[str, FactValue]) -> FactValue | None:
        return fact[self.other] if self.other else self.value


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    clause: str
    """The clause of criteria.md Part A that this rule implements (e.g. "A.3.1.2")."""
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

    def holds(self, fact: Mapping[str, FactValue]) -> bool:
        return all(r.holds(fact) for r in self.requirements)


@dataclass(frozen=True, slots=True)
class RulesetSpec:
    """A named, versioned set of rules; the name changes whenever any rule could."""

    name: str
    rules: tuple[Rule, ...]

    def definition(self) -> dict[str, dict[str, Any]]:
        """The durable_rules JSON definition (without actions), keyed by rule id."""
        return {rule.id: {"all": [{"m": rule.condition()}]} for rule in self.rules}
