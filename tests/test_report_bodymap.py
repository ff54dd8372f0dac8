"""The body map shows anatomy (issue 24): each catalogue muscle has a place on the figure as
data, inside its own region's outline, on the right side of the figure; a page marks each
sampled muscle where it lies, front or back, with `data-muscle`, `data-side` and its position
in a `translate(x y)` transform."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

import alscriteria
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.regions import Region
from alscriteria.report import case_report
from alscriteria.report.bodymap import (
    BACK_OFFSET,
    HEIGHT,
    REGION_DEFAULT,
    VIEW_WIDTH,
    figure_shapes,
    place,
    positions,
)
from report_helpers import svg_documents

NS = "{http://www.w3.org/2000/svg}"

HEAD_TO_FOOT: dict[str, Any] = {
    "id": "head-to-foot",
    "regions": {},
    "emg": [
        {"muscle": "genioglossus", "fibrillation_potentials": True},
        *(
            {"muscle": m, "side": side}
            for m in (
                "deltoid",
                "biceps_brachii",
                "first_dorsal_interosseous",
                "abductor_pollicis_brevis",
                "vastus_lateralis",
                "tibialis_anterior",
                "medial_gastrocnemius",
            )
            for side in ("right", "left")
        ),
        {"muscle": "thoracic_paraspinals", "side": "right"},
        {"muscle": "lumbosacral_paraspinals"},
        {
            "muscle": "my_custom_foot_muscle",
            "region": "lumbosacral",
            "side": "left",
            "roots": ["S1"],
            "nerve": "tibial",
        },
    ],
}


def _markers(html: str) -> list[ET.Element]:
    [body] = [s for s in svg_documents(html) if "bodymap" in (s.get("class") or "")]
    return [g for g in body.iter(f"{NS}g") if g.get("data-muscle") is not None]


def _at(g: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", g.get("transform") or "")
    assert match, g.attrib
    return float(match.group(1)), float(match.group(2))


@pytest.fixture(scope="module")
def drawn() -> dict[tuple[str, str | None], tuple[float, float, str]]:
    results = alscriteria.evaluate_all(HEAD_TO_FOOT, plan=True)
    html = case_report(HEAD_TO_FOOT, results, dt.date(2026, 1, 15))
    out = {}
    for g in _markers(html):
        if "marker-suggested" in (g.get("class") or ""):
            continue
        muscle = g.get("data-muscle") or ""
        out[(muscle, g.get("data-side"))] = (*_at(g), g.get("data-view") or "")
    return out


def test_every_sampled_muscle_is_marked_once_with_its_key_and_side(
    drawn: dict[tuple[str, str | None], tuple[float, float, str]],
) -> None:
    expected = {(s["muscle"], s.get("side")) for s in HEAD_TO_FOOT["emg"]}
    assert set(drawn) == expected
    assert ("genioglossus", None) in drawn  # a midline muscle carries no data-side


def test_a_hand_muscle_is_at_the_hand_and_a_leg_muscle_below_the_knee(
    drawn: dict[tuple[str, str | None], tuple[float, float, str]],
) -> None:
    for side in ("right", "left"):

        def y(muscle: str, side: str | None = side) -> float:
            return drawn[(muscle, side)][1]

        assert y("first_dorsal_interosseous") > y("biceps_brachii") > y("deltoid")
        assert y("abductor_pollicis_brevis") > y("biceps_brachii")
        assert y("tibialis_anterior") > y("vastus_lateralis")
        assert y("medial_gastrocnemius") > y("vastus_lateralis")
        assert y("deltoid") > y("genioglossus", None)
        # below the knee: the lower leg starts where the thigh ends
        assert y("tibialis_anterior") > 340 and y("medial_gastrocnemius") > 340


def test_the_front_view_has_the_patients_right_on_the_viewers_left(
    drawn: dict[tuple[str, str | None], tuple[float, float, str]],
) -> None:
    front = {k: v for k, v in drawn.items() if v[2] == "front"}
    pairs = {m for m, side in front if side == "right" and (m, "left") in front}
    assert {"deltoid", "biceps_brachii", "tibialis_anterior", "vastus_lateralis"} <= pairs
    for muscle in pairs:
        assert front[(muscle, "right")][0] < front[(muscle, "left")][0]
        assert front[(muscle, "left")][0] < BACK_OFFSET
    back = {k: v for k, v in drawn.items() if v[2] == "back"}
    for muscle in {m for m, side in back if side == "right" and (m, "left") in back}:
        assert back[(muscle, "right")][0] > back[(muscle, "left")][0]  # seen from behind


def test_paraspinals_are_on_the_back(
    drawn: dict[tuple[str, str | None], tuple[float, float, str]],
) -> None:
    for key in (("thoracic_paraspinals", "right"), ("lumbosacral_paraspinals", None)):
        x, _y, view = drawn[key]
        assert view == "back" and BACK_OFFSET <= x <= BACK_OFFSET + VIEW_WIDTH
    assert drawn[("thoracic_paraspinals", "right")][1] < drawn[("lumbosacral_paraspinals", None)][1]


def test_a_custom_muscle_goes_to_its_regions_default_place(
    drawn: dict[tuple[str, str | None], tuple[float, float, str]],
) -> None:
    view, x, y = REGION_DEFAULT[Region.LUMBOSACRAL]
    got = drawn[("my_custom_foot_muscle", "left")]
    assert got[2] == view and abs(got[0] - (VIEW_WIDTH - x)) <= 40 and abs(got[1] - y) <= 40


def _inside(x: float, y: float, path: str) -> bool:
    """Point in one of the figure's shapes: an ellipse written as two relative arcs, or a
    polygon of M/L/Q points (a Q's control point taken as a corner: the shapes are convex
    enough for that)."""
    arc = re.match(r"M([\d.]+),([\d.]+) a([\d.]+),([\d.]+)", path)
    if arc:
        x0, y0, rx, ry = (float(v) for v in arc.groups())
        cx = x0 + rx
        return ((x - cx) / rx) ** 2 + ((y - y0) / ry) ** 2 <= 1
    points = [(float(a), float(b)) for a, b in re.findall(r"([\d.]+),([\d.]+)", path)]
    inside = False
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


#: Muscles drawn where they lie rather than in their region's outline: the accessory nerve's
#: muscles count as bulbar by convention (muscles.csv notes) but lie in the neck and shoulder.
OUTSIDE_THEIR_REGION = {"sternocleidomastoid": Region.CERVICAL, "trapezius": Region.CERVICAL}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_catalogue_muscle_has_a_place_inside_its_region(key: str) -> None:
    muscle = catalogue()[key]
    assert key in positions(), f"{key}: no row in data/bodymap_positions.csv"
    p = positions()[key]
    assert 0 <= p.x <= VIEW_WIDTH and 0 <= p.y <= HEIGHT
    drawn_in = OUTSIDE_THEIR_REGION.get(key, muscle.region)
    assert any(_inside(p.x, p.y, d) for d in figure_shapes()[drawn_in]), (
        f"{key} ({muscle.region.value}) at {p.view} {p.x},{p.y} is outside its region"
    )
    for side in ("right", "left"):  # mirrored, and still inside
        view, x, y = place(key, muscle.region, side)
        local = x - (BACK_OFFSET if view == "back" else 0)
        assert any(_inside(local, y, d) for d in figure_shapes()[drawn_in])


def test_the_positions_file_names_only_catalogue_muscles() -> None:
    assert set(positions()) == set(catalogue())
