"""Benchmark: every configuration of issue 23, as a multiple of a plain reference evaluator.

Run on purpose (never in the test suite):

    python benchmarks/evaluate.py [N] [--rounds R] [--python EXE ...] [--src DIR ...]

Every configuration runs in a fresh child process, so "cold" is a real cold process (empty
verdict memo and caches) and "warm" is a second pass over the same cases in that process.
Rounds interleave the configurations, the interpreters (`--python`, repeated: 3.11 and 3.13
in one run) and the source trees (`--src`, repeated: a baseline beside the work); each
figure is the median over the rounds of that round's time as a multiple of the reference
evaluator (tests/reference.py) measured in the same round by the same interpreter, with
the rounds' lowest and highest in brackets (the spread: the machine is shared and noisy).
The cold figures are also given as a multiple of the yardstick issue 23 wrote its targets
in (benchmarks/reference_as_filed.py, the reference evaluator of that time, slower; column
"cold x filed"), measured the same way.
- categories: `evaluate_all`, reading each category (explanations are never built);
- serialised: `evaluate_all`, every Assessment's `model_dump_json()` (all explanations);
- plan: `evaluate_all(plan=True)`, every Assessment's `model_dump_json()`; on N/10 cases;
- cli --json: `alscriteria evaluate CASE --json` run in process (argument parsing, reading
  the file, evaluating with the plan, the JSON document), one case at a time; on N/10 cases;
- import, --help and one `evaluate --json`: wall time of fresh processes, as a multiple of
  a bare interpreter start;
- case size: one case of 500 qualifying muscles in one limb region, sharing roots, each on a
  nerve of its own (no independent pair: the search's worst case), every Assessment
  serialised, as a multiple of the same case with 50 (issue 23: at most 20).
"""

from __future__ import annotations

import argparse
import json
import os
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

CONFIGS = ("reference", "categories", "serialised", "plan", "cli --json")
AS_FILED = "reference as filed"  # issue 23's yardstick (benchmarks/reference_as_filed.py)
WALLS = ("import alscriteria", "alscriteria --help", "alscriteria evaluate --json")
SIZES = (50, 500)


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


def _pass(run: Callable[[Any], object], batch: list[Any]) -> float:
    """Seconds a case."""
    start = time.perf_counter()
    for case in batch:
        run(case)
    return (time.perf_counter() - start) / len(batch)


def _cli_runner(batch: list[dict[str, Any]]) -> tuple[Callable[[Any], object], list[Any]]:
    """The one-case command in this process, its output kept in memory; the cases written
    to files first (reading them is part of the command, writing them is not)."""
    import atexit
    import contextlib
    import io
    import shutil
    import tempfile

    import alscriteria
    from alscriteria.cli.app import main as cli

    alscriteria.evaluate_all, alscriteria.Assessment  # noqa: B018  (as in child())

    folder = Path(tempfile.mkdtemp(prefix="alscriteria-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the child is a process
    paths = []
    for i, case in enumerate(batch):
        path = folder / f"case{i}.json"
        path.write_text(json.dumps(case), encoding="utf-8")
        paths.append(str(path))

    def run(path: str) -> object:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli(["evaluate", path, "--json"])
        if code != 0:
            raise SystemExit(f"alscriteria evaluate {path} --json exited {code}")
        return out.getvalue()

    return run, paths


def sized_case(muscles: int) -> dict[str, Any]:
    """The independent-pair search's worst case: every muscle qualifies, all in one limb
    region with the same roots (so none pairs by roots), each on a nerve of its own."""
    emg = [
        {
            "muscle": f"muscle {i}",
            "region": "cervical",
            "roots": ["C5", "C6"],
            "nerve": f"nerve {i}",
            "side": "left" if i % 2 else "right",
            "fibrillation_potentials": True,
            "chronic_neurogenic_change": True,
        }
        for i in range(muscles)
    ]
    return {"progression": True, "other_causes_excluded": True, "emg": emg}


def sized(repeat: int = 9) -> dict[str, float]:
    """Seconds for one sized case, every Assessment serialised (median of `repeat`, each
    on a case new to the process's caches but for the verdicts)."""
    import alscriteria

    found: dict[str, float] = {}
    for muscles in SIZES:
        times = []
        for _ in range(repeat):
            case = sized_case(muscles)
            start = time.perf_counter()
            [a.model_dump_json() for a in alscriteria.evaluate_all(case).values()]
            times.append(time.perf_counter() - start)
        found[str(muscles)] = statistics.median(times)
    return found


def child(config: str, n: int) -> dict[str, float]:
    """One configuration, cold then warm, in this (fresh) process."""
    if config == "case size":
        return sized()
    small = config in ("plan", "cli --json")
    batch: list[Any] = cases(max(1, n // 10) if small else n)
    if config == "reference":
        from reference import reference

        run: Callable[[Any], object] = reference
    elif config == AS_FILED:
        from reference_as_filed import reference as filed

        from reference import reference as honest

        # a yardstick that answered differently would measure something else
        if any(filed(case) != honest(case) for case in batch[:300]):
            raise SystemExit("benchmarks/reference_as_filed.py disagrees with tests/reference.py")
        run = filed
    elif config == "cli --json":
        run, batch = _cli_runner(batch)
    else:
        import alscriteria

        # the package defers its names to their first use (PEP 562): import what is timed
        # now, so that "cold" is a cold evaluator, as before, and not the package's import
        alscriteria.evaluate_all, alscriteria.Assessment  # noqa: B018

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


def _env(src: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([src, str(ROOT / "tests")])
    return env


def _run_child(python: str, src: str, config: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [python, __file__, "--child", config, str(n)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(src),
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _wall(argv: list[str], src: str) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=_env(src))
    return time.perf_counter() - start


def _version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def _one_round(
    pythons: list[str],
    srcs: list[str],
    n: int,
    ratios: dict[tuple[str, ...], list[float]],
    configs: tuple[str, ...] = CONFIGS,
    walls: bool = True,
    sizes: bool = True,
) -> None:
    """Every interpreter, source tree and configuration once; each figure as a multiple of
    the reference (a time) or of a bare interpreter (a wall), within this round."""
    example = str(ROOT / "examples" / "definite.json")
    commands = {
        "import alscriteria": ["-c", "import alscriteria"],
        "alscriteria --help": ["-m", "alscriteria", "--help"],
        "alscriteria evaluate --json": ["-m", "alscriteria", "evaluate", example, "--json"],
    }
    for python in pythons:
        for src in srcs:
            times = {config: _run_child(python, src, config, n) for config in (AS_FILED, *configs)}
            if sizes:
                found = _run_child(python, src, "case size", n)
                big, small = (found[str(m)] for m in reversed(SIZES))
                ratios.setdefault((python, src, "case size"), []).append(big / small)
                ratios.setdefault((python, src, "case size", "ms"), []).append(big * 1000)
            for config in configs[1:]:
                for phase in ("cold", "warm"):
                    ratio = times[config][phase] / times["reference"][phase]
                    ratios.setdefault((python, src, config, phase), []).append(ratio)
                    ratios.setdefault((python, src, config, phase, "us"), []).append(
                        times[config][phase] * 1e6
                    )
                    filed = times[config][phase] / times[AS_FILED][phase]
                    ratios.setdefault((python, src, config, phase, "filed"), []).append(filed)
            if not walls:
                continue
            bare = _wall([python, "-c", ""], src)
            ratios.setdefault((python, src, "bare", "ms"), []).append(bare * 1000)
            for label, argv in commands.items():
                seconds = _wall([python, *argv], src)
                ratios.setdefault((python, src, label, "wall"), []).append(seconds / bare)
                ratios.setdefault((python, src, label, "ms"), []).append(seconds * 1000)


def _print(
    pythons: list[str],
    srcs: list[str],
    ratios: dict[tuple[str, ...], list[float]],
    configs: tuple[str, ...] = CONFIGS,
    walls: bool = True,
) -> None:
    for python in pythons:
        for src in srcs:
            print(f"\nPython {_version(python)} ({python}); source {src}")
            print(
                f"{'configuration':<30}{'cold x ref [spread]':>24}{'warm x ref [spread]':>24}"
                f"{'cold us':>10}{'warm us':>10}{'cold x filed [spread]':>26}"
            )
            for config in configs[1:]:
                cold = ratios[(python, src, config, "cold")]
                warm = ratios[(python, src, config, "warm")]
                cold_us = statistics.median(ratios[(python, src, config, "cold", "us")])
                warm_us = statistics.median(ratios[(python, src, config, "warm", "us")])
                filed = ratios[(python, src, config, "cold", "filed")]
                print(
                    f"{config:<30}{_cell(cold):>24}{_cell(warm):>24}"
                    f"{cold_us:>10,.0f}{warm_us:>10,.0f}{_cell(filed):>26}"
                )
            if (python, src, "case size") in ratios:
                ms = statistics.median(ratios[(python, src, "case size", "ms")])
                label = f"case size {SIZES[1]} / {SIZES[0]}"
                print(f"{label:<30}{_cell(ratios[(python, src, 'case size')]):>24}{ms:>24,.1f} ms")
            if not walls:
                continue
            bare = statistics.median(ratios[(python, src, "bare", "ms")])
            print(f"{'process (wall)':<30}{'x bare [spread]':>24}{'ms':>24}   bare {bare:.0f} ms")
            for label in WALLS:
                ms = statistics.median(ratios[(python, src, label, "ms")])
                print(f"{label:<30}{_cell(ratios[(python, src, label, 'wall')]):>24}{ms:>24,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--python", action="append", help="an interpreter (repeat for more)")
    parser.add_argument("--src", action="append", help="a source tree (repeat for more)")
    parser.add_argument(
        "--only",
        action="append",
        choices=(*CONFIGS[1:], "case size"),
        help="only this configuration (repeat for more; the reference always runs, the "
        "process walls are left out): a quick comparison of one path",
    )
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    pythons = args.python or [sys.executable]
    srcs = [str(Path(s).resolve()) for s in (args.src or [ROOT / "src"])]
    print(
        f"{args.n} generated cases (plan and cli --json: {max(1, args.n // 10)}); "
        f"{args.rounds} interleaved rounds; medians of per-round multiples, [lowest-highest]"
    )
    only = [c for c in args.only or () if c != "case size"]
    configs = ("reference", *only) if args.only else CONFIGS
    walls = not args.only
    sizes = not args.only or "case size" in args.only
    ratios: dict[tuple[str, ...], list[float]] = {}
    for _ in range(args.rounds):
        _one_round(pythons, srcs, args.n, ratios, configs, walls, sizes)
    _print(pythons, srcs, ratios, configs, walls)


if __name__ == "__main__":
    main()
