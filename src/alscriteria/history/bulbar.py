"""Bulbar symptoms a visit records beside the cervical cord red flag (criteria.md A.5, B.4.1).

The flag (`consider_cervical_myelopathy`, S58) reads the examination alone: UMN and LMN
signs in the limbs and nothing above the neck. A history's visit records function too
(docs/staging.md), and that record can show the bulbar region affected where the
examination found nothing there: an ALSFRS-R bulbar item below 4 (speech, salivation,
swallowing; the reading of the King's estimate, Balendra 2014, S145, which the visit's own
stage already counts), or bulbar functional involvement recorded by this visit or an
earlier one (the regions accumulate, as the stage counts them). The flag stands, and its
MRI with it (symptoms the patient reports do not exclude a cervical cause); beside it the
visit says what it records, so the bulbar region is examined again: a bulbar UMN or LMN
sign would argue against a lesion of the cervical cord (not against one at the foramen
magnum, which gives lower cranial nerve signs too: S151).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alscriteria.anatomy.regions import Region
from alscriteria.assess.assessment import Assessment
from alscriteria.assess.models.advice import PlanItem, item_for
from alscriteria.assess.red_flags import CERVICAL_MYELOPATHY
from alscriteria.case.model import Case
from alscriteria.function.record import DOMAINS
from alscriteria.history.model import Visit

#: What a visit records of bulbar function: the bulbar items below 4 of its own form
#: ("speech:3"), and the first visit up to it that recorded bulbar functional involvement.
BulbarRecord = tuple[tuple[str, ...], int | None]


def bulbar_records(visits: Sequence[Visit]) -> list[BulbarRecord]:
    """Each visit's record of bulbar function affected (empty, None where none)."""
    out: list[BulbarRecord] = []
    recorded: int | None = None
    for number, visit in enumerate(visits, start=1):
        function = visit.function
        if function is None:
            out.append(((), recorded))
            continue
        if recorded is None and "bulbar" in (function.functional_involvement or ()):
            recorded = number
        form = function.alsfrs_r
        items: tuple[str, ...] = ()
        if form is not None:
            scored = ((item, form.score(item)) for item in DOMAINS["bulbar"])
            items = tuple(f"{i}:{s}" for i, s in scored if s is not None and s < 4)
        out.append((items, recorded))
    return out


def beside_cord_flag(
    number: int, record: BulbarRecord, case: Case, results: Mapping[str, Assessment]
) -> PlanItem | None:
    """Visit `number`'s pointer beside its cervical cord flag, or None: no flag raised (the
    red flags are the patient's, the same under every criteria set), or no bulbar function
    recorded as affected. `recorded_from` names an earlier visit that recorded the region
    (null where this visit did); `examined` whether the visit's case examined the bulbar
    region at all (a region left out was not examined, docs/case.md: then it is to be
    examined, not examined again)."""
    items, recorded = record
    if not items and recorded is None:
        return None
    warnings = next(iter(results.values())).warnings
    if not any(w.code == CERVICAL_MYELOPATHY for w in warnings):
        return None
    return item_for(
        "bulbar_symptoms_beside_cord_flag",
        items=list(items),
        examined=Region.BULBAR in case.regions,
        recorded=recorded is not None,
        recorded_from=recorded if recorded is not None and recorded != number else None,
    )


__all__ = ["BulbarRecord", "beside_cord_flag", "bulbar_records"]
