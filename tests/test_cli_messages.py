"""Messages that point to the right command (issue 21, section 4).

A user who gives a one-case command the wrong kind of file, or misspells a reading, is told
what the file is and which command reads it, or which value was meant: exit 2, no
traceback.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from alscriteria import wording
from alscriteria.case.readings import readings_from
from alscriteria.cli.common import cohort_kind
from alscriteria.errors import InvalidReadingsError
from cli_helpers import COMMAND, run_in_process

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_evaluate_given_a_history_points_to_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "history-limb-onset.json")
    code, out, err = run_in_process(capsys, "evaluate", path)
    assert code == 2 and out == ""
    assert "this is a patient history (it has 'visits'), not one case" in err
    assert f"alscriteria timeline {path}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["evaluate", "timeline", "report"])
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("cohort.jsonl", "JSON Lines, one case per line"),
        ("histories.jsonl", "JSON Lines, one history per line"),
        ("cohort.csv", "CSV, one patient or visit per row"),
        ("visits.csv", "CSV, one patient or visit per row"),
        ("registry.csv", "CSV, one patient or visit per row"),
    ],
)
def test_a_cohort_given_to_a_one_case_command_points_to_batch(
    command: str, name: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(EXAMPLES / name)
    extra = ["-o", str(tmp_path / "page.html")] if command == "report" else []
    code, out, err = run_in_process(capsys, command, path, *extra)
    assert code == 2 and out == ""
    assert f"this is a cohort ({kind})" in err
    assert f"alscriteria batch {path} -o results.jsonl" in err
    assert ("--report cohort.html" in err) == (command == "report")
    assert "not valid JSON" not in err and "Traceback" not in err
    assert not (tmp_path / "page.html").exists()


def test_a_cohort_on_standard_input_names_batch_with_a_dash(tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "evaluate", "-"],
        input=(EXAMPLES / "cohort.csv").read_text("utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "standard input: this is a cohort (CSV" in done.stderr
    assert "alscriteria batch - -o results.jsonl" in done.stderr


@pytest.mark.parametrize(
    "text",
    ['{"id": 1', '{"id": "a"} trailing', "[1, 2", "nonsense", ""],
)
def test_bad_json_that_is_no_cohort_stays_a_json_error(text: str) -> None:
    assert cohort_kind("case.json", text) is None


def test_a_one_line_cohort_is_one_case() -> None:
    """A single JSON object parses: it is evaluated, never sent to batch."""
    assert cohort_kind("x.json", '{"id": "a"}\n') is None


@pytest.mark.parametrize("command", [["rules"], ["evaluate", "{examples}/definite.json"]])
def test_a_misspelt_reading_value_offers_the_nearest(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{examples}", str(EXAMPLES)) for a in command]
    code, _, err = run_in_process(capsys, *argv, "--reading", "probable=agregate")
    assert code == 2
    assert "'agregate' is not allowed; allowed: separate, aggregate" in err
    assert "(did you mean 'aggregate'?)" in err


def test_a_misspelt_reading_option_offers_the_nearest() -> None:
    with pytest.raises(InvalidReadingsError, match=r"did you mean 'root_independence'\?"):
        readings_from({"root_independance": "disjoint"})
    with pytest.raises(InvalidReadingsError, match=r"did you mean 'residual-possible'\?"):
        readings_from({"gap": "residual"})
    with pytest.raises(InvalidReadingsError) as nothing_near:
        readings_from({"gap": "zzzz"})
    assert "did you mean" not in str(nothing_near.value)


def test_the_batch_summary_says_that_criteria_met_counts_possible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "s.json"
    code, out, _ = run_in_process(
        capsys,
        "batch",
        str(EXAMPLES / "cohort.jsonl"),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--summary",
        str(summary),
        width=80,
    )
    assert code == 0
    assert wording.MET_COUNT in out
    assert "includes Possible ALS" in " ".join(out.split())
    data = json.loads(summary.read_text("utf-8"))
    for cid in ("revised-el-escorial", "awaji"):
        counted = {k: v for k, v in data["categories"][cid].items() if k != "not-met"}
        # the count is what the words say: every category but not met, Possible among them
        assert data["met"][cid] == sum(counted.values())
        assert counted["possible"] > 0


def test_batch_given_one_case_names_the_one_case_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_in_process(capsys, "batch", str(EXAMPLES / "definite.json"), "-o", "-")
    assert code == 2 and out == ""
    assert "one case, for alscriteria evaluate, or one history, for alscriteria timeline" in err


def _batch_stdin(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`batch - -o -` fed by a real shell (a pipe, or a file redirected onto standard input)."""
    return subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ALS": shlex.join(COMMAND), "EXAMPLES": str(EXAMPLES)},
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash (a real pipe)")
@pytest.mark.parametrize("feed", ["cat {file} | $ALS batch - -o -", "$ALS batch - -o - < {file}"])
@pytest.mark.parametrize(
    ("name", "said", "command"),
    [
        ("definite.json", "this is one case (a JSON object over 17 lines)", "evaluate"),
        (
            "history-limb-onset.json",
            "this is one patient history (a JSON object over 154 lines, with 'visits')",
            "timeline",
        ),
    ],
)
def test_a_pretty_printed_case_or_history_on_standard_input_names_its_command(
    feed: str, name: str, said: str, command: str, tmp_path: Path
) -> None:
    """It gave one "not valid JSON" error record per line (17 for a case, 154 for a
    history): now what it is, and the command that reads it, which does."""
    done = _batch_stdin(feed.format(file=f'"$EXAMPLES/{name}"'), tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert f"alscriteria batch: standard input: {said}, not a cohort" in done.stderr
    assert f"assess it with: alscriteria {command} -" in done.stderr
    assert "not valid JSON" not in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
    followed = _batch_stdin(f'$ALS {command} - < "$EXAMPLES/{name}"', tmp_path)
    assert followed.returncode == 0, followed.stderr  # the advice works


@pytest.mark.parametrize(
    ("make", "said"),
    [
        ("jq_array", "this is a JSON array over {n} lines, not JSON Lines"),
        ("jq_records", "this is JSON written over several lines (the first record over {n} lines)"),
    ],
)
def test_pretty_printed_records_on_standard_input_say_one_per_line(
    make: str, said: str, tmp_path: Path
) -> None:
    """A cohort pretty-printed (`jq .` of JSON Lines, or one JSON array) is not JSON Lines."""
    lines = (EXAMPLES / "cohort.jsonl").read_text("utf-8").splitlines()
    cases = [json.loads(line) for line in lines[:2]]
    if make == "jq_array":
        text = json.dumps(cases, indent=1)
        first = text
    else:
        text = "".join(json.dumps(case, indent=1) + "\n" for case in cases)
        first = json.dumps(cases[0], indent=1)
    said = said.format(n=len(first.splitlines()))
    done = subprocess.run(
        [*COMMAND, "batch", "-", "-o", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert said in done.stderr
    assert "one record per line" in done.stderr and "jq -c" in done.stderr


def test_json_lines_with_a_broken_first_record_are_still_records(tmp_path: Path) -> None:
    """A first line that is bad JSON is a bad record, not taken for a document."""
    text = '{"id": "cut", "regions": {\n' + (EXAMPLES / "cohort.jsonl").read_text("utf-8")
    done = subprocess.run(
        [*COMMAND, "batch", "-", "-o", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 10
    assert '{"line": 1, "id": null, "errors": ["the record: not valid JSON' in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["rules"],
        ["evaluate", "{examples}/definite.json"],
        ["timeline", "{examples}/history-limb-onset.json"],
        ["batch", "{examples}/cohort.jsonl", "-o", "-"],
    ],
    ids=" ".join,
)
def test_one_reading_given_twice_with_two_values_is_refused(
    command: list[str], tmp_path: Path
) -> None:
    """The last value was kept silently: a patient assessed under a reading not meant."""
    argv = [a.replace("{examples}", str(EXAMPLES)) for a in command]
    done = subprocess.run(
        [
            *COMMAND,
            *argv,
            "--reading",
            "probable=aggregate",
            "--reading",
            "gap=unclassified",
            "--reading",
            "probable = separate",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        "--reading probable: given twice, as 'aggregate' and 'separate'; give it once"
        in done.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_one_reading_given_twice_alike_is_one_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_in_process(
        capsys,
        "evaluate",
        str(EXAMPLES / "probable.json"),
        "--json",
        "--reading",
        "root-independence=not-identical",
        "--reading",
        "root_independence=not-identical",
    )
    assert code == 0
    assert json.loads(out)["awaji"]["readings"]["root_independence"] == "not-identical"
