"""The `alscriteria` command. The CLI package is the only one that imports rich.

Bad input exits 2 with a message that names the field; no command prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from rich.console import Console

from alscriteria.cli.batch import add_batch_command
from alscriteria.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    add_criteria_option,
    add_reading_option,
    load_json,
    parse_readings,
)
from alscriteria.cli.reference import add_reference_commands
from alscriteria.cli.render import full_report
from alscriteria.cli.walkthrough import add_walkthrough_parser
from alscriteria.errors import AlsCriteriaError
from alscriteria.evaluation import evaluate_all


def cmd_evaluate(args: argparse.Namespace, console: Console) -> int:
    data = load_json(args.case)
    readings = parse_readings(args.reading)
    results = evaluate_all(
        data, readings, criteria=tuple(args.criteria or ()) or None, plan=not args.no_plan
    )
    if args.json:
        payload = {k: v.model_dump(mode="json") for k, v in results.items()}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        console.print(full_report(results))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alscriteria",
        description="ALS diagnostic criteria: revised El Escorial, Awaji-shima and Gold Coast.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate one case (JSON) under the criteria sets")
    ev.add_argument("case", help="case JSON file, or - for standard input")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.add_argument(
        "--no-plan", action="store_true", help="leave out the repeat-testing plan (faster)"
    )
    add_criteria_option(ev)
    add_reading_option(ev)
    ev.set_defaults(handler=cmd_evaluate)
    add_walkthrough_parser(sub)
    add_batch_command(sub)
    add_reference_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = console or Console()
    try:
        code: int = args.handler(args, out)
        return code
    except (UsageError, AlsCriteriaError) as exc:
        sys.stderr.write(f"alscriteria {args.command}: {exc}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write("alscriteria: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
