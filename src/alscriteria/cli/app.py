"""The `alscriteria` command. The CLI package is the only one that imports rich.

Bad input exits 2 with a message that names the field; no command prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alscriteria.cli.commands import (
    add_batch,
    add_bundled,
    add_evaluate,
    add_reference,
    add_report,
    add_timeline,
    add_walkthrough,
)
from alscriteria.cli.common import EXIT_INVALID, HelpFormatter, Parser, UsageError
from alscriteria.cli.serve import add_serve
from alscriteria.cli.streams import (
    EXIT_OUTPUT_CLOSED,
    OutputClosedError,
    flush_output,
    reader_gone,
    silence_output,
)
from alscriteria.errors import AlsCriteriaError
from alscriteria.rules.engine import durable_broken, durable_install_command, engine_summary
from alscriteria.version import RULES_VERSION, __version__

if TYPE_CHECKING:
    from rich.console import Console


class _Version(argparse.Action):
    """`--version` names the engine too, looked up only when asked (it reads package
    metadata, which every other command would pay for at start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        sys.stdout.write(f"alscriteria {__version__} (rules {RULES_VERSION}; {engine_summary()})\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = Parser(
        prog="alscriteria",
        description="ALS diagnostic criteria: revised El Escorial, Awaji-shima and Gold Coast.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        help="show the version, the rules' version and the engine that decides, and exit",
    )
    # one word in the usage line, however many commands there are; each is listed below
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_evaluate(sub)
    add_walkthrough(sub)
    add_batch(sub)
    add_timeline(sub)
    add_report(sub)
    add_reference(sub)
    add_bundled(sub)
    add_serve(sub)
    return parser


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run one command; the exit code. A reader that closed our output (`| head`) ends
    every command alike: quietly, with EXIT_OUTPUT_CLOSED (141)."""
    try:
        code = _main(argv, console)
        flush_output()
        return code
    except OutputClosedError:
        silence_output()
        return EXIT_OUTPUT_CLOSED
    except BrokenPipeError:
        if not reader_gone():
            raise  # not our output: a defect, to be seen
        silence_output()
        return EXIT_OUTPUT_CLOSED


def _main(argv: Sequence[str] | None, console: Console | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = durable_broken()
    if problem is not None:  # installed but not loading: say so (not installed is a choice)
        sys.stderr.write(
            f"alscriteria: durable_rules is installed but cannot load ({problem}); the results "
            "come from alscriteria's own evaluator of the same rules, which its tests prove "
            f"equal. To repair durable_rules for this Python: {durable_install_command()}\n"
        )
    if console is None:
        from alscriteria.cli.consoles import make_console

        console = make_console()
    try:
        code: int = args.handler(args, console)
        return code
    except (UsageError, AlsCriteriaError) as exc:
        from alscriteria.cli.text import printable  # rich's markup: only for a message

        sys.stderr.write(f"alscriteria {args.command}: {printable(str(exc))}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write("alscriteria: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
