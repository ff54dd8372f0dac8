"""A cohort file as physical lines: bytes split at CR, LF or CRLF, each line read as text or
told why it cannot be, and the first bytes read to tell the format.

The file is read as bytes and split into lines here, not by Python's text layer: that is what
lets one undecodable line become one bad record instead of ending the run, one runaway line
be skipped without holding it in memory, and a file saved with old Mac line ends (CR only) be
read line by line instead of as one enormous record. The byte offset gives an honest
progress bar without counting the file first.

Also here, because it reads lines and nothing else: telling one JSON document written over
several lines (a case piped in by mistake) from JSON Lines.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from alscriteria.cohort.formats import CohortFormat
from alscriteria.errors import InvalidInputError
from alscriteria.files.json_input import decode_text

#: The longest record read (bytes, without the line end). A clinical case is a few KiB; a
#: longer line is a broken export, and reading it whole could exhaust memory.
MAX_RECORD_BYTES = 1 << 20

#: How much of a line too long to read is kept: enough for the first cells (the patient id
#: of a visit row), never the line.
PREFIX_BYTES = 4096

#: How many lines are looked at for one JSON document written over several lines (a case
#: or history piped in by mistake); a pretty-printed history of many visits is thousands.
DOCUMENT_PEEK_LINES = 100_000

#: A JSON string (never over a line end) or a bracket: the brackets outside strings count.
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_DEPTH = {"{": 1, "[": 1, "}": -1, "]": -1}

#: How much is read from the file at a time.
BLOCK = 1 << 16


def sniff_format(head: bytes) -> CohortFormat:
    """The format of a cohort read from its first bytes: JSON Lines when the first thing
    that is not blank (after a UTF-8 byte-order mark) opens a JSON object or array, else CSV
    (whose first line is a header of column names, which never starts so). A file with
    nothing but blanks is JSON Lines, which reads it as no records."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text or text[:1] in (b"{", b"["):
        return CohortFormat.JSONL
    return CohortFormat.CSV


class PhysicalLine(NamedTuple):
    """One physical line: its number (from 1), its bytes, and its size. A named tuple: one
    is made for every line of a cohort, in the main process, and a frozen dataclass cost
    twice as much to make."""

    number: int
    data: bytes | None
    """The line without its end; None when it was longer than MAX_RECORD_BYTES."""
    size: int
    prefix: bytes = b""
    """The first bytes of a line too long to read (its first cells name its patient)."""


def split_lines(
    file: io.BufferedIOBase, limit: int, counter: list[int], head: bytes = b""
) -> Iterator[PhysicalLine]:
    """Physical lines of a byte stream, ended by CR, LF or CRLF; `counter[0]` counts bytes.

    `head` is what was already read from the stream (and counted). A line longer than
    `limit` is passed over block by block and yielded without its data, so a single huge
    line costs one bad record and constant memory.
    """
    buffer = head
    pos = 0  # where the current line starts in the buffer
    skipped = -1  # bytes of an over-long line already passed over; -1: not in one
    prefix = b""  # the start of an over-long line
    number = 0
    eof = False
    ends = _LineEnds(buffer)
    while True:
        end = ends.next(pos)
        if end != -1:
            # a CR at the end of what was read may be the first half of a CRLF
            if eof or end + 1 < len(buffer) or buffer[end] != 0x0D:
                number += 1
                size = max(skipped, 0) + end - pos
                if skipped >= 0 or size > limit:
                    yield PhysicalLine(number, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield PhysicalLine(number, buffer[pos:end], size)
                skipped = -1
                prefix = b""
                pos = end + (2 if buffer.startswith(b"\r\n", end) else 1)
                continue
        elif eof:
            size = max(skipped, 0) + len(buffer) - pos
            if size or skipped >= 0:
                if skipped >= 0 or size > limit:
                    yield PhysicalLine(number + 1, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield PhysicalLine(number + 1, buffer[pos:], size)
            return
        elif len(buffer) - pos > limit:
            prefix = _start(prefix, skipped, buffer, pos)
            skipped = max(skipped, 0) + len(buffer) - pos
            buffer, pos = b"", 0
        block = file.read1(BLOCK)  # what is there: a slow pipe is read as it comes
        if block:
            counter[0] += len(block)
            buffer = buffer[pos:] + block
            pos = 0
            ends = _LineEnds(buffer)
        else:
            eof = True


class _LineEnds:
    """Where the next line end (CR or LF) is in one buffer, from a position on.

    A regular expression read every byte in Python's matcher, most of what reading a cohort
    cost the main process. Here each of the two bytes is looked for with `bytes.find` (in
    C), and where it was found (or that it is not in the rest of the buffer) is kept until
    the lines pass it: a file of LF lines looks for a CR once a block, not once a line.
    """

    __slots__ = ("_buffer", "_cr", "_lf")

    def __init__(self, buffer: bytes) -> None:
        self._buffer = buffer
        self._cr = -2  # -2: not looked for yet; -1: none from where it was looked for on
        self._lf = -2

    def next(self, pos: int) -> int:
        """The first CR or LF at `pos` or after it; -1 when there is none."""
        cr, lf = self._cr, self._lf
        if -1 != cr < pos:
            cr = self._cr = self._buffer.find(b"\r", pos)
        if -1 != lf < pos:
            lf = self._lf = self._buffer.find(b"\n", pos)
        if cr == -1:
            return lf
        return cr if lf == -1 or cr < lf else lf


def _start(prefix: bytes, skipped: int, buffer: bytes, pos: int) -> bytes:
    """The first bytes of an over-long line: kept when passing over began, or still in the
    buffer. Sliced only for such a line, never for the ordinary ones."""
    return prefix if skipped >= 0 else buffer[pos : pos + PREFIX_BYTES]


def too_long(size: int) -> str:
    return (
        f"the line is {size:,} bytes long; a record may be at most {MAX_RECORD_BYTES:,} "
        "bytes (is the file a cohort, with one record per line?)"
    )


#: How much of the start of a file is looked at to tell UTF-16 text (at least, when the
#: file is that long); a cohort's first record is longer than this.
SNIFF_BYTES = 512


def read_head(file: io.BufferedIOBase, counter: list[int]) -> bytes:
    """The first bytes of the stream, at least SNIFF_BYTES of them unless it ends sooner."""
    head = b""
    while len(head) < SNIFF_BYTES:
        block = file.read1(BLOCK)
        if not block:
            break
        head += block
    counter[0] += len(head)
    return head


def utf16_problem(head: bytes) -> str | None:
    """Why the file is UTF-16 (or UTF-32) text rather than UTF-8, or None when it is not.

    Such a file is refused as a whole: read as UTF-8 every line would fail, or worse, its
    NUL bytes would pass for text and every record fail as "not valid JSON". Without a
    byte-order mark, UTF-16 text of Latin letters has a NUL in every other byte, and read as
    UTF-16 it is printable text; random bytes with many NULs are not, and stay bad records.
    """
    for mark in (b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(mark):
            return f"it starts with a UTF-16 or UTF-32 byte-order mark ({mark.hex(' ').upper()})"
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 16:
        return None
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if high.count(0) < 0.9 * len(high):
            continue
        text = sample.decode(codec, "surrogatepass")[:-1]  # the last may be half a pair
        if all(c.isprintable() or c in "\t\r\n" for c in text):
            return (
                f"a NUL byte in every other byte ({codec.upper()} text without a byte-order mark)"
            )
    return None


def line_text(line: PhysicalLine) -> tuple[str | None, str | None]:
    """(text, None) or (None, why the line cannot be read as text)."""
    if line.data is None:
        return None, too_long(line.size)
    try:
        return decode_text(line.data, "the line"), None
    except InvalidInputError as exc:
        return None, str(exc)


def one_document(
    ahead: Iterator[PhysicalLine],
) -> tuple[dict[str, Any] | list[Any], int, bool] | None:
    """The JSON object or array that the first lines make together, how many lines it
    takes and whether anything follows it, when the first line is not a record of its
    own; else None.

    Brackets outside strings are counted line by line (a JSON string never spans a
    line), and the lines are parsed once, when they close what the first one opened.
    `ahead` gives the lines (the reader keeps them queued, to be read as records); the look
    stops after DOCUMENT_PEEK_LINES lines or MAX_RECORD_BYTES bytes.
    """
    parts: list[str] = []
    depth = size = 0
    for line in ahead:
        text, _ = line_text(line)
        if text is None:
            return None
        if not parts and not text.strip():
            continue
        if not parts and not text.lstrip().startswith(("{", "[")):
            return None
        parts.append(text)
        size += len(text)
        for token in _BRACKETS.findall(text):
            depth += _DEPTH.get(token, 0)
        if depth <= 0 or size > MAX_RECORD_BYTES:
            break
    if len(parts) < 2 or depth != 0:
        return None  # a record on one line (JSON Lines), or no document closed
    try:
        value = json.loads("\n".join(parts))
    except ValueError:
        return None
    if not isinstance(value, (dict, list)):
        return None
    more = any(line.data is None or line.data.strip() for line in ahead)
    return value, len(parts), more


__all__ = [
    "BLOCK",
    "DOCUMENT_PEEK_LINES",
    "MAX_RECORD_BYTES",
    "PREFIX_BYTES",
    "SNIFF_BYTES",
    "PhysicalLine",
    "line_text",
    "one_document",
    "read_head",
    "sniff_format",
    "split_lines",
    "too_long",
    "utf16_problem",
]
