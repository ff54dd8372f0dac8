"""The durable_rules adapter under load, from threads, when an action fails, with and
without the verdict memo (DESIGN.md "The engine adapter").

Cases come from a seeded plain generator (not hypothesis) so that every run asks the same
questions and the thread test can compare against a serial run.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alscriteria
from alscriteria import Readings
from alscriteria.errors import AlsCriteriaError, EngineError
from alscriteria.rules import engine as engine_module
from alscriteria.rules.engine import RuleEngine, shared_engine
from reference import reference
from strategies import EMG_FINDINGS, LMN_SIGNS, MUSCLES, REGION_UMN_SIGNS, REGIONS

CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")
READING_OPTIONS = Readings.options()


def random_case(rng: random.Random) -> dict[str, Any]:
    regions = {}
    for region in rng.sample(REGIONS, rng.randint(0, len(REGIONS))):
        regions[region] = {
            "umn_signs": rng.sample(REGION_UMN_SIGNS[region], rng.choice((0, 0, 1, 2))),
            "lmn_signs": rng.sample(LMN_SIGNS, rng.randint(0, len(LMN_SIGNS))),
        }
    emg = []
    for _ in range(rng.randint(0, 8)):
        study: dict[str, Any] = {
            "muscle": rng.choice(MUSCLES),
            "side": rng.choice(("left", "right", None)),
        }
        study.update({finding: rng.random() < 0.5 for finding in EMG_FINDINGS})
        emg.append(study)
    return {
        "progression": rng.choice((True, True, False, None)),
        "other_causes_excluded": rng.choice((True, True, False, None)),
        "regions": regions,
        "emg": emg,
    }


def random_readings(rng: random.Random) -> Readings:
    if rng.random() < 0.5:
        return Readings()
    return Readings(**{name: rng.choice(values) for name, values in READING_OPTIONS.items()})


def random_cases(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_case(rng) for _ in range(n)]


def dumps(assessments: dict[str, alscriteria.Assessment]) -> dict[str, dict[str, Any]]:
    return {cid: a.model_dump() for cid, a in assessments.items()}


def categories(assessments: dict[str, alscriteria.Assessment]) -> dict[str, tuple[str, str]]:
    return {cid: (a.category.value, a.pattern_category.value) for cid, a in assessments.items()}


# --- many evaluations in one process ---------------------------------------------------


def _resident_kib() -> int:
    """Current resident set size in KiB (Linux); the peak on other systems."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        return pages * resource.getpagesize() // 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def test_five_thousand_evaluations_without_growing_memory() -> None:
    engine = RuleEngine(memo_size=0)
    pool = random_cases(250, seed=5000)
    rng = random.Random(1)

    def run(n: int) -> None:
        for i in range(n):
            case = pool[i % len(pool)]
            cid = CRITERIA_IDS[i % len(CRITERIA_IDS)]
            alscriteria.evaluate(case, cid, readings=random_readings(rng), engine=engine)

    run(500)  # warm-up: rulesets registered, caches and pools filled
    gc.collect()
    before_rss = _resident_kib()
    before_calls = engine.engine_calls
    run(5000)
    gc.collect()
    grown = _resident_kib() - before_rss
    # far more sessions than the engine's cap of 1,024 live ones: each must have been freed
    assert engine.engine_calls - before_calls >= 5000
    # about 1 MB after the warm-up; a session or a fact leaked per engine call (over
    # 20,000 of them here) would show as tens of megabytes
    assert grown < 16 * 1024, f"resident memory grew by {grown} KiB over 5,000 evaluations"
    # and the engine still answers correctly afterwards
    for case in pool[:20]:
        got = categories(alscriteria.evaluate_all(case, engine=engine))
        assert got == reference(case)


# --- threads ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["fresh", "shared"])
def test_eight_threads_agree_with_one(which: str) -> None:
    engine = RuleEngine(memo_size=0) if which == "fresh" else shared_engine()
    pool = random_cases(160, seed=8)
    rng = random.Random(2)
    jobs = [(case, random_readings(rng)) for case in pool]
    serial_engine = RuleEngine(memo_size=0)
    expected = [
        dumps(alscriteria.evaluate_all(c, readings=r, engine=serial_engine)) for c, r in jobs
    ]

    threads = 8
    start = threading.Barrier(threads)

    def work(t: int) -> list[tuple[int, dict[str, dict[str, Any]]]]:
        mine = list(range(t, len(jobs), threads))  # every thread has its own cases
        start.wait()
        out = []
        for _ in range(3):
            for i in mine:
                case, rd = jobs[i]
                out.append((i, dumps(alscriteria.evaluate_all(case, readings=rd, engine=engine))))
        return out

    with ThreadPoolExecutor(max_workers=threads) as executor:
        results = list(executor.map(work, range(threads)))
    seen = 0
    for out in results:
        for i, got in out:
            assert got == expected[i], f"thread answer differs for case {i}: {jobs[i]!r}"
            seen += 1
    assert seen == 3 * len(jobs)


# --- a failing action ------------------------------------------------------------------


class FailingEngine(RuleEngine):
    """An engine whose action raises while `fail_on` matches the rule that fired."""

    def __init__(self) -> None:
        super().__init__(memo_size=0)
        self.fail_on: str | None = None

    def on_fired(self, rule_id: str) -> None:
        if self.fail_on is not None and (self.fail_on == "*" or rule_id.endswith(self.fail_on)):
            raise RuntimeError(f"boom in {rule_id}")
        super().on_fired(rule_id)


DEFINITE = {
    "progression": True,
    "other_causes_excluded": True,
    "regions": {
        region: {"umn_signs": ["spasticity"], "lmn_signs": ["weakness", "wasting"]}
        for region in ("bulbar", "cervical", "lumbosacral")
    },
}


@pytest.mark.parametrize("fail_on", ["*", ".prerequisites", ".definite", ".received"])
def test_exception_in_an_action_reaches_the_caller(fail_on: str) -> None:
    if fail_on == ".received" and shared_engine().backend == "python":
        pytest.skip("the received rule is durable_rules' own (see rules/engine.py)")
    engine = FailingEngine()
    expected = categories(alscriteria.evaluate_all(DEFINITE, engine=RuleEngine(memo_size=0)))
    assert expected == reference(DEFINITE)
    assert engine.engine_calls == 0

    engine.fail_on = fail_on
    with pytest.raises(EngineError) as raised:
        alscriteria.evaluate_all(DEFINITE, engine=engine)
    assert isinstance(raised.value, AlsCriteriaError)
    with pytest.raises(EngineError):
        alscriteria.evaluate(DEFINITE, "awaji", engine=engine)

    # the engine keeps working once the action stops failing
    engine.fail_on = None
    assert categories(alscriteria.evaluate_all(DEFINITE, engine=engine)) == expected
    for case in random_cases(30, seed=13):
        assert categories(alscriteria.evaluate_all(case, engine=engine)) == reference(case)
    # and the process's shared engine was never disturbed
    assert categories(alscriteria.evaluate_all(DEFINITE)) == expected


def test_repeated_failures_do_not_exhaust_the_engine() -> None:
    """Failed evaluations must free their sessions too (the engine caps live ones at 1,024)."""
    engine = FailingEngine()
    engine.fail_on = "*"
    for _ in range(1100):
        with pytest.raises(EngineError):
            alscriteria.evaluate(DEFINITE, "gold-coast", engine=engine)
    engine.fail_on = None
    assert categories(alscriteria.evaluate_all(DEFINITE, engine=engine)) == reference(DEFINITE)


# --- the verdict memo ------------------------------------------------------------------


def test_memo_on_and_off_give_identical_assessments() -> None:
    pool = random_cases(300, seed=77)
    rng = random.Random(3)
    jobs = [(case, random_readings(rng)) for case in pool]
    off = RuleEngine(memo_size=0)
    on = RuleEngine()
    tiny = RuleEngine(memo_size=3)  # evicts all the time
    for case, rd in jobs:
        want = dumps(alscriteria.evaluate_all(case, readings=rd, engine=off))
        assert dumps(alscriteria.evaluate_all(case, readings=rd, engine=on)) == want
        assert dumps(alscriteria.evaluate_all(case, readings=rd, engine=tiny)) == want
    # a second pass is answered from the memo alone, with the same answers
    calls = on.engine_calls
    for case, rd in jobs:
        want = dumps(alscriteria.evaluate_all(case, readings=rd, engine=off))
        assert dumps(alscriteria.evaluate_all(case, readings=rd, engine=on)) == want
    assert on.engine_calls == calls
    assert off.engine_calls > on.engine_calls


# --- reading the fired rule's id from durable's action -----------------------------------


@given(
    key=st.text(min_size=1, max_size=30),
    fact=st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=4),
)
def test_the_fired_rule_is_the_first_key_of_the_action(key: str, fact: dict[str, Any]) -> None:
    """The id is sliced out of the action's JSON, not decoded: it must be the key JSON would
    give, for any key (quotes, backslashes, non-ASCII take the decoding path)."""
    action = json.dumps({key: {"m": fact}}, ensure_ascii=key.isascii())
    assert engine_module._fired_rule(action) == key
    assert engine_module._fired_rule(json.dumps({key: {"m": fact}}, separators=(",", ":"))) == key
