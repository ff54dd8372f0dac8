"""`alscriteria batch`: a cohort file in, one row per patient out, and a summary of who moved.

The work is in `alscriteria.cohort` (the set-up, from options to files and summary, in
cohort/setup.py); this module reads the arguments and owns what a person sees: the progress
bar (only on a terminal), the first few bad records, the summary tables, the exit code, and
signals. The first Ctrl-C (or SIGTERM) asks the run to stop after the chunk being written; a
second one stops at once. Either way the files are put in place whole up to the last record
written, and the exit code is 128 + the signal (130, 143).

Everything from the input (ids, messages, paths) is escaped before it reaches the terminal:
a case file must not be able to move the cursor, retitle the window or fake a line.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable, Sequence
from types import FrameType, TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn

from alscriteria import wording
from alscriteria.cli.batch_tables import errors_named, summary_report
from alscriteria.cli.common import UsageError, parse_readings
from alscriteria.cli.consoles import make_console
from alscriteria.cli.streams import EXIT_OUTPUT_CLOSED  # 141, as every command ends
from alscriteria.cli.text import printable
from alscriteria.cohort.assess_record import BatchSettings
from alscriteria.cohort.output import CohortWriter
from alscriteria.cohort.output_errors import OutputClosed, OutputError
from alscriteria.cohort.records import CohortReader
from alscriteria.cohort.run import BatchResult, RecordOutcome, StopFlag, run_batch
from alscriteria.cohort.setup import (
    BatchOptions,
    BatchSetupError,
    on_standard_error,
    open_files,
    prepare,
    run_summary,
)
from alscriteria.cohort.stdout import STANDARD_OUTPUT
from alscriteria.cohort.summary import BALANCE, CohortSummary

EXIT_ALL_GOOD = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_USABLE = 2
EXIT_INTERRUPTED = 130
"""Ctrl-C; any stopping signal exits 128 + its number (SIGTERM: 143)."""

#: Bad records shown on the terminal; the errors file has every one.
ERRORS_SHOWN = 10

#: The signals that stop a run cleanly (SIGKILL cannot be caught: the workers then end
#: themselves, and the targets are left as they were).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def one_line(text: str) -> str:
    """Text that may come from the input, safe for one line of a terminal.

    `printable` escapes control characters and bidi overrides; a line break is escaped too,
    so a record cannot print a fake line of its own.
    """
    return printable(text).replace("\n", "\\n")


class _StopOnSignal:
    """Turns SIGINT and SIGTERM into a `StopFlag` request, for the length of a run."""

    def __init__(self, stop: StopFlag) -> None:
        self._stop = stop
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self._stop.request(signum)

    def __enter__(self) -> _StopOnSignal:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)


def _options(args: argparse.Namespace) -> BatchOptions:
    return BatchOptions(
        input=args.input,
        output=args.output,
        criteria=tuple(args.criteria or ()),
        input_format=args.input_format,
        output_format=args.output_format,
        keep_columns=args.keep_columns,
        jobs=args.jobs,
        full=args.full,
        plan=args.plan,
        errors=args.errors,
        summary=args.summary,
        report=getattr(args, "report", None),
    )


def _refused(exc: BatchSetupError) -> UsageError:
    """The set-up's refusal as the command's exit 2, input text escaped for the terminal."""
    subject = "" if exc.subject is None else one_line(exc.subject) + ": "
    return UsageError(subject + one_line(exc.detail))


def _say(console: Console, text: str) -> None:
    """One line to the terminal: escaped, no markup or emoji codes, never hard-wrapped."""
    console.print(one_line(text), markup=False, highlight=False, emoji=False, soft_wrap=True)


def _first_errors(
    err: Console, most: int
) -> Callable[[Sequence[RecordOutcome], CohortSummary], None]:
    """Shows the first few (`most`) bad records as they come; the errors file has all."""
    shown = 0

    def show(chunk: Sequence[RecordOutcome], summary: CohortSummary) -> None:
        nonlocal shown
        for outcome in chunk:
            if outcome.error is None or shown >= most:
                continue
            shown += 1
            # a patient of visit rows names its lines in each message already
            named = all(p.startswith("line") for p in outcome.problems)
            prefix = "" if named else f"line {outcome.line}: "
            _say(err, prefix + "; ".join(outcome.problems))

    return show


def _run(
    reader: CohortReader,
    writer: CohortWriter,
    settings: BatchSettings,
    jobs: int,
    stop: StopFlag,
    err: Console,
    show_progress: bool,
    errors_shown: int,
) -> BatchResult:
    show_errors = _first_errors(err, errors_shown)
    progress = _progress(err) if show_progress and err.is_terminal else None
    task: TaskID | None = None

    def on_chunk(chunk: Sequence[RecordOutcome], summary: CohortSummary) -> None:
        show_errors(chunk, summary)
        if progress is not None and task is not None:
            progress.update(
                task,
                completed=reader.bytes_read,
                description=wording.plural(summary.records_in, "record"),
            )

    if progress is not None:
        progress.start()
        task = progress.add_task("0 records", total=reader.size)
    try:
        return run_batch(reader, writer, settings, jobs, stop=stop, on_chunk=on_chunk)
    finally:
        if progress is not None:
            progress.stop()


def _counts(summary: CohortSummary, output: str) -> str:
    return (
        f"{wording.plural(summary.records_in, 'record')} done ({BALANCE}: "
        f"{summary.records_out:,} + "
        f"{summary.records_failed:,}); {output} is complete up to line {summary.last_line}"
    )


def cmd_batch(args: argparse.Namespace, console: Console) -> int:
    options = _options(args)
    try:
        prepared = prepare(options, lambda: parse_readings(args.reading))
    except BatchSetupError as exc:
        raise _refused(exc) from None
    errors_path = prepared.errors
    err = make_console(stderr=True)
    if args.output == STANDARD_OUTPUT:
        console = err  # standard output carries the rows and nothing else
    if prepared.note:
        _say(err, prepared.note)
    stop = StopFlag()
    with _StopOnSignal(stop):
        try:
            reader, writer, settings = open_files(options, prepared)
        except BatchSetupError as exc:
            raise _refused(exc) from None
        with reader:
            try:
                # the bad records written into standard error are not shown there twice
                on_stderr = on_standard_error(errors_path)
                shown = 0 if on_stderr else ERRORS_SHOWN
                # no bar with -o -: the rows may end on the same terminal (`| head`); nor
                # under the bad records written straight into standard error
                show_progress = args.output != STANDARD_OUTPUT and not on_stderr
                result = _run(
                    reader, writer, settings, prepared.jobs, stop, err, show_progress, shown
                )
            except BaseException:
                writer.discard()
                raise
        return _finish(options, result, writer, errors_path, console, err, shown)


def _last_chance(
    options: BatchOptions,
    result: BatchResult,
    writer: CohortWriter,
    errors_path: str,
    err: Console,
    exc: Exception,
) -> int:
    """The records are written but the summary could not be made (a defect of ours): put
    the rows and errors in place all the same, and say exactly what is where."""
    summary = result.summary
    try:
        writer.finish(None)
    except OutputError as failed:
        writer.discard()
        _say(err, f"{failed}; the records could not be put in place either")
        return EXIT_NOTHING_USABLE
    output = "standard output" if options.output == STANDARD_OUTPUT else printable(options.output)
    _say(
        err,
        f"internal error while summarising the run ({type(exc).__name__}: "
        f"{printable(str(exc))[:200]}); please report it. "
        f"{wording.plural(summary.records_in, 'record')} "
        f"{'was' if summary.records_in == 1 else 'were'} done and "
        f"{'is' if summary.records_in == 1 else 'are'} in place: rows in {output}, bad records "
        f"in {printable(errors_path)}, complete up to line {summary.last_line}; the summary"
        + (f" ({printable(options.summary)})" if options.summary else "")
        + (" and the report were" if options.report else " was")
        + " not written",
    )
    return EXIT_NOTHING_USABLE


def _finish(
    options: BatchOptions,
    result: BatchResult,
    writer: CohortWriter,
    errors_path: str,
    console: Console,
    err: Console,
    errors_shown: int = ERRORS_SHOWN,
) -> int:
    """Put the files in place, report, and choose the exit code."""
    summary = result.summary
    stopped = signal.Signals(result.signal).name if result.signal is not None else None
    if stopped and summary.records_in == 0:
        writer.discard()  # nothing was done: leave any earlier results as they were
        _say(err, f"interrupted ({stopped}) before any record was done; no file was changed")
        return 128 + (result.signal or 0)
    hidden = summary.records_failed - ERRORS_SHOWN
    if hidden > 0 and errors_shown and not result.output_closed:
        _say(err, f"... and {hidden:,} more bad records")
    try:
        data = run_summary(options, result, errors_path)
    except Exception as exc:  # a defect after every record was written: keep the records
        return _last_chance(options, result, writer, errors_path, err, exc)
    try:
        writer.finish(data)
    except OutputClosed:  # the summary named a pipe whose reader left: a quiet stop
        writer.discard()
        return EXIT_OUTPUT_CLOSED
    except OutputError as exc:
        writer.discard()
        _say(
            err,
            f"{exc}; {wording.plural(summary.records_in, 'record')} had been done ({BALANCE}: "
            f"{summary.records_out:,} + {summary.records_failed:,}), but the files could not "
            "all be put in place",
        )
        return EXIT_NOTHING_USABLE
    if options.report:
        from alscriteria.cli.report import write_cohort_report
        from alscriteria.report.files import ReportWriteError

        try:
            write_cohort_report(options.report, data)
        except ReportWriteError as exc:
            _say(err, f"{exc}; the rows, errors and summary were written")
            return EXIT_NOTHING_USABLE
    if result.output_closed:
        return EXIT_OUTPUT_CLOSED  # the reader chose to stop: quietly, as `yes | head` ends
    if result.failure is not None:
        _say(err, f"{result.failure}; stopped: {_counts(summary, options.output)}")
        return EXIT_NOTHING_USABLE
    if stopped:
        _say(err, f"interrupted ({stopped}): {_counts(summary, options.output)}")
        return 128 + (result.signal or 0)
    console.print(summary_report(data))
    if summary.records_out == 0:
        _say(
            err,
            "nothing usable: no record could be assessed"
            + (
                f" (bad records: {errors_named(errors_path)})"
                if summary.records_failed
                else " (the input is empty)"
            ),
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


__all__ = ["cmd_batch", "summary_report"]
