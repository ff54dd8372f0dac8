"""The published JSON Schemas: what goes in and what comes out, versioned.

The core's documents are here (a case, an Assessment, `evaluate_all`'s result, a history
and its result); the cohort publishes its own through `published` (cohort/published.py,
which also has the whole list `alscriteria schema` prints).

Registries validate their exports against these and store results beside them, so each
carries `$schema` (the JSON Schema dialect pydantic writes, 2020-12) and an `$id` that names
the document and the package version it describes: a stored result can be matched to the
schema of the version that wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import TypeAdapter

from alscriteria.assess.assessment import Assessment
from alscriteria.case.model import Case
from alscriteria.version import __version__

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_id(name: str) -> str:
    """A stable URI per document and version (no network location is implied)."""
    return f"urn:alscriteria:{__version__}:{name}"


def published(name: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": schema_id(name), "title": title, **_without_title(schema)}


def _without_title(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != "title"}


def case_schema() -> dict[str, Any]:
    return published("case", "alscriteria case (one patient's findings)", Case.model_json_schema())


def assessment_schema() -> dict[str, Any]:
    return published(
        "assessment",
        "alscriteria Assessment (one criteria set's result)",
        Assessment.model_json_schema(mode="serialization"),
    )


def results_schema() -> dict[str, Any]:
    """`evaluate_all`'s result: one Assessment per criteria set, keyed by its id."""
    ids = Literal["revised-el-escorial", "awaji", "gold-coast"]
    adapter: TypeAdapter[dict[Any, Assessment]] = TypeAdapter(dict[ids, Assessment])
    schema = adapter.json_schema(mode="serialization")
    schema["description"] = (
        "evaluate_all(case): the Assessments of the criteria sets asked for, keyed by id, in "
        "the order revised-el-escorial, awaji, gold-coast"
    )
    return published("results", "alscriteria evaluate_all result", schema)


def history_schema() -> dict[str, Any]:
    from alscriteria.history import history_schema as schema

    return published("history", "alscriteria patient history (dated visits)", schema())


def history_result_schema() -> dict[str, Any]:
    from alscriteria.history import history_result_schema as schema

    return published("history-result", "alscriteria evaluate_history result", schema())


#: The core's documents by the name `alscriteria schema NAME` takes. The outputs publish
#: their own beside these (alscriteria/cohort/published.py has the whole list), so that this
#: module never reaches up into them.
CORE_SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "case": case_schema,
    "assessment": assessment_schema,
    "results": results_schema,
    "history": history_schema,
    "history-result": history_result_schema,
}


__all__ = [
    "CORE_SCHEMAS",
    "DIALECT",
    "assessment_schema",
    "case_schema",
    "history_result_schema",
    "history_schema",
    "published",
    "results_schema",
    "schema_id",
]
