"""Reading a cohort file one record at a time, each with the line number a user can find.

The file is read as bytes and decoded line by line, so one undecodable line becomes one bad
record instead of ending the run, and the byte offset gives an honest progress bar without
counting the file first. Records are not parsed here: parsing happens in the worker
processes, where the CPU time is.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO

from alscriteria.cohort.csv_layout import check_header, normal_header
from alscriteria.cohort.formats import CohortFormat, format_of


class CohortFileError(Exception):
    """The file as a whole cannot be read as a cohort (missing, unreadable, bad CSV header)."""


def input_format_for(path: str, chosen: str | None = None) -> CohortFormat:
    """The format named on the command line, else the one the extension says."""
    if chosen:
        return CohortFormat(chosen)
    found = format_of(path)
    if found is None:
        raise CohortFileError(
            f"{path}: cannot tell the format from the extension; name the file .jsonl or "
            ".csv, or give --input-format jsonl|csv"
        )
    return found


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: a JSON text or CSV cells, or why the bytes could not be decoded."""

    line: int
    """The physical line the record starts on (1-based; a CSV header is line 1)."""
    text: str | None = None
    cells: tuple[str, ...] | None = None
    problem: str | None = None


def _decoded(raw: bytes, first: bool) -> str | None:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class CohortReader:
    """Streams the records of one JSON Lines or CSV file; use it as a context manager."""

    def __init__(self, path: str, fmt: CohortFormat) -> None:
        self.path = path
        self.format = fmt
        self.bytes_read = 0
        """How far into the file reading has got, for the progress bar."""
        self.blank_lines = 0
        """Blank lines skipped: they are not records, but the summary says how many there were."""
        self.header: tuple[str, ...] | None = None
        self._file: BinaryIO
        try:
            if path == "-":
                self._file = os.fdopen(os.dup(0), "rb")
                self.size: int | None = None
            else:
                self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
                self.size = os.fstat(self._file.fileno()).st_size
        except OSError as exc:
            raise CohortFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
        self._csv_lines = 0
        self._rows: Iterator[list[str]] | None = None
        if fmt is CohortFormat.CSV:
            try:
                self._start_csv()
            except BaseException:
                self.close()
                raise

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

    def _lines(self) -> Iterator[bytes]:
        for raw in self._file:
            self.bytes_read += len(raw)
            yield raw

    def _text_lines(self) -> Iterator[str]:
        """Lines for the csv module; bytes that are not UTF-8 survive as lone surrogates."""
        for i, raw in enumerate(self._lines()):
            if i == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            self._csv_lines += 1
            yield raw.decode("utf-8", errors="surrogateescape")

    def _start_csv(self) -> None:
        reader = csv.reader(self._text_lines())
        self._rows = reader
        for cells in reader:
            if not any(c.strip() for c in cells):
                self.blank_lines += 1
                continue
            header = normal_header(cells)
            problems = check_header(header)
            if problems:
                raise CohortFileError(f"{self.path}: bad CSV header: " + "; ".join(problems))
            self.header = header
            return
        raise CohortFileError(f"{self.path}: the CSV file has no header row")

    def records(self) -> Iterator[RawRecord]:
        if self.format is CohortFormat.CSV:
            yield from self._csv_records()
        else:
            yield from self._jsonl_records()

    def _jsonl_records(self) -> Iterator[RawRecord]:
        for number, raw in enumerate(self._lines(), 1):
            text = _decoded(raw, number == 1)
            if text is None:
                yield RawRecord(number, problem="the line is not valid UTF-8 text")
            elif not text.strip():
                self.blank_lines += 1
            else:
                yield RawRecord(number, text=text)

    def _csv_records(self) -> Iterator[RawRecord]:
        assert self._rows is not None
        while True:
            start = self._csv_lines + 1
            try:
                cells = next(self._rows)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRecord(start, problem=f"not readable as CSV: {exc}")
                if self._csv_lines < start:  # nothing consumed: the reader cannot go on
                    return
                continue
            if not any(c.strip() for c in cells):
                self.blank_lines += self._csv_lines - start + 1
                continue
            try:
                "".join(cells).encode("utf-8")
            except UnicodeEncodeError:
                yield RawRecord(start, problem="the row is not valid UTF-8 text")
                continue
            yield RawRecord(start, cells=tuple(cells))


__all__ = ["CohortFileError", "CohortReader", "RawRecord", "input_format_for"]
