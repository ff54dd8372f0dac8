"""The walkthrough's state machine: ask `question()`, then `apply`, `skip` or `back`.

Free of rich, like every module of the walkthrough but the shell, so that tests (or another
front end) drive exactly the logic a person meets. About 440 lines: one class, since every
kind of answer (signs, a muscle list, a muscle outside the catalogue, a block) changes the
same state and must leave `back` one step to undo; the questions, the grammar and the
round trip live apart.
"""

from __future__ import annotations

import copy
from typing import Any

from alscriteria.anatomy.catalogue import (
    alias_form,
    catalogue,
    muscle_key_form,
)
from alscriteria.anatomy.independence import normal_nerve
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import words
from alscriteria.case.model import (
    Case,
    parse_case,
)
from alscriteria.cli.walkthrough.grammar import (
    Problem,
    read_roots,
)
from alscriteria.cli.walkthrough.questions import (
    _level_hint,
    case_question,
    next_question,
    region_muscles,
)
from alscriteria.cli.walkthrough.roundtrip import (
    NULLABLE,
    _kept_findings,
    case_json,
    resume_state,
)
from alscriteria.cli.walkthrough.state import (
    Outcome,
    State,
)
from alscriteria.cli.walkthrough.steps import (
    _LIMBS,
    _TRISTATE,
    _YESNO,
    ALTERNATIVE,
    OTHER_MUSCLE,
    PARTS,
    STEPS,
    Kind,
    Question,
    _describe_block,
    _limb_hint,
    _ordered_signs,
    _said,
    _signs_text,
    _step,
    describe_muscle,
    muscle_name,
    region_name,
    step_region,
)
from alscriteria.errors import InvalidCaseError


def _custom_problem(region: Region, custom: dict[str, Any]) -> str | None:
    """What the case model would refuse in this muscle outside the catalogue, or None."""
    entry = {
        "muscle": custom["muscle"],
        "region": region.value,
        "roots": custom["roots"],
        "nerve": custom["nerve"],
    }
    try:
        parse_case({"emg": [entry]})
    except InvalidCaseError as exc:
        return "; ".join(p.removeprefix("emg[0]: ").removeprefix("emg[0].") for p in exc.problems)
    return None


class Session:
    """The walkthrough's state machine: ask `question()`, then `apply`, `skip` or `back`."""

    def __init__(self, state: State | None = None, history: list[State] | None = None) -> None:
        self.state = state or State()
        self._history: list[State] = history or []

    # -- resuming ---------------------------------------------------------------------

    @classmethod
    def from_case(cls, case: Case, written: Any = None) -> Session:
        """Resume: what the case says counts as answered; everything else is asked
        (roundtrip.resume_state). `written` is the file's JSON the case was read from."""
        state, history = resume_state(case, written)
        return cls(state, history)

    # -- what to ask ------------------------------------------------------------------

    def question(self) -> Question | None:
        """The first open question in clinical order, or None when the case is complete."""
        return next_question(self.state)

    def region_muscles(self, region: Region) -> list[dict[str, Any]]:
        return region_muscles(self.state, region)

    def case_dict(self) -> dict[str, Any]:
        """The case so far in the exact JSON format `alscriteria evaluate` reads
        (roundtrip.case_json): only answered steps are written, so resuming asks the rest."""
        return case_json(self.state)

    # -- answering --------------------------------------------------------------------

    def apply(self, values: tuple[str, ...]) -> Outcome:
        """Record an answer to the current question (values already matched to choices)."""
        question = self.question()
        if question is None:
            raise RuntimeError("the walkthrough is complete; there is nothing to answer")
        self._history.append(copy.deepcopy(self.state))
        state = self.state
        step = question.step
        region = question.region
        if question.kind is Kind.TRISTATE:
            state.answers[step] = _TRISTATE[values[0]]
            said = f"Recorded: {question.prompt.lower()}: {values[0]}."
            if step == "other_causes_excluded" and values[0] == "yes":
                dropped = state.answers.pop(ALTERNATIVE, None)
                if dropped:  # from a resumed file: the two cannot both hold
                    said += f" The other cause recorded before ({dropped}) is removed."
            return Outcome(said)
        if region is None:
            return self._apply_case_answer(question, values)
        name = region_name(region)
        if question.kind is Kind.SIGNS:
            kind = "umn_signs" if step.endswith(".umn") else "lmn_signs"
            chosen = _ordered_signs(kind, values)
            state.answers[step] = chosen
            said = _signs_text(kind, chosen, region)
            return Outcome(f"Recorded: {question.prompt}: {said}.{_limb_hint(chosen, region)}")
        if question.kind is Kind.TEXT:
            return self._apply_custom(region, values)
        if question.kind is Kind.MUSCLE and values == (OTHER_MUSCLE,):
            state.custom = {}
            return Outcome("A muscle outside the catalogue: its name, roots and nerve.")
        if question.kind is Kind.MUSCLE:
            if not values:
                state.answers[step] = True
                count = len(self.region_muscles(region))
                noun = "muscle" if count == 1 else "muscles"
                return Outcome(f"Recorded: {name} EMG finished, {count} {noun} recorded.", region)
            keys = tuple(v.partition(":")[0] for v in values)
            state.pending = list(keys)
            state.pending_sides = [v.partition(":")[2] or None for v in values]
            state.side_given = False
            state.pending_side = None
            self._take_side()
            names = ", ".join(
                muscle_name(k) + (f" ({side})" if side else "")
                for k, side in zip(keys, state.pending_sides, strict=True)
            )
            asked = "findings" if all(state.pending_sides) else "side and findings"
            return Outcome(f"Now entering {names}: {asked} for each." + _level_hint(keys))
        if question.kind is Kind.SIDE:
            state.pending_side = values[0] if values else None
            state.side_given = True
            side = f"{values[0]} side" if values else "side not recorded"
            return Outcome(f"Recorded: {muscle_name(state.pending[0])}, {side}.")
        entry: dict[str, Any] = {"muscle": state.pending[0]}
        if state.pending_side is not None:
            entry["side"] = state.pending_side
        entry.update(state.anatomy.get(state.pending[0], {}))
        for finding in words("emg_findings"):
            entry[finding] = finding in values
        replaced = [
            i
            for i, m in enumerate(state.muscles)
            if m.get("muscle") == entry["muscle"] and m.get("side") == entry.get("side")
        ]
        for i in reversed(replaced):
            del state.muscles[i]
        state.muscles.append(entry)
        state.pending.pop(0)
        if state.pending_sides:
            state.pending_sides.pop(0)
        state.side_given = False
        state.pending_side = None
        self._take_side()
        again = " (replacing the earlier entry for it)" if replaced else ""
        return Outcome(f"Recorded: {describe_muscle(entry)}{again}.")

    def _take_side(self) -> None:
        """The next muscle's side, when it was typed with the muscle ("fdi r"): not asked."""
        state = self.state
        if state.pending and state.pending_sides and state.pending_sides[0] is not None:
            state.side_given = True
            state.pending_side = state.pending_sides[0]

    def _apply_custom(self, region: Region, values: tuple[str, ...]) -> Outcome:
        """One part of a muscle outside the catalogue; checked as the case model checks it."""
        state = self.state
        custom = dict(state.custom or {})
        if not values:
            state.custom = None
            return Outcome("No muscle added.")
        if "muscle" not in custom:
            key = muscle_key_form(values[0])
            if key in catalogue():
                state.custom = None
                return Outcome(
                    f"{catalogue()[key].name} is in the catalogue: choose it from the list."
                )
            custom["muscle"] = key
        elif "roots" not in custom:
            roots = read_roots(values[0], region)
            if isinstance(roots, Problem):
                self._history.pop()  # nothing recorded: `back` must not undo a no-op
                return Outcome(f"Not recorded: {roots.message}")
            custom["roots"] = roots
        else:
            custom["nerve"] = values[0]
        state.custom = custom
        if "nerve" not in custom and "roots" in custom:
            return Outcome(f"Recorded: roots {', '.join(custom['roots'])}.")
        if "nerve" not in custom:
            return Outcome(f"Recorded: {values[0]}.")
        problem = _custom_problem(region, custom) or self._other_anatomy(region, custom)
        state.custom = None
        if problem is not None:
            return Outcome(f"Not added: {problem}")
        key = custom["muscle"]
        state.anatomy[key] = {
            "region": region.value,
            "roots": custom["roots"],
            "nerve": custom["nerve"],
        }
        state.pending = [key]
        state.pending_sides = [None]
        state.side_given = False
        return Outcome(f"Now entering {key.replace('_', ' ')}: side and findings.")

    def _other_anatomy(self, region: Region, custom: dict[str, Any]) -> str | None:
        """Why a muscle outside the catalogue cannot be added: its name (compared as the
        catalogue compares names) is already recorded with another anatomy, which the case
        would refuse (A.2: one muscle, one root set and nerve)."""
        name = alias_form(custom["muscle"])
        roots = {r.strip().upper() for r in custom["roots"]}
        for entry in self.state.muscles:
            if entry.get("region") is None or alias_form(str(entry["muscle"])) != name:
                continue
            same = (
                entry["region"] == region.value
                and {str(r).upper() for r in entry.get("roots", ())} == roots
                and normal_nerve(str(entry.get("nerve", ""))) == normal_nerve(custom["nerve"])
            )
            if not same:
                return (
                    f"{entry['muscle']} is already recorded with roots "
                    f"{', '.join(entry.get('roots', ()))} and the {entry.get('nerve')} nerve "
                    f"({entry['region']}); one muscle has one anatomy: enter the same roots "
                    "and nerve, or give this muscle another name"
                )
        return None

    def _apply_case_answer(self, question: Question, values: tuple[str, ...]) -> Outcome:
        state, step = self.state, question.step
        if step == "id":
            state.answers[step] = values[0] if values else None
            return Outcome(f"Recorded: patient id {values[0]}." if values else "No id recorded.")
        if step == "conduction_block":
            return self._apply_block(question, values)
        if step == ALTERNATIVE:
            return self._apply_alternative(values)
        if question.kind is Kind.YESNO:
            state.answers[step] = _YESNO[values[0]]
            return Outcome(f"Recorded: {question.prompt.lower()}: {values[0]}.")
        if step in ("lymphedema", "skin_infection"):
            state.answers[step] = tuple(values)
            shown = ", ".join(_LIMBS[v].lower() for v in values) or "none"
            return Outcome(f"Recorded: {question.prompt.lower()}: {shown}.")
        if step == "cardiac_device_side":
            state.answers[step] = values[0] if values else None
            shown = f"{values[0]} side" if values else "none"
            return Outcome(f"Recorded: cardiac device: {shown}.")
        state.answers[step] = values[0] if values else "none"
        return Outcome(f"Recorded: sensory conduction: {state.answers[step]}.")

    def _apply_alternative(self, values: tuple[str, ...]) -> Outcome:
        """Another cause found, checked as the case model checks it; none is recorded as
        none (saved as null), so a resumed file does not ask it again."""
        if not values:
            self.state.answers[ALTERNATIVE] = None
            return Outcome("Recorded: no other cause found yet (the work-up is in progress).")
        try:
            parse_case({"other_causes_excluded": False, ALTERNATIVE: values[0]})
        except InvalidCaseError as exc:
            self._history.pop()  # nothing recorded: `back` must not undo a no-op
            problem = "; ".join(p.removeprefix(f"{ALTERNATIVE}: ") for p in exc.problems)
            return Outcome(f"Not recorded: {problem}. Type none if no other cause is found.")
        self.state.answers[ALTERNATIVE] = " ".join(values[0].split())
        return Outcome(
            f"Recorded: other cause found: {values[0]}. The ALS criteria will not be met "
            "while it stands."
        )

    def _apply_block(self, question: Question, values: tuple[str, ...]) -> Outcome:
        state = self.state
        pending = state.pending_block
        if pending is None:
            if not values:
                state.answers["conduction_block"] = True
                count = len(state.blocks)
                return Outcome(
                    f"Recorded: {count} conduction block{'s' if count != 1 else ''}."
                    if count
                    else "Recorded: no conduction block."
                )
            state.pending_block = {"nerve": values[0]}
            return Outcome(f"Recorded: block on the {values[0]} nerve.")
        if "segment" not in pending:
            if not values:
                return Outcome("A block needs its segment (or type back).")
            state.pending_block = {**pending, "segment": values[0]}
            return Outcome(f"Recorded: segment {values[0]}.")
        block = {**pending, "at_entrapment_site": _YESNO[values[0]]}
        state.blocks.append(block)
        state.pending_block = None
        return Outcome(f"Recorded: {_describe_block(block)}.")

    def skip(self) -> Outcome:
        """Skip the current question, or for a region question the rest of that region."""
        question = self.question()
        if question is None:
            raise RuntimeError("the walkthrough is complete; there is nothing to skip")
        self._history.append(copy.deepcopy(self.state))
        state = self.state
        region = question.region
        if region is None:
            state.skipped.add(question.step)
            state.pending_block = None
            unknown = " (unknown)" if question.kind is Kind.TRISTATE else ""
            return Outcome(f"Skipped: {question.prompt.lower()} left unanswered{unknown}.")
        dropped = ""
        if state.pending:
            dropped = (
                " "
                + ", ".join(muscle_name(k) for k in state.pending)
                + (" not finished, so not recorded.")
            )
        state.pending = []
        state.pending_sides = []
        state.side_given = False
        state.pending_side = None
        kept = [p for p in PARTS if _step(region, p) in state.answers]
        for part in PARTS:
            if _step(region, part) not in state.answers:
                state.skipped.add(_step(region, part))
        name = region_name(region)
        if not kept and not self.region_muscles(region):
            return Outcome(f"Skipped {name}: left out of the case (not examined).{dropped}", region)
        return Outcome(
            f"Skipped the rest of {name}; what was already entered is kept.{dropped}", region
        )

    def back(self) -> Outcome | None:
        """Undo the last answer and ask that question again; None if nothing to undo."""
        if not self._history:
            return None
        undone = self.state
        self.state = self._history.pop()
        now = self.question()
        assert now is not None
        said = f"Back to: {now.prompt}."
        previous = self._previous_answer(undone, now)
        if previous:
            said += f" The answer given was: {previous}."
        return Outcome(said)

    def _previous_answer(self, undone: State, question: Question) -> str:
        """What the undone state held for `question`, so the clinician sees what to change."""
        step = question.step
        if step == ALTERNATIVE and step in undone.answers:
            return undone.answers[step] or "none"
        if question.kind is Kind.TRISTATE and step in undone.answers:
            return {True: "yes", False: "no", None: "unknown"}[undone.answers[step]]
        if question.kind is Kind.SIGNS and step in undone.answers:
            kind = f"{step.split('.')[1]}_signs"
            return _signs_text(kind, undone.answers[step], question.region)
        if question.kind is Kind.SIDE and undone.side_given:
            return undone.pending_side or "side not recorded"
        if question.kind is Kind.FINDINGS and len(undone.muscles) > len(self.state.muscles):
            return describe_muscle(undone.muscles[-1])
        return ""

    def answered(self) -> list[str]:
        """What the case already says, step by step, in words (shown when resuming)."""
        lines: list[str] = []
        state = self.state
        for step in STEPS:
            region = step_region(step)
            if region is None:
                if step == "conduction_block":
                    lines.extend(_describe_block(b) for b in state.blocks)
                if step in state.answers and step != "conduction_block":
                    prompt = case_question(state, step).prompt
                    value = _said(state.answers[step])
                    if step in NULLABLE and state.answers[step] is None:
                        value += " (or skipped)"  # the file writes a skip as null too
                    lines.append(f"{prompt}: {value}")
                elif step in state.skipped:
                    lines.append(f"{case_question(state, step).prompt}: skipped")
                continue
            part = step.split(".")[1]
            name = region_name(region)
            if all(_step(region, p) in state.skipped for p in PARTS):
                if part == "umn":
                    lines.append(f"{name}: not examined (left out)")
                continue
            if part == "lmn" and step in state.skipped:
                lines.append(f"{name} LMN signs: skipped")
            if part in ("umn", "lmn") and step in state.answers:
                kind = f"{part}_signs"
                said = [_signs_text(kind, state.answers[step], region)]
                kept = _kept_findings(state.region_extras.get(region.value, {}), part, region)
                if kept:  # what the file records beside the signs asked here
                    said = [x for x in said if x != "none"] + kept
                lines.append(f"{name} {part.upper()} signs: " + "; ".join(said))
            if part == "emg":
                extras = state.region_extras.get(region.value, {})
                if "emg" in extras or any("emg" in extras.get(s, {}) for s in ("left", "right")):
                    lines.append(f"{name} EMG summary: as the file records it (kept)")
                recorded = self.region_muscles(region)
                if not recorded and step in state.skipped:
                    lines.append(f"{name} EMG: skipped")
                elif recorded or step in state.answers:
                    shown = "; ".join(describe_muscle(m) for m in recorded) or "no muscles"
                    more = "" if step in state.answers else " (more may be added)"
                    lines.append(f"{name} EMG: {shown}{more}")
        return lines

    @property
    def has_data(self) -> bool:
        state = self.state
        return bool(state.answers or state.muscles or state.extras or state.region_extras)

    @property
    def unfinished_muscles(self) -> list[str]:
        """Muscles chosen but without findings yet: not saved, since findings are unknown."""
        return [muscle_name(k) for k in self.state.pending]


__all__ = [
    "Session",
]
