"""Writing a run's rows, error records and summary so that no run can destroy a file.

Every output is written to a temporary file beside its target and renamed over it when the
run ends, also when it is interrupted or a write fails: an existing file is never truncated
by a run that is refused or dies before it starts writing, and a file in place is always
whole up to its last record. All of them are created before the first record is read, so a
folder that cannot be written refuses the run at once, not after an hour. Targets that are
not regular files (a device, a pipe) are written in place, since renaming over them would
replace the device itself. Before that, `check_targets` refuses outputs that are the input,
or each other, under another name. The rows themselves are made in cohort/rows.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.output_errors import OutputClosed, OutputError
from alscriteria.cohort.rows import csv_header
from alscriteria.cohort.stdout import STANDARD_OUTPUT, StandardOutput
from alscriteria.files import atomic
from alscriteria.files.json_output import json_text

if TYPE_CHECKING:
    from alscriteria.cohort.summary_model import BatchSummary

FileId = tuple[int, int]
"""(st_dev, st_ino): what a file is, whatever name or link it is reached by."""


def _identity(path: str) -> FileId | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


@dataclasses.dataclass(frozen=True, slots=True)
class _Target:
    """One output as the checks see it."""

    what: str
    """The option that names it ("-o", "--errors"), or the stream ("standard error")."""
    path: str
    identity: FileId | None
    """What the file is, when it exists (through a descriptor: what the shell opened)."""
    descriptor: int | None
    """The descriptor written through (-o -, /dev/stderr, /dev/fd/N), else None."""
    staged: bool
    """Written beside the target and renamed over it (a regular file reached by name)."""
    regular: bool
    """A regular file (else a pipe, terminal or device, which many outputs may share)."""


def _target(what: str, path: str) -> _Target:
    descriptor = 1 if what == "-o" and path == "-" else atomic.named_descriptor(path)
    try:
        info: os.stat_result | None = (
            os.fstat(descriptor) if descriptor is not None else os.stat(path)
        )
    except OSError:
        info = None
    regular = info is None or stat.S_ISREG(info.st_mode)
    return _Target(
        what,
        path,
        (info.st_dev, info.st_ino) if info is not None else None,
        descriptor,
        staged=descriptor is None and regular,
        regular=regular,
    )


def _same_file(a: _Target, b: _Target) -> bool:
    if a.identity is not None and a.identity == b.identity:
        return True
    return a.staged and b.staged and os.path.realpath(a.path) == os.path.realpath(b.path)


def _clash(a: _Target, b: _Target) -> bool:
    """Whether writing both would lose one: a regular file renamed over by one of them, or
    written through two descriptors that each keep an offset of their own. A pipe, a
    terminal or a device takes both in turn, and so does a file that both write at its end
    (`> out 2>&1`, `&>`, nohup: see `writes_follow_each_other`)."""
    if not _same_file(a, b) or not (a.regular and b.regular):
        return False
    if a.staged or b.staged or a.descriptor is None or b.descriptor is None:
        return True
    return not writes_follow_each_other(a.descriptor, b.descriptor)


def writes_follow_each_other(first: int, second: int) -> bool:
    """Whether what is written through one descriptor lands after what the other wrote,
    never over it: one descriptor; one open file description shared by both (`2>&1`, `&>`,
    nohup: one offset, moved by every write); or two descriptions that both append
    (`>> out 2>> out`: O_APPEND writes at the end whatever the offset).

    Two descriptions opened separately without O_APPEND (`> out 2> out`) each start at
    offset 0 and write over each other. There is no portable call asking whether two
    descriptors share a description, but the offset is the description's: moved through
    one, it moves for the other only when they share it. It is moved one byte and back,
    before anything of the run is written.
    """
    if first == second:
        return True
    try:
        appending = (_appending(first), _appending(second))
        if appending == (True, True):
            return True
        if appending in ((True, False), (False, True)):
            return False  # the flags are the description's: two descriptions
        here = os.lseek(first, 0, os.SEEK_CUR)
        if os.lseek(second, 0, os.SEEK_CUR) != here:
            return False
        os.lseek(first, here + 1, os.SEEK_SET)
        try:
            return os.lseek(second, 0, os.SEEK_CUR) == here + 1
        finally:
            os.lseek(first, here, os.SEEK_SET)
    except OSError:
        return False


def _clash_message(a: _Target, b: _Target) -> str:
    if a.staged or b.staged:
        return (
            f"{_name(a)} and {_name(b)} are the same file, and one would replace what the "
            "other wrote; give each output its own file"
        )
    # two descriptors the shell opened separately onto one file (`> out 2> out`)
    return (
        f"{_name(a)} and {_name(b)} are the same file opened twice (as `> out 2> out` "
        "does), and each would write over what the other wrote; open it once for both "
        "(`> out 2>&1`) or give each output its own file"
    )


def _name(target: _Target) -> str:
    return target.what if target.what.startswith("standard") else f"{target.what} {target.path}"


def check_targets(
    source: str, source_id: FileId | None, targets: Iterable[tuple[str, str]]
) -> None:
    """Refuse outputs that would destroy the input or each other, under any name or link.

    `targets` are (what, path) pairs such as ("-o", "out.jsonl"); "-o -" is standard output.
    Comparing resolved paths alone misses hard links: writing to one truncates the input it
    shares its data with. Outputs may share a pipe, a terminal or a device (`--errors
    /dev/stderr --summary /dev/stderr`): each is written there in turn, and so may
    standard output and error writing one file the shell opened once (`-o - > out 2>&1`).
    A regular file may otherwise be the target of one output only: the staged rename of one
    would replace what the other wrote. Standard output and error count as outputs too,
    since the run prints on them: `--summary log.txt 2> log.txt` would lose the messages.
    """
    seen: list[_Target] = []
    rows_on_stdout = False
    for what, path in targets:
        target = _target(what, path)
        if target.identity is not None and target.identity == source_id:
            raise OutputError(
                f"{_name(target)}: this is the input file {source} (under another name or "
                "link); writing it would destroy the input"
            )
        if rows_on_stdout and target.descriptor == 1:
            raise OutputError(
                f"{what} {path}: standard output carries the result rows (-o -) and nothing "
                "else; give a file, or /dev/stderr"
            )
        rows_on_stdout = rows_on_stdout or (what == "-o" and path == "-")
        for other in seen:
            if _clash(other, target):
                raise OutputError(_clash_message(other, target))
        seen.append(target)
    for descriptor, name, redirect in ((1, "standard output", ">"), (2, "standard error", "2>")):
        stream = _Target(name, name, _fd_identity(descriptor), descriptor, False, True)
        for other in seen:
            if other.staged and _same_file(other, stream):
                raise OutputError(
                    f"{_name(other)} is also {name} ({redirect} {other.path}): putting the "
                    f"file in place would lose what the run prints there; give another file"
                    + (", or /dev/stderr to write into standard error" if descriptor == 2 else "")
                )


def _fd_identity(descriptor: int) -> FileId | None:
    """What an open descriptor is, when it is a regular file; else None (a pipe or a
    terminal takes what every output writes, in turn)."""
    try:
        info = os.fstat(descriptor)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _appending(descriptor: int) -> bool | None:
    """Whether writes through the descriptor go to the end of the file (O_APPEND); None
    where the flags cannot be read (no fcntl: the offset test alone then decides)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system
        return None
    return bool(fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_APPEND)


class StagedFile(atomic.StagedFile):
    """One output of a run: the package's one writer (alscriteria.files.atomic), whose failures
    become the run's OutputError with the output named."""

    def __init__(self, path: str) -> None:
        try:
            super().__init__(path)
        except IsADirectoryError:
            raise OutputError(f"{path}: is a folder") from None
        except OSError as exc:
            raise OutputError(f"{path}: cannot write there ({exc.strerror or exc})") from None

    def finish_or_remove(self) -> None:
        try:
            super().finish_or_remove()
        except atomic.PlacementError as exc:
            raise OutputError(
                f"{self.path}: cannot remove the errors file of an earlier run "
                f"({exc.strerror or exc})"
            ) from None

    def finish(self) -> None:
        try:
            super().finish()
        except atomic.PlacementError as exc:
            raise OutputError(
                f"{self.path}: cannot put the file in place ({exc.strerror or exc})"
            ) from None
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None


def _write_error(file: StagedFile | StandardOutput, exc: OSError) -> OutputError:
    """A failed write as the run reports it; a pipe named as an output (/dev/stdout, a
    named pipe) closed by its reader is the same quiet stop as standard output closed
    (exit 141), not a write error."""
    if isinstance(exc, atomic.ReaderClosedError):
        return OutputClosed(f"{file.path}: closed by the program reading it")
    return OutputError(f"{file.path}: cannot write ({exc.strerror or exc})")


class CohortWriter:
    """The output, errors and summary files of one run.

    All three are created before any record is read; rows and errors are written chunk by
    chunk in input order, and `finish` puts them in place. A write error rolls both files
    back to the end of the previous chunk, so they and the counts stay in step.
    """

    def __init__(
        self,
        output: str,
        errors: str,
        fmt: CohortFormat,
        criteria: Sequence[str],
        summary: str | None = None,
        kept: Sequence[str] = (),
        columns: Sequence[str] | None = None,
    ) -> None:
        """`output` "-" is standard output; `kept` names the kept columns (CSV header) and
        `columns` the result columns when they are not those of case rows."""
        self.format = fmt
        self.output_closed = False
        """The reader of standard output left before the CSV header: no row can follow."""
        self._files: list[StagedFile | StandardOutput] = []
        try:
            self._output = self._stage(output)
            self._errors = self._stage(errors)
            self._summary = self._stage(summary) if summary else None
        except BaseException:
            self.discard()
            raise
        if fmt is CohortFormat.CSV:
            try:
                self.commit([csv_header(criteria, kept, columns).encode("utf-8")], [])
            except OutputClosed:
                # the reader's choice, not a refusal: the run stops there as it does when
                # the reader leaves at the first row (exit 141), its summary written
                self.output_closed = True
            except BaseException:
                self.discard()
                raise

    def _stage(self, path: str) -> StagedFile | StandardOutput:
        staged = StandardOutput() if path == STANDARD_OUTPUT else StagedFile(path)
        self._files.append(staged)
        return staged

    def commit(self, rows: Sequence[bytes], errors: Sequence[bytes]) -> None:
        """Write one chunk's rows and errors; OutputError if either cannot be written.

        The rows go first: OutputClosed (standard output closed by its reader) comes before
        this chunk's errors are written, so the errors file still matches the counts.
        """
        for file, data in ((self._output, rows), (self._errors, errors)):
            try:
                file.write(b"".join(data))
            except OSError as exc:
                self._rollback()
                raise _write_error(file, exc) from None
        self._output.commit()
        self._errors.commit()

    def _rollback(self) -> None:
        for file in (self._output, self._errors):
            with contextlib.suppress(OSError):  # `finish` cuts it back again
                file.rollback()

    def finish(self, summary: BatchSummary | None = None) -> None:
        """Put the files in place, each whole up to its last committed record.

        The summary is written last, so one in place describes files already in place.
        """
        self._output.finish()
        if isinstance(self._errors, StagedFile):
            self._errors.finish_or_remove()  # no errors file when there were no errors
        else:
            self._errors.finish()
        if self._summary is not None and summary is not None:
            try:
                text = json_text(summary.as_json()) + "\n"
                self._summary.write(text.encode("utf-8"))
            except OSError as exc:
                self._summary.discard()
                raise _write_error(self._summary, exc) from None
            self._summary.commit()
            self._summary.finish()
        self.discard()

    def discard(self) -> None:
        """Remove what has not been put in place; existing files stay as they were."""
        for file in self._files:
            file.discard()


__all__ = [
    "CohortWriter",
    "FileId",
    "OutputClosed",
    "OutputError",
    "StagedFile",
    "check_targets",
    "writes_follow_each_other",
]
