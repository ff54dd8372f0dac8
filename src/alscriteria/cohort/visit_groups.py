"""Visit rows grouped into patients: the rows of one id become one record (main process).

A registry's follow-up table has one row per visit, sorted by patient but seldom by date,
and not always even by patient (a merged export, a re-sorted sheet). A patient's history
can only be evaluated with all of its visits, and a row written for a patient whose later
rows had not been read yet would be wrong with no way to take it back; so the rows are
grouped in memory, by id, before any patient is assessed. Each patient comes out at the
place of its first row (the order of the output), holding its rows in file order (the
worker sorts them by date: cohort/visits.py). A row is held as its text (its cells are made
again in the worker): about 0.4 KiB a row of a typical export.

A row whose id cannot be read (bytes that are not UTF-8 in the id) or is empty cannot be
tied to a patient: it stays a record of its own, at its line, and becomes an error row that
says so. A bad row whose id can be read belongs to its patient, who then becomes an error
row naming it: a history missing a visit is not the patient's history. A row that is not
well-formed (a quote left open, a line too long to read whole) may be read with more than
one id (a quote opened at the id takes in the cells after it); it is given to a patient that
has good rows, and every other patient it may belong to becomes an error row that names it.

Ids are compared exactly (spaces around them aside). Ids that differ only in case, in
spaces inside or in invisible characters are most likely one patient written two ways; they
are kept apart, and `lookalikes` names them for the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from alscriteria.cohort.raw_record import RawRecord

REPLACEMENT = "\ufffd"

#: How many rows that may be a patient's, unread, its error row names.
DOUBTS_NAMED = 5


def row_id(record: RawRecord, id_index: int) -> str | None:
    """The patient id of a visit row, None when it is empty or cannot be read."""
    cells = record.cells
    if cells is None or id_index >= len(cells):
        return None
    value = cells[id_index].strip()
    if not value or (record.undecoded and REPLACEMENT in value):
        return None
    return value


def _candidates(record: RawRecord, id_index: int) -> list[str]:
    """The ids a bad row may have: as a lenient CSV reader finds it, and as the text before
    its commas gives it (a quote opened at the id takes in the cells after it)."""
    found: list[str] = []
    lenient = row_id(record, id_index)
    if lenient is not None:
        found.append(lenient)
    if record.text is not None:
        cells = record.text.split(",")
        if id_index < len(cells) - 1:  # the last cell of a line's start may be cut short
            naive = cells[id_index].strip().strip('"').strip()
            lost = record.undecoded and REPLACEMENT in naive
            if naive and not lost and naive not in found:
                found.append(naive)
    return found


_INVISIBLE = dict.fromkeys(map(ord, "\u00a0\u200b\u200c\u200d\u2060\ufeff \t"), None)


def _lookalike_key(patient: str) -> str:
    return patient.translate(_INVISIBLE).casefold()


class VisitGroups:
    """Visit rows grouped by patient; iterate for one record per patient (or lone row)."""

    def __init__(self, records: Iterable[RawRecord], id_index: int) -> None:
        self._records = records
        self._id_index = id_index
        self.lookalikes: list[str] = []
        """Ids that differ only in case, spaces or invisible characters, with their lines."""

    def __iter__(self) -> Iterator[RawRecord]:
        groups: dict[tuple[str, object], list[RawRecord]] = {}
        bad: list[tuple[RawRecord, list[str]]] = []
        for record in self._records:
            if record.problem is not None:
                candidates = _candidates(record, self._id_index)
                if candidates:
                    bad.append((record, candidates))
                    continue
            patient = None if record.problem is not None else row_id(record, self._id_index)
            if patient is None:
                groups[("line", record.line)] = [record]
            else:
                # held by its text alone (a quarter of the size of its cells): csv_cells
                # makes the cells again in the worker
                compact = record if record.text is None else RawRecord(record.line, record.text)
                groups.setdefault(("id", patient), []).append(compact)
        doubts: dict[str, list[str]] = {}
        for record, candidates in bad:
            known = [c for c in candidates if ("id", c) in groups]
            owner = (known or candidates)[0]
            groups.setdefault(("id", owner), []).append(record)
            for other in candidates:
                if other != owner and ("id", other) in groups:
                    doubts.setdefault(other, []).append(
                        f"line {record.line} could not be read whole ({record.problem}) and may "
                        f"be a visit of patient {other!r}: without it this history may miss a "
                        "visit"
                    )
        self.lookalikes = _lookalikes(groups)
        ordered = sorted(groups.items(), key=lambda item: min(r.line for r in item[1]))
        groups.clear()
        for key, rows in ordered:
            rows.sort(key=lambda r: r.line)
            if key[0] == "line":
                yield rows[0]
                continue
            said = doubts.get(str(key[1]), [])
            if len(said) > DOUBTS_NAMED:
                said = [*said[:DOUBTS_NAMED], f"and {len(said) - DOUBTS_NAMED:,} more such lines"]
            problem = "; ".join(said) or None
            yield RawRecord(rows[0].line, problem=problem, rows=tuple(rows))


def _lookalikes(groups: dict[tuple[str, object], list[RawRecord]]) -> list[str]:
    by_key: dict[str, list[str]] = {}
    for kind, patient in groups:
        if kind == "id":
            by_key.setdefault(_lookalike_key(str(patient)), []).append(str(patient))
    out = []
    for ids in by_key.values():
        if len(ids) > 1:
            said = ", ".join(
                f"{i!r} (line {min(r.line for r in groups[('id', i)])})" for i in sorted(ids)
            )
            out.append(f"ids that differ only in case or spacing: {said}; one patient?")
    return out


def group_visits(records: Iterable[RawRecord], id_index: int) -> Iterator[RawRecord]:
    """One record per patient (its rows in `rows`), or per row that has no readable id."""
    return iter(VisitGroups(records, id_index))


__all__ = ["VisitGroups", "group_visits", "row_id"]
