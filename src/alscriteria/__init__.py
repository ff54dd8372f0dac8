"""alscriteria: the ALS diagnostic criteria (revised El Escorial, Awaji-shima, Gold Coast).

The public contract (README, docs/case.md): `evaluate`, `evaluate_all`, the `Case` and `Assessment`
models, the registry `CRITERIA`, the `Readings` options and the error classes. Which engine
decides: `engine_in_use()` says it before anything is evaluated, and a caller who must have
durable_rules passes `engine=RuleEngine(backend="durable")`, which raises `EngineError`
(naming the command that repairs it) where durable_rules cannot load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alscriteria import errors
from alscriteria.anatomy.regions import Region
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.evaluate import evaluate, evaluate_all
from alscriteria.case.findings import RegionFindings
from alscriteria.case.model import Case, parse_case
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.category import Category
from alscriteria.errors import AlsCriteriaError, InvalidCaseError
from alscriteria.rules.engine import EngineName, RuleEngine, engine_in_use
from alscriteria.version import __version__

_HISTORY = ("evaluate_history", "history_result_schema", "history_schema")


def __getattr__(name: str) -> Any:
    """The history and in-memory cohort APIs, imported when first used: most callers assess
    single cases, and `import alscriteria` is on the start-up path of every command."""
    if name in _HISTORY:
        from alscriteria import history

        return getattr(history, name)
    if name == "assess_cohort":
        from alscriteria.cohort.memory import assess_cohort

        return assess_cohort
    raise AttributeError(f"module 'alscriteria' has no attribute {name!r}")


if TYPE_CHECKING:
    from alscriteria.cohort.memory import assess_cohort
    from alscriteria.history import evaluate_history, history_result_schema, history_schema


def case_schema() -> dict[str, Any]:
    """JSON Schema of the input (`Case`), with `$schema` and a versioned `$id`."""
    from alscriteria import schemas

    return schemas.case_schema()


def assessment_schema() -> dict[str, Any]:
    """JSON Schema of one criteria set's result (`Assessment`), as it is serialised."""
    from alscriteria import schemas

    return schemas.assessment_schema()


def results_schema() -> dict[str, Any]:
    """JSON Schema of `evaluate_all`'s result."""
    from alscriteria import schemas

    return schemas.results_schema()


__all__ = [
    "CRITERIA",
    "AlsCriteriaError",
    "Assessment",
    "Case",
    "Category",
    "EngineName",
    "InvalidCaseError",
    "MuscleStudy",
    "Readings",
    "Region",
    "RegionFindings",
    "RuleEngine",
    "__version__",
    "assess_cohort",
    "assessment_schema",
    "case_schema",
    "engine_in_use",
    "errors",
    "evaluate",
    "evaluate_all",
    "evaluate_history",
    "history_result_schema",
    "history_schema",
    "parse_case",
    "results_schema",
]
