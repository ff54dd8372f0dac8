"""alscriteria: the ALS diagnostic criteria (revised El Escorial, Awaji-shima, Gold Coast).

The public contract (README, docs/case.md): `evaluate`, `evaluate_all`, the `Case` and `Assessment`
models, the registry `CRITERIA`, the `Readings` options and the error classes. Which engine
decides: `engine_in_use()` says it before anything is evaluated, and a caller who must have
durable_rules passes `engine=RuleEngine(backend="durable")`, which raises `EngineError`
(naming the command that repairs it) where durable_rules cannot load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from alscriteria import errors
from alscriteria import voice as _voice
from alscriteria.errors import AlsCriteriaError, InvalidCaseError
from alscriteria.version import __version__

if TYPE_CHECKING:
    from alscriteria.wording.voice import Tables


def _english() -> Tables:
    """The English tables: the core says codes and values, these say them in words
    (`alscriteria/voice.py`). Imported on the first sentence, not here."""
    from alscriteria.wording.voice import english

    return english()


# The composition root: the one place where the core is given its words.
_voice.install(_english)

#: Each public name and the module it lives in, imported when the name is first used (PEP
#: 562): `import alscriteria` is on the start-up path of every command, `--help` and
#: `--version` included, and the models (pydantic, the criteria, the explanations) are
#: what most of that start-up would cost.
_LAZY = {
    "Region": "alscriteria.anatomy.regions",
    "Assessment": "alscriteria.assess.assessment",
    "evaluate": "alscriteria.assess.evaluate",
    "evaluate_all": "alscriteria.assess.evaluate",
    "RegionFindings": "alscriteria.case.findings",
    "Case": "alscriteria.case.model",
    "parse_case": "alscriteria.case.model",
    "Readings": "alscriteria.case.readings",
    "MuscleStudy": "alscriteria.case.studies",
    "CRITERIA": "alscriteria.criteria",
    "Category": "alscriteria.criteria.category",
    "EngineName": "alscriteria.rules.engine",
    "RuleEngine": "alscriteria.rules.engine",
    "engine_in_use": "alscriteria.rules.engine",
    # the history and in-memory cohort APIs: most callers assess single cases
    "evaluate_history": "alscriteria.history",
    "history_result_schema": "alscriteria.history",
    "history_schema": "alscriteria.history",
    "assess_cohort": "alscriteria.cohort.memory",
}


def __getattr__(name: str) -> Any:
    """A public name, imported on first use and kept (the next use is a plain lookup)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'alscriteria' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


if TYPE_CHECKING:
    from alscriteria.anatomy.regions import Region
    from alscriteria.assess.assessment import Assessment
    from alscriteria.assess.evaluate import evaluate, evaluate_all
    from alscriteria.case.findings import RegionFindings
    from alscriteria.case.model import Case, parse_case
    from alscriteria.case.readings import Readings
    from alscriteria.case.studies import MuscleStudy
    from alscriteria.cohort.memory import assess_cohort
    from alscriteria.criteria import CRITERIA
    from alscriteria.criteria.category import Category
    from alscriteria.history import evaluate_history, history_result_schema, history_schema
    from alscriteria.rules.engine import EngineName, RuleEngine, engine_in_use


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
