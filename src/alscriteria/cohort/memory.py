"""A cohort in memory: the rows `batch` writes, for records a caller already holds.

A notebook user with a list of cases, or a registry's rows read by pandas, should not have
to write a temporary file to get the same rows `batch` writes: same assessment, same keys,
same error rows (`line`, `id`, `errors`), in the same order as the records.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from alscriteria.case.model import Case
from alscriteria.case.readings import Readings, readings_from
from alscriteria.cohort.assess_record import BatchSettings, assess_record
from alscriteria.cohort.csv_layout import COLUMNS, check_header, normal_header
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.kept import KeptColumns
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.cohort.rows import error_row, result_names
from alscriteria.criteria import CRITERIA, criteria_set
from alscriteria.errors import InvalidInputError


def assess_cohort(
    records: Iterable[Mapping[str, Any]],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: Sequence[str] | None = None,
    flat: bool = False,
    visits: bool = False,
    keep: Sequence[str] = (),
    full: bool = False,
    plan: bool = False,
) -> Iterator[dict[str, Any]]:
    """Each record's row, as `batch` writes it to JSON Lines (docs/batch.md), in order.

    `records` are cases or histories (mappings in the case format, docs/case.md) or, with
    `flat=True`, a registry's flat rows: one mapping per patient keyed by the CSV columns
    of docs/batch.md (`bulbar_umn`, `cervical_lmn`, ...), values as the cells hold them.
    `keep` names columns (or keys) of the caller's own carried into each row, as
    `--keep-columns` does. A record that cannot be assessed gives the error row instead
    (`line`, `id`, `errors`); `line` is the record's position, from 1. With `visits=True`
    the records are a registry's visit table, one flat row per visit keyed by the visit CSV
    columns (`id`, `date`, `onset`, the case columns, the function columns of
    docs/staging.md): rows with one id are one patient's history, and each patient gets one
    row, in the order the patients first appear.
    """
    if isinstance(records, Mapping | Case):
        raise InvalidInputError(
            "records: one case was given where an iterable of cases belongs; pass a list: "
            "assess_cohort([case])"
        )
    if isinstance(keep, str):
        raise InvalidInputError(f"keep: give a list of names, not one string ([{keep!r}])")
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    if isinstance(criteria, str):  # one id, not a sequence of its letters
        criteria = (criteria,)
    sets = tuple(dict.fromkeys(criteria_set(c).id for c in (criteria or CRITERIA)))
    taken = sorted(k for k in keep if k.lower() in result_names(CohortFormat.JSONL, sets))
    if taken:
        raise InvalidInputError(f"keep: {', '.join(taken)} are names a row has for itself")
    settings = BatchSettings(
        input_format=CohortFormat.CSV if flat else CohortFormat.JSONL,
        output_format=CohortFormat.JSONL,
        criteria=sets,
        readings=chosen,
        full=full,
        plan=plan,
        kept=None if flat or not keep else KeptColumns(CohortFormat.JSONL, tuple(keep)),
    )
    if visits:
        yield from _patients(list(records), settings, keep)
        return
    for line, record in enumerate(records, 1):
        if flat:
            row: bytes | None = _flat_row(line, record, settings, keep)
        elif not isinstance(record, Mapping | Case):
            row = error_row(
                line,
                None,
                [f"a record is a case or a history (a mapping), not {type(record).__name__}"],
            )
        else:
            outcome = assess_record(RawRecord(line, data=_plain(record)), settings)
            row = outcome.row or outcome.error
        assert row is not None
        yield _library_words(json.loads(row))


def _plain(record: Mapping[str, Any] | Case) -> dict[str, Any]:
    """A mapping that is not a dict (a pandas row, a MappingProxy), or a Case, read as the
    dict it stands for (so that its id names its row)."""
    if isinstance(record, Case):
        return record.model_dump(mode="json")
    return dict(record)


def _library_words(row: dict[str, Any]) -> dict[str, Any]:
    """An error row's hints in the library's terms: `keep=[...]`, not the CLI's option."""
    if "errors" in row:
        row["errors"] = [_KEEP_HINT.sub(_as_keep, e) for e in row["errors"]]
    return row


_KEEP_HINT = re.compile(r"give --keep-columns (\S+) \(or --keep-columns all\)")


def _as_keep(found: re.Match[str]) -> str:
    return f"pass keep={found[1].split(',')!r}"


def _patients(
    records: list[Mapping[str, Any]], settings: BatchSettings, keep: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """A visit table as patients: one header for the table (its first row's columns, as a
    CSV file has), each patient's rows together, assessed as the batch assesses them."""
    if not records:
        return
    if not all(isinstance(r, Mapping) for r in records):
        raise InvalidInputError("records: a visit table is a list of mappings (one per visit)")
    names = [str(k) for k in records[0]]
    header, problems, absent, kept = _columns(names, keep)
    if "date" not in header or "id" not in header:
        problems.append("a visit table needs an 'id' and a 'date' column")
    problems += absent
    if problems:
        raise InvalidInputError("visit table: " + "; ".join(problems))
    settings = dataclasses.replace(settings, header=header, kept=kept, visit_rows=True)
    groups: dict[str, list[RawRecord]] = {}
    first_line: dict[str, int] = {}
    for line, record in enumerate(records, 1):
        cells = tuple(_cell(record.get(name)) for name in names)
        patient = cells[header.index("id")].strip()
        if not patient:
            yield _library_words(json.loads(error_row(line, None, ["a visit row with no id"])))
            continue
        groups.setdefault(patient, []).append(RawRecord(line, cells=cells))
        first_line.setdefault(patient, line)
    for patient, rows in groups.items():
        outcome = assess_record(RawRecord(first_line[patient], rows=tuple(rows)), settings)
        row = outcome.row or outcome.error
        assert row is not None
        yield _library_words(json.loads(row))


def _columns(
    names: Sequence[str], keep: Sequence[str]
) -> tuple[tuple[str, ...], list[str], list[str], KeptColumns | None]:
    """Columns given in memory, checked as a CSV file's header is: the header, its
    problems (in the library's terms), the kept columns it lacks, and the kept columns."""
    header = normal_header(names)
    kept_names = normal_header(keep)
    problems = [p for p in check_header(header, frozenset(kept_names)) if "--keep" not in p]
    absent = [
        f"no column {k!r} to keep" for k, n in zip(keep, kept_names, strict=True) if n not in header
    ]
    kept = None
    if keep and not absent:
        indexes = tuple(header.index(n) for n in kept_names)
        kept = KeptColumns(CohortFormat.CSV, tuple(keep), indexes)
    return header, problems, absent, kept


def _cell(value: Any) -> str:
    """A value as the CSV cell it stands for: a blank that pandas reads as NaN, NA or NaT
    is a blank cell, and a whole number read as a float (3.0) is the number."""
    if value is None or value != value or str(value) in ("<NA>", "NaT"):  # NaN != NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flat_row(
    line: int, record: Mapping[str, Any], settings: BatchSettings, keep: Sequence[str]
) -> bytes:
    """One registry row: checked against its own columns, as a CSV file's header is."""
    if not isinstance(record, Mapping):
        return error_row(line, None, [f"a flat row is a mapping of columns, not {type(record)}"])
    header, problems, absent, kept = _columns([str(k) for k in record], keep)
    own = [str(k) for k, n in zip(record, header, strict=True) if n not in COLUMNS]
    if problems and any(p.startswith("unknown column") for p in problems):
        problems.append(f"to carry columns of your own into every row, name them: keep={own!r}")
    problems += absent
    if problems:
        return error_row(line, record.get("id"), problems)
    cells = tuple(_cell(v) for v in record.values())
    settings = dataclasses.replace(settings, header=header, kept=kept)
    outcome = assess_record(RawRecord(line, cells=cells), settings)
    row = outcome.row or outcome.error
    assert row is not None
    return row
