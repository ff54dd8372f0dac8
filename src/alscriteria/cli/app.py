"""The `alscriteria` command. The CLI package is the only one that imports rich.

Bad input exits 2 with a message that names the field; no command prints a traceback.
"""

from __future__ import annotations

import argparse
import functools
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
from alscriteria.files.atomic import ReaderClosedError
from alscriteria.version import RULES_VERSION, __version__

if TYPE_CHECKING:
    from rich.console import Console


class _Version(argparse.Action):
    """`--version` names the engine too, looked up only when asked (it reads package
    metadata, which every other command would pay for at start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from alscriteria.rules.engine import engine_summary

        sys.stdout.write(f"alscriteria {__version__} (rules {RULES_VERSION}; {engine_summary()})\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """A new parser of every command and option (`shared_parser` is the one `main` uses)."""
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


@functools.cache
def shared_parser() -> argparse.ArgumentParser:
    """The parser, built once per process: building it was most of what the command line
    cost a call (2.3 ms of the 4.1 an in-process `evaluate --json` took, warm, on the
    shared machine), and an embedded caller may call `main` many times.

    Sharing it is safe because argparse only reads a parser once it is built: parsing fills
    a new Namespace and nothing else; help, usage and errors are formatted afresh on each
    call (the width from COLUMNS then, `prog` fixed as "alscriteria", the streams looked up
    when written to), so the output is the very same as a new parser's. No option has a
    mutable default a command could change for the next call (`--reading` defaults to
    None, not a list), and handlers are looked up when they run (commands.py), so a patched
    command is seen. Threads may share it for the same reason: built under functools.cache
    (two first calls at once may each build one; either is kept, both are equal) and only
    read afterwards.
    """
    return build_parser()


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run one command; the exit code. A reader that closed our output (`| head`) ends
    every command alike: quietly, with EXIT_OUTPUT_CLOSED (141)."""
    try:
        code = _main(argv, console)
        flush_output()
        return code
    except (OutputClosedError, ReaderClosedError):
        # ReaderClosedError: an output path that is a pipe (-o /dev/stdout, a named pipe)
        # closed by its reader, which ends the same way as standard output closed
        silence_output()
        return EXIT_OUTPUT_CLOSED
    except BrokenPipeError:
        if not reader_gone():
            raise  # not our output: a defect, to be seen
        silence_output()
        return EXIT_OUTPUT_CLOSED


def _main(argv: Sequence[str] | None, console: Console | None) -> int:
    args = shared_parser().parse_args(argv)
    # the engine (and durable_rules, a C extension) is loaded once a command runs: help
    # and a usage error never need it
    from alscriteria.rules.engine import durable_broken, durable_install_command

    problem = durable_broken()
    if problem is not None:  # installed but not loading: say so (not installed is a choice)
        sys.stderr.write(
            f"alscriteria: durable_rules is installed but cannot load ({problem}); the results "
            "come from alscriteria's own evaluator of the same rules, which its tests prove "
            f"equal. To repair durable_rules for this Python: {durable_install_command()}\n"
        )
    if console is None and not _plain(args):
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


def _plain(args: argparse.Namespace) -> bool:
    """Whether the command writes plain text only, so needs no console: a command names
    its option for that as `plain` (evaluate's --json). rich's console is a quarter of
    what `alscriteria evaluate --json` imports, and its making a tenth of a call's own
    cost in process."""
    option = getattr(args, "plain", None)
    return bool(option and getattr(args, option, False))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
