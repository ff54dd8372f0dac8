"""A patient's history as a page: the visits, when each criteria set was first met, the last
visit in full, and the next visit planned (docs/history.md; criteria.md A.4, A.5).

The comparisons of the criteria report the category at the first and the last evaluation
and which set is met earlier (B.4.4, B.5); a clinician filing the page wants the same, plus
the last visit's map and plan. The last visit is drawn by the case page's own sections
(page.py) from its Assessments and the case as of that visit (its examination and the EMG
of earlier visits still counted), so the two pages can never say it differently.

About 470 lines: one page's view model (the visits table, the first-met summary, the
function and stage rows, the next visit), each part reading the same history result; the
drawing is in the templates and the last visit in page.py's sections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from alscriteria import wording
from alscriteria.anatomy.vocabulary import label
from alscriteria.assess.assessment import Assessment
from alscriteria.case.dates import in_months
from alscriteria.case.model import Case
from alscriteria.criteria import criteria_set
from alscriteria.history.findings import case_as_of, visit_findings
from alscriteria.history.flags import raised_flags
from alscriteria.history.model import History, parse_history
from alscriteria.history.result import HistoryResult, NextVisit, ProgressionBasis, VisitResult
from alscriteria.report.case_views import CasePage, ChartHeader, Sentence
from alscriteria.report.page import build_case_page, muscle_words, phenotype_line
from alscriteria.report.trajectory import Trajectory, draw_trajectory

#: How a visit's progression was decided, in words (history/result.py ProgressionSource).
BASIS = {
    "file": "given in the file (it wins)",
    "findings": "derived from the findings",
    "earlier_visit": "given at an earlier visit",
    "not_documented": "not documented",
}

#: A category that rose or fell since the visit before: a mark and a word, never colour alone.
RISE, FALL = ("\u25b2", "rose"), ("\u25bc", "fell")


@dataclass(frozen=True)
class VisitCell:
    criteria: str
    category: str
    words: str
    met: bool
    mark: str
    change: str
    """ "rose", "fell" or "" since the visit before."""
    undecided: str
    """What the summaries or flags allow, where they leave this visit's category open."""
    open_source: str = ""
    """What leaves it open, in words: "the summaries", "the yes/no flags" or both."""


@dataclass(frozen=True)
class VisitRow:
    number: int
    date: str
    months_from_first: str
    months_from_onset: str
    cells: tuple[VisitCell, ...]
    progression: str
    basis: str
    source: str
    progression_text: str
    carried: tuple[str, ...]
    warnings: int
    phenotype: Sentence = field(default=Sentence(""))
    """The motor phenotype at this visit, dated from the onset where there is one (A.6)."""
    waits: str = ""
    """Why no criteria set can be met at this visit (A.3), another cause recorded named."""
    revisit: Sentence = field(default=Sentence(""))
    """Another cause restated beside findings that go beyond it: revisit it (A.3, A.5)."""
    phenotype_excluded: Sentence = field(default=Sentence(""))
    """A flail limb named here that a later visit's record excludes (S71)."""


@dataclass(frozen=True)
class CourseRow:
    criteria: str
    title: str
    first_met: str
    """ "visit 2 (2024-07-15)" or "not met at any visit"."""
    first_met_visit: int | None
    from_first_visit: str
    from_onset: str
    at_first: str
    at_last: str
    met_at_first: bool
    met_at_last: bool


@dataclass(frozen=True)
class SamplingRow:
    region: str
    last_emg: str
    window: str
    overdue: bool
    spared: tuple[str, ...]
    abnormal: tuple[str, ...]
    withheld: tuple[str, ...] = ()
    """Normal then, but the last visit's contraindications keep the needle from them."""
    other_side: tuple[str, ...] = ()
    """The withheld muscles on the other side, which may be needled instead."""
    later: tuple[str, ...] = ()
    """Normal then, but the last visit's contraindications put them after the others."""


@dataclass(frozen=True)
class NextVisitView:
    reason: str
    text: str
    source: str
    plan_reasons: tuple[tuple[str, str, str], ...]
    """(criteria title, the plan's reason in words, its code)."""
    regions: tuple[SamplingRow, ...]
    never_sampled: tuple[str, ...]
    study_first: tuple[str, ...] = ()
    repeat_when: str = ""
    """When the table's rows repeat each region's EMG, in words (the rows' window)."""
    cautions: tuple[tuple[str, str, str], ...] = ()
    """(text, code, source) of each needling caution for the next visit."""


@dataclass(frozen=True)
class RedFlag:
    """A red flag raised at one or more visits, said once with the visits that raised it."""

    text: str
    code: str
    source: str
    visits: tuple[int, ...]

    @property
    def at(self) -> str:
        return ("visit " if len(self.visits) == 1 else "visits ") + ", ".join(
            str(v) for v in self.visits
        )


def _red_flags(visits: list[VisitResult]) -> tuple[RedFlag, ...]:
    """Every visit's red flags, each wording once with the visits that raised it."""
    return tuple(
        RedFlag(f.item.text, f.item.code, f.item.source, f.visits) for f in raised_flags(visits)
    )


@dataclass(frozen=True)
class FunctionRow:
    """One visit's function and stage, as the page's table prints them (docs/staging.md)."""

    number: int
    date: str
    total: str
    domains: str
    delta_fs: str
    slope: str
    mitos: str
    kings: str
    text: str
    fell: str = ""
    """The King's stage is below one shown at an earlier visit: what that means (empty
    otherwise)."""


def _function_rows(visits: Sequence[VisitResult]) -> tuple[FunctionRow, ...]:
    rows = []
    for v in visits:
        if v.staging is None:
            continue
        domains = "/".join(
            wording.measure(d)
            for d in (
                v.alsfrs_r_bulbar,
                v.alsfrs_r_fine_motor,
                v.alsfrs_r_gross_motor,
                v.alsfrs_r_respiratory,
            )
        )
        band = (v.delta_fs_band or "").replace("_", " ")
        rate = wording.delta_fs_figure(v.delta_fs, v.staging.delta_fs_cutoffs)
        kings = v.kings_stage or "-"
        if v.staging.kings_source == "alsfrs_r":
            kings += " (from the ALSFRS-R)"
        rows.append(
            FunctionRow(
                v.number,
                v.date.isoformat(),
                wording.measure(v.alsfrs_r_total),
                domains,
                rate + (f" ({band})" if band else ""),
                wording.slope_figure(v),
                wording.measure(v.mitos_stage),
                kings,
                v.staging.text,
                v.staging.kings_fell.text if v.staging.kings_fell is not None else "",
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class HistoryPage:
    patient: str
    onset: str
    first_visit: str
    last_visit: str
    visit_count: int
    minimum_months: int
    titles: tuple[tuple[str, str], ...]
    """(criteria id, title) in column order."""
    visits: tuple[VisitRow, ...]
    course: tuple[CourseRow, ...]
    last: CasePage
    last_number: int
    next_visit: NextVisitView | None
    red_flags: tuple[RedFlag, ...] = ()
    header: ChartHeader = field(default_factory=ChartHeader)
    function: tuple[FunctionRow, ...] = ()
    """Each visit's ALSFRS-R and stages (docs/staging.md), for visits that record them."""
    trajectory: Trajectory | None = None
    slope_legend: str = ""
    """What the function table's slope column holds (a rate, or the points and days of forms
    under the slope's minimum interval apart, A.5)."""


def _months(days: int | None) -> str:
    if days is None:
        return ""
    return "0 months" if days == 0 else f"{in_months(days)} months ({days} days)"


def _cell(visit: VisitResult, before: VisitResult | None, cid: str) -> VisitCell:
    a = visit.results[cid]
    mark, change = "", ""
    if before is not None:
        cset = criteria_set(cid)
        previous = before.results[cid].category
        if cset.rank(a.category) > cset.rank(previous):
            mark, change = RISE
        elif cset.rank(a.category) < cset.rank(previous):
            mark, change = FALL
    allowed, source = "", ""
    if a.undecided:
        allowed = " or ".join(wording.category(c) for c in a.undecided.categories)
        source = wording.open_sources([r.missing for r in a.undecided.regions])
    return VisitCell(
        cid, a.category.value, wording.category(a.category), a.met, mark, change, allowed, source
    )


def _basis(basis: ProgressionBasis) -> tuple[str, str]:
    said = {True: "yes", False: "no", None: "unknown"}[basis.value]
    words = BASIS[basis.source]
    if basis.source == "earlier_visit" and basis.from_visit is not None:
        words = f"given at visit {basis.from_visit}"
    return said, words


def _held_back(visit: VisitResult, earlier: int | None) -> str:
    """`earlier`: the visit that recorded other causes excluded where this one is blank."""
    prerequisites = visit.held_back()
    if prerequisites is None:
        return ""
    waits = wording.visit_waits(prerequisites.missing, prerequisites.alternative_diagnosis)
    return waits if earlier is None else f"{waits} {wording.exclusion_not_restated(earlier)}"


def _revisit(visit: VisitResult) -> Sentence:
    revisit = visit.alternative_revisit
    if revisit is None:
        return Sentence("")
    return Sentence(revisit.text, "alternative_revisit", wording.REVISIT_SOURCE)


def _from_first(visit: VisitResult, months: int) -> str:
    """The time from visit 1, as `_months` says it, but in calendar months where months of
    30.44 days would put it on the other side of the `months` that progression's pairs of
    visits are compared against (A.5: 183 days from 1 March to 31 August is under six)."""
    return _since_first(visit.date, visit.days_from_first_visit, months)


def _since_first(day: date, days: int | None, months: int) -> str:
    """`_from_first` for any date `days` after visit 1 (a visit, the visit a criteria set
    was first met at); "" where there is none."""
    if days is None:
        return ""
    if days == 0:
        return _months(days)
    first = day - timedelta(days=days)
    apart = {"earlier_date": first, "later_date": day, "days_apart": days}
    return f"{wording.interval_words(apart, months)} ({days} days)"


def _visit_row(
    visit: VisitResult, before: VisitResult | None, earlier: int | None = None, months: int = 6
) -> VisitRow:
    said, words = _basis(visit.progression)
    first = next(iter(visit.results.values()))
    return VisitRow(
        number=visit.number,
        date=visit.date.isoformat(),
        months_from_first=_from_first(visit, months),
        months_from_onset=_months(visit.days_from_onset),
        cells=tuple(_cell(visit, before, cid) for cid in visit.results),
        progression=said,
        basis=words,
        source=visit.progression.source,
        progression_text=visit.progression.text,
        carried=tuple(muscle_words(m) for m in visit.emg_from_earlier_visits),
        warnings=len(first.warnings),
        phenotype=phenotype_line(visit.phenotype),
        waits=_held_back(visit, earlier),
        revisit=_revisit(visit),
        phenotype_excluded=_excluded(visit),
    )


def _excluded(visit: VisitResult) -> Sentence:
    gone = visit.phenotype_excluded
    return Sentence("") if gone is None else Sentence(gone.text, gone.phenotype, gone.source)


def _course(result: HistoryResult) -> tuple[CourseRow, ...]:
    out = []
    for cid, c in result.course.items():
        if c.first_met_visit is None or c.first_met_date is None:
            first = "not met at any visit"
        else:
            first = f"visit {c.first_met_visit} ({c.first_met_date.isoformat()})"
        out.append(
            CourseRow(
                criteria=cid,
                title=c.title,
                first_met=first,
                first_met_visit=c.first_met_visit,
                from_first_visit=(
                    _since_first(c.first_met_date, c.days_from_first_visit, result.minimum_months)
                    if c.first_met_date is not None
                    else ""
                )
                or "\u2014",
                from_onset=(
                    _months(c.days_from_onset)
                    if c.days_from_onset is not None
                    else ("no onset recorded" if result.onset is None else "\u2014")
                ),
                at_first=wording.category(c.category_at_first_visit),
                at_last=wording.category(c.category_at_last_visit),
                met_at_first=c.met_at_first_visit,
                met_at_last=c.met_at_last_visit,
            )
        )
    return tuple(out)


def _region_words(region: str) -> str:
    return label("regions", region).split(" (")[0]


def _next_visit(
    plan: NextVisit, titles: Mapping[str, str], missing: Mapping[str, Sequence[str]]
) -> NextVisitView:
    """`missing`: each criteria set's missing prerequisites at the last visit, so that a plan
    waiting on them names the one missing (not both)."""
    rows = []
    for r in plan.regions:
        last = (
            f"visit {r.last_emg_visit} ({r.last_emg_date.isoformat()})"
            if r.last_emg_visit is not None and r.last_emg_date is not None
            else "never"
        )
        if r.due_from is not None and r.due_by is not None:
            window = f"{r.due_from.isoformat()} to {r.due_by.isoformat()}"
        elif r.emg_positive:
            window = "no repeat: EMG already shows LMN involvement here for every criteria set"
        else:
            window = "no repeat planned"
        rows.append(
            SamplingRow(
                _region_words(r.region.value),
                last,
                window,
                r.overdue,
                tuple(muscle_words(m) for m in r.spared),
                tuple(muscle_words(m) for m in r.abnormal),
                tuple(wording.withheld_words(w) for w in r.withheld),
                tuple(muscle_words(m) for m in r.other_side),
                tuple(wording.withheld_words(w) for w in r.later),
            )
        )
    return NextVisitView(
        reason=plan.reason,
        text=plan.text,
        source=plan.source,
        plan_reasons=tuple(
            (titles.get(cid, cid), wording.plan_reason(code, missing.get(cid, ())), code)
            for cid, code in plan.plan_reasons.items()
        ),
        regions=tuple(rows),
        never_sampled=tuple(_region_words(r.value) for r in plan.never_sampled),
        study_first=tuple(_region_words(r.value) for r in plan.study_first),
        repeat_when=wording.repeat_when(plan.values),
        cautions=tuple((c.text, c.code, c.source) for c in plan.cautions),
    )


def _missing_prerequisites(results: Mapping[str, Assessment]) -> dict[str, list[str]]:
    """Each set's missing prerequisites, as its plan's reason names them."""
    out: dict[str, list[str]] = {}
    for cid, a in results.items():
        missing = a.plan.values.get("missing") if a.plan is not None else None
        if isinstance(missing, list):
            out[cid] = [str(m) for m in missing]
    return out


def last_visit_case(history: History | Mapping[str, Any], result: HistoryResult) -> Case:
    """The case the last visit was evaluated on: its examination, the EMG as of it (earlier
    visits' studies of muscles not studied again still count), and its progression.

    `evaluate_history` keeps that very case beside the visit's result, and the page draws it.
    A result read back from JSON does not carry it (the document holds no cases), so the case
    is then rebuilt from `history` the way `evaluate_history` built it: the same history gives
    the same case, and so the same page."""
    last = result.visits[-1]
    if last.evaluated_case is not None:
        return last.evaluated_case
    parsed = parse_history(history)
    first: Assessment = next(iter(last.results.values()))
    findings = visit_findings(parsed.visits, first.readings)
    return case_as_of(parsed.visits[-1], findings[-1], last.progression.value)


def build_history_page(
    history: History | Mapping[str, Any],
    result: HistoryResult,
    header: ChartHeader | None = None,
) -> HistoryPage:
    """The page's content for a history and its `evaluate_history(..., plan=True)` result;
    `header` fills the chart header (blank lines to write on where it is None)."""
    visits = result.visits
    last = visits[-1]
    titles = {cid: a.title for cid, a in last.results.items()}
    # the last visit's phenotype is dated from the onset, as the visit list says it
    page = build_case_page(
        last_visit_case(history, result), last.results, last.date, phenotype=last.phenotype
    )
    return HistoryPage(
        patient=result.id or "(no patient id recorded)",
        onset=result.onset.isoformat() if result.onset else "not recorded",
        first_visit=visits[0].date.isoformat(),
        last_visit=last.date.isoformat(),
        visit_count=len(visits),
        minimum_months=result.minimum_months,
        titles=tuple(titles.items()),
        visits=tuple(
            _visit_row(
                v,
                visits[i - 1] if i else None,
                result.exclusion_not_restated(i),
                result.minimum_months,
            )
            for i, v in enumerate(visits)
        ),
        course=_course(result),
        last=page,
        last_number=last.number,
        next_visit=(
            _next_visit(result.next_visit, titles, _missing_prerequisites(last.results))
            if result.next_visit
            else None
        ),
        red_flags=_red_flags(visits),
        header=header or ChartHeader(),
        function=_function_rows(visits),
        trajectory=draw_trajectory(result),
        slope_legend=wording.slope_legend(visits),
    )


__all__ = ["HistoryPage", "build_history_page", "last_visit_case"]
