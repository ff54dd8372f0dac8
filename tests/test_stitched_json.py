"""An Assessment's `model_dump_json()` is written from pieces (assess/models/pieces.py): each
explanation's JSON made once from the object the evaluator keeps, reused by every criteria
set and case that shows it. It must be, byte for byte, what pydantic writes of the same
result with every explanation read, for every case, reading and plan; and it must hand out
nothing: a field read after the dump is still the result's own copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import alscriteria
from alscriteria import Readings
from alscriteria.assess.assessment import EXPLAINED, Assessment
from alscriteria.rules.engine import RuleEngine
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases
from strategies.variants import reported_cases, split_sides

EXAMPLES = Path(__file__).parent.parent / "examples"


def pydantic_json(assessment: Assessment) -> str:
    """pydantic-core's own document of the result, every explanation read (materialized)."""
    assessment.explain()
    return Assessment.__pydantic_serializer__.to_json(assessment).decode()


def check_alike(
    case: dict[str, Any], chosen: Readings, plan: bool, engine: RuleEngine | None = None
) -> None:
    """The stitched documents of a fresh evaluation equal pydantic's of another, for every
    criteria set; a second evaluation (its pieces now kept) writes them again."""
    expected = {
        k: pydantic_json(a) for k, a in alscriteria.evaluate_all(case, chosen, plan=plan).items()
    }
    for _ in range(2):
        results = alscriteria.evaluate_all(case, chosen, plan=plan, engine=engine)
        assert {k: a.model_dump_json() for k, a in results.items()} == expected
        for a in results.values():  # nothing was read by the dump: read now, still alike
            assert a.model_dump_json() == pydantic_json(a)


@settings(max_examples=examples(150), deadline=None)
@given(any_cases, readings, st.booleans())
def test_stitched_json_is_pydantics_own(case: dict[str, Any], chosen: Readings, plan: bool) -> None:
    check_alike(case, chosen, plan)


@settings(max_examples=examples(60), deadline=None)
@given(st.one_of(reported_cases(), planned_cases()), readings, st.booleans())
def test_stitched_json_of_registry_input_and_needling_limits(
    case: dict[str, Any], chosen: Readings, plan: bool
) -> None:
    """Registry flags and summaries (undecided, open regions), conduction (red flags),
    contraindications (the plan's cautions)."""
    check_alike(case, chosen, plan)


@settings(max_examples=examples(40), deadline=None)
@given(any_cases.flatmap(split_sides), readings)
def test_stitched_json_of_limbs_given_per_side(case: dict[str, Any], chosen: Readings) -> None:
    check_alike(case, chosen, False)


@settings(max_examples=examples(40), deadline=None)
@given(any_cases, readings)
def test_stitched_json_without_a_memo(case: dict[str, Any], chosen: Readings) -> None:
    """An engine that keeps nothing (`memo_size=0`) builds every piece every time."""
    check_alike(case, chosen, True, RuleEngine(memo_size=0))


@settings(max_examples=examples(60), deadline=None)
@given(any_cases, readings, st.booleans(), st.data())
def test_stitched_json_after_some_fields_were_read(
    case: dict[str, Any], chosen: Readings, plan: bool, data: st.DataObject
) -> None:
    """Fields read before the dump are written as read; the others from their pieces."""
    expected = {
        k: pydantic_json(a) for k, a in alscriteria.evaluate_all(case, chosen, plan=plan).items()
    }
    results = alscriteria.evaluate_all(case, chosen, plan=plan)
    for a in results.values():
        for name in data.draw(st.lists(st.sampled_from(EXPLAINED), unique=True)):
            getattr(a, name)
    assert {k: a.model_dump_json() for k, a in results.items()} == expected


def test_options_are_pydantics_own() -> None:
    """With any option the document is pydantic's (the stitch writes only the plain one)."""
    case = json.loads((EXAMPLES / "definite.json").read_text())
    a = alscriteria.evaluate(case, plan=True)
    b = alscriteria.evaluate(case, plan=True)
    assert a.model_dump_json(indent=2) == json.dumps(
        json.loads(pydantic_json(b)), indent=2, ensure_ascii=False
    )
    assert json.loads(a.model_dump_json(exclude={"plan"})) == {
        k: v for k, v in json.loads(pydantic_json(b)).items() if k != "plan"
    }


def _lists(assessment: Assessment) -> list[object]:
    """Every list and dict inside a result's explanations (read now)."""
    found: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, list | dict):
            found.append(value)
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)
        elif isinstance(value, BaseModel):  # a model: its fields
            for item in value.__dict__.values():
                walk(item)

    for name in EXPLAINED:
        walk(getattr(assessment, name))
    return found


@settings(max_examples=examples(40), deadline=None)
@given(any_cases)
def test_a_field_read_after_the_dump_is_the_results_own(case: dict[str, Any]) -> None:
    """The dump hands nothing out: after two patients alike are dumped, the lists a caller
    reads from one are not the other's (changing one leaves the other's JSON alone)."""
    first = alscriteria.evaluate_all(case)
    second = alscriteria.evaluate_all(case)
    for a in (*first.values(), *second.values()):
        a.model_dump_json()
    expected = {k: a.model_dump_json() for k, a in alscriteria.evaluate_all(case).items()}
    theirs = {id(c) for a in second.values() for c in _lists(a)}
    for a in first.values():
        mine = _lists(a)
        assert not [c for c in mine if id(c) in theirs]
        for c in mine:
            if isinstance(c, list):
                c.append("tampered")
            else:
                c["tampered"] = True
    assert {k: a.model_dump_json() for k, a in second.items()} == expected
    assert {k: a.model_dump_json() for k, a in alscriteria.evaluate_all(case).items()} == expected


def test_a_region_with_nothing_recorded_is_each_patients_own() -> None:
    """A region with nothing recorded reads the same in every case (`unexamined_region`,
    built once) and a muscle's roots in order the same for every muscle with that root set
    (`ordered_roots`): both were one list for every patient, so a caller appending to one
    result's list changed every later patient's result. Read without any dump."""
    case = json.loads((EXAMPLES / "not-met.json").read_text())
    case["emg"] = [
        {
            "muscle": "genioglossus",
            "side": "left",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
    ]
    expected = {k: a.model_dump_json() for k, a in alscriteria.evaluate_all(case).items()}
    first = alscriteria.evaluate_all(case)
    tampered = 0
    for a in first.values():
        for region in a.regions:
            for c in (region.umn_signs, region.lmn_signs, region.emg_lmn_sides, region.sides):
                c.append("tampered")  # type: ignore[arg-type]
                tampered += 1
            for m in region.qualifying_muscles:
                m.roots.append("tampered")
                tampered += 1
    assert tampered
    later = alscriteria.evaluate_all(case)
    assert {k: pydantic_json(a) for k, a in later.items()} == expected  # read, not stitched


def test_what_a_rule_lacks_is_a_function_of_the_fact_as_the_rules_read_it() -> None:
    """`missing` and `why_not_probable` are kept by `RulesetSpec.projection` of the fact
    (explainer.py): over the whole rule-fact space of every ruleset the readings build,
    facts alike in the projection lack the same, for every category a set can be short of."""
    import itertools

    from alscriteria.assess.explain.notes import short_of
    from alscriteria.criteria import CRITERIA
    from alscriteria.rules.facts import all_rule_facts

    options = Readings.options()
    specs = {}
    for values in itertools.product(*options.values()):
        chosen = Readings(**dict(zip(options, values, strict=True)))
        for cset in CRITERIA.values():
            spec = cset.ruleset(chosen)
            specs[spec.name] = (cset, spec)
    facts = list(all_rule_facts())
    for cset, spec in specs.values():
        seen: dict[object, object] = {}
        for fact in facts:
            lacks = tuple(tuple(short_of(spec, fact, c)) for c in cset.ladder)
            assert seen.setdefault(spec.projection(fact), lacks) == lacks, (spec.name, fact)


@pytest.mark.parametrize("first_open", [True, False])
def test_kept_json_tells_apart_what_the_kept_answers_tell_apart(first_open: bool) -> None:
    """Two cases alike in their masks, one with the prerequisites met and one without: the
    alternative readings differ (a closed gate holds every category at not met), and so
    must the JSON kept beside them, whichever case comes first to a fresh engine."""
    case = json.loads((EXAMPLES / "possible.json").read_text())
    closed = {**case, "progression": False}
    engine = RuleEngine()
    for one in (case, closed) if first_open else (closed, case):
        for a in alscriteria.evaluate_all(one, engine=engine).values():
            assert a.model_dump_json() == pydantic_json(
                alscriteria.evaluate_all(one, engine=RuleEngine(memo_size=0))[a.criteria]
            )


def test_a_list_a_caller_filled_with_other_values_is_written_as_pydantic_writes_it() -> None:
    """A read field is written from its models' own serializers only when it holds just
    them; a list a caller filled with something else is pydantic's to write (as before)."""
    case = json.loads((EXAMPLES / "possible.json").read_text())

    def filled() -> Assessment:
        a = alscriteria.evaluate(case)
        a.notes.append("own words")  # type: ignore[arg-type]
        a.missing.append(a.missing[0])
        return a

    with pytest.warns(UserWarning):
        expected = Assessment.__pydantic_serializer__.to_json(filled()).decode()
    assert '"own words"' in expected
    with pytest.warns(UserWarning):
        assert filled().model_dump_json() == expected


def test_stitched_json_from_many_threads_at_once() -> None:
    """Results of one case dumped from several threads at once (their pieces made and kept
    by whichever thread comes first) are each pydantic's own document."""
    from concurrent.futures import ThreadPoolExecutor

    from test_engine_adapter import random_cases

    cases = random_cases(60, seed=23)
    expected = [
        {k: pydantic_json(a) for k, a in alscriteria.evaluate_all(c, plan=True).items()}
        for c in cases
    ]
    engine = RuleEngine()
    results = [alscriteria.evaluate_all(c, plan=True, engine=engine) for c in cases]
    jobs = [(i, k) for i, r in enumerate(results) for k in r] * 3
    with ThreadPoolExecutor(max_workers=8) as pool:
        written = list(pool.map(lambda job: results[job[0]][job[1]].model_dump_json(), jobs))
    for (i, k), text in zip(jobs, written, strict=True):
        assert text == expected[i][k]
