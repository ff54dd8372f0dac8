"""What each endpoint answers, built from the core's results with no web type in sight.

The JSON of `evaluate` and `history` is the library's own (`model_dump(mode="json")`), so a
tool that calls the service reads what it would read from the CLI's `--json`. The page's
view is the chart page's view-model (words, not codes) with the chart page's body map cut
from the chart page itself: the page never draws or words anything on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from functools import cache
from typing import Any

from alscriteria.web import core

#: Where the chart page's body map (with its legend) begins and ends.
_MAP_START = '<figure class="map">'
_MAP_END = "</figure>"


def evaluate_payload(
    data: Any, readings: Mapping[str, str], criteria: tuple[str, ...] | None, plan: bool
) -> bytes:
    """The answer's body: the results as the CLI's `--json` writes them (compact), by the
    package's one encoder."""
    results = core.evaluate_all(data, dict(readings), criteria=criteria, plan=plan)
    return core.json_bytes_compact(results)


def history_payload(
    data: Any, readings: Mapping[str, str], criteria: tuple[str, ...] | None, plan: bool
) -> bytes:
    result = core.evaluate_history(data, dict(readings), criteria=criteria, plan=plan)
    return core.json_bytes_compact(result)


def report_page(
    data: Any,
    readings: Mapping[str, str],
    header: core.ChartHeader,
    when: dt.date,
    audit: bool,
) -> str:
    """The chart page, for a case or a history, exactly as `alscriteria report` writes it."""
    if isinstance(data, Mapping) and "visits" in data:
        result = core.evaluate_history(data, dict(readings), plan=True)
        return core.history_report(data, result, header, audit=audit)
    results = core.evaluate_all(data, dict(readings), plan=True)
    return core.case_report(data, results, when, header, audit=audit)


def case_view(data: Any, readings: Mapping[str, str], when: dt.date) -> dict[str, Any]:
    """The page's live result: the chart page's content in words, its body map, and the
    case as the case reader read it (`case`), which the page fills its form from: "Yes",
    " TRUE " or "FDI" in a file mean there what they mean to the CLI, because the page
    never reads the file's words itself."""
    case = core.parse_case(data)
    results = core.evaluate_all(case, dict(readings), plan=True)
    page = core.build_case_page(case, results, when)
    html = core.case_report(case, results, when)
    start = html.index(_MAP_START)
    end = html.index(_MAP_END, start) + len(_MAP_END)
    view = {
        field.name: plain(getattr(page, field.name))
        for field in dataclasses.fields(page)
        if field.name not in ("body_map", "codes", "header")
    }
    view["bodymap"] = html[start:end]
    view["case_id"] = next(iter(results.values())).case_id
    view["case"] = read_case(case)
    for shown_set in view["criteria"]:
        shown_set["missing_parts"] = missing_parts(results[shown_set["id"]])
    for shown, suggestion in zip(view["suggestions"], page.suggestions, strict=True):
        shown["grouped"] = [
            {"sets": [core.short_name(cid) for cid in ids], "reason": reason}
            for ids, reason, _code in suggestion.grouped
        ]
    return view


def missing_parts(assessment: Any) -> dict[str, Any]:
    """What a category lacks with the prerequisites apart from the rules, for the page to
    lay out as two lists: every prerequisite is required, while the rules are alternatives
    (A.3); one list under "the prerequisites, and any one of:" read as if they were one
    alternative among the patterns."""
    words = core.missing_words(assessment.missing, assessment.next_category)
    texts = [text for text, _codes in words.lines]
    gate = words.prerequisites
    return {
        "head": words.head + ":",
        "prerequisites_title": core.PREREQUISITES_ALL,
        "prerequisites": texts[:gate],
        "rules_title": core.RULES_AFTER.format(how=words.how) if gate else words.how,
        "rules": texts[gate:],
    }


def read_case(case: core.Case) -> dict[str, Any]:
    """The case as read: only the fields the file gave (a finding left out stays unknown),
    each in the model's own value (true for "Yes", the catalogue key for "FDI")."""
    read: dict[str, Any] = case.model_dump(mode="json", exclude_unset=True)
    return read


#: What the page's timeline shows of the history page (the last visit is opened as a case).
_HISTORY_FIELDS = (
    "patient",
    "onset",
    "first_visit",
    "last_visit",
    "visit_count",
    "minimum_months",
    "titles",
    "visits",
    "course",
    "next_visit",
    "red_flags",
)


def history_view(data: Any, readings: Mapping[str, str]) -> dict[str, Any]:
    """The page's timeline: the history page's content in words."""
    result = core.evaluate_history(data, dict(readings), plan=True)
    page = core.build_history_page(data, result)
    return {name: plain(getattr(page, name)) for name in _HISTORY_FIELDS}


def plain(value: Any) -> Any:
    """A view-model value as JSON: dataclasses as objects, enums as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def health() -> dict[str, Any]:
    engine = core.engine_in_use()
    return {
        "status": "ok",
        "package_version": core.__version__,
        "rules_version": core.RULES_VERSION,
        "engine": {"name": engine.name, "version": engine.version},
    }


@cache
def vocabulary() -> dict[str, Any]:
    """What the page offers, from the package's own data: the regions and the signs each
    can show, the EMG findings, the muscle catalogue with every alias the case reader
    accepts, the readings and the criteria sets."""
    words = core.vocabularies()
    return {
        "regions": [
            {"id": region, "label": label, "umn_signs": list(core.region_signs(region))}
            for region, label in words["regions"].items()
        ],
        "labels": words,
        "muscles": muscles(),
        "names": muscle_names(),
        "readings": {k: list(v) for k, v in core.Readings.options().items()},
        "reading_words": reading_words(),
        "criteria": [{"id": key, "title": c.title} for key, c in core.CRITERIA.items()],
    }


def reading_words() -> dict[str, dict[str, Any]]:
    """Each disputed reading (A.3.4) as the clinic says it: the option's title (the CLI's and
    the chart page's) and each value's meaning. The page shows these and sends the names."""
    return {
        option: {
            "title": core.READING[option],
            "values": {value: core.reading_value(option, value) for value in values},
        }
        for option, values in core.Readings.options().items()
    }


def muscles() -> list[dict[str, Any]]:
    """The catalogue as `alscriteria muscles --json` lists it."""
    aliases = core.muscle_aliases()
    return [
        {
            "key": m.key,
            "name": m.name,
            "region": m.region.value,
            "roots": sorted(m.roots, key=core.root_sort_key),
            "nerve": m.nerve,
            "aliases": list(aliases.get(m.key, ())),
        }
        for m in core.catalogue().values()
    ]


def muscle_names() -> dict[str, str]:
    """Every accepted name of a muscle in its matching form (`alias_form`) -> its key: the
    page resolves "FDI" or "tib ant" as the case reader does."""
    index: dict[str, str] = {}
    for m in core.catalogue().values():
        index[core.alias_form(m.key)] = m.key
        index[core.alias_form(m.name)] = m.key
    for key, names in core.muscle_aliases().items():
        for name in names:
            index[core.alias_form(name)] = key
    return index


__all__ = [
    "case_view",
    "evaluate_payload",
    "health",
    "history_payload",
    "history_view",
    "plain",
    "report_page",
    "vocabulary",
]
