"""Which fired rules decided a category: shared by every presentation (terminal, HTML page).

A trace lists every rule that fired; a reader wants first the one that gave the category. The
prerequisites gate and one rule granting the pattern category decide it; a listed clause is
preferred to the residual Possible (A.3.4 gap), which only applies when no listed clause does.
"""

from __future__ import annotations

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.explanations import RuleFiring


def deciding_rules(a: Assessment) -> list[RuleFiring]:
    """The gate (if it fired) and the rule that granted the pattern category."""
    granting = [f for f in a.trace if f.grants is not None and f.grants == a.pattern_category]
    listed_clauses = [f for f in granting if not f.rule.endswith(".possible_residual")]
    chosen = listed_clauses or granting
    return [f for f in a.trace if f.grants is None] + chosen[:1]


__all__ = ["deciding_rules"]
