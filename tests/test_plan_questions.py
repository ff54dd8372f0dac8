"""The plan's questions to the engine (criteria.md A.4): rulesets that give the engine the
same rules ask one question a fact.

The upgrade search asks, for a path, what the other gap reading (A.3.4) would give; the two
gap readings build rulesets that differ only in what the residual rule grants, so the engine
(durable_rules) is given the same rules and conditions under two names. The engine memo keys
its answers by that question (`RulesetSpec.asks`), not by the name: these tests hold that
rulesets keyed alike fire the same rules on every fact of the finite fact space, that the
memo's answers are those of an engine without one for every ruleset and fact however the
rulesets are interleaved, and that the gap readings do share (the point of it).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import pytest

from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import RULE_READINGS
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import all_gate_facts, all_rule_facts
from alscriteria.rules.rule import Fact, RulesetSpec
from test_engines import RULESETS, needs_durable


def _facts(spec: RulesetSpec) -> Sequence[Fact]:
    return all_gate_facts() if spec.name.endswith(".gate") else all_rule_facts()


def test_rulesets_that_ask_alike_fire_the_same_rules_on_every_fact() -> None:
    own = RuleEngine(memo_size=0, backend="python")
    groups: dict[str, list[RulesetSpec]] = defaultdict(list)
    for spec in RULESETS:
        groups[spec.asks].append(spec)
    shared = [specs for specs in groups.values() if len(specs) > 1]
    assert shared  # some rulesets do ask alike
    for first, *others in shared:
        for fact in _facts(first):
            answer = own.fire(first, fact)
            for other in others:
                assert own.fire(other, fact) == answer, (first.name, other.name, fact)


def test_rulesets_whose_conditions_differ_ask_differently() -> None:
    """The question is the rules' conditions: the two readings of Probable (A.3.4) build a
    rule of the same id with other requirements, so they must not share answers."""
    for cset in CRITERIA.values():
        separate = cset.ruleset(Readings(probable="separate"))
        aggregate = cset.ruleset(Readings(probable="aggregate"))
        if "probable" in cset.readings_used:
            assert separate.asks != aggregate.asks, cset.id


def test_the_two_gap_readings_ask_the_engine_one_question() -> None:
    """For every criteria set and every rule reading, the residual and unclassified gap
    readings give the engine the same rules, so the plan's question of the other reading
    is the search's own (the point of `asks`), while each keeps its own categories."""
    gap = RULE_READINGS.index("gap")
    for cset in CRITERIA.values():
        for spec in {cset.ruleset(r) for r in _every_rule_reading()}:
            key = spec.name.split(".")[3:]
            if key[gap] != "residual-possible":
                continue
            other = [*key]
            other[gap] = "unclassified"
            strict = cset.ruleset(Readings(**dict(zip(RULE_READINGS, other, strict=True))))
            assert strict is not spec and strict.asks == spec.asks, spec.name
            if "gap" in cset.readings_used:  # Gold Coast has no gap pattern to read
                assert [r.category for r in strict.rules] != [r.category for r in spec.rules]


@pytest.mark.parametrize("backend", ["python", pytest.param("durable", marks=needs_durable)])
def test_the_memo_gives_each_ruleset_the_engines_own_answer(backend: str) -> None:
    """Every ruleset and fact, in a shuffled order (so one ruleset's answer is often read
    for another's question), against an engine without a memo."""
    rng = random.Random(10)
    questions = [(spec, fact) for spec in RULESETS for fact in _facts(spec)]
    if backend == "durable":  # the C engine is slower: a spread sample, every ruleset in it
        questions = questions[::5]
    rng.shuffle(questions)
    memo = RuleEngine(backend=backend)
    fresh = RuleEngine(memo_size=0, backend=backend)
    for spec, fact in questions:
        assert memo.fire(spec, fact) == fresh.fire(spec, fact), (spec.name, fact)
    # and the memo asked once a question and set of outcomes, not once a name or projection
    asked = {(spec.asks, spec.outcomes(fact)) for spec, fact in questions}
    read = {(spec.asks, spec.projection(fact)) for spec, fact in questions}
    named = {(spec.name, spec.projection(fact)) for spec, fact in questions}
    assert memo.engine_calls == len(asked) < len(read) < len(named)


def _every_rule_reading() -> list[Readings]:
    options = Readings.options()
    out = [Readings()]
    for name in RULE_READINGS:
        out = [r.model_copy(update={name: value}) for r in out for value in options[name]]
    return out


@pytest.mark.parametrize("backend", ["python", pytest.param("durable", marks=needs_durable)])
def test_facts_alike_in_what_the_rules_compare_fire_the_same_rules(backend: str) -> None:
    """The upgrade search decides a count by the rules the engine fires on the first fact
    its rules compare alike (`RulesetSpec.outcomes`: whether each requirement holds) and
    keeps that for every such fact: exact only if, for every ruleset, every pair of facts
    alike there is fired alike by the engine itself. Every fact of every ruleset, asked of
    an engine without a memo."""
    engine = RuleEngine(memo_size=0, backend=backend)
    merged = 0
    for spec in RULESETS:
        fired: dict[tuple[bool, ...], frozenset[str]] = {}
        for fact in _facts(spec):
            answer = engine.fire(spec, fact)
            assert fired.setdefault(spec.outcomes(fact), answer) == answer, (spec.name, fact)
        merged += len({spec.projection(f) for f in _facts(spec)}) - len(fired)
    assert merged > 0  # coarser than the projection (the point of it)


def test_rulesets_that_ask_alike_compare_alike() -> None:
    """The search's table of what the engine fires is kept by the question (`asks`), so
    the gap readings share it: rulesets that ask alike must give every fact the same
    outcomes, requirement by requirement."""
    groups: dict[str, list[RulesetSpec]] = defaultdict(list)
    for spec in RULESETS:
        groups[spec.asks].append(spec)
    for first, *others in groups.values():
        for fact in _facts(first):
            for other in others:
                assert other.outcomes(fact) == first.outcomes(fact), (first.name, other.name)
