"""`alscriteria batch`: a cohort file in, one row per patient out, and a summary of who moved.

The work is in `alscriteria.cohort`; this module owns what a person sees: option checks,
the progress bar (only on a terminal), the first few bad records, the summary tables, the
exit code, and signals. The first Ctrl-C (or SIGTERM) asks the run to stop after the chunk
being written; a second one stops at once. Either way the files are put in place whole up to
the last record written, and the exit code is 128 + the signal (130, 143).

Everything from the input (ids, messages, paths) is escaped before it reaches the terminal:
a case file must not be able to move the cursor, retitle the window or fake a line.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import signal
import threading
from collections.abc import Callable, Sequence
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
from alscriteria.cli.consoles import make_console
from alscriteria.cli.streams import EXIT_OUTPUT_CLOSED  # 141, as every command ends
from alscriteria.cli.text import printable
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.history_csv import history_csv_columns
from alscriteria.cohort.kept import KeepError, KeepRequest, parse_keep
from alscriteria.cohort.output import (
    CohortWriter,
    OutputError,
    check_targets,
    output_format_for,
    result_names,
)
from alscriteria.cohort.records import CohortFileError, CohortReader, input_format_for
from alscriteria.cohort.run import (
    BatchResult,
    BatchSettings,
    Outcome,
    StopFlag,
    default_jobs,
    run_batch,
)
from alscriteria.cohort.stdout import STANDARD_OUTPUT
from alscriteria.cohort.summary import BALANCE, SHARED_ORDER, CohortSummary
from alscriteria.criteria import CRITERIA
from alscriteria.files.atomic import named_descriptor

EXIT_ALL_GOOD = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_USABLE = 2
EXIT_INTERRUPTED = 130
"""Ctrl-C; any stopping signal exits 128 + its number (SIGTERM: 143)."""

#: Where the summary says the run stopped when standard output was closed.
OUTPUT_CLOSED = "standard output was closed by the program reading it"

#: Bad records shown on the terminal; the errors file has every one.
ERRORS_SHOWN = 10

PLANNING_MISSING = "--plan: planning is not available in this version"

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


def _jobs(asked: int) -> tuple[int, str | None]:
    """The worker count to use, and a note when it had to be lowered.

    More workers than CPUs only multiply memory (each one holds a rule engine): 64 on two
    CPUs took 2.7 GB and ran no faster.
    """
    if asked < 0:
        raise UsageError(f"--jobs {asked}: give a number of processes (0 = one per CPU)")
    most = default_jobs()
    if asked == 0:
        return most, None
    if asked > most:
        return most, (
            f"--jobs {asked}: using {most}, the number of CPUs this process may use "
            "(more workers would only take more memory)"
        )
    return asked, None


def _output_format(args: argparse.Namespace) -> CohortFormat:
    if args.output_format:
        return CohortFormat(args.output_format)
    if args.output == STANDARD_OUTPUT:
        return CohortFormat.JSONL  # one self-describing row per line, for the next program
    found = output_format_for(args.output)
    if found is None:
        raise UsageError(
            f"{one_line(args.output)}: cannot tell the output format from the extension; "
            "name it .jsonl, .ndjson or .csv, or give --output-format jsonl|csv"
        )
    return found


#: Where the bad records go when the rows go to standard output and no --errors is given.
STANDARD_ERROR = "/dev/stderr"


def _errors_path(args: argparse.Namespace) -> str:
    """The errors file: never standard output, which carries the rows or nothing."""
    for flag, path in (("--errors", args.errors), ("--summary", args.summary)):
        if path == STANDARD_OUTPUT:
            raise UsageError(
                f"{flag} -: standard output is only for the result rows (-o -); give a file, "
                "or /dev/stderr"
            )
    if args.errors:
        return str(args.errors)
    if args.output == STANDARD_OUTPUT:
        # a pipeline: the bad records go with the messages, never into the rows, and never
        # into a file called "-.errors.jsonl"
        return STANDARD_ERROR
    return str(args.output) + ".errors.jsonl"


def _on_standard_error(path: str) -> bool:
    """Whether an output is written into standard error itself (`--errors /dev/stderr`,
    or the default with -o -): the bad records are then shown there once, as rows."""
    if named_descriptor(path) == 2:
        return True
    try:
        return os.path.samestat(os.stat(path), os.fstat(2))
    except OSError:
        return False


def _keep(args: argparse.Namespace) -> KeepRequest:
    try:
        return parse_keep(args.keep_columns)
    except KeepError as exc:
        raise UsageError(one_line(str(exc))) from None


def _check_keep(keep: KeepRequest, input_format: CohortFormat, output: CohortFormat) -> None:
    """Checked once the input format is known (read from the content for a pipe)."""
    if keep.every and input_format is CohortFormat.JSONL and output is CohortFormat.CSV:
        raise UsageError(
            "--keep-columns all with JSON Lines input needs JSON Lines output: a CSV header "
            "lists its columns before the first record is read; name the keys to keep "
            "(--keep-columns age,site)"
        )


@dataclasses.dataclass(frozen=True, slots=True)
class _Prepared:
    """The options, checked."""

    settings: BatchSettings
    jobs: int
    note: str | None
    errors: str
    keep: KeepRequest
    sniff: bool
    """The input format is read from the content (standard input or a pipe, unnamed):
    `settings.input_format` is then set once the input is open."""


def _settings(args: argparse.Namespace) -> _Prepared:
    """Every option checked before any file is touched, so a typo costs nothing."""
    if args.plan and importlib.util.find_spec("alscriteria.assess.plan.planning") is None:
        raise UsageError(PLANNING_MISSING)  # never a made-up plan
    jobs, note = _jobs(args.jobs)
    output_format = _output_format(args)
    for wanted, flag in ((args.full, "--full"), (args.plan, "--plan")):
        if wanted and output_format is not CohortFormat.JSONL:
            raise UsageError(f"{flag} needs JSON Lines output (a .jsonl file)")
    errors = _errors_path(args)
    try:
        # None: read from the content (standard input, a pipe)
        input_format = input_format_for(args.input, args.input_format)
    except CohortFileError as exc:
        raise UsageError(one_line(str(exc))) from None
    keep = _keep(args)
    if input_format is not None:
        _check_keep(keep, input_format, output_format)
    readings = parse_readings(args.reading)
    settings = BatchSettings(
        input_format=input_format or CohortFormat.JSONL,  # replaced by what the input holds
        output_format=output_format,
        # a criteria set named twice is one column set, assessed once
        criteria=tuple(dict.fromkeys(args.criteria or CRITERIA)),
        readings=readings,
        full=args.full,
        plan=args.plan,
    )
    return _Prepared(settings, jobs, note, errors, keep, sniff=input_format is None)


def _say(console: Console, text: str) -> None:
    """One line to the terminal: escaped, no markup or emoji codes, never hard-wrapped."""
    console.print(one_line(text), markup=False, highlight=False, emoji=False, soft_wrap=True)


def _first_errors(
    err: Console, most: int
) -> Callable[[Sequence[Outcome], CohortSummary], None]:
    """Shows the first few (`most`) bad records as they come; the errors file has all."""
    shown = 0

    def show(chunk: Sequence[Outcome], summary: CohortSummary) -> None:
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


def _history_layout(reader: CohortReader, settings: BatchSettings) -> bool:
    """Whether a CSV output gets the history columns (cohort/history_csv.py): for visit
    rows, and for JSON Lines whose first record is a history. One header serves the run;
    case rows fit the history columns, so only a case-first file keeps the case columns."""
    if settings.output_format is not CohortFormat.CSV:
        return False
    return reader.visit_rows or reader.first_is_history()


def _check_history_kept(reader: CohortReader, reserved: frozenset[str]) -> None:
    """JSON Lines kept keys were checked against the case row; a history row has more."""
    taken = [n for n in (reader.kept.names if reader.kept else ()) if n.lower() in reserved]
    if taken:
        raise UsageError(
            one_line(
                f"--keep-columns: {', '.join(map(repr, taken))}: the CSV output has the "
                "history columns (the first record is a history), and one of them has this "
                "name; rename it in the input"
            )
        )


def _open_files(
    args: argparse.Namespace, prepared: _Prepared
) -> tuple[CohortReader, CohortWriter, BatchSettings]:
    """The input, then every output, each refused with exit 2 before anything is written;
    the settings completed from the input (its format, header, kept columns, row layout)."""
    settings, errors_path, keep = prepared.settings, prepared.errors, prepared.keep
    fmt, criteria = settings.output_format, settings.criteria
    reserved = result_names(fmt, criteria)
    history_reserved = result_names(fmt, criteria, history_csv_columns(criteria))
    named = None if prepared.sniff else settings.input_format
    try:
        reader = CohortReader(args.input, named, keep, reserved, history_reserved)
    except CohortFileError as exc:
        raise UsageError(one_line(str(exc))) from None
    try:
        if prepared.sniff:
            _check_keep(keep, reader.format, fmt)
        history_csv = _history_layout(reader, settings)
        if history_csv and not reader.visit_rows:
            _check_history_kept(reader, history_reserved)
    except BaseException:
        reader.close()
        raise
    settings = dataclasses.replace(
        settings,
        input_format=reader.format,
        header=reader.header,
        kept=reader.kept,
        visit_rows=reader.visit_rows,
        history_csv=history_csv,
    )
    # the default with -o - was not given by the user: named by what it is
    errors_named = "--errors" if args.errors else "standard error (the bad records)"
    targets = [("-o", args.output), (errors_named, errors_path)]
    if args.summary:
        targets.append(("--summary", args.summary))
    if getattr(args, "report", None):
        targets.append(("--report", args.report))
    try:
        check_targets(args.input, reader.identity, targets)
        writer = CohortWriter(
            args.output,
            errors_path,
            settings.output_format,
            settings.criteria,
            args.summary,
            reader.kept.names if reader.kept is not None else (),
            history_csv_columns(criteria) if history_csv else None,
        )
    except OutputError as exc:
        reader.close()
        raise UsageError(one_line(str(exc))) from None
    except BaseException:
        reader.close()
        raise
    return reader, writer, settings


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

    def on_chunk(chunk: Sequence[Outcome], summary: CohortSummary) -> None:
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
    prepared = _settings(args)
    errors_path = prepared.errors
    err = make_console(stderr=True)
    if args.output == STANDARD_OUTPUT:
        console = err  # standard output carries the rows and nothing else
    if prepared.note:
        _say(err, prepared.note)
    stop = StopFlag()
    with _StopOnSignal(stop):
        reader, writer, settings = _open_files(args, prepared)
        with reader:
            try:
                # the bad records written into standard error are not shown there twice
                on_stderr = _on_standard_error(errors_path)
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
        return _finish(args, result, writer, errors_path, console, err, shown)


def _summary_data(
    args: argparse.Namespace, result: BatchResult, errors_path: str
) -> dict[str, Any]:
    summary = result.summary
    return summary.as_dict(
        alscriteria_version=alscriteria.__version__,
        input=args.input,
        output=args.output,
        errors_file=errors_path,
        interrupted=result.interrupted,
        failure=OUTPUT_CLOSED if result.output_closed else result.failure,
        last_line=summary.last_line,
        blank_lines_skipped=result.blank_lines,
        **({"id_lookalikes": list(result.id_lookalikes)} if result.id_lookalikes else {}),
        **({"repeated_ids": list(result.repeated_ids)} if result.repeated_ids else {}),
    )


def _last_chance(
    args: argparse.Namespace,
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
    output = "standard output" if args.output == STANDARD_OUTPUT else printable(args.output)
    _say(
        err,
        f"internal error while summarising the run ({type(exc).__name__}: "
        f"{printable(str(exc))[:200]}); please report it. "
        f"{wording.plural(summary.records_in, 'record')} "
        f"{'was' if summary.records_in == 1 else 'were'} done and "
        f"{'is' if summary.records_in == 1 else 'are'} in place: rows in {output}, bad records "
        f"in {printable(errors_path)}, complete up to line {summary.last_line}; the summary"
        + (f" ({printable(args.summary)})" if args.summary else "")
        + (" and the report were" if getattr(args, "report", None) else " was")
        + " not written",
    )
    return EXIT_NOTHING_USABLE


def _finish(
    args: argparse.Namespace,
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
        data = _summary_data(args, result, errors_path)
    except Exception as exc:  # a defect after every record was written: keep the records
        return _last_chance(args, result, writer, errors_path, err, exc)
    try:
        writer.finish(data)
    except OutputError as exc:
        writer.discard()
        _say(
            err,
            f"{exc}; {wording.plural(summary.records_in, 'record')} had been done ({BALANCE}: "
            f"{summary.records_out:,} + {summary.records_failed:,}), but the files could not "
            "all be put in place",
        )
        return EXIT_NOTHING_USABLE
    if getattr(args, "report", None):
        from alscriteria.cli.report import write_cohort_report
        from alscriteria.report.files import ReportWriteError

        try:
            write_cohort_report(args.report, data)
        except ReportWriteError as exc:
            _say(err, f"{exc}; the rows, errors and summary were written")
            return EXIT_NOTHING_USABLE
    if result.output_closed:
        return EXIT_OUTPUT_CLOSED  # the reader chose to stop: quietly, as `yes | head` ends
    if result.failure is not None:
        _say(err, f"{result.failure}; stopped: {_counts(summary, args.output)}")
        return EXIT_NOTHING_USABLE
    if stopped:
        _say(err, f"interrupted ({stopped}): {_counts(summary, args.output)}")
        return 128 + (result.signal or 0)
    console.print(summary_report(data))
    if summary.records_out == 0:
        _say(
            err,
            "nothing usable: no record could be assessed"
            + (
                f" (bad records: {_errors_named(errors_path)})"
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


# --- the summary, as tables -------------------------------------------------------------

_CATEGORY_ORDER = [c.value for c in reversed(SHARED_ORDER)] + ["als"]


#: Column headings narrow enough for an 80-column terminal; the JSON summary uses the ids.
_SHORT_TITLE = {"revised-el-escorial": "rEEC", "awaji": "Awaji", "gold-coast": "Gold Coast"}


def _title(criteria_id: str) -> str:
    return _SHORT_TITLE.get(criteria_id, CRITERIA[criteria_id].title)


def _errors_named(path: str) -> str:
    """Where the bad records are, for the terminal: standard error is where it is read."""
    return "above (standard error)" if named_descriptor(path) == 2 else printable(path)


def _records_line(data: dict[str, Any]) -> Text:
    records = data["records"]
    text = Text()
    bad = records["errors"]
    text.append(
        f"Records: {records['in']:,} in = {records['out']:,} out + {bad:,} "
        + ("error" if bad == 1 else "errors")
    )
    text.append("  (balanced)" if records["balanced"] else "  (NOT balanced)")
    if "rows" in data:
        rows = data["rows"]
        text.append(
            f"\nVisit rows: {rows['in']:,} in = {rows['out']:,} in patients assessed + "
            f"{rows['errors']:,} in error records (a record is a patient)"
        )
    if records["errors"]:
        where = _errors_named(str(data["errors_file"]))
        text.append(f"\nBad records, with line numbers and reasons: {where}")
    if data.get("blank_lines_skipped"):
        text.append(f"\nBlank lines skipped (not records): {data['blank_lines_skipped']:,}")
    repeated = data.get("repeated_ids", [])
    if repeated:
        text.append(
            "\nCheck: one id on several records, each assessed as a patient of its own (one "
            "patient's visits? give a 'date' column, or write a history):"
        )
        for line in repeated[:10]:
            text.append(f"\n  {printable(line)}")
        if len(repeated) > 10:
            text.append(f"\n  ... {len(repeated) - 10:,} more in the summary file")
    for lookalike in data.get("id_lookalikes", [])[:10]:
        text.append(f"\nCheck: {printable(lookalike)}: kept apart as written")
    if len(data.get("id_lookalikes", [])) > 10:
        text.append(f"\n... and {len(data['id_lookalikes']) - 10:,} more such ids (summary file)")
    return text


def _categories_table(data: dict[str, Any]) -> Table:
    criteria: list[str] = data["criteria"]
    table = Table(
        title="Patients per category",
        title_justify="left",
        caption=wording.MET_COUNT_MEANING,
        caption_justify="left",
    )
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
    table.add_row(
        Text(wording.MET_COUNT, style="bold"), *(f"{data['met'][c]:,}" for c in criteria)
    )
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
    if data.get("histories"):
        from alscriteria.cli.timeline import histories_table

        parts.append(histories_table(data))
    return Group(*parts)


__all__ = ["cmd_batch", "summary_report"]
