"""Function and stage over a whole history, for a patient's row and the cohort summary:
the first and last visits that measured them, and when each King's stage was first seen."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from alscriteria.function.staging import kings_rank
from alscriteria.history.result import VisitResult

MEASURES = (
    "alsfrs_r_total",
    "delta_fs",
    "delta_fs_band",
    "alsfrs_r_slope",
    "mitos_stage",
    "kings_stage",
)
KINGS_STAGES = ("1", "2A", "2B", "3", "4A", "4B")


def _at(visit: VisitResult) -> dict[str, Any]:
    return {"visit": visit.number, **{m: getattr(visit, m) for m in MEASURES}}


def _reached(visit: VisitResult, stage: str) -> bool:
    """Whether the visit's King's stage is this stage or beyond it; 4A and 4B are two
    milestones of stage 4, each reached only by itself."""
    kings = visit.kings_stage
    if kings is None:
        return False
    if stage in ("4A", "4B"):
        return kings == stage
    return kings_rank(kings) >= kings_rank(stage)  # type: ignore[arg-type]


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
