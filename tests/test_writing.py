"""Every output goes through one writer (issue 20, items 6 to 8): a named pipe, a device or a
symlink that the user names is written, never replaced by a regular file; the staging file
cannot be a planted link; a private file stays private when it is saved again.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import alscriteria.files.atomic as atomic
from alscriteria.cli.app import main
from alscriteria.files.atomic import replace_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "probable.json"


def _report(target: Path) -> int:
    return main(["report", str(EXAMPLE), "-o", str(target)])


def _batch_report(target: Path) -> int:
    out = target.parent / "rows.jsonl"
    return main(
        ["batch", str(ROOT / "examples" / "cohort.jsonl"), "-o", str(out), "--report", str(target)]
    )


def _schema(target: Path) -> int:
    """`schema --out-dir` into a folder where case.schema.json is the target."""
    return main(["schema", "case", "--out-dir", str(target.parent)])


def _library(target: Path) -> int:
    replace_text(target, "{}\n")  # what `walkthrough --save` calls
    return 0


WRITERS: dict[str, Callable[[Path], int]] = {
    "report -o": _report,
    "batch --report": _batch_report,
    "walkthrough --save (replace_text)": _library,
}


@pytest.fixture(autouse=True)
def _quiet(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    yield
    capsys.readouterr()


@pytest.mark.parametrize("write", list(WRITERS.values()), ids=list(WRITERS))
def test_a_named_pipe_is_written_not_replaced(tmp_path: Path, write: Callable[[Path], int]) -> None:
    pipe = tmp_path / "page.fifo"
    os.mkfifo(pipe)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert write(pipe) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)  # still the pipe
    assert read and read[0]  # the reader got the output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("write", [*WRITERS.values(), _schema], ids=[*WRITERS, "schema"])
def test_a_symlink_is_followed_and_stays_a_link(
    tmp_path: Path, write: Callable[[Path], int]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "case.schema.json"
    real.write_text("old")
    link = tmp_path / "case.schema.json"
    link.symlink_to(real)
    assert write(link) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() != "old"


@pytest.mark.parametrize("write", list(WRITERS.values()), ids=list(WRITERS))
def test_a_private_file_stays_private_and_a_new_one_follows_the_umask(
    tmp_path: Path, write: Callable[[Path], int]
) -> None:
    private = tmp_path / "page.html"
    private.write_text("old")
    private.chmod(0o600)
    assert write(private) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text() != "old"
    fresh = tmp_path / "fresh.html"
    old_umask = os.umask(0o027)
    try:
        assert write(fresh) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


def test_a_link_planted_at_the_staging_name_is_never_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "case.json"
    planted = tmp_path / ".case.json.aaaaaaaa.partial"
    planted.symlink_to(victim)
    names = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda _: next(names))
    replace_text(target, json.dumps({"id": "x"}))
    assert victim.read_text() == "keep me" and planted.is_symlink()
    assert json.loads(target.read_text()) == {"id": "x"}


def test_a_character_device_is_written_in_place(tmp_path: Path) -> None:
    """A device such as /dev/null must stay a device (as root, replacing it would make a
    world-readable copy of the patient's page). A null device of the test's own is used, so
    that a regression cannot harm the machine's /dev/null."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    before = os.stat(null)
    assert _report(null) == 0
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (
        before.st_ino,
        before.st_rdev,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555, 0o000])
def test_a_read_only_file_is_refused_and_kept(tmp_path: Path, mode: int) -> None:
    """Run as root too (CI is root): the writer reads the file's mode, since the rename it
    replaces a file with ignores the mode and os.access says yes to root for any file."""
    kept = tmp_path / "page.html"
    kept.write_text("signed")
    kept.chmod(mode)
    with pytest.raises(PermissionError, match="the file is read-only"):
        replace_text(kept, "new")
    kept.chmod(0o644)
    assert kept.read_text() == "signed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_a_file_writable_by_its_group_only_is_still_written(tmp_path: Path) -> None:
    """Read-only means nobody may write it: a write bit for the group is a file meant to be
    changed (by root, or by its owner who is in the group, as os.access then decides)."""
    if os.geteuid() != 0:
        pytest.skip("as its owner, a file without the owner's write bit is refused by os.access")
    target = tmp_path / "page.html"
    target.write_text("old")
    target.chmod(0o464)
    replace_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o464


def test_the_report_command_keeps_a_read_only_page(tmp_path: Path) -> None:
    """Through the command, as a user meets it: exit 2, the message, the page unchanged."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text("signed")
    page.chmod(0o444)
    done = subprocess.run(
        [sys.executable, "-m", "alscriteria", "report", str(EXAMPLE), "-o", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"alscriteria report: {page}: cannot write the report (the file is read-only); no "
        "file was written\n"
    )
    assert page.read_text() == "signed"


def test_dev_stdout_into_a_pipe_or_an_appended_file_is_written_in_place(tmp_path: Path) -> None:
    """Hostile review: /dev/stdout was followed to the pipe or file behind it and renamed
    over (a pipe refused, `>> log` overwritten)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "alscriteria", "report", str(EXAMPLE), "-o", "/dev/stdout"]
    piped = subprocess.run(command, capture_output=True, text=True, check=False)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.lstrip().lower().startswith("<!doctype html")
    log = tmp_path / "log"
    log.write_text("KEEP\n")
    with log.open("a") as handle:
        done = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE, check=False)
    assert done.returncode == 0
    text = log.read_text()
    assert text.startswith("KEEP\n") and "</html>" in text
