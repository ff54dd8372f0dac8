"""Caches have named homes (docs/design.md "Where results are cached"): an unbounded
`functools.cache` holds a closed domain (package data, the reading options, the rule-fact
space), never something a case can make up, so a long-running server or a large batch does
not grow with the names its cases invent."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from alscriteria import evaluate_all
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.anatomy.independence import ROOT_RULES, independent, never_independent

MADE_UP = 60
DENERVATED = {"fibrillation_potentials": True, "chronic_neurogenic_change": True}


def _unbounded_caches() -> Iterator[tuple[str, Any]]:
    for name, module in list(sys.modules.items()):
        if not name.startswith("alscriteria"):
            continue
        for attr, value in vars(module).items():
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and parameters()["maxsize"] is None:
                yield f"{name}.{attr}", value


def _sizes() -> dict[str, int]:
    return {name: fn.cache_info().currsize for name, fn in _unbounded_caches()}


def _case(index: int) -> dict[str, Any]:
    """A case whose two limb muscles are outside the catalogue, with names of its own."""
    return {
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": f"made up {index}",
                "region": "cervical",
                "roots": ["C5"],
                "nerve": f"nerve {index}",
                "side": "left",
                **DENERVATED,
            },
            {
                "muscle": f"invented {index}",
                "region": "cervical",
                "roots": ["C8"],
                "nerve": f"other nerve {index}",
                "side": "left",
                **DENERVATED,
            },
        ],
    }


def test_no_unbounded_cache_grows_with_the_names_a_case_makes_up() -> None:
    for rule in ROOT_RULES:  # warm every cache over its closed domain first
        evaluate_all(_case(-1), {"root_independence": rule})
    before = _sizes()
    for index in range(MADE_UP):
        for rule in ROOT_RULES:
            evaluate_all(_case(index), {"root_independence": rule})
            never_independent(f"made up {index}", rule)  # the library's callers too
    grown = {
        name: size - before.get(name, 0)
        for name, size in _sizes().items()
        if size - before.get(name, 0) >= MADE_UP
    }
    assert grown == {}


def test_the_never_independent_table_is_the_muscle_by_muscle_definition() -> None:
    for rule in ROOT_RULES:
        for key, muscle in catalogue().items():
            alone = muscle.region.is_limb and not any(
                independent(muscle, other, rule)
                for other in catalogue().values()
                if other.region is muscle.region and other.key != key
            )
            assert never_independent(key, rule) is alone, (key, rule)
        assert not never_independent("made up muscle", rule)
