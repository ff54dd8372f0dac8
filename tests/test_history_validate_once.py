"""A history's visits are validated once: the case as of a visit (EMG carried from earlier
visits, progression read from the course) is built from parts already validated and marked
as checked, and it assesses exactly as the same case validated whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import alscriteria
from alscriteria.case import model as case_model
from alscriteria.case.model import Case, parse_case
from alscriteria.history import findings as history_findings
from alscriteria.history import parse_history
from alscriteria.history.findings import case_as_of
from strategies import examples
from strategies.histories import patient_histories

ROOT = Path(__file__).resolve().parents[1]
HISTORY = json.loads((ROOT / "examples" / "history-limb-onset.json").read_text())


def _validate_whole(case: Case, emg: Any, progression: bool | None) -> Case:
    """What case_as_of did before: an unchecked copy, validated whole by evaluate_all."""
    return case.model_copy(update={"emg": emg, "progression": progression})


def test_each_visit_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted on both roads to a validated case: pydantic, and the fast reading of an
    ordinary case (case/fast.py) where it takes the case."""
    calls: list[int] = []
    original = Case.model_validate.__func__  # type: ignore[attr-defined]
    read_ordinary = case_model.read_ordinary

    def counting(cls: type[Case], *args: Any, **kwargs: Any) -> Case:
        calls.append(1)
        result: Case = original(cls, *args, **kwargs)
        return result

    def counting_fast(data: dict[str, Any]) -> Case | None:
        read = read_ordinary(data)
        if read is not None:
            calls.append(1)
        return read

    monkeypatch.setattr(Case, "model_validate", classmethod(counting))
    monkeypatch.setattr(case_model, "read_ordinary", counting_fast)
    alscriteria.evaluate_history(HISTORY)
    assert len(calls) == len(HISTORY["visits"])


@settings(max_examples=examples(25), deadline=None)
@given(history=patient_histories(1))
def test_the_case_as_of_a_visit_is_the_case_validated_whole(history: dict[str, Any]) -> None:
    parsed = parse_history(history)
    found = history_findings.visit_findings(parsed.visits, alscriteria.Readings())
    for visit, each in zip(parsed.visits, found, strict=True):
        for progression in (True, False, None):
            case = case_as_of(visit, each, progression)
            whole = parse_case(case.model_dump(warnings=False))
            assert case == whole
            assert case.checked or not visit.case.checked or case is not visit.case
            assert case.registry_input == whole.registry_input


@settings(max_examples=examples(15), deadline=None)
@given(history=patient_histories(2))
def test_histories_assess_as_when_each_case_was_validated_whole(
    history: dict[str, Any],
) -> None:
    fast = alscriteria.evaluate_history(history).model_dump_json()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history_findings, "with_studies", _validate_whole)
        slow = alscriteria.evaluate_history(history).model_dump_json()
    assert fast == slow


def test_too_many_studies_carried_are_still_refused_as_before() -> None:
    """A check that fails leaves the copy unchecked: parse_case then says what is wrong."""
    case = parse_case({"emg": [{"muscle": "biceps_brachii", "side": "left"}]})
    limit = case_model.LIMITS["emg_studies"]
    too_many = case.emg * (limit + 1)
    assert not case_model.with_studies(case, too_many, True).checked
    assert case_model.with_studies(case, case.emg, True).checked
