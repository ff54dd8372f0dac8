"""The CLI's output streams as a pipeline sees them.

Two things a shell user meets and a terminal user never does:

- rich pads every table cell and every padded line to the console width with spaces; on a
  terminal they are invisible, but piped into a file, `diff` or `grep` they are noise (and
  some checkers refuse trailing whitespace). Output that is not a terminal goes through
  `TrimmedLines`, which drops the spaces at the end of each line and nothing else.
- a reader that stops early (`| head`) closes the pipe, and the next write raises
  BrokenPipeError (Python ignores SIGPIPE). That is the reader's choice, not an error of
  ours: every subcommand then ends quietly with `EXIT_OUTPUT_CLOSED` (141, 128 + SIGPIPE,
  what a shell reports for a program that SIGPIPE ended), never with a traceback or rich's
  own silent exit 1.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import sys
from typing import TextIO

EXIT_OUTPUT_CLOSED = 128 + getattr(signal, "SIGPIPE", 13)  # 13 where there is no SIGPIPE
"""141: the program reading our output closed it (`| head`); the run ended quietly."""


class OutputClosedError(Exception):
    """Standard output (or standard error) was closed by the program reading it."""


class TrimmedLines(io.TextIOBase):
    """A text stream that writes through to another with the spaces at each line's end cut.

    Spaces at the end of what is written so far are held back, not dropped: they are written
    if more text follows on the same line (a prompt, or a line written in pieces), and
    dropped when the line ends. Nothing else is changed or delayed.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        size = len(text)
        lines = (self._pending + text).split("\n")
        last = lines.pop()
        body = "".join(line.rstrip(" ") + "\n" for line in lines)
        kept = last.rstrip(" ")
        self._pending = last[len(kept) :]
        if body or kept:
            self._stream.write(body + kept)
        return size

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True


def reader_gone() -> bool:
    """Whether standard output or error is a pipe whose reader has closed it: a
    BrokenPipeError from anything else (a defect of ours) is not taken for a closed reader.
    Where poll() is missing, every BrokenPipeError is taken for one."""
    poll = getattr(select, "poll", None)
    if poll is None:
        return True
    watch = poll()
    for fd in (1, 2):
        with contextlib.suppress(OSError, ValueError):
            watch.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in watch.poll(0))


def silence_output() -> None:
    """Point standard output and error at the null device: their reader is gone, and
    Python's own flush at exit must not print a BrokenPipeError of its own."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)


def flush_output() -> None:
    """Flush what Python still holds for standard output; raises OutputClosedError when the
    reader has gone (so that `--help | head` ends like every other command)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosedError from None


__all__ = [
    "EXIT_OUTPUT_CLOSED",
    "OutputClosedError",
    "TrimmedLines",
    "flush_output",
    "reader_gone",
    "silence_output",
]
