"""Session 11, the categories path (issue 23): each criteria set's verdict read in one pass
of the case's masks, and the prerequisites laid out once for every case alike, each result
given a model of its own.

The prerequisites were one model for the three results of a case: a caller that changed
one result's `prerequisites.missing` changed the other two (present on main: the review
tests of session 10 walk the explanations, not the prerequisites).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.context import CaseContext, excluded_status, prerequisites_of
from alscriteria.assess.verdict import decision, verdicts_of
from alscriteria.case.model import parse_case
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.category import Category
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import gate_fact
from strategies import any_cases, examples, readings

EXAMPLES = Path(__file__).parent.parent / "src" / "alscriteria" / "examples"
SETS = tuple(CRITERIA.values())
#: One engine for every example of a property, as a process keeps one: its memo is read by
#: each case after the cases before it.
_ONE_ENGINE = RuleEngine()


def _case(name: str, **changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    case.update(changes)
    return case


def test_changing_one_results_prerequisites_leaves_the_others_alone() -> None:
    case = _case("possible", progression=None)
    expected = {k: a.model_dump_json() for k, a in alscriteria.evaluate_all(case).items()}
    results = alscriteria.evaluate_all(case)
    mine = results["awaji"].prerequisites
    assert mine.missing  # the case lacks progression
    mine.missing.clear()
    mine.missing.append("changed")
    for name in ("revised-el-escorial", "gold-coast"):
        assert results[name].model_dump_json() == expected[name], name
    again = alscriteria.evaluate_all(case)  # and the next patient alike
    assert {k: a.model_dump_json() for k, a in again.items()} == expected


@settings(max_examples=examples(120), deadline=None)
@given(any_cases, st.sampled_from([None, "L5 radiculopathy on MRI"]))
def test_each_results_prerequisites_are_the_definitions_own(
    case: dict[str, Any], diagnosis: str | None
) -> None:
    """The prerequisites each result takes from the layout `CaseContext` makes once for
    every case alike (`prerequisites_laid`, built in the evaluator's loop) against
    `prerequisites_of` (the definition), field by field, fields given and JSON; each result
    a model and a list of its own; the gate's fact laid out beside them."""
    if diagnosis is not None and case.get("other_causes_excluded") is not True:
        case = {**case, "alternative_diagnosis": diagnosis}
    parsed = parse_case(case)
    ctx = CaseContext(parsed, RuleEngine())
    expected = prerequisites_of(parsed)
    first, second, _ = (a.prerequisites for a in alscriteria.evaluate_all(parsed).values())
    for found in (first, second):
        assert found.__dict__ == expected.__dict__
        assert list(found.__dict__) == list(expected.__dict__)
        assert found.model_fields_set == expected.model_fields_set
        assert found.model_dump_json() == expected.model_dump_json()
        for name, value in found.__dict__.items():
            assert type(value) is type(expected.__dict__[name]), name
    assert first is not second and first.missing is not second.missing
    assert first.model_fields_set is not second.model_fields_set
    # and the gate's fact, laid out beside them, is the definition's
    assert ctx.gate == gate_fact(parsed.progression, excluded_status(parsed))


@settings(max_examples=examples(150), deadline=None)
@given(
    any_cases,
    readings,
    st.lists(st.sampled_from(SETS), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
def test_verdicts_in_one_pass_are_each_sets_own(
    case: dict[str, Any], chosen: Readings, sets: list[Any], memo: bool
) -> None:
    """`verdicts_of` against each set decided alone from the evidence the explanations
    read (its fact, the engine's rules, the ladder, the gate), for any case, readings and
    choice and order of criteria sets, with the engine memo every example shares (so one
    case's verdicts are read after another's) and without a memo."""
    engine = _ONE_ENGINE if memo else RuleEngine(memo_size=0)
    ctx = CaseContext(parse_case(case), engine)
    found = verdicts_of(ctx, tuple(sets), chosen)
    assert len(found) == len(sets)
    own = RuleEngine(memo_size=0)
    masks = ctx.evidence(chosen).masks
    for cset, verdict in zip(sets, found, strict=True):
        spec = cset.ruleset(chosen)
        fact = cset.fact(masks, chosen)
        fired = own.fire(spec, fact)
        gate_open = bool(own.fire(cset.gate_ruleset(), ctx.gate))
        pattern, category = cset.decide([r for r in spec.rules if r.id in fired], gate_open)
        assert verdict.fact == fact
        assert verdict.spec is spec
        assert {r.id for r in verdict.fired} == fired
        assert verdict.fired == decision(cset, spec, fired)[0]
        assert verdict.gate_open is gate_open
        assert (verdict.pattern, verdict.category) == (pattern, category)
        assert verdict.category is (pattern if gate_open else Category.NOT_MET)


# --- the engine's version, read beside the engine -------------------------------------------


def test_the_engines_version_is_its_distributions() -> None:
    """Read from the record beside the C engine, the version is the one the distribution
    gives by name (importlib.metadata), wherever durable_rules loads."""
    from importlib import metadata

    from alscriteria.rules.engine import _dre, _version_beside

    if _dre is None:
        assert _version_beside(None) is None
        return
    assert _version_beside(_dre.__file__) == metadata.version("durable-rules")
    assert RuleEngine(backend="durable").info.version == metadata.version("durable-rules")


def _engine_beside(folder: Path, records: dict[str, str | None]) -> str:
    for name, text in records.items():
        (folder / name).mkdir()
        if text is not None:
            (folder / name / "METADATA").write_text(text, encoding="utf-8")
    engine = folder / "durable_rules_engine.so"
    engine.write_bytes(b"")
    return str(engine)


def test_a_version_not_read_surely_beside_the_engine_is_left_to_the_lookup(
    tmp_path: Path,
) -> None:
    """No record, two records, no METADATA, no Version header before the body, an empty
    one: None, so `engine_name` asks importlib.metadata as before."""
    from alscriteria.rules.engine import _version_beside

    header = "Metadata-Version: 2.1\nName: durable_rules\n"
    cases: list[dict[str, str | None]] = [
        {},
        {
            "durable_rules-2.0.28.dist-info": header + "Version: 2.0.28\n",
            "durable_rules-2.0.27.dist-info": header + "Version: 2.0.27\n",
        },
        {"durable_rules-2.0.28.dist-info": None},
        {"durable_rules-2.0.28.dist-info": header + "\nVersion: 2.0.28\n"},
        {"durable_rules-2.0.28.dist-info": header + "Version: \n"},
    ]
    for i, records in enumerate(cases):
        folder = tmp_path / str(i)
        folder.mkdir()
        assert _version_beside(_engine_beside(folder, records)) is None, records
    good = tmp_path / "good"
    good.mkdir()
    found = _engine_beside(good, {"durable_rules-9.9.dist-info": header + "Version: 9.9\n"})
    assert _version_beside(found) == "9.9"


# --- the limb pairs of the verdicts' masks -----------------------------------------------

ROOTS = ("C5", "C6", "C7", "C8", "T1")
NERVES = ("ulnar", "Ulnar Nerve", " ulnar  nerve", "median", "radial", "Radial", "axillary")


@st.composite
def limb_sites(draw: st.DrawFn, most: int) -> list[tuple[Any, str | None]]:
    """A limb region's qualifying muscles with their sides: catalogue muscles of the region
    and muscles of the case's own anatomy (keys that repeat, nerves written several ways,
    root sets that overlap, repeat or are apart)."""
    from alscriteria.anatomy.catalogue import catalogue
    from alscriteria.anatomy.regions import Region
    from alscriteria.regions.quick import _OwnAnatomy

    cervical = sorted(k for k, m in catalogue().items() if m.region is Region.CERVICAL)
    own = st.builds(
        _OwnAnatomy,
        st.sampled_from(("own_a", "own_b", "own_c", "own_d")),
        st.frozensets(st.sampled_from(ROOTS), min_size=1, max_size=3),
        st.sampled_from(NERVES),
    )
    muscle = st.one_of(st.sampled_from(cervical).map(lambda key: catalogue()[key]), own)
    side = st.sampled_from(("left", "right", None))
    return draw(st.lists(st.tuples(muscle, side), min_size=2, max_size=most))


@settings(max_examples=examples(400), deadline=None)
@given(limb_sites(most=12), st.sampled_from(("disjoint", "not-identical")))
def test_the_pairs_tried_each_are_the_grouped_search(sites: list[Any], rule: Any) -> None:
    """`_pairs` (every pair tried, for a few muscles) against `_pairs_searched` (the
    grouped search, `independent_pair`, on the muscles and on each side's): any muscles,
    sides and reading, over and under the count where one gives way to the other."""
    from alscriteria.regions.quick import _pairs, _pairs_searched

    assert _pairs(sites, rule) == _pairs_searched(sites, rule)


def test_the_engine_a_result_names_is_what_validation_builds() -> None:
    from alscriteria.assess.assessment import EngineInfo
    from alscriteria.assess.context import engine_info_of
    from alscriteria.rules.engine import engine_name

    for backend in ("python", "durable"):
        info = engine_name(backend)  # type: ignore[arg-type]
        built = engine_info_of(info.name, info.version)
        valid = EngineInfo.model_validate({"name": info.name, "version": info.version})
        assert built.__dict__ == valid.__dict__
        assert built.model_fields_set == valid.model_fields_set
        assert built.model_dump_json() == valid.model_dump_json()
        assert built.__pydantic_private__ == valid.__pydantic_private__


@settings(max_examples=examples(80), deadline=None)
@given(any_cases, st.lists(readings, min_size=2, max_size=4), st.booleans())
def test_each_result_names_its_own_readings_and_engine(
    case: dict[str, Any], chosen: list[Readings], as_mapping: bool
) -> None:
    """The fields laid out once for every case alike (evaluate.py `_laid_out`) are the
    readings' and the engine's of each call, however many readings and engines one process
    asks with in turn (objects, or mappings read into new objects each time)."""
    engines = [RuleEngine(backend="python"), _ONE_ENGINE]
    for given_readings in chosen:
        passed: Any = given_readings.model_dump() if as_mapping else given_readings
        for engine in engines:
            for name, a in alscriteria.evaluate_all(case, passed, engine=engine).items():
                assert a.readings == given_readings, name
                if not as_mapping:
                    assert a.readings is given_readings, name
                named = (a.engine.name, a.engine.version)
                assert named == (engine.info.name, engine.info.version), name
            single = alscriteria.evaluate(case, "gold-coast", passed, engine=engine)
            assert single.readings == given_readings
            assert single.engine.name == engine.info.name
