"""Every sentence a reader sees comes from a template and reads as English (issue 19, 1).

A code must never reach the reader as words ("fasciculations alone are not clinical lmn
studied"), a sentence must never break off ("EMG of the lumbosacral region is (A.2: ..."),
and a placeholder must never stay unfilled. Two halves: every code the engine can emit has
its template (read from the rules and the source, not from a hand list), and every rendered
note, warning and plan line, in the terminal text, the JSON text fields and the HTML page,
passes the same checks over generated cases. Both iterate over the wording tables and the
source, so wording added later is covered without editing this file.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import itertools
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console
from rich.table import Table

from alscriteria import CRITERIA, evaluate_all, wording
from alscriteria.assess.models.advice import PlanReason
from alscriteria.case.readings import Readings
from alscriteria.cli.timeline import timeline_report
from alscriteria.history import evaluate_history
from alscriteria.report import case_report, history_report
from strategies import examples
from strategies.variants import reported_cases
from test_history import visit_lists
from wording_helpers import BOX as _BOX
from wording_helpers import json_texts, page_texts, problems, terminal_text

SRC = Path(__file__).parents[1] / "src" / "alscriteria"


@pytest.mark.parametrize(
    "bad",
    [
        "fasciculations alone are not clinical lmn studied: fasciculations_alone",
        "Also fired (did not decide): revised-el-escorial.possible_one_region",
        "EMG of the lumbosacral region is (A.2: fasciculations alone prompt EMG)",
        "UMN signs in the the cervical region",
        "EMG of {regions}",
    ],
)
def test_the_checks_catch_each_kind_of_broken_wording(bad: str) -> None:
    assert problems(bad)


@pytest.mark.parametrize(
    "good",
    [
        "[docs/criteria.md B.4.2 (S40); needle_cautions.csv]",
        "with \u201cUMN-above-LMN gap\u201d set to residual-possible",
        "Tibialis anterior (right) and Gastrocnemius (medial head) (right)",
    ],
)
def test_the_checks_let_clean_wording_pass(good: str) -> None:
    assert problems(good) == []


# --- every template, rendered with sample values --------------------------------------


def _templates() -> Iterator[tuple[str, str]]:
    """Every string of every wording table (module-level dicts named in capitals), however
    deeply held: a table added later is found here without a hand list."""
    import importlib
    import pkgutil

    def leaves(name: str, value: object) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from leaves(f"{name}[{key!r}]", item)
        elif isinstance(value, tuple | list):
            for i, item in enumerate(value):
                yield from leaves(f"{name}[{i}]", item)

    rooms = [f"{wording.__name__}.{m.name}" for m in pkgutil.iter_modules(wording.__path__)]
    seen: set[int] = set()  # a table one room imports from another is read once
    for module in map(importlib.import_module, rooms):
        for name, table in vars(module).items():
            if name.isupper() and isinstance(table, dict) and id(table) not in seen:
                seen.add(id(table))
                yield from leaves(f"{module.__name__}.{name}", table)


def _filled(template: str) -> str:
    """The template with each placeholder given a distinct sample value."""
    names = [field for _, field, _, _ in string.Formatter().parse(template) if field]
    samples = {name: f"sample{chr(97 + i)}" for i, name in enumerate(dict.fromkeys(names))}
    return template.format(**samples)


TEMPLATES = list(_templates())


def test_the_wording_tables_are_found() -> None:
    names = {name.split("[")[0].rsplit(".", 1)[1] for name, _ in TEMPLATES}
    assert {"NOTE", "SHORTFALL", "PLAN_ITEM", "PLAN_REASON", "MUSCLE_REASON", "OPEN_EMG"} <= names
    assert {"EVIDENCE", "RULE_IN_WORDS"} <= names


@pytest.mark.parametrize(("where", "template"), TEMPLATES, ids=[w for w, _ in TEMPLATES])
def test_every_template_renders_clean(where: str, template: str) -> None:
    assert problems(_filled(template)) == [], where


# --- every code the engine can emit has its template ----------------------------------


def _all_readings() -> list[Readings]:
    options = Readings.options()
    return [
        Readings(**dict(zip(options, values, strict=True)))
        for values in itertools.product(*options.values())
    ]


def test_every_requirement_of_every_rule_has_a_shortfall_template() -> None:
    for cset, readings in itertools.product(CRITERIA.values(), _all_readings()):
        for rule in cset.rules(readings):
            for req in rule.requirements:
                assert req.code in wording.SHORTFALL, (rule.id, req.code)


def test_every_plan_reason_has_its_wording() -> None:
    assert set(get_args(PlanReason)) == set(wording.PLAN_REASON)


def test_every_reading_has_its_wording() -> None:
    assert set(Readings.options()) == set(wording.READING)


#: The functions that word a code, and the table each reads.
_WORDED_BY = {
    "_note": wording.NOTE,
    "note": wording.NOTE,
    "make_note": wording.NOTE,
    "_item": wording.PLAN_ITEM,
    "item_for": wording.PLAN_ITEM,
    "item": wording.PLAN_ITEM,  # the plan's words (assess/plan/words.py: words.item)
    "plan_item": wording.PLAN_ITEM,
    "muscle_reason": wording.MUSCLE_REASON,
    "plan_reason": wording.PLAN_REASON,
    "shortfall": wording.SHORTFALL,
}


def _codes(node: ast.expr) -> Iterator[str | re.Pattern[str]]:
    """The codes an argument can be: literals, both arms of a conditional, and an f-string as
    a pattern (its fixed parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _codes(node.body)
        yield from _codes(node.orelse)
    elif isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values]
        yield re.compile("".join(parts))


def _coded_calls() -> Iterator[tuple[str, str | re.Pattern[str], dict[str, Any]]]:
    for path in SRC.rglob("*.py"):
        if "wording" in path.relative_to(SRC).parts:
            continue
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            table = _WORDED_BY.get(name)
            if table is None:
                continue
            args = list(call.args[:1]) + [k.value for k in call.keywords if k.arg == "wording_of"]
            for arg in args:
                for code in _codes(arg):
                    yield f"{path.name}:{call.lineno}", code, table


def test_every_code_the_source_words_has_a_template() -> None:
    calls = list(_coded_calls())
    assert len(calls) > 20  # the scan finds the calls (notes, red flags, plan items)
    for where, code, table in calls:
        if isinstance(code, str):
            assert code in table, (where, code)
        else:
            assert any(code.fullmatch(key) for key in table), (where, code.pattern)


def test_an_unknown_code_raises_instead_of_printing_its_words() -> None:
    for call in (
        lambda: wording.note("no_such_note"),
        lambda: wording.shortfall("no_such_requirement", 1, 2),
        lambda: wording.open_emg("cervical", ["no_such_question"]),
        lambda: wording.waits_on(["no_such_prerequisite"]),
        lambda: wording.upgrade_path([("cervical", "no_such_evidence")], "weakness_or_wasting"),
        lambda: wording.plan_item("no_such_item"),
    ):
        with pytest.raises(KeyError):
            call()


# --- every rendered sentence, over generated cases ------------------------------------


def _check(where: str, texts: Iterator[str] | list[str]) -> None:
    for text in texts:
        assert problems(text) == [], (where, text)


@settings(
    max_examples=examples(120),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reported_cases())
def test_every_rendered_sentence_is_clean(case: dict[str, Any]) -> None:
    results = evaluate_all(case, plan=True)
    _check("terminal", [terminal_text(results)])
    for a in results.values():
        _check(f"json {a.criteria}", json_texts(a.model_dump(mode="json")))
        # the words the terminal and the page build from codes at the edge
        _check(
            f"missing {a.criteria}",
            [t for t, _ in wording.missing_words(a.missing, a.next_category).lines],
        )
    # the rule engine's own name (durable_rules) is a product's name, not a code of ours
    engine = next(iter(results.values())).engine.name
    page = case_report(case, results, dt.date(2024, 5, 1))
    _check("page", [t.replace(engine, "") for t in page_texts(page)])


GOLDEN_PAGES = sorted((Path(__file__).parent / "golden" / "report").glob("*.html"))


@pytest.mark.parametrize("path", GOLDEN_PAGES, ids=[p.stem for p in GOLDEN_PAGES])
def test_every_frozen_page_reads_clean(path: Path) -> None:
    """The frozen case, history and cohort pages (a garbled sentence was once frozen in one):
    the history and cohort templates are checked here, the case page also over generated
    cases above."""
    html = path.read_text(encoding="utf-8")
    _check(path.name, [t.replace("durable_rules", "") for t in page_texts(html)])


@settings(
    max_examples=examples(40),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(visit_lists())
def test_every_rendered_sentence_of_a_history_is_clean(visits: list[dict[str, Any]]) -> None:
    """A history's sentences (progression, changes, next visit) in the terminal timeline and
    on the history page: the same checks as a single visit's."""
    history = {"id": "P-1", "visits": visits}
    result = evaluate_history(history, plan=True)
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, no_color=True, color_system=None)
    for part in timeline_report(result).renderables:
        if not isinstance(part, Table):  # tables of yes, no and categories
            console.print(part)
    _check("timeline", [" ".join(_BOX.sub(" ", buffer.getvalue()).split())])
    engine = result.visits[0].results["awaji"].engine.name
    _check(
        "history page", [t.replace(engine, "") for t in page_texts(history_report(history, result))]
    )
