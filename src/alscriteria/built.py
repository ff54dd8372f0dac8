"""A pydantic model built without validation, as validation would leave it.

The case reader (case/fast.py) and the evaluator's outputs (assess/models/base.py) both
build models from values already checked or typed by the code, for every case: each of the
four slots every pydantic model has is set through its own descriptor (what
`object.__setattr__` finds after a lookup by name, a third of such a model's cost). At the
bottom of the layers, so both can call it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

#: What `built` does, step by step, for a loop that builds models of every case in its own
#: body (assess/evaluate.py: two a criteria set a case), where a call a model counts.
new_model = _new = object.__new__
set_fields = _set_dict = BaseModel.__dict__["__dict__"].__set__
set_given = _set_given = BaseModel.__dict__["__pydantic_fields_set__"].__set__
set_extra = _set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
set_private = _set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def built(
    cls: type[M],
    fields: dict[str, Any],
    given: set[str],
    private: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> M:
    """An instance with these field values (every field, in the model's order), the keys
    the input gave, its extra keys (none for a model closed to them) and the private state
    its validators would leave."""
    instance: M = _new(cls)
    _set_dict(instance, fields)
    _set_given(instance, given)
    _set_extra(instance, extra)
    _set_private(instance, private)
    return instance
