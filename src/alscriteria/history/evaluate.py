"""`evaluate_history`: a patient's visits in, each visit's Assessments and the course out.

Each visit is evaluated by `evaluate_all` on the case as of that visit (its examination, the
EMG as of it, and the progression decided by `progression`), so a visit's Assessments are
exactly what `alscriteria evaluate` gives for that case, and they depend on that visit and
the earlier ones only: a later visit never changes them. Each visit's result keeps that
case (`VisitResult.evaluated_case`, outside the JSON), so the pages draw the case evaluated
instead of rebuilding it from the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from alscriteria.assess.assessment import Assessment
from alscriteria.assess.evaluate import evaluate_all
from alscriteria.assess.models.advice import Phenotype
from alscriteria.assess.phenotype import motor_phenotype, unexamined_regions
from alscriteria.assess.red_flags import treatable_mimic_findings
from alscriteria.case.model import Case, parse_case
from alscriteria.case.readings import Readings, readings_from
from alscriteria.errors import InvalidCaseError
from alscriteria.function.staging import DEFAULT_CUTOFFS
from alscriteria.history.alternative import alternative_revisits
from alscriteria.history.bulbar import beside_cord_flag, bulbar_records
from alscriteria.history.course import criteria_course
from alscriteria.history.findings import (
    VisitFindings,
    carried_labels,
    case_as_of,
    visit_findings,
)
from alscriteria.history.flail import early_function, flail_excluded
from alscriteria.history.model import History, InvalidHistoryError, parse_history
from alscriteria.history.next_visit import next_visit
from alscriteria.history.phenotype_course import course_phenotypes
from alscriteria.history.progression import MINIMUM_MONTHS, progression_bases
from alscriteria.history.resolved import signs_resolved
from alscriteria.history.result import Documentation, HistoryResult, ProgressionBasis, VisitResult
from alscriteria.history.staging import visit_staging
from alscriteria.regions.evidence import gather_evidence
from alscriteria.rules.engine import RuleEngine


def _phenotype(
    case: Case,
    readings: Readings,
    onset: date | None,
    on: date,
    results: Mapping[str, Assessment],
    needle_on: date | None,
    early_function: tuple[str, ...] = (),
) -> Phenotype:
    """The visit's motor phenotype (A.6): the Assessments' own, dated from the onset when
    the history has one (only a UMN-only picture reads the years). PLS is graded by the
    years from onset at the latest needle study (`needle_on`), which may be a carried one
    from an earlier visit: the criteria ask when active LMN degeneration was shown absent.
    `early_function` (history/flail.py) can exclude a flail limb (S71)."""
    if onset is None:
        return next(iter(results.values())).phenotype
    alternative = case.alternative_diagnosis is not None
    return motor_phenotype(
        gather_evidence(case, readings),
        onset,
        on,
        alternative=alternative,
        needle_on=needle_on,
        early_function=early_function,
        excluded=case.other_causes_excluded is True,
        unexamined=unexamined_regions(case),
        mimic=bool(treatable_mimic_findings(case)),
    )


def _needle_on(history: History, found: VisitFindings) -> date | None:
    """The date of the latest visit whose needle studies the visit's case holds."""
    at = found.latest_study_visit()
    return None if at is None else history.visits[at].date


def evaluate_history(
    history: History | Mapping[str, Any],
    readings: Readings | Mapping[str, Any] | None = None,
    *,
    criteria: tuple[str, ...] | None = None,
    plan: bool = True,
    engine: RuleEngine | None = None,
    delta_fs_cutoffs: str = DEFAULT_CUTOFFS,
) -> HistoryResult:
    """Every visit under the criteria sets, each set's course, and the next visit planned.

    Unlike `evaluate` and `evaluate_all`, the plans are on by default: the next visit is
    what a history is read for. `plan=False` leaves out the repeat-testing plans and the
    next visit (much faster: a cohort that reads only the course does not need them).
    Visits that record the ALSFRS-R or staging milestones also get the function measures and
    stages (docs/staging.md); `delta_fs_cutoffs` names the ΔFS band set (labra_2016,
    kimura_2006, gordon_2006, elamin_2015).
    """
    parsed = parse_history(history)
    chosen = readings_from(dict(readings) if isinstance(readings, Mapping) else readings)
    findings = visit_findings(parsed.visits, chosen)
    bases = progression_bases(parsed.visits, findings, MINIMUM_MONTHS)
    revisits = alternative_revisits(parsed.visits, findings)
    function = visit_staging(parsed.visits, parsed.onset, delta_fs_cutoffs)
    early = early_function(parsed.visits, parsed.onset)
    resolved = signs_resolved(parsed.visits)
    bulbar = bulbar_records(parsed.visits)
    first_date = parsed.visits[0].date
    evaluated: list[tuple[Case, dict[str, Any]]] = []
    for index, (visit, found, basis) in enumerate(zip(parsed.visits, findings, bases, strict=True)):
        try:  # validated here, so the case kept beside the result is the one evaluated
            case = parse_case(case_as_of(visit, found, basis.value))
            results = evaluate_all(case, chosen, criteria=criteria, plan=plan, engine=engine)
        except InvalidCaseError as exc:  # e.g. more EMG studies, carried, than a case holds
            raise InvalidHistoryError(
                [f"visits[{index}] (with the EMG of earlier visits): {p}" for p in exc.problems]
            ) from None
        fields = {
            "number": index + 1,
            "date": visit.date,
            "days_from_first_visit": (visit.date - first_date).days,
            "days_from_onset": (visit.date - parsed.onset).days if parsed.onset else None,
            "progression": basis,
            "emg_from_earlier_visits": carried_labels(found),
            "results": results,
            "alternative_revisit": revisits[index],
            "signs_resolved": resolved[index],
            "bulbar_symptoms": beside_cord_flag(index + 1, bulbar[index], case, results),
            "phenotype": _phenotype(
                case,
                chosen,
                parsed.onset,
                visit.date,
                results,
                _needle_on(parsed, found),
                early[index],
            ),
            **function[index],
        }
        evaluated.append((case, fields))
    # a flail limb named early is said to be excluded where a later visit's record excludes it
    named = [f["phenotype"] for _, f in evaluated]
    excluded = flail_excluded(parsed.visits, parsed.onset, named)
    # then each visit's phenotype is read over the course (a flail limb established, PMA)
    for (_, fields), read in zip(
        evaluated, course_phenotypes(parsed.visits, parsed.onset, named), strict=True
    ):
        fields["phenotype"] = read
    visits = [
        VisitResult.evaluated(kept, **fields, phenotype_excluded=gone)
        for (kept, fields), gone in zip(evaluated, excluded, strict=True)
    ]
    return HistoryResult(
        id=parsed.id,
        onset=parsed.onset,
        minimum_months=MINIMUM_MONTHS,
        visits=visits,
        course={cid: criteria_course(cid, visits, parsed.onset) for cid in visits[0].results},
        next_visit=(
            next_visit(
                parsed.visits,
                findings[-1],
                visits[-1].results,
                case,
                revisits[-1],
                _contradicted(visits[-1].progression),
            )
            if plan
            else None
        ),
    )


def _contradicted(progression: ProgressionBasis) -> Documentation | None:
    """The findings that document progression where the visit's file says 'no' (the file
    wins, A.5), or None: the next visit asks to confirm that record first."""
    if progression.source == "file" and progression.value is False:
        return progression.documented_by
    return None


__all__ = ["evaluate_history"]
