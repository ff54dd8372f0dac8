"""Codes in the core, words at the edge (issue 22): every sentence in a result is made by the
installed voice from codes and values that the result itself carries.

The property: for every worded model in an Assessment (plan included) or a history result,
the English voice given that model's JSON without its worded fields gives those fields back.
It fails when the core bakes a phrase into a value (the JSON would then carry words, not
codes), or when the words need something the JSON does not carry (a second front end could
not reword it).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from alscriteria import evaluate_all, evaluate_history
from alscriteria import voice as core_voice
from alscriteria.assess.models.base import Worded
from alscriteria.case.readings import Readings
from alscriteria.wording.voice import Tables, english
from strategies import any_cases, examples, readings
from strategies.histories import patient_histories
from strategies.planning import planned_cases

TESTS = Path(__file__).parent
EXAMPLES = TESTS.parent / "src" / "alscriteria" / "examples"


def worded_models(value: Any) -> Iterator[Worded]:
    """Every worded model reachable from `value`, built fields (computed) included."""
    if isinstance(value, BaseModel):
        if isinstance(value, Worded):
            yield value
        names = [*type(value).model_fields, *type(value).model_computed_fields]
        for name in names:
            yield from worded_models(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from worded_models(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from worded_models(item)


def reworded(model: Worded, voice: Tables) -> dict[str, Any]:
    """The worded fields made again from the model's JSON alone, as another front end would."""
    data = json.loads(model.model_dump_json(exclude=set(model.worded)))
    return voice.say(type(model).voice_kind(data), data)


def assert_rewords(result: Any) -> int:
    voice = english()
    count = 0
    for model in worded_models(result):
        worded = {name: getattr(model, name) for name in model.worded}
        assert reworded(model, voice) == worded, (model.kind, model.model_dump(mode="json"))
        count += 1
    return count


@settings(max_examples=examples(60))
@given(case=st.one_of(any_cases, planned_cases()), chosen=readings)
def test_every_sentence_of_an_assessment_is_made_from_its_codes(
    case: dict[str, Any], chosen: Readings
) -> None:
    assert_rewords(evaluate_all(case, chosen, plan=True))


@settings(max_examples=examples(25))
@given(history=patient_histories(1, function=True))
def test_every_sentence_of_a_history_is_made_from_its_codes(history: dict[str, Any]) -> None:
    assert_rewords(evaluate_history(history))


def _hand_worked() -> Iterator[Any]:
    """The bundled examples, the situations and the golden cases, each evaluated."""
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text())
        if "visits" in data:
            yield evaluate_history(data)
        elif "regions" in data:
            yield evaluate_all(data, plan=True)
    for folder in ("situations", "golden"):
        for path in sorted((TESTS / folder).glob("*.json")):
            spec = json.loads(path.read_text())
            yield evaluate_all(spec["case"], spec.get("readings"), plan=True)


def test_the_hand_worked_cases_reach_every_kind_of_sentence() -> None:
    """The properties above are not vacuous: the hand-worked cases reach every kind the
    English voice words, and each rewords from its JSON."""
    kinds: set[str] = set()
    for result in _hand_worked():
        assert_rewords(result)
        kinds |= {m.kind for m in worded_models(result)}
    assert kinds == set(english().kinds), sorted(set(english().kinds) - kinds)


def test_a_voice_is_loaded_once_and_on_first_use() -> None:
    """The package face installs the English tables but loads them only when a sentence is
    needed; threads racing the first load each get a voice, and one is kept."""
    seen: list[object] = []
    loads: list[int] = []

    def loader() -> Tables:
        loads.append(1)
        return english()

    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(loader)
        assert loads == []
        threads = [
            threading.Thread(target=lambda: seen.append(core_voice.voice())) for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert 1 <= len(loads) <= 8 and len(seen) == 8
        assert all(isinstance(v, Tables) for v in seen)
        assert core_voice.voice() is core_voice.voice()  # kept once loaded
        core_voice.install(english)  # a new install is loaded afresh
        assert core_voice.voice() is not seen[0]
    finally:
        core_voice._loader, core_voice._voice = saved


def test_no_voice_is_a_clear_error() -> None:
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice._loader, core_voice._voice = None, None
        with pytest.raises(RuntimeError, match="no voice installed"):
            core_voice.voice()
    finally:
        core_voice._loader, core_voice._voice = saved


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known"):
        english().say("no_such_kind", {})


def test_a_voice_that_gives_a_code_is_refused() -> None:
    """The voice fills a model's worded fields and nothing else: a voice that returned a
    code (here the item's `code`) would silently change the data."""
    from alscriteria.assess.models.advice import item_for

    class Meddling:
        def say(self, kind: str, fields: Any) -> dict[str, Any]:
            return {"text": "t", "source": "s", "code": "other"}

    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(Meddling)
        with pytest.raises(TypeError, match="worded fields"):
            item_for("anticoagulation")
    finally:
        core_voice._loader, core_voice._voice = saved
