"""The English voice: every kind of worded model the core builds, and the table that words it.

Each room of `wording/` that words a model exports `SAYINGS`, a kind and a function from the
model's fields (codes and values, Python objects or their JSON) to its worded fields. Region
codes arrive as `Region` members from the core and as plain strings from JSON; both are
`str`, and the tables format them by value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alscriteria.wording.sayings import Saying


class Tables:
    """A voice made of tables: one saying a kind. Immutable once made."""

    __slots__ = ("_sayings",)

    def __init__(self, sayings: Mapping[str, Saying]) -> None:
        self._sayings = dict(sayings)

    def say(self, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
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
    from alscriteria.wording.flags import SAYINGS as FLAGS
    from alscriteria.wording.next_visit import SAYINGS as NEXT_VISIT
    from alscriteria.wording.notes import SAYINGS as NOTES
    from alscriteria.wording.phenotype import SAYINGS as PHENOTYPE
    from alscriteria.wording.plan import SAYINGS as PLAN
    from alscriteria.wording.progression import SAYINGS as PROGRESSION
    from alscriteria.wording.staging import SAYINGS as STAGING

    sayings: dict[str, Saying] = {}
    for room in (PLAN, FLAGS, NOTES, PHENOTYPE, PROGRESSION, NEXT_VISIT, STAGING):
        clash = sayings.keys() & room.keys()
        if clash:
            raise ValueError(f"two rooms word the same kinds: {sorted(clash)}")
        sayings.update(room)
    return Tables(sayings)
