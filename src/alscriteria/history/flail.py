"""The first 12 months from onset, as a history records function in them, and the flail
limbs it excludes (S71: flail arm and flail leg spare the other regions functionally for
12 months from onset).

A visit is evaluated with what it and the earlier visits record, so a flail arm named at
visit 1 stands in visit 1's own result even when visit 3, still inside the 12 months,
records the legs functionally involved, or finds them weak. Visit 1 then says so
(`PhenotypeExcluded`): a reader of visit 1 is not left with a name, and a survival figure,
that the history has since set aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.advice import Phenotype, PhenotypeCode
from alscriteria.assess.phenotype import FLAIL_OWN_REGION, FLAIL_SPARED_DAYS
from alscriteria.history.model import Visit
from alscriteria.history.result import PhenotypeExcluded


def _early_records(visits: Sequence[Visit], onset: date | None) -> list[tuple[str, ...]]:
    """Each visit's own record of the King's regions functionally involved, where the visit
    lies within 12 months of onset (empty otherwise: a region first recorded later may
    have been involved only later)."""
    out: list[tuple[str, ...]] = []
    for visit in visits:
        function = visit.function
        early = (
            onset is not None
            and function is not None
            and function.functional_involvement
            and (visit.date - onset).days <= FLAIL_SPARED_DAYS
        )
        out.append(tuple(function.functional_involvement or ()) if early and function else ())
    return out


def early_function(visits: Sequence[Visit], onset: date | None) -> list[tuple[str, ...]]:
    """For each visit, the King's regions recorded functionally involved, by it or an
    earlier visit, at a visit within 12 months of onset. Flail arm and flail leg are defined
    by the other regions being spared functionally for 12 months from onset (S71); a region
    first recorded later may have been involved earlier, so only a record inside the 12
    months is read (it can exclude a flail limb, never confirm one)."""
    seen: dict[str, None] = {}
    early: list[tuple[str, ...]] = []
    for record in _early_records(visits, onset):
        seen.update(dict.fromkeys(record))
        early.append(tuple(seen))
    return early


#: A flail limb's own region of the examination: weakness or wasting elsewhere within 12
#: months of onset excludes it, as function lost elsewhere does (S71 defines it clinically).
_OWN_REGION: dict[PhenotypeCode, Region] = {
    "flail_arm": Region.CERVICAL,
    "flail_leg": Region.LUMBOSACRAL,
}


def _within(visit: Visit, onset: date | None) -> bool:
    return onset is not None and (visit.date - onset).days <= FLAIL_SPARED_DAYS


def _excluding(
    code: PhenotypeCode, record: tuple[str, ...], later: Phenotype
) -> tuple[str, list[str]] | None:
    """What a later visit within 12 months of onset shows that a flail limb (`code`) does
    not allow: another King's region recorded functionally involved, or weakness or wasting
    found in another region (EMG evidence alone is not the clinical picture S71 defines)."""
    regions = [r for r in record if r != FLAIL_OWN_REGION[code]]
    if regions:
        return "function", regions
    own = _OWN_REGION[code]
    clinical = [r for r in later.lmn_regions if r not in later.lmn_emg_only and r != own]
    return ("signs", [r.value for r in clinical]) if clinical else None


def flail_excluded(
    visits: Sequence[Visit], onset: date | None, phenotypes: Sequence[Phenotype]
) -> list[PhenotypeExcluded | None]:
    """For each visit, the first later visit within 12 months of onset that excludes the
    flail limb it names, or None. A pattern named beside another cause (`pattern_only`)
    names no form of ALS, so none is excluded."""
    records = _early_records(visits, onset)
    out: list[PhenotypeExcluded | None] = []
    for index, phenotype in enumerate(phenotypes):
        excluded = None
        if phenotype.code in FLAIL_OWN_REGION and not phenotype.pattern_only:
            for later in range(index + 1, len(visits)):
                if not _within(visits[later], onset):
                    break
                found = _excluding(phenotype.code, records[later], phenotypes[later])
                if found is not None:
                    excluded = PhenotypeExcluded.said(
                        phenotype=phenotype.code,
                        by_visit=later + 1,
                        by_date=visits[later].date,
                        by=found[0],
                        regions=found[1],
                    )
                    break
        out.append(excluded)
    return out


__all__ = ["early_function", "flail_excluded"]
