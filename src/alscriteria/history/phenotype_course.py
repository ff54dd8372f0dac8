"""The phenotype a visit names, read over the course the history records (criteria.md A.6).

A visit's own findings give its phenotype (`motor_phenotype`), but two forms are defined by
the course, not by one examination:

- Flail arm and flail leg are defined by the first 12 months from onset (S71: LMN
  involvement confined to the arms, or the legs, and the other regions spared functionally
  for those months). Once the visits' record shows it established (a visit 12 months or
  more from onset names it, and no earlier visit named anything the definition excludes),
  spread after those months does not undo it: Wijesekera 2009 reports the survival of the
  group so defined and keeps progressive muscular atrophy for LMN pictures "excluding FA
  and FL cases". A later visit whose findings alone read PMA or classic keeps the flail
  name, and says the spread (`flail_arm_spread`, `flail_leg_spread`).
- Progressive muscular atrophy is LMN involvement with no UMN sign over the course (S71,
  S73). A visit with LMN signs only after an earlier visit recorded UMN signs is not PMA:
  the signs it no longer finds are a red flag of their own (`signs_resolved`, B.4.1), and
  the phenotype says so (`lmn_only_umn_earlier`) instead of naming PMA. A flail limb read
  after an earlier visit recorded a UMN sign its definition does not allow (increased
  tone, clonus, a UMN sign above the neck) is said the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from alscriteria.assess.models.advice import Phenotype, PhenotypeCode
from alscriteria.assess.phenotype import FLAIL_REGION, within_first_12_months
from alscriteria.history.flail import unallowed_umn
from alscriteria.history.model import Visit

#: A flail limb's code and the code it keeps after spreading (its own region: FLAIL_REGION).
_FLAIL: dict[PhenotypeCode, PhenotypeCode] = {
    "flail_arm": "flail_arm_spread",
    "flail_leg": "flail_leg_spread",
}
#: What an earlier visit may name without excluding a flail limb established later: the
#: same limb confined, one limb of it, its region on EMG alone, or nothing yet.
_CONSISTENT: frozenset[PhenotypeCode] = frozenset(
    {
        "flail_arm",
        "flail_leg",
        "lmn_one_arm",
        "lmn_one_leg",
        "lmn_arms_emg_only",
        "lmn_legs_emg_only",
        "no_motor_signs",
    }
)
#: What a visit's findings alone may read after a flail limb is established: spread.
_SPREAD_READS: frozenset[PhenotypeCode] = frozenset({"classic", "progressive_muscular_atrophy"})


def _fields(phenotype: Phenotype) -> dict[str, object]:
    """A phenotype's codes and values, without its words (the voice words them again)."""
    worded = set(Phenotype.worded)
    return {k: getattr(phenotype, k) for k in Phenotype.model_fields if k not in worded}


def _established(
    visits: Sequence[Visit], onset: date | None, phenotypes: Sequence[Phenotype]
) -> int | None:
    """The first visit (index) at which the record shows a flail limb established: it
    names one 12 months or more from onset, and every earlier visit named only that limb,
    one limb of it, or no motor sign."""
    if onset is None:
        return None
    for index, phenotype in enumerate(phenotypes):
        if phenotype.code not in _CONSISTENT or phenotype.pattern_only:
            return None
        late = not within_first_12_months(onset, visits[index].date)
        if late and phenotype.code in _FLAIL:
            return index
    return None


def _kept_flail(established: Phenotype, later: Phenotype) -> Phenotype | None:
    """The later visit's phenotype as the established flail limb with its spread, where
    its findings alone read PMA or classic and still involve the limb (LMN)."""
    own, spread = FLAIL_REGION[established.code], _FLAIL[established.code]
    if later.pattern_only or later.code not in _SPREAD_READS or own not in later.lmn_regions:
        return None
    fields = _fields(later)
    # the need for both limbs, and the other limb's normal muscles that withhold the
    # survival figure, are the established visit's (A.6)
    fields.update(
        code=spread,
        needs=list(established.needs),
        other_limb=established.other_limb,
        other_limb_muscles=list(established.other_limb_muscles),
        other_limb_emg_only=established.other_limb_emg_only,
    )
    return Phenotype.said(**fields)


def _umn_recorded_before(visits: Sequence[Visit], index: int, code: PhenotypeCode) -> bool:
    """Whether a visit before this one recorded a UMN sign that the form now read does not
    allow: any, for PMA; for a flail limb, one other than a pathological reflex in a limb."""
    earlier = visits[:index]
    if code in _FLAIL:
        return any(unallowed_umn(visit) for visit in earlier)
    return any(found.all_umn_signs for visit in earlier for found in visit.case.regions.values())


def _not_pma(visits: Sequence[Visit], index: int, phenotype: Phenotype) -> Phenotype | None:
    """A PMA (or flail limb) reading after UMN signs recorded earlier that it does not
    allow, said as LMN involvement only at this visit."""
    named = phenotype.code
    if named not in ("progressive_muscular_atrophy", *_FLAIL) or phenotype.pattern_only:
        return None
    if not _umn_recorded_before(visits, index, named):
        return None
    fields = _fields(phenotype)
    # the other limb a flail reading lacks is no part of this reading: it names no flail limb
    fields.update(
        code="lmn_only_umn_earlier",
        needs=[],
        other_limb=None,
        other_limb_muscles=[],
        other_limb_emg_only=False,
    )
    return Phenotype.said(**fields)


def course_phenotypes(
    visits: Sequence[Visit], onset: date | None, phenotypes: Sequence[Phenotype]
) -> list[Phenotype]:
    """Each visit's phenotype read over the course: a flail limb established keeps its
    name after spread, and PMA is not named after UMN signs recorded earlier."""
    out = list(phenotypes)
    at = _established(visits, onset, phenotypes)
    if at is not None:
        for index in range(at + 1, len(out)):
            out[index] = _kept_flail(phenotypes[at], out[index]) or out[index]
    for index, phenotype in enumerate(out):
        out[index] = _not_pma(visits, index, phenotype) or phenotype
    return out


__all__ = ["course_phenotypes"]
