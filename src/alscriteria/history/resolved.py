"""Signs recorded at an earlier visit that a later examination of the same region no longer
finds (criteria.md A.5, B.4.1).

ALS does not remit (Turner 2013, S136): signs that go are a reason to check the examination
and, if they have truly gone, to reconsider the diagnosis; among the rare "ALS reversals",
myasthenia and pure LMN pictures were over-represented (Harrison 2018, S137). A.5 already
says findings that disappear document nothing; this says it to the clinician. Only what an
examination names is compared: UMN signs, weakness and wasting (fasciculations come and go
in health); a region is compared with its last earlier examination, and only where this
visit examined it too (a region left out was not examined).
"""

from __future__ import annotations

from collections.abc import Sequence

from alscriteria.assess.models.advice import PlanItem, item_for
from alscriteria.case.findings import RegionFindings
from alscriteria.history.model import Visit

#: The LMN signs an examination names that ALS does not take back.
_LASTING_LMN = ("weakness", "wasting")


def signs_resolved(visits: Sequence[Visit]) -> list[PlanItem | None]:
    """For each visit, the red flag naming the signs its examination no longer finds
    (`lost`: "region:sign:visit", the earlier visit that recorded the sign), or None."""
    out: list[PlanItem | None] = []
    for k, visit in enumerate(visits):
        lost: list[str] = []
        for region, now in visit.case.regions.items():
            earlier = _last_examined(visits, k, region)
            if earlier is None:
                continue
            j, then = earlier
            have = set(_named(now))
            lost += [f"{region.value}:{s}:{j + 1}" for s in _named(then) if s not in have]
        out.append(item_for("signs_resolved", lost=lost) if lost else None)
    return out


def _last_examined(
    visits: Sequence[Visit], k: int, region: object
) -> tuple[int, RegionFindings] | None:
    for j in range(k - 1, -1, -1):
        found = visits[j].case.regions.get(region)  # type: ignore[call-overload]
        if found is not None:
            return j, found
    return None


def _named(findings: RegionFindings) -> tuple[str, ...]:
    """The region's UMN signs, weakness and wasting, whichever side they were given for."""
    lmn = [s for s in findings.all_lmn_signs if s in _LASTING_LMN]
    return tuple(dict.fromkeys((*findings.all_umn_signs, *lmn)))


__all__ = ["signs_resolved"]
