"""One JSON encoder for the documents the package writes: pydantic-core's (compiled), with
the very bytes the standard library's `json` wrote before.

`json.dumps(..., indent=2)` falls back to the pure-Python encoder (on 3.11 eight times
slower than pydantic-core's), and `model_dump(mode="json")` then `json.dumps` builds every
document twice. pydantic-core writes the same JSON but for three spellings, each put back
here so that no document changes a byte: it writes non-ASCII characters (and DEL) as
themselves where `json.dumps` escapes them (`ensure_ascii`), and it may spell a float
differently (`0.00001` where Python writes `1e-05`). Non-ASCII is escaped afterwards (when
the writer asked for `ensure_ascii`); a document with a number that could be spelt
differently (rare: the package's documents carry few floats) is written by `json` itself.
One spelling is not put back: a dict key None, which `json` writes "null" and pydantic-core
"None". Every key the package writes is text (model fields, column names, JSON read in).

Every JSON document the package writes goes through here: the CLI's `--json`, the batch
rows, errors rows, kept cells and summary, the walkthrough's saved case and history, and
the web API's answers and refusals. Only the rule engine's own facts (rules/engine.py,
which durable_rules reads, not a person) use `json` directly.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import pydantic_core

#: The codec error handler that writes a character `ascii` cannot hold as `json.dumps`
#: escapes it. Encoding to ASCII with it escapes a document's non-ASCII in one pass in C
#: (the handler is called once per run of such characters), some three times quicker on
#: the package's documents than a regular expression's substitution.
_ESCAPE_HANDLER = "alscriteria.json-escape"
#: pydantic-core's spelling of a float where Python's differs: 1e-6 <= |x| < 1e-4 written
#: out (`0.000099` for `9.9e-05`), or a one-digit negative exponent (`1e-7` for `1e-07`).
#: Larger exponents and every other float are spelt alike. A false alarm (the same letters
#: inside a string) only costs the slower path.
_SMALL_FRACTION = b"0.0000"
_EXPONENT = b"e-"
_DIGITS = b"0123456789"

#: One byte 1-9 (a slice of one byte is looked up; an empty slice, at the end, is not in it).
_NONZERO = frozenset(bytes([d]) for d in b"123456789")
#: One byte 0-9: a digit after the first makes the exponent two digits, spelt alike.
_NEXT_DIGIT = frozenset(bytes([d]) for d in _DIGITS)


def _short_exponent(raw: bytes) -> bool:
    """Whether `raw` holds a digit, "e-", one digit and no other (`1e-7`). A loop over the
    few "e-" a document holds (a word's end and a hyphen, mostly): a regular expression
    would read every byte in Python's matcher, a third of the encoder's own time."""
    at = raw.find(_EXPONENT)
    while at != -1:
        if (
            at > 0
            and raw[at - 1] in _DIGITS
            and raw[at + 2 : at + 3] in _NONZERO
            and raw[at + 3 : at + 4] not in _NEXT_DIGIT
        ):
            return True
        at = raw.find(_EXPONENT, at + 2)
    return False


def _spelt_alike(raw: bytes) -> bool:
    """Whether every number in `raw` is spelt as `json.dumps` spells it.

    Infinity and NaN need no look: `inf_nan_mode="constants"` spells them as `json` does,
    and no model of the package sets its own `ser_json_inf_nan` (which `to_json` would
    follow and `model_dump(mode="json")` would not; tests/test_json_writers.py holds that).
    Each look reads the whole document (some 20 us for a case's results), so there are
    only the two that can find a difference.
    """
    return not (_SMALL_FRACTION in raw or _short_exponent(raw))


def _escaped(code: int) -> str:
    """One character as `json.dumps` escapes it: \\uXXXX, a surrogate pair above U+FFFF."""
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _escape_run(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: a run of non-ASCII characters, escaped."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start : error.end]
    return "".join(_escaped(ord(character)) for character in run), error.end


codecs.register_error(_ESCAPE_HANDLER, _escape_run)


def _ascii(text: str) -> str:
    """`text` with what `json.dumps(ensure_ascii=True)` escapes beyond pydantic-core:
    every character above U+007E (DEL, which ASCII holds, included)."""
    if not text.isascii():
        text = text.encode("ascii", _ESCAPE_HANDLER).decode("ascii")
    return text.replace("\x7f", "\\u007f") if "\x7f" in text else text


def _fast(value: Any, indent: int | None) -> bytes | None:
    """pydantic-core's JSON, or None where `json` must write it: a number spelt otherwise,
    or text UTF-8 cannot hold (a lone surrogate, which `json` escapes or refuses as before)."""
    try:
        raw = pydantic_core.to_json(value, indent=indent, inf_nan_mode="constants")
    except pydantic_core.PydanticSerializationError:
        return None
    return raw if _spelt_alike(raw) else None


def _slow(value: Any, **options: Any) -> str:
    """`json` itself, a model (or other value it does not know) taken as pydantic-core
    makes it JSON data. Only what `json` cannot write goes through pydantic-core: plain
    data with a lone surrogate in a key (which pydantic-core refuses) stays plain."""
    return json.dumps(value, default=pydantic_core.to_jsonable_python, **options)


def json_text(value: Any, indent: int = 2, *, ensure_ascii: bool = True) -> str:
    """What `json.dumps(<value as JSON data>, indent=indent, ensure_ascii=ensure_ascii)`
    writes, models included (a model is written as its `model_dump(mode="json")`)."""
    raw = _fast(value, indent)
    if raw is None:
        return _slow(value, indent=indent, ensure_ascii=ensure_ascii)
    text = raw.decode("utf-8")
    return _ascii(text) if ensure_ascii else text


def json_line_text(value: Any, *, ensure_ascii: bool = False) -> str:
    """What `json.dumps(<value as JSON data>, ensure_ascii=ensure_ascii)` writes: one line,
    items parted by ", " and keys by ": " (the batch rows; with ensure_ascii, the errors
    rows and the web guard's refusals).

    pydantic-core has no such separators, but its indented form with no indent puts a line
    break after every "," and bracket, and only there: a line break inside a string is
    always written escaped. So ",<LF>" becomes ", " and every other line break goes.
    """
    raw = _fast(value, 0)
    if raw is None:
        return _slow(value, ensure_ascii=ensure_ascii)
    text = raw.replace(b",\n", b", ").replace(b"\n", b"").decode("utf-8")
    return _ascii(text) if ensure_ascii else text


def json_bytes_compact(value: Any) -> bytes:
    """What `json.dumps(<value as JSON data>, ensure_ascii=False, separators=(",", ":"))`
    writes, encoded in UTF-8: the web API's answers (starlette's JSONResponse, byte for
    byte)."""
    raw = _fast(value, None)
    if raw is None:
        return _slow(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw


__all__ = ["json_bytes_compact", "json_line_text", "json_text"]
