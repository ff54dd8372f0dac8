"""The cohort's published JSON Schemas, and the whole list `alscriteria schema` prints.

The cohort publishes its own documents (a batch row, an errors-file row, the run summary)
through the core's publisher (alscriteria/schemas.py: `$schema`, a versioned `$id`), so the
dependency runs the flow's way: the outputs import the core, never the reverse. The list of
every published schema lives here, at the top, because only here are both halves known.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alscriteria.cohort.schema import error_row_schema, row_schema
from alscriteria.cohort.summary_model import batch_summary_json_schema
from alscriteria.schemas import CORE_SCHEMAS, published


def batch_row_schema() -> dict[str, Any]:
    """A JSON Lines row of `batch` with its defaults (every criteria set, no --full or
    --plan); `alscriteria.cohort.schema.row_schema` gives the row for other options."""
    return published("batch-row", "alscriteria batch row (JSON Lines)", row_schema("jsonl"))


def batch_csv_row_schema() -> dict[str, Any]:
    return published("batch-row-csv", "alscriteria batch row (CSV)", row_schema("csv"))


def history_csv_row_schema() -> dict[str, Any]:
    """A CSV row of `batch` whose output has the history columns (visit rows in)."""
    return published(
        "history-row-csv",
        "alscriteria batch row (CSV, with the history columns)",
        row_schema("csv", histories=True),
    )


def batch_error_schema() -> dict[str, Any]:
    return published("batch-error", "alscriteria batch errors-file row", error_row_schema())


def batch_summary_schema() -> dict[str, Any]:
    """The run summary `batch --summary` writes (cohort/summary_model.py)."""
    return published(
        "batch-summary", "alscriteria batch summary (--summary)", batch_summary_json_schema()
    )


#: The cohort's documents by the name `alscriteria schema NAME` takes.
COHORT_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "batch-row": batch_row_schema,
    "batch-row-csv": batch_csv_row_schema,
    "history-row-csv": history_csv_row_schema,
    "batch-error": batch_error_schema,
    "batch-summary": batch_summary_schema,
}

#: Every published schema by the name `alscriteria schema NAME` takes, in the order printed.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {**CORE_SCHEMAS, **COHORT_SCHEMAS}


def published_schemas() -> dict[str, dict[str, Any]]:
    return {name: build() for name, build in SCHEMAS.items()}


__all__ = [
    "COHORT_SCHEMAS",
    "SCHEMAS",
    "batch_csv_row_schema",
    "batch_error_schema",
    "batch_row_schema",
    "batch_summary_schema",
    "history_csv_row_schema",
    "published_schemas",
]
