"""The plan's JSON is written without copying the shared upgrade paths or wording its items
afresh (plan/planning.py: plan_json): the plan is built for its JSON alone; the paths the
engine memo keeps for every case alike, and the items and muscle suggestions worded once for
every plan alike (plan/words.py: KeptWords), are each written from JSON made once beside
them and put in place. It must be, byte for byte, pydantic's JSON of the plan the result
hands out (`make_plan`, worded afresh, with copies of its own), for every case, reading and
set of needling limits, with one engine shared by many cases; and writing it must hand
nothing out, keep nothing a case made up, and follow the voice installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria import Readings
from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.pieces import model_json
from alscriteria.rules.engine import RuleEngine
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases

EXAMPLES = Path(__file__).parent.parent / "examples"

#: One engine for every example, as a cohort has: the paths and their JSON are kept across
#: cases, so a case alike in its masks but for its needling limits meets the kept ones.
SHARED = RuleEngine()


def _written_and_read(
    case: dict[str, Any], chosen: Readings, engine: RuleEngine = SHARED
) -> list[tuple[str, str]]:
    """Each result's document as written before its plan is read (`plan_json`), and the end
    that pydantic's JSON of the plan read from another evaluation (`make_plan`) gives it:
    the plan is the document's last field."""
    written = alscriteria.evaluate_all(case, chosen, plan=True, engine=engine)
    read = alscriteria.evaluate_all(case, chosen, plan=True, engine=engine)
    out = []
    for key, result in written.items():
        plan = read[key].plan
        assert plan is not None
        out.append((result.model_dump_json(), ',"plan":' + model_json(plan).decode() + "}"))
    return out


@settings(max_examples=examples(120), deadline=None)
@given(st.one_of(any_cases, planned_cases()), readings)
def test_the_written_plan_is_pydantics_json_of_the_plan_handed_out(
    case: dict[str, Any], chosen: Readings
) -> None:
    for document, end in _written_and_read(case, chosen):
        assert document.endswith(end)


def test_a_limb_barred_on_both_sides_writes_the_paths_it_marks() -> None:
    """The same findings with and without both arms barred: the kept paths are written for
    the first, the marked copies for the second (EMG cannot reach the cervical region)."""
    case = json.loads((EXAMPLES / "possible.json").read_text())
    barred = {
        **case,
        "contraindications": {
            "lymphedema": [
                {"region": "cervical", "side": "left"},
                {"region": "cervical", "side": "right"},
            ]
        },
    }
    marked = 0
    for one in (case, barred, case):
        for document, end in _written_and_read(one, Readings()):
            assert document.endswith(end)
            plan = json.loads(document)["plan"]
            marked += sum(1 for u in plan["upgrades"] if u["needle_barred"])
    assert marked  # the barred case met a path into the cervical region


def test_writing_the_plan_hands_out_nothing() -> None:
    """A caller that changes the plan it reads after a dump changes neither the next
    patient's written plan nor the kept JSON of the paths: the paths written are the
    memo's, never a result's copies."""
    changed = 0
    for name in ("probable.json", "possible.json", "als.json"):
        case = json.loads((EXAMPLES / name).read_text())
        first = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
        expected = {k: a.model_dump_json() for k, a in first.items()}
        for result in first.values():
            plan = result.plan
            assert plan is not None
            for upgrade in plan.upgrades:
                upgrade.add.clear()
                upgrade.needle_barred.append(Region.CERVICAL)
                changed += 1
        again = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
        assert {k: a.model_dump_json() for k, a in again.items()} == expected
    assert changed


def test_a_plan_read_after_a_dump_has_items_of_its_own() -> None:
    """The items and suggestions a written plan shows are kept for every plan alike; the
    plan a caller reads is worded afresh, so changing its items' values (a dict) and lists
    changes no other patient's written plan."""
    changed = 0
    for name in ("probable.json", "possible.json", "als.json", "not-met.json"):
        case = json.loads((EXAMPLES / name).read_text())
        first = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
        expected = {k: a.model_dump_json() for k, a in first.items()}
        for result in first.values():
            plan = result.plan
            assert plan is not None
            for item in [*plan.timing, *plan.cautions, *plan.muscles]:
                item.values["changed"] = True
                changed += 1
        again = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
        assert {k: a.model_dump_json() for k, a in again.items()} == expected
    assert changed


class _Shouting:
    """The English voice, shouted."""

    def __init__(self) -> None:
        from alscriteria.wording.voice import english

        self.english = english()

    def say(self, kind: str, fields: Any) -> dict[str, Any]:
        said = self.english.say(kind, fields)
        return {k: v.upper() if isinstance(v, str) else v for k, v in said.items()}


def test_the_items_kept_for_every_plan_are_the_installed_voices() -> None:
    """A voice installed later words a written plan's items afresh (they are kept by the
    voice that said them), and the first voice's words come back with it."""
    from alscriteria import voice as core_voice

    case = json.loads((EXAMPLES / "possible.json").read_text())
    english = {
        k: a.model_dump_json()
        for k, a in alscriteria.evaluate_all(case, plan=True, engine=SHARED).items()
    }
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(_Shouting)
        shouted = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
        for key, result in shouted.items():
            plan = json.loads(result.model_dump_json())["plan"]
            texts = [i["text"] for i in plan["timing"]] + [m["reason"] for m in plan["muscles"]]
            assert texts and all(t == t.upper() for t in texts)
            assert plan["reason_text"] == plan["reason_text"].upper()
            assert plan != json.loads(english[key])["plan"]
    finally:
        core_voice._loader, core_voice._voice = saved
    again = alscriteria.evaluate_all(case, plan=True, engine=SHARED)
    assert {k: a.model_dump_json() for k, a in again.items()} == english


def _kept_words(engine: RuleEngine) -> str:
    """Every key of the items and suggestions an engine memo keeps, as text."""
    kept = [key for (kind, key) in engine._answers if kind in ("plan_item", "muscle_suggestion")]
    return repr(kept)


def test_items_naming_the_cases_own_words_are_worded_for_the_case() -> None:
    """Another cause as recorded, and a muscle outside the catalogue that a pair completes,
    are the case's own words: each case's plan names its own, and the memo, which keeps
    items and suggestions for every plan alike (a closed domain), keeps none of them."""
    engine = RuleEngine()
    base = json.loads((EXAMPLES / "possible.json").read_text())
    for diagnosis in ("cervical myelopathy", "multifocal motor neuropathy"):
        case = {**base, "alternative_diagnosis": diagnosis, "other_causes_excluded": False}
        for document, end in _written_and_read(case, Readings(), engine):
            assert document.endswith(end)
            assert diagnosis in json.loads(document)["plan"]["timing"][0]["text"]
        assert diagnosis not in _kept_words(engine)
    for nerve in ("nerve one", "nerve two"):
        case = {
            "progression": True,
            "other_causes_excluded": True,
            "regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
            "emg": [
                {
                    "muscle": "my muscle",
                    "region": "cervical",
                    "roots": ["C5", "C6"],
                    "nerve": nerve,
                    "side": "left",
                    "fibrillation_potentials": True,
                    "chronic_neurogenic_change": True,
                }
            ],
        }
        named = 0
        for document, end in _written_and_read(case, Readings(), engine):
            assert document.endswith(end)
            for muscle in json.loads(document)["plan"]["muscles"]:
                if muscle["values"].get("anchor_nerve") is not None:
                    assert muscle["values"]["anchor_nerve"] == nerve
                    named += 1
        assert named  # a pair completed with the case's own muscle
        kept = _kept_words(engine)
        assert kept != "[]"  # its timing items are kept for every plan alike
        assert nerve not in kept and "my muscle" not in kept
