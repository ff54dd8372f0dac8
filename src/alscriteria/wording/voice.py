"""The English voice: every kind of worded model the core builds, and the table that words it.

Each room of `wording/` that words a model exports `SAYINGS`, a kind and a function from the
model's fields (codes and values, Python objects or their JSON) to its worded fields. Region
codes arrive as `Region` members from the core and as plain strings from JSON; both are
`str`, and the tables format them by value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from alscriteria.wording.sayings import Saying


class Tables:
    """A voice made of tables: one saying a kind. What each kind says never changes once
    made; the rooms `later` gives (those only a history speaks: what changed, the next
    visit, function and stage) are loaded on the first kind the others do not word, so a
    case's result does not load the staging systems to word its plan."""

    __slots__ = ("_first", "_later", "_sayings")

    def __init__(
        self,
        sayings: Mapping[str, Saying],
        later: Callable[[], Mapping[str, Saying]] | None = None,
    ) -> None:
        self._first = dict(sayings)
        self._sayings = self._first
        self._later = later

    def say(self, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        saying = self._sayings.get(kind)
        if saying is None:
            saying = self._every().get(kind)
            if saying is None:
                raise KeyError(f"no words for kind {kind!r}; known: {sorted(self._sayings)}")
        return saying(fields)

    @property
    def kinds(self) -> list[str]:
        return sorted(self._every())

    def _every(self) -> dict[str, Saying]:
        """Every saying, the later rooms loaded first if they are not yet. Two threads
        racing here load the same rooms and make the same tables from the first ones."""
        later = self._later
        if later is not None:
            self._sayings = _gathered(self._first, later())
            self._later = None
        return self._sayings


def _gathered(*rooms: Mapping[str, Saying]) -> dict[str, Saying]:
    """The rooms' sayings in one table; two rooms never word the same kind."""
    sayings: dict[str, Saying] = {}
    for room in rooms:
        clash = sayings.keys() & room.keys()
        if clash:
            raise ValueError(f"two rooms word the same kinds: {sorted(clash)}")
        sayings.update(room)
    return sayings


def english() -> Tables:
    """The English tables, gathered from each room (imported here, not at the package's
    import: the voice loads on the first sentence); a history's rooms on its first."""
    from alscriteria.wording.flags import SAYINGS as FLAGS
    from alscriteria.wording.notes import SAYINGS as NOTES
    from alscriteria.wording.phenotype import SAYINGS as PHENOTYPE
    from alscriteria.wording.plan import SAYINGS as PLAN

    return Tables(_gathered(PLAN, FLAGS, NOTES, PHENOTYPE), later=_history_rooms)


def _history_rooms() -> dict[str, Saying]:
    from alscriteria.wording.next_visit import SAYINGS as NEXT_VISIT
    from alscriteria.wording.progression import SAYINGS as PROGRESSION
    from alscriteria.wording.staging import SAYINGS as STAGING

    return _gathered(PROGRESSION, NEXT_VISIT, STAGING)
