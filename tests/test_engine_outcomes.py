"""The engine memo's second key, seen from the categories path: facts whose requirements
come out alike fire alike (`RulesetSpec.outcomes`; tests/test_plan_questions.py holds it on
the engine itself for every ruleset and fact). A cold process of the benchmark's 3,000
cases asks durable_rules 90 questions where keying by the fact's projection asked 756.
These tests hold the memo's answers to be the engine's own for every fact, in any order of
questions, with one engine across many cases as a process keeps it, and within its bound.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import all_gate_facts, all_rule_facts
from alscriteria.rules.rule import Fact, RulesetSpec
from strategies import examples
from test_engines import DURABLE, RULESETS

#: One engine for every example, as a process keeps one (its memo read across examples).
_MEMO = RuleEngine(backend="durable" if DURABLE else "python")
_FRESH = RuleEngine(memo_size=0, backend="durable" if DURABLE else "python")


def _facts(spec: RulesetSpec) -> Sequence[Fact]:
    return all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()


def test_the_outcomes_decide_each_rule() -> None:
    """Each rule holds of a fact exactly where each of its requirements' entries is true
    (the entries rule by rule, in order): the outcomes decide which rules fire."""
    for spec in RULESETS:
        for fact in _facts(spec):
            outcomes = iter(spec.outcomes(fact))
            for rule in spec.rules:
                held = [next(outcomes) for _ in rule.requirements]
                assert all(held) == rule.holds(fact), (spec.name, rule.id, fact)
            assert next(outcomes, None) is None


@settings(max_examples=examples(80), deadline=None)
@given(st.data())
def test_the_memo_gives_the_engines_own_answer_in_any_order(data: st.DataObject) -> None:
    """Questions in any order, over rulesets that share questions and facts that share
    outcomes, one engine for every example: its answer is the engine's for that very fact."""
    specs = data.draw(st.lists(st.sampled_from(RULESETS), min_size=1, max_size=6))
    for _ in range(data.draw(st.integers(1, 60))):
        spec = data.draw(st.sampled_from(specs))
        fact = data.draw(st.sampled_from(_facts(spec)))
        assert _MEMO.fire(spec, fact) == _FRESH.fire(spec, fact), (spec.name, fact)


def test_a_small_memo_starts_again_and_still_answers_right() -> None:
    """At its bound the memo starts again empty, and its answers are still the engine's."""
    rng = random.Random(23)
    memo = RuleEngine(memo_size=64, backend="python")
    fresh = RuleEngine(memo_size=0, backend="python")
    questions = [(spec, fact) for spec in RULESETS[:6] for fact in _facts(spec)]
    rng.shuffle(questions)
    for spec, fact in questions[:3000]:
        assert memo.fire(spec, fact) == fresh.fire(spec, fact)
        assert len(memo._memo) <= 64
