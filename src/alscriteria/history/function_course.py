"""Function and stage over a whole history, for a patient's row and the cohort summary:
the first and last visits that measured them, and when each King's stage was first seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from alscriteria.history.result import VisitResult

MEASURES = (
    "alsfrs_r_total",
    "delta_fs",
    "delta_fs_band",
    "alsfrs_r_slope",
    "alsfrs_r_slope_days",
    "alsfrs_r_slope_short",
    "mitos_stage",
    "kings_stage",
)
KINGS_STAGES = ("1", "2A", "2B", "3", "4A", "4B")


def _at(visit: VisitResult) -> dict[str, Any]:
    return {"visit": visit.number, **{m: getattr(visit, m) for m in MEASURES}}


def _reached(visit: VisitResult, stage: str) -> bool:
    """Whether the visit shows this King's milestone by its own evidence (`kings_milestones`):
    a later stage does not show an earlier one (NIV needed with one region involved is 4B
    without 2B or 3), and an ALSFRS-R estimate shows no diagnosis (2A)."""
    return visit.staging is not None and stage in visit.staging.kings_milestones


def function_course(visits: Sequence[VisitResult], onset: date | None) -> dict[str, Any] | None:
    """None when no visit records function. Days to a King's stage count from onset to the
    first visit that shows it: an upper bound, since the stage was reached by that visit."""
    measured = [v for v in visits if v.staging is not None]
    if not measured:
        return None
    days: dict[str, int | None] = {}
    for stage in KINGS_STAGES:
        first = next((v for v in measured if _reached(v, stage)), None)
        days[stage] = (first.date - onset).days if first is not None and onset else None
    return {"first": _at(measured[0]), "last": _at(measured[-1]), "days_from_onset_to_kings": days}


__all__ = ["KINGS_STAGES", "MEASURES", "function_course"]
