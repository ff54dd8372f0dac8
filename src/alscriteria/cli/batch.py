"""`alscriteria batch`: a cohort file in, one row per patient out, and a summary of who moved.

The work is in `alscriteria.cohort`; this module owns what a person sees: option checks,
the progress bar (only on a terminal), the first few bad records, the summary tables, the
exit code, and Ctrl-C. The first Ctrl-C asks the run to stop after the chunk being written,
so the files end on a whole record; a second one stops at once (the writer still cuts its
files back to the last whole record).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn
from rich.table import Table
from rich.text import Text

import alscriteria
from alscriteria import wording
from alscriteria.cli.common import (
    UsageError,
    parse_readings,
)
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.output import CohortWriter, output_format_for, write_summary
from alscriteria.cohort.records import CohortFileError, CohortReader, input_format_for
from alscriteria.cohort.run import BatchSettings, Outcome, default_jobs, run_batch
from alscriteria.cohort.summary import BALANCE, SHARED_ORDER, CohortSummary
from alscriteria.criteria import CRITERIA

EXIT_ALL_GOOD = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_USABLE = 2
EXIT_INTERRUPTED = 130

#: Bad records shown on the terminal; the errors file has every one.
ERRORS_SHOWN = 10

PLANNING_MISSING = "--plan: planning is not available in this version"


class _StopOnInterrupt:
    """Turns the first Ctrl-C into a request to stop between chunks."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def _settings(args: argparse.Namespace) -> tuple[BatchSettings, int, str]:
    """Every option checked before any file is touched, so a typo costs nothing."""
    if args.plan and importlib.util.find_spec("alscriteria.planning") is None:
        raise UsageError(PLANNING_MISSING)  # never a made-up plan
    jobs = default_jobs() if args.jobs == 0 else args.jobs
    if jobs < 0:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes (0 = one per CPU)")
    output_format = output_format_for(args.output)
    if output_format is None:
        raise UsageError(
            f"{args.output}: cannot tell the output format from the extension; "
            "name it .jsonl, .ndjson or .csv"
        )
    for wanted, flag in ((args.full, "--full"), (args.plan, "--plan")):
        if wanted and output_format is not CohortFormat.JSONL:
            raise UsageError(f"{flag} needs JSON Lines output (a .jsonl file)")
    if args.input == "-" and not args.input_format:
        raise UsageError("reading standard input needs --input-format jsonl|csv")
    errors = args.errors or args.output + ".errors.jsonl"
    named = [Path(p).resolve() for p in (args.output, errors, args.summary) if p]
    if len(set(named)) < len(named):
        raise UsageError("the output, errors and summary files must be different files")
    if args.input != "-" and Path(args.input).resolve() in named:
        raise UsageError("the output files must not overwrite the input")
    try:
        input_format = input_format_for(args.input, args.input_format)
    except CohortFileError as exc:
        raise UsageError(str(exc)) from None
    readings = parse_readings(args.reading)
    for path in (args.errors, args.summary):
        # found out now, not after an hour's run
        folder = Path(path).resolve().parent if path else None
        if folder is not None and not (folder.is_dir() and os.access(folder, os.W_OK)):
            raise UsageError(f"{path}: cannot write there ({folder} is not a writable folder)")
    settings = BatchSettings(
        input_format=input_format,
        output_format=output_format,
        criteria=tuple(args.criteria or CRITERIA),
        readings=readings,
        full=args.full,
        plan=args.plan,
    )
    return settings, jobs, errors


def _say(console: Console, text: str) -> None:
    """Print text from a file or a record as it is: no markup, no emoji codes like :up:."""
    console.print(text, markup=False, highlight=False, emoji=False)


def _first_errors(err: Console) -> Callable[[Sequence[Outcome], CohortSummary], None]:
    """Shows the first few bad records as they come; the errors file has all of them."""
    shown = 0

    def show(chunk: Sequence[Outcome], summary: CohortSummary) -> None:
        nonlocal shown
        for outcome in chunk:
            if outcome.error is None or shown >= ERRORS_SHOWN:
                continue
            shown += 1
            _say(err, f"line {outcome.line}: " + "; ".join(outcome.problems))

    return show


def cmd_batch(args: argparse.Namespace, console: Console) -> int:
    settings, jobs, errors_path = _settings(args)
    err = Console(stderr=True)
    try:
        reader = CohortReader(args.input, settings.input_format)
    except CohortFileError as exc:
        raise UsageError(str(exc)) from None
    with reader:
        settings = dataclasses.replace(settings, header=reader.header)
        try:
            writer = CohortWriter(
                args.output, errors_path, settings.output_format, settings.criteria
            )
        except OSError as exc:
            raise UsageError(str(exc)) from None
        show_errors = _first_errors(err)
        progress = _progress(err) if err.is_terminal else None
        task: TaskID | None = None

        def on_chunk(chunk: Sequence[Outcome], summary: CohortSummary) -> None:
            show_errors(chunk, summary)
            if progress is not None and task is not None:
                progress.update(
                    task,
                    completed=reader.bytes_read,
                    description=f"{summary.records_in:,} records",
                )

        with _StopOnInterrupt() as stop:
            if progress is not None:
                progress.start()
                task = progress.add_task("0 records", total=reader.size)
            try:
                result = run_batch(
                    reader,
                    writer,
                    settings,
                    jobs,
                    should_stop=lambda: stop.requested,
                    on_chunk=on_chunk,
                )
            finally:
                if progress is not None:
                    progress.stop()
    summary = result.summary
    hidden = summary.records_failed - ERRORS_SHOWN
    if hidden > 0:
        _say(err, f"... and {hidden:,} more bad records")
    data = summary.as_dict(
        alscriteria_version=alscriteria.__version__,
        input=args.input,
        output=args.output,
        errors_file=errors_path,
        interrupted=result.interrupted,
        last_line=summary.last_line,
        blank_lines_skipped=result.blank_lines,
    )
    if args.summary:
        try:
            write_summary(args.summary, data)
        except OSError as exc:
            raise UsageError(str(exc)) from None
    if result.interrupted:
        _say(
            err,
            f"interrupted: {summary.records_in:,} records done ({BALANCE}: "
            f"{summary.records_out:,} + {summary.records_failed:,}); {args.output} is "
            f"complete up to line {summary.last_line}",
        )
        return EXIT_INTERRUPTED
    console.print(summary_report(data))
    if summary.records_out == 0:
        _say(
            err,
            "nothing usable: no record could be assessed"
            + (f" (see {errors_path})" if summary.records_failed else " (the input is empty)"),
        )
        return EXIT_NOTHING_USABLE
    return EXIT_SOME_FAILED if summary.records_failed else EXIT_ALL_GOOD


def _progress(err: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=err,
        transient=True,
    )


# --- the summary, as tables -------------------------------------------------------------

_CATEGORY_ORDER = [c.value for c in reversed(SHARED_ORDER)] + ["als"]


#: Column headings narrow enough for an 80-column terminal; the JSON summary uses the ids.
_SHORT_TITLE = {"revised-el-escorial": "rEEC", "awaji": "Awaji", "gold-coast": "Gold Coast"}


def _title(criteria_id: str) -> str:
    return _SHORT_TITLE.get(criteria_id, CRITERIA[criteria_id].title)


def _records_line(data: dict[str, Any]) -> Text:
    records = data["records"]
    text = Text()
    text.append(
        f"Records: {records['in']:,} in = {records['out']:,} out + {records['errors']:,} errors"
    )
    text.append("  (balanced)" if records["balanced"] else "  (NOT balanced)")
    if records["errors"]:
        text.append(f"\nBad records, with line numbers and reasons: {data['errors_file']}")
    if data.get("blank_lines_skipped"):
        text.append(f"\nBlank lines skipped (not records): {data['blank_lines_skipped']:,}")
    return text


def _categories_table(data: dict[str, Any]) -> Table:
    criteria: list[str] = data["criteria"]
    table = Table(title="Patients per category", title_justify="left")
    table.add_column("Category")
    for cid in criteria:
        table.add_column(_title(cid), justify="right")
    for category in _CATEGORY_ORDER:
        if not any(category in data["categories"][cid] for cid in criteria):
            continue
        cells = [
            f"{data['categories'][cid][category]:,}" if category in data["categories"][cid] else "-"
            for cid in criteria
        ]
        table.add_row(wording.category(category), *cells)
    table.add_row(Text("Criteria met", style="bold"), *(f"{data['met'][c]:,}" for c in criteria))
    return table


def _cross_table(data: dict[str, Any]) -> Table:
    criteria: list[str] = data["criteria"]
    total = max(1, data["records"]["out"])
    table = Table(
        title="Cross-table: the same patients under each criteria set", title_justify="left"
    )
    for cid in criteria:
        table.add_column(_title(cid))
    table.add_column("Patients", justify="right")
    table.add_column("%", justify="right")
    for row in data["cross_table"]:
        table.add_row(
            *(wording.category(row[cid]) for cid in criteria),
            f"{row['count']:,}",
            f"{100 * row['count'] / total:.1f}",
        )
    return table


def _moves_table(data: dict[str, Any]) -> Table:
    table = Table(
        title=(
            "Who moved: same, up or down the ladder; criteria met in both, in the 1st only, "
            "in the 2nd only, in none"
        ),
        title_justify="left",
    )
    table.add_column("From -> to", no_wrap=True)
    for column in ("Same", "Up", "Down", "Both", "1st", "2nd", "None"):
        table.add_column(column, justify="right")
    for move in data["moves"]:
        met = move["met"]
        comparable = "same" in move
        table.add_row(
            f"{_title(move['from'])} -> {_title(move['to'])}",
            *(
                (f"{move['same']:,}", f"{move['higher']:,}", f"{move['lower']:,}")
                if comparable
                else ("-", "-", "-")
            ),
            *(f"{met[k]:,}" for k in ("both", "first_only", "second_only", "neither")),
        )
    return table


def summary_report(data: dict[str, Any]) -> RenderableType:
    """The summary dict (as written with --summary) as tables."""
    parts: list[RenderableType] = [_records_line(data)]
    if data["records"]["out"]:
        parts.append(_categories_table(data))
        if len(data["criteria"]) > 1:
            parts += [_cross_table(data), _moves_table(data)]
    return Group(*parts)


__all__ = ["cmd_batch", "summary_report"]
