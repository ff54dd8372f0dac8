"""The rich consoles of the CLI, made for pipelines (alscriteria.cli.streams says why).

Apart from `streams` so that a command that never prints a table does not import rich.
"""

from __future__ import annotations

import sys
from typing import TextIO, cast

from rich.console import Console

from alscriteria.cli.streams import OutputClosedError, TrimmedLines


class PipelineConsole(Console):
    """A rich console that turns a closed pipe into `OutputClosedError`.

    rich's own handling exits with status 1 and no word, which a script cannot tell from a
    failure.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise OutputClosedError


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def make_console(stderr: bool = False) -> Console:
    """The console for standard output (or error): trimmed lines when it is not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    if _is_terminal(stream):
        return PipelineConsole(stderr=stderr)
    # a text stream in all but typeshed's name (io.TextIOBase is not typing.IO)
    return PipelineConsole(file=cast(TextIO, TrimmedLines(stream)))


__all__ = ["PipelineConsole", "make_console"]
