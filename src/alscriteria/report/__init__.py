"""Documents for a chart or a paper: the case report and the cohort summary as HTML pages.

The only package that imports the templating library (jinja2), as `rich` is only imported by
`cli/`. Each page is a view-model built from the results (page.py, cohort.py), drawn by a
template of `templates/` that extends `base.html.j2`; a new page (a patient's history of
visits: history.py) has its own view-model module and template beside these.

Pages are self-contained: the stylesheet and every picture (inline SVG) are in the file, and
nothing needs a script or the network to be read or printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from alscriteria import __version__
from alscriteria.assess.assessment import Assessment
from alscriteria.case.model import Case
from alscriteria.cohort.summary_model import BatchSummary
from alscriteria.history.result import HistoryResult
from alscriteria.report.case_views import CasePage, ChartHeader
from alscriteria.report.cohort import CohortPage, build_cohort_page
from alscriteria.report.files import ReportWriteError, write_page
from alscriteria.report.history import HistoryPage, build_history_page
from alscriteria.report.page import build_case_page
from alscriteria.report.templating import render


def case_report(
    case: Case | Mapping[str, Any],
    results: Mapping[str, Assessment],
    report_date: dt.date,
    header: ChartHeader | None = None,
    audit: bool = False,
) -> str:
    """One case's report as an HTML page (results from `evaluate_all(case, plan=True)`).

    `header` fills the chart header (blank lines where it is None); `audit` prints the audit
    section too (it is always on the page, collapsed, for the screen).
    """
    page = build_case_page(case, results, report_date, header)
    return render(
        "case.html.j2",
        page=page,
        audit=audit,
        map=page.body_map,
        patient=page.patient,
        package_version=__version__,
    )


def history_report(
    history: Mapping[str, Any],
    result: HistoryResult,
    header: ChartHeader | None = None,
    audit: bool = False,
) -> str:
    """A patient's history as an HTML page (result from `evaluate_history(history)`, with
    plans): the visits, when each criteria set was first met, the next visit, and the last
    visit drawn by the case page's own sections."""
    page = build_history_page(history, result, header)
    return render(
        "history.html.j2",
        audit=audit,
        hist=page,
        page=page.last,
        map=page.last.body_map,
        patient=page.patient,
        package_version=__version__,
    )


def cohort_report(summary: BatchSummary | Mapping[str, Any]) -> str:
    """A batch run's summary (`BatchSummary`, or its JSON) as an HTML page."""
    page = build_cohort_page(summary)
    return render("cohort.html.j2", page=page, package_version=page.package_version)


__all__ = [
    "CasePage",
    "ChartHeader",
    "CohortPage",
    "HistoryPage",
    "ReportWriteError",
    "build_case_page",
    "build_cohort_page",
    "build_history_page",
    "case_report",
    "cohort_report",
    "history_report",
    "write_page",
]
