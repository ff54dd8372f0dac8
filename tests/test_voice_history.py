"""A history's sentences from its codes (issue 22 point 2): what `tests/test_voice.py` does
not show by itself. A change is worded by its own kind, from catalogue keys and sign codes;
dates give the same words from the core's `date` and from the JSON's ISO text; the JSON keeps
its keys where they were; and a cause restated at every visit rewords too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from alscriteria import evaluate_history
from alscriteria.assess.models.base import Worded
from alscriteria.history.result import Change
from alscriteria.wording.voice import english
from strategies import examples
from strategies.histories import patient_histories
from test_voice import assert_rewords, worded_models

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "alscriteria" / "examples"
HISTORIES = sorted(EXAMPLES.glob("history-*.json"))
EMPTY = {"bulbar": {}, "cervical": {}, "thoracic": {}, "lumbosacral": {}}


def _visit(day: str, **regions: Any) -> dict[str, Any]:
    return {"date": day, "motor_symptoms": True, "regions": {**EMPTY, **regions}}


def test_a_change_is_worded_by_its_own_kind_from_keys_and_codes() -> None:
    """The JSON's `kind` is the sentence's kind; muscles come as catalogue keys with their
    side, signs as codes, and the words name them (a worsening names only what is new)."""
    voice = english()
    worse = {
        "region": "lumbosacral",
        "kind": "lmn_worse",
        "before": ["weakness"],
        "after": ["wasting", "weakness", "medial_gastrocnemius (left)"],
        "muscles": ["medial_gastrocnemius (left)"],
        "new": ["wasting"],
    }
    assert voice.say("lmn_worse", worse)["text"] == (
        "lumbosacral: LMN findings worse: new wasting (atrophy) and newly denervated with "
        "reinnervation: Gastrocnemius (medial head) (left)"
    )
    umn = {"region": "bulbar", "kind": "umn_new_region", "before": [], "after": ["jaw_jerk"]}
    assert voice.say("umn_new_region", {**umn, "muscles": [], "new": ["jaw_jerk"]}) == {
        "text": "bulbar: UMN signs where there were none (Brisk jaw jerk)"
    }


def _core_fields(model: Worded) -> dict[str, Any]:
    """The fields as the core hands them to the voice: Python objects, dates as `date`."""
    return {n: getattr(model, n) for n in type(model).model_fields if n not in model.worded}


def _json_fields(model: Worded) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model.model_dump_json(exclude=set(model.worded)))
    return data


def test_dates_give_the_same_words_from_a_date_and_from_its_iso_text() -> None:
    """A change too soon (its visits' dates and `documentable_from`), a documentation and a
    revisit (`recorded_date`): the core passes `date`s, a front end ISO text."""
    history = {
        "id": "dates",
        "visits": [
            _visit("2024-01-15", cervical={"lmn_signs": ["weakness"]}),
            _visit("2024-03-15", cervical={"lmn_signs": ["weakness", "wasting"]}),
        ],
    }
    soon = evaluate_history(history).visits[1].progression
    assert soon.too_soon is not None
    restated = json.loads((EXAMPLES / "history-myelopathy-restated.json").read_text())
    later = evaluate_history(restated).visits[1]
    assert later.alternative_revisit is not None and later.progression.documented_by is not None
    voice = english()
    for model in (soon, later.progression, later.alternative_revisit):
        core, data = _core_fields(model), _json_fields(model)
        assert core != data  # the core's values are not the JSON's (dates, regions, models)
        assert voice.say(model.kind, core) == voice.say(model.kind, data) == {"text": model.text}
    assert "an examination from 2024-07-15 (6 months after visit 1)" in soon.text
    assert "new findings since visit 1 (2024-03-04) recorded it" in later.alternative_revisit.text


def test_worded_history_models_keep_their_keys_in_declaration_order() -> None:
    """Worded models are built without validation; their JSON still lists the keys in the
    order declared (`text` among the others, `region` first in a change)."""
    seen = set()
    for path in HISTORIES:
        result = evaluate_history(json.loads(path.read_text()))
        for model in worded_models(result):
            keys = list(json.loads(model.model_dump_json()))
            assert keys == list(type(model).model_fields), model.kind
            seen.add(type(model).__name__)
    assert {"Change", "AlternativeRevisit", "ProgressionBasis", "Staging", "NextVisit"} <= seen
    assert list(Change.model_fields)[:2] == ["region", "kind"]


def test_the_restated_cause_example_is_revisited_at_the_visit_and_the_next_one() -> None:
    restated = json.loads((EXAMPLES / "history-myelopathy-restated.json").read_text())
    result = evaluate_history(restated)
    plan = result.next_visit
    assert plan is not None and plan.reason == "revisit_alternative_diagnosis"
    assert plan.revisit == result.visits[-1].alternative_revisit
    assert plan.text.startswith("Another cause is recorded at the last visit (cervical")
    kinds = {c.kind for c in result.visits[-1].progression.documented_by.changes}  # type: ignore[union-attr]
    assert kinds == {"umn_new_region", "lmn_new_region", "lmn_worse"}
    assert_rewords(result)


@settings(max_examples=examples(25))
@given(history=patient_histories(1, function=True))
def test_a_cause_restated_at_every_visit_rewords(history: dict[str, Any]) -> None:
    """The same other cause at every visit: the revisit prompts, at the visits and as the
    next visit's plan, reword from their JSON like every other sentence."""
    for visit in history["visits"]:
        visit["alternative_diagnosis"] = "L5 radiculopathy"
        visit.pop("other_causes_excluded", None)
    assert_rewords(evaluate_history(history))
