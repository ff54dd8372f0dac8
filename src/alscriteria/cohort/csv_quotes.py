"""A CSV line whose quote is left open: why it is one bad record, and which lines a lenient
reader would have merged with it.

Our layout never puts a line break inside a cell, so a quote left open is a mistake in that
line; letting the csv module carry on into the next lines (as it would by default) silently
merges every patient up to the next stray quote into one broken record, while the counts
still balance. So each line is parsed on its own, and the message says what the lenient
reading would have done: the user sees the size of the mistake.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator

from alscriteria.cohort.lines import MAX_RECORD_BYTES, PhysicalLine
from alscriteria.wording import plural

#: How far past an unclosed CSV quote we look for the line that would have closed it, only
#: to tell the user which lines a lenient reader would have merged. Bounded so the lookahead
#: never holds more than a few MiB.
QUOTE_LOOKAHEAD_LINES = 1000
QUOTE_LOOKAHEAD_BYTES = 4 * MAX_RECORD_BYTES


def csv_problem(
    number: int,
    text: str,
    exc: csv.Error,
    ahead: deque[PhysicalLine],
    lines: Iterator[PhysicalLine],
) -> str:
    """Why one line is not CSV; for a quote left open, which lines it would have merged.

    `ahead` holds the lines already read past this one, `lines` gives the rest: lines looked
    at stay queued in `ahead`, to be read as records of their own.
    """
    if not _swallows_line_end(text):
        return f"not readable as CSV: {exc}"
    return (
        f"a quoted cell is not closed on line {number}: "
        f"{_swallowed(number, text, ahead, lines)}. "
        "Cells never hold line breaks in this layout, so every line is read as its own "
        "record; close the quote (a quote inside a cell is written as two quotes)"
    )


def _swallowed(
    number: int, text: str, ahead: deque[PhysicalLine], lines: Iterator[PhysicalLine]
) -> str:
    """Which lines a reader that lets quoted cells span lines would have taken as one."""
    looked = 0
    held = 0
    at_end = False

    def source() -> Iterator[str]:
        nonlocal looked, held, at_end
        yield text + "\n"
        while looked < QUOTE_LOOKAHEAD_LINES and held < QUOTE_LOOKAHEAD_BYTES:
            if looked < len(ahead):
                line = ahead[looked]
            else:
                read = next(lines, None)
                if read is None:
                    at_end = True
                    return
                ahead.append(read)
                line = read
            looked += 1
            held += line.size
            if line.data is None:  # too long to look into
                raise _LookaheadEnd
            yield line.data.decode("utf-8", "replace") + "\n"
        raise _LookaheadEnd

    try:
        next(csv.reader(source(), strict=False))
    except (_LookaheadEnd, csv.Error):
        return (
            f"a CSV reader would have merged it with at least the {plural(looked, 'line')} "
            "after it into one record"
        )
    last = number + looked
    if at_end and not looked:
        return "it runs on to the end of the file"
    if at_end:
        return (
            f"a CSV reader would have merged lines {number} to {last} (the end of the "
            "file) into one record"
        )
    return f"a CSV reader would have merged lines {number} to {last} into one record"


def _swallows_line_end(text: str) -> bool:
    """Whether a lenient CSV reader would carry this line's last cell on past its end."""
    try:
        cells = next(csv.reader([text + "\n"], strict=False), [])
    except csv.Error:
        return False
    return any("\n" in cell for cell in cells)


class _LookaheadEnd(Exception):
    """The search for the closing quote went as far as it may."""


__all__ = ["QUOTE_LOOKAHEAD_BYTES", "QUOTE_LOOKAHEAD_LINES", "csv_problem"]
