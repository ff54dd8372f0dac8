"""The answer grammar: what a clinician types at a question, read into choices.

Numbers, ranges, names and their starts, aliases heard in the EMG lab, a side typed with a
sign or a muscle ("weakness r", "fdi l"), control words (back, skip, ?, grid), and the
free-text prompts that must not take a typo of yes or none as a diagnosis or a nerve. The
side grammar and the name matching call each other (a sided token is matched as a name),
so they live in one module of about 500 lines rather than two that import each other.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from alscriteria.anatomy.catalogue import (
    ROOT_PATTERN,
    Muscle,
    catalogue,
    region_roots,
    resolve_muscle,
    root_sort_key,
)
from alscriteria.anatomy.regions import Region
from alscriteria.case.diagnosis import NOT_A_CAUSE_WORDS, als_named, placeholder_diagnosis
from alscriteria.cli.walkthrough.steps import (
    ALTERNATIVE,
    BLOCK_NERVE,
    LIMB_WORD,
    OTHER_MUSCLE,
    Choice,
    Kind,
    Question,
    _stem,
    compact_roots,
    region_name,
)


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
_DENIALS = frozenset(
    {"n", "na", "nad", "nah", "nil", "no", "none", "nope", "not", "nothing", "negative", "normal"}
)

#: Words that only say what is asked at the block prompt ("no block", "no conduction block").
_BLOCK_WORDS = frozenset({"block", "blocks", "conduction", "cb", "motor"})


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
            return Problem(f"{typed!r}: give each number its side (1 r, 2 r) or a range (1-2 r).")
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
        return Problem(f"{token!r}: a side is recorded for {where} only; type the sign without it.")
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
        Pick(
            p.typed,
            Choice(f"{p.choice.value}:{side}", f"{_stem(p.choice.label)} ({limb})"),
            p.exact,
        )
        for p in picks
    ]


def parse(question: Question, text: str) -> Parsed:
    """Read one line typed at `question`: numbers, names, or a control word."""
    said = " ".join(text.strip().lower().split())
    if not said and question.kind in (Kind.TRISTATE, Kind.YESNO):
        # none is refused at a yes/no question (it could mean no or not known): never hint it
        allowed = ", ".join(c.value for c in question.choices)
        return Problem(f"Please answer: type {allowed} (or skip; ? for help).")
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
    """ "C6-C7", "C6-7", "C5-T1" (the catalogue's own way of writing roots) as the roots
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


__all__ = [
    "Answer",
    "Control",
    "Parsed",
    "Pick",
    "Problem",
    "given_side",
    "help_lines",
    "normalise",
    "parse",
    "read_roots",
    "sided",
]
