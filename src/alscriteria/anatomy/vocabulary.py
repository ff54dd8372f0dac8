"""The clinical vocabularies live in `data/vocabularies.json`, not in code.

Keeping them as data lets the walkthrough show the same labels the models accept, and lets
a reviewer check the word lists against criteria.md Part A.1 without reading Python.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any


@cache
def vocabularies() -> dict[str, dict[str, str]]:
    text = resources.files("alscriteria").joinpath("data/vocabularies.json").read_text("utf-8")
    loaded: Any = json.loads(text)
    return {name: dict(words) for name, words in loaded.items()}


def words(kind: str) -> tuple[str, ...]:
    """The allowed values of one vocabulary, in the order the data file gives them."""
    return tuple(vocabularies()[kind])


def label(kind: str, value: str) -> str:
    """The clinic's wording of a value, for display."""
    return vocabularies()[kind].get(value, value)


@lru_cache(maxsize=4096)
def in_vocabulary_order(kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Findings are sets: each once, in the vocabulary's order, whatever order they came in."""
    order = _rank(kind)
    return tuple(sorted(set(values), key=order.__getitem__))


@cache
def _rank(kind: str) -> dict[str, int]:
    return {w: i for i, w in enumerate(words(kind))}


@cache
def sign_regions() -> dict[str, tuple[str, ...]]:
    """UMN sign -> the regions it can be elicited in (data/sign_regions.json)."""
    text = resources.files("alscriteria").joinpath("data/sign_regions.json").read_text("utf-8")
    loaded: Any = json.loads(text)["umn_sign_regions"]
    return {sign: tuple(regions) for sign, regions in loaded.items()}


@cache
def region_signs(region: str) -> tuple[str, ...]:
    """The UMN signs of one region, in vocabulary order."""
    return tuple(s for s in words("umn_signs") if region in sign_regions().get(s, ()))
