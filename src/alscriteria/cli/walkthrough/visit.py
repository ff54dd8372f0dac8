"""The walkthrough's visit mode: one dated visit of a patient history, entered at the terminal.

`alscriteria walkthrough --history FILE --visit-date YYYY-MM-DD` opens the history (or
starts one), carries the answers of the latest earlier visit over as each question's
default (Enter keeps it; the clinician types only what changed), or continues that date's
visit when the file has it, asks the usual questions, and then, only if the clinician says
so, the ALSFRS-R and the staging milestones (function_form.py). The visit is saved
into the history whole or not at all (the project's atomic writer), after the history
parser has read the new file back, into the file as it is at the save (history_file.py);
a stop asks before it writes; the end shows the visit's function line in the history's
own words (wording/staging.py). A plain walkthrough is untouched: every hook used here does
nothing there. About 450 lines: the subclass of the shell's conversation (it overrides how
a stop, a save and the end are said, and asks the function form), which share the
conversation's state.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from alscriteria.cli.common import UsageError
from alscriteria.cli.text import printable
from alscriteria.cli.walkthrough.function_form import (
    FunctionForm,
    describe_earlier,
    earlier_milestones,
    recorded_answers,
)
from alscriteria.cli.walkthrough.history_file import (
    VisitFile,
    open_visit,
    put_visit,
    same_history,
)
from alscriteria.cli.walkthrough.session import Session
from alscriteria.cli.walkthrough.shell import (
    EXIT_NOT_SAVED,
    EXIT_STOPPED,
    ReadLine,
    Walkthrough,
    _Stop,
    terminal_reader,
)
from alscriteria.cli.walkthrough.state import State
from alscriteria.cli.walkthrough.steps import (
    ALTERNATIVE,
    CONDUCTION,
    Kind,
    Question,
    step_region,
)
from alscriteria.function.record import FUNCTION_KEYS
from alscriteria.history import InvalidHistoryError, evaluate_history, parse_history
from alscriteria.history.model import read_date

_WORD = {True: "yes", False: "no", None: "unknown"}
#: Questions whose answer is not carried over: the patient id (the history's), and the
#: studies done at a visit (needle EMG, nerve conduction), which record only this visit's
#: tests; earlier EMG still counts, since the history carries it forward (docs/history.md).
_NOT_CARRIED = frozenset({"id", *CONDUCTION})


def carried_answers(state: State) -> dict[str, tuple[str, ...]]:
    """An earlier visit's answers as the values `Session.apply` takes, by step."""
    out: dict[str, tuple[str, ...]] = {}
    for step, value in state.answers.items():
        if step in _NOT_CARRIED or step.endswith(".emg"):
            continue
        if step == ALTERNATIVE or step == "cardiac_device_side":
            out[step] = (value,) if value else ()
        elif step in ("anticoagulated", "chest_wall_concerns"):
            out[step] = ("yes" if value else "no",)
        elif step_region(step) is not None or step in ("lymphedema", "skin_infection"):
            out[step] = tuple(value)
        else:  # progression, other causes excluded, motor symptoms
            out[step] = (_WORD[value],)
    return out


def _case_fields(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k != "date" and k not in FUNCTION_KEYS}


class VisitWalkthrough(Walkthrough):
    """The walkthrough writing one visit of a history; see the module docstring."""

    def __init__(
        self,
        console: Console,
        read: ReadLine,
        visit: VisitFile,
        *,
        echo: bool = False,
        onset_given: bool = True,
    ) -> None:
        session, carried_from, carried = self._sessions(visit)
        resumed = visit.path if visit.index is not None else None
        super().__init__(
            console,
            read,
            echo=echo,
            session=session,
            resumed_from=resumed,
            save_to=visit.path,
            recovery_dir=visit.path.parent,
        )
        self.visit = visit
        self.carried = carried
        self.carried_from = carried_from
        self.form: FunctionForm | None = None
        self._onset_given = onset_given
        self._unchanged = False  # the file already held this visit as entered: not written

    @staticmethod
    def _sessions(
        visit: VisitFile,
    ) -> tuple[Session, date | None, dict[str, tuple[str, ...]]]:
        """This visit's session (read from the file when it has the date) and the answers
        carried over from the latest earlier visit."""
        history, visits = visit.history, visit.data.get("visits") or []
        index = visit.index
        if history is not None and index is not None:
            raw = visits[index]
            session = Session.from_case(history.visits[index].case, _case_fields(raw))
            visit.visit_function = {k: v for k, v in raw.items() if k in FUNCTION_KEYS}
        else:
            session = Session()
            if history is not None:  # the history's id, given once at its top: not asked
                session.state.skipped.add("id")
                session.state.unsaved.add("id")
        earlier = visit.earlier()
        if history is None or not earlier:
            return session, None, {}
        last = earlier[-1]
        before = Session.from_case(history.visits[last].case, _case_fields(visits[last]))
        return session, history.visits[last].date, carried_answers(before.state)

    # -- the hooks of the plain walkthrough ---------------------------------------------

    def run(self) -> int:
        if not self._onset_given:
            try:
                self._ask_onset()
            except _Stop:
                return EXIT_STOPPED
        return super().run()

    def _ask_onset(self) -> None:
        """A new history: the date of the first symptom (ΔFS counts months from it)."""
        self.say("A new patient history: " + str(self.visit.path), "bold")
        while True:
            said = self.ask("Onset: date of the first symptom, YYYY-MM-DD (none if unknown)> ")
            if said.lower() in ("", "none", "unknown"):
                self.say("No onset recorded (ΔFS and the months from onset need it).")
                return
            day, problem = read_date(said, "onset")
            if problem is None and day is not None and day > self.visit.day:
                problem = (
                    f"onset: {day.isoformat()} is after this visit ({self.visit.day.isoformat()});"
                    " the first symptom comes before the first visit"
                )
            if problem is None and day is not None:
                self.visit.data["onset"] = day.isoformat()
                self.say(f"Recorded: onset {day.isoformat()}.")
                return
            self.say(f"{problem}.")

    def _intro_more(self) -> None:
        self.console.print()
        visit = self.visit
        count = len(visit.data.get("visits") or [])
        where = f"{count} visit{'s' if count != 1 else ''} in the file" if count else "a new file"
        self.say(f"Visit of {visit.day.isoformat()} in {visit.path} ({where}).", "bold")
        if self.carried_from is not None:
            self.say(
                f"Answers are carried over from the visit of {self.carried_from.isoformat()}: "
                "Enter keeps each one; type only what changed. EMG and nerve conduction record "
                "the studies done at this visit (earlier EMG still counts in the history)."
            )
        self.say(
            "Progression left unanswered (skip) is derived from the visits (criteria.md A.5). "
            "After the case: the ALSFRS-R and staging milestones, if you want them."
        )

    def _carried(self, question: Question) -> tuple[str, ...] | None:
        if question.kind in (Kind.MUSCLE, Kind.SIDE, Kind.FINDINGS):
            return None
        if question.kind is Kind.TEXT and question.step != ALTERNATIVE:
            return None
        return self.carried.get(question.step)

    def _prompt_note(self, question: Question) -> str:
        return " [Enter: as before]" if self._carried(question) is not None else ""

    def _show_carried(self, question: Question) -> None:
        values = self._carried(question)
        if values is None or self.carried_from is None:
            return
        self.say(
            f"Carried over from the visit of {self.carried_from.isoformat()}: "
            f"{_in_words(question, values)}."
        )

    def _keep_carried(self, question: Question) -> bool:
        values = self._carried(question)
        if values is None:
            return False
        outcome = self.session.apply(values)
        self.say(f"{outcome.said.removesuffix('.')} (carried over).")
        if outcome.finished_region is not None:
            self._progress()
        return True

    def _incomplete(self) -> str:
        if self.session.question() is None and self.form is not None:
            if self.visit.visit_function:
                return (
                    "The case is complete; the ALSFRS-R form is not (if saved: the answers "
                    "given, and what the visit recorded for the questions not reached)."
                )
            return "The case is complete; the ALSFRS-R form is not (what is entered is kept)."
        return "The visit is not complete."

    def _stopped(self, interrupted: bool) -> int:
        code = super()._stopped(interrupted)
        beside = self.saved_path is not None and self.saved_path != self.visit.path
        if beside and not interrupted:  # end of input, and the history could not take it
            return EXIT_NOT_SAVED
        return code

    def _exit_saved_beside(self) -> int:
        """The history could not take the visit: it is beside it, never exit as if saved."""
        return EXIT_NOT_SAVED

    # -- the function form ----------------------------------------------------------

    def _after_questions(self) -> None:
        """Asked once: the ALSFRS-R at this visit, then its items and the milestones."""
        self.console.print()
        self.say("Function and stage (optional; docs/staging.md)", "bold underline")
        if self.visit.visit_function:
            self.say(
                "This visit already records function (the ALSFRS-R or milestones): yes goes "
                "through it with each recorded answer as the default (Enter keeps it), no "
                "keeps it as it is; a stop keeps the recorded answers not reached."
            )
        earlier = earlier_milestones(
            [self.visit.history.visits[i].function for i in self.visit.earlier()]
            if self.visit.history is not None
            else []
        )
        while True:
            said = self.ask("ALSFRS-R at this visit? [y/N]> ").lower()
            if said in ("", "n", "no"):
                return
            if said in ("y", "yes"):
                break
            self.say("Please type y or n (Enter: no).")
        lines = describe_earlier(earlier)
        if lines:
            self.say("Recorded at earlier visits (kept, not asked again):")
            for line in lines:
                self.console.print(Padding(Text(printable(line)), (0, 0, 0, 2)))
        self.form = FunctionForm(
            self.visit.day,
            earlier,
            recorded=recorded_answers(self.visit.function),
            onset=self.visit.onset,
        )
        self._form_questions(self.form)

    def _form_questions(self, form: FunctionForm) -> None:
        shown: str | None = None
        while (question := form.question()) is not None:
            if question.step != shown:
                shown = question.step
                self.console.print()
                self.say(question.title, "bold")
                for line in question.lines:
                    self.say(line)
            said = self.ask(f"{question.prompt}> ")
            if said.lower() == "back":
                if not form.back():
                    self.say("This is the form's first question; there is nothing to go back to.")
                shown = None
                continue
            if said == "?":
                self.say("Type the answer as shown; skip leaves it unrecorded; back goes back.")
                shown = None
                continue
            if said.lower() == "grid":  # the banner's "at any question" holds here too
                self._grid()
                shown = None
                continue
            try:
                self.say(form.answer(said))
            except ValueError as exc:
                self.say(str(exc))

    # -- saving into the history ------------------------------------------------------

    def _function_record(self) -> dict[str, Any]:
        if self.form is None:
            return self.visit.visit_function
        return self.form.record()

    def _visit_data(self) -> dict[str, Any]:
        case = self.session.case_dict()
        case.pop("id", None)
        return {"date": self.visit.day.isoformat(), **case, **self._function_record()}

    def history_data(self) -> dict[str, Any]:
        """The history as read with this visit in it (what a file beside it holds)."""
        patient = self.session.case_dict().get("id")
        data = self.visit.with_visit(self._visit_data())
        if self.visit.history is None:
            data = {"id": patient, "onset": data.get("onset"), "visits": data["visits"]}
        return data

    def _write(self, path: Path) -> bool:
        """Into the history: the file read again now, only this date's visit put in it
        (visits another program saved meanwhile are kept), not written when it already holds
        the visit as entered; beside it: the history as read, with the visit."""
        data = self.history_data()
        if path == self.visit.path:
            current, conflict = self.visit.on_disk()
            if conflict is not None:
                self.say(f"The visit is not written into {printable(str(path))}: {conflict}.")
                return False
            if current is not None:
                data = put_visit(current, self._visit_data(), self.visit.day)
                if same_history(current, data):
                    self._unchanged = True
                    self.saved_path = path
                    return True
        try:
            history = parse_history(data)  # never a history `alscriteria timeline` refuses
        except InvalidHistoryError as exc:
            self.say("The history would not be valid with this visit, so it is not written:")
            for problem in exc.problems:
                self.say(f"  {problem}")
            return False
        if not self._write_json(path, data):
            return False
        if path == self.visit.path:  # what the file holds now is ours: a later save (a
            # closed output after the end) compares with it, not with what was first read
            self.visit.data, self.visit.history = data, history
        self.saved_path = path
        return True

    def _offer_save(self, final: bool) -> bool:
        """At the end the visit is saved into the history (that is what the visit mode is
        for); a stop (Ctrl-C) asks first, and writes nothing into it without a yes."""
        if final:
            return super()._offer_save(final)
        path = self.visit.path
        self.console.print()
        try:
            yes = self.confirm(f"Save this visit into {path}?")
        except _Stop:
            self._target_refused = True  # nobody said yes: kept beside the history, not in it
            raise
        if not yes:
            self.say(f"Not saved: {path} is as it was.")
            return False
        if self._write(path):
            self._saved(path, self.session.question() is None)
            return True
        self._target_refused = True
        self._save_recovery()
        return False

    def _saved(self, path: Path, complete: bool) -> None:
        day = self.visit.day.isoformat()
        if self._unchanged and path == self.visit.path:
            self.say(
                f"Nothing changed: {printable(str(path))} already holds the visit of {day}"
                " as entered, so it is not rewritten."
            )
            return
        if path != self.visit.path:
            self.say_path(f"The history with the visit of {day} is saved beside it, in: {path}")
            self.say(
                f"{printable(str(self.visit.path))} is unchanged: compare the two and "
                "replace it with this copy, or add the visit to it by hand."
            )
            return
        self.say_path(f"Saved the visit of {day} to {path}")
        if complete:
            self.say_path(f"Follow the history with: alscriteria timeline {path}")
        else:
            self.say_path(
                f"Continue this visit with: alscriteria walkthrough --history {path} "
                f"--visit-date {self.visit.day.isoformat()}"
            )

    def _report(self) -> None:
        try:
            super()._report()
        except KeyboardInterrupt:
            # Ctrl-C while the result prints: nobody said yes, so nothing goes into the
            # history; the plain walkthrough's recovery keeps the visit beside it
            self._target_refused = True
            raise
        line = self.function_line()
        if line:
            self.console.print()
            self.say(
                "Function and stage (docs/staging.md: descriptive, never a diagnostic category)",
                "bold underline",
            )
            self.say(line)

    def function_line(self) -> str:
        """The visit's function and stage in the history's words (timeline's sentence)."""
        result = evaluate_history(self.history_data(), plan=False)
        visit = next(v for v in result.visits if v.date == self.visit.day)
        if visit.staging is None or not visit.staging.text:
            return ""
        return f"Visit {visit.number} ({visit.date.isoformat()}): {visit.staging.text}"


def _in_words(question: Question, values: tuple[str, ...]) -> str:
    """A carried answer as its choices' labels ("Weakness (left)"), or as typed."""
    if not values:
        return "none"
    labels = {c.value: c.label for c in question.choices}
    said = []
    for value in values:
        sign, _, side = value.partition(":")
        name = labels.get(sign, value).split(" (")[0]
        said.append(f"{name} ({side})" if side else name)
    return ", ".join(said)


def visit_command(args: argparse.Namespace, console: Console) -> int:
    """`alscriteria walkthrough --history FILE --visit-date YYYY-MM-DD [--onset ...]`."""
    if args.history is None:
        raise UsageError("--visit-date and --onset belong to the visit mode: give --history FILE")
    if args.resume or args.save:
        raise UsageError(
            "--history saves the visit into the history; it does not take --resume or --save "
            "(the visit of a date already in the file is continued)"
        )
    if args.visit_date is None:
        raise UsageError("--history needs --visit-date YYYY-MM-DD: the date of this visit")
    visit = open_visit(Path(args.history), args.visit_date, args.onset)
    read, echo = terminal_reader()
    new_without_onset = visit.history is None and args.onset is None
    walk = VisitWalkthrough(console, read, visit, echo=echo, onset_given=not new_without_onset)
    return walk.run()


__all__ = ["VisitFile", "VisitWalkthrough", "carried_answers", "open_visit", "visit_command"]
