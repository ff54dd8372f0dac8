"""Result rows written to standard output (`-o -`), for a pipeline.

Nothing can be staged and renamed into place here: each chunk goes out as it is committed,
and what a reader has taken cannot be taken back. What the staged files promise still
holds in the way that matters to a pipeline: a chunk is written whole or the run stops, and
rows go out in input order.

A reader that stops early (`| head -1`) closes the pipe; the next write then fails with
EPIPE. That is not an error of the run but the reader's choice, so it becomes
`OutputClosed`, which the command turns into a quiet stop with exit 141 (128 + SIGPIPE),
as other Unix tools end. Standard output is then pointed at the null device, so that
Python's own flush at exit cannot print a BrokenPipeError of its own.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import BinaryIO

from alscriteria.cohort.output_errors import OutputClosed

#: What `-o` takes to mean standard output.
STANDARD_OUTPUT = "-"


class StandardOutput:
    """Standard output as one of a run's outputs, with the interface of `StagedFile`."""

    def __init__(self) -> None:
        self.path = "standard output"
        self._closed = False
        sys.stdout.flush()  # nothing of ours may come after bytes still held in the text layer
        self._stream: BinaryIO = sys.stdout.buffer

    def write(self, data: bytes) -> None:
        if self._closed:
            raise OutputClosed("standard output was closed by the program reading it")
        try:
            self._stream.write(data)
            self._stream.flush()  # a chunk at a time, so a pipeline sees rows as they come
        except BrokenPipeError:
            self._closed = True
            self._silence()
            raise OutputClosed("standard output was closed by the program reading it") from None

    def _silence(self) -> None:
        """Point standard output at the null device: the reader is gone (Python's advice)."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)

    def commit(self) -> None:
        """Nothing to mark: what is written has gone."""

    def rollback(self) -> None:
        """Nothing to take back: a reader may already have it."""

    def finish(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed = True
                self._silence()

    def discard(self) -> None:
        """Standard output is not ours to remove."""


__all__ = ["STANDARD_OUTPUT", "StandardOutput"]
