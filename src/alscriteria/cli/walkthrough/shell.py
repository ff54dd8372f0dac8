"""The walkthrough's terminal shell: a clinician enters a case region by region.

The questions, answers and case live in the package's other modules (steps, grammar,
questions, session, roundtrip); this module only talks. It
takes its console and its line reader from the caller so tests drive the same prompts a
person sees. Every change is said in words (screen readers and NO_COLOR lose nothing), and
no interruption loses what was entered: it is saved on request, or to a recovery file.
About 630 lines: one conversation (asking, showing, the progress after a region, the
result, saving and what a stop does), whose parts share the console, the session and the
file being written; the logic it talks about lives in the other modules.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from alscriteria import wording
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.evaluate import evaluate_all
from alscriteria.case.model import parse_case
from alscriteria.cli.render import evidence_grid, full_report, waiting_line
from alscriteria.cli.streams import OutputClosedError
from alscriteria.cli.text import printable
from alscriteria.cli.walkthrough.grammar import Answer, Control, Problem, help_lines, parse
from alscriteria.cli.walkthrough.session import Session
from alscriteria.cli.walkthrough.steps import Kind, Question
from alscriteria.errors import InvalidCaseError
from alscriteria.files.atomic import replace_text
from alscriteria.files.json_output import json_text

#: Reads one line; given the prompt (like `input`). Raises EOFError at end of input and
#: KeyboardInterrupt on Ctrl-C, as `input` does.
ReadLine = Callable[[str], str]

EXIT_DONE = 0
EXIT_STOPPED = 1  # end of input before the case was complete
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it
EXIT_NOT_SAVED = 3  # the case was to be saved and no file could hold it (printed instead)


class _Stop(Exception):
    """Unwinds the question loop when the person stops (Ctrl-C or end of input)."""

    def __init__(self, interrupted: bool) -> None:
        super().__init__("interrupted" if interrupted else "end of input")
        self.interrupted = interrupted


class Walkthrough:
    def __init__(
        self,
        console: Console,
        read: ReadLine,
        *,
        echo: bool = False,
        session: Session | None = None,
        resumed_from: Path | None = None,
        save_to: Path | None = None,
        recovery_dir: Path | None = None,
    ) -> None:
        self.console = console
        self._read = read
        self._echo = echo
        self.session = session or Session()
        self.resumed_from = resumed_from
        self.save_to = save_to
        self.recovery_dir = recovery_dir or Path.cwd()
        self.saved_path: Path | None = None
        # the file asked for could not be written (or nobody said yes to writing it): the
        # recovery file is not tried there again, and the message is not said twice
        self._target_refused = False
        self._shown: tuple[str, str, str] | None = None
        self._region_shown: Region | None = None
        self._categories: dict[str, str] = {}
        self.results: dict[str, Assessment] | None = None  # the last shown, for embedding

    # -- talking ------------------------------------------------------------------------

    def say(self, text: str, style: str = "") -> None:
        """A line that may repeat the person's or the file's words: printed inert."""
        self.console.print(Text(printable(text), style=style))

    def say_path(self, text: str) -> None:
        """A path or command is printed on a line of its own and never broken by us (a very
        long one is left to the terminal's soft wrap), so it can be copied whole."""
        label, colon, command = text.partition(": ")
        if not colon:
            self.console.print(Text(printable(text), style="bold"), soft_wrap=True)
            return
        self.console.print(Text(printable(label + ":")))
        self.console.print(Text("  " + printable(command), style="bold"), soft_wrap=True)

    def ask(self, prompt: str) -> str:
        """One line from the person; when their input is not echoed (tests, pipes), echo it."""
        try:
            line = self._read(prompt)
        except KeyboardInterrupt:
            self.console.print()
            raise _Stop(interrupted=True) from None
        except EOFError:
            self.console.print()
            raise _Stop(interrupted=False) from None
        if self._echo:
            self.console.print(Text(printable(prompt + line)))
        return line.strip()

    def confirm(self, prompt: str) -> bool:
        while True:
            said = self.ask(f"{prompt} (yes/no)> ").lower()
            if said in ("y", "yes"):
                return True
            if said in ("n", "no", "back"):
                return False
            self.say("Please type yes or no.")

    # -- the whole conversation ---------------------------------------------------------

    def run(self) -> int:
        """The whole conversation; the exit code. A reader that closes our output (`| head`)
        ends it with BrokenPipeError (exit 141 in `main`), but never before what was
        entered is in a file, as at the end of input."""
        try:
            return self._run()
        except (BrokenPipeError, OutputClosedError):
            self._keep_after_output_closed()
            raise

    def _keep_after_output_closed(self) -> None:
        """Save quietly (the screen is gone) and say where on standard error."""
        self.console.quiet = True
        if not self.session.has_data:
            return
        saved = self.saved_path is not None and self.save_to is None
        if not saved and not self._save_recovery():
            note = "standard output was closed and the case could not be saved"
        else:
            note = f"standard output was closed; the case entered so far is in {self.saved_path}"
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"alscriteria walkthrough: {printable(note)}\n")
            sys.stderr.flush()

    def _run(self) -> int:
        self._intro()
        try:
            self._questions()
            self._after_questions()
        except _Stop as stop:
            return self._stopped(stop.interrupted)
        except KeyboardInterrupt:  # Ctrl-C while a grid was drawing, not at a prompt
            self.console.print()
            return self._stopped(interrupted=True)
        try:
            self._report()
            saved = self._offer_save(final=True)
        except (_Stop, KeyboardInterrupt) as stop:
            # The case is complete but nobody answered the save question: keep it anyway.
            interrupted = not isinstance(stop, _Stop) or stop.interrupted
            if self.saved_path is None and not self._save_recovery():
                return EXIT_NOT_SAVED
            return EXIT_INTERRUPTED if interrupted else EXIT_DONE
        if self.save_to is not None and not saved:
            # --save asked for a file and it could not be written: never exit as if saved
            return self._exit_saved_beside() if self._save_recovery() else EXIT_NOT_SAVED
        return EXIT_DONE

    def _exit_saved_beside(self) -> int:
        """The exit code when the file asked for was not written and a recovery file was:
        the plain walkthrough's case is whole in a file it names (0)."""
        return EXIT_DONE

    def _intro(self) -> None:
        self.say("ALS criteria walkthrough", "bold")
        self.say(
            "Questions follow the examination: prerequisites, then each region from bulbar "
            "to lumbosacral (UMN signs, LMN signs, EMG muscles)."
        )
        self.say(
            "Answer by number or name, several at once with commas (1,3 or hoffmann, "
            "babinski). At any question: skip (the rest of the region), back, grid (the "
            "evidence so far), ? for help; none where nothing is found (a yes/no question "
            "takes yes, no or unknown). Ctrl-C stops and offers to save; Ctrl-D (end of "
            "input) saves and stops."
        )
        self._intro_more()
        if self.resumed_from is None:
            return
        self.console.print()
        self.say(f"Resumed from {self.resumed_from}. Already answered:", "bold")
        answered = self.session.answered()
        for line in answered or ["nothing yet"]:
            self.console.print(Padding(Text(printable(line)), (0, 0, 0, 2)))
        if answered:
            self._progress(changes=False)

    def _questions(self) -> None:
        while (question := self.session.question()) is not None:
            if question.key != self._shown:
                self._show(question)
            said = self.ask(f"{question.prompt}{self._prompt_note(question)}> ")
            if not said and self._keep_carried(question):
                continue
            parsed = parse(question, said)
            if isinstance(parsed, Problem):
                self.say(parsed.message)
            elif isinstance(parsed, Control):
                self._control(parsed.word, question)
            else:
                self._answer(parsed, question)

    def _control(self, word: str, question: Question) -> None:
        if word == "help":
            for line in help_lines(question):
                self.say(line)
            self._show_choices(question, full=True)
            self.say(question.text, "bold")
            return
        if word == "grid":
            self._grid()
            self.console.print()
            self.say(question.text, "bold")
            return
        if word == "back":
            outcome = self.session.back()
            if outcome is None:
                self.say("This is the first question; there is nothing to go back to.")
                return
            self.say(outcome.said)
            self._shown = None
            return
        outcome = self.session.skip()
        self.say(outcome.said)
        if outcome.finished_region is not None:
            self._progress()

    def _answer(self, answer: Answer, question: Question) -> None:
        while answer.guesses:
            for pick in answer.guesses:
                self.say(f"{pick.typed!r} is not an exact match; nearest: {pick.choice.label}.")
            plural = "es" if len(answer.guesses) > 1 else ""
            said = self.ask(f"Use the nearest match{plural}? (yes/no)> ")
            if said.lower() in ("y", "yes"):
                break
            if said.lower() in ("", "n", "no", "back"):
                self.say("Nothing recorded; answer again.")
                return
            # Anything else is read as a corrected answer to the same question.
            parsed = parse(question, said)
            if isinstance(parsed, Problem):
                self.say(parsed.message)
                return
            if isinstance(parsed, Control):
                self._control(parsed.word, question)
                return
            answer = parsed
        outcome = self.session.apply(answer.values)
        self.say(outcome.said)
        if outcome.finished_region is not None:
            self._progress()

    # -- what the visit mode adds (visit.py); nothing in a plain walkthrough ------------

    def _intro_more(self) -> None:
        """Lines after the introduction."""

    def _prompt_note(self, question: Question) -> str:
        """Words added to a prompt (" [Enter keeps it]")."""
        return ""

    def _show_carried(self, question: Question) -> None:
        """An answer carried over, shown above the question."""

    def _keep_carried(self, question: Question) -> bool:
        """Enter typed: record the answer carried over, if there is one (True)."""
        return False

    def _after_questions(self) -> None:
        """Questions asked once the case is complete, before the result."""

    def _incomplete(self) -> str:
        """What a stop leaves unfinished, said when the person stops."""
        return "The case is not complete."

    # -- showing questions --------------------------------------------------------------

    def _show(self, question: Question) -> None:
        self._shown = question.key
        if question.region is not None and question.region != self._region_shown:
            self._region_shown = question.region
            number = REGION_ORDER.index(question.region) + 1
            self.console.print()
            self.say(
                f"Region {number} of {len(REGION_ORDER)}: " + _region_label(question.region),
                "bold underline",
            )
        elif question.region is None and question.step in _SECTIONS:
            self._region_shown = None
            self.console.print()
            self.say(_SECTIONS[question.step], "bold underline")
        self.console.print()
        self._show_carried(question)
        if question.recorded:
            self.say("Recorded so far" + (" in this region:" if question.region else ":"))
            for line in question.recorded:
                self.console.print(Padding(Text(printable(line)), (0, 0, 0, 2)))
        if question.kind in (Kind.TRISTATE, Kind.YESNO):  # one line of choices, after it
            self.say(question.text, "bold")
            self._show_choices(question)
            return
        self._show_choices(question)
        # A list first and the question last, right above its prompt: a long list never
        # pushes the question off a 24-row screen.
        self.say(question.text, "bold")

    def _show_choices(self, question: Question, full: bool = False) -> None:
        if not question.choices:  # a free-text answer
            return
        if question.kind in (Kind.TRISTATE, Kind.YESNO):
            self.say(
                "  " + "   ".join(f"{i}. {c.label}" for i, c in enumerate(question.choices, 1))
            )
            return
        if not full:
            self._columns(question)
            return
        table = Table(box=None, show_header=question.kind is Kind.MUSCLE, pad_edge=False)
        table.add_column("#", justify="right")
        if question.kind is Kind.MUSCLE:
            table.add_column("Muscle")
            table.add_column("Roots")
            table.add_column("Nerve")
            for i, c in enumerate(question.choices, 1):
                table.add_row(str(i), c.label, c.roots, c.nerve)
        else:
            table.add_column("Choice")
            for i, c in enumerate(question.choices, 1):
                table.add_row(str(i), c.label)
        self.console.print(table)

    def _columns(self, question: Question) -> None:
        """The choices numbered in as many columns as 80 columns hold (a muscle with its
        roots); the full table, nerves included, is one ? away."""
        muscles = question.kind is Kind.MUSCLE
        names = max(len(c.label) for c in question.choices) if muscles else 0
        cells = [
            f"{i:>2} {c.label:<{names}} {c.roots}" if muscles else f"{i:>2} {c.label}"
            for i, c in enumerate(question.choices, 1)
        ]
        width = max(len(cell) for cell in cells) + 2
        count = max(1, min(3, (self.console.width + 2) // width))
        rows = -(-len(cells) // count)
        for row in range(rows):
            line = "".join(cells[i].ljust(width) for i in range(row, len(cells), rows))
            self.say(line.rstrip())
        if muscles:
            self.say("(numbers or names; other for a muscle not listed; ? adds the nerves)")

    # -- progress and results -----------------------------------------------------------

    def _evaluate(self, plan: bool = False) -> dict[str, Assessment] | None:
        try:
            self.results = evaluate_all(self.session.case_dict(), plan=plan)
            return self.results
        except InvalidCaseError as exc:  # only reachable through a resumed file's extras
            self.say("The case cannot be evaluated yet:")
            for problem in exc.problems:
                self.say(f"  {problem}")
            return None

    def _progress(self, changes: bool = True) -> None:
        """After a region, a few lines: each category, what moved, and where the grid is
        (the full grid would scroll a 24-row screen's answers away; `grid` shows it)."""
        results = self._evaluate()
        if results is None:
            return
        self.console.print()
        now = {a.title: wording.category(a.category) for a in results.values()}
        self.say("Now: " + "; ".join(f"{title}: {category}" for title, category in now.items()))
        waiting = [a for a in results.values() if a.pattern_category != a.category]
        if waiting:
            findings = "; ".join(
                f"{a.title}: {wording.category(a.pattern_category)}" for a in waiting
            )
            waits = wording.waits_on(
                waiting[0].prerequisites.missing, waiting[0].prerequisites.alternative_diagnosis
            )
            self.say(f"On the findings alone: {findings}; not met until {waits}.")
        said = "Type grid at any question for the evidence by region."
        if changes:
            moved = [
                f"{title} changed from {self._categories[title]} to {category}"
                for title, category in now.items()
                if title in self._categories and self._categories[title] != category
            ]
            if moved:
                said = "Changed: " + "; ".join(moved) + ". " + said
            elif self._categories:
                said = "No category changed. " + said
        self.say(said)
        self._categories = now

    def _grid(self) -> None:
        """The region grid and each category with what it waits on (the `grid` command)."""
        results = self._evaluate()
        if results is None:
            return
        self.console.print()
        self.console.print(evidence_grid(results))
        self.say("Current categories:")
        for assessment in results.values():
            self.console.print(Padding(waiting_line(assessment), (0, 0, 0, 2)))

    def _report(self) -> None:
        results = self._evaluate(plan=True)
        self.console.print()
        self.say("Result", "bold underline")
        if results is None:
            return
        self.console.print(_side_by_side(results))
        # Each criteria set's panel carries the trace, what is missing and the plan.
        self.console.print(full_report(results))

    # -- saving -------------------------------------------------------------------------

    def _write(self, path: Path) -> bool:
        """Write the case whole or not at all: a temporary file beside the target, renamed
        over it only once every byte is on disk (a full disk leaves the old file intact)."""
        data = self.session.case_dict()
        parse_case(data)  # never write a file `alscriteria evaluate` would refuse
        if not self._write_json(path, data):
            return False
        self.saved_path = path
        return True

    def _write_json(self, path: Path, data: object) -> bool:
        """The document as indented JSON, written atomically; a failure is said, not raised
        (the caller keeps what was entered elsewhere)."""
        text = json_text(data, ensure_ascii=False) + "\n"
        try:
            replace_text(path, text, make_parent=True)
        except OSError as exc:
            self.say(f"Could not write {printable(str(path))}: {exc.strerror or exc}.")
            return False
        return True

    def _saved(self, path: Path, complete: bool) -> None:
        self.say_path(f"Saved the case to {path}")
        if complete:
            self.say_path(f"Evaluate it again with: alscriteria evaluate {path}")
        else:
            self.say_path(f"Resume with: alscriteria walkthrough --resume {path}")

    def _default_path(self) -> Path:
        if self.resumed_from is not None:
            return self.resumed_from
        case_id = self.session.case_dict().get("id")
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(case_id or ""))
        return Path(f"{stem or 'als-case'}.json")

    def _offer_save(self, final: bool) -> bool:
        """Save as asked; with --save the question is not asked. True if saved."""
        complete = self.session.question() is None
        if self.save_to is not None:
            if self._write(self.save_to):
                self._saved(self.save_to, complete)
                return True
            self._target_refused = True
            return False
        self.console.print()
        question = "Save the case as JSON?" if final else "Save what you have entered?"
        if not self.confirm(question):
            self.say("Not saved.")
            return False
        while True:
            default = self._default_path()
            said = self.ask(f"File name (Enter for {default})> ")
            path = Path(said).expanduser() if said else default
            if (
                path.exists()
                and path != self.resumed_from
                and not self.confirm(f"{path} exists. Replace it?")
            ):
                continue
            if self._write(path):
                self._saved(path, complete)
                return True

    def _save_recovery(self) -> bool:
        """Nobody is there to ask (or they stopped asking): keep the entry in a file.

        True if it is in a file (or there was nothing to keep); False if no file could hold
        it, in which case it is printed as JSON for the user to copy.
        """
        if not self.session.has_data:
            return True
        complete = self.session.question() is None
        target = self.save_to
        if target is None or self._target_refused or not self._write(target):
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = self.recovery_dir / f"alscriteria-walkthrough-{stamp}.json"
            n = 1
            while target.exists():
                n += 1
                target = self.recovery_dir / f"alscriteria-walkthrough-{stamp}-{n}.json"
            if not self._write(target):
                self.say("The case could not be saved anywhere; here it is as JSON:")
                text = json_text(self.session.case_dict(), ensure_ascii=False)
                self.console.print(Text(printable(text, limit=10**6)))
                return False
        self._saved(target, complete)
        return True

    def _stopped(self, interrupted: bool) -> int:
        question = self.session.question()
        where = f" at: {question.prompt}" if question else ""
        reason = "Interrupted" if interrupted else "End of input"
        self.say(f"{reason}{where}. {self._incomplete()}", "bold")
        code = EXIT_INTERRUPTED if interrupted else EXIT_STOPPED
        unfinished = self.session.unfinished_muscles
        if unfinished:
            self.say(
                "Not saved because their findings were not given: " + ", ".join(unfinished) + "."
            )
        if not self.session.has_data:
            self.say("Nothing was entered, so there is nothing to save.")
            return code
        if not interrupted:
            return code if self._save_recovery() else EXIT_NOT_SAVED
        try:
            self._offer_save(final=False)
        except _Stop:
            if not self._save_recovery():
                return EXIT_NOT_SAVED
        if self.saved_path is None:
            self.say("What was entered in this session is not kept.")
        return code


#: Section headings, shown before the first question of each part of the walkthrough.
_SECTIONS = {
    "id": "Patient",
    "progression": "Prerequisites",
    "anticoagulated": "Safety: what limits needling (for the repeat-testing plan)",
    "conduction_block": "Nerve conduction: findings that point to a mimic",
}


def _region_label(region: Region) -> str:
    return label("regions", region.value)


def _side_by_side(results: Mapping[str, Assessment]) -> Table:
    """The three criteria in columns: the answer at a glance before the detail."""
    table = Table(title="The criteria side by side", title_justify="left")
    table.add_column("", max_width=13)
    for a in results.values():
        # fold: "laboratory-supported" is wider than a third of 80 columns allows.
        table.add_column(a.title, overflow="fold", ratio=1)
    rows: list[tuple[str, list[str]]] = [
        ("Category", [wording.category(a.category) for a in results.values()]),
        ("Criteria met", ["yes" if a.met else "no" for a in results.values()]),
        (
            "Findings alone",
            [wording.category(a.pattern_category) for a in results.values()],
        ),
        (
            "Next category up",
            [
                wording.category(a.next_category) if a.next_category else "none (top)"
                for a in results.values()
            ],
        ),
        (
            "Prerequisites",
            [
                "met"
                if a.prerequisites.met
                else "missing: "
                + ", ".join(wording.PREREQUISITE_SHORT.get(m, m) for m in a.prerequisites.missing)
                for a in results.values()
            ],
        ),
    ]
    for name, cells in rows:
        table.add_row(name, *cells)
    return table


def terminal_reader() -> tuple[ReadLine, bool]:
    """`input` on a terminal (line editing, the terminal echoes); plain lines otherwise."""
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (gives `input` line editing and history)
        return input, False

    def read(prompt: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    return read, True


__all__ = ["ReadLine", "Walkthrough"]
