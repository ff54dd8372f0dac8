"""The facts each criteria set is asked about.

Counting ("in at least three regions") and ordering ("rostral to") are awkward in a Rete
network, so the rule fact carries the counts and the extreme region indices that the clauses
compare, and each clause stays one readable rule over one fact. Region sets arrive as 4-bit
masks (bit i = region of rostro-caudal index i), which is also how the planner adds evidence.

The prerequisites are a separate fact for a separate gate ruleset: keeping them out of the
rule fact keeps the verdict space small (a case's category rules do not depend on them).
"""

from __future__ import annotations

from functools import cache

from alscriteria.rules.rule import GateFact, RuleFact

#: Index used for the top of an empty set: below every region, so no strict "rostral to"
#: comparison with it holds. (Top-down's `umn_top <= lmn_top` does hold for an empty L; it is
#: always paired with the strict some-pair test, which does not.)
EMPTY_TOP = 4
#: Index used for the bottom of an empty set: above every region.
EMPTY_BOTTOM = -1

#: Every region mask, and every EMG count the laboratory-supported clause can see (regions: 0
#: to 4; limbs: 0 to 4), so the fact space is finite and can be enumerated by tests.
REGION_MASKS = range(16)
EMG_COUNTS = range(5)
TRISTATES = ("true", "false", "unknown")


def _top(mask: int) -> int:
    return (mask & -mask).bit_length() - 1 if mask else EMPTY_TOP


def _bottom(mask: int) -> int:
    return mask.bit_length() - 1 if mask else EMPTY_BOTTOM


@cache
def rule_fact(umn: int, lmn: int, emg: int) -> RuleFact:
    """The rule fact for region masks U and L (criteria.md A.3) and an EMG count."""
    return RuleFact(
        umn=umn.bit_count(),
        lmn=lmn.bit_count(),
        both=(umn & lmn).bit_count(),
        union=(umn | lmn).bit_count(),
        emg=emg,
        umn_top=_top(umn),
        umn_bottom=_bottom(umn),
        lmn_top=_top(lmn),
        lmn_bottom=_bottom(lmn),
    )


def tristate(value: object) -> str:
    """A prerequisite as the gate sees it: only a real True is "true" (never truthiness)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "unknown"


@cache
def _gate_fact(progression: str, excluded: str) -> GateFact:
    return GateFact(progression, excluded)


def gate_fact(progression: bool | None, other_causes_excluded: bool | None) -> GateFact:
    return _gate_fact(tristate(progression), tristate(other_causes_excluded))


def all_rule_facts() -> list[RuleFact]:
    """The whole rule-fact space, for tests that prove engines equal on every fact."""
    return [rule_fact(u, lo, e) for u in REGION_MASKS for lo in REGION_MASKS for e in EMG_COUNTS]


def all_gate_facts() -> list[GateFact]:
    return [GateFact(p, x) for p in TRISTATES for x in TRISTATES]
