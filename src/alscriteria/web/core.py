"""The web front end's one door into the rest of alscriteria.

Everything the routes need from the core is imported here and nowhere else in `web/`, so a
move of the core modules changes this file only. Most names are the package's public API
(`alscriteria`, `alscriteria.errors`, `alscriteria.history`, `alscriteria.report`,
`alscriteria.schemas`). A few are not exported yet, and the page and the API must read JSON
and name muscles exactly as the CLI does, so they are used here rather than copied: strict
JSON reading (`files.json_input`: `decode_text`, `loads`), the one fast JSON writer
(`files.json_output`: `json_bytes_compact`, `json_line_text`), the rules version (`version`),
the vocabularies (`anatomy.vocabulary`: `vocabularies`, `region_signs`), the readings in
words (`wording.READING` and `wording.readings`: `reading_value`), what a category lacks
laid out in parts (`wording.missing_words`, `PREREQUISITES_ALL`, `RULES_AFTER`) and the muscle
catalogue with its aliases (`anatomy.catalogue`: `catalogue`, `muscle_aliases`,
`alias_form`, `root_sort_key`), and how the CLI's messages name the catalogue's listing
(`case.studies.CATALOGUE_HINT`, which the service words its own way).
"""

from __future__ import annotations

from alscriteria import (
    CRITERIA,
    AlsCriteriaError,
    Case,
    InvalidCaseError,
    Readings,
    __version__,
    engine_in_use,
    evaluate_all,
    parse_case,
)
from alscriteria.anatomy.catalogue import alias_form, catalogue, muscle_aliases, root_sort_key
from alscriteria.anatomy.vocabulary import region_signs, vocabularies
from alscriteria.case.studies import CATALOGUE_HINT
from alscriteria.cohort.published import SCHEMAS
from alscriteria.errors import InvalidInputError
from alscriteria.files.json_input import decode_text, loads
from alscriteria.files.json_output import json_bytes_compact, json_line_text
from alscriteria.history import evaluate_history, parse_history
from alscriteria.report import (
    ChartHeader,
    build_case_page,
    build_history_page,
    case_report,
    history_report,
)
from alscriteria.report.names import short_name
from alscriteria.version import RULES_VERSION
from alscriteria.wording import PREREQUISITES_ALL, READING, RULES_AFTER, missing_words
from alscriteria.wording.readings import reading_value

__all__ = [
    "CATALOGUE_HINT",
    "CRITERIA",
    "PREREQUISITES_ALL",
    "READING",
    "RULES_AFTER",
    "RULES_VERSION",
    "SCHEMAS",
    "AlsCriteriaError",
    "Case",
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
    "json_bytes_compact",
    "json_line_text",
    "loads",
    "missing_words",
    "muscle_aliases",
    "parse_case",
    "parse_history",
    "reading_value",
    "region_signs",
    "root_sort_key",
    "short_name",
    "vocabularies",
]
