"""Another cause, restated while the findings go beyond it (criteria.md A.3, A.5).

An alternative diagnosis (`alternative_diagnosis`) fails a visit's prerequisites, so no
criteria set can be met while it stands. A visit's own, it is never carried: the clinician
restates it at each visit that still holds it. What makes a clinician revisit it is a later
visit's findings: a region gaining UMN signs beside an L5 radiculopathy, or LMN involvement
beyond its territory. A single visit cannot show that; a history can, by comparing the visit
that restates it with the visit that first recorded it, the way A.5 compares visits (only
what both examined). Any interval counts: this asks for a review, it documents no
progression. Worse findings within an already involved region are what the recorded cause
itself may explain, and are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from alscriteria.history.findings import VisitFindings
from alscriteria.history.model import Visit
from alscriteria.history.progression import changes_between
from alscriteria.history.result import AlternativeRevisit

#: The changes that go beyond a recorded cause: involvement of a region that had none.
NEW_INVOLVEMENT = frozenset({"umn_new_region", "lmn_new_region"})


def _same(diagnosis: str) -> str:
    """One diagnosis however spaced or capitalised."""
    return " ".join(diagnosis.split()).casefold()


def alternative_revisits(
    visits: Sequence[Visit], findings: Sequence[VisitFindings]
) -> list[AlternativeRevisit | None]:
    """For each visit, the prompt to revisit the other cause it records, or None.

    The visit it was first recorded at is the earliest one recording the same diagnosis (a
    visit in between that leaves it out does not erase it; another diagnosis starts anew).
    """
    first_seen: dict[str, int] = {}
    out: list[AlternativeRevisit | None] = []
    for k, visit in enumerate(visits):
        diagnosis = visit.case.alternative_diagnosis
        if diagnosis is None:
            out.append(None)
            continue
        start = first_seen.setdefault(_same(diagnosis), k)
        changes = (
            [c for c in changes_between(findings[start], findings[k]) if c.kind in NEW_INVOLVEMENT]
            if start < k
            else []
        )
        if not changes:
            out.append(None)
            continue
        out.append(
            AlternativeRevisit.said(
                diagnosis=diagnosis,
                recorded_visit=start + 1,
                recorded_date=visits[start].date,
                changes=changes,
            )
        )
    return out


__all__ = ["NEW_INVOLVEMENT", "alternative_revisits"]
