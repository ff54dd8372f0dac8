"""The upgrade search's fast paths equal its definition (criteria.md A.4), for every input.

The package's search (`assess/plan/upgrades.py:upgrade_paths`) asks each combination of
added findings by index, keeps each size's ranks in a table, and builds a path only once it
is sure to be kept; its answers are kept in the engine memo by what the search reads of the
masks (`CriteriaSet.search_key`), each count's category in one table a ruleset. The
definition is the search as first written (tests/plan_helpers.py), each addition's category
read from masks rebuilt by `with_added`: these tests hold the two equal on arbitrary masks
(not only those a case gives), under every criteria set and reading, and hold masks that
agree on the search key to have the same paths.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.explain import alternatives
from alscriteria.assess.plan.upgrades import Reader, upgrade_paths
from alscriteria.assess.verdict import decision, pattern_for
from alscriteria.case.readings import Readings
from alscriteria.criteria import CRITERIA
from alscriteria.criteria.base import CriteriaSet, unpacked
from alscriteria.regions.masks import DEFINITION_INDEX, EvidenceMasks
from alscriteria.rules.engine import RuleEngine, shared_engine
from alscriteria.rules.facts import rule_fact
from plan_helpers import reader_of, upgrade_paths_by_definition, upgrades_under, with_added
from strategies import examples, readings

_MASK = st.integers(0, 15)


@st.composite
def evidence_masks(draw: st.DrawFn) -> EvidenceMasks:
    """Any masks: weakness with wasting within weakness or wasting, as a case gives, and
    the rest free (limb counts that no case gives included: the search must not care)."""
    both = draw(_MASK)
    return EvidenceMasks(
        draw(_MASK),
        both | draw(_MASK),
        both,
        (draw(_MASK), draw(_MASK)),
        (draw(st.integers(0, 4)), draw(st.integers(0, 4))),
    )


def _by_definition(cset: CriteriaSet, rd: Readings, masks: EvidenceMasks, engine: Any) -> Any:
    """The paths as first found: every addition's category from the masks it makes."""
    return upgrades_under(cset, rd, masks, pattern_for(cset, rd, masks, engine), engine)


@settings(max_examples=examples(400))
@given(masks=evidence_masks(), rd=readings)
def test_the_shared_search_equals_its_definition_on_any_masks(
    masks: EvidenceMasks, rd: Readings
) -> None:
    """The paths the plan reads (the fast search behind the engine memo's tables) are those
    of the search as first written, path for path, in order, with every field."""
    engine = shared_engine()
    for cset in CRITERIA.values():
        pattern = pattern_for(cset, rd, masks, engine)
        expected = _by_definition(cset, rd, masks, engine)
        assert alternatives.upgrades_of(cset, rd, masks, pattern, engine) == expected
        # and without a memo: every table built afresh for the one search
        fresh = RuleEngine(memo_size=0)
        assert alternatives.upgrades_of(cset, rd, masks, pattern, fresh) == expected


@settings(max_examples=examples(300))
@given(masks=evidence_masks(), rd=readings, most=st.integers(1, 5))
def test_the_search_alone_equals_its_definition_with_the_same_reader(
    masks: EvidenceMasks, rd: Readings, most: int
) -> None:
    """The search itself, given the same categories for each addition (by rebuilt masks),
    keeps the same additions in the same order and the same best `most` of each category."""
    engine = shared_engine()
    strict = rd.model_copy(update={"gap": "unclassified"})
    counted = rd.model_copy(update={"lab_supported_emg": "limbs"})
    for cset in CRITERIA.values():
        pattern = pattern_for(cset, rd, masks, engine)

        def pattern_of(*added: int, cset: CriteriaSet = cset) -> Any:
            return pattern_for(cset, rd, with_added(masks, *added), engine)

        def without_gap(*added: int, cset: CriteriaSet = cset) -> Any:
            return pattern_for(cset, strict, with_added(masks, *added), engine)

        def rank_of(*added: int, cset: CriteriaSet = cset) -> int:
            return cset.rank(pattern_of(*added))

        def rank_without_gap(*added: int, cset: CriteriaSet = cset) -> int:
            return cset.rank(without_gap(*added))

        def by_limbs(*added: int, cset: CriteriaSet = cset) -> Any:
            return pattern_for(cset, counted, with_added(masks, *added), engine)

        def rank_by_limbs(*added: int, cset: CriteriaSet = cset) -> int:
            return cset.rank(by_limbs(*added))

        expected = upgrade_paths_by_definition(
            cset, masks, pattern, pattern_of, most, without_gap=without_gap, by_limbs=by_limbs
        )
        got = upgrade_paths(
            cset,
            masks,
            pattern,
            reader_of(rank_of),
            most,
            reader_of(rank_without_gap),
            reader_of(rank_by_limbs),
        )
        assert got == expected
        assert [u.model_dump_json() for u in got] == [u.model_dump_json() for u in expected]


@settings(max_examples=examples(200))
@given(masks=evidence_masks(), rd=readings)
def test_the_search_decides_each_count_once_and_keeps_it(
    masks: EvidenceMasks, rd: Readings
) -> None:
    """The search reads each addition's counts in line (`Reader`): a count not yet in the
    table is decided once, by the engine's category, and kept there for later additions
    and searches; a count already there is never decided again."""
    engine = RuleEngine(memo_size=0)
    for cset in CRITERIA.values():
        spec = cset.ruleset(rd)
        decided: list[int] = []

        def decide(
            counts: int, cset: CriteriaSet = cset, spec: Any = spec, decided: list[int] = decided
        ) -> int:
            decided.append(counts)
            fired = engine.fire(spec, rule_fact(*unpacked(counts)))
            return cset.rank(decision(cset, spec, fired)[1])

        base, by_emg = cset.counts_after(masks, rd)
        known: dict[int, int] = {}
        pattern = pattern_for(cset, rd, masks, engine)
        first = upgrade_paths(cset, masks, pattern, Reader(base, by_emg, known, decide))
        assert len(decided) == len(set(decided)) and set(decided) == set(known)
        again = upgrade_paths(cset, masks, pattern, Reader(base, by_emg, known, decide))
        assert again == first and len(decided) == len(known)
        if pattern is not cset.top:
            assert known  # the search did read through the table


@settings(max_examples=examples(300))
@given(
    masks=evidence_masks(),
    other=evidence_masks(),
    rd=readings,
    cid=st.sampled_from(list(CRITERIA)),
)
def test_masks_that_agree_on_the_search_key_have_the_same_paths(
    masks: EvidenceMasks, other: EvidenceMasks, rd: Readings, cid: str
) -> None:
    """The engine memo keeps paths by `search_key`: masks that differ only where the
    criteria set does not look (the other muscle definition, the other clinical LMN
    definition, the limb count of a set without a laboratory-supported clause) have the
    same paths, by the definition."""
    cset = CRITERIA[cid]
    mine = DEFINITION_INDEX[cset.muscle_definition]
    both = cset.clinical_lmn_needs == "weakness_and_wasting"
    clinical = cset.clinical_mask(masks)
    # the other clinical definition, free within what a case can give
    either = masks.weakness_or_wasting if not both else clinical | other.weakness_or_wasting
    strict = masks.weakness_and_wasting if both else clinical & other.weakness_and_wasting
    emg = list(other.emg)
    emg[mine] = masks.emg[mine]
    limbs = list(other.emg_limbs)
    # revised El Escorial reads the limbs under either reading: counted under `limbs`,
    # and under `regions` whether a path rests on that reading (session 12)
    if cset.uses_emg_count:
        limbs[mine] = masks.emg_limbs[mine]
    twin = EvidenceMasks(masks.umn, either, strict, (emg[0], emg[1]), (limbs[0], limbs[1]))
    assert cset.search_key(twin, rd) == cset.search_key(masks, rd)
    engine = shared_engine()
    assert _by_definition(cset, rd, twin, engine) == _by_definition(cset, rd, masks, engine)


def test_threads_filling_the_shared_tables_at_once_give_the_serial_plans() -> None:
    """Eight threads plan their cases on one engine whose tables start empty (each count's
    rank filled by whichever thread asks first, the paths kept by search key): every plan's
    JSON is the one a single thread without a memo writes."""
    from test_engine_adapter import random_cases, random_readings

    rng = random.Random(23)
    jobs = [(case, random_readings(rng)) for case in random_cases(96, seed=23)]
    serial = RuleEngine(memo_size=0)

    def planned(case: dict[str, Any], rd: Readings, engine: RuleEngine) -> list[str]:
        found = alscriteria.evaluate_all(case, rd, plan=True, engine=engine)
        return [a.model_dump_json() for a in found.values()]

    expected = [planned(case, rd, serial) for case, rd in jobs]
    shared = RuleEngine()
    threads = 8
    start = threading.Barrier(threads)

    def work(t: int) -> list[tuple[int, list[str]]]:
        start.wait()
        # every thread plans every case, each from a different one, so they race on the
        # same tables and the same search keys
        order = [(t * 12 + i) % len(jobs) for i in range(len(jobs))]
        return [(i, planned(*jobs[i], shared)) for i in order]

    with ThreadPoolExecutor(max_workers=threads) as executor:
        results = list(executor.map(work, range(threads)))
    for out in results:
        for i, got in out:
            assert got == expected[i], f"a thread's plan differs for case {i}: {jobs[i]!r}"
    assert shared.answers_built["pattern"] >= 1
