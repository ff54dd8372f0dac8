"""The strict JSON reader decodes with one decoder made once (files/json_input.py); what it
gives or refuses is what `json.loads` with the same options gives or refuses, for any text:
JSON values, texts with a byte-order mark, repeated keys, NaN, broken JSON, any characters."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alscriteria.errors import InvalidInputError
from alscriteria.files import json_input
from alscriteria.files.json_input import loads
from strategies import examples

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)
_PIECES = st.sampled_from(
    ['{"a": 1, "a": 2}', "\ufeff", "NaN", "-Infinity", "[", "}", '"\\ud800"', " ", "1e999", ","]
)
_TEXTS = st.one_of(
    _VALUES.map(json.dumps),
    st.tuples(st.sampled_from(["", "\ufeff", " "]), _VALUES.map(json.dumps)).map("".join),
    st.lists(_PIECES, max_size=4).map("".join),
    st.text(max_size=20),
)


def _outcome(decode: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", json.dumps(decode(text))
    except json.JSONDecodeError as exc:
        return "decode error", (exc.msg, exc.pos)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


def _json_loads(text: str) -> Any:
    return json.loads(
        text,
        object_pairs_hook=json_input._pairs,
        parse_constant=json_input._constant,
    )


@settings(max_examples=examples(600), deadline=None)
@given(_TEXTS)
def test_the_decoder_made_once_is_json_loads(text: str) -> None:
    assert _outcome(json_input._decoded, text) == _outcome(_json_loads, text)


def test_a_byte_order_mark_is_refused_as_before() -> None:
    try:
        loads('\ufeff{"id": "A"}', "line 3")
    except InvalidInputError as exc:
        assert str(exc) == (
            "line 3: not valid JSON (line 1, column 1: Unexpected UTF-8 BOM "
            "(decode using utf-8-sig))"
        )
    else:
        raise AssertionError("a byte-order mark was read")
