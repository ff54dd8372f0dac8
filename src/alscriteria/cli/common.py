"""What every subcommand shares: reading input, the --criteria and --reading options, and the
one exception that means "bad command-line input" (exit 2, message only)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alscriteria.criteria import CRITERIA
from alscriteria.readings import Readings, readings_from

EXIT_OK = 0
EXIT_INVALID = 2


class UsageError(Exception):
    """Bad command-line input; the message is shown as it is and the exit code is 2."""


def load_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def parse_readings(pairs: Sequence[str]) -> Readings:
    options = Readings.options()
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep:
            raise UsageError(
                f"--reading {pair!r}: write OPTION=VALUE; options: "
                + "; ".join(f"{k}={'|'.join(v)}" for k, v in options.items())
            )
        chosen[name] = value.strip()
    return readings_from(chosen)


def add_criteria_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--criteria",
        action="append",
        choices=list(CRITERIA),
        help="criteria set to report (repeatable; default: all three)",
    )


def add_reading_option(parser: argparse.ArgumentParser) -> None:
    options = "; ".join(f"{k}={'|'.join(v)}" for k, v in Readings.options().items())
    parser.add_argument(
        "--reading",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help=f"a disputed reading of A.3.4 (defaults first): {options}",
    )


