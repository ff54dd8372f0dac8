"""`alscriteria walkthrough`: a clinician enters a case (or one visit of a patient history)
at the terminal, region by region, in clinical order.

The package follows the flow of one answer, each module free of rich but the shell:

- `steps`: every step in clinical order, the model of a question, how things are said;
- `grammar`: what a clinician types, read into choices (numbers, names, sides, controls);
- `questions`: the question table, the next question for a state;
- `state`, `session`: what the answers built, and the state machine that records them
  (`apply`, `skip`, `back`);
- `roundtrip`: the state as Case JSON and a Case read back as state (resume);
- `shell`: the terminal (rich), saving, the result;
- `visit`, `function_form`: the visit mode (a history's visit, the ALSFRS-R and milestones).

`alscriteria.cli.walkthrough` keeps the names other modules and tests import.
"""

from __future__ import annotations

from alscriteria.cli.walkthrough.command import walkthrough_command
from alscriteria.cli.walkthrough.shell import (
    EXIT_DONE,
    EXIT_INTERRUPTED,
    EXIT_NOT_SAVED,
    EXIT_STOPPED,
    ReadLine,
    Walkthrough,
)

__all__ = [
    "EXIT_DONE",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_SAVED",
    "EXIT_STOPPED",
    "ReadLine",
    "Walkthrough",
    "walkthrough_command",
]
