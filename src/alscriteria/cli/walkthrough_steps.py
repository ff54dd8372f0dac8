"""The walkthrough's questions, answers and the case they build, apart from any terminal.

The order of questions, the reading of what a clinician types and the growing case live
here, free of rich, so that tests (or another front end) drive exactly the logic a person
meets, and so that a saved partial case can be resumed by asking only what it leaves open.

The case is the only record: a saved file must be plain Case JSON (`alscriteria evaluate`
rejects extra keys), so which steps were answered is read back from what the case says (a
key present, a region present) rather than from a separate progress marker.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from alscriteria.case import (
    NOT_A_CAUSE_WORDS,
    Case,
    RegionFindings,
    als_named,
    parse_case,
    placeholder_diagnosis,
)
from alscriteria.errors import InvalidCaseError
from alscriteria.regions.anatomy import REGION_ORDER, Region
from alscriteria.regions.catalogue import (
    ROOT_PATTERN,
    Muscle,
    alias_form,
    catalogue,
    muscle_aliases,
    muscle_key_form,
    region_roots,
    resolve_muscle,
    root_sort_key,
)
from alscriteria.regions.independence import normal_nerve, spanning_paraspinal
from alscriteria.vocabulary import label, region_signs, words

#: The prerequisites in the order asked; `alternative_diagnosis` only after "other causes
#: excluded?" is answered no (another cause found, or the work-up still in progress).
PREREQUISITES = ("progression", "other_causes_excluded", "alternative_diagnosis")
ALTERNATIVE = "alternative_diagnosis"
PARTS = ("umn", "lmn", "emg")
#: What limits needling, asked after the examination: the EMG questions record a study
#: already done, and these answers shape the next one, which the plan suggests (A.4).
SAFETY = (
    "anticoagulated",
    "lymphedema",
    "skin_infection",
    "cardiac_device_side",
    "chest_wall_concerns",
)
#: Nerve conduction findings that point to a mimic (B.4.1); they add warnings.
CONDUCTION = ("conduction_block", "demyelinating_slowing", "abnormal_sensory")
#: Every step in clinical order: who, the prerequisites, motor symptoms, each region from
#: rostral to caudal, then safety and mimics.
STEPS: tuple[str, ...] = (
    "id",
    *PREREQUISITES,
    "motor_symptoms",
    *(f"{region.value}.{part}" for region in REGION_ORDER for part in PARTS),
    *SAFETY,
    *CONDUCTION,
)
_TRISTATE = {"yes": True, "no": False, "unknown": None}
#: The answer at a muscle question that starts entering a muscle outside the catalogue.
OTHER_MUSCLE = "__other__"
_YESNO = {"yes": True, "no": False}
_LIMBS = {
    "cervical:left": "Left arm",
    "cervical:right": "Right arm",
    "lumbosacral:left": "Left leg",
    "lumbosacral:right": "Right leg",
}


class Kind(StrEnum):
    TRISTATE = "tristate"
    YESNO = "yesno"
    SIGNS = "signs"
    MUSCLE = "muscle"
    SIDE = "side"
    FINDINGS = "findings"
    CHOICE = "choice"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    roots: str = ""
    nerve: str = ""
    aliases: tuple[str, ...] = ()  # e.g. FDI for first dorsal interosseous


@dataclass(frozen=True, slots=True)
class Question:
    """What to ask next; `step` is the case step it belongs to (EMG sub-questions share one)."""

    step: str
    kind: Kind
    region: Region | None
    text: str
    prompt: str
    choices: tuple[Choice, ...]
    multiple: bool
    recorded: tuple[str, ...] = ()  # what this step already holds, said in words

    @property
    def key(self) -> tuple[str, str, str]:
        """Identifies one screen: a new key means the choices are worth showing again."""
        return (self.step, self.kind.value, self.prompt)


# --- parsing what was typed -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Control:
    """A word that steers the walkthrough rather than answering: back, skip or help."""

    word: str


@dataclass(frozen=True, slots=True)
class Pick:
    typed: str
    choice: Choice
    exact: bool  # False: a guess at a typo, to be confirmed before it is recorded


@dataclass(frozen=True, slots=True)
class Answer:
    picks: tuple[Pick, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(p.choice.value for p in self.picks)

    @property
    def guesses(self) -> tuple[Pick, ...]:
        return tuple(p for p in self.picks if not p.exact)


@dataclass(frozen=True, slots=True)
class Problem:
    message: str


Parsed = Control | Answer | Problem

_CONTROL = {
    "back": "back",
    "skip": "skip",
    "skip region": "skip",
    "?": "help",
    "help": "help",
    "grid": "grid",
}
_NONE_WORDS = frozenset({"none", "-", "nil", "nothing"})
_DONE_WORDS = frozenset({"done", "finished", "end", "no more", "no", "n", "nope"})
_SPLIT = re.compile(r"\s*(?:,|;|\band\b)\s*")
_NUMBERS = re.compile(r"^[\d\s-]+$")
#: The side of a clinical LMN sign in a limb, typed after (or before) the sign: "weakness r",
#: "2l", "right wasting". Both sides is the default when no side is said.
_SIDE_WORDS: dict[str, str | None] = {
    "r": "right",
    "rt": "right",
    "right": "right",
    "l": "left",
    "lt": "left",
    "left": "left",
    "b": None,
    "both": None,
    "bil": None,
    "bilat": None,
    "bilateral": None,
}
_SIDE_AFTER = re.compile(
    r"^(?P<what>.+?)(?:\s+|(?<=\d))(?P<side>r|rt|right|l|lt|left|b|both|bil|bilat|bilateral)$"
)
_SIDE_BEFORE = re.compile(
    r"^(?P<side>r|rt|right|l|lt|left|both|bil|bilat|bilateral)\s+(?P<what>.+)$"
)
#: What one side of a limb region is called when a sign is placed on it.
LIMB_WORD = {Region.CERVICAL: "arm", Region.LUMBOSACRAL: "leg"}


def normalise(text: str) -> str:
    """Case, punctuation and underscores do not matter when matching a name."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _names(choice: Choice) -> tuple[str, ...]:
    stem = choice.label.split(" (")[0]
    every = (choice.value, choice.label, stem, *choice.aliases)
    return tuple(dict.fromkeys(normalise(n) for n in every))


def _numbers(token: str, count: int) -> list[int] | Problem:
    found: list[int] = []
    for part in token.split():
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            return Problem(f"{part!r} is not a number or a range like 2-4.")
        first, last = int(low), int(high) if dash else int(low)
        for n in range(first, last + 1):
            if not 1 <= n <= count:
                return Problem(f"There is no choice {n}; the choices are numbered 1 to {count}.")
            found.append(n)
    return found


def _other_region_muscle(token: str, region: Region | None) -> Muscle | None:
    key = resolve_muscle(token)
    muscle = catalogue()[key] if key is not None else None
    return muscle if muscle is not None and muscle.region is not region else None


def _match(token: str, question: Question) -> Pick | Problem:
    choices = question.choices
    names = {choice: _names(choice) for choice in choices}
    exact = [c for c in choices if token in names[c]]
    if len(exact) == 1:
        return Pick(token, exact[0], exact=True)
    if exact:
        listed = ", ".join(c.label for c in exact)
        return Problem(f"{token!r} could be any of: {listed}. Type more of the name.")
    shortest = 1 if question.kind in (Kind.TRISTATE, Kind.SIDE) else 3
    if len(token) >= shortest:
        prefixed = [c for c in choices if any(n.startswith(token) for n in names[c])]
        if len(prefixed) == 1:
            return Pick(token, prefixed[0], exact=True)
        if len(prefixed) > 1:
            listed = ", ".join(c.label for c in prefixed)
            return Problem(f"{token!r} could be any of: {listed}. Type more of the name.")
    if question.kind is Kind.MUSCLE:
        elsewhere = _other_region_muscle(token, question.region)
        if elsewhere is not None:
            return Problem(
                f"{elsewhere.name} is a {elsewhere.region.value} muscle; record it under "
                f"{region_name(elsewhere.region)}, not here."
            )
    # Initials are too short to guess from: "gmed" must not become "gm" (gluteus maximus);
    # but the whole of a short answer word ("yes", "no", "left") is a name to guess from.
    short_words = question.kind in (Kind.TRISTATE, Kind.YESNO, Kind.SIDE, Kind.CHOICE)
    by_name = {
        n: c
        for c in choices
        for n in names[c]
        if len(n) > 3 or (short_words and n == normalise(c.value))
    }
    close = difflib.get_close_matches(token, list(by_name), n=1, cutoff=0.6)
    if close:
        return Pick(token, by_name[close[0]], exact=False)
    containing = [c for c in choices if any(token in n for n in names[c])]
    if len(containing) == 1:
        return Pick(token, containing[0], exact=False)
    return Problem(f"{token!r} is not one of the choices. Type ? to see what is accepted.")


#: Answers a yes/no habit types at a text prompt; a near miss ("yse", "noen") is a typo.
_ANSWER_WORDS = ("yes", "no", "none", "nope", "unknown", "nothing", "nil")


_LEADING_YES = re.compile(r"^(?:yes|yeah|yep|y)\b[\s,:;.\-]*", re.IGNORECASE)


def _answer_typo(said: str) -> bool:
    """A single word that is a yes/no/none answer or a typo of one ("noen"): not an id."""
    tokens = normalise(said).split()
    return (
        len(tokens) == 1
        and not any(ch.isdigit() for ch in tokens[0])
        and bool(difflib.get_close_matches(tokens[0], _ANSWER_WORDS, n=1, cutoff=0.75))
    )


def _names_a_cause(said: str) -> bool:
    """Whether text typed at the other-cause prompt can be a diagnosis (issue 19): not
    punctuation or one letter, not only words that say none or yes, not a typo of them."""
    tokens = normalise(said).split()
    if not tokens or sum(len(t) for t in tokens) < 2 or placeholder_diagnosis(said):
        return False
    if len(tokens) == 1 and not any(ch.isdigit() for ch in tokens[0]):
        return not difflib.get_close_matches(tokens[0], _ANSWER_WORDS, n=1, cutoff=0.6)
    return True


#: Words that deny a finding; the first word of "no block", "n/a", "none seen".
_DENIALS = frozenset({"n", "na", "nad", "nah", "nil", "no", "none", "nope", "not", "nothing",
                      "negative", "normal"})
#: Words that only say what is asked at the block prompt ("no block", "no conduction block").
_BLOCK_WORDS = frozenset({"block", "blocks", "conduction", "cb", "motor"})
BLOCK_NERVE = "Conduction block nerve"


def _block_nerve(text: str) -> Parsed:
    """The nerve typed at the conduction-block prompt, read as the other-cause prompt reads
    a diagnosis (the shared filler check, case.py): "no", "n/a", "no block", "none seen"
    mean no (more) block; "yes", "1" or a typo of them are asked again, never a nerve, since
    a block recorded on a nerve called "no" raises the MMN red flag (B.4.1)."""
    text = _LEADING_YES.sub("", text) or text  # "yes, ulnar" names the ulnar nerve
    tokens = [t for t in normalise(text).split() if t not in _BLOCK_WORDS]
    rest = " ".join(tokens)
    if not tokens or (tokens[0] in _DENIALS and set(tokens) <= _DENIALS | NOT_A_CAUSE_WORDS):
        return Answer(())
    if tokens[0] in _DENIALS or placeholder_diagnosis(rest) or not _names_a_cause(rest):
        return Problem(
            f"{' '.join(text.split())!r} does not name a nerve (or looks like a typo of yes, "
            "no or none). Type the nerve with the block (for example ulnar), or none."
        )
    return Answer((Pick(text, Choice(text, text), exact=True),))


def sided(question: Question) -> bool:
    """Whether a side may follow each answer: clinical LMN signs of an arm or a leg, where
    Gold Coast needs weakness and wasting on one limb (A.2, per limb)."""
    return (
        question.kind is Kind.SIGNS
        and question.step.endswith(".lmn")
        and question.region in LIMB_WORD
    )


def _split_side(token: str) -> tuple[str, str | None, bool]:
    """A token and the side typed with it: (rest, side, given); side None is both sides."""
    for pattern in (_SIDE_AFTER, _SIDE_BEFORE):
        found = pattern.match(token)
        if found:
            return found["what"].strip(), _SIDE_WORDS[found["side"]], True
    return token, None, False


_SIDE_NAMES = "r|rt|right|l|lt|left|b|both|bil|bilat|bilateral"
#: "left arm", "r leg", "right side": the side, with the limb it names.
_SIDE_LIMB = re.compile(
    rf"\b({_SIDE_NAMES})\s+(arms?|legs?|sides?|limbs?|upper limbs?|lower limbs?)\b"
)
_NUMBER_SIDE = re.compile(rf"^[\d-]+({_SIDE_NAMES})$")  # "1r", "2l"
_LIMB_OF = {
    "arm": Region.CERVICAL,
    "upper limb": Region.CERVICAL,
    "leg": Region.LUMBOSACRAL,
    "lower limb": Region.LUMBOSACRAL,
}


def _sided_tokens(question: Question, said: str) -> list[str] | Problem:
    """The signs of a limb, each with its side, however a clinician writes them:
    "weakness (left)", "weakness left arm", "weakness & wasting r", "weakness r wasting r".
    A sign and a side are never merged into one guess, so a suggestion cannot drop or flip
    a side or a sign (Gold Coast counts weakness and wasting on one limb, A.2)."""
    text = re.sub(r"[()\[\]]", " ", said)
    text = re.sub(r"\s*[&+/]\s*", ", ", text)
    for found in _SIDE_LIMB.finditer(text):
        limb = found[2].rstrip("s")
        named = _LIMB_OF.get(limb)
        if named is not None and named is not question.region:
            return Problem(
                f"{found[0]!r}: these are the {region_name(question.region).lower()} signs "
                f"(the {LIMB_WORD[question.region]}s); record the {limb} in its own region."
                if question.region is not None
                else f"{found[0]!r} is not a side here."
            )
    text = _SIDE_LIMB.sub(lambda m: m[1], text)
    tokens: list[str] = []
    for part in (t for t in _SPLIT.split(text) if t.strip()):
        current: list[str] = []
        for word in part.split():
            current.append(word)
            # a side after a sign closes that sign: "weakness r wasting l" is two signs
            ends = word in _SIDE_WORDS or _NUMBER_SIDE.match(word) is not None
            if ends and any(w not in _SIDE_WORDS for w in current):
                tokens.append(" ".join(current))
                current = []
        if current:
            tokens.append(" ".join(current))
    return tokens


def _several_named(question: Question, token: str) -> bool:
    """Whether the words of a token start the names of two or more choices ("weakness
    wastin"): a guess would keep one of them and drop the other."""
    hit = {
        choice.value
        for word in normalise(token).split()
        if len(word) >= 3
        for choice in question.choices
        for name in _names(choice)
        if any(part.startswith(word) for part in name.split())
    }
    return len(hit) > 1


def _sided_muscle(question: Question, token: str) -> list[Pick] | Problem:
    """A muscle typed with its side at the muscle list ("fdi r", "3 l"): the side is then
    not asked."""
    what, side, _ = _split_side(token)
    if side is None:
        return Problem(
            f"{token!r}: a muscle is studied on one side; give each side (fdi r, fdi l)."
        )
    found = _token_picks(question, what)
    if isinstance(found, Problem):
        return found
    return [
        Pick(p.typed, Choice(f"{p.choice.value}:{side}", f"{p.choice.label} ({side})"), p.exact)
        for p in found
    ]


def given_side(token: str) -> bool:
    """Whether a side word is still in a token after its own side was taken off."""
    return any(word in _SIDE_WORDS for word in normalise(token).split())


def _token_picks(question: Question, token: str) -> list[Pick] | Problem:
    """One comma-separated part of an answer: numbers, a range or a name (with its side)."""
    side: str | None = None
    if sided(question):
        typed = token
        token, side, given = _split_side(token)
        if given and token in _SIDE_WORDS:
            return Problem(f"{token!r} is a side: type the sign first, for example weakness r.")
        if given and _NUMBERS.match(token) and len(token.split()) > 1:
            # "1 2 r": is 1 on the right too, or on both sides? Ask rather than guess.
            return Problem(
                f"{typed!r}: give each number its side (1 r, 2 r) or a range (1-2 r)."
            )
    elif (
        question.kind is Kind.SIGNS
        and question.region is not None
        and _split_side(token)[2]
        and not _NUMBERS.match(token)
        and (
            _NUMBERS.match(_split_side(token)[0])
            or isinstance(_match(normalise(_split_side(token)[0]), question), Pick)
        )
    ):
        where = "the arms and legs" if question.step.endswith(".lmn") else "LMN signs of a limb"
        return Problem(
            f"{token!r}: a side is recorded for {where} only; type the sign without it."
        )
    if question.kind is Kind.MUSCLE and _split_side(token)[2] and not _NUMBERS.match(token):
        return _sided_muscle(question, token)
    if _NUMBERS.match(token):
        numbers = _numbers(token, len(question.choices))
        if isinstance(numbers, Problem):
            return numbers
        picks = [Pick(str(n), question.choices[n - 1], exact=True) for n in numbers]
    elif token in _NONE_WORDS or token in _CONTROL:
        return Problem(f"{token!r} must be typed on its own, not with other answers.")
    else:
        found = _match(normalise(token), question)
        if (
            isinstance(found, Pick)
            and not found.exact
            and question.kind is Kind.SIGNS
            and (
                given_side(token)
                or _several_named(question, token)
                or (sided(question) and len(normalise(token).split()) > 1)
            )
        ):
            # a guess from several words would keep one and drop the rest (a sign or side)
            return Problem(
                f"{token!r} is not one sign; type each sign with its side, separated by "
                "commas (for example weakness l, wasting r)."
            )
        if isinstance(found, Problem):
            if sided(question) and token in _SIDE_WORDS:
                return Problem(f"{token!r} is a side: type the sign first, for example weakness r.")
            return found
        picks = [found]
    if side is None or question.region is None:
        return picks
    limb = f"{side} {LIMB_WORD[question.region]}"
    return [
        Pick(p.typed, Choice(f"{p.choice.value}:{side}", f"{_stem(p.choice.label)} ({limb})"),
             p.exact)
        for p in picks
    ]


def parse(question: Question, text: str) -> Parsed:
    """Read one line typed at `question`: numbers, names, or a control word."""
    said = " ".join(text.strip().lower().split())
    if not said:
        nothing = "done" if question.kind is Kind.MUSCLE else "none"
        return Problem(f"Please answer (or type {nothing} if there is nothing; ? for help).")
    if said in _CONTROL:
        return Control(_CONTROL[said])
    if question.kind in (Kind.TRISTATE, Kind.YESNO) and said in _NONE_WORDS:
        # "none" could mean "no" or "not known": ask rather than guess
        allowed = ", ".join(c.value for c in question.choices)
        return Problem(f"{said!r} is not an answer here; type {allowed} (or skip).")
    looping = question.kind is Kind.MUSCLE or (
        question.kind is Kind.TEXT and question.step == "conduction_block"
    )
    if said in _NONE_WORDS or (looping and said in _DONE_WORDS):
        return Answer(())
    if question.kind is Kind.TEXT:
        text = " ".join(text.split())  # as typed, case kept
        if question.step == "id" and _answer_typo(said):
            return Problem(
                f"{text!r} looks like a typo of none (or yes or no); type none to leave the "
                "id out, or the id as your records write it."
            )
        if question.step == ALTERNATIVE:
            # "yes, multifocal motor neuropathy" answers the question and names the cause
            named = _LEADING_YES.sub("", text)
            text, said = (named, named.lower()) if named else (text, said)
        if question.step == ALTERNATIVE and als_named(said):
            return Problem(
                f"{text!r} is the disease the criteria test, not another cause of the findings. "
                "Name the other cause found, or type none if none is found."
            )
        if question.prompt == BLOCK_NERVE:
            return _block_nerve(text)
        if question.step == ALTERNATIVE and not _names_a_cause(said):
            return Problem(
                f"{text!r} does not name a cause (or looks like a typo of yes, no or none). "
                "Name the other cause found, in a few words (for example L5 radiculopathy "
                "on MRI), or type none if none is found yet."
            )
        return Answer((Pick(text, Choice(text, text), exact=True),))
    if question.kind is Kind.MUSCLE and said in ("other", "other muscle"):
        return Answer((Pick(said, Choice(OTHER_MUSCLE, "a muscle outside the list"), True),))
    tokens: list[str] = [t for t in _SPLIT.split(said) if t]
    if sided(question):
        limbed = _sided_tokens(question, said)
        if isinstance(limbed, Problem):
            return limbed
        tokens = limbed
    picks: list[Pick] = []
    for token in tokens:
        found = _token_picks(question, token)
        if isinstance(found, Problem):
            return found
        picks.extend(found)
    unique: dict[str, Pick] = {}
    for pick in picks:
        unique.setdefault(pick.choice.value, pick)
    if not question.multiple and len(unique) > 1:
        return Problem("One answer only here. Type ? for help.")
    return Answer(tuple(unique.values()))


def help_lines(question: Question) -> list[str]:
    """What is accepted at this question, in words (the `?` answer)."""
    lines = ["Accepted here:"]
    if question.kind is Kind.TEXT:
        lines.append("  the text itself, as your records write it")
    elif question.multiple:
        lines.append("  numbers from the list, several at once: 1,3 or 2-4")
        examples = ", ".join(normalise(c.label.split(" (")[0]) for c in question.choices[:2])
        lines.append(f"  names, or the start of a name: {examples}")
    else:
        lines.append("  one number from the list, or one name (the start is enough)")
    nothing = {
        Kind.TRISTATE: "unknown   not known or not yet documented",
        Kind.YESNO: "",
        Kind.SIGNS: "none      no such sign in this region",
        Kind.MUSCLE: "done      no (more) muscles studied in this region (or: none)",
        Kind.SIDE: "none      side not recorded",
        Kind.FINDINGS: "none      a normal muscle (no abnormal findings)",
        Kind.CHOICE: "none      none of these",
        Kind.TEXT: "none      nothing to record here"
        + (" (done when finished)" if question.step == "conduction_block" else ""),
    }[question.kind]
    if nothing:
        lines.append("  " + nothing)
    if sided(question) and question.region is not None:
        limb = LIMB_WORD[question.region]
        lines.append(
            f"  r, l      after a sign: its side (weakness r = right {limb}); both, or no "
            "side, for both sides"
        )
        lines.append(
            f"            Gold Coast needs weakness and wasting on one {limb} (A.2, per limb)"
        )
    if question.kind is Kind.MUSCLE:
        lines.append("  other     a muscle outside this list (you give its roots and nerve)")
        if question.region is not None and question.region.is_limb:
            lines.append(
                "            e.g. one paraspinal level: other, C7 paraspinal, C7, C7 dorsal ramus"
            )
    if question.region is None:
        lines.append("  skip      leave this question unanswered (counts as unknown)")
    else:
        lines.append("  skip      skip the rest of this region (left out: not examined)")
    lines.append("  back      go back to the previous question")
    lines.append("  grid      the evidence by region and each category so far")
    lines.append("  ?         this help")
    lines.append("A name typed with a small typo is offered back to you to confirm.")
    return lines


# --- the state the answers build --------------------------------------------------------


def region_name(region: Region) -> str:
    return label("regions", region.value).split(" (")[0]


def step_region(step: str) -> Region | None:
    name, dot, _ = step.partition(".")
    return Region(name) if dot else None


def _step(region: Region, part: str) -> str:
    return f"{region.value}.{part}"


def _root_ordinal(root: str) -> tuple[int, int]:
    """Spinal roots numbered down the cord (C8 is next to T1); cranial nerves apart."""
    segment, number = root_sort_key(root)
    if segment == 0:
        return (0, number)
    offsets = {1: 0, 2: 8, 3: 20, 4: 25}  # C1-C8, T1-T12, L1-L5, S1-S5
    return (1, offsets[segment] + number)


def compact_roots(roots: frozenset[str] | tuple[str, ...]) -> str:
    """C5, C6, C7, C8, T1 reads as C5-T1: long root lists would not fit 80 columns."""
    groups: list[list[str]] = []
    for root in sorted(roots, key=root_sort_key):
        if groups:
            (ls, ln), (rs, rn) = _root_ordinal(groups[-1][-1]), _root_ordinal(root)
            if ls == rs and rn == ln + 1:
                groups[-1].append(root)
                continue
        groups.append([root])
    return ", ".join(g[0] if len(g) == 1 else f"{g[0]}-{g[-1]}" for g in groups)


def muscle_region(entry: dict[str, Any]) -> Region:
    known = catalogue().get(str(entry["muscle"]))
    return known.region if known is not None else Region(entry["region"])


def muscle_name(key: str) -> str:
    known = catalogue().get(key)
    return known.name if known is not None else key.replace("_", " ")


def describe_muscle(entry: dict[str, Any]) -> str:
    side = entry.get("side")
    where = f" ({side})" if side else ""
    found = [label("emg_findings", f).lower() for f in words("emg_findings") if entry.get(f)]
    return f"{muscle_name(str(entry['muscle']))}{where}: " + (
        ", ".join(found) if found else "normal"
    )


def _stem(text: str) -> str:
    return text.split(" (")[0]


def _signs_text(kind: str, values: tuple[str, ...], region: Region | None = None) -> str:
    """Signs in words; a sign on one side of a limb says which ("Weakness (left arm)")."""
    if not values:
        return "none"
    said = []
    for value in values:
        sign, _, side = value.partition(":")
        if side and region in LIMB_WORD:
            said.append(f"{_stem(label(kind, sign))} ({side} {LIMB_WORD[region]})")
        else:
            said.append(label(kind, sign))
    return ", ".join(said)


def _limb_hint(chosen: tuple[str, ...], region: Region | None) -> str:
    """Weakness and wasting put on different limbs: said at once, since Gold Coast then
    counts no clinical LMN in the region (A.2, per limb; Shefner 2020, S21)."""
    if region not in LIMB_WORD or not split_weakness_and_wasting(chosen):
        return ""
    limb = LIMB_WORD[region]
    return (
        f" Weakness and wasting are on different {limb}s: no {limb} is both weak and wasted, "
        "so Gold Coast counts no clinical LMN here (A.2, per limb); revised El Escorial and "
        "Awaji count either."
    )


def split_weakness_and_wasting(chosen: tuple[str, ...]) -> bool:
    """Weakness and wasting both recorded, never on one limb (signs without a side are on
    both): the case the criteria read as no weak, wasted limb for Gold Coast (A.2)."""
    both = {"weakness", "wasting"}
    whole = {v for v in chosen if ":" not in v}
    limbs = [whole | {v.partition(":")[0] for v in chosen if v.endswith(f":{s}")}
             for s in ("left", "right")]
    present = {v.partition(":")[0] for v in chosen}
    return both <= present and not any(both <= signs for signs in (whole, *limbs))


_SIDE_ORDER = {"": 0, "left": 1, "right": 2}


def _ordered_signs(kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Signs once each in the vocabulary's order, a side after both sides. A sign said for
    both sides (or for the left and the right) is recorded for the whole limb region, where
    the criteria count it on either limb."""
    chosen = set(values)
    for value in values:
        sign, _, side = value.partition(":")
        if side and (sign in chosen or {f"{sign}:left", f"{sign}:right"} <= chosen):
            chosen -= {f"{sign}:left", f"{sign}:right"}
            chosen.add(sign)

    return _sign_order(kind, tuple(chosen))


def _sign_order(kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Once each, in the vocabulary's order, a sign on both sides before one side."""
    order = words(kind)

    def key(value: str) -> tuple[int, int]:
        sign, _, side = value.partition(":")
        return (order.index(sign), _SIDE_ORDER[side])

    return tuple(sorted(set(values), key=key))


@dataclass
class State:
    """Everything entered so far; copied whole before each answer so `back` can restore it."""

    answers: dict[str, Any] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    muscles: list[dict[str, Any]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # muscles chosen, findings not yet given
    pending_sides: list[str | None] = field(default_factory=list)  # typed with them: fdi r
    side_given: bool = False
    pending_side: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)  # fields this form never asks
    # per region, what a resumed file gave that this form never asks (flags, sides, EMG
    # summaries): kept and saved as given, so resuming a registry case loses nothing
    region_extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)  # conduction blocks entered
    custom: dict[str, Any] | None = None  # a muscle outside the catalogue, being described
    anatomy: dict[str, dict[str, Any]] = field(default_factory=dict)  # custom key -> anatomy
    pending_block: dict[str, Any] | None = None  # nerve (and segment) given, rest not yet

    def done(self, step: str) -> bool:
        if step == ALTERNATIVE and self.answers.get("other_causes_excluded", True) is not False:
            return True  # asked only when other causes are not excluded
        return step in self.answers or step in self.skipped


@dataclass(frozen=True, slots=True)
class Outcome:
    said: str
    finished_region: Region | None = None


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


def _said(value: Any) -> str:
    """A whole-case answer in words, as the resume summary shows it."""
    if value is True or value is False or value is None:
        return {True: "yes", False: "no", None: "unknown / none"}[value]
    if isinstance(value, tuple):
        return ", ".join(_LIMBS.get(str(v), str(v)).lower() for v in value) or "none"
    return str(value)


def _limb_aliases(value: str) -> tuple[str, ...]:
    """"l arm", "rt leg", "left upper limb": how a limb is written in a hurry."""
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


def _region_entry(
    umn: tuple[str, ...] | None, lmn: tuple[str, ...] | None, extras: dict[str, Any]
) -> dict[str, Any]:
    """A region as Case JSON: signs for both sides on the region, a sign on one side in that
    side's own findings (the per-limb form registries use), beside what the file gave."""
    entry: dict[str, Any] = copy.deepcopy(extras)
    if umn is not None:
        entry["umn_signs"] = list(umn)
    if lmn is not None:
        entry["lmn_signs"] = [v for v in lmn if ":" not in v]
        for side in ("left", "right"):
            signs = [v.partition(":")[0] for v in lmn if v.endswith(f":{side}")]
            if signs:
                entry[side] = {**entry.get(side, {}), "lmn_signs": signs}
    return entry


def _read_lmn(findings: RegionFindings, kept: dict[str, Any]) -> tuple[str, ...] | None:
    """The LMN answer a file gives, sides included (taken out of `kept`), or None if the
    file leaves it open."""
    sided: list[str] = []
    for side, given in findings.sides:
        if "lmn_signs" not in given.model_fields_set:
            continue
        sided.extend(f"{sign}:{side}" for sign in given.lmn_signs)
        rest = {k: v for k, v in kept[side].items() if k != "lmn_signs"}
        if rest:
            kept[side] = rest
        else:
            del kept[side]
    given_here = "lmn_signs" in findings.model_fields_set
    if not given_here and not sided and "umn_signs" in findings.model_fields_set:
        return None
    return _sign_order("lmn_signs", (*findings.lmn_signs, *dict.fromkeys(sided)))


def _emg_closed_mark(findings: RegionFindings) -> bool:
    """`emg: null` on a region: its EMG list was closed in the walkthrough (see
    `Session._mark_closed_emg`)."""
    return "emg" in findings.model_fields_set and findings.emg is None


def _muscles_as_given(case: Case, given: Any) -> list[dict[str, Any]]:
    """The case's muscle entries as the file wrote them (already checked by the case
    model), or as the model reads them when no file is at hand."""
    written = given.get("emg") if isinstance(given, dict) else None
    if (
        isinstance(written, list)
        and len(written) == len(case.emg)
        and all(isinstance(m, dict) for m in written)
    ):
        return copy.deepcopy(written)
    return [m.model_dump(mode="json", exclude_none=True) for m in case.emg]


#: The roots in order down the neuraxis, so that a range (C5-T1) can be read.
_SPINAL = (
    *(f"C{n}" for n in range(1, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    *(f"S{n}" for n in range(1, 6)),
)
_CRANIAL = tuple(f"CN{n}" for n in range(1, 13))
_ROOT_RANGE = re.compile(r"^(?P<first>(?:CN|[CTLS])\d+)-(?P<last>(?:CN|[CTLS])?\d+)$")


def _root_range(part: str) -> list[str] | None:
    """"C6-C7", "C6-7", "C5-T1" (the catalogue's own way of writing roots) as the roots
    they span; None if the range is not one."""
    found = _ROOT_RANGE.match(part)
    if found is None:
        return None
    first, last = found["first"], found["last"]
    if last.isdigit():
        last = re.sub(r"\d+$", last, first)
    for order in (_SPINAL, _CRANIAL):
        if first in order and last in order and order.index(first) <= order.index(last):
            return list(order[order.index(first) : order.index(last) + 1])
    return None


def read_roots(text: str, region: Region) -> list[str] | Problem:
    """The roots typed for a muscle outside the catalogue, checked at once (hostile test
    17: "C6-C7" was taken, then the muscle refused after its nerve): ranges and lists read,
    each root one the region's muscles can have (data/anatomy.json)."""
    roots: list[str] = []
    for part in (p for p in re.split(r"[\s,;/+&]+|\band\b", text.upper()) if p):
        spanned = _root_range(part) if "-" in part else [part]
        if spanned is None or not all(ROOT_PATTERN.match(r) for r in spanned):
            return Problem(
                f"{part!r} is not a root or a range of roots; write them as C5, C6 or C5-C6 "
                "(CN1-CN12, C1-C8, T1-T12, L1-L5, S1-S5)."
            )
        roots.extend(r for r in spanned if r not in roots)
    if not roots:
        return Problem("a muscle outside the catalogue needs at least one root.")
    allowed = region_roots()[region]
    foreign = [r for r in roots if r not in allowed]
    if foreign:
        own = compact_roots(tuple(sorted(allowed, key=root_sort_key)))
        return Problem(
            f"{', '.join(foreign)} {'is not a root' if len(foreign) == 1 else 'are not roots'}"
            f" of the {region_name(region).lower()} region ({own}); type its roots again."
        )
    return roots


def _kept_findings(extras: dict[str, Any], part: str, region: Region) -> list[str]:
    """What a resumed file records for UMN or LMN beside the region's own sign list (a
    registry's yes/no flag, a side's signs): said in the summary, never shown as none,
    since the criteria count them (hostile test 7)."""
    said: list[str] = []
    flag = {True: "yes", False: "no", None: "unknown"}
    if part in extras:
        said.append(f"{flag[extras[part]]} (the file's flag; signs not named)")
    for side in ("left", "right"):
        given = extras.get(side, {})
        where = f"{side} {LIMB_WORD.get(region, 'side')}"
        signs = given.get(f"{part}_signs")
        if signs:
            named = ", ".join(_stem(label(f"{part}_signs", sign)) for sign in signs)
            said.append(f"{named} ({where})")
        if part in given:
            said.append(f"{flag[given[part]]} for the {where} (the file's flag)")
    return said


def _describe_block(block: dict[str, Any]) -> str:
    where = "at an entrapment site" if block.get("at_entrapment_site") else "not at entrapment"
    return f"conduction block: {block['nerve']} ({block['segment']}), {where}"


class Session:
    """The walkthrough's state machine: ask `question()`, then `apply`, `skip` or `back`."""

    def __init__(self, state: State | None = None, history: list[State] | None = None) -> None:
        self.state = state or State()
        self._history: list[State] = history or []

    # -- resuming ---------------------------------------------------------------------

    @classmethod
    def from_case(cls, case: Case, written: Any = None) -> Session:
        """Resume: what the case says counts as answered; everything else is asked.

        `written` is the file's JSON the case was read from: its muscle entries are kept as
        written (a nerve "Radial (PIN)" is not rewritten "radial (pin)", keys keep their
        order), so saving a resumed case changes nothing the clinician did not change."""
        state = State()
        given = case.model_dump(mode="json", exclude_unset=True)
        asked: tuple[str, ...] = (*PREREQUISITES, "id", "motor_symptoms", "regions", "emg")
        asked = (*asked, "contraindications", "nerve_conduction")
        state.extras = {k: v for k, v in given.items() if k not in asked}
        for name in (*PREREQUISITES, "id", "motor_symptoms"):
            if name in case.model_fields_set:
                state.answers[name] = getattr(case, name)
        limits = case.contraindications
        for name in limits.model_fields_set:
            value = getattr(limits, name)
            if name in ("lymphedema", "skin_infection"):
                value = tuple(f"{site.region.value}:{site.side}" for site in value)
            state.answers[name] = value
        ncs = case.nerve_conduction
        for name in ncs.model_fields_set:
            if name == "conduction_block":
                state.blocks = [b.model_dump(mode="json") for b in ncs.conduction_block]
                state.answers[name] = True
            else:
                state.answers[name] = getattr(ncs, name)
        present = [r for r in REGION_ORDER if r in case.regions]
        marked: set[Region] = set()  # a region's EMG list closed, said by `emg: null`
        for region in present:
            findings = case.regions[region]
            kept = findings.model_dump(mode="json", exclude_unset=True)
            kept = {k: v for k, v in kept.items() if k not in ("umn_signs", "lmn_signs")}
            if _emg_closed_mark(findings):
                marked.add(region)
                del kept["emg"]
            lmn = _read_lmn(findings, kept)
            if kept:
                state.region_extras[region.value] = kept
            keys = findings.model_fields_set & {"umn_signs", "lmn_signs"}
            # A region given as {} was examined and nothing was found.
            if "umn_signs" in keys or not keys:
                state.answers[_step(region, "umn")] = findings.umn_signs
            if lmn is not None:
                state.answers[_step(region, "lmn")] = lmn
        # The walkthrough asks the safety and nerve conduction questions after every region.
        examined_all = any(name in state.answers for name in (*SAFETY, *CONDUCTION))
        # `emg: []` is written only once a region's EMG question is answered: with one region
        # in the file, that answer was this region's "none" (hostile test 5).
        only = len(present) == 1 and "emg" in case.model_fields_set and not case.emg
        for i, region in enumerate(present):
            later = i + 1 < len(present) or examined_all or only or region in marked
            clinical = all(state.done(_step(region, p)) for p in ("umn", "lmn"))
            # The walkthrough moves down the regions, so a later region (or an answer after
            # the regions) means this region's EMG was finished; otherwise the last region's
            # EMG is asked again ("done" if complete).
            if clinical and later and "emg" in case.model_fields_set:
                state.answers[_step(region, "emg")] = True
            elif clinical and later:  # finished without a muscle list: nothing to write
                state.skipped.add(_step(region, "emg"))
        state.muscles = _muscles_as_given(case, written)
        if STEPS[-1] in state.answers:
            # The last question is answered: the walkthrough went through to the end, so
            # whatever the file leaves out was skipped there (a region: not examined).
            state.skipped.update(step for step in STEPS if not state.done(step))
        # A region the file leaves out is asked: resuming asks exactly what is still open.
        # `back` may undo the answers read from the file, up to the first open question.
        history: list[State] = []
        prefix: list[str] = []
        for step in STEPS:
            if not state.done(step):
                break
            if step in state.answers or step in state.skipped:  # the other cause, unasked: no
                prefix.append(step)
        for k in range(len(prefix)):
            earlier = copy.deepcopy(state)
            for step in prefix[k:]:
                earlier.answers.pop(step, None)
                earlier.skipped.discard(step)
            history.append(earlier)
        return cls(state, history)

    # -- what to ask ------------------------------------------------------------------

    def question(self) -> Question | None:
        """The first open question in clinical order, or None when the case is complete."""
        for step in STEPS:
            if self.state.done(step):
                continue
            region = step_region(step)
            if region is None:
                return self._case_question(step)
            return self._region_question(region, step.split(".")[1])
        return None

    def _case_question(self, step: str) -> Question:
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
        return self._block_question()

    def _block_question(self) -> Question:
        """The conduction-block loop: nerve, segment, entrapment site; then another?"""
        pending = self.state.pending_block
        recorded = tuple(_describe_block(b) for b in self.state.blocks)
        if pending is None:
            again = bool(self.state.blocks)
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

    def _region_question(self, region: Region, part: str) -> Question:
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
        recorded = tuple(describe_muscle(m) for m in self.region_muscles(region))
        custom = self.state.custom
        if custom is not None:
            asked = {
                "muscle": ("Name of the muscle, as your laboratory writes it?", "Muscle name"),
                "roots": ("Its roots (for example C5, C6)?", "Muscle roots"),
                "nerve": ("Its peripheral nerve (for example radial)?", "Muscle nerve"),
            }
            missing = next(k for k in asked if k not in custom)
            text, prompt = asked[missing]
            return Question(step, Kind.TEXT, region, text, prompt, (), False, recorded)
        if self.state.pending:
            key = self.state.pending[0]
            muscle = muscle_name(key)
            if not self.state.side_given:
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
            side = f" ({self.state.pending_side})" if self.state.pending_side else ""
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

    def region_muscles(self, region: Region) -> list[dict[str, Any]]:
        return [m for m in self.state.muscles if muscle_region(m) is region]

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
            return Outcome(
                f"Now entering {names}: {asked} for each." + _level_hint(keys)
            )
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

    # -- reading the state back -------------------------------------------------------

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
                    prompt = self._case_question(step).prompt
                    lines.append(f"{prompt}: {_said(state.answers[step])}")
                continue
            part = step.split(".")[1]
            name = region_name(region)
            if part == "umn" and all(_step(region, p) in state.skipped for p in PARTS):
                lines.append(f"{name}: not examined (left out)")
                continue
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
                if recorded or step in state.answers:
                    shown = "; ".join(describe_muscle(m) for m in recorded) or "no muscles"
                    more = "" if step in state.answers else " (more may be added)"
                    lines.append(f"{name} EMG: {shown}{more}")
        return lines

    def _mark_closed_emg(self, regions: dict[str, Any], emg_written: bool) -> None:
        """Say in the file that the last region's EMG list was closed (`done`, `none` or
        skip) when nothing else in the file says so: `emg: null` on that region.

        Resuming reads a region's EMG as finished when a later region, or an answer after
        the regions, is in the file; a session stopped at the next region's first question
        leaves neither, and the closed list was offered again (issue 27). The Case has a
        place for this already: a region's `emg` is its EMG conclusion, and null is no
        conclusion, which the criteria read as not given, so the category cannot change and
        no key is added to the Case contract. It is written only where the order of the
        file cannot tell (a complete case carries none), so other files stay as they were.
        """
        state = self.state
        present = [r for r in REGION_ORDER if r.value in regions]
        if not present or any(name in state.answers for name in (*SAFETY, *CONDUCTION)):
            return
        last = present[-1]
        entry = regions[last.value]
        closed = state.done(_step(last, "emg")) and all(
            _step(last, part) in state.answers for part in ("umn", "lmn")
        )
        # one region, `emg: []`: that answer was this region's none (read without a mark)
        said = len(present) == 1 and emg_written and not state.muscles
        if closed and not said and "emg" not in entry:
            entry["emg"] = None

    @property
    def has_data(self) -> bool:
        state = self.state
        return bool(state.answers or state.muscles or state.extras or state.region_extras)

    @property
    def unfinished_muscles(self) -> list[str]:
        """Muscles chosen but without findings yet: not saved, since findings are unknown."""
        return [muscle_name(k) for k in self.state.pending]

    def case_dict(self) -> dict[str, Any]:
        """The case so far in the exact JSON format `alscriteria evaluate` reads.

        Only answered steps are written, so resuming the file asks the rest; a region with
        no answered step is left out, which the criteria read as not examined.
        """
        state = self.state
        out: dict[str, Any] = {}
        if "id" in state.answers:  # none is written as null, so resuming does not ask again
            out["id"] = state.answers["id"]
        for name in (*PREREQUISITES, "motor_symptoms"):
            if name in state.answers:
                out[name] = state.answers[name]
        regions: dict[str, Any] = {}
        for region in REGION_ORDER:
            entry = _region_entry(
                state.answers.get(_step(region, "umn")),
                state.answers.get(_step(region, "lmn")),
                state.region_extras.get(region.value, {}),
            )
            if entry:
                regions[region.value] = entry
        emg_answered = any(_step(r, "emg") in state.answers for r in REGION_ORDER)
        self._mark_closed_emg(regions, emg_written=bool(state.muscles or emg_answered))
        if regions:
            out["regions"] = regions
        if state.muscles or emg_answered:
            out["emg"] = copy.deepcopy(state.muscles)
        limits: dict[str, Any] = {}
        for name in SAFETY:
            if name not in state.answers:
                continue
            value = state.answers[name]
            if name in ("lymphedema", "skin_infection"):
                value = [dict(zip(("region", "side"), v.split(":"), strict=True)) for v in value]
            limits[name] = value  # a device side of none is null: answered, not asked again
        if limits:
            out["contraindications"] = limits
        conduction: dict[str, Any] = {}
        if state.blocks or "conduction_block" in state.answers:
            conduction["conduction_block"] = copy.deepcopy(state.blocks)
        for name in CONDUCTION[1:]:
            if name in state.answers:
                conduction[name] = state.answers[name]
        if conduction:
            out["nerve_conduction"] = conduction
        for key, value in state.extras.items():
            out[key] = copy.deepcopy(value)
        return out


__all__ = [
    "PREREQUISITES",
    "STEPS",
    "Answer",
    "Choice",
    "Control",
    "Kind",
    "Outcome",
    "Parsed",
    "Pick",
    "Problem",
    "Question",
    "Session",
    "State",
    "compact_roots",
    "help_lines",
    "normalise",
    "parse",
    "region_name",
]
