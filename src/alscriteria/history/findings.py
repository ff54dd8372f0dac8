"""What is known at each visit: its own examination, and the EMG as of that visit.

An EMG record carries the date of the visit it was done at. A needle study stays evidence
after the visit it was done at (no criteria set lets denervation found three months ago
expire), so the case evaluated at a visit holds the visit's own studies and, for every
muscle and side not studied again, its latest study from an earlier visit. The examination
(signs, region by region) is the visit's own: findings are as of that visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alscriteria.case import Case, MuscleStudy
from alscriteria.history.model import InvalidHistoryError, Visit
from alscriteria.readings import Readings
from alscriteria.regions.anatomy import REGION_ORDER, Region
from alscriteria.regions.catalogue import case_limits
from alscriteria.regions.evidence import MuscleDefinition, studied_muscle
from alscriteria.rules.trace import muscle_label

MuscleId = tuple[str, str | None]
"""A muscle and the side it was studied on: one needle site."""

#: The clinical LMN signs whose arrival documents progression. Fasciculations alone are not
#: an LMN sign (criteria.md A.2): twitching that spreads documents nothing.
LMN_WORSENING_SIGNS = ("weakness", "wasting")

#: Progression is judged by the broadest muscle definition (Awaji, A.2): a muscle that newly
#: shows chronic change with fibrillation potentials, positive sharp waves or fasciculation
#: potentials has worsened whichever criteria set is applied.
PROGRESSION_DEFINITION = MuscleDefinition.AWAJI


@dataclass(frozen=True, slots=True)
class SiteState:
    """The latest study of one needle site at some visit."""

    visit: int
    """Index of the visit the study was done at (from 0)."""
    region: Region
    qualifies: bool
    normal: bool
    label: str


@dataclass(frozen=True, slots=True)
class VisitFindings:
    """One visit as the comparison of visits reads it."""

    index: int
    examined: frozenset[Region]
    """Regions the visit's examination recorded (a region left out was not examined)."""
    umn: dict[Region, tuple[str, ...]]
    lmn: dict[Region, frozenset[str]]
    """Weakness and wasting per examined region."""
    sites: dict[MuscleId, SiteState]
    """Every needle site studied by this visit, at its latest study."""
    qualifying_sites: frozenset[MuscleId]
    """Sites whose latest study shows denervation with reinnervation."""
    clear_sites: frozenset[MuscleId]
    """Sites sampled whose latest study does not."""
    studies: tuple[tuple[int, MuscleStudy], ...]
    """The studies the case as of this visit holds, with the visit each was done at."""

    def qualifying(self, region: Region) -> list[str]:
        return sorted(s.label for s in self.sites.values() if s.region is region and s.qualifies)

    def lmn_involved(self, region: Region) -> bool:
        return bool(self.lmn.get(region)) or bool(self.qualifying(region))


def visit_findings(visits: Sequence[Visit], readings: Readings) -> list[VisitFindings]:
    """Each visit's findings, with the EMG as of that visit.

    A site's state changes only when it is studied again, so states are kept from visit to
    visit and only the sites a visit studies are read anew. A visit whose EMG, with what it
    carries from earlier visits, exceeds a case's size limit is refused here, before any
    comparison of visits is made.
    """
    accessory = readings.accessory_muscles
    most = case_limits()["emg_studies"]
    latest: dict[MuscleId, tuple[int, list[MuscleStudy]]] = {}
    states: dict[MuscleId, SiteState] = {}
    out = []
    for index, visit in enumerate(visits):
        case = visit.case
        here: dict[MuscleId, list[MuscleStudy]] = {}
        for study in case.emg:
            here.setdefault((study.muscle, study.side), []).append(study)
        for site, studies in here.items():
            latest[site] = (index, studies)
            anatomy = [studied_muscle(s, accessory) for s in studies]
            states[site] = SiteState(
                visit=index,
                region=anatomy[0].region,
                qualifies=any(m.qualifies(PROGRESSION_DEFINITION) for m in anatomy),
                normal=all(s.is_normal for s in studies),
                label=muscle_label(*site),
            )
        carried = tuple(
            (done_at, study)
            for done_at, studies in sorted(
                (v for site, v in latest.items() if site not in here), key=lambda v: v[0]
            )
            for study in studies
        )
        held = len(case.emg) + len(carried)
        if held > most:
            raise InvalidHistoryError(
                [
                    f"visits[{index}]: with the EMG of earlier visits (the latest study of "
                    f"each muscle and side) the visit holds {held} needle studies; a case "
                    f"holds at most {most} (see the size limits in the README)"
                ]
            )
        findings = {region: case.findings(region) for region in REGION_ORDER}
        out.append(
            VisitFindings(
                index=index,
                examined=frozenset(case.regions),
                umn={r: f.umn_signs for r, f in findings.items() if f.umn_signs},
                lmn={
                    r: frozenset(f.lmn_signs) & frozenset(LMN_WORSENING_SIGNS)
                    for r, f in findings.items()
                },
                sites=dict(states),
                qualifying_sites=frozenset(k for k, v in states.items() if v.qualifies),
                clear_sites=frozenset(k for k, v in states.items() if not v.qualifies),
                studies=tuple((index, s) for s in case.emg) + carried,
            )
        )
    return out


def case_as_of(visit: Visit, findings: VisitFindings, progression: bool | None) -> Case:
    """The case evaluated at a visit: its examination, the EMG as of it, and progression.

    The visit's own case is returned unchanged when nothing is added, so a history of one
    visit is evaluated on exactly that case.
    """
    case = visit.case
    emg = tuple(study for _, study in findings.studies)
    if emg == case.emg and progression == case.progression:
        return case
    return case.model_copy(update={"emg": emg, "progression": progression})


def carried_labels(findings: VisitFindings) -> list[str]:
    """The muscles whose latest study was done at an earlier visit."""
    return [
        muscle_label(study.muscle, study.side)
        for done_at, study in findings.studies
        if done_at != findings.index
    ]


__all__ = [
    "LMN_WORSENING_SIGNS",
    "PROGRESSION_DEFINITION",
    "MuscleId",
    "SiteState",
    "VisitFindings",
    "carried_labels",
    "case_as_of",
    "visit_findings",
]
