"""Why an output could not be written, and the one stop that is not a failure: standard output
closed by the program reading it.
"""

from __future__ import annotations


class OutputError(Exception):
    """An output cannot be written: refused before the run, or a write failed during it."""


class OutputClosed(OutputError):
    """The program reading standard output, or a pipe named as an output, closed it
    (`| head`): a stop, not a failure."""
