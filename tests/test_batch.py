"""`alscriteria batch`: good records out, bad ones kept with their line numbers, nothing lost.

Most tests run the command in-process through `main`; the interrupt test runs the real
command in a subprocess and sends it SIGINT, because that is what a user's Ctrl-C does.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from alscriteria import Assessment
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.vocabulary import region_signs, words
from alscriteria.cli.app import main
from alscriteria.cohort.csv_layout import COLUMNS, case_to_row, row_to_case
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.output import CohortWriter
from cli_helpers import COMMAND, run_in_process

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CRITERIA_IDS = ("revised-el-escorial", "awaji", "gold-coast")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=100)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def example_cases() -> list[dict[str, Any]]:
    return read_jsonl(EXAMPLES / "cohort.jsonl")


def random_case(rng: random.Random, number: int) -> dict[str, Any]:
    regions: dict[str, Any] = {}
    for region in words("regions"):
        if rng.random() < 0.75:
            regions[region] = {
                "umn_signs": rng.sample(region_signs(region), rng.choice([0, 1, 2])),
                "lmn_signs": rng.sample(words("lmn_signs"), rng.choice([0, 1, 2])),
            }
    emg = []
    for muscle in rng.sample(list(catalogue()), rng.randint(0, 5)):
        study: dict[str, Any] = {"muscle": muscle, "side": rng.choice(["left", "right", None])}
        study.update({f: rng.random() < 0.45 for f in words("emg_findings")})
        emg.append(study)
    return {
        "id": f"R-{number:05d}",
        "progression": rng.choice([True, True, True, False, None]),
        "other_causes_excluded": rng.choice([True, True, True, False, None]),
        "regions": regions,
        "emg": emg,
    }


def write_csv(path: Path, cases: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        for case in cases:
            writer.writerow(case_to_row(case))


def categories_by_id(rows: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    return {
        r["id"]: tuple(
            f"{r[c]['category']}/{r[c]['met']}/{r[c]['pattern_category']}" for c in CRITERIA_IDS
        )
        for r in rows
    }


BAD_LINES = {
    "invalid JSON": '{"id": "broken", "progression": tru',
    "unknown muscle": json.dumps(
        {"id": "bad-muscle", "emg": [{"muscle": "first_dorsal_interoseous"}]}
    ),
    "wrong type": json.dumps({"id": "bad-type", "progression": "maybe"}),
    "not an object": "[1, 2, 3]",
    "unknown sign": json.dumps(
        {"id": "bad-sign", "regions": {"cervical": {"umn_signs": ["hofman"]}}}
    ),
}


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, list[int], list[int]]:
    """Good example cases with bad lines between them; returns (file, good lines, bad lines)."""
    good = example_cases()
    bad = list(BAD_LINES.values())
    lines: list[str] = []
    good_lines: list[int] = []
    bad_lines: list[int] = []
    for i, case in enumerate(good):
        lines.append(json.dumps(case))
        good_lines.append(len(lines))
        if i < len(bad):
            lines.append(bad[i])
            bad_lines.append(len(lines))
    lines.insert(3, "")  # a blank line is not a record
    good_lines = [n + 1 if n > 3 else n for n in good_lines]
    bad_lines = [n + 1 if n > 3 else n for n in bad_lines]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, good_lines, bad_lines


def test_mixed_file_gives_the_good_records_out_and_the_bad_ones_with_line_numbers(
    mixed: tuple[Path, list[int], list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, good_lines, bad_lines = mixed
    out = tmp_path / "out.jsonl"
    summary_path = tmp_path / "summary.json"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--summary", str(summary_path))
    assert code == 1
    rows = read_jsonl(out)
    assert [r["line"] for r in rows] == good_lines
    assert [r["id"] for r in rows] == [c["id"] for c in example_cases()]
    errors = read_jsonl(Path(str(out) + ".errors.jsonl"))
    assert [e["line"] for e in errors] == bad_lines
    assert all(e["errors"] for e in errors)
    reasons = dict(zip(BAD_LINES, (" ".join(e["errors"]) for e in errors), strict=True))
    assert "not valid JSON" in reasons["invalid JSON"]
    assert "first_dorsal_interosseous" in reasons["unknown muscle"]  # the nearest spelling
    assert "progression" in reasons["wrong type"]
    assert "expected a JSON object" in reasons["not an object"]
    assert "hoffmann" in reasons["unknown sign"]
    assert [e["id"] for e in errors] == [None, "bad-muscle", "bad-type", None, "bad-sign"]
    for n in bad_lines:
        assert f"line {n}:" in err
    summary = json.loads(summary_path.read_text())
    records = summary["records"]
    assert records == {
        "in": len(good_lines) + len(bad_lines),
        "out": len(good_lines),
        "errors": len(bad_lines),
        "balance": "in = out + errors",
        "balanced": True,
    }
    assert summary["blank_lines_skipped"] == 1
    assert summary["interrupted"] is False


def test_all_good_exits_0_with_no_errors_file_and_a_stale_one_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "stale.errors.jsonl"
    errors.write_text('{"line": 1, "id": null, "errors": ["from an earlier run"]}\n')
    code, _, _ = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--errors", str(errors)
    )
    assert code == 0
    assert len(read_jsonl(out)) == len(example_cases())
    # what stands at the errors path is this run's: no bad record, so no file at all
    assert not errors.exists()
    code, _, _ = run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out))
    assert code == 0 and not Path(f"{out}.errors.jsonl").exists()


@pytest.mark.parametrize("content", ["", "\n\n", "{bad\n[1]\n"])
def test_nothing_usable_exits_2(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(content)
    code, _, err = run(capsys, "batch", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2
    assert "nothing usable" in err
    assert "Traceback" not in err


def test_csv_and_jsonl_give_the_same_categories_for_the_same_patients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(2024)
    cases = example_cases() + [random_case(rng, n) for n in range(150)]
    jsonl = tmp_path / "cohort.jsonl"
    jsonl.write_text("".join(json.dumps(c) + "\n" for c in cases))
    csv_path = tmp_path / "cohort.csv"
    write_csv(csv_path, cases)
    assert run(capsys, "batch", str(jsonl), "-o", str(tmp_path / "a.jsonl"))[0] == 0
    assert run(capsys, "batch", str(csv_path), "-o", str(tmp_path / "b.jsonl"))[0] == 0
    from_jsonl = categories_by_id(read_jsonl(tmp_path / "a.jsonl"))
    from_csv = categories_by_id(read_jsonl(tmp_path / "b.jsonl"))
    assert len(from_jsonl) == len(cases)
    assert from_csv == from_jsonl


def test_the_shipped_csv_and_jsonl_examples_are_the_same_patients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(tmp_path / "a.jsonl"))
    run(capsys, "batch", str(EXAMPLES / "cohort.csv"), "-o", str(tmp_path / "b.jsonl"))
    a = categories_by_id(read_jsonl(tmp_path / "a.jsonl"))
    b = categories_by_id(read_jsonl(tmp_path / "b.jsonl"))
    assert a == b
    assert a["P-002"][:2] == ("possible/True/possible", "probable/True/probable")


def test_a_case_written_as_a_csv_row_reads_back_as_the_same_case() -> None:
    from alscriteria.case.model import parse_case

    rng = random.Random(7)
    for case in example_cases() + [random_case(rng, n) for n in range(50)]:
        row = case_to_row(case)
        assert parse_case(row_to_case(list(row), list(row.values()))) == parse_case(case)


def test_jobs_2_gives_the_same_output_as_jobs_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(11)
    lines = [json.dumps(random_case(rng, n)) for n in range(520)]
    for n in (5, 260, 511, 519):  # bad records in several chunks
        lines[n] = BAD_LINES["wrong type"]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        code, _, _ = run(capsys, "batch", str(path), "-o", str(out), "--jobs", jobs)
        assert code == 1
        outputs.append((out.read_bytes(), Path(str(out) + ".errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    rows = outputs[0][0].decode().splitlines()
    assert [json.loads(r)["line"] for r in rows] == [
        n for n in range(1, 521) if n - 1 not in (5, 260, 511, 519)
    ]


def test_csv_output_has_one_row_per_patient_with_the_documented_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    code, _, _ = run(capsys, "batch", str(EXAMPLES / "cohort.csv"), "-o", str(out))
    assert code == 0
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(example_cases())
    assert list(rows[0])[:5] == [
        "line",
        "id",
        "revised-el-escorial.category",
        "revised-el-escorial.met",
        "revised-el-escorial.pattern_category",
    ]
    assert rows[0]["line"] == "2"  # the header is line 1
    assert rows[0]["readings.probable"] == "separate"
    assert {r["gold-coast.met"] for r in rows} == {"true", "false"}


def test_bad_csv_cells_are_reported_by_column_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "id,progression,cervical_umn,emg\n"
        "A,yes,hyperreflexia,biceps_brachii:right:fib+cnc\n"
        "B,perhaps,hyperreflexia,\n"
        "C,yes,hofman,deltoid:right:xyz\n"
        '"D\nsecond line",yes,none,\n'
        "E,yes,none,,extra\n"
        "F,no,spasticity,genioglossus::normal\n"
    )
    out = tmp_path / "out.jsonl"
    code, _, _ = run(capsys, "batch", str(path), "-o", str(out))
    assert code == 1
    # a cell never spans lines: line 6 (after the unclosed quote) is a record of its own
    assert [r["line"] for r in read_jsonl(out)] == [2, 6, 8]
    errors = {e["line"]: e for e in read_jsonl(Path(str(out) + ".errors.jsonl"))}
    assert sorted(errors) == [3, 4, 5, 7]
    assert errors[3]["id"] == "B"
    assert "column progression" in errors[3]["errors"][0]
    text = " ".join(errors[4]["errors"])
    assert "column emg, item 1" in text and "xyz" in text
    assert "not closed on line 5" in errors[5]["errors"][0]
    assert "lines 5 to 6" in errors[5]["errors"][0]
    assert "cells" in errors[7]["errors"][0]


def test_a_misspelt_csv_column_refuses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,progresion\nA,yes\n")
    code, _, err = run(capsys, "batch", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2
    assert "'progression'" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_undecodable_bytes_cost_one_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    good = json.dumps(example_cases()[0]).encode()
    path.write_bytes(good + b"\n" + b'{"id": "caf\xe9"}\n' + good + b"\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 1
    assert [r["line"] for r in read_jsonl(out)] == [1, 3]
    assert "UTF-8" in read_jsonl(Path(str(out) + ".errors.jsonl"))[0]["errors"][0]


def test_full_keeps_the_whole_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code, _, _ = run(
        capsys,
        "batch",
        str(EXAMPLES / "cohort.jsonl"),
        "-o",
        str(out),
        "--full",
        "--criteria",
        "awaji",
    )
    assert code == 0
    row = read_jsonl(out)[0]
    assert set(row) == {
        "line",
        "id",
        "awaji",
        "warnings",
        "phenotype",
        "readings",
        "package_version",
        "rules_version",
    }
    assert Assessment.model_validate(row["awaji"]).criteria == "awaji"


def test_summary_counts_categories_and_moves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary_path = tmp_path / "s.json"
    code, out, _ = run(
        capsys,
        "batch",
        str(EXAMPLES / "cohort.jsonl"),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--summary",
        str(summary_path),
    )
    assert code == 0
    summary = json.loads(summary_path.read_text())
    n = len(example_cases())
    for cid in CRITERIA_IDS:
        assert sum(summary["categories"][cid].values()) == n
    assert sum(row["count"] for row in summary["cross_table"]) == n
    eec_awaji = summary["moves"][0]
    assert (eec_awaji["from"], eec_awaji["to"]) == ("revised-el-escorial", "awaji")
    assert eec_awaji["higher"] >= 1 and eec_awaji["lower"] >= 1  # P-002 up, P-003 down
    assert eec_awaji["same"] + eec_awaji["higher"] + eec_awaji["lower"] == n
    assert eec_awaji["table"]["possible"]["probable"] >= 1
    to_gold_coast = summary["moves"][1]
    assert sum(to_gold_coast["met"].values()) == n
    assert "higher" not in to_gold_coast  # the Gold Coast ladder is met / not met
    assert f"Records: {n} in = {n} out + 0 errors" in out
    assert "rEEC -> Awaji" in out and "Cross-table" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.jsonl", "-o", "o.jsonl"], "cannot read"),
        (["{examples}/cohort.jsonl", "-o", "o.txt"], "extension"),
        (["{examples}/cohort.json", "-o", "o.jsonl"], "extension"),
        (["{examples}/cohort.jsonl", "-o", "o.csv", "--full"], "--full"),
        (["{examples}/cohort.jsonl", "-o", "o.csv", "--plan"], "--plan"),
        (["{examples}/cohort.jsonl", "-o", "o.jsonl", "--jobs", "-1"], "--jobs"),
        (["{examples}/cohort.jsonl", "-o", "o.jsonl", "--reading", "probable=maybe"], "probable"),
        (["{examples}/cohort.jsonl", "-o", "{examples}/cohort.jsonl"], "input"),
        (["-", "-o", "o.txt"], "extension"),
        (["{examples}/cohort.jsonl", "-o", "o.jsonl", "--summary", "no/s.json"], "cannot write"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [a.replace("{examples}", str(EXAMPLES)) for a in argv]
    code, _, err = run(capsys, "batch", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["batch", "x.jsonl"], ["batch", "x.jsonl", "-o", "y.jsonl", "--criteria", "eec"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_plan_adds_each_criteria_sets_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(example_cases()[4]) + "\n")
    out = tmp_path / "o.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out), "--plan")[0] == 0
    row = read_jsonl(out)[0]
    assert {"upgrades", "muscles", "cautions", "timing"} <= set(row["awaji"]["plan"])


def test_a_writer_torn_down_mid_write_is_cut_back_to_its_last_whole_record(
    tmp_path: Path,
) -> None:
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    writer = CohortWriter(str(out), str(errors), CohortFormat.JSONL, CRITERIA_IDS)
    writer.commit([b'{"line": 1}\n'], [b'{"line": 2}\n'])
    writer._output.write(b'{"line": 3, "half')  # what an abort mid-write leaves
    writer.finish()
    assert out.read_text() == '{"line": 1}\n'
    assert errors.read_text() == '{"line": 2}\n'


def staged(out: Path) -> list[Path]:
    """The temporary files a run writes beside its output before renaming them into place."""
    return sorted(out.parent.glob(f".{out.name}.????????.partial"))


def has_data(paths: list[Path]) -> bool:
    sizes = []
    for path in paths:
        with contextlib.suppress(OSError):  # renamed into place meanwhile
            sizes.append(path.stat().st_size)
    return any(sizes)


@pytest.mark.slow
def test_an_interrupted_run_leaves_whole_records_and_exits_130(tmp_path: Path) -> None:
    cases = example_cases()
    total = 40_000
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        for n in range(total):
            f.write(json.dumps({**cases[n % len(cases)], "id": f"X-{n}"}) + "\n")
    out = tmp_path / "out.jsonl"
    summary_path = tmp_path / "summary.json"
    process = subprocess.Popen(
        [
            *COMMAND,
            "batch",
            str(path),
            "-o",
            str(out),
            "--jobs",
            "2",
            "--summary",
            str(summary_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not has_data(staged(out)):
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.kill(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    rows = read_jsonl(out)  # every line parses
    assert 0 < len(rows) < total
    assert [r["line"] for r in rows] == list(range(1, len(rows) + 1))
    summary = json.loads(summary_path.read_text())
    assert summary["interrupted"] is True
    assert summary["records"]["out"] == len(rows)
    assert summary["last_line"] == len(rows)
    assert staged(out) == []  # renamed into place, nothing left behind


def test_every_row_carries_the_patients_red_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The multifocal motor neuropathy warning reaches every batch row, plan or not."""
    case = {
        "id": "mmn",
        "progression": True,
        "other_causes_excluded": True,
        "regions": {
            "cervical": {"lmn_signs": ["weakness", "wasting"]},
            "lumbosacral": {"lmn_signs": ["weakness", "wasting"]},
        },
        "nerve_conduction": {"conduction_block": [{"nerve": "ulnar", "segment": "forearm"}]},
    }
    cohort = tmp_path / "in.jsonl"
    cohort.write_text(json.dumps(case) + "\n" + json.dumps({"id": "quiet"}) + "\n")
    # the recorded exclusion conflicts with the block (B.4.1), and the pure LMN work-up
    flags = ["mimic_conflicts_with_exclusion", "consider_mmn", "consider_pure_lmn_mimics"]
    for suffix in ("jsonl", "csv"):
        out = tmp_path / f"out.{suffix}"
        code, _, _ = run_in_process(capsys, "batch", str(cohort), "-o", str(out))
        assert code == 0
        if suffix == "jsonl":
            rows = read_jsonl(out)
            assert [r["warnings"] for r in rows] == [flags, []]
        else:
            rows_csv = list(csv.DictReader(out.read_text().splitlines()))
            assert [r["warnings"] for r in rows_csv] == [";".join(flags), ""]


def test_one_bad_record_is_one_error_not_one_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cohort = tmp_path / "in.jsonl"
    cohort.write_text(
        '{"id": "a"}\n{"id": "b", "regions": {"bulbar": {"umn_signs": ["babinski"]}}}\n'
    )
    code, out, err = run_in_process(capsys, "batch", str(cohort), "-o", str(tmp_path / "o.csv"))
    assert code == 1
    assert "Records: 2 in = 1 out + 1 error  (balanced)" in out + err
