"""A visit row's function columns (docs/staging.md): the ALSFRS-R items and the staging
milestones, named as the visit's JSON keys are (`alsfrs_r_speech`, `gastrostomy_date`, ...).

Cells are handed on as written where they are not plainly a number, a yes/no or a list, so
the history's own validation refuses them with the field named (and the batch puts the line
back in front of it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alscriteria.function.record import ITEMS

ITEM_COLUMNS = tuple(f"alsfrs_r_{item}" for item in ITEMS)
FUNCTION_COLUMNS: tuple[str, ...] = (
    *ITEM_COLUMNS,
    "alsfrs_r_gastrostomy",
    "gastrostomy_status",
    "gastrostomy_date",
    "niv_status",
    "niv_date",
    "diagnosis_date",
    "functional_involvement",
)
_YES = frozenset({"yes", "y", "true", "1", "5b"})
_NO = frozenset({"no", "n", "false", "0", "5a"})


def _score(cell: str) -> Any:
    return int(cell) if cell.isdigit() else cell


def _flag(cell: str) -> Any:
    word = cell.lower()
    return True if word in _YES else False if word in _NO else cell


def function_fields(header: Sequence[str], cells: Sequence[str]) -> dict[str, Any]:
    """The visit's function keys from its row; empty cells are left out."""
    given = {
        name: cells[i].strip()
        for i, name in enumerate(header)
        if name in FUNCTION_COLUMNS and i < len(cells) and cells[i].strip()
    }
    out: dict[str, Any] = {}
    form: dict[str, Any] = {
        column.removeprefix("alsfrs_r_"): _score(given[column])
        for column in ITEM_COLUMNS
        if column in given
    }
    if "alsfrs_r_gastrostomy" in given:
        form["gastrostomy"] = _flag(given["alsfrs_r_gastrostomy"])
    if form:
        out["alsfrs_r"] = form
    for milestone in ("gastrostomy", "niv"):
        status, day = given.get(f"{milestone}_status"), given.get(f"{milestone}_date")
        if status is not None or day is not None:
            out[milestone] = {
                k: v for k, v in (("status", status and status.lower()), ("date", day)) if v
            }
    if "diagnosis_date" in given:
        out["diagnosis_date"] = given["diagnosis_date"]
    if "functional_involvement" in given:
        out["functional_involvement"] = [
            part.strip().lower().replace(" ", "_")
            for part in given["functional_involvement"].split(";")
            if part.strip()
        ]
    return out


def function_cells(visit: dict[str, Any]) -> dict[str, str]:
    """A visit's function keys as visit-row cells: the inverse of `function_fields`, for
    exports and for writing a history as a registry's visit table."""
    cells = dict.fromkeys(FUNCTION_COLUMNS, "")
    form = visit.get("alsfrs_r") or {}
    for item in ITEMS:
        if form.get(item) is not None:
            cells[f"alsfrs_r_{item}"] = str(form[item])
    if form.get("gastrostomy"):
        cells["alsfrs_r_gastrostomy"] = "yes"
    for milestone in ("gastrostomy", "niv"):
        given = visit.get(milestone) or {}
        cells[f"{milestone}_status"] = str(given.get("status", ""))
        cells[f"{milestone}_date"] = str(given.get("date", ""))
    cells["diagnosis_date"] = str(visit.get("diagnosis_date") or "")
    cells["functional_involvement"] = ";".join(visit.get("functional_involvement") or ())
    return cells


__all__ = ["FUNCTION_COLUMNS", "function_cells", "function_fields"]
