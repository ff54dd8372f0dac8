"""The plan's JSON is written without copying the shared upgrade paths (plan/planning.py:
plan_json): the plan is built for its JSON alone, and the paths the engine memo keeps for
every case alike are written once (the memo's `json`) and put in place. It must be, byte
for byte, pydantic's JSON of the plan the result hands out (`make_plan`, with copies of its
own), for every case, reading and set of needling limits, with one engine shared by many
cases; and writing it must hand nothing out.
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


def _written_and_read(case: dict[str, Any], chosen: Readings) -> list[tuple[str, str]]:
    """Each result's document as written before its plan is read (`plan_json`), and the end
    that pydantic's JSON of the plan read from another evaluation (`make_plan`) gives it:
    the plan is the document's last field."""
    written = alscriteria.evaluate_all(case, chosen, plan=True, engine=SHARED)
    read = alscriteria.evaluate_all(case, chosen, plan=True, engine=SHARED)
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
