"""The web front end's one door into the rest of alscriteria.

Everything the routes need from the core is imported here and nowhere else in `web/`, so a
move of the core modules changes this file only. Most names are the package's public API;
the few below the line are not exported yet (strict JSON reading, the rules version, the
vocabularies and the muscle catalogue with its aliases): the page and the API must read JSON
and name muscles exactly as the CLI does, so they are used rather than copied.
"""

from __future__ import annotations

from alscriteria import (
    CRITERIA,
    AlsCriteriaError,
    InvalidCaseError,
    Readings,
    __version__,
    engine_in_use,
    evaluate_all,
    parse_case,
)
from alscriteria.errors import InvalidInputError
from alscriteria.history import evaluate_history, parse_history
from alscriteria.report import (
    ChartHeader,
    build_case_page,
    build_history_page,
    case_report,
    history_report,
)
from alscriteria.schemas import SCHEMAS

# Not (yet) in the public API: see the module's docstring.
from alscriteria.criteria.base import RULES_VERSION  # noqa: I001
from alscriteria.jsonio import decode_text, loads
from alscriteria.regions.catalogue import alias_form, catalogue, muscle_aliases, root_sort_key
from alscriteria.vocabulary import region_signs, vocabularies

__all__ = [
    "CRITERIA",
    "RULES_VERSION",
    "SCHEMAS",
    "AlsCriteriaError",
    "ChartHeader",
    "InvalidCaseError",
    "InvalidInputError",
    "Readings",
    "__version__",
    "alias_form",
    "build_case_page",
    "build_history_page",
    "case_report",
    "catalogue",
    "decode_text",
    "engine_in_use",
    "evaluate_all",
    "evaluate_history",
    "history_report",
    "loads",
    "muscle_aliases",
    "parse_case",
    "parse_history",
    "region_signs",
    "root_sort_key",
    "vocabularies",
]
