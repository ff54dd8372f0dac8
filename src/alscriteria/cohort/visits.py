"""One patient's visit rows read into a history (docs/history.md), with every problem
named by its line (worker processes).

The rows of one id are one patient (cohort/visit_groups.py). Each row is read as a case
row is (csv_layout `row_to_case`), plus its `date` and an optional `onset`. Rows are put in
date order, since a registry's export is sorted by patient but seldom by date and the
dates say the order; two rows with one date are refused (one examination is one visit, and
which of two rows is "later" cannot be known). `onset` is the patient's: it may be given
on every row or on some and left empty on the others, but two rows may not give two onsets.
A patient with any bad row is refused as a whole: evaluated without that visit, the
history would not be the patient's.

Messages of the history parser name visits by index (`visits[1].regions.cervical...`);
they are put back in the file's terms: the line, and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from alscriteria.cohort.csv_layout import DATE_COLUMN, ONSET_COLUMN, in_csv_terms, row_to_case
from alscriteria.cohort.function_columns import function_fields
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.errors import InvalidCaseError
from alscriteria.history.model import MAX_VISITS, InvalidHistoryError, parse_history, read_date

UNTIED = (
    "the row's patient id cannot be read, so it is not part of any patient's history (a "
    "patient with this row among their visits is evaluated without it: correct the row)"
)
EMPTY_ID = (
    "column id is empty: in a file of visit rows (a 'date' column) the id says whose visit "
    "the row is; give the patient's id"
)


#: How many line numbers one message names, and how many messages one patient's error row
#: holds: a patient of thousands of rows must not make an error row of megabytes.
LINES_NAMED = 10
PROBLEMS_NAMED = 20


def _lines(numbers: Sequence[int]) -> str:
    named = ", ".join(map(str, numbers[:LINES_NAMED]))
    more = f" and {len(numbers) - LINES_NAMED:,} more" if len(numbers) > LINES_NAMED else ""
    return ("line " if len(numbers) == 1 else "lines ") + named + more


def _bounded(problems: list[str]) -> list[str]:
    if len(problems) <= PROBLEMS_NAMED:
        return problems
    rest = len(problems) - PROBLEMS_NAMED
    return [*problems[:PROBLEMS_NAMED], f"and {rest:,} more problems in this patient's rows"]


def _cell(header: Sequence[str], cells: Sequence[str], column: str) -> str:
    if column not in header or len(cells) != len(header):
        return ""
    return cells[header.index(column)].strip()


def _visit_date(line: int, cell: str, problems: list[str]) -> date | None:
    if not cell:
        problems.append(
            f"line {line}: column {DATE_COLUMN} is empty: each visit row needs its date "
            "(YYYY-MM-DD)"
        )
        return None
    when, problem = read_date(cell, f"column {DATE_COLUMN}")
    if problem:
        problems.append(f"line {line}: {problem}")
    return when


def visit_history(
    header: Sequence[str], rows: Sequence[RawRecord], patient: str
) -> tuple[dict[str, Any], tuple[int, ...]]:
    """The history the rows describe, and the line of each of its visits (date order).

    InvalidCaseError names every bad row by its line, every duplicate date and every
    conflicting onset by the lines that give them.
    """
    problems: list[str] = []
    visits: list[tuple[date, int, dict[str, Any]]] = []
    onsets: dict[date, list[int]] = {}
    for row in rows:
        if row.problem is not None or row.cells is None:
            problems.append(f"line {row.line}: {row.problem}")
            continue
        try:
            case = row_to_case(header, row.cells)
        except InvalidCaseError as exc:
            problems.extend(f"line {row.line}: {in_csv_terms(p)}" for p in exc.problems)
            if len(row.cells) != len(header):
                continue
            case = None
        when = _visit_date(row.line, _cell(header, row.cells, DATE_COLUMN), problems)
        onset_cell = _cell(header, row.cells, ONSET_COLUMN)
        if onset_cell:
            onset, problem = read_date(onset_cell, f"column {ONSET_COLUMN}")
            if problem:
                problems.append(f"line {row.line}: {problem}")
            if onset is not None:
                onsets.setdefault(onset, []).append(row.line)
        if case is not None and when is not None:
            case.pop("id", None)  # the patient's, given once for the history
            case.update(function_fields(header, row.cells))
            visits.append((when, row.line, case))
    problems += _duplicate_dates(visits, patient)
    if len(rows) > MAX_VISITS:
        problems.append(
            f"lines {rows[0].line} to {rows[-1].line}: patient {patient!r} has {len(rows):,} "
            f"visit rows; a history holds at most {MAX_VISITS} visits"
        )
    if len(onsets) > 1:
        given = "; ".join(f"{day.isoformat()} ({_lines(lines)})" for day, lines in onsets.items())
        problems.append(
            f"column {ONSET_COLUMN}: the rows of patient {patient!r} give different onsets: "
            f"{given}; the onset is the patient's: give it the same on every row that gives "
            "it (or on one row only)"
        )
    if problems:
        raise InvalidCaseError(_bounded(problems + _visit_problems(visits, patient)))
    visits.sort(key=lambda visit: visit[0])
    onset = next(iter(onsets), None)
    history = {
        "id": patient,
        "onset": onset.isoformat() if onset else None,
        "visits": [{"date": when.isoformat(), **case} for when, _, case in visits],
    }
    return history, tuple(line for _, line, _ in visits)


def _visit_problems(visits: Sequence[tuple[date, int, dict[str, Any]]], patient: str) -> list[str]:
    """What is wrong inside the rows that could be read, found with the rest (a sign
    misspelt beside a duplicate date is said at once, not after the date is mended)."""
    unique: dict[date, tuple[int, dict[str, Any]]] = {}
    for when, line, case in visits:
        unique.setdefault(when, (line, case))
    ordered = sorted(unique.items())
    lines = [line for _, (line, _) in ordered]
    try:
        parse_history(
            {"id": patient, "visits": [{"date": d.isoformat(), **c} for d, (_, c) in ordered]}
        )
    except InvalidHistoryError as exc:
        return [in_file_terms(p, lines) for p in exc.problems if p.startswith("visits[")]
    return []


def _duplicate_dates(visits: Sequence[tuple[date, int, Any]], patient: str) -> list[str]:
    by_date: dict[date, list[int]] = {}
    for when, line, _ in visits:
        by_date.setdefault(when, []).append(line)
    return [
        f"{_lines(lines)}: patient {patient!r} has {len(lines)} rows dated {when.isoformat()}; "
        "one examination is one visit (merge their findings into one row)"
        for when, lines in by_date.items()
        if len(lines) > 1
    ]


_VISIT = re.compile(r"visits\[(\d+)\]")


def in_file_terms(problem: str, lines: Sequence[int]) -> str:
    """A history parser's message with each `visits[i]` as the line of that visit, and a
    visit's field as its CSV column ("visits[1].regions.cervical.umn_signs[0]: ..." as
    "line 7: column cervical_umn: ...")."""

    def line_of(index: str) -> str:
        i = int(index)
        return f"line {lines[i]}" if i < len(lines) else f"visits[{index}]"

    found = _VISIT.match(problem)
    if found and problem[found.end() :].startswith("."):
        rest = in_csv_terms(problem[found.end() + 1 :])
        return f"{line_of(found[1])}: {rest}"
    return _VISIT.sub(lambda m: line_of(m[1]), problem)


def last_visit_row(header: Sequence[str], rows: Sequence[RawRecord]) -> RawRecord:
    """The row of the latest visit (whose kept cells a patient's row carries); the last row
    in the file when dates cannot be read."""

    def key(row: RawRecord) -> tuple[str, int]:
        cell = _cell(header, row.cells, DATE_COLUMN) if row.cells is not None else ""
        when, problem = read_date(cell, DATE_COLUMN) if cell else (None, "")
        return (when.isoformat() if when and not problem else "", row.line)

    return max(rows, key=key)


__all__ = ["EMPTY_ID", "UNTIED", "in_file_terms", "last_visit_row", "visit_history"]
