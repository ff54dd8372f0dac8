"""The question table: for each step, the question a clinician is asked next.

A question is data (walkthrough.steps.Question: its text, prompt, choices and what the
step already holds); these functions read the state and return the one to ask, so a
front end shows it and the session records the answer.
"""

from __future__ import annotations

from typing import Any

from alscriteria.anatomy.catalogue import (
    catalogue,
    muscle_aliases,
)
from alscriteria.anatomy.independence import spanning_paraspinal
from alscriteria.anatomy.regions import Region
from alscriteria.anatomy.vocabulary import label, region_signs, words
from alscriteria.cli.walkthrough.state import (
    State,
)
from alscriteria.cli.walkthrough.steps import (
    _LIMBS,
    ALTERNATIVE,
    BLOCK_NERVE,
    LIMB_WORD,
    PREREQUISITES,
    STEPS,
    Choice,
    Kind,
    Question,
    _describe_block,
    _step,
    compact_roots,
    describe_muscle,
    muscle_name,
    muscle_region,
    region_name,
    step_region,
)


def _tristate_question(step: str) -> Question:
    choices = (
        Choice("yes", "Yes"),
        Choice("no", "No"),
        Choice("unknown", "Unknown / not yet documented"),
    )
    if step == "motor_symptoms":
        text = (
            "Does the patient report motor symptoms (weakness, cramps, twitching, changes in "
            "speech, swallowing or gait)?"
        )
        return Question(step, Kind.TRISTATE, None, text, "Motor symptoms", choices, False)
    if step == "progression":
        text = (
            "Is progression documented? Progressive spread of motor impairment after "
            "normal function, by history or repeated examination."
        )
        prompt = "Progression documented"
    else:
        text = (
            "Have other causes been excluded? Electrophysiology, imaging and laboratory "
            "tests found no other disease that explains the findings."
        )
        prompt = "Other causes excluded"
    return Question(step, Kind.TRISTATE, None, text, prompt, choices, multiple=False)


#: Shorthand heard in the EMG lab; only the walkthrough reads it, the case keeps the keys.
_ALIASES = {
    "fibrillation_potentials": ("fibs", "fibrillations"),
    "positive_sharp_waves": ("psw", "psws", "sharp waves"),
    "fasciculation_potentials": ("fascs",),
    "chronic_neurogenic_change": ("cnc", "reinnervation", "chronic neurogenic"),
    "left": ("l", "lt"),  # the sides vocabulary: a device side, a muscle's side
    "right": ("r", "rt"),
}


def _word_choices(kind: str, only: tuple[str, ...] | None = None) -> tuple[Choice, ...]:
    """The choices of a vocabulary (or of the part of it that `only` allows), numbered."""
    return tuple(
        Choice(w, label(kind, w), aliases=_ALIASES.get(w, ()))
        for w in words(kind)
        if only is None or w in only
    )


_YESNO_QUESTIONS = {
    "anticoagulated": (
        "Is the patient on anticoagulant or antiplatelet treatment?",
        "Anticoagulation",
    ),
    "chest_wall_concerns": (
        "Any reason to avoid needling the chest wall (lung disease, pneumothorax risk)?",
        "Chest wall concerns",
    ),
    "demyelinating_slowing": (
        "Conduction slowing in the demyelinating range on nerve conduction studies?",
        "Demyelinating slowing",
    ),
}


def _limb_aliases(value: str) -> tuple[str, ...]:
    """ "l arm", "rt leg", "left upper limb": how a limb is written in a hurry."""
    region, _, side = value.partition(":")
    short = ("l", "lt") if side == "left" else ("r", "rt")
    limb = "arm" if region == "cervical" else "leg"
    level = "upper" if region == "cervical" else "lower"
    return (*(f"{s} {limb}" for s in short), f"{side} {level} limb", f"{side} {limb}s")


def _yes_no() -> tuple[Choice, ...]:
    return (Choice("yes", "Yes"), Choice("no", "No"))


def _level_hint(keys: tuple[str, ...]) -> str:
    """For a paraspinal spanning its region's roots: it never pairs (A.2, default reading),
    and one level is entered as a muscle outside the catalogue."""
    spanning = [catalogue()[k] for k in keys if spanning_paraspinal(k, "disjoint")]
    if not spanning:
        return ""
    muscle = spanning[0]
    return (
        f" {muscle.name} span {compact_roots(muscle.roots)}: they share a root with every "
        f"other {muscle.region.value} muscle, so they never complete an independent pair. "
        "To record one level, type other and give its name, root and nerve (for example "
        "C7 paraspinal, C7, C7 dorsal ramus)."
    )


def next_question(state: State) -> Question | None:
    """The first open question in clinical order, or None when the case is complete."""
    for step in STEPS:
        if state.done(step):
            continue
        region = step_region(step)
        if region is None:
            return case_question(state, step)
        return region_question(state, region, step.split(".")[1])
    return None


def case_question(state: State, step: str) -> Question:
    """A question about the whole patient (not one region)."""
    if step == ALTERNATIVE:
        return Question(
            step,
            Kind.TEXT,
            None,
            "Has another cause been found that explains the findings? Name it as your "
            "records write it (for example L5 radiculopathy on MRI), or none if the "
            "work-up is still in progress.",
            "Other cause found",
            (),
            False,
        )
    if step in (*PREREQUISITES, "motor_symptoms"):
        return _tristate_question(step)
    if step == "id":
        return Question(
            step,
            Kind.TEXT,
            None,
            "Patient id, as your records write it? (none to leave it out)",
            "Patient id",
            (),
            False,
        )
    if step in _YESNO_QUESTIONS:
        text, prompt = _YESNO_QUESTIONS[step]
        return Question(step, Kind.YESNO, None, text, prompt, _yes_no(), False)
    if step in ("lymphedema", "skin_infection"):
        what = (
            "lymphedema (or lymph node dissection)"
            if step == "lymphedema"
            else ("a skin infection where the needle would go")
        )
        return Question(
            step,
            Kind.CHOICE,
            None,
            f"Which limbs have {what}? (none if none)",
            "Lymphedema" if step == "lymphedema" else "Skin infection",
            tuple(Choice(v, label, aliases=_limb_aliases(v)) for v, label in _LIMBS.items()),
            True,
        )
    if step == "cardiac_device_side":
        return Question(
            step,
            Kind.CHOICE,
            None,
            "An implanted pacemaker or defibrillator: on which side? (none if none)",
            "Cardiac device side",
            _word_choices("sides"),
            False,
        )
    if step == "abnormal_sensory":
        return Question(
            step,
            Kind.CHOICE,
            None,
            "Sensory nerve conduction: mildly or markedly abnormal? (none if normal)",
            "Sensory conduction",
            (Choice("mild", "Mildly abnormal"), Choice("marked", "Markedly abnormal")),
            False,
        )
    return block_question(state)


def block_question(state: State) -> Question:
    """The conduction-block loop: nerve, segment, entrapment site; then another?"""
    pending = state.pending_block
    recorded = tuple(_describe_block(b) for b in state.blocks)
    if pending is None:
        again = bool(state.blocks)
        return Question(
            "conduction_block",
            Kind.TEXT,
            None,
            (
                "Another motor conduction block? The nerve, or done."
                if again
                else "A motor conduction block on nerve conduction studies? The nerve "
                "(for example ulnar), or none."
            ),
            BLOCK_NERVE,
            (),
            False,
            recorded,
        )
    if "segment" not in pending:
        return Question(
            "conduction_block",
            Kind.TEXT,
            None,
            f"Segment of the block on the {pending['nerve']} nerve (for example forearm)?",
            "Block segment",
            (),
            False,
            recorded,
        )
    return Question(
        "conduction_block",
        Kind.YESNO,
        None,
        f"Is the {pending['nerve']} {pending['segment']} block at a common entrapment "
        "site (for example the ulnar nerve at the elbow)?",
        "At an entrapment site",
        _yes_no(),
        False,
        recorded,
    )


def region_question(state: State, region: Region, part: str) -> Question:
    name = region_name(region)
    step = _step(region, part)
    if part in ("umn", "lmn"):
        kind = "umn_signs" if part == "umn" else "lmn_signs"
        what = (
            "Upper motor neuron (UMN) signs"
            if part == "umn"
            else "Lower motor neuron (LMN) signs on examination"
        )
        sides = (
            f" A side after a sign: r or l (weakness r = right {LIMB_WORD[region]}); "
            "both when not said."
            if part == "lmn" and region in LIMB_WORD
            else ""
        )
        return Question(
            step,
            Kind.SIGNS,
            region,
            f"{what} in the {name.lower()} region?{sides}",
            f"{name} {part.upper()} signs",
            # only the UMN signs this region can show (data/sign_regions.json)
            _word_choices(kind, region_signs(region.value) if part == "umn" else None),
            multiple=True,
        )
    recorded = tuple(describe_muscle(m) for m in region_muscles(state, region))
    custom = state.custom
    if custom is not None:
        asked = {
            "muscle": ("Name of the muscle, as your laboratory writes it?", "Muscle name"),
            "roots": ("Its roots (for example C5, C6)?", "Muscle roots"),
            "nerve": ("Its peripheral nerve (for example radial)?", "Muscle nerve"),
        }
        missing = next(k for k in asked if k not in custom)
        text, prompt = asked[missing]
        return Question(step, Kind.TEXT, region, text, prompt, (), False, recorded)
    if state.pending:
        key = state.pending[0]
        muscle = muscle_name(key)
        if not state.side_given:
            return Question(
                step,
                Kind.SIDE,
                region,
                f"Which side was {muscle} studied on?",
                f"{muscle} side",
                _word_choices("sides"),
                multiple=False,
                recorded=recorded,
            )
        side = f" ({state.pending_side})" if state.pending_side else ""
        return Question(
            step,
            Kind.FINDINGS,
            region,
            f"Needle EMG findings in {muscle}{side}? (none = normal muscle)",
            f"{muscle}{side} findings",
            _word_choices("emg_findings"),
            multiple=True,
            recorded=recorded,
        )
    choices = tuple(
        Choice(m.key, m.name, compact_roots(m.roots), m.nerve, muscle_aliases()[m.key])
        for m in catalogue().in_region(region)
    )
    if recorded:
        text = f"Another muscle studied in the {name.lower()} region? (done when finished)"
        prompt = f"{name} EMG: another muscle"
    else:
        text = (
            f"EMG: which muscles were studied with the needle in the {name.lower()} "
            "region? (none if no EMG here)"
        )
        prompt = f"{name} EMG muscles"
    return Question(step, Kind.MUSCLE, region, text, prompt, choices, True, recorded)


def region_muscles(state: State, region: Region) -> list[dict[str, Any]]:
    return [m for m in state.muscles if muscle_region(m) is region]


__all__ = [
    "block_question",
    "case_question",
    "next_question",
    "region_muscles",
    "region_question",
]
