"""The shared answers of the explanations (alternative readings, upgrade paths) are keyed by
the readings the rules read: the same answer as keyed by every reading, stored once."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.explain import alternatives
from alscriteria.assess.verdict import Verdict, decision, pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import packed, unpacked
from alscriteria.regions.evidence import CaseEvidence
from alscriteria.regions.masks import EvidenceMasks
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.facts import rule_fact
from plan_helpers import upgrades_under, with_added
from strategies import any_cases, examples, readings


@settings(max_examples=examples(150), deadline=None)
@given(case=any_cases, rd=readings)
def test_keyed_answers_equal_the_answers_under_every_reading(
    case: dict[str, Any], rd: Readings
) -> None:
    from alscriteria.assess.context import CaseContext

    engine = shared_engine()
    ctx = CaseContext(alscriteria.parse_case(case), engine)
    masks = ctx.evidence(rd).masks
    for cset in CRITERIA.values():
        pattern = pattern_for(cset, rd, masks, engine)
        expected = upgrades_under(cset, rd, masks, pattern, engine)
        assert alternatives.upgrades_of(cset, rd, masks, pattern, engine) == expected
        fact = cset.fact(masks, rd)
        spec = cset.ruleset(rd)
        fired, pat = decision(cset, spec, engine.fire(spec, fact))
        for gate_open in (True, False):
            category = pat if gate_open else alscriteria.Category.NOT_MET
            verdict = Verdict(CaseEvidence((), masks), fact, spec, fired, gate_open, pat, category)
            full = alternatives.alternative_readings(cset, rd, verdict, lambda _: masks, engine)
            got = alternatives.alternatives_for_masks(cset, rd, masks, gate_open, engine)
            assert list(got) == full


def test_readings_the_rules_do_not_read_share_one_entry() -> None:
    engine = RuleEngine()
    cset = CRITERIA["awaji"]
    case = alscriteria.parse_case({"regions": {"cervical": {"umn_signs": ["hyperreflexia"]}}})
    from alscriteria.assess.context import CaseContext

    ctx = CaseContext(case, engine)
    for value in ("disjoint", "not-identical"):
        rd = Readings(root_independence=value, accessory_muscles="cervical")
        alternatives.alternatives_for_masks(cset, rd, ctx.evidence(rd).masks, True, engine)
    assert engine.answers_built["alternatives"] == 1


def _evaluated_twice(case: dict[str, Any]) -> tuple[weakref.ref[RuleEngine], dict[str, int]]:
    """Evaluate with a memo and without; only a weak reference to the memo's engine leaves
    (on 3.12 a frame's locals, once read by pydantic's first model build, keep what they
    held until the frame ends: so the engine lives in this frame only)."""
    kept, fresh = RuleEngine(), RuleEngine(memo_size=0)
    for _ in range(2):
        a = alscriteria.evaluate_all(case, plan=True, engine=kept)
        b = alscriteria.evaluate_all(case, plan=True, engine=fresh)
        assert {k: v.model_dump_json() for k, v in a.items()} == {
            k: v.model_dump_json() for k, v in b.items()
        }
    assert not fresh.answers_built
    return weakref.ref(kept), dict(kept.answers_built)


def test_the_engine_memo_holds_the_shared_answers_and_dies_with_its_engine() -> None:
    """Upgrade paths, alternative readings, what a rule lacks and the category each count of
    regions gives in a search are kept by the engine that decided them (one bound, no module cache holding engines alive); an engine without a
    memo builds them every time, with the same results."""
    case = {"regions": {"cervical": {"umn_signs": ["hyperreflexia"], "lmn_signs": ["wasting"]}}}
    engine, built = _evaluated_twice(case)
    assert {"upgrades", "alternatives", "short_of", "gate_missing", "pattern"} <= set(built)
    # each answer once per criteria set (what a category lacks: the next category's and, below
    # laboratory support, Probable's); each count's category once per ruleset; a fired
    # rule's JSON before its evidence once per rule that fired (the stitched JSON)
    # (the plan's items and suggestions are kept for every plan alike: several a set)
    assert built["short_of"] <= 6
    skip = ("pattern", "firing_head", "json", "plan_item", "muscle_suggestion", "short_of")
    skip += ("upgrade",)  # one a distinct path, shared by every search that finds it
    assert all(n <= 3 for kind, n in built.items() if kind not in skip)
    # the JSON kept beside the kept objects, and beside each set's upgrade paths (the plan's)
    assert built["json"] <= 3 + built["upgrades"]
    plans = [a.plan for a in alscriteria.evaluate_all(case, plan=True).values()]
    assert built["plan_item"] <= sum(len(p.timing) + len(p.cautions) for p in plans if p)
    assert 0 < built["upgrade"] <= sum(len(p.upgrades) for p in plans if p)
    fired = sum(len(a.trace) for a in alscriteria.evaluate_all(case).values())
    assert 0 < built["firing_head"] <= fired
    gc.collect()
    assert engine() is None


_MASK = st.integers(0, 15)


@settings(max_examples=examples(300))
@given(
    umn=_MASK,
    either=_MASK,
    both=_MASK,
    emg=st.tuples(_MASK, _MASK),
    limbs=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    added=st.tuples(_MASK, _MASK, _MASK),
    rd=readings,
)
def test_counts_after_an_addition_are_those_of_the_added_masks(
    umn: int,
    either: int,
    both: int,
    emg: tuple[int, int],
    limbs: tuple[int, int],
    added: tuple[int, int, int],
    rd: Readings,
) -> None:
    """The upgrade search reads each addition's rule fact by bit arithmetic: the same fact
    as the masks with the findings added, for every criteria set and reading."""
    masks = EvidenceMasks(umn, either | both, both, emg, limbs)
    for cset in CRITERIA.values():
        base, by_emg = cset.counts_after(masks, rd)
        add = packed(*added)
        counts = unpacked(base | add & 0xFF | by_emg[add >> 8])
        assert rule_fact(*counts) == cset.fact(with_added(masks, *added), rd)


@settings(max_examples=examples(300))
@given(
    umn=_MASK,
    either=_MASK,
    both=_MASK,
    emg=st.tuples(_MASK, _MASK),
    limbs=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    rd=readings,
)
def test_the_rule_fact_counts_as_the_criteria_set_counts_regions(
    umn: int, either: int, both: int, emg: tuple[int, int], limbs: tuple[int, int], rd: Readings
) -> None:
    """`fact` reads the masks in one call; it is the fact of the set's own region counts."""
    masks = EvidenceMasks(umn, either | both, both, emg, limbs)
    for cset in CRITERIA.values():
        want = rule_fact(cset.umn_mask(masks), cset.lmn_mask(masks), cset.emg_count(masks, rd))
        assert cset.fact(masks, rd) == want
