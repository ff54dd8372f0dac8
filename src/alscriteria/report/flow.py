"""The flow picture's layout: how patients move from one criteria set to the next.

An alluvial diagram: one column per criteria set (revised El Escorial, Awaji, Gold Coast, in
the registry's order), one block per category sized by its patients, and a band from each
category of one column to each category of the next, as wide as the patients who make that
move. The layout is computed here and drawn by a template; every block and band also says
its count in words, so the picture never depends on reading widths or colours.

No label covers a band or a count: the first column's labels stand left of it, the last
column's right of it, and a middle column's in a gutter of their own between its blocks and
the bands that leave them (the bands start after the gutter). Labels of one column are moved
apart so that they never cover one another either.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from alscriteria import wording
from alscriteria.report.palette import category_fill, category_ink

WIDTH = 820
TOP = 34
AREA = 300
GAP = 10
NODE_WIDTH = 16
#: Room for the labels left of the first column and right of the last.
LEFT = 232
RIGHT = 150
#: The label type: 11 px, about CHAR_WIDTH px a character; LABEL_LINE px a line.
CHAR_WIDTH = 5.9
LABEL_LINE = 13


def text_width(text: str) -> float:
    """About how wide a label is drawn (DejaVu Sans at 11 px averages under 5.9 px)."""
    return len(text) * CHAR_WIDTH


@dataclass(frozen=True)
class Label:
    """A block's label: its lines, where the first baseline is, and its box (for tests)."""

    lines: tuple[str, ...]
    x: float
    y: float
    anchor: str

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the words, from the character count."""
        width = max(text_width(line) for line in self.lines)
        left = self.x - width if self.anchor == "end" else self.x
        top = self.y - 10
        return left, top, left + width, top + LABEL_LINE * len(self.lines)


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
    place: Label | None = field(default=None, compare=False)
    """Where its label is drawn (decided once every block is placed)."""

    @property
    def label(self) -> str:
        return f"{self.words}: {self.count:,}"


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
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0

    @property
    def title(self) -> str:
        count = wording.plural(self.count, "patient")
        return f"{self.source.words} to {self.target.words}: {count}"

    @property
    def shows_count(self) -> bool:
        """A band thick enough to carry its count on it (a thinner one says it in its title)."""
        return self.thickness >= 11

    @property
    def count_box(self) -> tuple[float, float, float, float]:
        width = text_width(f"{self.count:,}") * 10 / 11
        return self.mid_x - width / 2, self.mid_y - 5, self.mid_x + width / 2, self.mid_y + 6

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The band's bounding box: from the block it leaves to the block it enters."""
        top = min(self.y0, self.y1)
        bottom = max(self.y0, self.y1) + self.thickness
        return self.x0, top, self.x1, bottom


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


def _gutter(texts: list[str]) -> float:
    """Room right of a middle column's blocks for its two-line labels (words, then count)."""
    return max(text_width(t) for t in texts) + 12 if texts else 0.0


def _labels(nodes: list[Node], ncols: int) -> list[Node]:
    """Each block's label beside it, moved down only as far as the label above needs."""
    out: list[Node] = []
    for column in range(ncols):
        below = -1e9
        for n in sorted((n for n in nodes if n.column == column), key=lambda n: n.y):
            lines: tuple[str, ...]
            if column == 0:
                lines, x, anchor = (n.label,), n.x - 6, "end"
            elif column == ncols - 1:
                lines, x, anchor = (n.label,), n.x + NODE_WIDTH + 6, "start"
            else:
                lines, x, anchor = (n.words, f"{n.count:,}"), n.x + NODE_WIDTH + 5, "start"
            height = LABEL_LINE * len(lines)
            top = max(n.y + n.height / 2 - height / 2, below + 2)
            label = Label(lines, x, top + 10, anchor)
            below = label.box[3]
            out.append(replace(n, place=label))
    order = {(n.column, n.category): i for i, n in enumerate(nodes)}
    return sorted(out, key=lambda n: order[(n.column, n.category)])


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
    gutters = [
        _gutter(
            [f"{counts[i][c]:,}" for c in ladder if counts[i][c]]
            + [wording.category(c) for c in ladder if counts[i][c]]
        )
        if 0 < i < ncols - 1
        else 0.0
        for i, ladder in enumerate(ladders)
    ]
    span = (WIDTH - LEFT - RIGHT - ncols * NODE_WIDTH - sum(gutters)) / (ncols - 1)
    xs = [float(LEFT)]
    for i in range(ncols - 1):
        xs.append(xs[-1] + NODE_WIDTH + gutters[i] + span)
    nodes: dict[tuple[int, str], Node] = {}
    for i, ladder in enumerate(ladders):
        x = xs[i]
        y = float(TOP)
        for category in ladder:
            n = counts[i][category]
            if not n:
                continue
            nodes[(i, category)] = Node(
                i,
                category,
                wording.category(category),
                n,
                x,
                y,
                n * scale,
                category_fill(category),
                category_ink(category),
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
            x0, x1 = src.x + NODE_WIDTH + gutters[i], dst.x
            at_x, at_y = _on_band(x0, y0 + h / 2, x1, y1 + h / 2, 0.5)
            bands.append(
                Band(
                    src,
                    dst,
                    n,
                    _band_path(x0, y0, x1, y1, h),
                    at_x,
                    at_y,
                    h,
                    src.fill,
                    x0,
                    y0,
                    x1,
                    y1,
                )
            )
    description = "; ".join(
        f"{headings[b.source.column]} {b.source.words} to {headings[b.target.column]} "
        f"{b.target.words}: {b.count:,}"
        for b in bands
    )
    placed = _labels(list(nodes.values()), ncols)
    bottom = max(n.place.box[3] for n in placed if n.place is not None)
    return Flow(
        WIDTH,
        round(max(TOP + AREA + 16, bottom + 4)),
        tuple((h, xs[i] + NODE_WIDTH / 2) for i, h in enumerate(headings)),
        tuple(placed),
        tuple(bands),
        f"Patients moving between criteria sets ({wording.plural(total, 'patient')}). "
        f"{description}.",
    )


__all__ = ["Band", "Flow", "Label", "Node", "layout_flow", "text_width"]
