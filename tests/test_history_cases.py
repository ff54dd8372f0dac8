"""Each visit's result keeps the case it was evaluated on, outside the JSON: the history page
draws that very case instead of rebuilding it from the history, a result read back from JSON
(which holds no cases) still gives the same page, and the document and its schema are as
they were."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from alscriteria.assess import evaluate as assess_evaluate
from alscriteria.case.model import Case
from alscriteria.history import evaluate as history_evaluate
from alscriteria.history import evaluate_history
from alscriteria.history.result import HistoryResult, history_result_schema
from alscriteria.report import history as report_history
from alscriteria.report import history_report
from strategies import examples
from strategies.histories import patient_histories

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = sorted((ROOT / "examples").glob("history-*.json"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _refuse(*_: object, **__: object) -> Any:
    raise AssertionError("the report rebuilt the last visit's case from the history")


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: p.stem)
def test_each_visit_keeps_the_case_its_assessments_were_evaluated_on(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    seen: list[Case] = []
    original = assess_evaluate.evaluate_all

    def spying(case: Case, *args: Any, **kwargs: Any) -> Any:
        seen.append(case)
        return original(case, *args, **kwargs)

    monkeypatch.setattr(history_evaluate, "evaluate_all", spying)
    result = evaluate_history(_load(path))
    assert len(seen) == len(result.visits)
    for visit, case in zip(result.visits, seen, strict=True):
        assert visit.evaluated_case is case and case.checked


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: p.stem)
def test_the_page_draws_the_case_evaluated_without_rebuilding_it(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    history = _load(path)
    result = evaluate_history(history)
    expected = history_report(history, result)
    drawn: list[object] = []
    original = report_history.build_case_page

    def spying(case: Case, *args: Any, **kwargs: Any) -> Any:
        drawn.append(case)
        return original(case, *args, **kwargs)

    monkeypatch.setattr(report_history, "build_case_page", spying)
    for rebuild in ("parse_history", "visit_findings", "case_as_of"):
        monkeypatch.setattr(report_history, rebuild, _refuse)
    assert history_report(history, result) == expected
    assert drawn == [result.visits[-1].evaluated_case]
    assert drawn[0] is result.visits[-1].evaluated_case


@settings(max_examples=examples(15), deadline=None)
@given(history=patient_histories(2))
def test_a_result_read_back_from_json_gives_the_same_page(history: dict[str, Any]) -> None:
    """The JSON holds no cases: the page then rebuilds the last visit's case from the history,
    as evaluate_history built it, and says exactly what it says for the result evaluated."""
    result = evaluate_history(history)
    again = HistoryResult.model_validate_json(result.model_dump_json())
    assert all(v.evaluated_case is None for v in again.visits)
    assert again == result  # equality compares the documents, not the cases kept beside
    assert history_report(history, again) == history_report(history, result)


def test_the_case_is_not_in_the_document_nor_its_schema() -> None:
    result = evaluate_history(_load(ROOT / "examples" / "history-limb-onset.json"))
    visit_schema = history_result_schema()["$defs"]["VisitResult"]
    dumped = result.model_dump(mode="json")["visits"][0]
    assert set(dumped) == set(visit_schema["properties"])
    assert not {"case", "_case", "evaluated_case"} & set(visit_schema["properties"])
    assert "evaluated_case" not in result.model_dump_json()
    with pytest.raises(ValueError, match="case"):  # nor read back, were a file to hold it
        HistoryResult.model_validate(
            {**result.model_dump(mode="json"), "visits": [{**dumped, "case": {}}]}
        )


def test_the_case_survives_a_copy_and_a_pickle() -> None:
    """A worker that sends a result back, or a caller that copies it, keeps the case."""
    result = evaluate_history(_load(ROOT / "examples" / "history-pure-lmn.json"))
    case = result.visits[-1].evaluated_case
    assert case is not None
    for copied in (result.model_copy(deep=True), pickle.loads(pickle.dumps(result))):
        assert copied.visits[-1].evaluated_case == case
        assert copied == result
