"""The history input: one patient's dated visits, each a case in the Case JSON format.

A visit is today's case (the findings of that examination and any EMG done at it) plus its
`date`; the patient's `id` and the `onset` of the first symptom belong to the history. Each
visit is read by the case's own parser, so a visit accepts exactly what `alscriteria
evaluate` accepts and its messages name the visit (`visits[1].regions.cervical...`).
Dates must rise from visit to visit: a history out of order would compare findings in the
wrong direction, so it is refused with the visits named rather than sorted silently.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from alscriteria.anatomy.catalogue import case_limits
from alscriteria.case.model import Case, parse_case
from alscriteria.case.words import nearest
from alscriteria.errors import InvalidCaseError
from alscriteria.files.json_input import json_kind, shown
from alscriteria.function.record import FUNCTION_KEYS, VisitFunction, parse_visit_function

#: The most visits one history may hold: a patient seen monthly for 20 years, well past any
#: real diagnostic course; the bound keeps one hostile record from costing hours.
MAX_VISITS = 240

HISTORY_KEYS = ("id", "onset", "visits")
#: Keys a case has and a history does not: a file holding them and no visits is a case.
CASE_ONLY_KEYS = frozenset(
    {"progression", "other_causes_excluded", "alternative_diagnosis", "regions", "emg"}
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidHistoryError(InvalidCaseError):
    """The history does not follow its format; `problems` names each field at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.args = ("invalid history:\n" + "\n".join(f"  - {p}" for p in self.problems),)


class Visit(BaseModel):
    """One dated examination: the case as recorded at it, and what it recorded of function
    (the ALSFRS-R, the staging milestones; docs/staging.md), which never enters the case."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    date: date
    case: Case
    function: VisitFunction | None = None


class History(BaseModel):
    """One patient's visits, in date order (checked by `parse_history`)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str | None = None
    onset: date | None = None
    visits: tuple[Visit, ...]

    def __eq__(self, other: object) -> bool:
        """Equal visits, whatever made them (the validation mark is not a finding)."""
        if not isinstance(other, History):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # visits hold cases, which are unhashable

    @property
    def checked(self) -> bool:
        """Whether `parse_history` made this very instance (not a copy or a construct)."""
        private = self.__pydantic_private__
        return private is not None and private.get("_checked") == id(self.__dict__)


def _checked(history: History) -> History:
    """Marks a history that passed every check (order, dates, onset, each visit's case)."""
    object.__setattr__(history, "__pydantic_private__", {"_checked": id(history.__dict__)})
    return history


def _as_data(history: History) -> dict[str, Any]:
    """A History built or changed without validation, as the mapping it stands for, so that
    it is checked like any other input: a reordered copy must not be read backwards."""
    try:
        visits = [
            {
                "date": visit.date,
                **{k: v for k, v in visit.case.model_dump(warnings=False).items() if k != "id"},
                **(visit.function.model_dump(exclude_none=True) if visit.function else {}),
            }
            for visit in history.visits
        ]
        return {"id": history.id, "onset": history.onset, "visits": visits}
    except Exception as exc:  # values no History field could hold
        raise InvalidHistoryError(
            [f"history: a History built without validation holds unusable values ({shown(exc)})"]
        ) from None


#: The dates a visit or an onset may carry. Far wider than any patient's life, and far enough
#: inside the calendar's end that the arithmetic of a plan (a visit years ahead) cannot
#: overflow it.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def read_date(value: object, where: str) -> tuple[date | None, str | None]:
    """(date, None) for an ISO calendar date written YYYY-MM-DD; (None, why) otherwise."""
    if isinstance(value, date) and type(value) is date:
        when = value
    elif not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        return None, f"{where}: {shown(value)} is not a date; write it YYYY-MM-DD (2024-03-15)"
    else:
        try:
            when = date.fromisoformat(value.strip())
        except ValueError:
            return None, f"{where}: {shown(value)} is not a calendar date (YYYY-MM-DD)"
    if not EARLIEST_DATE <= when <= LATEST_DATE:
        return None, (
            f"{where}: {when.isoformat()} is outside the dates a visit or onset may have "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
        )
    return when, None


def _located(index: int, problem: str) -> str:
    """A case parser's message, placed in its visit: "case: ..." or "regions..." as
    "visits[1]: ..." or "visits[1].regions..."."""
    here = f"visits[{index}]"
    if problem.startswith("case:"):
        return here + problem.removeprefix("case")
    if problem.startswith("["):
        return here + problem
    return f"{here}.{problem}"


def _visit(index: int, raw: object, history_id: str | None, problems: list[str]) -> Visit | None:
    here = f"visits[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(
            f"{here}: expected a JSON object (a case with its date), got {json_kind(raw)}"
        )
        return None
    when: date | None = None
    problem: str | None = f"{here}.date: required field is missing (YYYY-MM-DD)"
    if "date" in raw:
        when, problem = read_date(raw["date"], f"{here}.date")
    if problem:
        problems.append(problem)
    fields = {k: v for k, v in raw.items() if k != "date" and k not in FUNCTION_KEYS}
    function = _function(index, raw, when, problems)
    given_id = fields.get("id")
    if given_id is not None and given_id != history_id:
        problems.append(
            f"{here}.id: {shown(given_id)} is not the history's id ({shown(history_id)}); "
            "the patient's id is given once, at the top of the history"
        )
    fields["id"] = history_id
    try:
        case = parse_case(fields)
    except InvalidCaseError as exc:
        problems.extend(_located(index, p) for p in exc.problems)
        return None
    return Visit(date=when, case=case, function=function) if when is not None else None


def _function(
    index: int, raw: Mapping[str, Any], when: date | None, problems: list[str]
) -> VisitFunction | None:
    """The visit's function fields, checked: a milestone cannot be dated after the visit
    that records it (the staging would read a future event into the visit)."""
    given = {k: v for k, v in raw.items() if k in FUNCTION_KEYS}
    if not given:
        return None
    here = f"visits[{index}]"
    try:
        function = parse_visit_function(given)
    except InvalidCaseError as exc:
        problems.extend(f"{here}.{p}" for p in exc.problems)
        return None
    if when is not None:
        dated = {
            "gastrostomy.date": function.gastrostomy.date if function.gastrostomy else None,
            "niv.date": function.niv.date if function.niv else None,
            "diagnosis_date": function.diagnosis_date,
        }
        for field, day in dated.items():
            if day is not None and day > when:
                problems.append(
                    f"{here}.{field}: {day.isoformat()} is after the visit ({when.isoformat()}); "
                    "a visit records what happened by its date"
                )
    return function


def _order_problems(visits: list[Visit]) -> list[str]:
    """Every pair of neighbouring visits whose dates do not rise, named by index and date."""
    out = []
    for i in range(1, len(visits)):
        before, after = visits[i - 1].date, visits[i].date
        if after < before:
            out.append(
                f"visits[{i}] ({after.isoformat()}) is dated before visits[{i - 1}] "
                f"({before.isoformat()}): list the visits in date order, earliest first"
            )
        elif after == before:
            out.append(
                f"visits[{i}] and visits[{i - 1}] are both dated {after.isoformat()}: one "
                "examination is one visit (merge their findings)"
            )
    return out


def parse_history(data: History | Mapping[str, Any]) -> History:
    """Validate a mapping (parsed JSON) into a History, or raise InvalidHistoryError.

    A History that this function did not make (`model_copy(update=...)`, `model_construct`)
    is checked again, as a Case is.
    """
    if isinstance(data, History):
        if data.checked:
            return data
        data = _as_data(data)
    if not isinstance(data, Mapping):
        raise InvalidHistoryError(
            [f"history: expected a JSON object with visits, got {json_kind(data)}"]
        )
    if "visits" not in data and CASE_ONLY_KEYS.intersection(data):
        # A case file given where a history is expected: one message that says so beats a
        # list of its keys refused one by one.
        raise InvalidHistoryError(
            [
                "history: this is one case, not a history (case fields and no 'visits'): "
                "evaluate it as a case (alscriteria evaluate FILE), or write each examination "
                'as a dated visit: {"visits": [{"date": "YYYY-MM-DD", ...case fields...}]}'
            ]
        )
    problems: list[str] = []
    for key in data:
        if key not in HISTORY_KEYS:
            hint = nearest(str(key), list(HISTORY_KEYS))
            did_you_mean = f" (did you mean {hint!r}?)" if hint else ""
            problems.append(
                f"history: unknown key {shown(key)}{did_you_mean}; allowed keys: "
                f"{', '.join(HISTORY_KEYS)} (the findings go inside each visit)"
            )
    history_id = data.get("id")
    limit = case_limits()["text"]
    if history_id is not None and not isinstance(history_id, str):
        problems.append(f"id: {shown(history_id)} is not allowed here; allowed: text")
        history_id = None
    elif history_id is not None and len(history_id) > limit:
        problems.append(f"id: at most {limit} characters (got {len(history_id)})")
        history_id = None
    onset = None
    if data.get("onset") is not None:
        onset, problem = read_date(data["onset"], "onset")
        if problem:
            problems.append(problem)
    raw_visits = data.get("visits")
    visits: list[Visit] = []
    if raw_visits is None:
        problems.append("visits: required field is missing (a list of dated visits)")
    elif not isinstance(raw_visits, list | tuple):
        problems.append(f"visits: {shown(raw_visits)} is not allowed here; allowed: a list")
    elif not raw_visits:
        problems.append("visits: a history needs at least one visit")
    elif len(raw_visits) > MAX_VISITS:
        problems.append(
            f"visits: at most {MAX_VISITS} visits in one history (got {len(raw_visits)})"
        )
    else:
        parsed = [_visit(i, v, history_id, problems) for i, v in enumerate(raw_visits)]
        if all(v is not None for v in parsed):
            visits = [v for v in parsed if v is not None]
            problems.extend(_order_problems(visits))
    if onset is not None and visits and onset > visits[0].date:
        problems.append(
            f"onset ({onset.isoformat()}) is after the first visit (visits[0], "
            f"{visits[0].date.isoformat()}): the first symptom comes before the first visit"
        )
    if onset is not None:
        problems.extend(_before_onset(visits, onset))
    if problems:
        raise InvalidHistoryError(problems)
    return _checked(History(id=history_id, onset=onset, visits=tuple(visits)))


def _before_onset(visits: list[Visit], onset: date) -> list[str]:
    """Milestones dated before the first symptom: a diagnosis, a gastrostomy or NIV cannot
    come before the disease began, and King's staging would read them as stage 4 (or the
    diagnosis as 2A) from the onset on, so the date is refused with its field named."""
    out = []
    for index, visit in enumerate(visits):
        function = visit.function
        if function is None:
            continue
        dated = {
            "gastrostomy.date": function.gastrostomy.date if function.gastrostomy else None,
            "niv.date": function.niv.date if function.niv else None,
            "diagnosis_date": function.diagnosis_date,
        }
        for field, day in dated.items():
            if day is not None and day < onset:
                out.append(
                    f"visits[{index}].{field}: {day.isoformat()} is before the onset "
                    f"({onset.isoformat()}); a milestone comes after the first symptom"
                )
    return out


def history_schema() -> dict[str, Any]:
    """JSON Schema of the history input, built from the case's own schema (one source)."""
    visit = copy.deepcopy(Case.model_json_schema())
    definitions = visit.pop("$defs", {})
    visit["title"] = "Visit"
    visit["description"] = (
        "One examination: a case (its findings and any EMG done at it) and its date, and "
        "what it recorded of function (alsfrs_r, gastrostomy, niv, diagnosis_date, "
        "functional_involvement: docs/staging.md). An id, if given, must be the history's."
    )
    function = copy.deepcopy(VisitFunction.model_json_schema())
    definitions.update(function.pop("$defs", {}))
    visit["properties"] = {
        "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
        **visit["properties"],
        **function["properties"],
    }
    visit["required"] = ["date", *visit.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "History",
        "description": "One patient's dated visits, earliest first (docs/history.md).",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "null"], "maxLength": case_limits()["text"]},
            "onset": {
                "type": ["string", "null"],
                "format": "date",
                "description": "date of the first symptom (YYYY-MM-DD), on or before visit 1",
            },
            "visits": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_VISITS,
                "items": {"$ref": "#/$defs/Visit"},
                "description": "strictly rising dates",
            },
        },
        "required": ["visits"],
        "$defs": {**definitions, "Visit": visit},
    }


__all__ = [
    "MAX_VISITS",
    "History",
    "InvalidHistoryError",
    "Visit",
    "history_schema",
    "parse_history",
    "read_date",
]
