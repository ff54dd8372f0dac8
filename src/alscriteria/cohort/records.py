"""Reading a cohort file one record at a time, each with the line number a user can find.

The file's physical lines come from cohort/lines.py (bytes split at CR, LF or CRLF, so one
undecodable or runaway line is one bad record); here they become records: JSON Lines texts,
CSV cells checked against the header, or a patient's visit rows.

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
import shlex
import stat
from collections import deque
from collections.abc import Iterator
from types import TracebackType

from alscriteria.cohort.csv_layout import check_header, date_column, normal_header
from alscriteria.cohort.csv_quotes import csv_problem
from alscriteria.cohort.formats import CohortFileError, CohortFormat, input_format_for
from alscriteria.cohort.kept import (
    KeepError,
    KeepRequest,
    KeptColumns,
    resolve_csv,
    resolve_jsonl,
)
from alscriteria.cohort.lines import (
    BLOCK,
    DOCUMENT_PEEK_LINES,
    MAX_RECORD_BYTES,
    PhysicalLine,
    line_text,
    one_document,
    read_head,
    sniff_format,
    split_lines,
    utf16_problem,
)
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.cohort.visit_groups import VisitGroups

#: How many lines `first_is_history` reads past blank ones to find the first record.
PEEK_LINES = 1000


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
        self._ahead: deque[PhysicalLine] = deque()
        try:
            head = read_head(self._file, self._counter)
            if fmt is None:
                head = self._past_blanks(head)
                self.format = sniff_format(head)
            utf16 = utf16_problem(head)
            if utf16 is not None:
                raise CohortFileError(
                    f"{self.name}: the file is not UTF-8 text: {utf16}; save it as UTF-8 (in a "
                    "spreadsheet: CSV UTF-8) and run again"
                )
            self._lines = split_lines(self._file, MAX_RECORD_BYTES, self._counter, head)
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
        found = one_document(self._peek(DOCUMENT_PEEK_LINES))
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

    def _peek(self, most: int) -> Iterator[PhysicalLine]:
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
            block = self._file.read1(BLOCK)
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

    def _next_line(self) -> PhysicalLine | None:
        if self._ahead:
            return self._ahead.popleft()
        return next(self._lines, None)

    def _read_header(self) -> None:
        while (line := self._next_line()) is not None:
            text, problem = line_text(line)
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
                self.kept = resolve_csv(self._keep, cells, self._reserved, self._history_reserved)
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
            text, _ = line_text(line)
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
            text, problem = line_text(line)
            if text is None:
                yield RawRecord(line.number, problem=problem)
            elif not text.strip():
                self.blank_lines += 1
            else:
                yield RawRecord(line.number, text=text)

    def _csv_records(self) -> Iterator[RawRecord]:
        while (line := self._next_line()) is not None:
            text, problem = line_text(line)
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
                problem = csv_problem(line.number, text, exc, self._ahead, self._lines)
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

    def _raw(self, line: PhysicalLine) -> str | None:
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
