"""A history's red flags, visit by visit (criteria.md A.5, B.4.1).

Each visit's flags are those of the case as of that visit: its own examination and the EMG
still counted. The same flag raised at two visits on different findings reads differently
(it names each visit's regions), so a history says each wording once with the visits that
raised exactly it: a flag never credits one visit's regions to another, nor joins two
visits' regions into a picture that no visit had. The terminal and the page share this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alscriteria.assess.models.advice import PlanItem
from alscriteria.assess.red_flags import CERVICAL_MYELOPATHY
from alscriteria.history.result import VisitResult


@dataclass(frozen=True, slots=True)
class RaisedFlag:
    """One red flag, in the words of the visits that raised it, and those visits."""

    item: PlanItem
    visits: tuple[int, ...]
    """Visit numbers (from 1), in order."""


def raised_flags(visits: Sequence[VisitResult]) -> list[RaisedFlag]:
    """Every visit's red flags (a mimic found once is not forgotten because a later visit
    did not raise it again), each wording once, in the order first raised; the bulbar
    symptoms a visit records right after the cervical cord flag they qualify."""
    found: dict[PlanItem, list[int]] = {}
    for visit in visits:
        # the red flags are the patient's: the same under every criteria set
        for item in next(iter(visit.results.values())).warnings:
            found.setdefault(item, []).append(visit.number)
            if item.code == CERVICAL_MYELOPATHY and visit.bulbar_symptoms is not None:
                # beside the flag it qualifies: the bulbar symptoms the visit records (A.5)
                found.setdefault(visit.bulbar_symptoms, []).append(visit.number)
        if visit.signs_resolved is not None:  # the history's own: signs gone since (A.5)
            found.setdefault(visit.signs_resolved, []).append(visit.number)
    return [RaisedFlag(item, tuple(numbers)) for item, numbers in found.items()]


__all__ = ["RaisedFlag", "raised_flags"]
