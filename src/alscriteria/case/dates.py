"""Calendar arithmetic for visits: intervals in calendar months, as clinicians count them.

"At least six months apart" (criteria.md B.4.4, S6) and "3 to 6 months after the last EMG"
are calendar months: 15 January plus six months is 15 July. A day that the later month
lacks falls back to that month's last day (31 August plus six months is 28 or 29 February).
"""

from __future__ import annotations

import calendar
from datetime import date

#: The mean length of a month, only for showing a number of days as months.
DAYS_PER_MONTH = 365.25 / 12


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def at_least_months_apart(earlier: date, later: date, months: int) -> bool:
    """Whether `later` falls on or after `earlier` plus `months` calendar months."""
    return later >= add_months(earlier, months)


def calendar_months_between(earlier: date, later: date) -> tuple[int, int]:
    """The whole calendar months from `earlier` to `later` (on or after it) and the days
    left over, counted as `add_months` counts them: 31 August to 28 February is six months
    and no day; 1 March to 31 August is five months and 30 days."""
    whole = (later.year - earlier.year) * 12 + later.month - earlier.month
    while whole > 0 and add_months(earlier, whole) > later:
        whole -= 1
    return whole, (later - add_months(earlier, whole)).days


def in_months(days: int) -> float:
    """A number of days as months, to one decimal (for people; the data keeps days)."""
    return round(days / DAYS_PER_MONTH, 1)


__all__ = [
    "DAYS_PER_MONTH",
    "add_months",
    "at_least_months_apart",
    "calendar_months_between",
    "in_months",
]
