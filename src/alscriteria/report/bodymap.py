"""The body map's geometry: the four regions as shapes, the muscles as numbered marks.

A stylised figure seen from the front, in the anatomical position (the patient's right is on
the viewer's left, and the picture says so). Each region (criteria.md A.1) is one or more
shapes; each sampled or suggested muscle is a mark placed in its region, on its side. The
template draws what this module computes, so the geometry can be tested without HTML.

Marks are told apart by shape and fill as well as colour (filled circle: abnormal; open
circle: normal; dashed square: suggested next), so the map survives greyscale printing. A
region that an EMG summary or a clinical LMN flag leaves open (criteria.md A.2) is dotted
and its name says "open"; a limb given per side (A.1 registry input) has its findings
written beside that limb, on its side of the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from alscriteria.regions.anatomy import Region

MarkKind = Literal["abnormal", "normal", "suggested"]

WIDTH = 600
HEIGHT = 480
#: Radius of a muscle mark; slots are spaced so that two marks never overlap.
MARK_RADIUS = 9

#: Each region's shapes as SVG path data (viewBox 0 0 600 480, figure centred on x=150).
SHAPES: dict[Region, tuple[str, ...]] = {
    Region.BULBAR: ("M116,52 a34,40 0 1,0 68,0 a34,40 0 1,0 -68,0 Z",),
    Region.CERVICAL: (
        "M138,90 L162,90 L164,104 L136,104 Z",
        "M100,104 L200,104 Q214,106 216,120 L84,120 Q86,106 100,104 Z",
        "M84,120 L106,120 L78,290 L56,288 Z",
        "M53,300 a11,15 0 1,0 22,0 a11,15 0 1,0 -22,0 Z",
        "M194,120 L216,120 L244,288 L222,290 Z",
        "M225,300 a11,15 0 1,0 22,0 a11,15 0 1,0 -22,0 Z",
    ),
    Region.THORACIC: ("M108,120 L192,120 L188,258 L112,258 Z",),
    Region.LUMBOSACRAL: (
        "M112,258 L188,258 L192,290 L108,290 Z",
        "M108,290 L148,290 L140,450 L116,450 Z",
        "M152,290 L192,290 L184,450 L160,450 Z",
        "M110,458 a14,7 0 1,0 28,0 a14,7 0 1,0 -28,0 Z",
        "M162,458 a14,7 0 1,0 28,0 a14,7 0 1,0 -28,0 Z",
    ),
}

#: Where each region's name is written beside the figure (text start, baseline).
NAME_AT: dict[Region, tuple[int, int]] = {
    Region.BULBAR: (192, 22),
    Region.CERVICAL: (222, 112),
    Region.THORACIC: (150, 135),
    Region.LUMBOSACRAL: (198, 345),
}


def _along(start: tuple[float, float], end: tuple[float, float], n: int) -> list[tuple[int, int]]:
    (x0, y0), (x1, y1) = start, end
    return [
        (round(x0 + (x1 - x0) * i / (n - 1)), round(y0 + (y1 - y0) * i / (n - 1)))
        for i in range(n)
    ]


def _column(x: int, top: int, n: int, step: int = 22) -> list[tuple[int, int]]:
    return [(x, top + i * step) for i in range(n)]


#: The places a mark can go, per region and side (None: midline or side not recorded). The
#: patient's right is drawn on the viewer's left. A bulbar muscle's side is kept in its label.
SLOTS: dict[tuple[Region, str | None], list[tuple[int, int]]] = {
    (Region.BULBAR, None): [(x, y) for y in (34, 56, 78) for x in (130, 150, 170)],
    (Region.CERVICAL, "right"): _along((95, 134), (64, 300), 8),
    (Region.CERVICAL, "left"): _along((205, 134), (236, 300), 8),
    (Region.CERVICAL, None): [(150, 97), (122, 112), (178, 112)],
    (Region.THORACIC, "right"): _column(128, 156, 5),
    (Region.THORACIC, None): _column(150, 156, 5),
    (Region.THORACIC, "left"): _column(172, 156, 5),
    (Region.LUMBOSACRAL, None): [(130, 274), (150, 274), (170, 274)],
    (Region.LUMBOSACRAL, "right"): _column(128, 304, 7),
    (Region.LUMBOSACRAL, "left"): _column(172, 304, 7),
}


def slot_key(region: Region, side: str | None) -> tuple[Region, str | None]:
    return (region, None) if region is Region.BULBAR else (region, side)


@dataclass(frozen=True)
class Marker:
    """A muscle to mark: its short label ("3", "S1"), where, what it is, and its full words."""

    label: str
    region: Region
    side: str | None
    kind: MarkKind
    title: str


@dataclass(frozen=True)
class PlacedMarker:
    marker: Marker
    x: int
    y: int


@dataclass(frozen=True)
class RegionLabel:
    """A region's state as the map's side column says it (words, with a mark for yes/no)."""

    region: Region
    name: str
    examined: bool
    umn: str
    clinical_lmn: str
    emg_lmn: str
    open_for: tuple[str, ...] = ()
    """Criteria sets (short names) for which a summary or flag leaves the region open."""
    sides: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(side, limb, a few words of its findings) for a limb region given per side."""


@dataclass(frozen=True)
class SideTag:
    """A limb's own findings, written beside it on its side of the figure."""

    side: str
    x: int
    y: int
    anchor: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class LabelBlock:
    region: Region
    x: int
    y: int
    lines: tuple[tuple[str, str], ...]
    """(css class, text) per line, the region's name first."""


@dataclass(frozen=True)
class BodyMap:
    width: int
    height: int
    shapes: tuple[tuple[Region, bool, tuple[str, ...]], ...]
    """(region, examined, path data) per region drawn."""
    names: tuple[tuple[Region, str, int, int], ...]
    markers: tuple[PlacedMarker, ...]
    labels: tuple[LabelBlock, ...]
    description: str
    open_regions: tuple[Region, ...] = ()
    tags: tuple[SideTag, ...] = field(default=())
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"


def _state(words: str) -> tuple[str, str]:
    """A yes/no line's css class and the mark that says it without colour."""
    if words == "yes":
        return "yes", "\u25cf"  # filled circle
    if words == "no":
        return "no", "\u25cb"  # open circle
    if words == "open":
        return "open", "\u25cc"  # dotted circle: a summary cannot say
    return "mixed", "\u25d0"  # half-filled circle


#: Top of each region's block in the side column, in the figure's top-down order.
_LABEL_TOP = {
    Region.BULBAR: 24,
    Region.CERVICAL: 130,
    Region.THORACIC: 236,
    Region.LUMBOSACRAL: 342,
}
_LABEL_X = 300
LINE_HEIGHT = _LINE = 16


def _wrap(text: str, width: int) -> list[str]:
    """Split words to lines of at most `width` characters (the column is narrow)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _label_block(
    state: RegionLabel, overflow: int, top: int, x: int = _LABEL_X
) -> LabelBlock:
    lines: list[tuple[str, str]] = [
        ("name", state.name + ("" if state.examined else " (not examined)"))
    ]
    for heading, words in (
        ("UMN", state.umn),
        ("Clinical LMN", state.clinical_lmn),
        ("EMG LMN", state.emg_lmn),
    ):
        css, mark = _state(words)
        for i, part in enumerate(_wrap(f"{mark} {heading}: {words}", 44)):
            lines.append((css if i == 0 else f"{css} cont", part))
    if state.open_for:
        for i, part in enumerate(
            _wrap(f"\u25cc Open for {', '.join(state.open_for)}: a summary cannot say", 44)
        ):
            lines.append(("open" if i == 0 else "open cont", part))
    if overflow:
        lines.append(("more", f"{overflow} more muscle marks: see the table"))
    return LabelBlock(state.region, x, top, tuple(lines))


#: Where a limb's tag starts: (x, first baseline, text anchor). The patient's right is the
#: viewer's left, so its tags end just left of the figure; the left's start just right of it.
_TAG_AT: dict[tuple[Region, str], tuple[int, int, str]] = {
    (Region.CERVICAL, "right"): (50, 150, "end"),
    (Region.CERVICAL, "left"): (252, 150, "start"),
    (Region.LUMBOSACRAL, "right"): (104, 372, "end"),
    (Region.LUMBOSACRAL, "left"): (198, 372, "start"),
}
#: Room a tag needs: characters per line and lines, and how far the page widens for it.
TAG_WIDTH = 16
TAG_LINES = 6
TAG_LINE = 12
_TAG_PAD = 56


def _tags(states: list[RegionLabel]) -> list[SideTag]:
    out = []
    for s in states:
        for side, limb, shown in s.sides:
            at = _TAG_AT.get((s.region, side))
            if at is None:
                continue
            lines = [limb.capitalize() + ":"]
            for item in shown:
                lines.extend(_wrap(item, TAG_WIDTH))
            if len(lines) > TAG_LINES:
                lines = [*lines[: TAG_LINES - 1], "more: see table"]
            out.append(SideTag(side, at[0], at[1], at[2], tuple(lines)))
    return out


def _label_blocks(
    states: list[RegionLabel], overflow: dict[Region, int], x: int = _LABEL_X
) -> list[LabelBlock]:
    """Each region's block at its place beside the figure, moved down only as far as the block
    above it needs (a block that says "yes for ...; no for ..." takes more lines)."""
    blocks: list[LabelBlock] = []
    below = 0
    for s in states:
        block = _label_block(s, overflow.get(s.region, 0), max(_LABEL_TOP[s.region], below), x)
        below = block.y + _LINE * len(block.lines) + 8
        blocks.append(block)
    return blocks


def draw_body_map(states: list[RegionLabel], markers: list[Marker]) -> BodyMap:
    """Place every mark in a free slot of its region and side, in the order given.

    A region and side with more marks than slots shows as many as fit; its label says how
    many more there are (every muscle is in the page's tables either way).
    """
    used: dict[tuple[Region, str | None], int] = {}
    placed: list[PlacedMarker] = []
    overflow: dict[Region, int] = {}
    for m in markers:
        key = slot_key(m.region, m.side)
        if key not in SLOTS:
            key = (m.region, None)
        slots = SLOTS[key]
        n = used.get(key, 0)
        if n < len(slots):
            x, y = slots[n]
            placed.append(PlacedMarker(m, x, y))
        else:
            overflow[m.region] = overflow.get(m.region, 0) + 1
        used[key] = n + 1
    description = "; ".join(
        f"{s.name}: {'examined' if s.examined else 'not examined'}, UMN {s.umn}, clinical LMN "
        f"{s.clinical_lmn}, EMG LMN {s.emg_lmn}"
        for s in states
    )
    opened = [s for s in states if s.open_for]
    for s in opened:
        description += f"; {s.name} is open for {', '.join(s.open_for)}"
    tags = _tags(states)
    for s in states:
        for _, limb, shown in s.sides:
            description += f"; {limb}: {', '.join(shown) or 'nothing recorded'}"
    if markers:
        description += ". Marked muscles: " + "; ".join(m.title for m in markers)
    # the tags need room beside the figure: widen the page to the left, move the column right
    pad = _TAG_PAD if tags else 0
    return BodyMap(
        WIDTH + 2 * pad,
        HEIGHT,
        tuple((s.region, s.examined, SHAPES[s.region]) for s in states),
        tuple(
            (s.region, s.name + (" (open)" if s.open_for else ""), *NAME_AT[s.region])
            for s in states
        ),
        tuple(placed),
        tuple(_label_blocks(states, overflow, _LABEL_X + pad)),
        description,
        tuple(s.region for s in opened),
        tuple(tags),
        f"{-pad} 0 {WIDTH + 2 * pad} {HEIGHT}",
    )


__all__ = [
    "HEIGHT",
    "LINE_HEIGHT",
    "MARK_RADIUS",
    "SHAPES",
    "SLOTS",
    "WIDTH",
    "BodyMap",
    "LabelBlock",
    "MarkKind",
    "Marker",
    "PlacedMarker",
    "RegionLabel",
    "SideTag",
    "draw_body_map",
]
