"""Benchmark: `alscriteria batch --jobs 2` on 10,000 and 100,000 generated cases.

Run on purpose (never in the test suite):  python benchmarks/batch.py [N ...] [--jobs J]
For each size it writes N random valid cases as JSON Lines into a temporary directory, runs
the real command in a subprocess, and reports wall seconds, cases per second and the peak
resident memory of the run (ru_maxrss from wait4: the largest single process of the run's
tree, main or worker). Constant memory means that last figure is about the same for both
sizes. CPU seconds (user + system, all processes) are given too: on a shared machine the
wall time depends on what else runs, the CPU time much less. The target (issue 5):
100,000 cases in under 60 s with --jobs 2.

`--visits K` writes N patients of K visits each instead, as a long CSV (one row per visit,
latest visit first, so every patient is sorted by date): the visit rows are grouped in
memory before any patient is assessed, so there the peak memory grows with N.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.vocabulary import region_signs, words

SIZES = (10_000, 100_000)
_FINDINGS = words("emg_findings")


def random_case(rng: random.Random, number: int) -> dict[str, Any]:
    """A plausible clinic case: a few signs in a few regions, up to six needle studies."""
    regions: dict[str, Any] = {}
    for region in words("regions"):
        if rng.random() < 0.75:
            regions[region] = {
                "umn_signs": rng.sample(region_signs(region), rng.choice([0, 0, 1, 2])),
                "lmn_signs": rng.sample(words("lmn_signs"), rng.choice([0, 1, 2])),
            }
    emg = []
    for muscle in rng.sample(list(catalogue()), rng.randint(0, 6)):
        study: dict[str, Any] = {"muscle": muscle, "side": rng.choice(["left", "right"])}
        study.update({f: rng.random() < 0.4 for f in _FINDINGS})
        emg.append(study)
    return {
        "id": f"B-{number:06d}",
        "progression": rng.random() < 0.9,
        "other_causes_excluded": rng.random() < 0.9,
        "regions": regions,
        "emg": emg,
    }


def write_cohort(path: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for number in range(1, n + 1):
            f.write(json.dumps(random_case(rng, number)) + "\n")


def write_visits(path: Path, n: int, visits: int, seed: int = 5) -> None:
    """N patients of `visits` visits each, 120 days apart, as visit rows (latest first)."""
    from alscriteria.cohort.csv_layout import COLUMNS, case_to_row

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "date", "onset", *COLUMNS[1:]])
        writer.writeheader()
        for number in range(1, n + 1):
            for k in reversed(range(visits)):
                case = random_case(rng, number)
                row: dict[str, str] = case_to_row(case)
                day = 1 + k * 120
                row["date"] = f"{2022 + day // 365}-{(day % 365) // 31 + 1:02d}-{day % 28 + 1:02d}"
                row["onset"] = "2021-06-01" if k == 0 else ""
                writer.writerow(row)


def _command() -> list[str]:
    found = shutil.which("alscriteria", path=str(Path(sys.executable).parent))
    entry = "import sys; from alscriteria.cli.app import main; sys.exit(main())"
    return [found] if found else [sys.executable, "-c", entry]


def run_once(n: int, jobs: int, workdir: Path, visits: int = 0) -> dict[str, Any]:
    if visits:
        cohort = workdir / f"visits-{n}x{visits}.csv"
        write_visits(cohort, n, visits)
    else:
        cohort = workdir / f"cohort-{n}.jsonl"
        write_cohort(cohort, n)
    output = workdir / f"out-{n}.jsonl"
    started = time.perf_counter()
    process = subprocess.Popen(
        [*_command(), "batch", str(cohort), "-o", str(output), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"batch exited {process.returncode} on {n} cases:\n{stderr}")
    with output.open(encoding="utf-8") as f:
        rows = sum(1 for _ in f)
    if rows != n:
        raise SystemExit(f"{rows} rows out for {n} cases in")
    return {
        "cases": n,
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "cases_per_second": round(n / seconds),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "input_mib": round(cohort.stat().st_size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--visits", type=int, default=0, help="patients of K visits (CSV)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="alscriteria-bench-") as tmp:
        for n in args.sizes:
            result = run_once(n, args.jobs, Path(tmp), args.visits)
            print(
                f"{result['cases']:>8,} {'patients' if args.visits else 'cases'}"
                f"{f' x {args.visits} visits' if args.visits else ''}  --jobs {result['jobs']}  "
                f"{result['seconds']:>7.2f} s  {result['cases_per_second']:>6,} cases/s  "
                f"CPU {result['cpu_seconds']:.1f} s  peak RSS {result['peak_rss_mib']:.1f} MiB  "
                f"(input {result['input_mib']} MiB)",
                flush=True,
            )


if __name__ == "__main__":
    main()
