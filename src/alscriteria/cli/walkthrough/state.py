"""What the answers have built so far: one record, copied whole before each answer so
that `back` can restore it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alscriteria.anatomy.regions import Region
from alscriteria.cli.walkthrough.steps import (
    ALTERNATIVE,
)


@dataclass
class State:
    """Everything entered so far; copied whole before each answer so `back` can restore it."""

    answers: dict[str, Any] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    # skips the file does not record: read from a file that leaves them out (a complete
    # walkthrough's gaps), or answered elsewhere (a visit's id, at the history's top)
    unsaved: set[str] = field(default_factory=set)
    muscles: list[dict[str, Any]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # muscles chosen, findings not yet given
    pending_sides: list[str | None] = field(default_factory=list)  # typed with them: fdi r
    side_given: bool = False
    pending_side: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # fields this form never asks
    # per region, what a resumed file gave that this form never asks (flags, sides, EMG
    # summaries): kept and saved as given, so resuming a registry case loses nothing
    region_extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)  # conduction blocks entered
    custom: dict[str, Any] | None = None  # a muscle outside the catalogue, being described
    anatomy: dict[str, dict[str, Any]] = field(default_factory=dict)  # custom key -> anatomy
    pending_block: dict[str, Any] | None = None  # nerve (and segment) given, rest not yet

    def done(self, step: str) -> bool:
        if step == ALTERNATIVE and self.answers.get("other_causes_excluded", True) is not False:
            return True  # asked only when other causes are not excluded
        return step in self.answers or step in self.skipped


@dataclass(frozen=True, slots=True)
class Outcome:
    said: str
    finished_region: Region | None = None


__all__ = [
    "Outcome",
    "State",
]
