"""The body map's geometry: a figure from the front and from the back, the four regions shaded
by what they show, and each sampled or suggested muscle marked where it lies.

Where a muscle lies is data (`data/bodymap_positions.csv`: the catalogue key, the view, and x, y
for the patient's right side in a 200-unit-wide view; the left side is the mirror image), so a
hand muscle is drawn at the hand and a leg muscle below the knee. The front view is in the
anatomical position (the patient's right on the viewer's left); in the back view the patient's
right is on the viewer's right, and the picture says so under each view. A muscle the
catalogue does not hold goes to its region's default place.

Marks are told apart by shape and fill as well as colour (filled circle: abnormal; open
circle: normal; dashed square: suggested next), and regions by pattern as well as colour
(UMN: vertical lines; LMN: horizontal lines; both: a grid; not examined: grey hatching), so
the map survives greyscale printing. The template draws what this module computes, so the
geometry can be tested without HTML.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from alscriteria.anatomy.regions import Region

MarkKind = Literal["abnormal", "normal", "suggested"]
View = Literal["front", "back"]
Shade = Literal["umn", "lmn", "both", "none", "not-examined"]

#: One view is VIEW_WIDTH units wide; the back view starts BACK_OFFSET units to the right.
VIEW_WIDTH = 200
BACK_OFFSET = 220
WIDTH = BACK_OFFSET + VIEW_WIDTH
HEIGHT = 480
#: Radius of a muscle mark; marks that would touch are moved apart (see `_free_spot`).
MARK_RADIUS = 8
LINE_HEIGHT = 16

#: The right half of the figure, as (region, path data) in one view's units (x < 100 is the
#: patient's right in the front view). The left half is its mirror image; the figure is the
#: same outline from the back, so the back view draws the same shapes.
_RIGHT_HALF: tuple[tuple[Region, str], ...] = (
    (Region.CERVICAL, "M90,62 L100,62 L100,80 L90,80 Z"),
    (Region.CERVICAL, "M100,80 L70,80 Q54,82 52,100 L100,100 Z"),
    (Region.CERVICAL, "M52,100 L72,100 L66,190 L46,188 Z"),
    (Region.CERVICAL, "M46,192 L66,194 L58,270 L42,268 Z"),
    (Region.CERVICAL, "M39,288 a10,16 0 1,0 20,0 a10,16 0 1,0 -20,0 Z"),
    (Region.THORACIC, "M72,100 L100,100 L100,205 L74,205 Z"),
    (Region.LUMBOSACRAL, "M74,205 L100,205 L100,240 L70,240 Z"),
    (Region.LUMBOSACRAL, "M70,240 L99,240 L95,340 L75,340 Z"),
    (Region.LUMBOSACRAL, "M75,344 L95,344 L91,428 L79,428 Z"),
    (Region.LUMBOSACRAL, "M72,438 a12,7 0 1,0 24,0 a12,7 0 1,0 -24,0 Z"),
)
#: The head is one shape across the midline.
_HEAD = "M78,36 a22,28 0 1,0 44,0 a22,28 0 1,0 -44,0 Z"

#: Where a muscle the catalogue does not hold is drawn: its region's middle, right side.
REGION_DEFAULT: dict[Region, tuple[View, int, int]] = {
    Region.BULBAR: ("front", 100, 30),
    Region.CERVICAL: ("front", 58, 165),
    Region.THORACIC: ("front", 88, 160),
    Region.LUMBOSACRAL: ("front", 85, 300),
}


#: Each shading in words, for the legend and the region's accessible name.
SHADE_WORDS: dict[str, str] = {
    "umn": "UMN signs",
    "lmn": "LMN signs (clinical or EMG)",
    "both": "UMN and LMN signs",
    "none": "examined: no UMN or LMN signs",
    "not-examined": "not examined",
}


@dataclass(frozen=True)
class Position:
    view: View
    x: int
    y: int
    """x for the patient's right side, in one view's units (0 to VIEW_WIDTH)."""


@cache
def positions() -> dict[str, Position]:
    """Each catalogue muscle's place on the figure, from `data/bodymap_positions.csv`."""
    text = resources.files("alscriteria").joinpath("data/bodymap_positions.csv").read_text("utf-8")
    out: dict[str, Position] = {}
    for row in csv.DictReader(text.splitlines()):
        view = row["view"]
        if view not in ("front", "back"):
            raise ValueError(f"bodymap_positions.csv: {row['key']}: view must be front or back")
        out[row["key"]] = Position(
            "front" if view == "front" else "back", int(row["x"]), int(row["y"])
        )
    return out


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _shape_left(path: str) -> str:
    """The mirror image of a right-half shape. Ellipses (written from their left end with a
    relative arc) move by their centre; polygons mirror point by point."""
    if " a" in path:
        start = path.split(" ")[0][1:]
        x, y = (float(v) for v in start.split(","))
        rx = float(path.split(" a")[1].split(",")[0])
        new_x = VIEW_WIDTH - (x + 2 * rx)
        return path.replace(f"M{start}", f"M{_num(new_x)},{_num(y)}", 1)
    points = []
    for part in path.split(" "):
        cmd = part[0] if part[0].isalpha() else ""
        body = part[1:] if cmd else part
        if cmd == "Z" or not body:
            points.append(part)
            continue
        x, y = (float(v) for v in body.split(","))
        points.append(f"{cmd}{_num(VIEW_WIDTH - x)},{_num(y)}")
    return " ".join(points)


@cache
def figure_shapes() -> dict[Region, tuple[str, ...]]:
    """Every region's shapes in one view's units, both halves."""
    out: dict[Region, list[str]] = {r: [] for r in Region}
    out[Region.BULBAR].append(_HEAD)
    for region, path in _RIGHT_HALF:
        out[region].append(path)
        out[region].append(_shape_left(path))
    return {r: tuple(p) for r, p in out.items()}


@dataclass(frozen=True)
class Marker:
    """A muscle to mark: its short label ("3", "S1"), where, what it is, and its full words."""

    label: str
    region: Region
    side: str | None
    kind: MarkKind
    title: str
    key: str = ""
    """The catalogue key ("first_dorsal_interosseous"), or the name a custom muscle was given."""


@dataclass(frozen=True)
class PlacedMarker:
    marker: Marker
    x: int
    y: int
    view: View
    home: tuple[int, int]
    """Where the muscle lies (before a mark beside it moved it aside), in page units."""


@dataclass(frozen=True)
class RegionLabel:
    """What a region shows, for its shading: examined, and UMN / LMN under any criteria set."""

    region: Region
    name: str
    examined: bool
    umn: bool
    lmn: bool
    open_for: tuple[str, ...] = ()
    """Criteria sets (short names) for which a summary or flag leaves the region open."""

    @property
    def shade(self) -> Shade:
        if not self.examined:
            return "not-examined"
        if self.umn and self.lmn:
            return "both"
        return "umn" if self.umn else ("lmn" if self.lmn else "none")


@dataclass(frozen=True)
class BodyMap:
    width: int
    height: int
    shapes: tuple[tuple[Region, Shade, tuple[str, ...]], ...]
    """(region, its shading, path data in one view's units) per region drawn."""
    markers: tuple[PlacedMarker, ...]
    description: str
    open_regions: tuple[Region, ...] = ()
    shades: tuple[Shade, ...] = ()
    """The shadings the figure uses, for its legend."""
    back_offset: int = BACK_OFFSET
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"


def place(key: str, region: Region, side: str | None) -> tuple[View, int, int]:
    """Where a muscle lies on the figure, in page units (the back view shifted right)."""
    known = positions().get(key)
    view, x, y = (known.view, known.x, known.y) if known else REGION_DEFAULT[region]
    left = side == "left"
    if view == "front":
        page_x = VIEW_WIDTH - x if left else x
    else:  # the back view: the patient's right is on the viewer's right
        page_x = BACK_OFFSET + (VIEW_WIDTH - x if left else x)
    return view, page_x, y


#: Where a mark moves when its place is taken: rings around it, nearest first.
_RINGS = [(0.0, 0.0)] + [
    (radius * math.cos(2 * math.pi * k / n), radius * math.sin(2 * math.pi * k / n))
    for radius, n in (
        (2 * MARK_RADIUS + 1, 8),
        (4 * MARK_RADIUS + 2, 14),
        (6 * MARK_RADIUS + 3, 20),
        (8 * MARK_RADIUS + 4, 26),
    )
    for k in range(n)
]


def _free_spot(x: int, y: int, taken: list[tuple[int, int]]) -> tuple[int, int]:
    """The nearest spot to (x, y) whose mark touches no mark already placed."""
    gap = (2 * MARK_RADIUS) ** 2
    for dx, dy in _RINGS:
        cx, cy = round(x + dx), round(y + dy)
        if all((cx - tx) ** 2 + (cy - ty) ** 2 >= gap for tx, ty in taken):
            return cx, cy
    return x, y


def draw_body_map(states: list[RegionLabel], markers: list[Marker]) -> BodyMap:
    """Place every mark where its muscle lies, moved aside only as far as a mark already
    there needs (the same muscle on both sides, or two muscles of one hand)."""
    taken: list[tuple[int, int]] = []
    placed: list[PlacedMarker] = []
    for m in markers:
        view, x, y = place(m.key, m.region, m.side)
        cx, cy = _free_spot(x, y, taken)
        taken.append((cx, cy))
        placed.append(PlacedMarker(m, cx, cy, view, (x, y)))
    description = "; ".join(f"{s.name}: {SHADE_WORDS[s.shade]}" for s in states)
    opened = [s for s in states if s.open_for]
    for s in opened:
        description += f"; {s.name} is open for {', '.join(s.open_for)}"
    if markers:
        description += ". Marked muscles: " + "; ".join(m.title for m in markers)
    shapes = figure_shapes()
    used = {s.shade for s in states}
    return BodyMap(
        WIDTH,
        HEIGHT,
        tuple((s.region, s.shade, shapes[s.region]) for s in states),
        tuple(placed),
        description,
        tuple(s.region for s in opened),
        tuple(s for s in ("umn", "lmn", "both", "none", "not-examined") if s in used),
    )


__all__ = [
    "BACK_OFFSET",
    "HEIGHT",
    "LINE_HEIGHT",
    "MARK_RADIUS",
    "REGION_DEFAULT",
    "SHADE_WORDS",
    "VIEW_WIDTH",
    "WIDTH",
    "BodyMap",
    "MarkKind",
    "Marker",
    "PlacedMarker",
    "Position",
    "RegionLabel",
    "draw_body_map",
    "figure_shapes",
    "place",
    "positions",
]
