"""The one fact each criteria set is asked about.

Counting ("in at least three regions") and ordering ("rostral to") are awkward in a Rete
network, so the fact carries the counts and the extreme region indices that the clauses
compare, and each clause stays one readable rule over one fact.
"""

from __future__ import annotations

from collections.abc import Iterable

from alscriteria.regions.anatomy import Region
from alscriteria.rules.rule import FactValue

#: Index used for the top of an empty set: below every region, so no strict "rostral to"
#: comparison with it holds. (Top-down's `umn_top <= lmn_top` does hold for an empty L; it is
#: always paired with the strict some-pair test, which does not.)
EMPTY_TOP = 4
#: Index used for the bottom of an empty set: above every region.
EMPTY_BOTTOM = -1


def tristate(value: bool | None) -> str:
    return "unknown" if value is None else ("true" if value else "false")


def region_fact(
    *,
    umn: Iterable[Region],
    lmn: Iterable[Region],
    emg_count: int,
    progression: bool | None,
    other_causes_excluded: bool | None,
) -> dict[str, FactValue]:
    """umn/lmn are the region sets U and L of criteria.md A.3 for one criteria set."""
    u = {r.order for r in umn}
    lo = {r.order for r in lmn}
    return {
        "progression": tristate(progression),
        "other_causes_excluded": tristate(other_causes_excluded),
        "umn": len(u),
        "lmn": len(lo),
        "both": len(u & lo),
        "union": len(u | lo),
        "emg": emg_count,
        "umn_top": min(u, default=EMPTY_TOP),
        "umn_bottom": max(u, default=EMPTY_BOTTOM),
        "lmn_top": min(lo, default=EMPTY_TOP),
        "lmn_bottom": max(lo, default=EMPTY_BOTTOM),
    }
