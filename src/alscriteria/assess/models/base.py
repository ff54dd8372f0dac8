"""The base every output model shares: closed to unknown keys, frozen, built when first used."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """A model from values the evaluator made and typed itself, every field given, not
        validated again (validation is for data from outside: explanations are built for
        every case, and validating what the code just typed was a seventh of their cost).
        Tests hold such models equal, in JSON, to validated ones."""
        model = cls.__new__(cls)
        object.__setattr__(model, "__dict__", values)
        object.__setattr__(model, "__pydantic_fields_set__", set(values))
        object.__setattr__(model, "__pydantic_extra__", None)
        object.__setattr__(model, "__pydantic_private__", None)
        return model
