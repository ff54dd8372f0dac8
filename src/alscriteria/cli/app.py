"""The `alscriteria` command. The CLI package is the only one that imports rich.

Bad input exits 2 with a message that names the field; no command prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from alscriteria.criteria import CRITERIA
from alscriteria.errors import AlsCriteriaError
from alscriteria.evaluation import evaluate_all
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


def cmd_evaluate(args: argparse.Namespace, console: Console) -> int:
    from alscriteria.cli.render import full_report

    data = load_json(args.case)
    readings = parse_readings(args.reading)
    results = evaluate_all(data, readings, criteria=tuple(args.criteria or ()) or None)
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
    add_criteria_option(ev)
    add_reading_option(ev)
    ev.set_defaults(handler=cmd_evaluate)
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
