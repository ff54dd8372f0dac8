"""One piece of advice as the plan and the red flags carry it: its code, the codes and values
its words name, and (from the voice) its words and source.
"""

from __future__ import annotations

from alscriteria.assess.models.advice import PlanItem
from alscriteria.assess.models.base import WordValue


def item_for(code: str, **values: WordValue) -> PlanItem:
    """The item for `code`, naming `values` (region codes, catalogue keys, finding codes,
    sides, flags: never a phrase); the voice words it (`wording/plan.py`)."""
    return PlanItem.said(code=code, values=values)
