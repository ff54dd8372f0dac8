"""The first 12 months from onset, as a history records function in them, and the flail
limbs it excludes (S71: flail arm and flail leg spare the other regions functionally for
12 months from onset, and allow no UMN sign but pathological reflexes).

Function is read as the King's staging reads it (docs/staging.md): the regions a visit
records functionally involved (`functional_involvement`), and the regions its ALSFRS-R
form shows involved by Balendra's estimate (an item below 4: bulbar speech, salivation,
swallowing; arm handwriting, cutting food; leg walking), which the same visit's King's
stage already counts.

A visit is evaluated with what it and the earlier visits record, so a flail arm named at
visit 1 stands in visit 1's own result even when visit 3, still inside the 12 months,
records the legs functionally involved, or finds them weak. Visit 1 then says so
(`PhenotypeExcluded`): a reader of visit 1 is not left with a name, and a survival figure,
that the history has since set aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alscriteria.anatomy.regions import LIMB_REGIONS, Region
from alscriteria.assess.models.advice import Phenotype, PhenotypeCode
from alscriteria.assess.pattern import REFLEX_SIGNS
from alscriteria.assess.phenotype import FLAIL_OWN_REGION, FLAIL_REGION, within_first_12_months
from alscriteria.function.staging import kings_from_form
from alscriteria.history.model import Visit
from alscriteria.history.result import PhenotypeExcluded

#: One visit's record of function within 12 months of onset: the regions it records
#: functionally involved, and the regions its ALSFRS-R form shows involved.
_Record = tuple[tuple[str, ...], tuple[str, ...]]


def _form_regions(visit: Visit) -> tuple[str, ...]:
    """The King's regions the visit's ALSFRS-R form shows involved (an item below 4), as
    the King's estimate reads them (Balendra 2014): the tool's own staging counts them as
    functional involvement, so the flail exclusion does too."""
    form = visit.function.alsfrs_r if visit.function else None
    return kings_from_form(form).regions if form is not None else ()


def _early_records(visits: Sequence[Visit], onset: date | None) -> list[_Record]:
    """Each visit's own record of function, where the visit lies within 12 months of onset
    (empty otherwise: a region first recorded later may have been involved only later)."""
    out: list[_Record] = []
    for visit in visits:
        if not _within(visit, onset):
            out.append(((), ()))
            continue
        recorded = visit.function.functional_involvement if visit.function else None
        out.append((tuple(recorded or ()), _form_regions(visit)))
    return out


def early_function(visits: Sequence[Visit], onset: date | None) -> list[tuple[str, ...]]:
    """For each visit, the King's regions recorded functionally involved, by it or an
    earlier visit, at a visit within 12 months of onset. Flail arm and flail leg are defined
    by the other regions being spared functionally for 12 months from onset (S71); a region
    first recorded later may have been involved earlier, so only a record inside the 12
    months is read (it can exclude a flail limb, never confirm one)."""
    seen: dict[str, None] = {}
    early: list[tuple[str, ...]] = []
    for recorded, form in _early_records(visits, onset):
        seen.update(dict.fromkeys((*recorded, *form)))
        early.append(tuple(seen))
    return early


def _within(visit: Visit, onset: date | None) -> bool:
    return onset is not None and within_first_12_months(onset, visit.date)


def unallowed_umn(visit: Visit) -> list[Region]:
    """The regions where the visit's examination records a UMN sign the flail definitions
    do not allow (S71: pathological reflexes in a limb are allowed; increased tone, clonus
    and any UMN sign above the neck are not), as the phenotype reads them (A.6)."""
    out: list[Region] = []
    for region, found in visit.case.regions.items():
        signs = found.all_umn_signs
        if signs and (region not in LIMB_REGIONS or not REFLEX_SIGNS.issuperset(signs)):
            out.append(region)
    return sorted(out, key=lambda r: r.order)


def _excluding(
    code: PhenotypeCode, record: _Record, visit: Visit, later: Phenotype
) -> tuple[str, list[str]] | None:
    """What a later visit within 12 months of onset shows that a flail limb (`code`) does
    not allow: another King's region recorded functionally involved, or shown involved by
    its ALSFRS-R items, a UMN sign the definition does not allow, or weakness or wasting
    found in another region (EMG evidence alone is not the clinical picture S71 defines)."""
    for by, regions in zip(("function", "alsfrs_r"), record, strict=True):
        other = [r for r in regions if r != FLAIL_OWN_REGION[code]]
        if other:
            return by, other
    umn = unallowed_umn(visit)
    if umn:
        return "umn", [r.value for r in umn]
    # weakness or wasting outside the limb's own region within 12 months of onset excludes
    # it, as function lost elsewhere does (S71 defines it clinically)
    own = FLAIL_REGION[code]
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
                found = _excluding(phenotype.code, records[later], visits[later], phenotypes[later])
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


__all__ = ["early_function", "flail_excluded", "unallowed_umn"]
