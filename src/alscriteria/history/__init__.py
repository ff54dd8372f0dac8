"""A patient followed over time: dated visits in; for each visit the three Assessments, with
progression derived from the findings where the visit leaves it unset (criteria.md A.5);
each criteria set's first visit met and the time it took; and the next visit planned.

Modules, in the order data flows: `model` (the input), `findings` (what is known at each
visit), `progression` (A.5), `evaluate` (each visit through `evaluate_all`), `course` (per
criteria set), `next_visit` (A.4), `result` (the output models), `flags` (each visit's red
flags, in its own words), `wording` (sentences).
"""

from __future__ import annotations

from alscriteria.history.evaluate import evaluate_history
from alscriteria.history.model import (
    MAX_VISITS,
    History,
    InvalidHistoryError,
    Visit,
    history_schema,
    parse_history,
)
from alscriteria.history.progression import MINIMUM_MONTHS
from alscriteria.history.result import HistoryResult, history_result_schema

__all__ = [
    "MAX_VISITS",
    "MINIMUM_MONTHS",
    "History",
    "HistoryResult",
    "InvalidHistoryError",
    "Visit",
    "evaluate_history",
    "history_result_schema",
    "history_schema",
    "parse_history",
]
