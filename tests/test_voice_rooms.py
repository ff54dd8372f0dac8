"""A case's words load only the rooms a case speaks (issue 23: set-up a caller never uses).

The English voice (`wording/voice.py:english`) loads the rooms only a history speaks (what
changed, the next visit, function and stage, which import the staging systems) on the first
kind the case rooms do not word, and the wording package gives their names when first used
(PEP 562). These tests hold that a case evaluated with its plan and serialised loads none of
them, that every name the package publishes still resolves, and that the voice still words
every kind and refuses two rooms wording the same kind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alscriteria import wording
from alscriteria.wording import voice as voice_module
from alscriteria.wording.next_visit import SAYINGS as NEXT_VISIT
from alscriteria.wording.progression import SAYINGS as PROGRESSION
from alscriteria.wording.sayings import Saying
from alscriteria.wording.staging import SAYINGS as STAGING
from alscriteria.wording.voice import Tables, english

SRC = Path(wording.__file__).resolve().parents[2]
HISTORY_ROOMS = (
    "alscriteria.function.staging",
    "alscriteria.wording.staging",
    "alscriteria.wording.progression",
    "alscriteria.wording.next_visit",
)


def _fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_a_case_with_its_plan_loads_no_history_room() -> None:
    example = SRC / "alscriteria" / "examples" / "probable.json"
    out = _fresh(
        "import json, sys\n"
        "import alscriteria\n"
        f"case = json.loads(open({str(example)!r}).read())\n"
        "docs = [a.model_dump_json() for a in alscriteria.evaluate_all(case, plan=True).values()]\n"
        "assert all(docs)\n"
        f"print(json.dumps([m for m in {HISTORY_ROOMS!r} if m in sys.modules]))\n"
    )
    assert json.loads(out) == []


def test_a_history_room_loads_when_a_history_is_worded() -> None:
    example = SRC / "alscriteria" / "examples" / "history-limb-onset.json"
    out = _fresh(
        "import json, sys\n"
        "import alscriteria\n"
        f"history = json.loads(open({str(example)!r}).read())\n"
        "print(alscriteria.evaluate_history(history).model_dump_json()[:1])\n"
        "from alscriteria import wording\n"
        "assert callable(wording.staging_text)\n"
        f"print(json.dumps([m for m in {HISTORY_ROOMS!r} if m in sys.modules]))\n"
    )
    first, loaded = out.splitlines()
    assert first == "{"
    assert json.loads(loaded) == list(HISTORY_ROOMS)


def test_every_name_the_wording_package_publishes_resolves() -> None:
    for name in wording.__all__:
        assert getattr(wording, name) is not None, name
    for module, names in wording._LATER.items():
        room = sys.modules[module]
        for name in names:
            assert name in wording.__all__, name
            assert getattr(wording, name) is getattr(room, name), name
    with pytest.raises(AttributeError):
        wording.__getattr__("no_such_words")


def test_the_voice_words_every_kind_of_every_room() -> None:
    voice = english()
    assert voice._later is not None  # nothing asked yet: the history rooms wait
    later = {**PROGRESSION, **NEXT_VISIT, **STAGING}
    assert set(later) <= set(voice.kinds)  # listing the kinds loads them
    assert voice._later is None


def test_a_later_room_is_loaded_by_its_first_kind() -> None:
    loads: list[int] = []

    def room() -> dict[str, Saying]:
        loads.append(1)
        return {"change": lambda fields: {"text": f"changed {fields['n']}"}}

    tables = Tables({"plan_item": lambda fields: {"text": "item"}}, later=room)
    assert tables.say("plan_item", {}) == {"text": "item"} and loads == []
    assert tables.say("change", {"n": 2}) == {"text": "changed 2"} and loads == [1]
    assert tables.say("change", {"n": 3}) == {"text": "changed 3"} and loads == [1]
    with pytest.raises(KeyError, match="no words for kind 'nothing'"):
        tables.say("nothing", {})


def test_two_rooms_wording_one_kind_are_refused_when_the_later_one_loads() -> None:
    def saying(fields: object) -> dict[str, str]:
        return {"text": "x"}

    tables = Tables({"plan_item": saying}, later=lambda: {"plan_item": saying})
    assert tables.say("plan_item", {}) == {"text": "x"}  # a first room's kind: no load
    with pytest.raises(ValueError, match="two rooms word the same kinds"):
        tables.say("change", {})
    with pytest.raises(ValueError, match="two rooms word the same kinds"):
        voice_module._gathered({"a": saying}, {"a": saying})
