"""A cohort's rows as bytes: a result row (JSON Lines or CSV), an error row, the CSV header.

Rows are formatted and encoded in the worker processes, so the main process only moves
bytes and nothing it writes can fail to encode: a row that cannot be UTF-8 (a lone
surrogate from a JSON escape) has already become an error row, and error rows are ASCII.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.row_codes import row_codes
from alscriteria.case.readings import Readings
from alscriteria.cohort.formats import CohortFormat, format_of
from alscriteria.criteria.category import Category
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

    A short row is written from pieces (`short_row`) where they hold it, else built whole
    (`whole_row`); the bytes are the same (a test holds it).

    Raises UnicodeEncodeError when the row holds text that UTF-8 cannot carry (a lone
    surrogate); the caller makes that record an error row rather than lose it.
    """
    if not full:
        text = short_row(fmt, line, case_id, results, kept)
        if text is not None:
            return text.encode("utf-8")
    return whole_row(fmt, line, case_id, results, full, kept)


def whole_row(
    fmt: CohortFormat,
    line: int,
    case_id: object,
    results: Mapping[str, Assessment],
    full: bool = False,
    kept: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """`result_row` built as one list of cells or one object, then written: the definition
    the pieces of a short row are held to, and the row of `--full`, a plan or a category
    left open."""
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


# --- a short row from pieces ---------------------------------------------------------------
#
# A cohort's short rows differ only in the line, the id, the kept values, each set's verdict
# and the codes; the rest (each verdict's cells, the readings, the versions) is the same text
# row after row. Writing each row whole was a third of what a row cost beside its
# evaluation. A JSON object and a CSV line are their parts joined (", " between a JSON
# object's items as `json_line` writes them; "," between CSV cells, each quoted or not by its
# own text alone), so the row is those parts, each written by `json_line` or `csv_line`
# itself and the constant ones kept.


def short_row(
    fmt: CohortFormat,
    line: int,
    case_id: object,
    results: Mapping[str, Assessment],
    kept: Sequence[tuple[str, Any]] = (),
) -> str | None:
    """`whole_row`'s text without `--full`, from pieces; None where the pieces do not hold
    it: a plan, a category the EMG summaries leave open, a kept column by a row's own name."""
    verdicts = []
    for criteria_id, a in results.items():
        if a.undecided is not None or a.plan is not None:
            return None
        verdicts.append((criteria_id, a.category, a.met, a.pattern_category))
    if kept and any(name in _OWN_KEYS for name, _ in kept):
        return None
    first = next(iter(results.values()))
    flags, phenotype = row_codes(first)
    if fmt is CohortFormat.CSV:
        id_cell = csv_text_cell(case_id) if isinstance(case_id, str) else case_id
        cells: list[object] = [kept_cell(value) for _, value in kept]
        cells += [line, "" if id_cell is None else id_cell]
        parts = [csv_line(cells)[:-1], *[_csv_verdict(*v) for v in verdicts]]
        parts += [_csv_codes(tuple(flags), phenotype), _csv_tail(first)]
        return ",".join(parts) + "\n"
    row: dict[str, Any] = dict(kept)
    row.update(line=line, id=case_id)
    parts = [json_line(row)[:-2], *[_json_verdict(*v) for v in verdicts]]
    parts += [_json_codes(tuple(flags), phenotype), _json_tail(first)]
    return ", ".join(parts) + "}\n"


#: The keys a short row writes after the kept ones (a kept key by one of these names is
#: refused when the run is set up; such a row is built whole all the same).
_OWN_KEYS = frozenset(("line", "id", "warnings", "phenotype", "readings", *VERSION_FIELDS))


def _json_item(key: str, value: object) -> str:
    """One item of a JSON Lines row as `json_line` writes it inside the row's object."""
    return json_line({key: value})[1:-2]


@cache
def _json_verdict(criteria_id: str, category: Category, met: bool, pattern: Category) -> str:
    """One criteria set's verdict as a short row writes it (three criteria sets, each category
    and pattern category: a closed domain)."""
    verdict = {
        "category": category.value,
        "met": met,
        "pattern_category": pattern.value,
        "undecided": None,
    }
    return _json_item(criteria_id, verdict)


@lru_cache(maxsize=1024)
def _json_codes(flags: tuple[str, ...], phenotype: str) -> str:
    """The red flags' codes and the phenotype's code (codes of closed sets; the combinations
    a cohort gives are few, and the bound holds whatever they are)."""
    return _json_item("warnings", list(flags)) + ", " + _json_item("phenotype", phenotype)


@lru_cache(maxsize=1024)
def _csv_codes(flags: tuple[str, ...], phenotype: str) -> str:
    return csv_line([";".join(flags), phenotype])[:-1]


@cache
def _csv_verdict(criteria_id: str, category: Category, met: bool, pattern: Category) -> str:
    """One criteria set's cells (the undecided cell empty), as `whole_row` writes them."""
    return csv_line([category.value, "true" if met else "false", pattern.value, ""])[:-1]


def _json_tail(first: Assessment) -> str:
    """The readings and the versions: the same for every row of a run."""
    return _tail(CohortFormat.JSONL, first)


def _csv_tail(first: Assessment) -> str:
    return _tail(CohortFormat.CSV, first)


#: Each tail written, by format and the readings' identity (the readings held beside, so the
#: id is not reused while the entry lives), with the versions it was written for. A run has
#: one readings; cleared when full, like the evaluator's own table of decided fields.
_TAILS: dict[tuple[CohortFormat, int], tuple[Readings, str, str, str]] = {}
_TAILS_SIZE = 64


def _tail(fmt: CohortFormat, first: Assessment) -> str:
    readings, package, rules = first.readings, first.package_version, first.rules_version
    key = (fmt, id(readings))
    hit = _TAILS.get(key)
    if hit is not None and hit[0] is readings and hit[1] == package and hit[2] == rules:
        return hit[3]
    if fmt is CohortFormat.CSV:
        cells = [getattr(readings, option) for option in Readings.model_fields]
        text = csv_line([*cells, package, rules])[:-1]
    else:
        items = {"readings": readings, "package_version": package, "rules_version": rules}
        text = json_line(items)[1:-2]
    if len(_TAILS) >= _TAILS_SIZE:
        _TAILS.clear()
    _TAILS[key] = (readings, package, rules, text)
    return text


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
    "short_row",
    "undecided_cell",
    "whole_row",
]
