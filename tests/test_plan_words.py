"""The plan and the red flags carry codes; their words are made at the edge (issue 22 point 2).

`tests/test_voice.py` holds that every sentence rewords from its model's JSON. These tests hold
the rest: the core's plan and red-flag modules import no sentence, what a plan item or a
suggestion names travels as codes (never a phrase), and the subtle rewordings (catalogue keys
to names without glosses, a muscle outside the catalogue by its own anatomy) say what the core
used to say.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria import evaluate_all
from alscriteria.assess.models.advice import MuscleSuggestion, Plan, PlanItem
from alscriteria.wording.plan import named, second_look_of
from alscriteria.wording.voice import english
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases

CORE = Path(__file__).parents[1] / "src" / "alscriteria" / "assess"
TESTS = Path(__file__).parent

#: The values that are the case's own words, not codes: another cause recorded, the nerve
#: and segment of a conduction block, the nerve of a muscle outside the catalogue.
OWN_WORDS = {"diagnosis", "nerves", "segments", "anchor_nerve"}

#: A code: a region, a side, a catalogue key, a finding or evidence code, a root ("C5").
CODE = re.compile(r"[A-Za-z0-9_]+")


def _wording_imports(path: Path) -> list[str]:
    """The imports of `alscriteria.wording` in a file, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("alscriteria.wording")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("alscriteria.wording"):
                found.append(node.module)
            elif node.module == "alscriteria" and any(a.name == "wording" for a in node.names):
                found.append("alscriteria.wording")
    return found


def test_the_plan_and_the_red_flags_import_no_sentence() -> None:
    """The import-linter contract lists the core's remaining imports of the wording as
    ignored, by pattern; this holds the plan's rooms and the red flags to none at all."""
    files = [*sorted((CORE / "plan").glob("*.py")), CORE / "red_flags.py"]
    assert len(files) > 5
    assert {p.name: _wording_imports(p) for p in files if _wording_imports(p)} == {}


def _worded(assessments: dict[str, Any]) -> Iterator[PlanItem | MuscleSuggestion | Plan]:
    for a in assessments.values():
        yield from a.warnings
        if a.plan is not None:
            yield a.plan
            yield from a.plan.cautions
            yield from a.plan.timing
            yield from a.plan.muscles


def _codes_only(values: dict[str, Any]) -> list[str]:
    """The values that are not codes (phrases baked in by the core), by name."""
    bad = []
    for name, value in values.items():
        if name in OWN_WORDS or value is None or isinstance(value, bool | int):
            continue
        items = value if isinstance(value, list) else [value]
        bad += [f"{name}={item!r}" for item in items if not CODE.fullmatch(item)]
    return bad


@settings(max_examples=examples(60))
@given(case=st.one_of(any_cases, planned_cases()), chosen=readings)
def test_what_the_plan_and_the_red_flags_name_travels_as_codes(
    case: dict[str, Any], chosen: Any
) -> None:
    """Every value a plan item, a red flag, a suggestion or the plan's reason names is a code
    (region, side, catalogue key, finding, root), a flag, or the case's own words; and a
    red flag can be gathered by its words (a history says each once)."""
    for model in _worded(evaluate_all(case, chosen, plan=True)):
        assert _codes_only(model.values) == [], (model.kind, model.values)
        if isinstance(model, PlanItem):
            assert hash(model) == hash(PlanItem.model_validate_json(model.model_dump_json()))


def test_muscles_named_by_catalogue_key_read_without_their_glosses() -> None:
    """A plan item carries catalogue keys; the words name each muscle once, by its catalogue
    name without the gloss and in lower case inside the sentence, as the core used to."""
    assert named(["trapezius", "sternocleidomastoid", "trapezius"]) == (
        "trapezius and sternocleidomastoid"
    )
    assert named(["genioglossus", "masseter"]) == "genioglossus and masseter"
    assert named(["pronator_quadratus_x"]) == "pronator quadratus x"  # outside the catalogue
    tongue_last = second_look_of(["masseter", "genioglossus"], anticoagulated=True)
    assert "masseter or genioglossus (under anticoagulation the tongue comes last" in tongue_last
    assert "tongue comes last" not in second_look_of(["masseter", "genioglossus"], False)
    assert second_look_of([], True).startswith("Every catalogue muscle a cranial nerve")


def test_a_chest_wall_caution_carries_keys_and_names_the_muscles() -> None:
    case = {
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["weakness"]}},
        "emg": [],
        "contraindications": {
            "chest_wall_concerns": True,
            "skin_infection": [{"region": "lumbosacral", "side": "left"}],
        },
    }
    plan = evaluate_all(case, plan=True)["awaji"].plan
    assert plan is not None
    by_code = {c.code: c for c in plan.cautions}
    chest = by_code["chest_wall_avoided"]
    assert chest.values["barred"] and all(CODE.fullmatch(k) for k in chest.values["barred"])
    assert chest.values["demoted"][0] == "thoracic_paraspinals"
    assert "over the lung (thoracic paraspinals, trapezius," in chest.text
    assert "thoracic_paraspinals" not in chest.text
    limb = by_code["avoid_limb"]
    assert limb.values == {"side": "left", "region": "lumbosacral", "why": "skin_infection"}
    assert "No needle in the left lumbosacral limb (skin infection)" in limb.text


def test_a_pair_completed_with_a_muscle_outside_the_catalogue_rewords_from_its_json() -> None:
    """The abnormal muscle a pair is completed with may be the case's own (outside the
    catalogue): its nerve and roots travel with the suggestion, so the reason rewords."""
    path = TESTS / "situations" / "completes_pair__abnormal_muscle_outside_the_catalogue.json"
    case = json.loads(path.read_text())["case"]
    voice = english()
    seen = 0
    for a in evaluate_all(case, plan=True).values():
        assert a.plan is not None
        for m in a.plan.muscles:
            if m.reason_code != "completes_pair":
                continue
            assert m.values == {
                "anchor": "pronator_quadratus_x",
                "anchor_nerve": "anterior interosseous",
                "anchor_roots": ["C8", "T1"],
            }
            data = json.loads(m.model_dump_json(exclude={"reason"}))
            assert voice.say("muscle_reason", data) == {"reason": m.reason}
            assert m.reason.endswith(
                "the abnormal pronator quadratus x (anterior interosseous, C8-T1)"
            )
            seen += 1
    assert seen == 6  # two partners, under each criteria set


def test_plan_items_and_suggestions_stay_hashable() -> None:
    """Before they carried `values` (a dict), a plan item and a muscle suggestion were
    hashable frozen models, and callers may keep them in sets: they still are, equal ones
    with equal hashes."""
    case = {
        "regions": {"cervical": {"umn_signs": ["hoffmann"], "lmn_signs": ["wasting"]}},
        "contraindications": {"anticoagulated": True},
    }
    first = evaluate_all(case, plan=True)["awaji"].plan
    again = evaluate_all(case, plan=True)["awaji"].plan
    assert first is not None and again is not None and first.muscles and first.cautions
    assert {hash(m) for m in first.muscles} == {hash(m) for m in again.muscles}
    assert set(first.muscles) == set(again.muscles)
    assert set(first.cautions) == set(again.cautions)
