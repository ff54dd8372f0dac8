"""Visit rows grouped into patients: the rows of one id become one record (main process).

A registry's follow-up table has one row per visit, sorted by patient but seldom by date,
and not always even by patient (a merged export, a re-sorted sheet). A patient's history
can only be evaluated with all of its visits, and a row written for a patient whose later
rows had not been read yet would be wrong with no way to take it back; so the rows are
grouped in memory, by id, before any patient is assessed. Each patient comes out at the
place of its first row (the order of the output), holding its rows in file order (the
worker sorts them by date: cohort/visits.py). A row is held as its text (its cells are made
again in the worker): about 0.4 KiB a row of a typical export.

A row whose id cannot be read (bytes that are not UTF-8 in the id, a line too long to
look into) or is empty cannot be tied to a patient: it stays a record of its own, at its
line, and becomes an error row that says so. A bad row whose id can be read belongs to its
patient, who then becomes an error row naming it: a history missing a visit is not the
patient's history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from alscriteria.cohort.records import RawRecord

REPLACEMENT = "\ufffd"


def row_id(record: RawRecord, id_index: int) -> str | None:
    """The patient id of a visit row, None when it is empty or cannot be read."""
    cells = record.cells
    if cells is None or id_index >= len(cells):
        return None
    value = cells[id_index].strip()
    if not value or REPLACEMENT in value:
        return None
    return value


def group_visits(records: Iterable[RawRecord], id_index: int) -> Iterator[RawRecord]:
    """One record per patient (its rows in `rows`), or per row that has no readable id."""
    groups: dict[tuple[str, object], list[RawRecord]] = {}
    for record in records:
        patient = row_id(record, id_index)
        if patient is None:
            groups[("line", record.line)] = [record]
        else:
            # held by its text alone (a quarter of the size of its cells): csv_cells
            # makes the cells again in the worker
            compact = record if record.text is None else RawRecord(record.line, record.text)
            groups.setdefault(("id", patient), []).append(compact)
    for key in list(groups):
        rows = groups.pop(key)  # freed as the patients are handed on
        if key[0] == "line":
            yield rows[0]
        else:
            yield RawRecord(rows[0].line, rows=tuple(rows))


__all__ = ["group_visits", "row_id"]
