"""A cohort's rows as bytes: a result row (JSON Lines or CSV), an error row, the CSV header.

Rows are formatted and encoded in the worker processes, so the main process only moves
bytes and nothing it writes can fail to encode: a row that cannot be UTF-8 (a lone
surrogate from a JSON escape) has already become an error row, and error rows are ASCII.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.row_codes import row_codes
from alscriteria.case.readings import Readings
from alscriteria.cohort.formats import CohortFormat, format_of
from alscriteria.files.json_output import json_line_text

#: The fields per criteria set that a cohort table needs; `--full` keeps everything.
#: `undecided`: every pattern category the registry summaries allow, when they leave it open.
SHORT_FIELDS = ("category", "met", "pattern_category", "undecided")

#: Every row says which package and rules made it (a stored row outlives the run).
VERSION_FIELDS = ("package_version", "rules_version")

#: What makes a spreadsheet read a cell as a formula ("CSV injection"): such a cell taken
#: from the input is written after a single quote, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def output_format_for(path: str) -> CohortFormat | None:
    """The format the extension names, or None when it names none we write."""
    return format_of(path)


def csv_columns(criteria: Sequence[str]) -> list[str]:
    columns = ["line", "id"]
    for criteria_id in criteria:
        columns += [f"{criteria_id}.{field}" for field in SHORT_FIELDS]
    columns += ["warnings", "phenotype"]
    columns += [f"readings.{option}" for option in Readings.model_fields]
    columns += list(VERSION_FIELDS)
    return columns


#: The keys of an errors-file row.
ERROR_KEYS = ("line", "id", "errors")


def result_names(
    fmt: CohortFormat, criteria: Sequence[str], columns: Sequence[str] | None = None
) -> frozenset[str]:
    """The names a row has for itself (lower case): a kept column may not take one of them.

    Both the result row and the error row count, since kept values go into both. `columns`
    are the CSV result columns when they are not those of case rows (history rows).
    """
    if fmt is CohortFormat.CSV:
        names = csv_columns(criteria) if columns is None else list(columns)
    else:
        names = ["line", "id", *criteria, "warnings", "phenotype", "readings", *VERSION_FIELDS]
        if columns is not None:
            names += ["kind", "visits", "onset", "first_visit", "last_visit", "progression"]
    return frozenset(n.lower() for n in [*names, *ERROR_KEYS])


def _undecided(a: Assessment) -> list[str] | None:
    """The pattern categories registry summaries allow, when they leave the pattern open (the
    row's `met` and `category` follow from it and the prerequisites)."""
    return [c.value for c in a.undecided.pattern_categories] if a.undecided else None


def undecided_cell(a: Assessment) -> str:
    return "|".join(_undecided(a) or ())


def kept_cell(value: object) -> str:
    """A kept value as a CSV cell: text as it is, a JSON value from JSON Lines as its JSON.

    Not made formula-safe (unlike ids): kept columns are the registry's own data, copied
    exactly so that they can be joined on, and a prefix would turn -0.5 into text.
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json_line_text(value)


def csv_text_cell(value: str) -> str:
    """Text from the input as a CSV cell that a spreadsheet cannot run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_line(cells: Sequence[object]) -> str:
    """One CSV row ending in LF; a cell holding CR or LF is quoted.

    The csv module quotes only the characters of its line terminator, so a lone CR in a
    cell would be written bare with "\n" and split the row for every reader: the row is
    written with "\r\n" (both quoted) and its end replaced.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"


def csv_header(
    criteria: Sequence[str], kept: Sequence[str] = (), columns: Sequence[str] | None = None
) -> str:
    """The CSV output's header: the kept columns first, then the result columns (`columns`,
    by default those of case rows; cohort/history_csv.py has those of history rows)."""
    return csv_line([*kept, *(csv_columns(criteria) if columns is None else columns)])


def json_line(row: Mapping[str, Any]) -> str:
    """One JSON Lines row; U+0085, U+2028 and U+2029 escaped, since some readers (Python's
    str.splitlines among them) take them as line ends."""
    text = json_line_text(row)
    for character, escaped in _UNICODE_LINE_ENDS:
        text = text.replace(character, escaped)
    return text + "\n"


_UNICODE_LINE_ENDS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def result_row(
    fmt: CohortFormat,
    line: int,
    case_id: object,
    results: Mapping[str, Assessment],
    full: bool = False,
    kept: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """One patient's output line, with its newline, as UTF-8; kept columns come first.

    Raises UnicodeEncodeError when the row holds text that UTF-8 cannot carry (a lone
    surrogate); the caller makes that record an error row rather than lose it.
    """
    first = next(iter(results.values()))
    readings = first.readings
    if fmt is CohortFormat.CSV:
        # numbers are kept as they are: only text can be read as a formula
        id_cell = csv_text_cell(case_id) if isinstance(case_id, str) else case_id
        cells: list[object] = [kept_cell(value) for _, value in kept]
        cells += [line, "" if id_cell is None else id_cell]
        for a in results.values():
            cells += [a.category.value, "true" if a.met else "false", a.pattern_category.value]
            cells += [undecided_cell(a)]
        flags, phenotype = row_codes(first)
        cells += [";".join(flags), phenotype]
        cells += [getattr(readings, option) for option in Readings.model_fields]
        cells += [first.package_version, first.rules_version]
        return csv_line(cells).encode("utf-8")
    row: dict[str, Any] = dict(kept)
    row.update(line=line, id=case_id)
    for criteria_id, a in results.items():
        if full:
            row[criteria_id] = a  # written as its model_dump(mode="json") by the encoder
        else:
            row[criteria_id] = {
                "category": a.category.value,
                "met": a.met,
                "pattern_category": a.pattern_category.value,
                "undecided": _undecided(a),
            }
            if a.plan is not None:
                row[criteria_id]["plan"] = a.plan
    # red flags are the patient's, the same under every criteria set: one list per row;
    # the motor phenotype (A.6), like the red flags the patient's under every criteria set.
    # Codes only (assess/row_codes.py); `--full` writes the worded models anyway.
    if full:
        row["warnings"] = [w.code for w in first.warnings]
        row["phenotype"] = first.phenotype.code
    else:
        row["warnings"], row["phenotype"] = row_codes(first)
    row["readings"] = readings
    row["package_version"] = first.package_version
    row["rules_version"] = first.rules_version
    return json_line(row).encode("utf-8")


def error_row(
    line: int,
    case_id: object,
    problems: Sequence[str],
    kept: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """One bad record's line in the errors file: the kept columns, then "line", "id", "errors".

    Always ASCII (everything else escaped, U+0085, U+2028 and U+2029 with it), so it can be
    written whatever the record held.
    """
    row: dict[str, Any] = dict(kept)
    row.update(line=line, id=case_id, errors=list(problems))
    return (json_line_text(row, ensure_ascii=True) + "\n").encode("ascii")


__all__ = [
    "ERROR_KEYS",
    "FORMULA_STARTS",
    "SHORT_FIELDS",
    "VERSION_FIELDS",
    "csv_columns",
    "csv_header",
    "csv_line",
    "csv_text_cell",
    "error_row",
    "json_line",
    "kept_cell",
    "output_format_for",
    "result_names",
    "result_row",
    "undecided_cell",
]
