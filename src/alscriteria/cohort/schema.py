"""JSON Schemas of what `alscriteria batch` writes: one output row, and one errors-file row.

A registry that stores batch results needs to know their exact shape, for every option that
changes it: the criteria sets chosen, `--full` (whole Assessments), `--plan`, CSV or JSON
Lines, and kept columns. The schemas are built from the same models and ladders that make
the rows, so they cannot drift from them; the tests validate real rows against them.

A CSV row is described as the object a CSV reader makes of it (`{column: cell}`, every
value text), which is how tools check tabular data against a schema.

Why one module of some 450 lines: the four row forms (a case and a history, each in JSON
Lines and in CSV) share their descriptions and per-criteria fragments, and a registry reads
them side by side; split, a wording fixed in one form would drift from the others. Their
publication (`alscriteria schema`) is in cohort/published.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.advice import PhenotypeCode, Plan
from alscriteria.case.readings import Readings
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.rows import ERROR_KEYS, SHORT_FIELDS, csv_columns
from alscriteria.criteria import CRITERIA
from alscriteria.function.staging import SLOPE_MINIMUM_MONTHS
from alscriteria.history.function_course import KINGS_STAGES, MEASURES

_KEPT = (
    "Columns kept with --keep-columns come first, as further keys (CSV: columns), each "
    "under its name in the input: a CSV cell as its text, a JSON Lines value as it was "
    "(null when the record lacks a key that was named)."
)
_LINE = "the physical line of the input the record starts on (from 1; a CSV header is line 1)"
_ID = "the record's id as given (CSV: text; JSON Lines: text or a number), null when none"
_WARNINGS = (
    "codes of the patient's red flags (findings that point to a mimic or call for a test "
    "first), the same under every criteria set"
)
_CODE = "^[a-z0-9_]+$"
_PHENOTYPE = (
    "the motor phenotype the findings show (criteria.md A.6), the same under every criteria "
    "set and never a category; a history row gives its last visit's, dated from the onset"
)
_UNDECIDED = (
    "null, or every pattern category the registry's summaries (EMG conclusions, yes/no "
    "flags) allow when they leave it open (docs/registry.md); `pattern_category` and "
    "`category` are then what the summaries establish"
)
_VERSIONS = {
    "package_version": {"type": "string", "description": "the alscriteria version"},
    "rules_version": {
        "type": "string",
        "description": "changes whenever a rule's condition changes",
    },
}


def _ladder(criteria_id: str) -> list[str]:
    return [c.value for c in CRITERIA[criteria_id].ladder]


def _model_defs(model: type[Any], defs: dict[str, Any]) -> dict[str, str]:
    """A pydantic model's serialisation schema added to `defs`; a reference to it."""
    schema = model.model_json_schema(mode="serialization", ref_template="#/$defs/{model}")
    defs.update(schema.pop("$defs", {}))
    defs[model.__name__] = schema
    return {"$ref": f"#/$defs/{model.__name__}"}


def _short_result(criteria_id: str, plan: bool, defs: dict[str, Any]) -> dict[str, Any]:
    ladder = _ladder(criteria_id)
    properties: dict[str, Any] = {
        "category": {"enum": ladder, "description": "the category under this criteria set"},
        "met": {"type": "boolean", "description": "whether the criteria are met"},
        "pattern_category": {
            "enum": ladder,
            "description": "the category the regional findings alone give (ignoring "
            "progression and exclusion of other causes)",
        },
        "undecided": {
            "oneOf": [
                {"type": "null"},
                {"type": "array", "items": {"enum": ladder}, "minItems": 2},
            ],
            "description": _UNDECIDED,
        },
    }
    if plan:
        properties["plan"] = _model_defs(Plan, defs)
    return {
        "type": "object",
        "title": CRITERIA[criteria_id].title,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _jsonl_row(criteria: Sequence[str], full: bool, plan: bool) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    properties: dict[str, Any] = {
        "line": {"type": "integer", "minimum": 1, "description": _LINE},
        "id": {"type": ["string", "number", "null"], "description": _ID},
    }
    for criteria_id in criteria:
        if full:
            result: dict[str, Any] = {
                "allOf": [_model_defs(Assessment, defs)],
                "description": f"the whole Assessment under {CRITERIA[criteria_id].title}",
            }
            if plan:
                result["properties"] = {"plan": _model_defs(Plan, defs)}
                result["required"] = ["plan"]
            properties[criteria_id] = result
        else:
            properties[criteria_id] = _short_result(criteria_id, plan, defs)
    properties["warnings"] = {
        "type": "array",
        "items": {"type": "string", "pattern": _CODE},
        "description": _WARNINGS,
    }
    properties["phenotype"] = {"enum": list(get_args(PhenotypeCode)), "description": _PHENOTYPE}
    properties["readings"] = {
        "allOf": [_model_defs(Readings, defs)],
        "description": "the readings of A.3.4 the run applied",
    }
    properties.update(_VERSIONS)
    chosen = [flag for flag, on in (("--full", full), ("--plan", plan)) if on]
    options = " and ".join(chosen) or "neither --full nor --plan"
    return {
        "title": "alscriteria batch row (JSON Lines)",
        "description": (
            f"One assessed patient, one line of JSON Lines output, for the criteria sets "
            f"{', '.join(criteria)} with {options}. {_KEPT}"
        ),
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": True,
        "$defs": defs,
    }


def _history_row(criteria: Sequence[str], full: bool, plan: bool) -> dict[str, Any]:
    """The row of a history record (cohort/histories.py `history_row`): the last visit's
    categories and, per criteria set, when it was first met."""
    from alscriteria.history.result import HistoryResult, NextVisit

    defs: dict[str, Any] = {}
    date = {"type": "string", "format": "date"}
    maybe_date = {"type": ["string", "null"], "format": "date"}
    maybe_days = {"type": ["integer", "null"], "minimum": 0}
    properties: dict[str, Any] = {
        "line": {"type": "integer", "minimum": 1, "description": _LINE},
        "id": {"type": ["string", "number", "null"], "description": _ID},
        "kind": {"const": "history"},
        "visits": {"type": "integer", "minimum": 1},
        "onset": maybe_date,
        "first_visit": date,
        "last_visit": date,
    }
    for criteria_id in criteria:
        ladder = _ladder(criteria_id)
        course: dict[str, Any] = {
            "category": {"enum": ladder, "description": "at the last visit"},
            "met": {"type": "boolean", "description": "at the last visit"},
            "pattern_category": {"enum": ladder, "description": "at the last visit"},
            "first_met_visit": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "the visit number (from 1) at which it was first met",
            },
            "first_met_date": maybe_date,
            "days_from_first_visit": maybe_days,
            "days_from_onset": maybe_days,
            "category_at_first_visit": {"enum": ladder},
        }
        if plan:
            course["plan"] = _model_defs(Plan, defs)
        properties[criteria_id] = {
            "type": "object",
            "title": CRITERIA[criteria_id].title,
            "properties": course,
            "required": list(course),
            "additionalProperties": False,
        }
    properties["progression"] = {
        "type": "string",
        "description": "how the last visit's progression was known (docs/history.md)",
    }
    properties["warnings"] = {
        "type": "array",
        "items": {"type": "string", "pattern": _CODE},
        "description": _WARNINGS,
    }
    properties["phenotype"] = {"enum": list(get_args(PhenotypeCode)), "description": _PHENOTYPE}
    properties["readings"] = {"allOf": [_model_defs(Readings, defs)]}
    properties.update(_VERSIONS)
    required = list(properties)
    at_visit = {
        "type": "object",
        "properties": {
            "visit": {"type": "integer", "minimum": 1},
            "alsfrs_r_total": {"type": ["integer", "null"], "minimum": 0, "maximum": 48},
            "delta_fs": {"type": ["number", "null"]},
            "delta_fs_band": {"type": ["string", "null"]},
            "alsfrs_r_slope": {"type": ["number", "null"]},
            "alsfrs_r_slope_days": {"type": ["integer", "null"], "minimum": 1},
            "alsfrs_r_slope_short": {
                "type": ["boolean", "null"],
                "description": f"the slope's two forms are under {SLOPE_MINIMUM_MONTHS} "
                "calendar months apart: "
                "the monthly rate magnifies each point they differ by (criteria.md A.5)",
            },
            "mitos_stage": {"type": ["integer", "null"], "minimum": 0, "maximum": 4},
            "kings_stage": {"enum": [None, "1", "2A", "2B", "3", "4A", "4B"]},
        },
        "required": ["visit", *MEASURES],
        "additionalProperties": False,
    }
    properties["function"] = {
        "type": "object",
        "description": "present when a visit records the ALSFRS-R or staging milestones "
        "(docs/staging.md): the first and last visits that measured function, and the days "
        "from onset to the first visit showing each King's stage (an upper bound; null "
        "without onset or never shown)",
        "properties": {
            "first": at_visit,
            "last": at_visit,
            "days_from_onset_to_kings": {
                "type": "object",
                "properties": {s: {"type": ["integer", "null"]} for s in KINGS_STAGES},
                "additionalProperties": False,
            },
        },
        "required": ["first", "last", "days_from_onset_to_kings"],
        "additionalProperties": False,
    }
    if plan:
        properties["next_visit"] = _model_defs(NextVisit, defs)
    if full:
        properties["history"] = _model_defs(HistoryResult, defs)
        required.append("history")
    return {
        "title": "alscriteria batch row of a patient history (JSON Lines)",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": True,
        "$defs": defs,
    }


def _readings_enums() -> dict[str, list[str]]:
    schema = Readings.model_json_schema(mode="serialization")
    return {name: list(field.get("enum", [])) for name, field in schema["properties"].items()}


def _csv_row(criteria: Sequence[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "line": {"type": "string", "pattern": "^[1-9][0-9]*$", "description": _LINE},
        "id": {
            "type": "string",
            "description": _ID.replace("null when none", "empty when none")
            + "; text that a spreadsheet would run as a formula (starting with =, +, -, @, "
            "a tab or a carriage return) is written after a single quote",
        },
    }
    for criteria_id in criteria:
        ladder = _ladder(criteria_id)
        title = CRITERIA[criteria_id].title
        properties[f"{criteria_id}.category"] = {"enum": ladder, "description": title}
        properties[f"{criteria_id}.met"] = {"enum": ["true", "false"], "description": title}
        properties[f"{criteria_id}.pattern_category"] = {"enum": ladder, "description": title}
        properties[f"{criteria_id}.undecided"] = {
            "type": "string",
            "pattern": f"^(({'|'.join(ladder)})(\\|({'|'.join(ladder)}))+)?$",
            "description": _UNDECIDED + "; the categories joined with |, empty when decided",
        }
    properties["warnings"] = {
        "type": "string",
        "pattern": "^([a-z0-9_]+(;[a-z0-9_]+)*)?$",
        "description": _WARNINGS + "; joined with ;",
    }
    properties["phenotype"] = {"enum": list(get_args(PhenotypeCode)), "description": _PHENOTYPE}
    for option, allowed in _readings_enums().items():
        properties[f"readings.{option}"] = {"enum": allowed, "description": "reading of A.3.4"}
    properties.update(_VERSIONS)
    assert list(properties) == csv_columns(criteria), "the schema and the writer disagree"
    return {
        "title": "alscriteria batch row (CSV)",
        "description": (
            "One assessed patient, one row of CSV output, as the object a CSV reader makes of "
            "it ({column: cell}, every cell text). The header names the columns in this "
            f"order: {', '.join(properties)}. Each criteria set has the columns "
            f"<id>.{', <id>.'.join(SHORT_FIELDS)}. {_KEPT}"
        ),
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": {"type": "string"},
    }


_CELL_DATE = "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"
_CELL_COUNT = "^([1-9][0-9]*)?$"
_CELL_DAYS = "^([0-9]+)?$"


def _function_cells() -> dict[str, Any]:
    """Function and stage at the first and last visits that measured them (docs/staging.md);
    empty for a case, and for a history that records none."""
    from alscriteria.function.staging import DELTA_FS_CUTOFFS

    bands = sorted({band for cutoffs in DELTA_FS_CUTOFFS.values() for _, band in cutoffs})
    score = {"type": "string", "pattern": "^([0-9]|[1-3][0-9]|4[0-8])?$"}
    stage_mitos = {"enum": ["", "0", "1", "2", "3", "4"], "description": "MiToS (Chiò 2015)"}
    stage_kings = {
        "enum": ["", "1", "2A", "2B", "3", "4A", "4B"],
        "description": "King's (Roche 2012; from the ALSFRS-R, Balendra 2014)",
    }
    return {
        "alsfrs_r_total_first": {**score, "description": "ALSFRS-R total, first measured"},
        "alsfrs_r_total_last": {**score, "description": "ALSFRS-R total, last measured"},
        "delta_fs_last": {
            "type": "string",
            "pattern": "^(-?[0-9]+(\\.[0-9]+)?)?$",
            "description": "ΔFS at the last measured visit, points a month from onset",
        },
        "delta_fs_band_last": {"enum": ["", *bands], "description": "its band"},
        "mitos_stage_first": stage_mitos,
        "mitos_stage_last": stage_mitos,
        "kings_stage_first": stage_kings,
        "kings_stage_last": stage_kings,
    }


def _history_csv_row(criteria: Sequence[str]) -> dict[str, Any]:
    """A CSV row when the output has the history columns (cohort/history_csv.py): a
    history's row, or a case's with the history cells empty (`kind` says which)."""
    from typing import get_args

    from alscriteria.cohort.history_csv import (
        COURSE_FIELDS,
        KINDS,
        PATIENT_FIELDS,
        history_csv_columns,
    )
    from alscriteria.history.result import ProgressionSource

    case_row = _csv_row(criteria)["properties"]
    empty_or = {"date": _CELL_DATE, "count": _CELL_COUNT, "days": _CELL_DAYS}
    properties: dict[str, Any] = {"line": case_row["line"], "id": case_row["id"]}
    properties["kind"] = {"enum": list(KINDS), "description": "a history's row, or a case's"}
    properties["visits"] = {"type": "string", "pattern": empty_or["count"]}
    for name in ("onset", "first_visit", "last_visit"):
        properties[name] = {"type": "string", "pattern": _CELL_DATE, "description": "YYYY-MM-DD"}
    history_cells = ["visits", "first_visit", "last_visit", "progression"]
    for criteria_id in criteria:
        ladder = _ladder(criteria_id)
        for field in ("category", "met", "pattern_category", "undecided"):
            key = f"{criteria_id}.{field}"
            described = case_row[key]["description"] + " (a history: at its last visit)"
            properties[key] = {**case_row[key], "description": described}
        properties[f"{criteria_id}.first_met_visit"] = {
            "type": "string",
            "pattern": empty_or["count"],
            "description": "the visit number (from 1) at which it was first met; empty when "
            "never met",
        }
        properties[f"{criteria_id}.first_met_date"] = {"type": "string", "pattern": _CELL_DATE}
        for days in ("days_from_first_visit", "days_from_onset"):
            properties[f"{criteria_id}.{days}"] = {"type": "string", "pattern": empty_or["days"]}
        properties[f"{criteria_id}.category_at_first_visit"] = {"enum": ["", *ladder]}
        history_cells.append(f"{criteria_id}.category_at_first_visit")
    properties["progression"] = {
        "enum": ["", *get_args(ProgressionSource)],
        "description": "how the last visit's progression was known (docs/history.md)",
    }
    for key in ("warnings", "phenotype"):
        properties[key] = case_row[key]
    properties.update(_function_cells())
    for key in (k for k in case_row if k.startswith("readings.")):
        properties[key] = case_row[key]
    properties.update(_VERSIONS)
    assert list(properties) == history_csv_columns(criteria), "the schema and the writer disagree"
    course = [f"{cid}.{f}" for cid in criteria for f in COURSE_FIELDS[4:]]
    case_empty = [*PATIENT_FIELDS[1:], *course, "progression"]
    return {
        "title": "alscriteria batch row (CSV, with the history columns)",
        "description": (
            "One patient, one row of a CSV output that has the history columns (visit-row "
            "input, or JSON Lines whose first record is a history), as the object a CSV "
            f"reader makes of it. The header names the columns in this order: "
            f"{', '.join(properties)}. A case's row has kind 'case' and the history cells "
            f"empty. Empty cells are null values. {_KEPT}"
        ),
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": {"type": "string"},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": "history"}}},
                "then": {"properties": {k: {"minLength": 1} for k in history_cells}},
                "else": {"properties": {k: {"const": ""} for k in case_empty}},
            }
        ],
    }


def row_schema(
    output_format: CohortFormat | str = CohortFormat.JSONL,
    criteria: Sequence[str] | None = None,
    *,
    full: bool = False,
    plan: bool = False,
    histories: bool = False,
) -> dict[str, Any]:
    """The JSON Schema of one output row of `alscriteria batch` run with these options.

    `criteria` defaults to every criteria set (as `batch` does); `full` and `plan` are the
    options of the same name (JSON Lines only, as in `batch`). `histories` asks for the CSV
    row of an output with the history columns (JSON Lines rows of histories are always in
    the schema, as a second form).
    """
    fmt = CohortFormat(output_format)
    chosen = tuple(criteria or CRITERIA)
    unknown = [c for c in chosen if c not in CRITERIA]
    if unknown:
        raise ValueError(f"unknown criteria set {unknown[0]!r}; allowed: {', '.join(CRITERIA)}")
    if fmt is CohortFormat.CSV:
        if full or plan:
            raise ValueError("--full and --plan need JSON Lines output")
        return _history_csv_row(chosen) if histories else _csv_row(chosen)
    case_row = _jsonl_row(chosen, full, plan)
    history_row = _history_row(chosen, full, plan)
    defs = {**case_row.pop("$defs"), **history_row.pop("$defs")}
    return {
        "title": case_row["title"],
        "description": case_row["description"]
        + " A patient history (a record with visits) gives the second form instead.",
        "anyOf": [case_row, history_row],
        "$defs": defs,
    }


def error_row_schema() -> dict[str, Any]:
    """The JSON Schema of one line of the errors file (always JSON Lines, always ASCII)."""
    line, case_id, errors = ERROR_KEYS
    return {
        "title": "alscriteria batch error row",
        "description": (
            "One record that could not be assessed, in input order. Kept columns come "
            "first, as in the output rows, whenever the record could be read that far (not "
            "for bytes that are not UTF-8, text that is not JSON, or a CSV row with the wrong "
            "number of cells)."
        ),
        "type": "object",
        "properties": {
            line: {"type": "integer", "minimum": 1, "description": _LINE},
            case_id: {"type": ["string", "number", "null"], "description": _ID},
            errors: {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "what is wrong, each naming the field or CSV column",
            },
        },
        "required": [line, case_id, errors],
        "additionalProperties": True,
    }


__all__ = ["error_row_schema", "row_schema"]
