"""Session 12, the categories path (issue 23): each criteria set's verdict kept by what its
rule fact reads of the masks, packed in one int (assess/verdict.py `SetVerdicts.key`).

The key is the fast path; `CriteriaSet.fact` is the definition. Masks with the same key
must have the same fact (else one case would take another's verdict), and the verdict kept
under it must be the one the set decides alone (test_session11_cat.py holds `verdicts_of`
against each set decided alone, case by case, with and without the engine memo).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.context import CaseContext
from alscriteria.assess.verdict import SetVerdicts, verdicts_of
from alscriteria.case.model import parse_case
from alscriteria.case.readings import DEFAULT_READINGS, Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import unpacked
from alscriteria.regions.masks import EvidenceMasks
from alscriteria.rules.engine import RuleEngine
from alscriteria.rules.facts import rule_fact
from strategies import any_cases, examples, readings

SETS = tuple(CRITERIA.values())
_mask = st.integers(0, 15)
_limbs = st.integers(0, 2)
masks = st.builds(
    EvidenceMasks,
    _mask,
    _mask,
    _mask,
    st.tuples(_mask, _mask),
    st.tuples(_limbs, _limbs),
)


@settings(max_examples=examples(400), deadline=None)
@given(st.sampled_from(SETS), readings, masks, masks)
def test_the_packed_key_is_the_sets_fact(
    cset: Any, chosen: Readings, first: EvidenceMasks, second: EvidenceMasks
) -> None:
    """The key unpacks to the very counts the set's fact is made of, so two masks share a
    key exactly when the set reads the same fact of them."""
    table = SetVerdicts(cset, chosen)
    for found in (first, second):
        assert rule_fact(*unpacked(table.key(found))) == cset.fact(found, chosen)
    same_key = table.key(first) == table.key(second)
    assert same_key == (cset.fact(first, chosen) == cset.fact(second, chosen))


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(any_cases, min_size=2, max_size=6), readings)
def test_a_kept_verdict_is_each_cases_own(cases: list[dict[str, Any]], chosen: Readings) -> None:
    """Cases read one after another through one engine's tables get the verdicts a fresh
    engine without a memo gives each alone (a kept entry never answers for a case whose
    fact differs), and their results' categories are those."""
    engine = RuleEngine()
    for case in cases:
        parsed = parse_case(case)
        kept = verdicts_of(CaseContext(parsed, engine), SETS, chosen)
        alone = verdicts_of(CaseContext(parsed, RuleEngine(memo_size=0)), SETS, chosen)
        for mine, own in zip(kept, alone, strict=True):
            assert (mine.fact, mine.spec, mine.fired) == (own.fact, own.spec, own.fired)
            assert (mine.gate_open, mine.pattern, mine.category) == (
                own.gate_open,
                own.pattern,
                own.category,
            )
        results = alscriteria.evaluate_all(case, chosen, engine=engine)
        assert [a.category for a in results.values()] == [v.category for v in alone]


def test_the_tables_are_kept_per_choice_of_sets_and_readings() -> None:
    """One engine-memo entry a choice of sets and readings: another order of the sets, or
    other readings, has its own tables (each set's spec is its readings')."""
    engine = RuleEngine()
    case = parse_case({"regions": {"cervical": {"umn_signs": ["hoffmann"]}}})
    ctx = CaseContext(case, engine)
    forward = verdicts_of(ctx, SETS, DEFAULT_READINGS)
    backward = verdicts_of(CaseContext(case, engine), SETS[::-1], DEFAULT_READINGS)
    assert [v.spec for v in forward] == [v.spec for v in backward][::-1]
    other = Readings(lab_supported_emg="limbs")
    assert [v.spec for v in verdicts_of(CaseContext(case, engine), SETS, other)] == [
        cset.ruleset(other) for cset in SETS
    ]
