"""The base every output model shares: closed to unknown keys, frozen, built when first used."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
