"""Writing result rows and error records so that an interrupted run still leaves valid files.

Rows are formatted in the worker processes (the main process only writes text), and every
chunk is written and flushed as a whole. The writer remembers how many bytes were complete
after each flush; if the run is torn down mid-write it cuts the file back to that point, so
every line that is in the file is a whole record.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from alscriteria.assessment import Assessment
from alscriteria.cohort.formats import CohortFormat, format_of
from alscriteria.readings import Readings

#: The three fields per criteria set that a cohort table needs; `--full` keeps everything.
SHORT_FIELDS = ("category", "met", "pattern_category")




def output_format_for(path: str) -> CohortFormat | None:
    """The format the extension names, or None when it names none we write."""
    return format_of(path)


def csv_columns(criteria: Sequence[str]) -> list[str]:
    columns = ["line", "id"]
    for criteria_id in criteria:
        columns += [f"{criteria_id}.{field}" for field in SHORT_FIELDS]
    columns += [f"readings.{option}" for option in Readings.model_fields]
    return columns


def _csv_line(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def csv_header(criteria: Sequence[str]) -> str:
    return _csv_line(csv_columns(criteria))


def result_row(
    fmt: CohortFormat,
    line: int,
    case_id: str | None,
    results: Mapping[str, Assessment],
    full: bool = False,
) -> str:
    """One patient's output line (with its newline)."""
    readings = next(iter(results.values())).readings
    if fmt is CohortFormat.CSV:
        cells: list[object] = [line, case_id or ""]
        for a in results.values():
            cells += [a.category.value, "true" if a.met else "false", a.pattern_category.value]
        cells += [getattr(readings, option) for option in Readings.model_fields]
        return _csv_line(cells)
    row: dict[str, Any] = {"line": line, "id": case_id}
    for criteria_id, a in results.items():
        if full:
            row[criteria_id] = a.model_dump(mode="json")
        else:
            row[criteria_id] = {
                "category": a.category.value,
                "met": a.met,
                "pattern_category": a.pattern_category.value,
            }
            if a.plan is not None:
                row[criteria_id]["plan"] = a.plan.model_dump(mode="json")
    row["readings"] = readings.model_dump(mode="json")
    return json.dumps(row, ensure_ascii=False) + "\n"


def error_row(line: int, case_id: object, problems: Sequence[str]) -> str:
    """One bad record's line in the errors file: {"line", "id", "errors"}."""
    return json.dumps({"line": line, "id": case_id, "errors": list(problems)}) + "\n"


class _CommittedFile:
    """A text file whose last flushed whole-record size is known, to cut back to on abort."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._file: TextIO = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._committed = 0

    def commit(self, text: str) -> None:
        if not text:
            return
        self._file.write(text)
        self._file.flush()
        self._committed = self._file.tell()

    def close(self, complete: bool) -> None:
        try:
            self._file.close()
        finally:
            if not complete:
                os.truncate(self.path, self._committed)


class CohortWriter:
    """The output file and the errors file of one run, written chunk by chunk in input order."""

    def __init__(
        self,
        output: str,
        errors: str,
        fmt: CohortFormat,
        criteria: Sequence[str],
    ) -> None:
        self.format = fmt
        try:
            self._output = _CommittedFile(output)
        except OSError as exc:
            raise OSError(f"{output}: cannot write the file ({exc.strerror or exc})") from None
        try:
            self._errors = _CommittedFile(errors)
        except OSError as exc:
            self._output.close(complete=True)
            raise OSError(f"{errors}: cannot write the file ({exc.strerror or exc})") from None
        if fmt is CohortFormat.CSV:
            self._output.commit(csv_header(criteria))

    def commit(self, rows: Sequence[str], errors: Sequence[str]) -> None:
        """Write one chunk's rows and errors and flush both, before the next chunk starts."""
        self._output.commit("".join(rows))
        self._errors.commit("".join(errors))

    def close(self, complete: bool = True) -> None:
        """Close both files; after an abort, cut each back to its last whole record."""
        try:
            self._output.close(complete)
        finally:
            self._errors.close(complete)


def write_summary(path: str, summary: Mapping[str, Any]) -> None:
    try:
        Path(path).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OSError(f"{path}: cannot write the summary ({exc.strerror or exc})") from None


__all__ = [
    "SHORT_FIELDS",
    "CohortWriter",
    "csv_columns",
    "csv_header",
    "error_row",
    "output_format_for",
    "result_row",
    "write_summary",
]
