"""The four diagnostic regions and their rostro-caudal order (criteria.md A.1).

The order is logic, not display: "rostral to" compares these indices strictly, so the
region list is code while its labels stay in the vocabulary data.
"""

from __future__ import annotations

from enum import StrEnum


class Region(StrEnum):
    """The four body regions of the criteria, rostral to caudal (B.0): the keys of a case's
    `regions` and of every region-by-region explanation."""

    BULBAR = "bulbar"
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBOSACRAL = "lumbosacral"

    @property
    def order(self) -> int:
        """0 for bulbar down to 3 for lumbosacral; lower is more rostral."""
        return _ORDER[self]

    @property
    def is_limb(self) -> bool:
        """Limb regions need two independent muscles to be EMG-positive (A.2)."""
        return self in LIMB_REGIONS


REGION_ORDER: tuple[Region, ...] = (
    Region.BULBAR,
    Region.CERVICAL,
    Region.THORACIC,
    Region.LUMBOSACRAL,
)
_ORDER = {region: i for i, region in enumerate(REGION_ORDER)}
LIMB_REGIONS = frozenset({Region.CERVICAL, Region.LUMBOSACRAL})


def regions_in(mask: int) -> list[Region]:
    """The regions of a 4-bit mask (bit i: the region of index i), rostral first."""
    return [r for r in REGION_ORDER if mask >> r.order & 1]
