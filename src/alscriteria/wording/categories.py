"""Categories, prerequisites and shortfalls in words: what a result is, and what it lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alscriteria.assess.models.explanations import Shortfall
from alscriteria.wording.common import plural

CATEGORY = {
    "definite": "Definite ALS",
    "probable": "Probable ALS",
    "probable-laboratory-supported": "Probable ALS, laboratory-supported",
    "possible": "Possible ALS",
    "als": "ALS (criteria met)",
    "not-met": "Criteria not met",
}

#: The cohort summary's "criteria met" row (a batch run's `met` counts): an Assessment is
#: met when its category is anything but not met (criteria.md A.3, "Choosing the
#: category"), so Possible ALS counts as met. Said where the count is shown, since "criteria
#: met" alone reads as Probable or Definite to many clinicians.
MET_COUNT = "Criteria met (Possible ALS counts)"

MET_COUNT_MEANING = (
    "Criteria met counts every patient whose category is above Criteria not met: under "
    "revised El Escorial and Awaji that includes Possible ALS, under Gold Coast it is ALS "
    "(docs/criteria.md A.3). Criteria met in the comparisons below counts the same way."
)

#: A missing prerequisite, as "not met until ..." finishes it.
PREREQUISITE = {
    "progression": "progression is documented",
    "other_causes_excluded": "other causes are excluded",
    "alternative_diagnosis": "the other cause recorded is set aside",
}

#: A missing prerequisite in a few words (a table cell).
PREREQUISITE_SHORT = {
    "progression": "progression",
    "other_causes_excluded": "other causes excluded",
    "alternative_diagnosis": "another cause recorded",
}

#: Each shortfall: its sentence, and the noun its counts are of (for "1 region").
SHORTFALL: dict[str, tuple[str, str]] = {
    "progression": ("progression must be documented (now: {have})", ""),
    "other_causes_excluded": ("other causes must be excluded (now: {have})", ""),
    "regions_with_umn_and_lmn": (
        "UMN and LMN signs together in at least {need} (have {have})",
        "region",
    ),
    "umn_regions": ("UMN signs in at least {need} (have {have})", "region"),
    "lmn_regions": ("LMN signs in at least {need} (have {have})", "region"),
    "regions_with_umn_or_lmn": (
        "UMN or LMN signs spanning at least {need} (have {have})",
        "region",
    ),
    "emg_regions": ("EMG evidence of LMN involvement in at least {need} (have {have})", "region"),
    "emg_limbs": ("EMG evidence of LMN involvement in at least {need} (have {have})", "limb"),
    "umn_rostral_to_lmn": (
        "some UMN signs rostral to LMN signs (highest UMN region: {have}; lowest LMN region: "
        "{need})",
        "",
    ),
    "highest_finding_is_umn": (
        "the most rostral finding must be a UMN sign (highest UMN region: {have}; highest LMN "
        "region: {need})",
        "",
    ),
    "lmn_rostral_to_umn": (
        "LMN signs rostral to UMN signs (highest LMN region: {have}; lowest UMN region: {need})",
        "",
    ),
}

#: Rule statements written for the audit (they name a reading), in the reader's words; keyed
#: by the rule's last id part and the category it grants. The rule ids stay in the JSON.
RULE_IN_WORDS: dict[tuple[str, str | None], str] = {
    ("possible_residual", "possible"): (
        "UMN and LMN signs are both present, in a pattern no listed clause covers; this tool "
        "calls it Possible (reading 'gap')."
    ),
    ("possible_residual", "not-met"): (
        "UMN and LMN signs are both present, in a pattern no listed clause covers; with the "
        "reading 'gap' set to unclassified, no category."
    ),
}


def rule_words(rule: str, grants: str | None, statement: str) -> str:
    """A fired rule's statement as the reader is told it (see RULE_IN_WORDS)."""
    return RULE_IN_WORDS.get((rule.rsplit(".", 1)[-1], grants), statement)


def also_met(fired: Sequence[tuple[str, str | None, str]]) -> str:
    """The other clauses that fired, in words ("" when none): the residual rule (A.3.4 gap)
    applies only where no listed clause does, so beside one it is not a clause met."""
    said = [
        f"{statement.rstrip('.')} ({category_in_sentence(grants)})"
        for rule, grants, statement in fired
        if grants not in (None, "not-met") and not rule.endswith(".possible_residual")
    ]
    return ("Other clauses also met: " + "; ".join(said) + ".") if said else ""


READING = {
    "probable": "Probable: UMN and LMN regions counted",
    "rostral": "Rostral: which pairs",
    "rostral_same_region": "Rostral within one region",
    "gap": "UMN-above-LMN gap",
    "lab_supported_emg": "Laboratory-supported EMG scope",
    "root_independence": "Root independence",
    "accessory_muscles": "Sternocleidomastoid and trapezius region",
}

#: A category inside a sentence ("would give ..."), where "(criteria met)" would not read.
CATEGORY_IN_SENTENCE = {"als": "ALS by the Gold Coast criteria"}


def category(value: str) -> str:
    return CATEGORY[value]


def category_in_sentence(value: str) -> str:
    return CATEGORY_IN_SENTENCE.get(value, category(value))


def shortfall(code: str, have: object, need: object) -> str:
    """A shortfall in words; an unknown code raises KeyError (never its code words shown)."""
    # a prerequisite left unset is unknown; a region comparison's None is "no such region"
    unset = "unknown" if code in PREREQUISITE else "none"
    shown = {
        True: "yes",
        False: "no",
        "true": "yes",
        "false": "no",
        None: unset,
        "alternative_diagnosis": "another cause recorded",  # other causes: one is recorded
    }
    template, noun = SHORTFALL[code]

    def say(value: object) -> object:
        return shown.get(value, value) if isinstance(value, bool | str | None) else value

    wanted = plural(need, noun) if noun and isinstance(need, int) else say(need)
    return template.format(have=say(have), need=wanted)


@dataclass(frozen=True)
class MissingWords:
    """What a category lacks, as a reader is told it: a title that says how the lines
    combine, and the lines as (text, codes). The prerequisites are all required; the rules of
    one category are alternatives (A.3: any one clause grants it)."""

    title: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]
    #: For a reader that lays the two kinds apart (the web page): the title's head ("Missing
    #: for Possible ALS"), how many of the first lines are prerequisites (all required), and
    #: how the rest combine ("any one of:" or "all of:").
    head: str = ""
    prerequisites: int = 0
    how: str = ""


#: The prerequisites' own heading where they are listed apart from the rules (A.3: every
#: prerequisite is required, whichever rule grants the category).
PREREQUISITES_ALL = "the prerequisites, each required:"

#: The rules' heading after the prerequisites' list, as the title words it.
RULES_AFTER = "and {how}"

#: How a prerequisite's line begins where it is listed among the rules' lines.
PREREQUISITE_LINE = "Prerequisite: "


def missing_summary(words: MissingWords, shown: int = 2) -> str:
    """What a category lacks in one sentence (the chart page's verdict line): the
    prerequisites named together as each required, then the first `shown` alternative
    rules. Listing "Prerequisite: ..." lines after "any one of:" read as if a prerequisite
    were one of the alternatives (the session 13 hostile test)."""
    gate = [text.removeprefix(PREREQUISITE_LINE) for text, _ in words.lines[: words.prerequisites]]
    rules = [text for text, _ in words.lines[words.prerequisites :]]
    parts = []
    if gate:
        parts.append(f"the prerequisites, each required ({'; '.join(gate)})")
    if rules:
        more = len(rules) - shown
        listed = "; ".join(rules[:shown]) + (f"; and {more} more" if more > 0 else "")
        parts.append(f"{words.how} {listed}" if words.how else listed)
    return f"{words.head}: " + ", and ".join(parts) + "." if parts else ""


def missing_words(shortfalls: Sequence[Shortfall], target: str | None) -> MissingWords:
    """ "Missing for Possible ALS: the prerequisites, and any one of:", then one line per
    prerequisite and one per alternative rule (its unmet requirements joined by "and")."""
    lines: list[tuple[str, tuple[str, ...]]] = []
    rules: dict[str, list[Shortfall]] = {}
    for s in shortfalls:
        if s.category is None:
            lines.append((PREREQUISITE_LINE + shortfall(s.code, s.have, s.need), (s.code,)))
        else:
            rules.setdefault(s.rule, []).append(s)
    gate = len(lines)
    alternatives: list[tuple[str, tuple[str, ...]]] = []
    for rule, unmet in rules.items():
        said = [shortfall(s.code, s.have, s.need) for s in unmet]
        codes = tuple(s.code for s in unmet)
        residual = rule.endswith(".possible_residual")
        label = GAP_SHORTFALL if residual else ""
        if residual and len(rules) > 1:
            # beside the clauses, the residual rule adds only the pattern they leave out
            alternatives.append((GAP_PATTERN, codes))
        elif len(rules) == 1:
            alternatives.extend(
                (text + label, (code,)) for text, code in zip(said, codes, strict=True)
            )
        else:
            alternatives.append((" and ".join(said) + label, codes))
    for line in alternatives:
        if line[0] not in [text for text, _ in lines]:
            lines.append(line)
    how = ("any one of:" if len(rules) > 1 else "all of:") if rules else ""
    joined = ", and ".join(part for part in ("the prerequisites" if gate else "", how) if part)
    head = f"Missing for {category_in_sentence(target)}" if target else "Missing"
    return MissingWords(
        f"{head}: {joined}" if joined else head,
        tuple(lines),
        head=head,
        prerequisites=gate,
        how=how,
    )


def why_not_probable(shortfalls: Sequence[Shortfall]) -> MissingWords | None:
    """Why the findings are not Probable when the next rung is laboratory-supported
    (A.3.1.2, A.3.1.3): every line is required."""
    if not shortfalls:
        return None
    return MissingWords(
        f"Why not {category('probable')}: each of these is missing:",
        tuple((shortfall(s.code, s.have, s.need), (s.code,)) for s in shortfalls),
    )


#: A shortfall of the residual rule (A.3.4 gap), as a "missing" line ends: the category it
#: leads to rests on the reading, not on a clause of the criteria.
GAP_SHORTFALL = (
    ", Possible only by the 'gap' reading: with UMN signs only above LMN signs the criteria "
    "give no category, and this tool calls it Possible"
)

#: The residual rule as one alternative among the clauses (A.3.4 gap): what it adds is the
#: one pattern no clause names.
GAP_PATTERN = (
    "UMN signs only in a region above the regions with LMN signs (for example bulbar UMN "
    "signs and LMN signs in the legs): the criteria give this pattern no category; Possible "
    "only by the 'gap' reading"
)
