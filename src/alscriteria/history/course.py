"""Each criteria set over the visits: the first visit at which it was met, how long that took,
and the category at the first and the last visit.

These are the figures the published comparisons report: sensitivity "at the first and last
evaluation" (criteria.md B.4.4, S24: Gold Coast 93.1% at the first visit against 71.8% for
revised El Escorial) and the time to meeting the criteria (B.5, S14: 15.2 against 9.0
months from onset).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alscriteria.history.result import CriteriaCourse, VisitResult


def criteria_course(
    criteria_id: str, visits: Sequence[VisitResult], onset: date | None
) -> CriteriaCourse:
    first, last = visits[0].results[criteria_id], visits[-1].results[criteria_id]
    met_at = next((v for v in visits if v.results[criteria_id].met), None)
    return CriteriaCourse(
        criteria=criteria_id,
        title=first.title,
        first_met_visit=met_at.number if met_at else None,
        first_met_date=met_at.date if met_at else None,
        days_from_first_visit=met_at.days_from_first_visit if met_at else None,
        days_from_onset=(met_at.date - onset).days if met_at and onset else None,
        category_at_first_visit=first.category,
        category_at_last_visit=last.category,
        met_at_first_visit=first.met,
        met_at_last_visit=last.met,
    )


__all__ = ["criteria_course"]
