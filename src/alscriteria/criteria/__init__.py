"""The registry of criteria sets, in the order results are reported."""

from __future__ import annotations

from types import MappingProxyType

from alscriteria.criteria.awaji import AWAJI
from alscriteria.criteria.base import CriteriaSet
from alscriteria.criteria.gold_coast import GOLD_COAST
from alscriteria.criteria.revised_el_escorial import REVISED_EL_ESCORIAL
from alscriteria.errors import UnknownCriteriaError

CRITERIA: MappingProxyType[str, CriteriaSet] = MappingProxyType(
    {c.id: c for c in (REVISED_EL_ESCORIAL, AWAJI, GOLD_COAST)}
)


def criteria_set(criteria_id: str) -> CriteriaSet:
    try:
        return CRITERIA[criteria_id]
    except (KeyError, TypeError):
        if not isinstance(criteria_id, str):
            raise UnknownCriteriaError(
                f"criteria: {criteria_id!r} is not a criteria set id; "
                f"allowed: {', '.join(CRITERIA)}"
            ) from None
        import difflib

        hint = difflib.get_close_matches(criteria_id, list(CRITERIA), n=1)
        did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
        raise UnknownCriteriaError(
            f"criteria: {criteria_id!r} is not a criteria set{did_you_mean} "
            f"Allowed: {', '.join(CRITERIA)}"
        ) from None


__all__ = ["CRITERIA", "CriteriaSet", "criteria_set"]
