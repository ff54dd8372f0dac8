"""The ALSFRS-R trajectory of one patient, with the stages marked at each visit
(docs/staging.md): the total against months from onset (or from the first visit).

The geometry is computed here and drawn by `trajectory.svg.j2`, so that it can be tested
without HTML. The stages are written as text beside each point, never shown by colour
alone, so the chart survives greyscale printing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from alscriteria.case.dates import in_months
from alscriteria.history.result import HistoryResult
from alscriteria.report.visitchart import Tick

WIDTH = 560
HEIGHT = 200
LEFT, RIGHT, TOP, BOTTOM = 56, 540, 24, 150


@dataclass(frozen=True)
class Mark:
    visit: int
    x: float
    y: float
    total: int
    months: float
    stages: str
    """"K 2B · M 0": King's and MiToS at the visit, as printed beside the point."""
    label_dy: float = -9
    """Where the label sits from the point: above it, or below where the label before it
    would run over it (visits a few months apart)."""

    @property
    def label(self) -> str:
        return f"{self.total} ({self.stages})" if self.stages else str(self.total)


@dataclass(frozen=True)
class Trajectory:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    marks: tuple[Mark, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    since: str
    description: str

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{m.x:.1f},{m.y:.1f}" for i, m in enumerate(self.marks)
        )


def draw_trajectory(result: HistoryResult) -> Trajectory | None:
    """None with fewer than one visit that has an ALSFRS-R total."""
    measured = [v for v in result.visits if v.alsfrs_r_total is not None]
    if not measured:
        return None
    since = "onset" if result.onset is not None else "the first visit"
    days = [
        (v.days_from_onset if v.days_from_onset is not None else v.days_from_first_visit)
        for v in measured
    ]
    months = [in_months(d) for d in days]
    last = max(months[-1], 1.0)

    def x_of(m: float) -> float:
        return LEFT + (RIGHT - LEFT - 110) * m / last  # room for the last label

    def y_of(total: int) -> float:
        return BOTTOM - (BOTTOM - TOP) * total / 48

    marks = []
    for visit, m in zip(measured, months, strict=True):
        assert visit.alsfrs_r_total is not None
        stages = " · ".join(
            part
            for part in (
                f"K {visit.kings_stage}" if visit.kings_stage else "",
                f"M {visit.mitos_stage}" if visit.mitos_stage is not None else "",
            )
            if part
        )
        marks.append(
            Mark(visit.number, x_of(m), y_of(visit.alsfrs_r_total), visit.alsfrs_r_total, m, stages)
        )
    step = max(1, round(last / 6))
    x_ticks = tuple(Tick(x_of(t), str(t)) for t in range(0, int(last) + 1, step))
    y_ticks = tuple(Tick(y_of(t), str(t)) for t in (0, 12, 24, 36, 48))
    description = f"ALSFRS-R total at each visit, by months from {since}: " + "; ".join(
        f"visit {m.visit}, {m.months} months: {m.total}" + (f" ({m.stages})" if m.stages else "")
        for m in marks
    )
    return Trajectory(
        WIDTH,
        HEIGHT,
        LEFT,
        RIGHT,
        TOP,
        BOTTOM,
        _placed(marks),
        x_ticks,
        y_ticks,
        since,
        description,
    )


#: The rows a point's label may take (from the point: above, then below), the label's start
#: right of the point, and the width a character of the 15px label takes (DejaVu Sans, at
#: most about 0.6 em): a label's end is estimated, never measured (no script on the page).
LABEL_ROWS = (-9.0, 22.0)
LABEL_START = 6.0
CHAR_WIDTH = 9.0


def label_span(mark: Mark) -> tuple[float, float]:
    """Where a point's label starts and (about) ends along the x axis."""
    start = mark.x + LABEL_START
    return start, start + CHAR_WIDTH * len(mark.label)


def _placed(marks: list[Mark]) -> tuple[Mark, ...]:
    """Each label in the first row whose last label ends before it starts; where none is
    free, the row whose last label ends soonest."""
    ends = dict.fromkeys(LABEL_ROWS, float("-inf"))
    out = []
    for mark in marks:
        start, end = label_span(mark)
        free = [row for row in LABEL_ROWS if ends[row] < start]
        row = free[0] if free else min(LABEL_ROWS, key=ends.__getitem__)
        ends[row] = end
        out.append(replace(mark, label_dy=row))
    return tuple(out)


__all__ = ["Mark", "Trajectory", "draw_trajectory", "label_span"]
