"""The engine memo's second key: facts whose every requirement comes out alike fire alike.

A rule is the conjunction of its requirements (rules/rule.py), so the rules a fact fires are
a function of which requirements hold of it (`RulesetSpec.outcome`). The engine memo keeps
the engine's answer for the first fact of each outcome and gives it for the others
(rules/engine.py `_first`): a cold process asks durable_rules about ninety questions where
keying by the fact's projection asked seven hundred (the benchmark's 3,000 cases). These
tests hold, for every ruleset any readings build and every fact of the finite fact space,
that the engine itself (durable_rules where it loads, asked without a memo) fires the same
rules on facts alike in outcome, and that the memo's answers are the engine's own for every
fact, in any order of questions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import all_gate_facts, all_rule_facts
from alscriteria.rules.rule import Fact, RulesetSpec
from strategies import examples
from test_engines import DURABLE, RULESETS, needs_durable

BACKENDS = ["python", pytest.param("durable", marks=needs_durable)]


def _facts(spec: RulesetSpec) -> Sequence[Fact]:
    return all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()


def _one_per_question() -> list[RulesetSpec]:
    """A ruleset for each question the engine is given (rulesets that ask alike are one)."""
    return list({spec.asks: spec for spec in RULESETS}.values())


@pytest.mark.parametrize("backend", BACKENDS)
def test_facts_alike_in_outcome_fire_the_same_rules_on_the_engine_itself(backend: str) -> None:
    """Every question, every fact, the engine asked each time (no memo)."""
    engine = RuleEngine(memo_size=0, backend=backend)  # type: ignore[arg-type]
    merged = 0
    for spec in _one_per_question():
        fired: dict[tuple[bool, ...], frozenset[str]] = {}
        facts = _facts(spec)
        for fact in facts:
            answer = engine.fire(spec, fact)
            assert fired.setdefault(spec.outcome(fact), answer) == answer, (spec.name, fact)
        merged += len(facts) - len(fired)
    assert merged > 0  # the outcome does merge facts (the point of it)


def test_the_outcome_names_each_requirement_once() -> None:
    """A requirement two rules share is one entry, and every requirement has one."""
    for spec in RULESETS:
        fact = _facts(spec)[0]
        distinct = {r for rule in spec.rules for r in rule.requirements}
        assert len(spec.outcome(fact)) == len(distinct), spec.name


def test_the_outcome_is_each_requirement_read_on_the_fact() -> None:
    """The outcome as its definition says, for every ruleset and fact: a conjunction true
    exactly where each of its requirements' entries is (so it decides the rule)."""
    for spec in RULESETS:
        index = {
            r: i
            for i, r in enumerate(
                dict.fromkeys(r for rule in spec.rules for r in rule.requirements)
            )
        }
        for fact in _facts(spec):
            outcome = spec.outcome(fact)
            for rule in spec.rules:
                held = all(outcome[index[r]] for r in rule.requirements)
                assert held == rule.holds(fact), (spec.name, rule.id, fact)


@settings(max_examples=examples(60), deadline=None)
@given(st.data())
def test_the_memo_gives_the_engines_own_answer_in_any_order(data: st.DataObject) -> None:
    """Questions in any order, over rulesets that share questions and facts that share
    outcomes: the memo's answer is always the engine's for that very fact."""
    backend = "durable" if DURABLE else "python"
    memo = RuleEngine(backend=backend)  # type: ignore[arg-type]
    fresh = RuleEngine(memo_size=0, backend=backend)  # type: ignore[arg-type]
    specs = data.draw(st.lists(st.sampled_from(RULESETS), min_size=1, max_size=6))
    for _ in range(data.draw(st.integers(1, 60))):
        spec = data.draw(st.sampled_from(specs))
        fact = data.draw(st.sampled_from(_facts(spec)))
        assert memo.fire(spec, fact) == fresh.fire(spec, fact), (spec.name, fact)


def test_a_small_memo_starts_again_and_still_answers_right() -> None:
    """At its bound each of the memo's keys starts again empty, and answers are still the
    engine's."""
    rng = random.Random(23)
    memo = RuleEngine(memo_size=64, backend="python")
    fresh = RuleEngine(memo_size=0, backend="python")
    questions = [(spec, fact) for spec in RULESETS[:6] for fact in _facts(spec)]
    rng.shuffle(questions)
    for spec, fact in questions[:3000]:
        assert memo.fire(spec, fact) == fresh.fire(spec, fact)
        assert len(memo._memo) <= 64 and len(memo._alike) <= 64
