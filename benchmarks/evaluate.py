"""Benchmark: cases per second for `evaluate_all`, against the tests' plain reference evaluator.

Run on purpose (never in the test suite):

    python benchmarks/evaluate.py [N] [--rounds R]

Every configuration runs in a fresh child process, so "cold" is a real cold process (empty
verdict memo and caches) and "warm" is a second pass over the same cases in that process.
Rounds interleave the configurations (the machine is shared and noisy) and the figures are
medians, each also given as a ratio to the reference evaluator measured in the same rounds:
- categories: `evaluate_all`, reading each category (explanations are never built);
- serialised: `evaluate_all`, every Assessment serialised to JSON (all explanations built);
- plan: `evaluate_all(plan=True)`, serialised (plans built and read); on N/10 cases;
- import and CLI: wall time of `import alscriteria` and of `alscriteria evaluate CASE --json`
  in fresh processes, beside a bare interpreter start.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CONFIGS = ("reference", "categories", "serialised", "plan")


def random_case(rng: random.Random) -> dict[str, Any]:
    """A plausible clinic case: a few signs in a few regions, up to eight muscles."""
    from alscriteria.anatomy.catalogue import catalogue
    from alscriteria.anatomy.vocabulary import region_signs, words

    regions: dict[str, Any] = {}
    for region in words("regions"):
        if rng.random() < 0.7:
            regions[region] = {
                "umn_signs": rng.sample(region_signs(region), rng.choice([0, 0, 1, 2])),
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


def cases(n: int) -> list[dict[str, Any]]:
    rng = random.Random(20261121)
    return [random_case(rng) for _ in range(n)]


def _pass(run: Callable[[dict[str, Any]], object], batch: list[dict[str, Any]]) -> float:
    start = time.perf_counter()
    for case in batch:
        run(case)
    return len(batch) / (time.perf_counter() - start)


def child(config: str, n: int) -> dict[str, float]:
    """One configuration, cold then warm, in this (fresh) process."""
    batch = cases(n if config != "plan" else max(1, n // 10))
    if config == "reference":
        from reference import reference

        run: Callable[[dict[str, Any]], object] = reference
    else:
        import alscriteria

        def categories(case: dict[str, Any]) -> object:
            return [a.category for a in alscriteria.evaluate_all(case).values()]

        def serialised(case: dict[str, Any]) -> object:
            return [a.model_dump_json() for a in alscriteria.evaluate_all(case).values()]

        def planned(case: dict[str, Any]) -> object:
            return [a.model_dump_json() for a in alscriteria.evaluate_all(case, plan=True).values()]

        run = {"categories": categories, "serialised": serialised, "plan": planned}[config]
    cold = _pass(run, batch)
    warm = _pass(run, batch)
    return {"cold": cold, "warm": warm}


def _run_child(config: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", config, str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return

    import alscriteria
    from alscriteria.rules.engine import shared_engine

    info = shared_engine().info
    print(
        f"{args.n} generated cases; {args.rounds} interleaved rounds; medians; "
        f"Python {sys.version.split()[0]}; engine {info.name} {info.version}"
    )
    samples: dict[tuple[str, str], list[float]] = {}
    example = str(ROOT / "examples" / "definite.json")
    cli = [sys.executable, "-m", "alscriteria", "evaluate", example, "--json"]
    for _ in range(args.rounds):
        for config in CONFIGS:
            for phase, rate in _run_child(config, args.n).items():
                samples.setdefault((config, phase), []).append(rate)
        samples.setdefault(("bare interpreter", "s"), []).append(_wall([sys.executable, "-c", ""]))
        samples.setdefault(("import alscriteria", "s"), []).append(
            _wall([sys.executable, "-c", "import alscriteria"])
        )
        samples.setdefault(("alscriteria evaluate --json", "s"), []).append(_wall(cli))
    median = {key: statistics.median(values) for key, values in samples.items()}
    print(f"{'configuration':<34}{'cases/s':>10}{'x reference':>13}")
    for phase in ("cold", "warm"):
        base = median[("reference", phase)]
        for config in CONFIGS:
            rate = median[(config, phase)]
            label = f"{config} ({phase})" + (" [N/10 cases]" if config == "plan" else "")
            print(f"{label:<34}{rate:>10,.0f}{rate / base:>13.3f}")
    print(f"{'wall time':<34}{'ms':>10}{'x bare':>13}")
    bare = median[("bare interpreter", "s")]
    for label in ("bare interpreter", "import alscriteria", "alscriteria evaluate --json"):
        seconds = median[(label, "s")]
        print(f"{label:<34}{seconds * 1000:>10,.0f}{seconds / bare:>13.2f}")
    del alscriteria


if __name__ == "__main__":
    main()
