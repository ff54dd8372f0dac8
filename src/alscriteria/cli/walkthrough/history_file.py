"""The history file of the walkthrough's visit mode: read and checked before any question,
and written back with only this date's visit changed.

The file is read at the start (the earlier visits give the carried answers and the
milestones), and read again at the save: only this date's visit is put into what the file
holds then, so visits another program saved meanwhile are kept; this date's visit changed by
someone else meanwhile is theirs and is not overwritten (the visit mode saves beside it).
Free of rich: the walkthrough (visit.py) says what happens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from alscriteria.cli.common import UsageError, load_json
from alscriteria.cli.text import printable
from alscriteria.function.record import VisitFunction
from alscriteria.history import History, InvalidHistoryError, parse_history
from alscriteria.history.model import read_date


@dataclass
class VisitFile:
    """The history file as read (kept as written: other visits are saved unchanged), and
    where this date's visit goes in it."""

    path: Path
    data: dict[str, Any]
    history: History | None  # None: a new file
    day: date
    visit_function: dict[str, Any] = field(default_factory=dict)  # this visit's, as read

    @property
    def index(self) -> int | None:
        """This date's visit in the file, if it has one."""
        if self.history is None:
            return None
        days = [v.date for v in self.history.visits]
        return days.index(self.day) if self.day in days else None

    def earlier(self) -> list[int]:
        """The visits dated before this one, in order."""
        if self.history is None:
            return []
        return [i for i, v in enumerate(self.history.visits) if v.date < self.day]

    @property
    def function(self) -> VisitFunction | None:
        """What this date's visit records of function, as read (None: nothing, or a new
        visit)."""
        index = self.index
        if self.history is None or index is None:
            return None
        return self.history.visits[index].function

    @property
    def onset(self) -> date | None:
        onset = self.data.get("onset")
        return date.fromisoformat(onset) if isinstance(onset, str) else None

    def with_visit(self, visit: dict[str, Any]) -> dict[str, Any]:
        """The history as read with this date's visit put in (replaced, or inserted in date
        order): what a file beside the history holds."""
        visits = list(self.data.get("visits") or [])
        index = self.index
        if index is not None:
            visits[index] = visit
        else:
            visits.insert(len(self.earlier()), visit)
        return {**self.data, "visits": visits}

    def on_disk(self) -> tuple[dict[str, Any] | None, str | None]:
        """The history file as it is now, or why this visit must not be written into it:
        another program may have saved visits since it was read (they are kept), but the
        visit of this date changed by someone else is theirs, and is not overwritten."""
        path, shown = self.path, printable(str(self.path))
        if not path.exists():
            if self.history is None:
                return None, None
            return None, f"{shown} was removed during this session"
        if self.history is None:
            return None, f"{shown} was created by another program during this session"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None, f"{shown} cannot be read back as JSON now"
        if not isinstance(data, dict) or not isinstance(data.get("visits"), list):
            return None, f"{shown} is no longer a history (no list of visits)"
        if _dated(data, self.day) != _dated(self.data, self.day):
            return None, (
                f"the visit of {self.day.isoformat()} in {shown} was changed by another "
                "program during this session"
            )
        return data, None


def _on_day(raw: object, day: date) -> bool:
    return isinstance(raw, dict) and read_date(raw.get("date"), "date")[0] == day


def _dated(data: dict[str, Any], day: date) -> list[Any]:
    """The visits of this date in a history as written (one, or none)."""
    return [v for v in data.get("visits") or [] if _on_day(v, day)]


def put_visit(data: dict[str, Any], visit: dict[str, Any], day: date) -> dict[str, Any]:
    """`data` (the file as it is now) with this date's visit replaced, or inserted after the
    visits dated before it; every other visit as the file holds it."""
    visits = [v for v in data["visits"] if not _on_day(v, day)]
    before = sum(
        1
        for v in visits
        if isinstance(v, dict) and (read_date(v.get("date"), "date")[0] or day) < day
    )
    visits.insert(before, visit)
    return {**data, "visits": visits}


def same_history(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """The same visits, read as the history parser reads them (how a file spells an empty
    list, or orders its keys, is not a change)."""
    try:
        return parse_history(before) == parse_history(after)
    except InvalidHistoryError:
        return False


def _refuse(where: str, exc: InvalidHistoryError) -> UsageError:
    return UsageError(f"{where}:\n" + "\n".join(f"  - {p}" for p in exc.problems))


def open_visit(path: Path, given_day: str, given_onset: str | None) -> VisitFile:
    """The history and the visit date, checked as the history parser checks them (a date
    it would refuse is refused now, with the field named, not after the questions)."""
    day, problem = read_date(given_day, "--visit-date")
    if problem is not None or day is None:
        raise UsageError(problem)
    onset: date | None = None
    if given_onset is not None:
        onset, problem = read_date(given_onset, "--onset")
        if problem is not None:
            raise UsageError(problem)
    if not path.exists():
        data: dict[str, Any] = {"id": None, "onset": onset and onset.isoformat(), "visits": []}
        visit = VisitFile(path, data, None, day)
    else:
        raw = load_json(str(path), "walkthrough")
        try:
            history = parse_history(raw)
        except InvalidHistoryError as exc:
            raise _refuse(f"{path}: not a history the visit can be added to", exc) from None
        if onset is not None and history.onset != onset:
            said = history.onset.isoformat() if history.onset else "none"
            raise UsageError(
                f"--onset: {path} already records the onset ({said}); the onset is given once, "
                "at the top of the history (edit the file to change it)"
            )
        visit = VisitFile(path, dict(raw), history, day)
    check = visit.with_visit({"date": day.isoformat()})
    if visit.index is not None:
        return visit
    try:
        parse_history(
            {
                **check,
                "id": None,
                "visits": [
                    {"date": v["date"]} if isinstance(v, dict) else v for v in check["visits"]
                ],
            }
        )
    except InvalidHistoryError as exc:
        where = f"--visit-date {day.isoformat()}: the history would not be valid"
        raise _refuse(where, exc) from None
    return visit


__all__ = ["VisitFile", "open_visit", "put_visit", "same_history"]
