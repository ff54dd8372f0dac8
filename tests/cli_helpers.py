"""Running the CLI from tests: in process (with a captured console) or as a real process."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from alscriteria.cli.app import main

#: The command as a separate process, the way a user runs it.
COMMAND = [sys.executable, "-m", "alscriteria"]


def run_in_process(
    capsys: pytest.CaptureFixture[str], *argv: str, width: int = 100
) -> tuple[int, str, str]:
    """(exit code, console output plus stdout, stderr) of one in-process CLI call."""
    screen = io.StringIO()
    code = main(list(argv), console=Console(file=screen, width=width))
    captured = capsys.readouterr()
    return code, screen.getvalue() + captured.out, captured.err
