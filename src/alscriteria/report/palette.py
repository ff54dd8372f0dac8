"""Colours of the report pages, chosen to survive greyscale printing and colour-blindness.

One blue ramp (ColorBrewer "Blues" steps): a higher category is darker, a larger count is
darker, so a greyscale print keeps the order. Colour never carries meaning alone: every
category is written in words beside its colour and every heat-mapped cell prints its number.
"""

from __future__ import annotations

#: Fill and text colour per category (darker is higher on the ladder).
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "definite": ("#08306b", "#ffffff"),
    "als": ("#08306b", "#ffffff"),
    "probable": ("#2171b5", "#ffffff"),
    "probable-laboratory-supported": ("#9ecae1", "#111111"),
    "possible": ("#deebf7", "#111111"),
    "not-met": ("#ffffff", "#111111"),
}

_LIGHT = (0xF7, 0xFB, 0xFF)
_DARK = (0x08, 0x30, 0x6B)


def category_fill(category: str) -> str:
    return CATEGORY_COLOURS.get(category, ("#ffffff", "#111111"))[0]


def category_ink(category: str) -> str:
    return CATEGORY_COLOURS.get(category, ("#ffffff", "#111111"))[1]


def heat(fraction: float) -> tuple[str, str]:
    """A cell's background for a share of the largest count (0..1), and a readable ink."""
    f = min(1.0, max(0.0, fraction))
    rgb = tuple(round(a + (b - a) * f) for a, b in zip(_LIGHT, _DARK, strict=True))
    background = "#{:02x}{:02x}{:02x}".format(*rgb)
    return background, ("#ffffff" if f > 0.5 else "#111111")


__all__ = ["CATEGORY_COLOURS", "category_fill", "category_ink", "heat"]
