"""An Assessment's JSON written from pieces: each explanation's JSON made once from the
object the evaluator keeps (the engine memo's phenotype, a note worded for every case, a
region built once a case) and reused by every criteria set and case that shows it.

Why: serialising a result used to hand each explanation out first (a copy with lists of its
own, `own_lists`, for every set of every case) and then encode that copy, so the same
phenotype was copied and encoded three times a case and again for the next case alike. The
JSON of a kept object is the same whoever holds it, so it is made once, beside the object.

Exact by construction in the small (every piece is pydantic-core's own JSON of one model)
and held in the large by a property test: for generated cases, readings and plans, the
stitched document equals `Assessment.__pydantic_serializer__.to_json` of the same result with
every explanation read (tests/test_stitched_json.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel


def model_json(model: BaseModel) -> bytes:
    """pydantic-core's JSON of one model: what the model's own serializer writes, which is
    what a parent writes for it in a field declared of its class."""
    return model.__pydantic_serializer__.to_json(model)


def list_json(pieces: Iterable[bytes]) -> bytes:
    """A JSON array of pieces already JSON (pydantic-core writes no spaces)."""
    return b"[" + b",".join(pieces) + b"]"


def models_json(models: Iterable[BaseModel]) -> bytes:
    """A JSON array of models, each encoded on its own (`model_json`)."""
    return list_json([model_json(m) for m in models])


def without_last_field(encoded: bytes, name: str, empty: bytes) -> bytes:
    """A model's JSON cut before the value of its last field (`name`, written `empty`), so
    the caller writes that value itself: `'{..., "evidence":'`. Raises where the JSON does
    not end so (a field added after it, or a model not built as the caller thinks)."""
    tail = b'"' + name.encode() + b'":' + empty + b"}"
    if not encoded.endswith(tail):
        raise ValueError(f"{encoded[-60:]!r} does not end with the field {name}")
    return encoded[: -len(empty) - 1]
