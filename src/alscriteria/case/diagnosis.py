"""The alternative diagnosis field: a recorded cause is read as one only when it names
something; placeholders and ALS itself are refused.
"""

from __future__ import annotations

import re

from alscriteria.files.json_input import shown

#: Words that answer "was another cause found?" without naming one: a text made only of
#: them ("None so far", "nil found", "N/A", "not yet known") is a form's filler, which as a
#: diagnosis would fail the prerequisites of a patient with none (compared after `_as_words`).
# fmt: off
NOT_A_CAUSE_WORDS = frozenset({
    "a", "any", "applicable", "as", "cause", "causes", "detected", "excluded", "far", "found",
    "identified", "is", "known", "n", "na", "nad", "nah", "nil", "no", "none", "nope", "not",
    "nothing", "ok", "other", "pending", "so", "tbc", "tbd", "there", "unknown", "y", "yeah",
    "yep", "yes", "yet", "0", "false", "true", "null", "negative", "normal", "alternative",
    "diagnosis", "diagnoses", "see", "notes", "ruled", "out", "k", "nk", "to", "be",
    "determined", "confirmed", "seen", "date",
})

#: A first word that says the work-up is still going on ("awaiting MRI"): not a cause found.
_PENDING = frozenset({"awaiting", "pending", "tbc", "tbd", "query", "await"})

#: The diagnosis the criteria test (and its forms): never "another cause" of the findings.
_ALS_NAMES = frozenset({
    "als", "mnd", "als mnd", "motor neuron disease", "motor neurone disease",
    "amyotrophic lateral sclerosis", "pls", "primary lateral sclerosis", "pma",
    "progressive muscular atrophy", "pbp", "progressive bulbar palsy", "probable als",
    "possible als", "definite als", "suspected als", "clinically definite als",
})

def _as_words(text: str) -> str:
    """Case, punctuation and dashes are how forms differ, not what they say ("N/A." is "na")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())

def placeholder_diagnosis(text: str) -> bool:
    """Whether a form's filler ("None found", "n/a.", "-", "none so far", "awaiting MRI")
    stands where a diagnosis belongs."""
    tokens = _as_words(text).split()
    if not tokens or set(tokens) <= NOT_A_CAUSE_WORDS or tokens[0] in _PENDING:
        return True
    return "".join(tokens) in NOT_A_CAUSE_WORDS | _PENDING  # initials: "T.B.D.", "N.A.D."

def als_named(text: str) -> bool:
    """Whether the text names ALS or one of its forms, which cannot be the other cause."""
    return _as_words(text) in _ALS_NAMES


def diagnosis_refusal(value: str) -> str | None:
    """Why a recorded alternative diagnosis cannot be read as one (blank, a form's filler,
    ALS itself), or None: one text for the model's validator and the fast reading, which
    declines whatever this refuses."""
    if not value.strip():
        return (
            "an empty text; name the other cause found (e.g. 'L5 radiculopathy on MRI'), "
            "or leave the field out"
        )
    if placeholder_diagnosis(value):
        return (
            f"{shown(value)} is not a diagnosis: it would fail the prerequisites; when no "
            "other cause is found (or the work-up is still going on) leave the field out "
            "(or null), with other_causes_excluded false or unknown"
        )
    if als_named(value):
        return (
            f"{shown(value)} is the disease the criteria test, not another cause of the "
            "findings: leave the field out; the categories say how far the findings go"
        )
    return None
