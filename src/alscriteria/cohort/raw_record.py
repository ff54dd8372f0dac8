"""One record as a cohort file holds it, before anything is read from it: its line, its text or
cells, or why its bytes could not be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: a JSON text or CSV cells, or why the bytes could not be used."""

    line: int
    """The physical line the record starts on (1-based; a CSV header is line 1)."""
    text: str | None = None
    """A JSON Lines record's text; a visit row's line (held instead of its cells)."""
    cells: tuple[str, ...] | None = None
    """The CSV cells; for a bad visit row, those a lenient reading found (for its id)."""
    problem: str | None = None
    rows: tuple[RawRecord, ...] | None = None
    """One patient's visit rows, in file order (CSV with a date column: visit_groups.py)."""
    undecoded: bool = False
    """The line could not be read whole as UTF-8: a U+FFFD in its cells may stand for bytes
    that were lost, not for the character a registry may hold."""
    data: Any = None
    """A record given in memory, already a case or history mapping (`assess_cohort`)."""

    def __reduce__(self) -> tuple[type[RawRecord], tuple[Any, ...]]:
        """Pickled as its fields in order, rebuilt by the class (a cohort hands every record
        to a worker: the dataclass's own state, read field by field in Python, cost the main
        process more than reading the record did)."""
        return (
            RawRecord,
            (
                self.line,
                self.text,
                self.cells,
                self.problem,
                self.rows,
                self.undecoded,
                self.data,
            ),
        )
