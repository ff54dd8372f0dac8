"""The CLI in a shell pipeline (issue 21, section 3): real pipes and files, real processes.

`batch - -o -` with no other option; bad records and the summary on standard error;
outputs that share a pipe or a terminal but never a regular file; no empty errors file; a
reader that closes the pipe (`| head`) ending every command alike; help wrapped at 80
columns without a broken word; piped text without trailing spaces.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.records import sniff_format
from cli_helpers import COMMAND

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ALS = shlex.join(COMMAND)
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="needs bash (pipelines, <(...))")

#: Exit status of a command whose reader closed its output (README "Exit codes").
OUTPUT_CLOSED = 141


def shell(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """One bash pipeline; `$ALS` is the command. Standard error is captured (a pipe)."""
    assert BASH is not None
    return subprocess.run(
        [BASH, "-c", script],
        cwd=cwd,
        env={**os.environ, "ALS": ALS, "EXAMPLES": str(EXAMPLES), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def mixed_cohort(path: Path) -> Path:
    """Two good cases, then a case with a bad field and a line that is not JSON."""
    good = (EXAMPLES / "cohort.jsonl").read_text("utf-8").splitlines()[:2]
    path.write_text("\n".join([*good, '{"id": "bad", "regions": 5}', "nope"]) + "\n")
    return path


# --- batch - -o -: nothing else needed -----------------------------------------------------


@needs_bash
@pytest.mark.parametrize("name", ["cohort.jsonl", "cohort.csv", "histories.jsonl", "visits.csv"])
def test_batch_reads_a_pipe_and_writes_json_lines_with_no_other_option(
    name: str, tmp_path: Path
) -> None:
    """The format is read from the content (a case per line, a CSV header, a history per
    line, visit rows); the rows are those the same file gives by its name."""
    done = shell(f'cat "$EXAMPLES/{name}" | $ALS batch - -o - > piped.jsonl', tmp_path)
    assert done.returncode == 0, done.stderr
    by_name = shell(f'$ALS batch "$EXAMPLES/{name}" -o named.jsonl', tmp_path)
    assert by_name.returncode == 0, by_name.stderr
    assert (tmp_path / "piped.jsonl").read_bytes() == (tmp_path / "named.jsonl").read_bytes()
    assert "Records: " in done.stderr and "(balanced)" in done.stderr  # the summary
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["named.jsonl", "piped.jsonl"]


@needs_bash
def test_the_first_row_of_a_pipeline_through_head(tmp_path: Path) -> None:
    done = shell(
        '$ALS batch - -o - < "$EXAMPLES/cohort.jsonl" | head -1; echo "${PIPESTATUS[0]}" >&2',
        tmp_path,
    )
    (row,) = jsonl(done.stdout)
    assert row["id"] == "P-001" and row["revised-el-escorial"]["category"] == "definite"
    status = int(done.stderr.strip().splitlines()[-1])
    assert status in (0, OUTPUT_CLOSED)  # 0 when every row fitted in the pipe before head left
    assert "Traceback" not in done.stderr


@needs_bash
def test_a_process_substitution_is_read_by_its_content(tmp_path: Path) -> None:
    done = shell('$ALS batch <(cat "$EXAMPLES/cohort.csv") -o - --output-format csv', tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("line,id,revised-el-escorial.category")
    assert len(done.stdout.splitlines()) == 11


def test_a_regular_file_still_names_its_format(tmp_path: Path) -> None:
    """Only a pipe is read by its content: a misnamed file is more likely a mistake."""
    path = tmp_path / "cohort.txt"
    path.write_bytes((EXAMPLES / "cohort.jsonl").read_bytes())
    done = subprocess.run(
        [*COMMAND, "batch", str(path), "-o", "-"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "cannot tell the format from the extension" in done.stderr


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"id": "a"}\n', CohortFormat.JSONL),
        (b'\xef\xbb\xbf\n\n  {"id": 1}', CohortFormat.JSONL),
        (b"[1]\n", CohortFormat.JSONL),
        (b"", CohortFormat.JSONL),
        (b"id,bulbar_umn\nA,\n", CohortFormat.CSV),
        (b"\r\n\xef\xbb\xbfid,date\n", CohortFormat.CSV),
        (b"subject_id;site\n", CohortFormat.CSV),
    ],
)
def test_the_format_is_read_from_the_first_thing_that_is_not_blank(
    head: bytes, expected: CohortFormat
) -> None:
    assert sniff_format(head) is expected


def test_a_csv_after_many_blank_lines_is_still_csv(tmp_path: Path) -> None:
    text = "\n" * 5000 + (EXAMPLES / "cohort.csv").read_text("utf-8")
    done = subprocess.run(
        [*COMMAND, "batch", "-", "-o", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert len(jsonl(done.stdout)) == 10


def test_keep_all_from_piped_json_lines_to_csv_is_still_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "batch", "-", "-o", "-", "--output-format", "csv", "--keep-columns", "all"],
        input=(EXAMPLES / "cohort.jsonl").read_text("utf-8"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "--keep-columns all with JSON Lines input needs JSON Lines output" in done.stderr


# --- bad records and the summary: standard error ------------------------------------------


@needs_bash
def test_bad_records_go_to_standard_error_once_as_rows_and_the_rows_stay_clean(
    tmp_path: Path,
) -> None:
    mixed_cohort(tmp_path / "in.jsonl")
    done = shell("cat in.jsonl | $ALS batch - -o - > rows.jsonl", tmp_path, COLUMNS="80")
    assert done.returncode == 1
    rows = jsonl((tmp_path / "rows.jsonl").read_text("utf-8"))
    assert [r["line"] for r in rows] == [1, 2]
    errors = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [(e["line"], e["id"]) for e in errors] == [(3, "bad"), (4, None)]
    # shown once: as the rows the errors file would hold, not again as terminal lines
    assert "line 3:" not in done.stderr
    assert "Records: 4 in = 2 out + 2 errors" in done.stderr
    assert "Bad records, with line numbers and reasons: above (standard error)" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "rows.jsonl"]


@needs_bash
@pytest.mark.parametrize("stderr", ["pipe", "file"])
def test_errors_and_summary_into_standard_error_lose_nothing(stderr: str, tmp_path: Path) -> None:
    """The tool's own suggestion, `--errors /dev/stderr`, with the summary there too: on a
    pipe (once exit 2) and on a file (once the staged rename replaced the errors with the
    summary), every bad record and the summary are there."""
    mixed_cohort(tmp_path / "in.jsonl")
    run = "$ALS batch in.jsonl -o out.jsonl --errors /dev/stderr --summary /dev/stderr"
    if stderr == "pipe":
        done = shell(f"{run} 2>&1 >/dev/null | cat", tmp_path)
        text = done.stdout
    else:
        done = shell(f"{run} 2> log.txt >/dev/null; echo $? >&2", tmp_path)
        assert done.stderr.strip() == "1"
        text = (tmp_path / "log.txt").read_text("utf-8")
    lines = text.splitlines()
    errors = [json.loads(line) for line in lines if line.startswith('{"line"')]
    assert [e["line"] for e in errors] == [3, 4]
    summary = json.loads("\n".join(lines[lines.index("{") :]))
    assert summary["records"] == {
        "in": 4,
        "out": 2,
        "errors": 2,
        "balance": "in = out + errors",
        "balanced": True,
    }
    assert summary["errors_file"] == "/dev/stderr"
    assert len(jsonl((tmp_path / "out.jsonl").read_text("utf-8"))) == 2


@needs_bash
def test_an_output_that_is_standard_errors_file_is_refused(tmp_path: Path) -> None:
    """`--errors log.txt 2> log.txt`: the staged rename would drop what the run printed."""
    mixed_cohort(tmp_path / "in.jsonl")
    done = shell("$ALS batch in.jsonl -o out.jsonl --errors log.txt 2> log.txt", tmp_path)
    assert done.returncode == 2
    message = (tmp_path / "log.txt").read_text("utf-8")
    assert "--errors log.txt is also standard error (2> log.txt)" in message
    assert "/dev/stderr" in message
    assert not (tmp_path / "out.jsonl").exists()


def _rows_errors_and_summary(text: str) -> None:
    """One file holding a mixed cohort's run whole: both rows, both bad records, the
    summary (standard output and error written into it in turn)."""
    records = [json.loads(line) for line in text.splitlines() if line.startswith('{"line"')]
    assert [r["line"] for r in records if "errors" not in r] == [1, 2]
    assert [r["line"] for r in records if "errors" in r] == [3, 4]
    assert "Records: 4 in = 2 out + 2 errors  (balanced)" in text
    assert "Patients per category" in text
    assert "Traceback" not in text


@needs_bash
@pytest.mark.parametrize(
    "redirect",
    [
        "> out.txt 2>&1",
        "&> out.txt",
        ">> out.txt 2>&1",
        "&>> out.txt",
        ">> out.txt 2>> out.txt",  # two descriptions, but both append
        "2>&1 | cat > out.txt",  # the same through a pipe
    ],
)
def test_rows_and_messages_into_one_file_opened_once(redirect: str, tmp_path: Path) -> None:
    """`-o - > out.txt 2>&1` was refused ("the same file, and one would replace what the
    other wrote"), with no --errors given and no bad record: standard output and error
    share one open file (one offset, or both appending), so each write follows the last."""
    mixed_cohort(tmp_path / "in.jsonl")
    done = shell(f"set -o pipefail; $ALS batch in.jsonl -o - {redirect}; echo $? > rc", tmp_path)
    assert (tmp_path / "rc").read_text().strip() == "1", done.stderr  # 1: some bad records
    _rows_errors_and_summary((tmp_path / "out.txt").read_text("utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.txt", "rc"]


@needs_bash
def test_the_reported_command_with_a_good_cohort(tmp_path: Path) -> None:
    done = shell('$ALS batch "$EXAMPLES/cohort.csv" -o - > out.txt 2>&1', tmp_path)
    assert done.returncode == 0
    text = (tmp_path / "out.txt").read_text("utf-8")
    assert len([line for line in text.splitlines() if line.startswith('{"line"')]) == 10
    assert "Records: 10 in = 10 out + 0 errors  (balanced)" in text


def test_nohup_from_a_terminal_writes_rows_and_summary_into_nohup_out(tmp_path: Path) -> None:
    """nohup on a terminal sends standard output to nohup.out (appending) and standard
    error after it (one open file)."""
    pty = pytest.importorskip("pty")
    nohup = shutil.which("nohup")
    if nohup is None:
        pytest.skip("needs nohup")
    mixed_cohort(tmp_path / "in.jsonl")
    master, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [nohup, *COMMAND, "batch", "in.jsonl", "-o", "-"],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=terminal,
            cwd=tmp_path,
            timeout=300,
        )
    finally:
        os.close(terminal)
        os.close(master)
    assert done.returncode == 1
    _rows_errors_and_summary((tmp_path / "nohup.out").read_text("utf-8"))


@needs_bash
@pytest.mark.parametrize("redirect", ["> out.txt 2> out.txt", "> out.txt 2>> out.txt"])
def test_one_file_opened_twice_for_output_and_error_is_refused(
    redirect: str, tmp_path: Path
) -> None:
    """Two descriptions of one file, not both appending: each keeps its own offset, and
    the rows and the messages would write over each other."""
    mixed_cohort(tmp_path / "in.jsonl")
    done = shell(f"$ALS batch in.jsonl -o - {redirect}; echo $? >&2", tmp_path)
    assert done.stderr.strip() == "2"
    message = (tmp_path / "out.txt").read_text("utf-8")
    assert "-o - and standard error (the bad records) are the same file opened twice" in message
    assert "(`> out 2>&1`)" in message
    assert '{"line"' not in message


def test_which_descriptors_of_one_file_write_after_each_other(tmp_path: Path) -> None:
    """One description (dup, as 2>&1 makes) or two appending ones: yes; two descriptions
    with offsets of their own: no. The probe leaves every offset where it was."""
    from alscriteria.cohort.output import writes_follow_each_other

    path = tmp_path / "out.txt"
    path.write_bytes(b"abc")
    flags = os.O_WRONLY
    first = os.open(path, flags)
    os.lseek(first, 2, os.SEEK_SET)
    shared = os.dup(first)
    apart = os.open(path, flags)
    os.lseek(apart, 2, os.SEEK_SET)  # the same offset, but its own
    appending = [os.open(path, flags | os.O_APPEND) for _ in range(2)]
    try:
        assert writes_follow_each_other(first, shared)
        assert writes_follow_each_other(shared, first)
        assert not writes_follow_each_other(first, apart)
        assert writes_follow_each_other(*appending)
        assert not writes_follow_each_other(first, appending[0])
        assert [os.lseek(fd, 0, os.SEEK_CUR) for fd in (first, shared, apart)] == [2, 2, 2]
        os.write(shared, b"Z")
        assert path.read_bytes() == b"abZ"
    finally:
        for fd in (first, shared, apart, *appending):
            os.close(fd)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--errors", "same.json", "--summary", "same.json"], "--errors same.json and --summary"),
        (["--summary", "out.jsonl"], "-o out.jsonl and --summary out.jsonl"),
        (["--errors", "link.json", "--summary", "same.json"], "--errors link.json and --summary"),
    ],
)
def test_two_outputs_naming_one_regular_file_are_refused(
    argv: list[str], named: str, tmp_path: Path
) -> None:
    (tmp_path / "same.json").write_text("kept\n")
    (tmp_path / "link.json").symlink_to(tmp_path / "same.json")
    done = subprocess.run(
        [*COMMAND, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", "out.jsonl", *argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert named in done.stderr and "the same file" in done.stderr
    assert (tmp_path / "same.json").read_text() == "kept\n"


def test_outputs_may_share_a_device(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *COMMAND,
            "batch",
            str(EXAMPLES / "cohort.jsonl"),
            "-o",
            "/dev/null",
            "--output-format",
            "jsonl",
            "--errors",
            "/dev/null",
            "--summary",
            "/dev/null",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@needs_bash
def test_no_errors_file_is_left_when_there_are_no_bad_records(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl.errors.jsonl").write_text('{"line": 9, "errors": ["old"]}\n')
    done = shell('$ALS batch "$EXAMPLES/cohort.csv" -o out.jsonl', tmp_path)
    assert done.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    mixed_cohort(tmp_path / "in.jsonl")
    done = shell("$ALS batch in.jsonl -o out.jsonl", tmp_path)
    assert done.returncode == 1
    assert len(jsonl((tmp_path / "out.jsonl.errors.jsonl").read_text("utf-8"))) == 2


# --- a reader that closes the pipe ---------------------------------------------------------


CLOSED_READER = [
    ["evaluate", "{examples}/definite.json"],
    ["evaluate", "{examples}/definite.json", "--json"],
    ["timeline", "{examples}/history-limb-onset.json"],
    ["timeline", "{examples}/history-limb-onset.json", "--json"],
    ["batch", "{examples}/cohort.jsonl", "-o", "-"],
    ["batch", "{examples}/cohort.jsonl", "-o", "out.jsonl"],
    # CSV: the header is written before any record is read (it exited 2)
    ["batch", "{examples}/cohort.csv", "-o", "-", "--output-format", "csv"],
    ["batch", "{examples}/visits.csv", "-o", "-", "--output-format", "csv"],
    ["rules"],
    ["rules", "--json"],
    ["muscles"],
    ["muscles", "--json"],
    ["schema"],
    ["schema", "case"],
    ["report", "{examples}/definite.json", "-o", "-"],
    ["report", "{examples}/history-limb-onset.json", "-o", "-"],
    ["walkthrough"],
    ["--help"],
    ["batch", "--help"],
    ["--version"],
]


@pytest.mark.parametrize("argv", CLOSED_READER, ids=" ".join)
def test_a_closed_reader_ends_every_command_quietly_with_141(
    argv: list[str], tmp_path: Path
) -> None:
    """Standard output is a real pipe whose reading end is already closed: the first write
    fails, as it does once `| head` has what it wants."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*COMMAND, *(a.replace("{examples}", str(EXAMPLES)) for a in argv)],
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=300,
        )
    finally:
        os.close(write)
    assert done.returncode == OUTPUT_CLOSED
    assert done.stderr == b""  # quiet: no traceback, no "Exception ignored", no message


@needs_bash
def test_head_on_a_long_output_ends_with_141(tmp_path: Path) -> None:
    """3,000 rows are far more than a pipe holds: head leaves while they are written."""
    cases = jsonl((EXAMPLES / "cohort.jsonl").read_text("utf-8"))
    (tmp_path / "big.jsonl").write_text(
        "".join(json.dumps({**cases[n % 10], "id": f"P-{n}"}) + "\n" for n in range(3000))
    )
    done = shell(
        'cat big.jsonl | $ALS batch - -o - | head -1 > first.jsonl; echo "${PIPESTATUS[1]}"',
        tmp_path,
    )
    assert done.stdout.strip() == str(OUTPUT_CLOSED)
    assert done.stderr == ""  # no summary after the reader left, no traceback
    assert jsonl((tmp_path / "first.jsonl").read_text("utf-8"))[0]["id"] == "P-0"


@needs_bash
def test_a_reader_gone_before_the_csv_header_ends_like_one_gone_before_the_first_row(
    tmp_path: Path,
) -> None:
    """The reported pipeline: CSV and JSON Lines alike exit 141 with nothing on standard
    error, and the summary file says why the run stopped, with no record done."""
    summaries = {}
    for fmt in ("csv", "jsonl"):
        done = shell(
            f'(sleep .3; $ALS batch "$EXAMPLES/cohort.csv" -o - --output-format {fmt} '
            f'--summary {fmt}.json) | true; echo "${{PIPESTATUS[0]}}"',
            tmp_path,
        )
        assert done.stdout.strip() == str(OUTPUT_CLOSED)
        assert done.stderr == ""
        summaries[fmt] = json.loads((tmp_path / f"{fmt}.json").read_text("utf-8"))
    for summary in summaries.values():
        assert summary["failure"] == "standard output was closed by the program reading it"
        assert summary["records"]["in"] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv.json", "jsonl.json"]


# --- help at 80 columns --------------------------------------------------------------------


COMMANDS = ["", "evaluate", "batch", "timeline", "report", "schema", "muscles", "rules"]


def _help(command: str, columns: int) -> str:
    done = subprocess.run(
        [*COMMAND, *([command] if command else []), "--help"],
        env={**os.environ, "COLUMNS": str(columns)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_80_columns_and_breaks_no_word(command: str) -> None:
    narrow, wide = _help(command, 80), _help(command, 400)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    # the same words in the same order: nothing cut mid-word or at a hyphen
    assert narrow.split() == wide.split()


def test_every_reading_value_is_whole_in_the_help() -> None:
    from alscriteria.case.readings import Readings

    text = _help("batch", 80)
    for option, values in Readings.options().items():
        assert re.search(rf"(^|\s){option}={re.escape('|'.join(values))};?(\s|$)", text), option


# --- piped text: no trailing spaces --------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "{examples}/definite.json"],
        ["evaluate", "{examples}/probable.json", "--no-plan"],
        ["timeline", "{examples}/history-limb-onset.json", "--regions"],
        ["rules"],
        ["muscles"],
        ["batch", "{examples}/cohort.jsonl", "-o", "out.jsonl"],
    ],
    ids=" ".join,
)
def test_piped_output_has_no_trailing_spaces(argv: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, *(a.replace("{examples}", str(EXAMPLES)) for a in argv)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    padded = [line for line in done.stdout.splitlines() if line != line.rstrip(" ")]
    assert padded == []
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_trimmed_lines_keeps_spaces_inside_a_line_and_before_more_text() -> None:
    import io

    from alscriteria.cli.streams import TrimmedLines

    out = io.StringIO()
    trimmed = TrimmedLines(out)
    trimmed.write("a  b   \nprompt: ")
    assert out.getvalue() == "a  b\nprompt:"  # the space after the prompt held back
    trimmed.write("answer  \n\n  ")
    trimmed.write("\n")
    assert out.getvalue() == "a  b\nprompt: answer\n\n\n"


def test_a_broken_pipe_that_is_not_our_output_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a closed standard output or error is a reader's choice; a BrokenPipeError from
    anything else is a defect, and is not turned into a quiet 141."""
    import io

    from rich.console import Console

    import alscriteria.cli.evaluate
    from alscriteria.cli.app import main

    def broken(args: object, console: object) -> int:
        raise BrokenPipeError(32, "a pipe of our own")

    monkeypatch.setattr(alscriteria.cli.evaluate, "cmd_evaluate", broken)
    with pytest.raises(BrokenPipeError):
        main(["evaluate", "case.json"], console=Console(file=io.StringIO()))


# --- an output path that is a pipe whose reader has gone ---------------------------------

#: Commands writing a file named by an option; {out} is the pipe, given by its name.
OUTPUT_PATHS = [
    ["report", "{examples}/history-limb-onset.json", "-o", "{out}"],
    ["report", "{examples}/definite.json", "-o", "{out}"],
    ["batch", "{examples}/cohort.jsonl", "-o", "{out}", "--output-format", "jsonl"],
    ["batch", "{examples}/cohort.jsonl", "-o", "{out}", "--output-format", "csv"],
    ["batch", "{examples}/cohort.jsonl", "-o", "rows.jsonl", "--summary", "{out}"],
    ["batch", "{examples}/cohort.jsonl", "-o", "rows.jsonl", "--report", "{out}"],
]


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/N"])
@pytest.mark.parametrize("argv", OUTPUT_PATHS, ids=" ".join)
def test_an_output_path_whose_reader_closed_ends_quietly_with_141(
    argv: list[str], name: str, tmp_path: Path
) -> None:
    """Hostile review: `report x -o /dev/stdout | head -c 10` exited 2 with "cannot write
    the report (Broken pipe)", where `-o -` ends quietly with 141. A pipe named as the
    output (its reading end already closed) now ends the same way, leaving no file."""
    read, write = os.pipe()
    os.close(read)
    out = name.replace("N", str(write))
    try:
        done = subprocess.run(
            [*COMMAND, *(a.format(examples=EXAMPLES, out=out) for a in argv)],
            stdin=subprocess.DEVNULL,
            stdout=write if name == "/dev/stdout" else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=300,
            pass_fds=(write,),
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")
    # nothing staged beside a pipe; a batch's own regular files are whole or absent
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_whose_reader_leaves_ends_the_run_quietly(tmp_path: Path) -> None:
    """`batch -o rows.fifo` with a reader that takes one byte and leaves (as `head -c 1`):
    3,000 rows are far more than a pipe holds, so the writer meets the closed pipe."""
    import threading

    cases = jsonl((EXAMPLES / "cohort.jsonl").read_text("utf-8"))
    (tmp_path / "big.jsonl").write_text(
        "".join(json.dumps({**cases[n % 10], "id": f"P-{n}"}) + "\n" for n in range(3000))
    )
    fifo = tmp_path / "rows.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def head() -> None:
        with open(fifo, "rb") as reader:  # waits for the writer to open it
            got.append(reader.read(1))

    reader = threading.Thread(target=head)
    reader.start()
    done = subprocess.run(
        [
            *COMMAND,
            "batch",
            "big.jsonl",
            "-o",
            str(fifo),
            "--output-format",
            "jsonl",
            "--summary",
            "summary.json",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
    )
    reader.join(timeout=60)
    assert got == [b"{"]
    assert (done.returncode, done.stderr) == (OUTPUT_CLOSED, b"")
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert summary["records"]["in"] < 3000  # stopped when the reader left, and says so
    assert summary["failure"] == f"{fifo} was closed by the program reading it"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "rows.fifo", "summary.json"]
