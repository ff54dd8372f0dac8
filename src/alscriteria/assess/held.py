"""An object as a memo key by its identity (the voice a phenotype or plan item was worded
by; a tuple of upgrade paths): the very object, held so that its id is never reused while
the key lives, whatever its own equality, and hashable even where the object is not."""

from __future__ import annotations


class Held:
    __slots__ = ("held",)

    def __init__(self, held: object) -> None:
        self.held = held

    def __hash__(self) -> int:
        return id(self.held)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Held) and other.held is self.held


__all__ = ["Held"]
