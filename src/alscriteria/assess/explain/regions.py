"""Each region's evidence as a result shows it: muscles with their roots in order, sides, and
regions not examined.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from alscriteria.anatomy.catalogue import root_sort_key
from alscriteria.anatomy.regions import Region
from alscriteria.assess.models.base import unvalidated
from alscriteria.assess.models.explanations import MuscleEvidence, RegionEvidence, SideEvidence
from alscriteria.assess.models.pieces import model_json
from alscriteria.criteria import CriteriaSet
from alscriteria.regions.evidence import NO_EMG_BY_DEFINITION as _NO_EMG_BY_DEFINITION
from alscriteria.regions.masks import RegionFacts, SideSigns, StudiedMuscle

MUSCLE_FINDINGS = (
    "fibrillation_potentials",
    "positive_sharp_waves",
    "fasciculation_potentials",
    "chronic_neurogenic_change",
)


@lru_cache(maxsize=1024)
def ordered_roots(roots: frozenset[str]) -> tuple[str, ...]:
    """A root set in the catalogue's order, kept for every muscle with that set (a tuple:
    each result's muscle gets a list of its own from it)."""
    return tuple(sorted(roots, key=root_sort_key))


def muscle_evidence_of(m: StudiedMuscle) -> MuscleEvidence:
    return MuscleEvidence.built(
        muscle=m.key,
        name=m.name,
        side=m.side,
        region=m.region,
        roots=list(ordered_roots(m.roots)),
        nerve=m.nerve,
        findings=[f for f in MUSCLE_FINDINGS if getattr(m.study, f)],
    )


@cache
def unexamined_region(cset: CriteriaSet, region: Region) -> RegionEvidence:
    """A region with nothing recorded reads the same in every case: built once (immutable)."""
    empty = RegionFacts(region, False, (), (), (), _NO_EMG_BY_DEFINITION)
    return evidence_of_region(cset, empty, muscle_evidence_of)


@cache
def unexamined_region_json(cset: CriteriaSet, region: Region) -> bytes:
    """Its JSON, the same for every case (the model itself is handed out copied)."""
    return model_json(unexamined_region(cset, region))


def evidence_of_region(
    cset: CriteriaSet, facts: RegionFacts, muscle: Callable[[StudiedMuscle], MuscleEvidence]
) -> RegionEvidence:
    return unvalidated(RegionEvidence, region_fields(cset, facts, muscle))


def region_frame(cset: CriteriaSet, facts: RegionFacts) -> tuple[bytes, bytes]:
    """A region's JSON around its two lists of muscles: up to the first list's opening
    bracket, and from the second's closing bracket on. Written by pydantic from the region
    with both lists empty (the lists are the region's only fields that name a muscle; the
    others are codes, flags and counts, which no muscle's JSON can contain), so that the
    caller writes each muscle's own JSON between them (context.py `_studied_region_json`)."""
    fields = frame_fields(cset, facts)
    written = model_json(unvalidated(RegionEvidence, fields))
    head, found, tail = written.partition(_EMPTY_LISTS)
    if not found or _EMPTY_LISTS in tail:
        raise ValueError(f"{written[:80]!r}: the muscle lists are not where a region has them")
    return head + b'"emg_muscles":[', b"]" + tail


_EMPTY_LISTS = b'"emg_muscles":[],"qualifying_muscles":[]'


def region_like(base: RegionEvidence, cset: CriteriaSet, facts: RegionFacts) -> RegionEvidence:
    """The region as `cset` sees it, from the same region as another criteria set with the
    same muscle definition sees it (`base`): the signs, muscles and EMG are the same; the
    clinical LMN definition (A.2) decides the rest."""
    values = dict(base.__dict__)
    values.update(
        clinical_lmn=cset.clinical_lmn(facts),
        lmn=cset.counts_as_lmn(facts),
        clinical_lmn_open=(
            cset.clinical_lmn_needs == "weakness_and_wasting" and facts.clinical_lmn_open
        ),
    )
    return unvalidated(RegionEvidence, values)


def region_fields(
    cset: CriteriaSet, facts: RegionFacts, muscle: Callable[[StudiedMuscle], MuscleEvidence]
) -> dict[str, Any]:
    fields = frame_fields(cset, facts)
    emg = facts.emg[cset.muscle_definition]
    fields["emg_muscles"] = [muscle(m) for m in emg.witness]
    fields["qualifying_muscles"] = [muscle(m) for m in emg.qualifying]
    return fields


def frame_fields(cset: CriteriaSet, facts: RegionFacts) -> dict[str, Any]:
    """A region's fields, in the order the model declares them, its two lists of muscles
    empty (`region_fields` fills them; `region_frame` writes them itself)."""
    emg = facts.emg[cset.muscle_definition]
    return {
        "region": facts.region,
        "examined": facts.examined,
        "umn": facts.umn,
        "umn_signs": list(facts.umn_signs),
        "clinical_lmn": cset.clinical_lmn(facts),
        "lmn_signs": list(facts.lmn_signs),
        "emg_lmn": emg.positive,
        "emg_lmn_sides": list(emg.positive_sides),
        "emg_muscles": [],
        "qualifying_muscles": [],
        "muscles_studied": len(facts.studied),
        "lmn": cset.counts_as_lmn(facts),
        "emg_summaries": list(emg.summaries),
        "clinical_lmn_open": (
            cset.clinical_lmn_needs == "weakness_and_wasting" and facts.clinical_lmn_open
        ),
        "reported_flags": list(facts.reported_flags),
        "emg_lmn_open": emg.open,
        "sides": [side_evidence(s) for s in facts.sides],
    }


def side_evidence(side: SideSigns) -> SideEvidence:
    return unvalidated(
        SideEvidence,
        {
            "side": side.side,
            "umn_signs": list(side.umn_signs),
            "lmn_signs": list(side.lmn_signs),
            "reported_flags": list(side.reported_flags),
        },
    )
