"""`alscriteria evaluate`: one case under the criteria sets, as a report or as JSON.

The JSON needs no console: rich and the report's renderer are imported only for the
report, so `evaluate --json` (a pipeline's step, run once per case) starts without them.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING

from alscriteria.assess.evaluate import evaluate_all
from alscriteria.cli.common import EXIT_OK, UsageError, load_json, parse_readings
from alscriteria.files.json_output import json_text

if TYPE_CHECKING:
    from rich.console import Console


def cmd_evaluate(args: argparse.Namespace, console: Console | None) -> int:
    """None for `console` when the JSON is asked for (app.py makes none then)."""
    data = load_json(args.case, "evaluate")
    if isinstance(data, dict) and "visits" in data:
        raise UsageError(_use_timeline(args.case))
    readings = parse_readings(args.reading)
    results = evaluate_all(
        data, readings, criteria=tuple(args.criteria or ()) or None, plan=not args.no_plan
    )
    if args.json:
        sys.stdout.write(json_text(results) + "\n")
        return EXIT_OK
    from alscriteria.cli.consoles import make_console
    from alscriteria.cli.render import full_report

    (console or make_console()).print(full_report(results))
    return EXIT_OK


def _use_timeline(path: str) -> str:
    """A history (a record with `visits`, as batch and report tell them apart) given to
    the one-case command: the command that reads it."""
    where = "standard input" if path == "-" else path
    source = "-" if path == "-" else shlex.quote(path)
    return (
        f"{where}: this is a patient history (it has 'visits'), not one case; follow it "
        f"visit by visit with: alscriteria timeline {source} (its page: alscriteria report "
        f"{source} -o history.html)"
    )


__all__ = ["cmd_evaluate"]
