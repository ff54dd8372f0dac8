"""A registry's own columns, carried through a batch run unchanged (`--keep-columns`).

Registries hold many columns besides the findings (age, site of onset, visit dates), and to
join results back to their records they need those columns in every output row. An unknown
column is still refused by default: a misspelt finding column (`progresion`) would otherwise
drop that finding from every patient without a word. So the user names the columns to keep,
or says `all`; and `all` still refuses a column that looks like a misspelt case column, which
has to be named to be kept.

Kept values are copied exactly: a CSV cell as its text, a JSON value as the value. They are
the registry's data, to be joined on, so nothing here reads or rewrites them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from alscriteria.case.model import Case
from alscriteria.case.words import nearest
from alscriteria.cohort.csv_layout import (
    COLUMNS,
    DATE_COLUMN,
    ONSET_COLUMN,
    VISIT_COLUMNS,
    normal_header,
)
from alscriteria.cohort.formats import CohortFormat
from alscriteria.errors import InvalidCaseError

#: The word that keeps every column the case does not read.
KEEP_ALL = "all"

KeptValues = tuple[tuple[str, Any], ...]
"""(name, value) pairs in output order: a CSV cell's text, or a JSON value as it was."""


class KeepError(Exception):
    """`--keep-columns` cannot be honoured for this input (refuses the run, exit 2)."""


@dataclass(frozen=True, slots=True)
class KeepRequest:
    """What the user asked to keep, before the input has been seen."""

    names: tuple[str, ...] = ()
    every: bool = False

    @property
    def wanted(self) -> bool:
        return self.every or bool(self.names)


def parse_keep(values: Sequence[str] | None) -> KeepRequest:
    """`--keep-columns` values: names separated by commas, repeatable, `all` for every one."""
    names: list[str] = []
    every = False
    for value in values or ():
        for part in value.split(","):
            name = part.strip()
            if not name:
                raise KeepError(
                    f"--keep-columns {value!r}: an empty column name; write names separated "
                    f"by commas (--keep-columns age,site) or {KEEP_ALL}"
                )
            if name.lower() == KEEP_ALL:
                every = True
            elif name not in names:
                names.append(name)
    return KeepRequest(tuple(names), every)


def case_keys() -> tuple[str, ...]:
    """The top-level keys a JSON case is read from: those are never kept."""
    return tuple(Case.model_fields)


def looks_misspelt(name: str, allowed: Sequence[str]) -> str | None:
    """The case column `name` may be a misspelling of, which `all` must not swallow."""
    return nearest(name, list(allowed))


@dataclass(frozen=True, slots=True)
class KeptColumns:
    """The columns one run keeps, resolved against the input (and sent to the workers)."""

    input_format: CohortFormat
    names: tuple[str, ...]
    """CSV input: every kept column, by its header text. JSON Lines: the keys named."""
    indexes: tuple[int, ...] = ()
    """CSV input: the cells the kept columns are read from."""
    every: bool = False
    """JSON Lines input with `all`: also keep every other key the case does not read."""
    reserved: frozenset[str] = frozenset()
    """Names the output row has for itself (lower case), which a kept key may not take."""

    def from_cells(self, cells: Sequence[str]) -> KeptValues:
        return tuple((name, cells[i]) for name, i in zip(self.names, self.indexes, strict=True))

    def take(self, data: Any) -> tuple[Any, KeptValues]:
        """A JSON record without its kept keys (to be read as a case), and the kept values.

        The named keys come in the order they were named (null when the record lacks one),
        so every row has the same shape and a CSV output's header fits every row; with
        `all`, the record's other keys of its own follow in the record's order.
        """
        if not isinstance(data, dict):
            return data, ()
        own = case_keys()
        case: dict[str, Any] = {}
        others: list[tuple[str, Any]] = []
        for key, value in data.items():
            if key in self.names:
                continue
            if self.every and key not in own and looks_misspelt(key, own) is None:
                if key.lower() in self.reserved:
                    raise InvalidCaseError(
                        [
                            f"key {key!r}: --keep-columns {KEEP_ALL} cannot keep it, since the "
                            "output row has a key of that name; rename it in the input"
                        ]
                    )
                others.append((key, value))
            else:
                case[key] = value
        named = tuple((name, data.get(name)) for name in self.names)
        return case, named + tuple(others)


def _collisions(names: Collection[str], reserved: frozenset[str]) -> None:
    taken = [n for n in names if n.strip().lower() in reserved]
    if taken:
        raise KeepError(
            "--keep-columns: "
            + ", ".join(repr(n) for n in taken)
            + (" is" if len(taken) == 1 else " are")
            + " also the name of a result column of the output row; rename "
            + ("it" if len(taken) == 1 else "them")
            + " in the input (the output would otherwise hold two columns of one name)"
        )


def keeps_date(request: KeepRequest) -> bool:
    """Whether a `date` column is named to be kept (it is then not the visit date)."""
    return DATE_COLUMN in normal_header(request.names)


def resolve_csv(
    request: KeepRequest,
    raw_header: Sequence[str],
    reserved: frozenset[str],
    history_reserved: frozenset[str] | None = None,
) -> KeptColumns:
    """The CSV columns kept, by header position; KeepError for a name that is not there.

    Names match header cells as the case columns do, ignoring case and spaces; the output
    carries each kept column under its header text exactly as written. In a file of visit
    rows (a `date` column not named here) the date and onset are read, so they are never
    kept, and the names reserved are those of a history row (`history_reserved`).
    """
    header = normal_header(raw_header)
    wanted = normal_header(request.names)
    visits = DATE_COLUMN in header and not keeps_date(request)
    read = (*COLUMNS, *VISIT_COLUMNS) if visits else COLUMNS
    if visits and history_reserved is not None:
        reserved = history_reserved
    ours = [n for n, w in zip(request.names, wanted, strict=True) if w in read]
    if ours:
        if visits and ONSET_COLUMN in normal_header(ours):
            raise KeepError(
                f"--keep-columns: {ONSET_COLUMN!r} is read as the onset of each patient's "
                "history in a file of visit rows (a 'date' column); keep only columns "
                "nothing reads"
            )
        raise KeepError(_case_column_message(ours))
    absent = [n for n, w in zip(request.names, wanted, strict=True) if w not in header]
    if absent:
        own = {name: raw_header[i] for i, name in enumerate(header) if name not in COLUMNS}
        close = nearest(normal_header(absent[:1])[0], list(own)) if own else None
        hint = own[close] if close else None
        raise KeepError(
            "--keep-columns: "
            + ", ".join(repr(n) for n in absent)
            + (" is" if len(absent) == 1 else " are")
            + " not in the CSV header"
            + (f" (did you mean {hint!r}?)" if hint else "")
        )
    indexes = [
        i
        for i, name in enumerate(header)
        if name not in read
        and (name in wanted or (request.every and looks_misspelt(name, COLUMNS) is None))
    ]
    names = tuple(raw_header[i] for i in indexes)
    _collisions(names, reserved)
    return KeptColumns(CohortFormat.CSV, names, tuple(indexes), reserved=reserved)


def resolve_jsonl(request: KeepRequest, reserved: frozenset[str]) -> KeptColumns:
    """The JSON keys kept; they match exactly, since JSON keys are data."""
    ours = [n for n in request.names if n in case_keys()]
    if ours:
        raise KeepError(_case_column_message(ours))
    _collisions(request.names, reserved)
    return KeptColumns(CohortFormat.JSONL, request.names, every=request.every, reserved=reserved)


def _case_column_message(names: Sequence[str]) -> str:
    return (
        "--keep-columns: "
        + ", ".join(repr(n) for n in names)
        + (" is a case column" if len(names) == 1 else " are case columns")
        + " (read into the case); keep only columns the case does not read"
    )


__all__ = [
    "KEEP_ALL",
    "KeepError",
    "KeepRequest",
    "KeptColumns",
    "KeptValues",
    "case_keys",
    "keeps_date",
    "looks_misspelt",
    "parse_keep",
    "resolve_csv",
    "resolve_jsonl",
]
