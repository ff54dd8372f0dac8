"""The line chart of a cohort of histories: the share of patients meeting each criteria set
at visit 1, 2, 3, ... (docs/history.md `met_by_visit`).

The published comparisons report the criteria "at the first and last evaluation" and which
set is met earlier (criteria.md B.4.4, B.5); the chart shows that course for the whole
cohort. Each line is told apart by a marker shape, a dash pattern and its name written at
its end, not by colour alone, so it survives greyscale printing and colour-blindness. The
geometry is computed here and drawn by `visitchart.svg.j2`, so it can be tested without HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Shape = Literal["circle", "square", "triangle", "diamond"]

WIDTH = 600
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 64, 470, 20, 236
#: The least vertical distance between two line-end labels (they are moved apart, never on
#: top of each other).
LABEL_GAP = 15
#: Space between the axes and the first and last visit's markers.
PAD = 24

#: Per line, in criteria order: (shape, dash pattern, colour). The colours are dark enough
#: to print; the shape and dash carry the difference in greyscale.
STYLES: tuple[tuple[Shape, str, str], ...] = (
    ("circle", "", "#08306b"),
    ("square", "7 4", "#b15928"),
    ("triangle", "2 3", "#4a4a4a"),
    ("diamond", "10 3 2 3", "#6a3d9a"),
)


@dataclass(frozen=True)
class Point:
    visit: int
    x: float
    y: float
    met: int
    patients: int
    share: float

    @property
    def percent(self) -> str:
        return f"{100 * self.share:.1f}%"


@dataclass(frozen=True)
class Series:
    criteria: str
    name: str
    shape: Shape
    dash: str
    colour: str
    points: tuple[Point, ...]
    label_x: float
    label_y: float

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class VisitChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Series, ...]
    description: str


def marker_path(shape: Shape, x: float, y: float, r: float = 5.0) -> str:
    """A marker's outline as path data, centred on (x, y)."""
    s = r + 1  # the pointed shapes a little larger, to look as large as the circle
    corners = {
        "square": [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
        "triangle": [(x, y - s), (x + s, y + r), (x - s, y + r)],
        "diamond": [(x, y - s), (x + s, y), (x, y + s), (x - s, y)],
    }.get(shape)
    if corners is None:  # a circle, as two arcs
        return (
            f"M{x - r:.1f},{y:.1f} a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0 "
            f"a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0 Z"
        )
    return "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in corners) + " Z"


def _spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Label positions as near `wanted` as they can be, at least LABEL_GAP apart."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    below = low - LABEL_GAP
    for i in order:
        placed[i] = max(wanted[i], below + LABEL_GAP)
        below = placed[i]
    overflow = below - high
    if overflow > 0:  # pushed past the bottom: move the whole stack up
        placed = [p - overflow for p in placed]
    return placed


def draw_visit_chart(
    per_set: Mapping[str, Sequence[Mapping[str, Any]]], names: Mapping[str, str]
) -> VisitChart | None:
    """The chart from the summary's `met_by_visit` per criteria id; None without visits."""
    visits = sorted({int(v["visit"]) for rows in per_set.values() for v in rows})
    if not visits:
        return None
    last = max(visits)
    # room inside the axes for the side-by-side markers at the first and the last visit
    span = RIGHT - LEFT - 2 * PAD

    def x_of(visit: int) -> float:
        return LEFT + PAD + (span * (visit - 1) / (last - 1) if last > 1 else span / 2)

    def y_of(share: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * share

    n = len(per_set)
    lines: list[Series] = []
    for i, (cid, rows) in enumerate(per_set.items()):
        shape, dash, colour = STYLES[i % len(STYLES)]
        dodge = (i - (n - 1) / 2) * 11  # equal shares at one visit: the markers side by side
        points = tuple(
            Point(
                int(r["visit"]),
                x_of(int(r["visit"])) + dodge,
                y_of(float(r["share"])),
                int(r["met"]),
                int(r["patients"]),
                float(r["share"]),
            )
            for r in sorted(rows, key=lambda r: int(r["visit"]))
        )
        lines.append(Series(cid, names.get(cid, cid), shape, dash, colour, points, 0.0, 0.0))
    ends = _spread([ln.points[-1].y if ln.points else BOTTOM for ln in lines], TOP, BOTTOM)
    lines = [
        Series(ln.criteria, ln.name, ln.shape, ln.dash, ln.colour, ln.points, RIGHT + 22, y)
        for ln, y in zip(lines, ends, strict=True)
    ]
    description = "Share of patients meeting each criteria set at each visit. " + "; ".join(
        f"{ln.name} ({ln.shape} markers): "
        + ", ".join(f"visit {p.visit} {p.percent} ({p.met} of {p.patients})" for p in ln.points)
        for ln in lines
    )
    return VisitChart(
        WIDTH,
        HEIGHT,
        LEFT,
        RIGHT,
        TOP,
        BOTTOM,
        tuple(Tick(x_of(v), str(v)) for v in visits),
        tuple(Tick(y_of(s / 4), f"{25 * s}%") for s in range(5)),
        tuple(lines),
        description,
    )


__all__ = [
    "HEIGHT",
    "LABEL_GAP",
    "STYLES",
    "WIDTH",
    "Point",
    "Series",
    "VisitChart",
    "draw_visit_chart",
    "marker_path",
]
