"""One record of a cohort assessed: parsed, validated, evaluated, formatted and encoded.

This is the work each worker process does (cohort/pool.py) and what the in-memory API
(cohort/memory.py) calls directly. One bad record becomes an error row; it never stops the
run, and a result that cannot be written becomes an error row here, in the worker, so the
writer never meets text it cannot encode.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.evaluate import evaluate_all
from alscriteria.case.readings import Readings
from alscriteria.cohort.csv_layout import in_csv_terms, row_to_case
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.histories import HistoryCounts, assess_history, is_history
from alscriteria.cohort.history_csv import case_history_csv_row
from alscriteria.cohort.kept import KeptColumns, KeptValues, case_keys, looks_misspelt
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.cohort.records import csv_cells
from alscriteria.cohort.rows import error_row, result_row
from alscriteria.cohort.visit_groups import row_id
from alscriteria.cohort.visits import (
    EMPTY_ID,
    UNTIED,
    in_file_terms,
    last_visit_row,
    visit_history,
)
from alscriteria.errors import InvalidCaseError, InvalidInputError
from alscriteria.files.json_input import loads, shown


@dataclass(frozen=True, slots=True)
class BatchSettings:
    input_format: CohortFormat
    output_format: CohortFormat
    criteria: tuple[str, ...]
    readings: Readings
    full: bool = False
    plan: bool = False
    """Add the repeat-testing plan (much slower: the planner asks the engine many questions)."""
    header: tuple[str, ...] | None = None
    """The CSV header, which every row is read against."""
    kept: KeptColumns | None = None
    """The columns copied unchanged into every row (`--keep-columns`)."""
    visit_rows: bool = False
    """CSV input with a `date` column: records are patients, each holding its visit rows."""
    history_csv: bool = False
    """CSV output with the history columns (cohort/history_csv.py), which case rows fit too."""


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """One record's result, already formatted and encoded, plus what the summary counts."""

    line: int
    row: bytes | None = None
    error: bytes | None = None
    problems: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    met: tuple[bool, ...] = ()
    patterns: tuple[str, ...] = ()
    history: HistoryCounts | None = None
    """What the summary counts of a patient history (docs/history.md)."""
    rows: int = 1
    """The input rows the record was: a patient's visit rows, else 1."""
    record_id: str | None = None
    """The id of an assessed case or history (to notice one id on several records)."""

    def __reduce__(self) -> tuple[type[RecordOutcome], tuple[Any, ...]]:
        """Pickled as its fields in order, rebuilt by the class: every outcome comes back from
        a worker, and the dataclass's own state, read field by field in Python, was most of
        what the main process spent on it."""
        return (
            RecordOutcome,
            (
                self.line,
                self.row,
                self.error,
                self.problems,
                self.categories,
                self.met,
                self.patterns,
                self.history,
                self.rows,
                self.record_id,
            ),
        )


def _record_id(data: object) -> Any:
    """The record's id as given, to name it in an error row; a number that no JSON reader
    could take back (thousands of digits, NaN) is left out rather than written."""
    value = data.get("id") if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, int) and value.bit_length() > 64:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _csv_id(record: RawRecord, settings: BatchSettings) -> str | None:
    """The id cell of a CSV row, so that even a row that fails names its patient."""
    if record.cells is None or settings.header is None or "id" not in settings.header:
        return None
    i = settings.header.index("id")
    if i >= len(record.cells):
        return None
    return record.cells[i].strip() or None


def _kept_cells(record: RawRecord, settings: BatchSettings) -> KeptValues:
    """A CSV row's kept cells, when the row has a cell for every column."""
    kept, header, cells = settings.kept, settings.header, record.cells
    if kept is None or header is None or cells is None or len(cells) != len(header):
        return ()
    return kept.from_cells(cells)


def _case_data(record: RawRecord, settings: BatchSettings) -> Any:
    if record.data is not None:
        return record.data
    if record.cells is not None:
        assert settings.header is not None
        return row_to_case(settings.header, record.cells)
    assert record.text is not None
    # strict: a repeated key would otherwise silently replace the first (and the category)
    return loads(record.text, "the record")


def _failed(
    line: int, case_id: Any, problems: Sequence[str], kept: KeptValues = (), rows: int = 1
) -> RecordOutcome:
    return RecordOutcome(
        line,
        error=error_row(line, case_id, problems, kept),
        problems=tuple(problems),
        rows=rows,
    )


def _with_keep_hint(problems: Sequence[str], data: Any, settings: BatchSettings) -> list[str]:
    """A JSON record with keys of its own: say how to keep them (not look-alikes of ours)."""
    if settings.kept is not None or not isinstance(data, dict):
        return list(problems)
    own = case_keys()
    extra = [k for k in data if k not in own and looks_misspelt(k, own) is None]
    if not extra:
        return list(problems)
    names = ",".join(extra[:3])
    return [
        *problems,
        f"to copy keys of your own into the output unchanged, give --keep-columns {names} "
        "(or --keep-columns all)",
    ]


def _unwritable(exc: UnicodeEncodeError) -> str:
    return (
        f"the result cannot be written: the record holds {shown(exc.object[exc.start : exc.end])}, "
        "a lone surrogate, which is not a character and cannot be UTF-8 text (a JSON escape "
        "such as \\ud800 without its pair?)"
    )


def assess_record(record: RawRecord, settings: BatchSettings) -> RecordOutcome:
    """Assess one record under the chosen criteria sets; any failure becomes an error row.

    That includes a result that cannot be written: it becomes an error row here, in the
    worker, so the writer never meets text it cannot encode.
    """
    if record.rows is not None:
        return _visits_outcome(record, record.rows, settings)
    if record.problem is not None:
        untied = [UNTIED] if settings.visit_rows else []
        return _failed(record.line, None, [record.problem, *untied])
    if settings.visit_rows:  # a visit row that no patient id groups
        return _failed(record.line, None, [EMPTY_ID], _kept_cells(record, settings))
    data: Any = None
    kept = _kept_cells(record, settings)
    try:
        data = _case_data(record, settings)
        if record.cells is None and settings.kept is not None:
            data, kept = settings.kept.take(data)
        if is_history(data):
            return _history_outcome(record.line, data, settings, kept)
        results = evaluate_all(
            data, settings.readings, criteria=settings.criteria, plan=settings.plan
        )
    except InvalidCaseError as exc:
        problems = exc.problems
        if record.cells is not None:
            problems = [in_csv_terms(p) for p in problems]
        else:
            problems = _with_keep_hint(problems, data, settings)
        case_id = _record_id(data) or _csv_id(record, settings)
        return _failed(record.line, case_id, problems, kept)
    except InvalidInputError as exc:  # not JSON (no id to give), or a history refused
        return _failed(record.line, _record_id(data), [str(exc)], kept)
    except Exception as exc:  # a bug must cost one record, not the cohort
        problems = [f"evaluation failed: {shown(exc, 300)}"]
        return _failed(record.line, _record_id(data), problems, kept)
    case_id = _record_id(data)
    try:
        if settings.history_csv and settings.output_format is CohortFormat.CSV:
            row = case_history_csv_row(record.line, case_id, results, kept)
        else:
            row = result_row(
                settings.output_format, record.line, case_id, results, settings.full, kept
            )
    except UnicodeEncodeError as exc:
        return _failed(record.line, case_id, [_unwritable(exc)], kept)
    categories, met, patterns = _counted(results.values())
    return RecordOutcome(
        record.line,
        row=row,
        categories=categories,
        met=met,
        patterns=patterns,
        record_id=case_id if isinstance(case_id, str) else None,
    )


def _counted(
    results: Iterable[Assessment],
) -> tuple[tuple[str, ...], tuple[bool, ...], tuple[str, ...]]:
    """What the summary counts of each criteria set's result, read in one pass."""
    categories: list[str] = []
    met: list[bool] = []
    patterns: list[str] = []
    for a in results:
        categories.append(a.category.value)
        met.append(a.met)
        patterns.append(a.pattern_category.value)
    return tuple(categories), tuple(met), tuple(patterns)


def _history_outcome(
    line: int, data: Any, settings: BatchSettings, kept: KeptValues, rows: int = 1
) -> RecordOutcome:
    """A history's row (cohort/histories.py); a bad history raises as a bad case does."""
    try:
        done = assess_history(
            data,
            line,
            settings.criteria,
            settings.readings,
            settings.output_format,
            settings.full,
            settings.plan,
            kept,
            settings.history_csv,
        )
    except UnicodeEncodeError as exc:
        return _failed(line, _record_id(data), [_unwritable(exc)], kept, rows)
    given_id = _record_id(data)
    return RecordOutcome(
        line,
        row=done.row,
        categories=done.categories,
        met=done.met,
        patterns=done.patterns,
        history=done.counts,
        rows=rows,
        record_id=given_id if isinstance(given_id, str) and not settings.visit_rows else None,
    )


def _visits_outcome(
    record: RawRecord, rows: Sequence[RawRecord], settings: BatchSettings
) -> RecordOutcome:
    """One patient of a file of visit rows: their history's row, or one error row naming
    every bad line (a history missing a visit is not the patient's). The kept cells are
    those of the latest visit, the visit whose categories the row gives."""
    header = settings.header
    assert header is not None
    rows = [csv_cells(row) for row in rows]
    good = next((row for row in rows if row.problem is None), rows[0])
    patient = row_id(good, header.index("id"))
    kept = _kept_cells(last_visit_row(header, rows), settings)
    n = len(rows)
    lines: tuple[int, ...] = ()
    # a row that could not be read whole and may be this patient's visit
    doubt = [record.problem] if record.problem is not None else []
    try:
        data, lines = visit_history(header, rows, patient or "")
        if doubt:
            return _failed(record.line, patient, doubt, kept, n)
        return _history_outcome(record.line, data, settings, kept, n)
    except InvalidCaseError as exc:
        problems = [in_file_terms(p, lines) for p in exc.problems] if lines else exc.problems
        return _failed(record.line, patient, [*problems, *doubt], kept, n)
    except InvalidInputError as exc:
        return _failed(record.line, patient, [str(exc)], kept, n)
    except Exception as exc:  # a bug must cost one patient, not the cohort
        return _failed(record.line, patient, [f"evaluation failed: {shown(exc, 300)}"], kept, n)


def assess_chunk(chunk: Sequence[RawRecord], settings: BatchSettings) -> list[RecordOutcome]:
    return [assess_record(record, settings) for record in chunk]


__all__ = ["BatchSettings", "RecordOutcome", "assess_chunk", "assess_record"]
