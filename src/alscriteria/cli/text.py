"""Text from the input, made safe to print: nothing a case file holds may reach the terminal
as an instruction (escape sequences that set the title or clear the screen, rich markup that
restyles or links), and no message may be unbounded."""

from __future__ import annotations

import re

from rich.markup import escape

#: C0 and C1 control characters (but tab and newline), DEL, and the Unicode line and
#: paragraph separators and bidirectional overrides that can reorder what a reader sees.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: The longest message printed; the rest is cut with a note.
LIMIT = 4000


def printable(text: str, limit: int = LIMIT) -> str:
    """The text with every unsafe character shown as an escape (\\x1b, \\u202e), and cut."""
    safe = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    # lone surrogates (undecodable bytes) cannot be written to a UTF-8 terminal
    safe = safe.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(safe) > limit:
        safe = f"{safe[:limit]}... ({len(safe) - limit} more characters)"
    return safe


def plain(text: str, limit: int = LIMIT) -> str:
    """Input text for a rich renderable that reads markup: printable, with markup escaped."""
    return escape(printable(text, limit))


__all__ = ["LIMIT", "plain", "printable"]
