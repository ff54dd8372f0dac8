"""What is known at each visit: its own examination, and the EMG as of that visit.

An EMG record carries the date of the visit it was done at. A needle study stays evidence
after the visit it was done at (no criteria set lets denervation found three months ago
expire), so the case evaluated at a visit holds the visit's own studies and, for every
muscle and side not studied again, its latest study from an earlier visit. A registry's EMG
summary of a region or a limb is carried the same way, until that limb, or the whole region,
is summarised again (a summary that leaves everything unknown is no new study). The
examination (signs and registry flags, region by region, per limb where given) is the
visit's own: findings are as of that visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alscriteria.anatomy.catalogue import case_limits, muscle_label
from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.case.findings import EMGSummary, RegionFindings, SideFindings
from alscriteria.case.model import Case, with_studies
from alscriteria.case.readings import Readings
from alscriteria.case.studies import MuscleStudy
from alscriteria.history.model import InvalidHistoryError, Visit
from alscriteria.regions.evidence import studied_muscle
from alscriteria.regions.masks import MuscleDefinition
from alscriteria.regions.summaries import Answer, any_of, qualifies

MuscleId = tuple[str, str | None]
"""A muscle and the side it was studied on: one needle site."""

SummaryId = tuple[Region, str]
"""A region and the part an EMG summary was given for: "region", "left" or "right"."""

#: A registry's yes/no UMN flag in a change's findings, when the signs are not named (a code:
#: wording/progression.py FLAG_FINDING says it).
UMN_FLAG = "umn_flag"

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
    """UMN signs per region, whichever limb they were given for (`UMN_FLAG` for a yes flag
    without signs)."""
    lmn: dict[Region, frozenset[str]]
    """Weakness and wasting named per examined region, whichever limb."""
    lmn_unnamed: frozenset[Region]
    """Regions with a clinical LMN flag yes whose weakness or wasting is not named there: what
    the signs were is not known, so they cannot be compared with a later visit's."""
    summary_lmn: dict[Region, Answer]
    """Regions with EMG summaries as of this visit: whether they show denervation with
    reinnervation (the progression definition), open where they do not say."""
    summarised_here: frozenset[Region]
    """Regions summarised at this visit itself (not carried from an earlier one)."""
    sites: dict[MuscleId, SiteState]
    """Every needle site studied by this visit, at its latest study."""
    qualifying_sites: frozenset[MuscleId]
    """Sites whose latest study shows denervation with reinnervation."""
    clear_sites: frozenset[MuscleId]
    """Sites sampled whose latest study does not."""
    studies: tuple[tuple[int, MuscleStudy], ...]
    """The studies the case as of this visit holds, with the visit each was done at."""
    summaries: tuple[tuple[int, SummaryId, EMGSummary], ...] = ()
    """The EMG summaries the case as of this visit holds, with the visit each was given at."""

    def latest_study_visit(self) -> int | None:
        """Index of the latest visit whose needle studies (muscles or an EMG summary that
        answers) the case as of this visit holds; None when nothing has been needled. The PLS
        criteria date the absence of active LMN degeneration by it (A.6)."""
        done = [at for at, _ in self.studies] + [at for at, _, _ in self.summaries]
        return max(done, default=None)

    def qualifying(self, region: Region) -> list[str]:
        return sorted(s.label for s in self.sites.values() if s.region is region and s.qualifies)

    def lmn_involved(self, region: Region) -> Answer:
        """LMN involvement of the region: weakness or wasting (named or flagged), a muscle
        with denervation and reinnervation, or a summary that says so; open when only a
        summary that does not say could show it."""
        if self.lmn.get(region) or region in self.lmn_unnamed or self.qualifying(region):
            return True
        return self.summary_lmn.get(region, False)

    def summary_clear(self, region: Region) -> bool:
        """The region's EMG summaries say no muscle there shows denervation with
        reinnervation (a summary is compared with a summary: a muscle record says nothing of
        the muscles it did not sample)."""
        return self.summary_lmn.get(region, True) is False and not self.qualifying(region)


def _says_something(summary: EMGSummary) -> bool:
    return any(value is not None for value in summary.model_dump().values())


def _clinical(findings: RegionFindings) -> tuple[tuple[str, ...], frozenset[str], bool]:
    """A region's UMN signs, named weakness and wasting, and whether an LMN flag leaves its
    signs unnamed, whichever limb (or the whole region) they were given for."""
    parts: list[RegionFindings | SideFindings] = [findings, *(f for _, f in findings.sides)]
    umn = findings.all_umn_signs
    if not umn and any(p.umn for p in parts):
        umn = (UMN_FLAG,)
    named = frozenset(findings.all_lmn_signs) & frozenset(LMN_WORSENING_SIGNS)
    unnamed = any(
        p.lmn and not frozenset(p.lmn_signs) & frozenset(LMN_WORSENING_SIGNS) for p in parts
    )
    return umn, named, unnamed


#: The needle studies one history may hold in all, counting each visit's carried EMG (the
#: latest study of every muscle and side seen before it). A visit is evaluated with all of
#: them, so this bounds a history's time and the size of its result: 60 visits carrying 300
#: studies each, far past any real diagnostic course, stay under it.
MAX_HISTORY_STUDIES = 20_000


def visit_findings(visits: Sequence[Visit], readings: Readings) -> list[VisitFindings]:
    """Each visit's findings, with the EMG as of that visit.

    A site's state changes only when it is studied again, so states are kept from visit to
    visit and only the sites a visit studies are read anew. A visit whose EMG, with what it
    carries from earlier visits, exceeds a case's size limit is refused here, before any
    comparison of visits is made.
    """
    accessory = readings.accessory_muscles
    most = case_limits()["emg_studies"]
    evaluated = 0
    latest: dict[MuscleId, tuple[int, list[MuscleStudy]]] = {}
    states: dict[MuscleId, SiteState] = {}
    summaries: dict[SummaryId, tuple[int, EMGSummary]] = {}
    out = []
    for index, visit in enumerate(visits):
        case = visit.case
        summarised_here: set[Region] = set()
        for region, given in case.regions.items():
            for part, summary in given.emg_summaries:
                if not _says_something(summary):
                    continue  # "unknown" throughout is no new study
                summarised_here.add(region)
                if part == "region":
                    # a conclusion for the whole region replaces those of its limbs too
                    summaries = {k: v for k, v in summaries.items() if k[0] is not region}
                summaries[(region, part)] = (index, summary)
        summary_lmn: dict[Region, list[Answer]] = {}
        for (region, _), (_, summary) in summaries.items():
            found = qualifies(summary, PROGRESSION_DEFINITION.value)
            summary_lmn.setdefault(region, []).append(found)
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
        evaluated += held
        if evaluated > MAX_HISTORY_STUDIES:
            raise InvalidHistoryError(
                [
                    f"visits[{index}]: with the EMG each visit carries from earlier visits, the "
                    f"visits up to this one hold {evaluated} needle studies in all; a history "
                    f"holds at most {MAX_HISTORY_STUDIES} (each visit is evaluated with every "
                    "muscle studied before it: see the size limits in docs/history.md)"
                ]
            )
        if held > most:
            raise InvalidHistoryError(
                [
                    f"visits[{index}]: with the EMG of earlier visits (the latest study of "
                    f"each muscle and side) the visit holds {held} needle studies; a case "
                    f"holds at most {most} (see the size limits in the README)"
                ]
            )
        clinical = {region: _clinical(case.findings(region)) for region in REGION_ORDER}
        out.append(
            VisitFindings(
                index=index,
                examined=frozenset(case.regions),
                umn={r: umn for r, (umn, _, _) in clinical.items() if umn},
                lmn={r: named for r, (_, named, _) in clinical.items()},
                lmn_unnamed=frozenset(r for r, (_, _, unnamed) in clinical.items() if unnamed),
                summary_lmn={r: any_of(answers) for r, answers in summary_lmn.items()},
                summarised_here=frozenset(summarised_here),
                sites=dict(states),
                qualifying_sites=frozenset(k for k, v in states.items() if v.qualifies),
                clear_sites=frozenset(k for k, v in states.items() if not v.qualifies),
                studies=tuple((index, s) for s in case.emg) + carried,
                summaries=tuple(
                    (done_at, key, summary) for key, (done_at, summary) in summaries.items()
                ),
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
    carried = [(key, s) for done_at, key, s in findings.summaries if done_at != findings.index]
    if emg == case.emg and progression == case.progression and not carried:
        return case
    if not carried:  # validated once: the studies carried were checked in their visits
        return with_studies(case, emg, progression)
    update: dict[str, object] = {"emg": emg, "progression": progression}
    update["regions"] = _with_summaries(case, carried)
    return case.model_copy(update=update)  # validated by evaluate_all, as a whole


def _with_summaries(
    case: Case, carried: list[tuple[SummaryId, EMGSummary]]
) -> dict[Region, RegionFindings]:
    """The visit's regions with the EMG summaries carried from earlier visits added. A region
    the visit did not examine is added for its summary alone (the summary is EMG, not an
    examination finding)."""
    regions = dict(case.regions)
    for (region, part), summary in carried:
        findings = regions.get(region, RegionFindings())
        if part == "region":
            findings = findings.model_copy(update={"emg": summary})
        else:
            side = getattr(findings, part) or SideFindings()
            findings = findings.model_copy(update={part: side.model_copy(update={"emg": summary})})
        regions[region] = findings
    return regions


def carried_labels(findings: VisitFindings) -> list[str]:
    """The muscles whose latest study was done at an earlier visit, and the EMG summaries
    given at an earlier visit."""
    muscles = [
        muscle_label(study.muscle, study.side)
        for done_at, study in findings.studies
        if done_at != findings.index
    ]
    summaries = [
        f"{region.value}{'' if part == 'region' else ' ' + part} EMG summary (visit {done_at + 1})"
        for done_at, (region, part), _ in findings.summaries
        if done_at != findings.index
    ]
    return muscles + summaries


__all__ = [
    "LMN_WORSENING_SIGNS",
    "MAX_HISTORY_STUDIES",
    "PROGRESSION_DEFINITION",
    "UMN_FLAG",
    "MuscleId",
    "SiteState",
    "VisitFindings",
    "carried_labels",
    "case_as_of",
    "visit_findings",
]
