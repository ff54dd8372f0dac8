"""`alscriteria report`: one case (or a patient's history of visits) as an HTML page to file
in the chart; and the cohort page
that `alscriteria batch --report` writes.

The page is built by `alscriteria.report`; this module reads the input, checks the options,
and writes the file whole (a failed write leaves no partial page and no changed target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console

from alscriteria import wording
from alscriteria.assess.evaluate import evaluate_all
from alscriteria.case.readings import Readings
from alscriteria.cli.common import EXIT_OK, UsageError, load_json, parse_readings
from alscriteria.cli.text import printable
from alscriteria.cohort.histories import is_history

if TYPE_CHECKING:
    from alscriteria.cohort.summary_model import BatchSummary
    from alscriteria.report.case_views import ChartHeader


def report_date(text: str | None) -> dt.date:
    """The --date option (YYYY-MM-DD), or today when it is not given."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--date {printable(text)!r}: not a date; write it as YYYY-MM-DD (e.g. 2026-01-15)"
        ) from None


def chart_header(args: argparse.Namespace) -> ChartHeader:
    """The chart header from the command line: each field as given (made printable), or None
    for a blank line to write on. --study-date must be a date, as --date."""
    from alscriteria.report.case_views import ChartHeader

    def text(name: str) -> str | None:
        value: str | None = getattr(args, name, None)
        if value is None or not value.strip():
            return None
        return value.strip()

    study = text("study_date")
    when: dt.date | None = None
    if study is not None:
        try:
            when = dt.date.fromisoformat(study)
        except ValueError:
            raise UsageError(
                f"--study-date {printable(study)!r}: not a date; write it as YYYY-MM-DD "
                "(e.g. 2026-01-15)"
            ) from None
    return ChartHeader(
        patient_name=text("patient_name"),
        date_of_birth=text("dob"),
        record_number=text("record"),
        study_date=when,
        examiner=text("examiner"),
        referrer=text("referrer"),
    )


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from alscriteria.report import case_report, write_page

    when = report_date(args.date)
    header = chart_header(args)
    if args.output != "-" and args.case != "-" and _same_file(args.case, args.output):
        raise UsageError(
            f"-o {printable(args.output)}: this is the case file; writing the report there "
            "would destroy the case"
        )
    data = load_json(args.case, "report")
    readings = parse_readings(args.reading)
    if is_history(data):
        return _history_report(args, data, readings, header)
    results = evaluate_all(data, readings, plan=True)
    page = case_report(data, results, when, header, audit=bool(getattr(args, "audit", False)))
    if args.output == "-":
        sys.stdout.write(page)
        return EXIT_OK
    write_page(args.output, page)
    first = next(iter(results.values()))
    who = f"patient {first.case_id}" if first.case_id else "the case (no patient id)"
    sys.stderr.write(f"alscriteria report: wrote {printable(args.output)} for {printable(who)}\n")
    return EXIT_OK


def _history_report(
    args: argparse.Namespace, data: Any, readings: Readings, header: ChartHeader
) -> int:
    """A history (a record with `visits`, as batch tells them apart): its own page."""
    from alscriteria.history import evaluate_history
    from alscriteria.report import history_report, write_page

    result = evaluate_history(data, readings, plan=True)
    page = history_report(data, result, header, audit=bool(getattr(args, "audit", False)))
    if args.output == "-":
        sys.stdout.write(page)
        return EXIT_OK
    write_page(args.output, page)
    who = f"patient {result.id}" if result.id else "the history (no patient id)"
    sys.stderr.write(
        f"alscriteria report: wrote {printable(args.output)} for {printable(who)}, "
        f"{wording.plural(len(result.visits), 'visit')}\n"
    )
    return EXIT_OK


def write_cohort_report(path: str, summary: BatchSummary) -> None:
    """The batch summary as a page (`batch --report`); raises with a message on failure."""
    from alscriteria.report import cohort_report, write_page

    write_page(path, cohort_report(summary))


__all__ = ["chart_header", "cmd_report", "report_date", "write_cohort_report"]
