"""Reading a cohort file one record at a time, each with the line number a user can find.

The file is read as bytes and split into physical lines here, not by Python's text layer:
that is what lets one undecodable line become one bad record instead of ending the run, one
runaway line be skipped without holding it in memory, and a file saved with old Mac line
ends (CR only) be read line by line instead of as one enormous record. CR, LF and CRLF all
end a line. The byte offset gives an honest progress bar without counting the file first.

A CSV line is parsed on its own. Our layout never puts a line break inside a cell, so a
quote left open is a mistake in that line; letting the csv module carry on into the next
lines (as it would by default) silently merges every patient up to the next stray quote
into one broken record, while the counts still balance.

Records are not parsed further here: that happens in the worker processes, where the CPU
time is.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import stat
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from alscriteria.cohort.csv_layout import check_header, date_column, normal_header
from alscriteria.cohort.formats import CohortFormat, format_of
from alscriteria.cohort.kept import (
    KeepError,
    KeepRequest,
    KeptColumns,
    resolve_csv,
    resolve_jsonl,
)
from alscriteria.errors import InvalidInputError
from alscriteria.files.json_input import decode_text
from alscriteria.wording.common import plural

#: The longest record read (bytes, without the line end). A clinical case is a few KiB; a
#: longer line is a broken export, and reading it whole could exhaust memory.
MAX_RECORD_BYTES = 1 << 20

#: How much of a line too long to read is kept: enough for the first cells (the patient id
#: of a visit row), never the line.
PREFIX_BYTES = 4096

#: How far past an unclosed CSV quote we look for the line that would have closed it, only
#: to tell the user which lines a lenient reader would have merged. Bounded so the lookahead
#: never holds more than a few MiB.
QUOTE_LOOKAHEAD_LINES = 1000
QUOTE_LOOKAHEAD_BYTES = 4 * MAX_RECORD_BYTES

#: How many lines are looked at for one JSON document written over several lines (a case
#: or history piped in by mistake); a pretty-printed history of many visits is thousands.
DOCUMENT_PEEK_LINES = 100_000

#: A JSON string (never over a line end) or a bracket: the brackets outside strings count.
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_DEPTH = {"{": 1, "[": 1, "}": -1, "]": -1}

#: How many lines `first_is_history` reads past blank ones to find the first record.
PEEK_LINES = 1000

_BLOCK = 1 << 16
_LINE_END = re.compile(rb"[\r\n]")


class CohortFileError(Exception):
    """The file as a whole cannot be read as a cohort (missing, unreadable, bad CSV header)."""


def input_format_for(path: str, chosen: str | None = None) -> CohortFormat | None:
    """The format named on the command line, else the one the extension says; None when
    it is to be read from the content: standard input ("-"), or a pipe with a name we do
    not know (`<(zcat cohort.csv.gz)` is /dev/fd/63). A regular file must say its format
    in its name: a misnamed file is more likely a mistake than a cohort."""
    if chosen:
        return CohortFormat(chosen)
    found = format_of(path)
    if found is not None:
        return found
    if path == "-" or _not_a_regular_file(path):
        return None
    one = ""
    if path.lower().endswith(".json"):
        # the extension of one case or one history: the commands that read those
        one = (
            " (a .json file holds one case, for alscriteria evaluate, or one history, "
            "for alscriteria timeline)"
        )
    raise CohortFileError(
        f"{path}: cannot tell the format from the extension{one}; name a cohort file "
        ".jsonl or .csv, or give --input-format jsonl|csv"
    )


def _not_a_regular_file(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path)
    except OSError:
        return False


def sniff_format(head: bytes) -> CohortFormat:
    """The format of a cohort read from its first bytes: JSON Lines when the first thing
    that is not blank (after a UTF-8 byte-order mark) opens a JSON object or array, else CSV
    (whose first line is a header of column names, which never starts so). A file with
    nothing but blanks is JSON Lines, which reads it as no records."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text or text[:1] in (b"{", b"["):
        return CohortFormat.JSONL
    return CohortFormat.CSV


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


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    data: bytes | None
    """The line without its end; None when it was longer than MAX_RECORD_BYTES."""
    size: int
    prefix: bytes = b""
    """The first bytes of a line too long to read (its first cells name its patient)."""


def _split_lines(
    file: io.BufferedIOBase, limit: int, counter: list[int], head: bytes = b""
) -> Iterator[_Line]:
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
    while True:
        found = _LINE_END.search(buffer, pos)
        if found is not None:
            end = found.start()
            # a CR at the end of what was read may be the first half of a CRLF
            if eof or end + 1 < len(buffer) or buffer[end] != 0x0D:
                number += 1
                size = max(skipped, 0) + end - pos
                if skipped >= 0 or size > limit:
                    yield _Line(number, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield _Line(number, buffer[pos:end], size)
                skipped = -1
                prefix = b""
                pos = end + (2 if buffer.startswith(b"\r\n", end) else 1)
                continue
        elif eof:
            size = max(skipped, 0) + len(buffer) - pos
            if size or skipped >= 0:
                if skipped >= 0 or size > limit:
                    yield _Line(number + 1, None, size, _start(prefix, skipped, buffer, pos))
                else:
                    yield _Line(number + 1, buffer[pos:], size)
            return
        elif len(buffer) - pos > limit:
            prefix = _start(prefix, skipped, buffer, pos)
            skipped = max(skipped, 0) + len(buffer) - pos
            buffer, pos = b"", 0
        block = file.read1(_BLOCK)  # what is there: a slow pipe is read as it comes
        if block:
            counter[0] += len(block)
            buffer = buffer[pos:] + block
            pos = 0
        else:
            eof = True


def _start(prefix: bytes, skipped: int, buffer: bytes, pos: int) -> bytes:
    """The first bytes of an over-long line: kept when passing over began, or still in the
    buffer. Sliced only for such a line, never for the ordinary ones."""
    return prefix if skipped >= 0 else buffer[pos : pos + PREFIX_BYTES]


def _too_long(size: int) -> str:
    return (
        f"the line is {size:,} bytes long; a record may be at most {MAX_RECORD_BYTES:,} "
        "bytes (is the file a cohort, with one record per line?)"
    )


#: How much of the start of a file is looked at to tell UTF-16 text (at least, when the
#: file is that long); a cohort's first record is longer than this.
SNIFF_BYTES = 512


def _read_head(file: io.BufferedIOBase, counter: list[int]) -> bytes:
    """The first bytes of the stream, at least SNIFF_BYTES of them unless it ends sooner."""
    head = b""
    while len(head) < SNIFF_BYTES:
        block = file.read1(_BLOCK)
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
                f"a NUL byte in every other byte ({codec.upper()} text without a "
                "byte-order mark)"
            )
    return None


def _text(line: _Line) -> tuple[str | None, str | None]:
    """(text, None) or (None, why the line cannot be read as text)."""
    if line.data is None:
        return None, _too_long(line.size)
    try:
        return decode_text(line.data, "the line"), None
    except InvalidInputError as exc:
        return None, str(exc)


def _cells(text: str) -> list[str]:
    """One physical line as CSV cells; csv.Error when it is not well-formed on its own."""
    return next(csv.reader([text], strict=True), [])


def csv_cells(record: RawRecord) -> RawRecord:
    """A CSV record with its cells made again from its text (visit rows held compactly)."""
    if record.cells is not None or record.text is None or record.problem is not None:
        return record
    return RawRecord(record.line, record.text, tuple(_cells(record.text)))


def _blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


class CohortReader:
    """Streams the records of one JSON Lines or CSV file; use it as a context manager."""

    def __init__(
        self,
        path: str,
        fmt: CohortFormat | None,
        keep: KeepRequest | None = None,
        reserved: frozenset[str] = frozenset(),
        history_reserved: frozenset[str] | None = None,
    ) -> None:
        """`fmt` None: read the format from the content (`sniff_format`). `reserved`: the
        names a case row has for itself, which no kept column may take; `history_reserved`:
        those of a history row, for a CSV file of visit rows."""
        self.path = path
        self.name = "standard input" if path == "-" else path
        """The input as messages name it."""
        self.format = fmt or CohortFormat.JSONL
        self.sniffed = fmt is None
        """Whether the format was read from the content rather than named."""
        self._keep = keep or KeepRequest()
        self._reserved = reserved
        self._history_reserved = history_reserved
        self.visit_rows = False
        """CSV input with a `date` column: each row is a visit, the rows of one id a patient."""
        self.kept: KeptColumns | None = None
        """The columns carried through unchanged (`--keep-columns`), resolved on the header."""
        self._counter = [0]
        self.blank_lines = 0
        self.id_lookalikes: list[str] = []
        """Visit rows: patient ids that differ only in case or spacing (visit_groups.py)."""
        """Blank lines skipped: they are not records, but the summary says how many there were."""
        self.header: tuple[str, ...] | None = None
        self._file: io.BufferedIOBase
        try:
            if path == "-":
                self._file = os.fdopen(os.dup(0), "rb")
            else:
                self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
            info = os.fstat(self._file.fileno())
        except OSError as exc:
            raise CohortFileError(
                f"{self.name}: cannot read the file ({exc.strerror or exc})"
            ) from None
        if stat.S_ISDIR(info.st_mode):
            self._file.close()
            raise CohortFileError(f"{self.name}: is a folder, not a cohort file")
        self.identity = (info.st_dev, info.st_ino)
        """What the input is on disk, so no output can be the same file under another name."""
        self.size: int | None = info.st_size if stat.S_ISREG(info.st_mode) else None
        self._ahead: deque[_Line] = deque()
        try:
            head = _read_head(self._file, self._counter)
            if fmt is None:
                head = self._past_blanks(head)
                self.format = sniff_format(head)
            utf16 = utf16_problem(head)
            if utf16 is not None:
                raise CohortFileError(
                    f"{self.name}: the file is not UTF-8 text: {utf16}; save it as UTF-8 (in a "
                    "spreadsheet: CSV UTF-8) and run again"
                )
            self._lines = _split_lines(self._file, MAX_RECORD_BYTES, self._counter, head)
            if self.format is CohortFormat.CSV:
                self._read_header()
            elif self._keep.wanted:
                self.kept = resolve_jsonl(self._keep, reserved)
            if self.format is CohortFormat.JSONL:
                self._refuse_one_document()
        except KeepError as exc:
            self.close()
            raise CohortFileError(str(exc)) from None
        except OSError as exc:
            self.close()
            raise CohortFileError(
                f"{self.name}: cannot read the file ({exc.strerror or exc})"
            ) from None
        except BaseException:
            self.close()
            raise

    def _refuse_one_document(self) -> None:
        """Refuse one JSON document written over several lines (a case or history file
        piped in: `batch - < case.json`): read as JSON Lines, each of its lines would be a
        "not valid JSON" error record. Named, with the command that reads it, instead."""
        found = self._one_document()
        if found is None:
            return
        value, lines, more = found
        source = "-" if self.path == "-" else shlex.quote(self.path)
        if more:  # `jq . cohort.jsonl`: pretty-printed records, one after the other
            raise CohortFileError(
                f"{self.name}: this is JSON written over several lines (the first record "
                f"over {lines} lines), not JSON Lines, which has one record per line; write "
                "each record on a line of its own (for example with jq -c .) and run again"
            )
        if isinstance(value, list):
            raise CohortFileError(
                f"{self.name}: this is a JSON array over {lines} lines, not JSON Lines, which "
                "has one record per line; write each record on a line of its own (for "
                "example with jq -c '.[]') and run again"
            )
        history = "visits" in value
        what = (
            f"one patient history (a JSON object over {lines} lines, with 'visits')"
            if history
            else f"one case (a JSON object over {lines} lines)"
        )
        command = "timeline" if history else "evaluate"
        raise CohortFileError(
            f"{self.name}: this is {what}, not a cohort with one record per line; assess it "
            f"with: alscriteria {command} {source} (to add it to a cohort, write it on one "
            "line: jq -c .)"
        )

    def _one_document(self) -> tuple[dict[str, Any] | list[Any], int, bool] | None:
        """The JSON object or array that the first lines make together, how many lines it
        takes and whether anything follows it, when the first line is not a record of its
        own; else None.

        Brackets outside strings are counted line by line (a JSON string never spans a
        line), and the lines are parsed once, when they close what the first one opened.
        The lines looked at stay queued, to be read as records; the look stops after
        DOCUMENT_PEEK_LINES lines or MAX_RECORD_BYTES bytes.
        """
        parts: list[str] = []
        depth = size = 0
        ahead = self._peek(DOCUMENT_PEEK_LINES)
        for line in ahead:
            text, _ = _text(line)
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

    def _peek(self, most: int) -> Iterator[_Line]:
        """The lines ahead, each read once and left queued to be read as records; reading
        stops once `most` lines are queued."""
        yield from list(self._ahead)
        while len(self._ahead) < most:
            line = next(self._lines, None)
            if line is None:
                return
            self._ahead.append(line)
            yield line

    def _past_blanks(self, head: bytes) -> bytes:
        """The head read on until something that is not blank (a file may start with blank
        lines), at most MAX_RECORD_BYTES: enough to tell the format."""
        while not head.strip() and len(head) < MAX_RECORD_BYTES:
            block = self._file.read1(_BLOCK)
            if not block:
                break
            self._counter[0] += len(block)
            head += block
        return head

    @property
    def bytes_read(self) -> int:
        """How far into the file reading has got, for the progress bar."""
        return self._counter[0]

    def __enter__(self) -> CohortReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def _next_line(self) -> _Line | None:
        if self._ahead:
            return self._ahead.popleft()
        return next(self._lines, None)

    def _read_header(self) -> None:
        while (line := self._next_line()) is not None:
            text, problem = _text(line)
            if text is None:
                raise CohortFileError(f"{self.name}: line {line.number}: {problem}")
            try:
                cells = _cells(text)
            except csv.Error as exc:
                raise CohortFileError(
                    f"{self.name}: line {line.number}: the CSV header is not readable ({exc})"
                ) from None
            if _blank(cells):
                self.blank_lines += 1
                continue
            header = normal_header(cells)
            kept: frozenset[str] = frozenset()
            if self._keep.wanted:
                self.kept = resolve_csv(
                    self._keep, cells, self._reserved, self._history_reserved
                )
                kept = frozenset(normal_header(self.kept.names))
            problems = check_header(header, kept, self._keep.every)
            if problems:
                raise CohortFileError(f"{self.name}: bad CSV header: " + "; ".join(problems))
            self.header = header
            self.visit_rows = date_column(header, kept) is not None
            return
        raise CohortFileError(f"{self.name}: the CSV file has no header row")

    def records(self) -> Iterator[RawRecord]:
        if self.visit_rows:
            from alscriteria.cohort.visit_groups import VisitGroups

            assert self.header is not None
            groups = VisitGroups(self._csv_records(), self.header.index("id"))
            yield from groups
            self.id_lookalikes = groups.lookalikes
        elif self.format is CohortFormat.CSV:
            yield from self._csv_records()
        else:
            yield from self._jsonl_records()

    def first_is_history(self) -> bool:
        """Whether the first record of a JSON Lines file is a patient history (a JSON
        object with `visits`), which chooses the columns of a CSV output. The lines looked
        at stay queued, to be read as records; at most PEEK_LINES of them."""
        if self.format is not CohortFormat.JSONL:
            return False
        for line in self._peek(PEEK_LINES):
            text, _ = _text(line)
            if text is None:
                return False
            if text.strip():
                try:
                    data = json.loads(text)
                except ValueError:
                    return False
                return isinstance(data, dict) and "visits" in data
        return False

    def _jsonl_records(self) -> Iterator[RawRecord]:
        while (line := self._next_line()) is not None:
            text, problem = _text(line)
            if text is None:
                yield RawRecord(line.number, problem=problem)
            elif not text.strip():
                self.blank_lines += 1
            else:
                yield RawRecord(line.number, text=text)

    def _csv_records(self) -> Iterator[RawRecord]:
        while (line := self._next_line()) is not None:
            text, problem = _text(line)
            if text is None:
                salvaged = None
                if line.data is not None:
                    salvaged = self._salvaged(line.data.decode("utf-8", "replace"))
                elif line.prefix:
                    # the start of the line only: its last cell may be cut short
                    start = self._salvaged(line.prefix.decode("utf-8", "replace"))
                    salvaged = start[:-1] if start else None
                yield RawRecord(
                    line.number,
                    cells=salvaged,
                    problem=problem,
                    text=self._raw(line),
                    undecoded=True,
                )
                continue
            try:
                cells = _cells(text)
            except csv.Error as exc:
                problem = self._csv_problem(line.number, text, exc)
                raw = text if self.visit_rows else None
                yield RawRecord(line.number, raw, self._salvaged(text), problem)
                continue
            if _blank(cells):
                self.blank_lines += 1
            else:
                # visit rows are held until the end of the file: their text is kept too,
                # far smaller than the cells, which are made again in the worker
                kept_text = text if self.visit_rows else None
                yield RawRecord(line.number, text=kept_text, cells=tuple(cells))

    def _raw(self, line: _Line) -> str | None:
        """A bad visit row's text as far as it can be had (for the ids it may name)."""
        if not self.visit_rows:
            return None
        return (line.data if line.data is not None else line.prefix).decode("utf-8", "replace")

    def _salvaged(self, text: str) -> tuple[str, ...] | None:
        """A bad visit row's cells as a lenient reader finds them, so that its patient
        can be named (cohort/visit_groups.py); None for one row per patient."""
        if not self.visit_rows:
            return None
        try:
            return tuple(next(csv.reader([text], strict=False), []))
        except csv.Error:
            return None

    def _csv_problem(self, number: int, text: str, exc: csv.Error) -> str:
        """Why one line is not CSV; for a quote left open, which lines it would have merged."""
        if not _swallows_line_end(text):
            return f"not readable as CSV: {exc}"
        return (
            f"a quoted cell is not closed on line {number}: {self._swallowed(number, text)}. "
            "Cells never hold line breaks in this layout, so every line is read as its own "
            "record; close the quote (a quote inside a cell is written as two quotes)"
        )

    def _swallowed(self, number: int, text: str) -> str:
        """Which lines a reader that lets quoted cells span lines would have taken as one.

        The lines looked at stay queued and are then read as records of their own.
        """
        ahead = self._ahead
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
                    read = next(self._lines, None)
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


__all__ = [
    "MAX_RECORD_BYTES",
    "CohortFileError",
    "CohortReader",
    "RawRecord",
    "csv_cells",
    "input_format_for",
    "sniff_format",
    "utf16_problem",
]
