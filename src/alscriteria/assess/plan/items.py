"""One piece of advice as the plan and the red flags carry it: its code, its words and its
source.
"""

from __future__ import annotations

from collections.abc import Iterable

from alscriteria import wording
from alscriteria.anatomy.catalogue import catalogue
from alscriteria.assess.models.advice import PlanItem
from alscriteria.wording.common import listed


def item_for(code: str, **values: str) -> PlanItem:
    text, source = wording.plan_item(code, **values)
    return PlanItem.built(code=code, text=text, source=source)


def names_of(keys: Iterable[str]) -> str:
    """Muscles as a sentence lists them, by catalogue name without its gloss ("trapezius",
    not "Trapezius (upper)"), each once, in the order given."""
    names: list[str] = []
    for key in keys:
        known = catalogue().get(key)
        name = (known.name if known else key.replace("_", " ")).split(" (")[0]
        name = name[:1].lower() + name[1:]  # inside a sentence, no nested brackets
        if name not in names:
            names.append(name)
    return listed(names)
