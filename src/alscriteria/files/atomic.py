"""Writing a file whole or not at all: the one writer for every output the package makes.

A saved case, a report page and a batch run's rows go into a patient's record: a half-written
file (full disk, interrupted run) must never stand where the previous one was, and writing
must never replace what the user named with something else. So:

- the bytes go to a new file beside the target, created under a random name with
  `O_CREAT | O_EXCL | O_NOFOLLOW` (a link planted there is never followed), and renamed over
  the target only once every byte is on disk;
- a symlink is followed to its target, and the link stays a link;
- a target that is not a regular file (a device such as /dev/null, a named pipe) is written
  in place, since renaming over it would replace the device itself with a copy of the data;
- a pipe whose reader has gone raises `ReaderClosedError` (a BrokenPipeError), so that
  `-o /dev/stdout | head` ends as quietly as writing to standard output does;
- a staged output left empty can be removed instead of put in place (`finish_or_remove`:
  a batch run's errors file exists only when there were bad records);
- a replaced file keeps its permissions (a private 0600 page stays private); a new file
  gets those the umask gives; a read-only file (no write bit for anyone, or one this user
  may not write) is refused, not renamed over, for root as for anyone else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)  # no program started meanwhile inherits an output
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class PlacementError(OSError):
    """Every byte was written, but the file could not be put in place of its target."""


class ReaderClosedError(BrokenPipeError):
    """The target is a pipe (/dev/stdout, /dev/fd/N, a named pipe) and the program reading
    it closed it (`-o /dev/stdout | head`): the reader's choice, not a failed write, so
    callers end as they do when standard output is closed (quietly, exit 141) rather than
    report an error. Nothing is left behind: a pipe is written in place, never staged."""


class StagedFile:
    """One output, written beside its target and put in its place by `finish`.

    `commit` marks what has been written as whole; whatever comes after the last mark (a
    chunk cut short by a write error or an interrupt) is cut off before the rename. Raises
    OSError: IsADirectoryError for a folder, PermissionError for a read-only file.
    """

    def __init__(self, path: str | Path, make_parent: bool = False) -> None:
        self.path = str(path)
        # /dev/stdout, /dev/fd/N and /proc/self/fd/N name a file the shell already opened (a
        # pipe, or `>> log`): written in place through that name, never renamed over
        descriptor = named_descriptor(self.path)
        self._target = self.path if descriptor is not None else os.path.realpath(path)
        if make_parent:
            os.makedirs(os.path.dirname(self._target), exist_ok=True)
        try:
            info: os.stat_result | None = os.stat(self._target)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", self.path)
        if info is not None and _read_only(self._target, info, descriptor is None):
            # the rename would replace it all the same; a read-only file is meant to stay
            raise PermissionError(errno.EACCES, "the file is read-only", self.path)
        self._temporary: str | None = None
        self._written = 0
        self._committed = 0
        if descriptor is not None:
            # the very file description the shell opened: its offset and append mode kept
            self._fd = os.dup(descriptor)
        elif info is not None and not stat.S_ISREG(info.st_mode):
            self._fd = os.open(self._target, os.O_WRONLY | _CLOEXEC)
        else:
            self._fd, self._temporary = _create_beside(self._target, info)

    def write(self, data: bytes) -> None:
        """Append bytes; OSError (a full disk) leaves the file to be cut back by `rollback`."""
        view = memoryview(data)
        while view:
            try:
                done = os.write(self._fd, view)
            except BrokenPipeError:
                raise ReaderClosedError(
                    errno.EPIPE, "closed by the program reading it", self.path
                ) from None
            if not done:
                raise OSError(errno.EIO, "the device took nothing")
            self._written += done
            view = view[done:]

    def commit(self) -> None:
        self._committed = self._written

    def rollback(self) -> None:
        """Back to the last commit, so the next write does not follow a torn record."""
        if self._temporary is None or self._written == self._committed:
            return
        os.ftruncate(self._fd, self._committed)
        os.lseek(self._fd, self._committed, os.SEEK_SET)
        self._written = self._committed

    def finish(self) -> None:
        """Cut back to the last commit and put the file in place of its target.

        Raises OSError when the bytes cannot be made durable, PlacementError when the rename
        fails; either way the target is left as it was.
        """
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            if self._temporary is not None:
                os.ftruncate(fd, self._committed)
                os.fsync(fd)
        except OSError:
            os.close(fd)
            self.discard()
            raise
        os.close(fd)
        if self._temporary is not None:
            try:
                os.replace(self._temporary, self._target)
            except OSError as exc:
                self.discard()
                raise PlacementError(exc.errno, exc.strerror, self.path) from None
            self._temporary = None

    @property
    def staged(self) -> bool:
        """Whether the bytes go to a file beside the target, renamed over it by `finish`
        (False: written in place, to a device, a pipe or a descriptor)."""
        return self._temporary is not None

    def finish_or_remove(self) -> None:
        """`finish`; but a staged file with nothing committed is not put in place, and the
        file at its target is removed, so that what stands there after a run is always
        that run's: no empty file, and no stale one from an earlier run.

        A target written in place (a device, a pipe, standard error) is only finished.
        Raises PlacementError when the old file cannot be removed.
        """
        if self._temporary is None or self._committed:
            self.finish()
            return
        self.discard()
        try:
            if stat.S_ISREG(os.lstat(self._target).st_mode):
                os.unlink(self._target)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise PlacementError(exc.errno, exc.strerror, self.path) from None

    def discard(self) -> None:
        """Forget everything written: the target is left as it was."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None


def _read_only(target: str, info: os.stat_result, by_name: bool) -> bool:
    """Whether the target is to be kept as it is: a file whose mode gives nobody the right
    to write it (`chmod a-w`), or one this user may not write.

    The mode is read, not only os.access: the file is replaced by a rename, which ignores
    the file's own mode, and os.access says yes to root for every file, so a page marked
    read-only was replaced when the writer ran as root (as in CI, or a container). Only a
    regular file reached by its name is renamed over; a device, a pipe or a descriptor the
    shell opened is written in place, where opening it is the check.
    """
    if by_name and stat.S_ISREG(info.st_mode) and not info.st_mode & 0o222:
        return True
    return not os.access(target, os.W_OK)


def named_descriptor(path: str) -> int | None:
    """The open file descriptor a path names (/dev/stdout, /dev/fd/3, /proc/self/fd/3), or
    None for a file reached by its name."""
    absolute = os.path.abspath(path)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if absolute in named:
        return named[absolute]
    for prefix in ("/dev/fd/", "/proc/self/fd/"):
        number = absolute.removeprefix(prefix)
        if number != absolute and number.isdigit():
            return int(number)
    return None


def _create_beside(target: str, existing: os.stat_result | None) -> tuple[int, str]:
    """A new hidden file in the target's folder (so the final rename stays on one device).

    Created with the permissions a new file would get (the umask applies), or the
    replaced file's permissions, never the private 0600 of mkstemp.
    """
    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.partial")
        try:
            fd = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        break
    if existing is not None and hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):  # the default permissions still make a usable file
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    return fd, temporary


def replace_text(path: str | Path, text: str, make_parent: bool = False) -> None:
    """Put `text` at `path` (UTF-8, LF line ends). Raises OSError with the target as it was."""
    staged = StagedFile(path, make_parent)
    try:
        staged.write(text.encode("utf-8"))
        staged.commit()
        staged.finish()
    except BaseException:
        staged.discard()
        raise


__all__ = [
    "PlacementError",
    "ReaderClosedError",
    "StagedFile",
    "named_descriptor",
    "replace_text",
]
