"""The root-and-nerve rule for limb regions (criteria.md A.2, A.3.4 "root independence").

Two abnormal limb muscles only show spread beyond one root or one nerve when no single root
or nerve lesion could explain both; that is what makes a limb region EMG-positive.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Literal, Protocol, TypeVar, get_args

from alscriteria.anatomy.catalogue import catalogue

RootRule = Literal["disjoint", "not-identical"]
ROOT_RULES: tuple[RootRule, ...] = get_args(RootRule)


class Innervated(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def roots(self) -> frozenset[str]: ...
    @property
    def nerve(self) -> str: ...


def roots_independent(a: frozenset[str], b: frozenset[str], rule: RootRule) -> bool:
    if rule == "disjoint":
        return a.isdisjoint(b)
    return a != b


M = TypeVar("M", bound="Innervated")


@lru_cache(maxsize=4096)
def normal_nerve(name: str) -> str:
    """A nerve name as compared: "Ulnar  Nerve" and "ulnar" are one nerve."""
    words = name.strip().lower().split()
    if len(words) > 1 and words[-1] == "nerve":
        words = words[:-1]
    return " ".join(words)


def same_nerve(a: str, b: str) -> bool:
    return a == b or normal_nerve(a) == normal_nerve(b)


def independent(a: Innervated, b: Innervated, rule: RootRule) -> bool:
    """Different muscles (left and right copies are one), different nerves, independent roots."""
    return (
        a.key != b.key
        and not same_nerve(a.nerve, b.nerve)
        and roots_independent(a.roots, b.roots, rule)
    )


def independent_pair(muscles: Sequence[M], rule: RootRule) -> tuple[M, M] | None:
    """The first pair, in the order given, that satisfies the rule; None if there is none.

    "First" is the pair (i, j), i < j, with the smallest i and then the smallest j: the pair
    a clinician reading the record top down would name. The muscles are grouped by root set,
    so a root set that cannot pair with a muscle is passed over whole: hundreds of muscles
    sharing roots (a long history carries every earlier study) cost a pass, not a square.
    """
    if len(muscles) < 2:
        return None
    nerves = [normal_nerve(m.nerve) for m in muscles]
    by_roots: dict[frozenset[str], list[int]] = {}
    for index, muscle in enumerate(muscles):
        by_roots.setdefault(muscle.roots, []).append(index)
    for i, first in enumerate(muscles):
        best: int | None = None
        for roots, members in by_roots.items():
            if not roots_independent(first.roots, roots, rule):
                continue
            for j in members[bisect_right(members, i) :]:
                if best is not None and j >= best:
                    break
                if nerves[j] != nerves[i] and muscles[j].key != first.key:
                    best = j
                    break
        if best is not None:
            return first, muscles[best]
    return None


def never_independent(key: str, rule: RootRule) -> bool:
    """A catalogue limb muscle independent (A.2) of no other catalogue muscle of its region
    under this root reading (under the default: the paraspinals, whose roots span the
    region's levels, and a few limb muscles such as triceps, C6-C8). A muscle outside the
    catalogue, entered at one level, is judged by its own roots."""
    return key in _never_independent(rule)


@cache
def _never_independent(rule: RootRule) -> frozenset[str]:
    """The catalogue's limb muscles that pair with no other of their region under `rule`.
    A table over the package's catalogue, built once a reading (two entries at most): a memo
    keyed by muscle name would grow with every name a case makes up."""
    return frozenset(
        muscle.key
        for muscle in catalogue().values()
        if muscle.region.is_limb
        and not any(
            independent(muscle, other, rule)
            for other in catalogue().values()
            if other.region is muscle.region and other.key != muscle.key
        )
    )


def spanning_paraspinal(key: str, rule: RootRule) -> bool:
    """A catalogue paraspinal (dorsal rami) of a limb region that can never pair under this
    reading: entered at one level, as a muscle outside the catalogue, it can."""
    muscle = catalogue().get(key)
    return (
        muscle is not None
        and muscle.nerve.startswith("dorsal rami")
        and never_independent(key, rule)
    )
