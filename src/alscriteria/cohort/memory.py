"""A cohort in memory: the rows `batch` writes, for records a caller already holds.

A notebook user with a list of cases, or a registry's rows read by pandas, should not have
to write a temporary file to get the same rows `batch` writes: same assessment, same keys,
same error rows (`line`, `id`, `errors`), in the same order as the records.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from alscriteria.cohort.csv_layout import COLUMNS, check_header, normal_header
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.kept import KeptColumns
from alscriteria.cohort.output import error_row, result_names
from alscriteria.cohort.records import RawRecord
from alscriteria.cohort.run import BatchSettings, assess_record
from alscriteria.criteria import CRITERIA, criteria_set
from alscriteria.errors import InvalidInputError
from alscriteria.readings import Readings, readings_from


def assess_cohort(
    records: Iterable[Mapping[str, Any]],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: Sequence[str] | None = None,
    flat: bool = False,
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
    (`line`, `id`, `errors`); `line` is the record's position, from 1. Visit tables (one
    row per visit) need `batch`, which groups them by patient.
    """
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
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
    for line, record in enumerate(records, 1):
        if flat:
            row: bytes | None = _flat_row(line, record, settings, keep)
        else:
            outcome = assess_record(RawRecord(line, data=_plain(record)), settings)
            row = outcome.row or outcome.error
        assert row is not None
        yield json.loads(row)


def _plain(record: Mapping[str, Any]) -> Any:
    """A mapping that is not a dict (a pandas row, a MappingProxy) read as the dict it is."""
    return dict(record) if isinstance(record, Mapping) else record


def _flat_row(
    line: int, record: Mapping[str, Any], settings: BatchSettings, keep: Sequence[str]
) -> bytes:
    """One registry row: checked against its own columns, as a CSV file's header is."""
    if not isinstance(record, Mapping):
        return error_row(line, None, [f"a flat row is a mapping of columns, not {type(record)}"])
    header = normal_header([str(k) for k in record])
    kept_names = normal_header(keep)
    problems = [p for p in check_header(header, frozenset(kept_names)) if "--keep" not in p]
    own = [str(k) for k, n in zip(record, header, strict=True) if n not in COLUMNS]
    if problems and any(p.startswith("unknown column") for p in problems):
        problems.append(f"to carry columns of your own into every row, name them: keep={own!r}")
    absent = [k for k, n in zip(keep, kept_names, strict=True) if n not in header]
    problems += [f"no column {k!r} to keep" for k in absent]
    if problems:
        return error_row(line, record.get("id"), problems)
    cells = tuple("" if v is None else str(v) for v in record.values())
    kept = (
        KeptColumns(CohortFormat.CSV, tuple(keep), tuple(header.index(n) for n in kept_names))
        if keep
        else None
    )
    settings = dataclasses.replace(settings, header=header, kept=kept)
    outcome = assess_record(RawRecord(line, cells=cells), settings)
    row = outcome.row or outcome.error
    assert row is not None
    return row
