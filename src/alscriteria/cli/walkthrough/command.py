"""The `alscriteria walkthrough` subcommand: one case (new, or resumed from a file) or, with
--history, one visit of a patient history.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from rich.console import Console

from alscriteria.case.model import Case, parse_case
from alscriteria.cli.common import UsageError, load_json
from alscriteria.cli.walkthrough.session import Session
from alscriteria.cli.walkthrough.shell import Walkthrough, terminal_reader


def _history_given(path: str) -> str:
    """A patient history (a record with `visits`) given to --resume: the command for it."""
    source = shlex.quote(path)
    return (
        f"{path}: this is a patient history (it has 'visits'), not one case; --resume "
        f"continues one case. Follow the history visit by visit with: alscriteria timeline "
        f"{source}"
    )


def walkthrough_command(args: argparse.Namespace, console: Console) -> int:
    """The `alscriteria walkthrough` subcommand (registered in app.py)."""
    if args.history is not None or args.visit_date is not None or args.onset is not None:
        # the visit mode (a history, the ALSFRS-R form) is loaded only when asked for
        from alscriteria.cli.walkthrough.visit import visit_command

        return visit_command(args, console)
    session: Session | None = None
    resumed: Path | None = None
    if args.resume:
        given = load_json(args.resume, "walkthrough")
        if isinstance(given, dict) and "visits" in given:
            raise UsageError(_history_given(args.resume))
        case: Case = parse_case(given)
        session = Session.from_case(case, given)
        resumed = Path(args.resume)
    read, echo = terminal_reader()
    walk = Walkthrough(
        console,
        read,
        echo=echo,
        session=session,
        resumed_from=resumed,
        save_to=Path(args.save) if args.save else None,
    )
    return walk.run()
