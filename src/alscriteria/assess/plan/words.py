"""How the plan words its items (timing, cautions) and its muscle suggestions: each as it is
asked, for a plan handed to a caller (`WORDED`), or once for every plan that names the same
codes and values, for a plan built for its JSON alone (`KeptWords`, plan/planning.py
`plan_json`).

Why: a plan's items and suggestions are mostly the same few dozen for every patient (repeat
in three months, the prerequisites' steps, a pair of limb muscles to complete); wording one
and building its model cost about as much as the rest of the plan's choices. A plan written
for its JSON alone hands out no model, so it may show the kept ones, and write each from its
JSON kept beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from pydantic import BaseModel

from alscriteria.anatomy.regions import Region
from alscriteria.assess.held import Held
from alscriteria.assess.models.advice import MuscleSuggestion, PlanItem, item_for
from alscriteria.assess.models.base import WordValue
from alscriteria.assess.models.pieces import model_json
from alscriteria.voice import voice

M = TypeVar("M", bound=BaseModel)

#: The plan items whose values carry the case's own words (another cause, as recorded): never
#: kept for every plan, as they are not a closed domain.
CASE_WORDED = frozenset({"revisit_alternative_diagnosis"})


class PlanWords:
    """Each item and suggestion worded as it is asked: a model of the plan's own."""

    def item(self, code: str, **values: WordValue) -> PlanItem:
        """The plan's item for `code`, naming `values` (`advice.item_for`)."""
        return item_for(code, **values)

    def suggestion(
        self,
        code: str,
        muscle: str,
        region: Region,
        side: str | None,
        values: dict[str, WordValue],
    ) -> MuscleSuggestion:
        """A muscle to needle (catalogue key) and why (`code`, naming `values`); the voice
        words the reason (`wording/plan.py`)."""
        return MuscleSuggestion.said(
            muscle=muscle, region=region, side=side, reason_code=code, values=values
        )

    def json(self, model: BaseModel) -> bytes:
        """The JSON of an item or suggestion this made."""
        return model_json(model)


#: The words of a plan handed to a caller.
WORDED = PlanWords()


def _frozen(value: object) -> object:
    """A value as a memo key: a list as a tuple, the type kept (True is not 1)."""
    return (type(value), tuple(value) if isinstance(value, list) else value)


class KeptWords(PlanWords):
    """Items and suggestions worded once for every plan with the same codes and values, by
    the voice installed now, and kept with their JSON in the engine memo (`remember`: kinds
    `plan_item` and `muscle_suggestion`): codes, region codes, catalogue keys, sides, flags,
    a closed domain. An item naming the case's own words (`CASE_WORDED`), or a suggestion
    naming a muscle outside the catalogue (its nerve and roots, as the case gives them), is
    worded as asked. For a plan built for its JSON alone: the kept models are handed to no
    caller."""

    def __init__(self, remember: Callable[[str, Hashable, Callable[[], Any]], Any]) -> None:
        self._remember = remember
        self._voice = Held(voice())
        self._written: dict[int, tuple[BaseModel, bytes]] = {}

    def item(self, code: str, **values: WordValue) -> PlanItem:
        if code in CASE_WORDED:
            return item_for(code, **values)
        key = (self._voice, code, *[(k, _frozen(v)) for k, v in values.items()])
        return self._kept("plan_item", key, lambda: item_for(code, **values))

    def suggestion(
        self,
        code: str,
        muscle: str,
        region: Region,
        side: str | None,
        values: dict[str, WordValue],
    ) -> MuscleSuggestion:
        made = super().suggestion
        if "anchor_nerve" in values:  # the anchor is the case's own muscle
            return made(code, muscle, region, side, values)
        frozen = [(k, _frozen(v)) for k, v in values.items()]
        key = (self._voice, code, muscle, region, side, *frozen)
        return self._kept(
            "muscle_suggestion", key, lambda: made(code, muscle, region, side, values)
        )

    def json(self, model: BaseModel) -> bytes:
        found = self._written.get(id(model))
        return found[1] if found is not None and found[0] is model else model_json(model)

    def _kept(self, kind: str, key: Hashable, build: Callable[[], M]) -> M:
        """The model kept under `key`, its JSON noted for `json` (by the model's id, the
        model held beside it)."""
        kept: tuple[M, bytes] = self._remember(kind, key, lambda: _with_json(build()))
        self._written[id(kept[0])] = kept
        return kept[0]


def _with_json(model: M) -> tuple[M, bytes]:
    return model, model_json(model)
