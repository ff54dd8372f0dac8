"""The ALSFRS-R and the staging milestones of one visit, asked item by item (visit mode).

Only the visit mode of the walkthrough asks these (`alscriteria walkthrough --history`), and
only when the clinician says yes to "ALSFRS-R at this visit?": a plain walkthrough is not
one question longer. What is built is the visit's function record in the history's own
key names (function/record.py, docs/staging.md), checked by the same parser a history file
meets, so a visit saved here reads back exactly as typed. Free of rich, like
the session, so tests drive the same logic a person meets. About 400 lines, a third of them
the form's anchors (data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from alscriteria.function.record import ITEMS, VisitFunction, parse_visit_function
from alscriteria.history.model import read_date

#: Each item's heading and its five anchors, 4 (normal) down to 0, shortened from the
#: ALSFRS-R form (Cedarbaum et al., J Neurol Sci 1999;169:13-21; docs/staging.md).
ANCHORS: dict[str, tuple[str, tuple[str, str, str, str, str]]] = {
    "speech": (
        "Speech",
        (
            "normal speech processes",
            "detectable speech disturbance",
            "intelligible with repeating",
            "speech combined with non-vocal communication",
            "loss of useful speech",
        ),
    ),
    "salivation": (
        "Salivation",
        (
            "normal",
            "slight but definite excess of saliva; may have night-time drooling",
            "moderately excessive saliva; may have minimal drooling",
            "marked excess of saliva with some drooling",
            "marked drooling; requires constant tissue or handkerchief",
        ),
    ),
    "swallowing": (
        "Swallowing",
        (
            "normal eating habits",
            "early eating problems: occasional choking",
            "dietary consistency changes",
            "needs supplemental tube feeding",
            "NPO (exclusively parenteral or enteral feeding)",
        ),
    ),
    "handwriting": (
        "Handwriting",
        (
            "normal",
            "slow or sloppy: all words are legible",
            "not all words are legible",
            "able to grip pen but unable to write",
            "unable to grip pen",
        ),
    ),
    "cutting_food": (
        "Cutting food and handling utensils (5a, no gastrostomy)",
        (
            "normal",
            "somewhat slow and clumsy, but no help needed",
            "can cut most foods, although clumsy and slow; some help needed",
            "food must be cut by someone, but can still feed slowly",
            "needs to be fed",
        ),
    ),
    "dressing_hygiene": (
        "Dressing and hygiene",
        (
            "normal function",
            "independent and complete self-care with effort or decreased efficiency",
            "intermittent assistance or substitute methods",
            "needs attendant for self-care",
            "total dependence",
        ),
    ),
    "turning_in_bed": (
        "Turning in bed and adjusting bed clothes",
        (
            "normal",
            "somewhat slow and clumsy, but no help needed",
            "can turn alone or adjust sheets, but with great difficulty",
            "can initiate, but not turn or adjust sheets alone",
            "helpless",
        ),
    ),
    "walking": (
        "Walking",
        (
            "normal",
            "early ambulation difficulties",
            "walks with assistance",
            "non-ambulatory functional movement only",
            "no purposeful leg movement",
        ),
    ),
    "climbing_stairs": (
        "Climbing stairs",
        (
            "normal",
            "slow",
            "mild unsteadiness or fatigue",
            "needs assistance",
            "cannot do",
        ),
    ),
    "dyspnea": (
        "Dyspnoea",
        (
            "none",
            "occurs when walking",
            "occurs with one or more of eating, bathing, dressing",
            "occurs at rest: difficulty breathing when sitting or lying",
            "significant difficulty: considering mechanical respiratory support",
        ),
    ),
    "orthopnea": (
        "Orthopnoea",
        (
            "none",
            "some difficulty sleeping from shortness of breath; two pillows at most",
            "needs extra pillows in order to sleep (more than two)",
            "can only sleep sitting up",
            "unable to sleep",
        ),
    ),
    "respiratory_insufficiency": (
        "Respiratory insufficiency",
        (
            "none",
            "intermittent use of BiPAP",
            "continuous use of BiPAP during the night",
            "continuous use of BiPAP during the night and day",
            "invasive mechanical ventilation by intubation or tracheostomy",
        ),
    ),
}
#: Item 5 scored as 5b: the patient has a gastrostomy.
ANCHORS_5B = (
    "Cutting food and handling utensils (5b, with gastrostomy)",
    (
        "normal",
        "clumsy but able to perform all manipulations independently",
        "some help needed with closures and fasteners",
        "provides minimal assistance to caregiver",
        "unable to perform any aspect of task",
    ),
)
FORM_5 = "item_5_form"  # the 5a/5b choice, asked before item 5
MILESTONES = ("gastrostomy", "niv")
_STATUSES = {
    "gastrostomy": ("provided", "refused"),  # a trial is not King's milestone (Roche 2012)
    "niv": ("provided", "trialled", "refused"),
}
_MILESTONE_NAMES = {"gastrostomy": "Gastrostomy", "niv": "Non-invasive ventilation (NIV)"}
_MILESTONE_SHORT = {"gastrostomy": "gastrostomy", "niv": "NIV"}
REGIONS = ("bulbar", "upper_limb", "lower_limb")
_REGION_ALIASES = {
    "bulbar": "bulbar",
    "b": "bulbar",
    "upper limb": "upper_limb",
    "upper limbs": "upper_limb",
    "upper": "upper_limb",
    "arms": "upper_limb",
    "arm": "upper_limb",
    "u": "upper_limb",
    "lower limb": "lower_limb",
    "lower limbs": "lower_limb",
    "lower": "lower_limb",
    "legs": "lower_limb",
    "leg": "lower_limb",
    "l": "lower_limb",
}
_NONE = frozenset({"none", "no", "n", "-", "nil", "not yet"})
SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class FormQuestion:
    """One question of the form: `lines` are shown above the prompt (an item's anchors)."""

    step: str
    title: str
    lines: tuple[str, ...]
    prompt: str


@dataclass
class FunctionForm:
    """The form's answers in the order given; `back` undoes the last one.

    `visit` bounds the milestone dates (a visit records what happened by its date) and
    `onset` bounds them from below (a milestone comes after the first symptom);
    `earlier` holds the milestones an earlier visit recorded, which are not asked again
    (they accumulate: history/staging.py). `recorded` holds what this visit already records
    (a visit continued), in the form of `answers`: each is its question's default (Enter
    keeps it), and a form stopped before its end keeps the recorded answers it did not reach,
    so a form started and not finished never wipes what the file held."""

    visit: date
    earlier: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    recorded: dict[str, Any] = field(default_factory=dict)
    onset: date | None = None

    # -- what to ask ------------------------------------------------------------------

    def steps(self) -> list[str]:
        out: list[str] = []
        for item in ITEMS:
            if item == "cutting_food":
                out.append(FORM_5)
            out.append(item)
        for name in MILESTONES:
            if name in self.earlier:
                continue
            out.append(name)
            if self.answers.get(name) not in (None, SKIPPED):
                out.append(f"{name}_date")
        if "diagnosis_date" not in self.earlier:
            out.append("diagnosis_date")
        out.append("functional_involvement")
        return out

    def question(self) -> FormQuestion | None:
        step = next((s for s in self.steps() if s not in self.answers), None)
        if step is None:
            return None
        asked = self._question(step)
        default = self.default(step)
        if default is None:
            return asked
        return FormQuestion(
            asked.step,
            _enter_kept(asked.title),
            tuple(_enter_kept(line) for line in asked.lines),
            f"{asked.prompt} [Enter: {_shown(default)}, as recorded]",
        )

    def default(self, step: str) -> Any:
        """What this visit records at `step` (Enter keeps it), or None. A milestone's date is
        a default only while its status is the one recorded with it."""
        if step.endswith("_date") and step != "diagnosis_date":
            name = step.removesuffix("_date")
            if self.answers.get(name) != self.recorded.get(name):
                return None
        return self.recorded.get(step)

    def _question(self, step: str) -> FormQuestion:
        if step in ITEMS:
            number = ITEMS.index(step) + 1
            title, anchors = ANCHORS[step]
            if step == "cutting_food" and self.answers.get(FORM_5) == "b":
                title, anchors = ANCHORS_5B
            lines = tuple(f"  {4 - i}  {anchor}" for i, anchor in enumerate(anchors))
            label = f"{number}{'ab'[self.answers.get(FORM_5) == 'b']}" if number == 5 else number
            prompt = f"{title.split(' (')[0]} (0-4)"
            return FormQuestion(step, f"ALSFRS-R item {label} of 12: {title}", lines, prompt)
        if step == FORM_5:
            return FormQuestion(
                step,
                "ALSFRS-R item 5: scored as 5a or 5b?",
                (
                    "  a  5a: without a gastrostomy (Enter)",
                    "  b  5b: with a gastrostomy (cutting food and handling utensils)",
                ),
                "Item 5 form (a/b)",
            )
        if step in MILESTONES:
            statuses = ", ".join(_STATUSES[step])
            return FormQuestion(
                step,
                f"{_MILESTONE_NAMES[step]} by this visit: {statuses}, or none (Enter)?",
                (),
                _MILESTONE_NAMES[step].split(" (")[0],
            )
        if step.endswith("_date") and step != "diagnosis_date":
            name = step.removesuffix("_date")
            return FormQuestion(
                step,
                f"Date the {_MILESTONE_SHORT[name]} was {self.answers[name]} "
                f"(YYYY-MM-DD, on or before {self.visit.isoformat()})?",
                (),
                f"{_MILESTONE_NAMES[name].split(' (')[0]} date",
            )
        if step == "diagnosis_date":
            return FormQuestion(
                step,
                "Date ALS was diagnosed (YYYY-MM-DD), or none (Enter) if not recorded?",
                (),
                "Diagnosis date",
            )
        known = self.earlier.get("functional_involvement", ())
        before = (
            (
                "  recorded at earlier visits: "
                + ", ".join(r.replace("_", " ") for r in known)
                + " (kept)",
            )
            if known
            else ()
        )
        return FormQuestion(
            step,
            "Regions with functional involvement by this visit (King's staging: weakness, "
            "wasting, spasticity, dysarthria or dysphagia that affects function, not signs "
            "alone): bulbar, upper limb, lower limb; several with commas; none; or Enter if "
            "not recorded?",
            before,
            "Functional involvement",
        )

    # -- answering --------------------------------------------------------------------

    def answer(self, text: str) -> str:
        """Record `text` at the current question; what was recorded, or raise ValueError
        with what is allowed (the question is then asked again)."""
        question = self.question()
        if question is None:
            raise RuntimeError("the form is complete")
        step, said = question.step, " ".join(text.lower().split())
        kept = self.default(step)
        if not said and kept is not None:
            self.answers[step] = kept
            return f"Kept as recorded: {question.prompt.split(' (')[0].lower()}: {_shown(kept)}."
        if said == "skip":
            self.answers[step] = SKIPPED
            return f"Skipped: {question.prompt.split(' (')[0].lower()} (not scored)."
        value = self._read(step, said, question)
        self.answers[step] = value
        if value == SKIPPED:
            none = step in MILESTONES
            return f"{'Recorded' if none else 'Not recorded'}: {question.prompt.lower()}" + (
                ": none." if none else "."
            )
        if step in ITEMS:
            return f"Recorded: {question.prompt.split(' (')[0].lower()} {value}."
        if step == FORM_5:
            return f"Recorded: item 5 scored as 5{value}."
        shown = (
            value.replace("_", " ")
            if isinstance(value, str)
            else (", ".join(v.replace("_", " ") for v in value) or "none")
        )
        return f"Recorded: {question.prompt.lower()}: {shown}."

    def _read(self, step: str, said: str, question: FormQuestion) -> Any:
        if step in ITEMS:
            if said not in ("0", "1", "2", "3", "4"):
                raise ValueError(
                    f"{said or 'nothing'!r} is not a score for "
                    f"{question.prompt.split(' (')[0].lower()}; allowed: 0, 1, 2, 3 or 4 "
                    "(4 is normal function), skip (not scored) or back."
                )
            return int(said)
        if step == FORM_5:
            if said in ("", "a", "5a"):
                return "a"
            if said in ("b", "5b"):
                return "b"
            raise ValueError(f"{said!r}: allowed: a (5a, no gastrostomy) or b (5b).")
        if step in MILESTONES:
            if said in _NONE or not said:
                return SKIPPED
            found = [s for s in _STATUSES[step] if s.startswith(said)]
            if len(found) != 1:
                allowed = ", ".join(_STATUSES[step])
                extra = (
                    (
                        " ('trialled' is not a milestone for a gastrostomy: King's staging "
                        "counts it provided or refused)"
                    )
                    if step == "gastrostomy"
                    else ""
                )
                raise ValueError(f"{said!r}: allowed: {allowed}, or none.{extra}")
            return found[0]
        if step.endswith("_date"):
            if step == "diagnosis_date" and (not said or said in _NONE):
                return SKIPPED
            return self._date(step, said)
        if not said:
            return SKIPPED
        if said in _NONE:
            return ()
        chosen: list[str] = []
        for part in (p.strip() for p in said.replace(";", ",").split(",")):
            region = _REGION_ALIASES.get(part.replace("_", " "))
            if region is None:
                raise ValueError(
                    f"{part!r} is not a region of King's staging; allowed: bulbar, upper limb, "
                    "lower limb (respiration is not a region: it enters as NIV, stage 4B)."
                )
            chosen.append(region)
        return tuple(r for r in REGIONS if r in chosen)

    def _date(self, step: str, said: str) -> str:
        where = step.replace("_date", ".date") if step != "diagnosis_date" else step
        day, problem = read_date(said, where)
        if problem is not None or day is None:
            raise ValueError(f"{problem}.")
        if day > self.visit:
            raise ValueError(
                f"{where}: {day.isoformat()} is after the visit ({self.visit.isoformat()}); a "
                "visit records what happened by its date."
            )
        if self.onset is not None and day < self.onset:
            raise ValueError(
                f"{where}: {day.isoformat()} is before the onset ({self.onset.isoformat()}); a "
                "milestone comes after the first symptom."
            )
        return day.isoformat()

    def back(self) -> bool:
        """Undo the last answer; False when there is none (the form's first question)."""
        if not self.answers:
            return False
        last = list(self.answers)[-1]
        del self.answers[last]
        if last in MILESTONES:
            self.answers.pop(f"{last}_date", None)
        return True

    # -- the record -------------------------------------------------------------------

    def merged(self) -> dict[str, Any]:
        """The answers given, over what this visit records for the questions not reached
        (an answer given, `skip` included, always wins)."""
        out = dict(self.answers)
        for step, value in self.recorded.items():
            if step not in out and (step not in self.steps() or self.default(step) is not None):
                out[step] = value
        return out

    def record(self) -> dict[str, Any]:
        """The visit's function fields in the history's key names (checked): the answers
        given, over what the visit recorded for the questions not reached."""
        out: dict[str, Any] = {}
        answers = self.merged()
        scores = {i: answers[i] for i in ITEMS if isinstance(answers.get(i), int)}
        if scores:
            form: dict[str, Any] = {i: scores[i] for i in ITEMS if i in scores}
            if answers.get(FORM_5) == "b":
                form["gastrostomy"] = True
            out["alsfrs_r"] = form
        for name in MILESTONES:
            status, day = answers.get(name), answers.get(f"{name}_date")
            if status not in (None, SKIPPED) and day not in (None, SKIPPED):
                out[name] = {"status": status, "date": day}
        if answers.get("diagnosis_date") not in (None, SKIPPED):
            out["diagnosis_date"] = answers["diagnosis_date"]
        if "functional_involvement" in answers:
            regions = answers["functional_involvement"]
            if regions != SKIPPED:
                out["functional_involvement"] = list(regions)
        parse_visit_function(out)  # never a record the history would refuse
        return out


def recorded_answers(function: VisitFunction | None) -> dict[str, Any]:
    """What a visit records of function, as the form's answers (its questions' defaults)."""
    out: dict[str, Any] = {}
    if function is None:
        return out
    form = function.alsfrs_r
    if form is not None:
        for item in ITEMS:
            score = form.score(item)
            if item == "cutting_food":
                out[FORM_5] = "b" if form.gastrostomy else "a"
            if score is not None:
                out[item] = score
    for name in MILESTONES:
        given = getattr(function, name)
        if given is not None:
            out[name] = given.status
            out[f"{name}_date"] = given.date.isoformat()
    if function.diagnosis_date is not None:
        out["diagnosis_date"] = function.diagnosis_date.isoformat()
    if function.functional_involvement is not None:
        out["functional_involvement"] = tuple(function.functional_involvement)
    return out


def _enter_kept(text: str) -> str:
    """A question's words where Enter keeps the recorded answer (not none, not 5a)."""
    return text.replace(" (Enter)", "").replace("; or Enter if not recorded?", "?")


def _shown(value: Any) -> str:
    """An answer as the prompt shows it: a score, a status, a date, regions (or none)."""
    if isinstance(value, tuple):
        return ", ".join(v.replace("_", " ") for v in value) or "none"
    return str(value).replace("_", " ")


def earlier_milestones(functions: list[VisitFunction | None]) -> dict[str, Any]:
    """What earlier visits recorded that accumulates (history/staging.py): the milestones
    and the diagnosis date (the first recorded), the regions involved (all of them)."""
    out: dict[str, Any] = {}
    regions: list[str] = []
    for function in functions:
        if function is None:
            continue
        for name in MILESTONES:
            value = getattr(function, name)
            if value is not None and name not in out:
                out[name] = value
        if function.diagnosis_date is not None and "diagnosis_date" not in out:
            out["diagnosis_date"] = function.diagnosis_date
        regions.extend(function.functional_involvement or ())
    if regions:
        out["functional_involvement"] = tuple(r for r in REGIONS if r in regions)
    return out


def describe_earlier(earlier: dict[str, Any]) -> list[str]:
    """The milestones earlier visits recorded, in words, shown before the form's questions."""
    lines = []
    for name in MILESTONES:
        if name in earlier:
            given = earlier[name]
            lines.append(f"{_MILESTONE_NAMES[name]}: {given.status} on {given.date.isoformat()}")
    if "diagnosis_date" in earlier:
        lines.append(f"Diagnosis: {earlier['diagnosis_date'].isoformat()}")
    return lines


__all__ = [
    "ANCHORS",
    "ANCHORS_5B",
    "FORM_5",
    "FormQuestion",
    "FunctionForm",
    "describe_earlier",
    "earlier_milestones",
    "recorded_answers",
]
