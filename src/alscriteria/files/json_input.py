"""Reading JSON that people and registries hand us, refusing what would silently change it.

Python's json module takes the last of two equal keys, reads NaN, and fails on deep nesting
or huge numbers with exceptions that are not about the input's meaning. A second
`"cervical": {}` would erase the findings of the first without a word, so every JSON input
of alscriteria goes through here: equal keys, NaN and Infinity, nesting past a clinical
case's depth and numbers of absurd length are errors that say so.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from alscriteria.errors import InvalidInputError

#: How much of a bad value a message repeats.
SHOWN = 60


def shown(value: object, limit: int = SHOWN) -> str:
    """A value for a message: its repr, cut to `limit` characters. An integer too long for
    Python to write out is described, not shown (its repr would raise). null, true and false
    are shown as the JSON the user wrote, not as Python's None, True and False."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    try:
        text = repr(value)
    except ValueError:
        if isinstance(value, int):
            return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        return f"a {type(value).__name__} that cannot be shown"
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def json_kind(value: object) -> str:
    """What a value is in JSON's own words ("an array", "null"), for a message that refuses
    it: a JSON user never wrote Python's list or NoneType."""
    if value is None or isinstance(value, bool):
        return shown(value)
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text (a leading byte-order mark is dropped); anything else is an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInputError(f"{where}: the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{where}: not UTF-8 text (byte {exc.start + 1} is {data[exc.start]:#04x}); "
            "save the file as UTF-8"
        ) from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """One object, refused when a key repeats. Built by `dict` in C and only then compared
    (a repeat makes it shorter): a Python loop over every pair of every object was most
    of the time a case file took to read."""
    out = dict(pairs)
    if len(out) != len(pairs):
        _refuse_repeat(pairs)
    return out


def _refuse_repeat(pairs: list[tuple[str, Any]]) -> None:
    """The error for the first key that repeats, in the order the object gives them."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Refused(
                f"the key {shown(key)} appears twice in one object (the second would "
                "silently replace the first)"
            )
        seen.add(key)


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value")


class _Refused(ValueError):
    pass


#: The strict decoder, made once: `json.loads` with these options makes a decoder for every
#: text (a cohort reads one text a record). Its C scanner keeps no state between texts but
#: an interning memo of keys, which only saves memory: texts decoded from several threads
#: at once are decoded right.
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)


def _decoded(text: str) -> Any:
    """What `json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)` gives, or
    raises, from the decoder made once."""
    if not isinstance(text, str):
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    if text.startswith("\ufeff"):  # json.loads' own refusal, word for word
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


def loads(text: str, where: str) -> Any:
    """Parse JSON text strictly; `where` names the input in messages (a path, "line 7")."""
    try:
        return _decoded(text)
    except _Refused as exc:
        raise InvalidInputError(f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{where}: JSON nested too deeply to be a case") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        if "integer string conversion" in str(exc):
            raise InvalidInputError(
                f"{where}: not usable JSON (a number of more than "
                f"{sys.get_int_max_str_digits():,} digits; no field of a case or history "
                "takes one)"
            ) from None
        raise InvalidInputError(f"{where}: not usable JSON ({shown(str(exc), 120)})") from None


__all__ = ["decode_text", "json_kind", "loads", "shown"]
