"""Words every sentence shares: lists joined as the clinic says them, plurals, region names,
sides and limbs, muscle names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


def field(item: Any, name: str) -> Any:
    """A field of a nested part of a result, as the sayings receive it: a model from the core,
    or its JSON (a dict) from a front end that rewords it."""
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def iso(day: date | str) -> str:
    """A date as the sentences write it, from a `date` (the core) or its ISO text (JSON)."""
    return day if isinstance(day, str) else day.isoformat()


def listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c": how a sentence lists things."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 region", "2 regions", "1,204 records": the tests look for "1 regions"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def the_regions(regions: list[str]) -> str:
    """ "the bulbar region", "the cervical and lumbosacral regions"."""
    noun = "region" if len(regions) == 1 else "regions"
    return f"the {listed(regions)} {noun}"


#: A limb region's side, as a clinician names the limb (criteria.md A.1: per limb). Keyed by
#: the region's name (a Region is its name).
LIMB = {
    ("cervical", "left"): "left arm",
    ("cervical", "right"): "right arm",
    ("lumbosacral", "left"): "left leg",
    ("lumbosacral", "right"): "right leg",
}


def where(region: str, summary: str) -> str:
    """An `emg_summaries` entry ("region", "left", "right") in words."""
    if summary == "region":
        return "whole region"
    return LIMB.get((region, summary), f"{summary} side")


def muscle_words(traced: str) -> str:
    """A traced muscle ("tibialis_anterior (right)") by its catalogue name, side kept."""
    from alscriteria.anatomy.catalogue import catalogue

    key, sep, rest = traced.partition(" (")
    known = catalogue().get(key)
    return (known.name if known else key.replace("_", " ")) + (sep + rest if sep else "")


def muscle_names(muscles: Sequence[str]) -> str:
    names: list[str] = []
    for muscle in muscles:
        name = muscle.split(" (")[0]
        name = name[:1].lower() + name[1:]
        if name not in names:
            names.append(name)
    return listed(names)


def regions_phrase(regions: list[str]) -> str:
    """ "the bulbar region", "the cervical and lumbosacral regions"."""
    noun = "region" if len(regions) == 1 else "regions"
    return f"the {listed(regions)} {noun}" if regions else "no region"
