"""The CSV layout of history rows: one flat row per patient followed over visits.

Registries keep follow-up as tables and want results as tables, so a history row
(cohort/histories.py `history_row`) is flattened the way a case row is: `<criteria
id>.<field>` columns, lists joined with `;`, null as an empty cell, text from the input made
formula-safe. The columns are a superset of the case CSV columns (the same names, in the
same order, with the history's between them), so a run whose output has this layout can
hold case rows too: `kind` says which a row is, and a case leaves the history cells empty.
One header serves the whole run, because it is written before the first record is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.row_codes import row_codes
from alscriteria.case.readings import Readings
from alscriteria.cohort.rows import (
    VERSION_FIELDS,
    csv_line,
    csv_text_cell,
    kept_cell,
    undecided_cell,
)
from alscriteria.history.result import HistoryResult

#: The patient's own columns, after `line` and `id`.
PATIENT_FIELDS = ("kind", "visits", "onset", "first_visit", "last_visit")
#: Per criteria set: the last visit's result (as a case row has it), then the course.
COURSE_FIELDS = (
    "category",
    "met",
    "pattern_category",
    "undecided",
    "first_met_visit",
    "first_met_date",
    "days_from_first_visit",
    "days_from_onset",
    "category_at_first_visit",
)
KINDS = ("case", "history")
#: Function and stage at the first and last visits that measured them (docs/staging.md).
FUNCTION_FIELDS = (
    "alsfrs_r_total_first",
    "alsfrs_r_total_last",
    "delta_fs_last",
    "delta_fs_band_last",
    "mitos_stage_first",
    "mitos_stage_last",
    "kings_stage_first",
    "kings_stage_last",
)


def history_csv_columns(criteria: Sequence[str]) -> list[str]:
    """The result columns of a CSV output with history rows, in order."""
    columns = ["line", "id", *PATIENT_FIELDS]
    for criteria_id in criteria:
        columns += [f"{criteria_id}.{field}" for field in COURSE_FIELDS]
    columns += ["progression", "warnings", "phenotype", *FUNCTION_FIELDS]
    columns += [f"readings.{option}" for option in Readings.model_fields]
    columns += list(VERSION_FIELDS)
    return columns


def _cell(value: object) -> object:
    """A value of ours as a cell: null empty, booleans as in the case rows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _id_cell(value: object) -> object:
    # numbers are kept as they are: only text can be read as a formula
    if value is None:
        return ""
    return csv_text_cell(value) if isinstance(value, str) else value


def _function_cells(course: Mapping[str, Any] | None) -> list[object]:
    """Function and stage at the first and last measured visits (`function_course`)."""
    if course is None:
        return [""] * len(FUNCTION_FIELDS)
    first, last = course["first"], course["last"]
    return [
        _cell(first["alsfrs_r_total"]),
        _cell(last["alsfrs_r_total"]),
        _cell(last["delta_fs"]),
        _cell(last["delta_fs_band"]),
        _cell(first["mitos_stage"]),
        _cell(last["mitos_stage"]),
        _cell(first["kings_stage"]),
        _cell(last["kings_stage"]),
    ]


def _tail(
    first: Assessment,
    flags: list[str],
    phenotype: str,
    function: Mapping[str, Any] | None = None,
) -> list[object]:
    """The red flags' codes, the phenotype's code (a history's last visit gives it dated
    from the onset), function and stage (histories only: `function_course`), the readings
    and the versions."""
    cells: list[object] = [";".join(flags), phenotype]
    cells += _function_cells(function)
    cells += [getattr(first.readings, option) for option in Readings.model_fields]
    cells += [first.package_version, first.rules_version]
    return cells


def _result_cells(a: Assessment) -> list[object]:
    return [a.category.value, _cell(a.met), a.pattern_category.value, undecided_cell(a)]


def history_csv_row(
    line: int,
    result: HistoryResult,
    kept: Sequence[tuple[str, Any]] = (),
    function: Mapping[str, Any] | None = None,
) -> bytes:
    """One history's CSV line, with its newline, as UTF-8; kept cells come first.

    The same values as the JSON Lines row, plus each criteria set's `undecided` at the last
    visit (so the columns are those of a case row and more).
    """
    last = result.visits[-1]
    cells: list[object] = [kept_cell(value) for _, value in kept]
    cells += [line, _id_cell(result.id), "history", len(result.visits)]
    cells += [result.onset.isoformat() if result.onset else ""]
    cells += [result.visits[0].date.isoformat(), last.date.isoformat()]
    for cid, course in result.course.items():
        cells += _result_cells(last.results[cid])
        cells += [
            _cell(course.first_met_visit),
            course.first_met_date.isoformat() if course.first_met_date else "",
            _cell(course.days_from_first_visit),
            _cell(course.days_from_onset),
            course.category_at_first_visit.value,
        ]
    cells += [last.progression.source]
    first = next(iter(last.results.values()))
    flags = [w.code for w in first.warnings]
    cells += _tail(first, flags, last.phenotype.code, function)
    return csv_line(cells).encode("utf-8")


def case_history_csv_row(
    line: int,
    case_id: object,
    results: Mapping[str, Assessment],
    kept: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """A case's line in the history layout: its own cells, the history cells left empty."""
    cells: list[object] = [kept_cell(value) for _, value in kept]
    cells += [line, _id_cell(case_id), "case", "", "", "", ""]
    empty_course = [""] * (len(COURSE_FIELDS) - 4)
    for a in results.values():
        cells += _result_cells(a) + empty_course
    cells += [""]
    first = next(iter(results.values()))
    cells += _tail(first, *row_codes(first))
    return csv_line(cells).encode("utf-8")


__all__ = [
    "COURSE_FIELDS",
    "KINDS",
    "PATIENT_FIELDS",
    "case_history_csv_row",
    "history_csv_columns",
    "history_csv_row",
]
