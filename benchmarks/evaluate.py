"""Benchmark: cases per second for `evaluate_all`, against the tests' plain reference evaluator.

Run on purpose (never in the test suite):  python benchmarks/evaluate.py [N]
Figures are reported as ratios against the reference evaluator measured in the same run, so
they compare across machines. Three engine configurations are timed:
- memo: the default (engine verdicts memoised by fact; what a cohort run gets);
- no memo: every criteria set and every alternative reading asks the durable_rules engine.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import alscriteria
from alscriteria.regions.catalogue import catalogue
from alscriteria.rules.engine import RuleEngine
from alscriteria.vocabulary import words
from reference import reference

REGIONS = words("regions")


def random_case(rng: random.Random) -> dict[str, Any]:
    """A plausible clinic case: a few signs in a few regions, up to eight muscles."""
    regions: dict[str, Any] = {}
    for region in REGIONS:
        if rng.random() < 0.7:
            regions[region] = {
                "umn_signs": rng.sample(words("umn_signs"), rng.choice([0, 0, 1, 2])),
                "lmn_signs": rng.sample(words("lmn_signs"), rng.choice([0, 1, 2, 3])),
            }
    muscles = list(catalogue())
    emg = [
        {
            "muscle": rng.choice(muscles),
            "side": rng.choice(["left", "right"]),
            "fibrillation_potentials": rng.random() < 0.4,
            "positive_sharp_waves": rng.random() < 0.3,
            "fasciculation_potentials": rng.random() < 0.4,
            "chronic_neurogenic_change": rng.random() < 0.5,
        }
        for _ in range(rng.randint(0, 8))
    ]
    return {
        "progression": rng.choice([True, True, True, False, None]),
        "other_causes_excluded": rng.choice([True, True, True, False, None]),
        "regions": regions,
        "emg": emg,
    }


def rate(label: str, cases: list[dict[str, Any]], run: Callable[[dict[str, Any]], object]) -> float:
    start = time.perf_counter()
    for case in cases:
        run(case)
    seconds = time.perf_counter() - start
    per_second = len(cases) / seconds
    print(f"{label:<44} {per_second:>10,.0f} cases/s  ({seconds:.2f} s)")
    return per_second


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(20261121)
    cases = [random_case(rng) for _ in range(n)]
    print(f"{n} generated cases, one process")
    baseline = rate("reference evaluator (tests/reference.py)", cases, reference)
    memo = rate("evaluate_all, engine memo (default)", cases, alscriteria.evaluate_all)
    raw_engine = RuleEngine(memo_size=0)
    no_memo = rate(
        "evaluate_all, no memo (engine every time)",
        cases[: max(1, n // 5)],
        lambda c: alscriteria.evaluate_all(c, engine=raw_engine),
    )
    print(f"engine calls without memo: {raw_engine.engine_calls / max(1, n // 5):.1f} per case")
    planned = rate(
        "evaluate_all with plans (plan=True)",
        cases[: max(1, n // 20)],
        lambda c: alscriteria.evaluate_all(c, plan=True),
    )
    print(f"ratio with plans / without plans:         {planned / memo:.3f}")
    print(f"ratio evaluate_all (memo) / reference:    {memo / baseline:.3f}")
    print(f"ratio evaluate_all (no memo) / reference: {no_memo / baseline:.3f}")
    print(f"100,000 cases at the memo rate: {100_000 / memo:.0f} s on one core")


if __name__ == "__main__":
    main()
