"""The words a Case accepts: closed vocabularies with the nearest valid spelling offered,
the yes/no/unknown answers, and bounded free text."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import BeforeValidator, Field, StrictBool, WithJsonSchema

from alscriteria.anatomy.catalogue import case_limits
from alscriteria.anatomy.vocabulary import words


def nearest(value: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    found = difflib.get_close_matches(value.strip().lower(), list(allowed), n=1, cutoff=0.6)
    return found[0] if found else None


def spelling_hint(value: str, allowed: tuple[str, ...] | list[str]) -> str:
    found = nearest(value, allowed)
    return f" (did you mean {found!r}?)" if found else ""


#: Which vocabulary a field's words come from, and what one of them is called in a message.
WORD_FIELDS: dict[str, tuple[str, str]] = {
    "umn_signs": ("umn_signs", "UMN sign"),
    "lmn_signs": ("lmn_signs", "LMN sign"),
    "side": ("sides", "side"),
    "cardiac_device_side": ("sides", "side"),
}


def words_type(kind: str) -> Any:
    """The vocabulary as a Literal, so pydantic-core checks it without calling Python."""
    return Literal.__getitem__(words(kind))


if TYPE_CHECKING:
    UmnSign: TypeAlias = str
    LmnSign: TypeAlias = str
    Side: TypeAlias = str
else:
    UmnSign = words_type("umn_signs")
    LmnSign = words_type("lmn_signs")
    Side = words_type("sides")

#: How registries and clinicians write a yes/no/unknown answer (JSON as in CSV).
TRISTATE_WORDS: dict[str, bool | None] = {
    "yes": True,
    "true": True,
    "no": False,
    "false": False,
    "unknown": None,
}

TRISTATE_ALLOWED = "true, false, null (or the words yes, no, unknown)"


def _tristate_word(value: Any) -> Any:
    """Clinicians write "unknown" or "yes"; the model keeps true, false or null (unknown)."""
    if isinstance(value, str):
        return TRISTATE_WORDS.get(value.strip().lower(), value)
    return value


TriState = Annotated[
    StrictBool | None,
    BeforeValidator(_tristate_word),
    WithJsonSchema(
        {
            "type": ["boolean", "null", "string"],
            "enum": [True, False, None, *TRISTATE_WORDS],
            "description": "true, false or null (unknown); yes, no and unknown are read too",
        }
    ),
]

LIMITS = case_limits()

#: Free text from the input (ids, custom muscle and nerve names): bounded, one line.
BoundedText = Annotated[str, Field(max_length=LIMITS["text"])]
