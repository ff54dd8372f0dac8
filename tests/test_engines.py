"""The engines that can decide a verdict, proven equal, and the results that name them.

The rule-fact space is finite (region masks U and L, the EMG count) and so are the rulesets
the readings can build, so equality of durable_rules and the project's own evaluator is
checked on every fact of every ruleset: the fallback is exact by construction, not by
sampling. The thin adapter on durable's C engine is compared with durable's own Host.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pydantic
import pytest

import alscriteria
import alscriteria.assess.context
from alscriteria import Readings
from alscriteria.assess.assessment import EXPLAINED
from alscriteria.case.readings import DEFAULT_READINGS
from alscriteria.criteria import CRITERIA
from alscriteria.rules import engine as engine_module
from alscriteria.rules.engine import RuleEngine, durable_install_command, durable_problem
from alscriteria.rules.facts import all_gate_facts, all_rule_facts
from alscriteria.rules.rule import GateFact, RuleFact, RulesetSpec
from reference import reference
from test_engine_adapter import random_cases

ROOT = Path(__file__).resolve().parents[1]
DURABLE = durable_problem() is None
needs_durable = pytest.mark.skipif(not DURABLE, reason=f"durable_rules: {durable_problem()}")


def every_ruleset() -> list[RulesetSpec]:
    """Every category ruleset any readings can build, and every gate."""
    options = Readings.options()
    specs: dict[str, RulesetSpec] = {}
    for values in itertools.product(*options.values()):
        readings = Readings(**dict(zip(options, values, strict=True)))
        for cset in CRITERIA.values():
            spec = cset.ruleset(readings)
            specs[spec.name] = spec
    for cset in CRITERIA.values():
        spec = cset.gate_ruleset()
        specs[spec.name] = spec
    return list(specs.values())


RULESETS = every_ruleset()


def test_the_fact_space_and_rulesets_are_what_we_think() -> None:
    # 3 criteria sets x 2^5 rule readings, and three gates
    assert len(RULESETS) == 3 * 32 + 3
    assert len(all_rule_facts()) == 16 * 16 * 5
    assert len(all_gate_facts()) == 9


@needs_durable
def test_durable_and_own_evaluator_agree_on_every_fact_of_every_ruleset() -> None:
    durable = RuleEngine(memo_size=0, backend="durable")
    own = RuleEngine(memo_size=0, backend="python")
    compared = 0
    for spec in RULESETS:
        facts = all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()
        for fact in facts:
            assert durable.fire(spec, fact) == own.fire(spec, fact), (spec.name, fact)
            compared += 1
    assert compared == 96 * 1280 + 3 * 9


def _named_in(condition: Any) -> set[str]:
    """Every fact field a durable_rules condition names: as a key, or compared with ($m)."""
    fields = set(RuleFact._fields) | set(GateFact._fields)
    if isinstance(condition, dict):
        named = {k for k in condition if k in fields}
        if "$m" in condition:
            named.add(condition["$m"])
        return named.union(*(_named_in(v) for v in condition.values()))
    if isinstance(condition, list):
        return set().union(*(_named_in(v) for v in condition))
    return set()


def test_a_ruleset_reads_exactly_the_fields_its_conditions_name() -> None:
    for spec in RULESETS:
        assert set(spec.reads) == _named_in(spec.definition()), spec.name


def test_facts_alike_in_what_a_ruleset_reads_fire_the_same_rules() -> None:
    """The engine memo keeps one answer per projection (rules/rule.py `projection`): exact
    only if every pair of facts equal there fires the same rules, for every ruleset."""
    own = RuleEngine(memo_size=0, backend="python")
    grouped = 0
    for spec in RULESETS:
        facts = all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()
        fired: dict[object, frozenset[str]] = {}
        for fact in facts:
            answer = own.fire(spec, fact)
            seen = fired.setdefault(spec.projection(fact), answer)
            assert seen == answer, (spec.name, fact)
        grouped += len(facts) - len(fired)
    assert grouped > 0  # the projection does merge facts (the point of it)


def test_the_memo_asks_once_per_projection() -> None:
    """Once per projection at most, and once per set of outcomes (what the rules compare:
    `RuleEngine.fire` keeps the engine's answer by them on a projection's miss)."""
    engine = RuleEngine(backend="python")
    for cset in CRITERIA.values():
        spec = cset.ruleset(Readings())
        before = engine.engine_calls
        for fact in all_rule_facts():
            engine.fire(spec, fact)
        asked = engine.engine_calls - before
        outcomes = {spec.outcomes(f) for f in all_rule_facts()}
        assert asked == len(outcomes) <= len({spec.projection(f) for f in all_rule_facts()})
        assert asked < 1280


@needs_durable
def test_thin_adapter_agrees_with_durables_host_on_every_ruleset() -> None:
    """durable's Host is ~5x slower, so it sees a fixed, spread sample of each ruleset's facts
    (every 7th fact: every U, L and EMG count appears); the thin adapter sees them all above."""
    thin = RuleEngine(memo_size=0, backend="durable")
    host = RuleEngine(memo_size=0, backend="durable-host")
    for spec in RULESETS:
        facts = all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()[::7]
        for fact in facts:
            assert thin.fire(spec, fact) == host.fire(spec, fact), (spec.name, fact)


@needs_durable
@pytest.mark.parametrize("backend", ["durable", "durable-host", "python"])
def test_an_action_that_raises_reaches_the_caller_and_frees_the_session(backend: str) -> None:
    class Failing(RuleEngine):
        def on_fired(self, rule_id: str) -> None:
            raise RuntimeError(f"boom in {rule_id}")

    failing = Failing(memo_size=0, backend=backend)  # type: ignore[arg-type]
    spec = CRITERIA["awaji"].ruleset(DEFAULT_READINGS)
    fact = all_rule_facts()[-1]
    for _ in range(1100):  # more than the engine's 1,024 live sessions
        with pytest.raises(alscriteria.errors.EngineError, match="boom"):
            failing.fire(spec, fact)
    fine = RuleEngine(memo_size=0, backend=backend)  # type: ignore[arg-type]
    assert fine.fire(spec, fact) == RuleEngine(memo_size=0, backend="python").fire(spec, fact)


def test_every_assessment_names_its_engine() -> None:
    for backend in ("python", "durable") if DURABLE else ("python",):
        engine = RuleEngine(backend=backend)  # type: ignore[arg-type]
        for assessment in alscriteria.evaluate_all({}, engine=engine).values():
            assert assessment.engine.name == engine.info.name
            assert assessment.engine.version == engine.info.version
            dumped = json.loads(assessment.model_dump_json())
            assert dumped["engine"] == {"name": engine.info.name, "version": engine.info.version}
            assert dumped["rules_version"] == assessment.rules_version
    default = alscriteria.evaluate({})
    assert default.engine.name == ("durable_rules" if DURABLE else "alscriteria-evaluator")


def test_own_evaluator_gives_the_same_assessments_as_the_default_engine() -> None:
    own = RuleEngine(memo_size=0, backend="python")
    rng = random.Random(5)
    options = Readings.options()
    for case in random_cases(300, seed=31):
        readings = Readings(**{k: rng.choice(v) for k, v in options.items()})
        want = alscriteria.evaluate_all(case, readings=readings, plan=True)
        got = alscriteria.evaluate_all(case, readings=readings, plan=True, engine=own)
        for cid in want:
            a, b = want[cid].model_dump(), got[cid].model_dump()
            a.pop("engine"), b.pop("engine")
            assert a == b, cid


def test_durable_is_in_use_where_ci_requires_it() -> None:
    """CI sets ALSCRITERIA_REQUIRE_DURABLE=1 so that a silent fallback cannot pass for the
    engine working on that Python."""
    if os.environ.get("ALSCRITERIA_REQUIRE_DURABLE") != "1":
        pytest.skip("ALSCRITERIA_REQUIRE_DURABLE is not set")
    assert DURABLE, durable_problem()
    assert engine_module.shared_engine().backend == "durable"


# --- lazily built Assessments ------------------------------------------------------------


def test_lazy_assessments_equal_eager_ones_in_json() -> None:
    """Explanations built when read, in any order and interleaved between criteria sets,
    give the same JSON as ones built at once."""
    rng = random.Random(11)
    options = Readings.options()
    fields = [
        "warnings",
        "phenotype",
        "regions",
        "trace",
        "missing",
        "notes",
        "alternatives",
        "plan",
    ]
    for i, case in enumerate(random_cases(2500, seed=99)):
        readings = (
            DEFAULT_READINGS
            if i % 2
            else Readings(**{k: rng.choice(v) for k, v in options.items()})
        )
        plan = i % 5 == 0
        eager = {
            c: a.explain() for c, a in alscriteria.evaluate_all(case, readings, plan=plan).items()
        }
        lazy = alscriteria.evaluate_all(case, readings, plan=plan)
        reads = [(cid, f) for cid in lazy for f in fields]
        rng.shuffle(reads)
        for cid, name in reads[: rng.randint(0, len(reads))]:
            getattr(lazy[cid], name)
        for cid in eager:
            assert lazy[cid].model_dump_json() == eager[cid].model_dump_json(), (cid, case)
        assert {c: (a.category, a.pattern_category) for c, a in lazy.items()} == {
            c: (a.category, a.pattern_category) for c, a in eager.items()
        }


def test_categories_are_decided_before_any_explanation_is_read() -> None:
    """A cohort that reads only categories builds no red flags, phenotype or explanation."""
    case: dict[str, Any] = random_cases(1, seed=3)[0]

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("built for a category")

    context = alscriteria.assess.context
    with (
        mock.patch.object(context, "red_flags", never),
        mock.patch.object(context, "motor_phenotype", never),
    ):
        got = alscriteria.evaluate_all(case)
        for cid, assessment in got.items():
            assert set(assessment.__dict__) & set(EXPLAINED) == set()
            want = reference(case)[cid]
            assert (assessment.category.value, assessment.pattern_category.value) == want
    assert all(a.warnings is not None and a.phenotype.code for a in got.values())


def test_a_stored_assessment_loads_back_equal_and_needs_its_explanations() -> None:
    a = alscriteria.evaluate(random_cases(1, seed=4)[0], "gold-coast", plan=True)
    stored = a.model_dump(mode="json")
    again = alscriteria.Assessment.model_validate(stored)
    assert again == a and again.model_dump(mode="json") == stored
    del stored["trace"]
    with pytest.raises(ValueError, match="trace"):
        alscriteria.Assessment.model_validate(stored)


# --- where durable_rules cannot be imported ----------------------------------------------

_BLOCK_DURABLE = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "durable_rules_engine" or name.startswith("durable"):
            raise ImportError("undefined symbol: PyEval_CallObject (simulated)")
sys.meta_path.insert(0, Block())
sys.argv = ["alscriteria", *sys.argv[1:]]
from alscriteria.cli.app import main
sys.exit(main())
"""


def _run_without_durable(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCK_DURABLE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_without_durable_the_cli_still_answers_and_says_so_once() -> None:
    done = _run_without_durable("evaluate", "examples/definite.json", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for cid, assessment in results.items():
        assert assessment["engine"]["name"] == "alscriteria-evaluator"
        assert (
            assessment["category"]
            == reference(json.loads((ROOT / "examples/definite.json").read_text()))[cid][0]
        )
    assert "Traceback" not in done.stderr
    if not engine_module.durable_installed():
        # the base install: no durable_rules is a choice, not a fault, and nothing is said
        assert done.stderr == ""
        return
    # installed but blocked from loading: said once, with the repair for this Python
    assert done.stderr.count("durable_rules is installed but cannot load") == 1
    flag = "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject"
    assert (flag in done.stderr) == (sys.version_info >= (3, 13))
    assert sys.executable in done.stderr and "--no-cache-dir" in done.stderr


def test_with_durable_the_cli_says_nothing_about_engines() -> None:
    if not DURABLE:
        pytest.skip("durable_rules is not importable here")
    done = subprocess.run(
        [sys.executable, "-m", "alscriteria", "evaluate", "examples/definite.json", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == ""


def test_install_command_names_this_python() -> None:
    command = durable_install_command()
    flag = "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject "
    assert command.startswith(flag) == (sys.version_info >= (3, 13))
    assert f"{sys.executable} -m pip install" in command and "durable-rules==2.0.28" in command


def _models_in(value: Any) -> list[Any]:
    """Every pydantic model inside a value, depth first."""
    if isinstance(value, pydantic.BaseModel):
        found = [value]
        for name in type(value).model_fields:
            found.extend(_models_in(value.__dict__[name]))
        return found
    if isinstance(value, list | tuple):
        return [m for item in value for m in _models_in(item)]
    return []


def test_explanations_built_without_validation_are_what_validation_would_make() -> None:
    """The explanation models are built from values the code typed itself, not validated
    (OutputModel.built): each has every field, of the type validation would give, so its
    JSON and its Python dump equal those of the same data validated."""
    for case in random_cases(300, seed=23):
        for a in alscriteria.evaluate_all(case, plan=True).values():
            built = [m for name in EXPLAINED for m in _models_in(getattr(a, name))]
            for model in built:
                assert set(model.__dict__) == set(type(model).model_fields), type(model)
                again = type(model).model_validate(model.model_dump())
                assert again.model_dump() == model.model_dump(), type(model)
                assert again.model_dump_json() == model.model_dump_json(), type(model)
