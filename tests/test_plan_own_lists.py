"""Embedding safety of the plan (issue 23's hard rule): one patient's plan never shares a
list or dict with another patient's result, nor with another criteria set's plan.

The upgrade paths depend on what the search reads of the region masks alone and are kept in
the engine memo for every case alike (`assess/explain/alternatives.py:upgrades_of`); a plan
hands them to its caller as copies with lists of their own (`planning.py:_own_paths`).
Before, a caller that cleared one path's findings in its result changed the next patient's
plan (found in session 10; the frozen model cannot be reassigned, but its lists could be
changed in place).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from pydantic import BaseModel

import alscriteria
from strategies import any_cases, examples

EXAMPLES = Path(__file__).parent.parent / "examples"


def _containers(value: Any) -> list[list[Any] | dict[str, Any]]:
    """Every list and dict inside a model, its sub-models walked."""
    found: list[list[Any] | dict[str, Any]] = []
    if isinstance(value, BaseModel):
        for item in value.__dict__.values():
            found.extend(_containers(item))
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            found.extend(_containers(item))
    elif isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_containers(item))
    return found


def _plans(case: dict[str, Any]) -> dict[str, Any]:
    return {k: a.plan for k, a in alscriteria.evaluate_all(case, plan=True).items()}


def _dumps(case: dict[str, Any]) -> dict[str, str]:
    found = alscriteria.evaluate_all(case, plan=True)
    return {k: a.model_dump_json() for k, a in found.items()}


def test_changing_one_plans_paths_leaves_the_next_patients_plan_alone() -> None:
    for name in ("probable.json", "possible.json", "als.json"):
        case = json.loads((EXAMPLES / name).read_text())
        expected = _dumps(case)
        paths = 0
        for plan in _plans(case).values():
            for upgrade in plan.upgrades:
                upgrade.add.clear()
                upgrade.needle_barred.append("tampered")
                paths += 1
        assert paths, name  # the example has paths to change
        assert _dumps(case) == expected, name


@settings(max_examples=examples(80), deadline=None)
@given(any_cases)
def test_no_list_of_a_plan_is_shared_with_another_plan(case: dict[str, Any]) -> None:
    """For every case: the lists and dicts of one evaluation's plans are not those of the
    next evaluation of the same case (every memo hit), nor of another criteria set's plan."""
    first = _plans(case)
    second = _plans(case)
    seen: dict[int, str] = {}
    for label, plans in (("first", first), ("second", second)):
        for cid, plan in plans.items():
            for container in _containers(plan):
                owner = seen.setdefault(id(container), f"{label} {cid}")
                assert owner == f"{label} {cid}", (owner, label, cid, container)
