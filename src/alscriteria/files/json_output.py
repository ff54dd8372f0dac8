"""One JSON encoder for the documents the package writes: pydantic-core's (compiled), with
the very bytes the standard library's `json` wrote before.

`json.dumps(..., indent=2)` falls back to the pure-Python encoder (on 3.11 eight times
slower than pydantic-core's), and `model_dump(mode="json")` then `json.dumps` builds every
document twice. pydantic-core writes the same JSON but for three spellings, each put back
here so that no document changes a byte: it writes non-ASCII characters (and DEL) as
themselves where `json.dumps` escapes them (`ensure_ascii`), and it may spell a float
differently (`0.00001` where Python writes `1e-05`). Non-ASCII is escaped afterwards; a
document with a number that could be spelt differently (rare: the package's documents
carry few floats) is written by `json` itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pydantic_core

#: Characters `json.dumps(ensure_ascii=True)` escapes beyond what pydantic-core escapes.
_NON_ASCII = re.compile(r"[^\x00-\x7e]")
#: pydantic-core's spelling of a float where Python's differs: 1e-6 <= |x| < 1e-4 written
#: out (`0.000099` for `9.9e-05`), or a one-digit negative exponent (`1e-7` for `1e-07`).
#: Larger exponents and every other float are spelt alike. A false alarm (the same letters
#: inside a string) only costs the slower path.
_SHORT_EXPONENT = re.compile(rb"e-[1-9](?![0-9])")
_SMALL_FRACTION = b"0.0000"


def _spelt_alike(raw: bytes) -> bool:
    """Whether every number in `raw` is spelt as `json.dumps` spells it (and no infinity
    or NaN is there to be spelt by a model's own setting)."""
    return not (
        _SMALL_FRACTION in raw
        or b"Infinity" in raw
        or b"NaN" in raw
        or _SHORT_EXPONENT.search(raw)
    )


def _escape(match: re.Match[str]) -> str:
    """One character as `json.dumps` escapes it: \\uXXXX, a surrogate pair above U+FFFF."""
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _fast(value: Any, indent: int | None) -> bytes | None:
    """pydantic-core's JSON, or None where `json` must write it: a number spelt otherwise,
    or text UTF-8 cannot hold (a lone surrogate, which `json` escapes or refuses as before)."""
    try:
        raw = pydantic_core.to_json(value, indent=indent, inf_nan_mode="constants")
    except pydantic_core.PydanticSerializationError:
        return None
    return raw if _spelt_alike(raw) else None


def json_text(value: Any, indent: int = 2) -> str:
    """What `json.dumps(<value as JSON data>, indent=indent)` writes, models included
    (a model is written as its `model_dump(mode="json")`)."""
    raw = _fast(value, indent)
    if raw is None:
        return json.dumps(pydantic_core.to_jsonable_python(value), indent=indent)
    text = raw.decode("utf-8")
    return text if text.isascii() and "\x7f" not in text else _NON_ASCII.sub(_escape, text)


def json_line_text(value: Any) -> str:
    """What `json.dumps(<value as JSON data>, ensure_ascii=False)` writes: one line, items
    parted by ", " and keys by ": " (the batch rows).

    pydantic-core has no such separators, but its indented form with no indent puts a line
    break after every "," and bracket, and only there: a line break inside a string is
    always written escaped. So ",<LF>" becomes ", " and every other line break goes.
    """
    raw = _fast(value, 0)
    if raw is None:
        return json.dumps(pydantic_core.to_jsonable_python(value), ensure_ascii=False)
    return raw.replace(b",\n", b", ").replace(b"\n", b"").decode("utf-8")


def json_bytes_compact(value: Any) -> bytes:
    """What `json.dumps(<value as JSON data>, ensure_ascii=False, separators=(",", ":"))`
    writes, encoded in UTF-8: the web API's answers (starlette's JSONResponse, byte for
    byte)."""
    raw = _fast(value, None)
    if raw is None:
        data = pydantic_core.to_jsonable_python(value)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw


__all__ = ["json_bytes_compact", "json_line_text", "json_text"]
