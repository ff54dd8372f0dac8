"""The English voice: every kind of worded model the core builds, and the table that words it.

Each room of `wording/` that words a model exports `SAYINGS`, a kind and a function from the
model's fields (codes and values, Python objects or their JSON) to its worded fields. Region
codes arrive as `Region` members from the core and as plain strings from JSON; both are
`str`, and the tables format them by value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Saying = Callable[[Mapping[str, Any]], dict[str, str]]


class Tables:
    """A voice made of tables: one saying a kind. Immutable once made."""

    __slots__ = ("_sayings",)

    def __init__(self, sayings: Mapping[str, Saying]) -> None:
        self._sayings = dict(sayings)

    def say(self, kind: str, fields: Mapping[str, Any]) -> dict[str, str]:
        saying = self._sayings.get(kind)
        if saying is None:
            raise KeyError(f"no words for kind {kind!r}; known: {sorted(self._sayings)}")
        return saying(fields)

    @property
    def kinds(self) -> list[str]:
        return sorted(self._sayings)


def english() -> Tables:
    """The English tables, gathered from each room (imported here, not at the package's
    import: the voice loads on the first sentence)."""
    sayings: dict[str, Saying] = {}
    return Tables(sayings)
