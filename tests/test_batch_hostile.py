"""`alscriteria batch` against hostile and broken input, files and processes.

Each test reproduces one reported way of losing patients, destroying a file, running code
from a shared folder or leaving processes behind. Signals, worker processes and the module
path are what a user's real command meets, so those tests run it in a subprocess; the rest
run in-process, which is much faster.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import alscriteria.cohort.assess_record as assess_module
import alscriteria.cohort.output as output_module
import alscriteria.cohort.run as run_module
from alscriteria.case.readings import Readings
from alscriteria.cli.app import main
from alscriteria.cli.batch import one_line
from alscriteria.cohort.assess_record import BatchSettings, assess_record
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.lines import MAX_RECORD_BYTES
from alscriteria.cohort.pool import default_jobs
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.cohort.records import CohortReader
from alscriteria.cohort.rows import error_row
from cli_helpers import run_in_process
from strategies import examples
from strategies.cohorts import (
    CASES,
    CSV_HEADER,
    EXAMPLES,
    case_line,
    cohorts,
    csv_row,
)

#: Tests of worker processes need two of them; `--jobs` is capped at the CPUs available.
two_workers = pytest.mark.skipif(default_jobs() < 2, reason="needs 2 CPUs for 2 workers")
on_linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run_in_process(capsys, *argv, width=100)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def errors_of(out: Path) -> list[dict[str, Any]]:
    """The errors file's rows: the file is there only when there is a bad record."""
    path = Path(f"{out}.errors.jsonl")
    if not path.exists():
        return []
    rows = read_jsonl(path)
    assert rows, "an empty errors file was left behind"
    return rows


def staged(out: Path) -> list[Path]:
    """Temporary files a run writes beside a target before renaming them into place."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.[0-9a-f]{{8}}\.partial$")
    return sorted(p for p in out.parent.iterdir() if pattern.match(p.name))


def command(workdir: Path) -> list[str]:
    """The command as a user's shell starts it: a script outside the working directory.

    (Not `python -m`, which would put the working directory on the main process's own
    path; the console script `alscriteria` does not, and neither does this launcher.)
    """
    launcher = workdir / "launch" / "alscriteria_launcher.py"
    launcher.parent.mkdir(exist_ok=True)
    launcher.write_text(
        "import sys\nfrom alscriteria.cli.app import main\n"
        "if __name__ == '__main__':\n    sys.exit(main())\n"
    )
    return [sys.executable, str(launcher)]


def big_cohort(path: Path, total: int = 40_000) -> None:
    with path.open("w") as f:
        for n in range(total):
            f.write(case_line(n) + "\n")


def wait_for_staged_data(out: Path, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for partial in staged(out):
            with contextlib.suppress(OSError):  # renamed into place meanwhile
                if partial.stat().st_size:
                    return
        assert process.poll() is None, "the run ended before the test could signal it"
        time.sleep(0.02)
    raise AssertionError("the run wrote nothing in time")


# --- 1. text that cannot be encoded ------------------------------------------------------


def _evaluate_without_id(data: Any, *args: Any, **kwargs: Any) -> Any:
    """The real evaluation, but blind to the id: the raw id reaches the writers as given,
    whatever the case model accepts (it refuses lone surrogates today, which hides this)."""
    clean = {k: v for k, v in data.items() if k != "id"} if isinstance(data, dict) else data
    return original_evaluate_all(clean, *args, **kwargs)


original_evaluate_all = assess_module.evaluate_all


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_an_id_that_cannot_be_encoded_costs_one_error_row_not_the_run(
    suffix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(assess_module, "evaluate_all", _evaluate_without_id)
    lines = [case_line(n) for n in range(300)]
    lines[150] = case_line(150, id="bad\ud800id")  # what json.loads makes of "\ud800"
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    out = tmp_path / f"out{suffix}"
    summary = tmp_path / "summary.json"
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--summary", str(summary))
    assert code == 1
    assert "Traceback" not in err
    if suffix == ".csv":
        with out.open(newline="", encoding="utf-8") as f:
            written = [int(r["line"]) for r in csv.DictReader(f)]
    else:
        written = [r["line"] for r in read_jsonl(out)]
    assert written == [n for n in range(1, 301) if n != 151]
    (error,) = errors_of(out)
    assert error["line"] == 151
    assert error["id"] == "bad\ud800id"  # kept, as a JSON escape
    assert "surrogate" in error["errors"][0]
    assert json.loads(summary.read_text())["records"]["balanced"] is True
    assert "\\ud800" in err  # shown escaped on the terminal


def test_an_error_row_is_ascii_whatever_it_holds() -> None:
    row = error_row(3, "\ud800\u2028\x1b", ["bad \udcff value", "caf\u00e9"])
    assert row.decode("ascii").endswith("\n")
    assert json.loads(row) == {
        "line": 3,
        "id": "\ud800\u2028\x1b",
        "errors": ["bad \udcff value", "caf\u00e9"],
    }


def test_a_record_with_a_lone_surrogate_gives_an_ascii_error_row() -> None:
    settings = BatchSettings(CohortFormat.JSONL, CohortFormat.JSONL, ("awaji",), Readings())
    outcome = assess_record(RawRecord(4, text='{"id": "x\\ud800"}'), settings)
    assert outcome.row is None and outcome.error is not None
    outcome.error.decode("ascii")


# --- 2. a quote left open in a CSV cell --------------------------------------------------


def test_an_unclosed_csv_quote_costs_one_record_and_names_both_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [csv_row(n) for n in range(10)]
    rows[2] = '"' + rows[2]  # opened, never closed on this line (file line 4)
    rows[6] = rows[6] + ',"'  # ... the next quote, on file line 8, is where it would close
    path = tmp_path / "in.csv"
    path.write_text(CSV_HEADER + "\n" + "\n".join(rows) + "\n")
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "s.json"
    code, _, _ = run(capsys, "batch", str(path), "-o", str(out), "--summary", str(summary))
    assert code == 1
    good = [r["line"] for r in read_jsonl(out)]
    bad = {e["line"]: e for e in errors_of(out)}
    assert sorted(good + list(bad)) == list(range(2, 12))  # every patient is somewhere
    assert good == [2, 3, 5, 6, 7, 9, 10, 11]
    message = bad[4]["errors"][0]
    assert "not closed on line 4" in message and "lines 4 to 8" in message
    assert json.loads(summary.read_text())["records"] == {
        "in": 10,
        "out": 8,
        "errors": 2,
        "balance": "in = out + errors",
        "balanced": True,
    }


def test_an_unclosed_quote_on_the_last_line_says_it_runs_to_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV_HEADER + "\n" + csv_row(1) + "\n" + '"' + csv_row(2) + "\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 1
    (error,) = errors_of(out)
    assert error["line"] == 3 and "end of the file" in error["errors"][0]


# --- 3. outputs that are the input, or each other ----------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--errors", "--summary"])
def test_an_output_that_is_a_hard_link_to_the_input_is_refused(
    flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "cohort.jsonl"
    source.write_text("".join(case_line(n) + "\n" for n in range(5)))
    before = source.read_bytes()
    link = tmp_path / "link.jsonl"
    os.link(source, link)
    argv = {"-o": ["-o", str(link)], "--errors": ["-o", str(tmp_path / "o.jsonl")]}
    argv["--errors"] += ["--errors", str(link)]
    argv["--summary"] = ["-o", str(tmp_path / "o.jsonl"), "--summary", str(link)]
    code, _, err = run(capsys, "batch", str(source), *argv[flag])
    assert code == 2
    assert "input" in err and "Traceback" not in err
    assert source.read_bytes() == before
    assert not (tmp_path / "o.jsonl").exists()
    assert staged(link) == [] and staged(tmp_path / "o.jsonl") == []


def test_standard_input_redirected_from_the_output_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "cohort.jsonl"
    source.write_text("".join(case_line(n) + "\n" for n in range(5)))
    before = source.read_bytes()
    with source.open("rb") as stdin:
        done = subprocess.run(
            [*command(tmp_path), "batch", "-", "--input-format", "jsonl", "-o", str(source)],
            stdin=stdin,
            capture_output=True,
            timeout=60,
        )
    assert done.returncode == 2 and b"input" in done.stderr
    assert source.read_bytes() == before


def test_a_replaced_output_keeps_its_permissions_and_its_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "results" / "out.jsonl"
    real.parent.mkdir()
    real.write_text("earlier\n")
    real.chmod(0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    assert (
        run(
            capsys,
            "batch",
            str(EXAMPLES / "cohort.jsonl"),
            "-o",
            str(link),
            "--errors",
            str(tmp_path / "e.jsonl"),
        )[0]
        == 0
    )
    assert link.is_symlink() and len(read_jsonl(real)) == len(CASES)
    assert real.stat().st_mode & 0o777 == 0o640
    assert staged(real) == []


def test_two_outputs_that_are_one_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    other = tmp_path / "errors.jsonl"
    os.link(out, other)
    code, _, err = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--errors", str(other)
    )
    assert code == 2 and "same file" in err
    assert out.read_text() == "earlier results\n"


# --- 4. worker processes do not import from the working directory -----------------------


@pytest.mark.slow
@two_workers
def test_workers_do_not_import_modules_from_the_working_directory(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    marker = shared / "IMPORTED"
    (shared / "pickle.py").write_text(
        f"open({str(marker)!r}, 'a').write('imported\\n')\nraise ImportError('planted')\n"
    )
    (shared / "cohort.jsonl").write_text("".join(case_line(n) + "\n" for n in range(600)))
    done = subprocess.run(
        [*command(tmp_path), "batch", "cohort.jsonl", "-o", "out.jsonl", "--jobs", "2"],
        cwd=shared,
        capture_output=True,
        timeout=120,
    )
    assert not marker.exists(), done.stderr.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert len(read_jsonl(shared / "out.jsonl")) == 600


# --- 5. workers die with the main process; SIGTERM stops cleanly ------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # from the state field on


def _children(parent: int) -> dict[int, str]:
    """pid -> start time of the processes whose parent is `parent` (start time tells a
    reused pid apart)."""
    found = {}
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == parent:
            found[int(entry.name)] = fields[19]
    return found


def _workers(parent: int) -> list[int]:
    """The worker processes among a run's children (not multiprocessing's resource tracker)."""
    found = []
    for pid in _children(parent):
        with contextlib.suppress(OSError):
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                found.append(pid)
    return found


def _running(pid: int, started: str) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[19] == started and fields[0] not in "ZXx"


def _start_big_run(
    tmp_path: Path, *options: str, total: int = 40_000, **popen: Any
) -> tuple[subprocess.Popen[bytes], Path]:
    """A real `batch --jobs 2` over a large generated cohort, started as a user would."""
    path = tmp_path / "big.jsonl"
    big_cohort(path, total)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [*command(tmp_path), "batch", str(path), "-o", str(out), "--jobs", "2", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen,
    )
    return process, out


def _any_left_after(children: dict[int, str], seconds: float = 10) -> bool:
    """Whether any of these processes still runs after waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_running(p, s) for p, s in children.items()):
        time.sleep(0.1)
    return any(_running(p, s) for p, s in children.items())


@pytest.mark.slow
@on_linux
@two_workers
def test_killing_the_main_process_leaves_no_worker_behind(tmp_path: Path) -> None:
    process, out = _start_big_run(tmp_path)
    try:
        wait_for_staged_data(out, process)
        children = _children(process.pid)
        assert len(_workers(process.pid)) == 2, children
        process.kill()
        # the caller's pipe closes only when no process of the run holds it any more
        process.communicate(timeout=10)
        _any_left_after(children)
        left = [pid for pid, started in children.items() if _running(pid, started)]
        assert left == [], "processes of the killed run are still running"
    finally:
        if process.poll() is None:
            process.kill()
        for pid, started in _children(process.pid).items():
            if _running(pid, started):
                os.kill(pid, signal.SIGKILL)
    assert not out.exists()  # the target was never touched


@pytest.mark.slow
@on_linux
def test_sigterm_stops_cleanly_with_whole_files_and_exit_143(tmp_path: Path) -> None:
    summary_path = tmp_path / "summary.json"
    process, out = _start_big_run(tmp_path, "--summary", str(summary_path))
    wait_for_staged_data(out, process)
    children = _children(process.pid)
    process.terminate()
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert b"Traceback" not in stderr
    rows = read_jsonl(out)
    assert 0 < len(rows) < 40_000
    assert [r["line"] for r in rows] == list(range(1, len(rows) + 1))
    summary = json.loads(summary_path.read_text())
    assert summary["interrupted"] is True and summary["records"]["out"] == len(rows)
    assert staged(out) == []
    assert not _any_left_after(children)


@pytest.mark.slow
@on_linux
@two_workers
def test_a_worker_that_dies_ends_the_run_with_exit_2_and_whole_files(tmp_path: Path) -> None:
    process, out = _start_big_run(tmp_path)
    wait_for_staged_data(out, process)
    os.kill(_workers(process.pid)[0], signal.SIGKILL)  # as the kernel's OOM killer would
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr.decode()
    assert b"worker process ended" in stderr and b"Traceback" not in stderr
    rows = read_jsonl(out)
    assert [r["line"] for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.slow
@on_linux
@two_workers
def test_ctrl_c_while_workers_start_is_a_clean_interrupt(tmp_path: Path) -> None:
    # its own process group, as a terminal's foreground job
    process, _ = _start_big_run(tmp_path, total=5_000, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_workers(process.pid)) < 2:
        time.sleep(0.002)
    # the workers exist and are still importing (that takes them about a second), as in
    # the first moments after a user starts the command and thinks better of it
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode()
    assert process.returncode == 130, stderr.decode()


# --- 6. outputs: checked before anything is truncated; write errors ----------------------


def test_a_refused_run_leaves_existing_files_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    out.write_text("earlier results\n")
    errors.write_text("earlier errors\n")
    code, _, err = run(
        capsys,
        "batch",
        str(EXAMPLES / "cohort.jsonl"),
        "-o",
        str(out),
        "--errors",
        str(errors),
        "--summary",
        str(tmp_path / "missing" / "summary.json"),
    )
    assert code == 2 and "cannot write" in err
    assert out.read_text() == "earlier results\n"
    assert errors.read_text() == "earlier errors\n"
    assert staged(out) == [] and staged(errors) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("which", ["output", "errors"])
def test_a_full_disk_ends_with_exit_2_a_message_and_the_counts(
    which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(case_line(n) + "\n" for n in range(5)) + "[1]\n")
    full = tmp_path / "full.jsonl"
    full.symlink_to("/dev/full")
    out = full if which == "output" else tmp_path / "out.jsonl"
    argv = ["-o", str(out)] + (["--errors", str(full)] if which == "errors" else [])
    code, _, err = run(capsys, "batch", str(path), *argv)
    assert code == 2
    assert "No space left on device" in err and "in = out + errors" in err
    assert "Traceback" not in err
    assert Path("/dev/full").is_char_device()  # written in place, never renamed over


def test_a_write_error_mid_run_keeps_whole_records_and_the_counts_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(case_line(n) + "\n" for n in range(200)))
    out = tmp_path / "out.jsonl"
    summary_path = tmp_path / "summary.json"
    real_write = os.write
    budget = [50_000]  # bytes of output before the disk is "full"

    def staged_output(fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".out.jsonl."))
        except OSError:
            return False

    def write(fd: int, data: Any) -> int:
        if staged_output(fd):
            if budget[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            data = bytes(data[: budget[0]])  # a short write first, as a filling disk does
            budget[0] -= len(data)
        return real_write(fd, data)

    monkeypatch.setattr(output_module.os, "write", write)
    code, _, err = run(capsys, "batch", str(path), "-o", str(out), "--summary", str(summary_path))
    assert code == 2
    assert "No space left on device" in err and "Traceback" not in err
    rows = read_jsonl(out)  # whole lines only
    assert 0 < len(rows) < 200
    summary = json.loads(summary_path.read_text())
    assert summary["records"]["out"] == len(rows)
    assert "No space left" in summary["failure"]
    assert staged(out) == []


def test_an_interrupt_before_any_record_changes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")

    def interrupted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise KeyboardInterrupt
        yield  # a generator, as the real one

    monkeypatch.setattr(run_module, "assessed_chunks", interrupted)
    code, _, err = run(capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out))
    assert code == 130 and "no file was changed" in err
    assert out.read_text() == "earlier results\n"
    assert staged(out) == []


# --- 7. spreadsheet formulas -------------------------------------------------------------


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")']


def test_formula_like_ids_are_neutralised_in_csv_but_kept_in_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(case_line(n, id=f) + "\n" for n, f in enumerate(FORMULAS))
        + case_line(9, id="ordinary-id")
        + "\n"
    )
    csv_out, jsonl_out = tmp_path / "out.csv", tmp_path / "out.jsonl"
    run(capsys, "batch", str(path), "-o", str(csv_out))
    run(capsys, "batch", str(path), "-o", str(jsonl_out))
    with csv_out.open(newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    json_ids = [r["id"] for r in read_jsonl(jsonl_out)]
    expected = [*("'" + f for f in FORMULAS), "ordinary-id"]
    assert ids == expected
    assert json_ids == [*FORMULAS, "ordinary-id"]


def test_formula_like_ids_from_csv_input_are_neutralised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV_HEADER + "\n" + csv_row(0, "=cmd|' /C calc'!A0") + "\n")
    out = tmp_path / "out.csv"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 0
    with out.open(newline="") as f:
        assert next(csv.DictReader(f))["id"] == "'=cmd|' /C calc'!A0"


# --- 8. the smaller ones -----------------------------------------------------------------


@pytest.mark.parametrize("item", ["deltoid:left:", "deltoid:left: ", "deltoid:left:+"])
def test_an_emg_item_without_findings_is_an_error_not_a_normal_study(
    item: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"id,emg\nA,{item}\nB,deltoid:left:normal\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 1
    assert [r["id"] for r in read_jsonl(out)] == ["B"]
    (error,) = errors_of(out)
    assert error["line"] == 2
    assert "column emg, item 1" in error["errors"][0] and "normal" in error["errors"][0]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_cr_crlf_and_lf_all_end_json_lines(
    ending: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(ending.join(case_line(n) for n in range(4)).encode() + b"\r")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 0
    assert [r["line"] for r in read_jsonl(out)] == [1, 2, 3, 4]


def test_mixed_line_ends_keep_physical_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        (CSV_HEADER + "\r" + csv_row(1) + "\r\n" + csv_row(2) + "\n\r" + csv_row(3)).encode()
    )
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 0
    assert [r["line"] for r in read_jsonl(out)] == [2, 3, 5]


def test_jobs_above_the_cpu_count_is_capped_with_one_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import alscriteria.cohort.setup as batch_setup

    monkeypatch.setattr(batch_setup, "default_jobs", lambda: 1)
    started: list[int] = []
    real = run_module.assessed_chunks

    def spy(records: Any, settings: Any, jobs: int) -> Any:
        started.append(jobs)
        return real(records, settings, jobs)

    monkeypatch.setattr(run_module, "assessed_chunks", spy)
    out = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--jobs", "64"
    )
    assert code == 0
    assert started == [1]
    assert err.count("--jobs 64: using 1") == 1


def test_a_huge_line_is_one_bad_record_read_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    with path.open("wb") as f:
        f.write(case_line(1).encode() + b"\n")
        for _ in range(24):
            f.write(b"x" * MAX_RECORD_BYTES)  # one 24 MiB line
        f.write(b"\n" + case_line(3).encode() + b"\n")
    tracemalloc.start()
    try:
        with CohortReader(str(path), CohortFormat.JSONL) as reader:
            records = list(reader.records())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.line for r in records] == [1, 2, 3]
    assert records[1].text is None and records[1].problem is not None
    assert "25,165,824 bytes" in records[1].problem
    assert records[2].text == case_line(3)
    assert peak < 4 * MAX_RECORD_BYTES


def test_a_huge_line_is_reported_with_its_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(CSV_HEADER + "\n" + "y" * (MAX_RECORD_BYTES + 1) + "\n" + csv_row(1) + "\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 1
    assert [e["line"] for e in errors_of(out)] == [2]
    assert [r["line"] for r in read_jsonl(out)] == [3]


def test_line_and_paragraph_separators_are_escaped_in_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(case_line(1, id="a\u2028b\u2029c") + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 0
    raw = out.read_bytes()
    assert "\u2028".encode() not in raw and "\u2029".encode() not in raw
    assert b"\\u2028" in raw
    assert read_jsonl(out)[0]["id"] == "a\u2028b\u2029c"


def test_a_key_given_twice_is_an_error_not_a_silent_replacement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[0]
    regions = json.dumps(case["regions"])[1:-1]
    text = json.dumps({**case, "regions": {}}).replace(
        '"regions": {}', f'"regions": {{{regions}, "cervical": {{}}}}'
    )
    assert '"cervical"' in regions  # the first one holds the findings
    path = tmp_path / "in.jsonl"
    path.write_text(text + "\n" + case_line(1) + "\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", str(path), "-o", str(out))[0] == 1
    (error,) = errors_of(out)
    assert error["line"] == 1 and "'cervical' appears twice" in error["errors"][0]


def test_input_text_is_escaped_on_the_terminal_and_never_wrapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nasty = "\x1b]0;owned\x07\x1b[2J\u202eevil"
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": nasty, nasty: 1, "progression": "maybe"}) + "\n" + case_line(1) + "\n"
    )
    out = tmp_path / "out\x1b[31m.jsonl"
    code, screen, err = run(capsys, "batch", str(path), "-o", str(out))
    assert code == 1
    for text in (screen, err):
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b[31m.jsonl" in screen  # the path, escaped, in the summary
    (error,) = read_jsonl(Path(f"{out}.errors.jsonl"))  # one line, whatever its length
    shown = one_line("line 1: " + "; ".join(error["errors"]))
    assert len(shown) > 100
    assert shown in err.splitlines()  # whole, on one line: not wrapped at 80 columns


def test_one_line_escapes_what_could_fake_or_restyle_a_line() -> None:
    assert one_line("a\nline 99: fake\x1b[2J\u202e") == "a\\nline 99: fake\\x1b[2J\\u202e"


# --- 9. whatever the input: in = out + errors, nothing lost, no traceback ----------------


def check_balance(
    kinds: dict[int, str], code: int, err: str, out: Path, summary: dict[str, Any]
) -> None:
    """in = out + errors, record by record: each line where it belongs, once, in order."""
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), err
    good = [r["line"] for r in read_jsonl(out)]
    bad = [e["line"] for e in errors_of(out)]
    assert good == sorted(set(good)) and bad == sorted(set(bad))  # input order, once each
    assert not set(good) & set(bad)
    records = [n for n, kind in kinds.items() if kind != "blank"]
    assert sorted(good + bad) == records  # nothing dropped, nothing made up
    assert {n for n in records if kinds[n] == "good"} <= set(good)
    assert {n for n in records if kinds[n] == "bad"} <= set(bad)
    counts = summary["records"]
    assert (counts["in"], counts["out"], counts["errors"]) == (len(records), len(good), len(bad))
    assert summary["blank_lines_skipped"] == len(kinds) - len(records)
    assert code == (2 if not good else 1 if bad else 0)


@settings(
    max_examples=examples(100),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cohorts())
def test_every_record_is_in_the_output_or_the_errors_file_exactly_once(
    cohort: tuple[str, bytes, dict[int, str]],
) -> None:
    fmt, data, kinds = cohort
    with tempfile.TemporaryDirectory() as name:  # not tmp_path: one folder per example
        folder = Path(name)
        path = folder / f"in.{fmt}"
        path.write_bytes(data)
        out = folder / "out.jsonl"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(
                ["batch", str(path), "-o", str(out), "--summary", str(folder / "s.json")],
                console=Console(file=io.StringIO(), width=100),
            )
        if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
            # a UTF-16 or UTF-32 byte-order mark: the file is refused as a whole
            assert code == 2 and "UTF-8" in err.getvalue() and not out.exists()
            return
        summary = json.loads((folder / "s.json").read_text())
        check_balance(kinds, code, err.getvalue(), out, summary)


@pytest.mark.slow
@settings(max_examples=examples(3))
@given(cohorts(), st.sampled_from(["1", "2"]))
def test_the_real_command_keeps_the_balance_too(
    cohort: tuple[str, bytes, dict[int, str]], jobs: str
) -> None:
    fmt, data, kinds = cohort
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / f"in.{fmt}"
        path.write_bytes(data)
        out = folder / "out.jsonl"
        done = subprocess.run(
            [
                *command(folder),
                "batch",
                str(path),
                "-o",
                str(out),
                "--jobs",
                jobs,
                "--summary",
                str(folder / "s.json"),
            ],
            capture_output=True,
            timeout=120,
            cwd=folder,
        )
        summary = json.loads((folder / "s.json").read_text())
        check_balance(kinds, done.returncode, done.stderr.decode(), out, summary)


def test_a_criteria_set_named_twice_is_assessed_once_and_the_run_lands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 20, item 5: the summary used to fail after every record was assessed."""
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    argv = ["batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--summary", str(summary)]
    code, _, err = run(capsys, *argv, "--criteria", "awaji", "--criteria", "awaji")
    assert code == 0, err
    rows = read_jsonl(out)
    assert len(rows) == len(CASES)
    assert json.loads(summary.read_text())["criteria"] == ["awaji"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_repeated_id_check_holds_a_bounded_amount_of_memory() -> None:
    """Issue 20, item 11: 200,000 long ids used to be kept whole (about 100 MB)."""
    import tracemalloc

    ids = run_module.RepeatedIds()
    tracemalloc.start()
    for n in range(200_000):
        ids.add(f"{n:0>190}-patient", n + 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16_000_000, peak
    ids.add(f"{5:0>190}-patient", 999_999)  # a repeat of a kept id is still found
    assert ids.untracked == 100_000
    [first, note] = ids.repeated()
    assert "lines 6, 999999" in first and "first 100,000 distinct ids" in note


def test_a_repeated_id_is_named_with_its_first_lines_and_a_count() -> None:
    ids = run_module.RepeatedIds()
    for line in range(1, 9):
        ids.add("P-1", line)
    for n in range(60):
        ids.add(f"Q-{n}", 100 + n)
        ids.add(f"Q-{n}", 200 + n)
    named = ids.repeated()
    assert named[0] == "id 'P-1' is on lines 1, 2, 3, 4, 5 and 3 more"
    assert len(named) == 51 and named[-1] == "and 11 more ids on several records"


def test_a_failure_after_the_records_are_written_keeps_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20, item 5: a defect while summarising must not lose a finished run."""
    from alscriteria.cohort.summary import CohortSummary

    def broken(self: Any, **_: Any) -> dict[str, Any]:
        raise KeyError("a defect")

    monkeypatch.setattr(CohortSummary, "document", broken)
    out, summary = tmp_path / "o.jsonl", tmp_path / "s.json"
    code, _, err = run(
        capsys, "batch", str(EXAMPLES / "cohort.jsonl"), "-o", str(out), "--summary", str(summary)
    )
    assert code == 2
    assert len(read_jsonl(out)) + len(errors_of(out)) == len(CASES)
    assert not summary.exists()
    assert "internal error while summarising" in err and str(out) in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    # one thing not written takes "was": never "the summary were not written"
    flat = " ".join(err.split())
    assert "were not written" not in flat and "not written" in flat
    assert re.search(r"the summary \([^)]*\) was not written", flat), flat


def test_one_record_is_counted_in_the_singular(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alscriteria.cohort.summary import CohortSummary

    def broken(self: Any, **_: Any) -> dict[str, Any]:
        raise KeyError("a defect")

    monkeypatch.setattr(CohortSummary, "document", broken)
    one = tmp_path / "one.jsonl"
    one.write_text((EXAMPLES / "cohort.jsonl").read_text().splitlines()[0] + "\n")
    code, _, err = run(capsys, "batch", str(one), "-o", str(tmp_path / "o.jsonl"))
    flat = " ".join(err.split())
    assert code == 2 and "1 record was done and is in place" in flat, flat
    assert "1 records" not in flat and "the summary was not written" in flat


def test_ids_past_the_named_ones_are_each_counted_once() -> None:
    ids = run_module.RepeatedIds()
    for _ in range(3):
        for n in range(60):
            ids.add(f"P{n}", len(ids._first) + n * 1000 + _)
    assert ids.repeated()[-1] == "and 10 more ids on several records"


def test_untracked_ids_are_said_even_without_a_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module.RepeatedIds, "TRACKED", 3)
    ids = run_module.RepeatedIds()
    for n in range(5):
        ids.add(f"P{n}", n + 1)
    assert ids.repeated() == (
        "ids were checked for repeats among the first 3 distinct ids; 2 later records were "
        "not checked",
    )


class _ClosedEnd:
    """A worker's end of a pipe whose other end the parent has closed, in one of the ways a
    stopped run closes it: EOF, a reset (a result of the worker's left unread), a broken
    pipe on sending."""

    def __init__(self, on_recv: BaseException | None, on_send: BaseException | None) -> None:
        self.on_recv, self.on_send, self.sent = on_recv, on_send, 0

    def recv(self) -> object:
        if self.on_recv is not None:
            raise self.on_recv
        return ["chunk"]

    def send(self, result: object) -> None:
        self.sent += 1
        if self.on_send is not None:
            raise self.on_send


@pytest.mark.parametrize(
    ("on_recv", "on_send"),
    [
        (EOFError(), None),
        (ConnectionResetError(104, "Connection reset by peer"), None),
        (None, BrokenPipeError(32, "Broken pipe")),
        (None, ConnectionResetError(104, "Connection reset by peer")),
    ],
)
def test_a_worker_ends_quietly_however_the_parent_closed_its_pipe(
    monkeypatch: pytest.MonkeyPatch, on_recv: BaseException | None, on_send: BaseException | None
) -> None:
    """A run stopped by Ctrl-C closes the pipes with results unread: the worker's next read
    then resets instead of ending, and it printed a traceback under load (session 11, 1 in
    about 2 interrupted runs once the rows got faster). Each way the pipe can close ends the
    worker without an exception."""
    from alscriteria.cohort import pool

    monkeypatch.setattr(pool, "_start_worker", lambda parent: None)  # no signals in pytest
    end = _ClosedEnd(on_recv, on_send)
    pool._worker_main(end, lambda chunk: chunk, os.getpid())  # type: ignore[arg-type]
    assert end.sent == (0 if on_recv is not None else 1)
