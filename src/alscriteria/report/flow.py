"""The flow picture's layout: how patients move from one criteria set to the next.

An alluvial diagram: one column per criteria set (revised El Escorial, Awaji, Gold Coast, in
the registry's order), one block per category sized by its patients, and a band from each
category of one column to each category of the next, as wide as the patients who make that
move. The layout is computed here and drawn by a template; every block and band also says
its count in words, so the picture never depends on reading widths or colours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from alscriteria import wording
from alscriteria.report.palette import category_fill, category_ink

WIDTH = 740
TOP = 34
AREA = 300
GAP = 10
NODE_WIDTH = 16
#: Room for the labels left of the first column and right of the last.
LEFT = 232
RIGHT = 150


@dataclass(frozen=True)
class Node:
    column: int
    category: str
    words: str
    count: int
    x: float
    y: float
    height: float
    fill: str
    ink: str

    @property
    def label(self) -> str:
        return f"{self.words}: {self.count:,}"

    @property
    def label_width(self) -> int:
        """Room for the label right of a block, where bands pass behind it: a white ground
        keeps their edges from running through the words (11 px type, about 5.9 px a
        character)."""
        return round(len(self.label) * 5.9) + 7


@dataclass(frozen=True)
class Band:
    source: Node
    target: Node
    count: int
    path: str
    mid_x: float
    mid_y: float
    thickness: float
    fill: str

    @property
    def title(self) -> str:
        count = wording.plural(self.count, "patient")
        return f"{self.source.words} to {self.target.words}: {count}"


@dataclass(frozen=True)
class Flow:
    width: int
    height: int
    columns: tuple[tuple[str, float], ...]
    """(heading, x of the column's centre)."""
    nodes: tuple[Node, ...]
    bands: tuple[Band, ...]
    description: str


def _band_path(x0: float, y0: float, x1: float, y1: float, h: float) -> str:
    xm = (x0 + x1) / 2
    return (
        f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
        f"L{x1:.1f},{y1 + h:.1f} C{xm:.1f},{y1 + h:.1f} {xm:.1f},{y0 + h:.1f} {x0:.1f},"
        f"{y0 + h:.1f} Z"
    )


def _on_band(x0: float, y0: float, x1: float, y1: float, t: float) -> tuple[float, float]:
    """The point at `t` (0..1) along a band's centre line (the curve `_band_path` draws)."""
    xm = (x0 + x1) / 2
    u = 1 - t
    x = u**3 * x0 + 3 * u * u * t * xm + 3 * u * t * t * xm + t**3 * x1
    y = u**3 * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t**3 * y1
    return x, y


def layout_flow(
    headings: Sequence[str],
    ladders: Sequence[Sequence[str]],
    combinations: Sequence[tuple[tuple[str, ...], int]],
) -> Flow | None:
    """The diagram for patients counted by their category under each criteria set.

    `ladders` gives each column's categories top first; `combinations` each tuple of
    categories (one per column) with its number of patients. None when there is nothing to
    draw (fewer than two criteria sets, or no patient).
    """
    ncols = len(headings)
    total = sum(n for _, n in combinations)
    if ncols < 2 or total == 0:
        return None
    counts = [Counter[str]() for _ in range(ncols)]
    for combo, n in combinations:
        for i, category in enumerate(combo):
            counts[i][category] += n
    most_blocks = max(sum(1 for c in ladder if counts[i][c]) for i, ladder in enumerate(ladders))
    scale = (AREA - GAP * (most_blocks - 1)) / total
    step = (WIDTH - LEFT - RIGHT - NODE_WIDTH) / (ncols - 1)
    nodes: dict[tuple[int, str], Node] = {}
    for i, ladder in enumerate(ladders):
        x = LEFT + i * step
        y = float(TOP)
        for category in ladder:
            n = counts[i][category]
            if not n:
                continue
            nodes[(i, category)] = Node(
                i, category, wording.category(category), n, x, y, n * scale,
                category_fill(category), category_ink(category),
            )
            y += n * scale + GAP
    bands: list[Band] = []
    for i in range(ncols - 1):
        pairs: Counter[tuple[str, str]] = Counter()
        for combo, n in combinations:
            pairs[(combo[i], combo[i + 1])] += n
        rank_here = {c: r for r, c in enumerate(ladders[i])}
        rank_next = {c: r for r, c in enumerate(ladders[i + 1])}
        out_offset: dict[str, float] = dict.fromkeys(ladders[i], 0.0)
        in_offset: dict[str, float] = dict.fromkeys(ladders[i + 1], 0.0)
        # leave each source block in the target's order, enter each target in the source's
        by_target = sorted(pairs, key=lambda p: (rank_here[p[0]], rank_next[p[1]]))
        entry: dict[tuple[str, str], float] = {}
        for a, b in sorted(pairs, key=lambda p: (rank_next[p[1]], rank_here[p[0]])):
            entry[(a, b)] = in_offset[b]
            in_offset[b] += pairs[(a, b)] * scale
        for a, b in by_target:
            n = pairs[(a, b)]
            src, dst = nodes[(i, a)], nodes[(i + 1, b)]
            h = n * scale
            y0 = src.y + out_offset[a]
            y1 = dst.y + entry[(a, b)]
            out_offset[a] += h
            x0, x1 = src.x + NODE_WIDTH, dst.x
            # a middle column's labels sit right of its blocks: count the band further on
            at_x, at_y = _on_band(x0, y0 + h / 2, x1, y1 + h / 2, 0.5 if i == 0 else 0.8)
            bands.append(
                Band(src, dst, n, _band_path(x0, y0, x1, y1, h), at_x, at_y, h, src.fill)
            )
    description = "; ".join(
        f"{headings[b.source.column]} {b.source.words} to {headings[b.target.column]} "
        f"{b.target.words}: {b.count:,}"
        for b in bands
    )
    return Flow(
        WIDTH,
        TOP + AREA + 16,
        tuple((h, LEFT + i * step + NODE_WIDTH / 2) for i, h in enumerate(headings)),
        tuple(nodes.values()),
        tuple(bands),
        f"Patients moving between criteria sets ({wording.plural(total, 'patient')}). "
        f"{description}.",
    )


__all__ = ["Band", "Flow", "Node", "layout_flow"]
