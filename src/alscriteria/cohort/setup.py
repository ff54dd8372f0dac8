"""A batch run set up: the options checked, the input opened, every output refused or staged,
and the summary made from what the run did.

Everything here is decided before the terminal sees anything, and none of it prints: the
command (cli/batch.py) turns `BatchSetupError` into its exit 2 and shows the rest. Every
option is checked before any file is touched, so a typo costs nothing; the input is opened
before the outputs, each output refused before anything is written.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Sequence

from alscriteria.case.readings import Readings
from alscriteria.cohort.assess_record import BatchSettings
from alscriteria.cohort.formats import CohortFileError, CohortFormat, input_format_for
from alscriteria.cohort.history_csv import history_csv_columns
from alscriteria.cohort.kept import KeepError, KeepRequest, parse_keep
from alscriteria.cohort.output import CohortWriter, check_targets
from alscriteria.cohort.output_errors import OutputError
from alscriteria.cohort.pool import default_jobs
from alscriteria.cohort.records import CohortReader
from alscriteria.cohort.rows import output_format_for, result_names
from alscriteria.cohort.run import BatchResult
from alscriteria.cohort.stdout import STANDARD_OUTPUT
from alscriteria.cohort.summary_model import BatchSummary
from alscriteria.criteria import CRITERIA
from alscriteria.files.atomic import named_descriptor
from alscriteria.version import __version__

#: Where the summary says the run stopped when standard output was closed.
OUTPUT_CLOSED = "standard output was closed by the program reading it"

#: Where the bad records go when the rows go to standard output and no --errors is given.
STANDARD_ERROR = "/dev/stderr"


class BatchSetupError(Exception):
    """An option or a file refused before anything is written.

    `subject` is the user's own text the message is about (a path), kept apart so that the
    command escapes it for the terminal; `detail` is the rest (which may quote input too).
    """

    def __init__(self, detail: str, subject: str | None = None) -> None:
        super().__init__(detail if subject is None else f"{subject}: {detail}")
        self.detail = detail
        self.subject = subject


@dataclasses.dataclass(frozen=True, slots=True)
class BatchOptions:
    """What the user asked for, as the command line gives it (docs/batch.md)."""

    input: str
    output: str
    criteria: Sequence[str] = ()
    """Empty: every criteria set."""
    input_format: str | None = None
    output_format: str | None = None
    keep_columns: Sequence[str] | None = None
    jobs: int = 1
    full: bool = False
    plan: bool = False
    errors: str | None = None
    summary: str | None = None
    report: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Prepared:
    """The options, checked."""

    settings: BatchSettings
    jobs: int
    note: str | None
    """Why `--jobs` was lowered, when it was."""
    errors: str
    """The errors file (or /dev/stderr)."""
    keep: KeepRequest
    sniff: bool
    """The input format is read from the content (standard input or a pipe, unnamed):
    `settings.input_format` is then set once the input is open."""


def worker_count(asked: int) -> tuple[int, str | None]:
    """The worker count to use, and a note when it had to be lowered.

    More workers than CPUs only multiply memory (each one holds a rule engine): 64 on two
    CPUs took 2.7 GB and ran no faster.
    """
    if asked < 0:
        raise BatchSetupError(f"--jobs {asked}: give a number of processes (0 = one per CPU)")
    most = default_jobs()
    if asked == 0:
        return most, None
    if asked > most:
        return most, (
            f"--jobs {asked}: using {most}, the number of CPUs this process may use "
            "(more workers would only take more memory)"
        )
    return asked, None


def _output_format(options: BatchOptions) -> CohortFormat:
    if options.output_format:
        return CohortFormat(options.output_format)
    if options.output == STANDARD_OUTPUT:
        return CohortFormat.JSONL  # one self-describing row per line, for the next program
    found = output_format_for(options.output)
    if found is None:
        raise BatchSetupError(
            "cannot tell the output format from the extension; name it .jsonl, .ndjson or "
            ".csv, or give --output-format jsonl|csv",
            subject=options.output,
        )
    return found


def errors_path(options: BatchOptions) -> str:
    """The errors file: never standard output, which carries the rows or nothing."""
    for flag, path in (("--errors", options.errors), ("--summary", options.summary)):
        if path == STANDARD_OUTPUT:
            raise BatchSetupError(
                f"{flag} -: standard output is only for the result rows (-o -); give a file, "
                "or /dev/stderr"
            )
    if options.errors:
        return str(options.errors)
    if options.output == STANDARD_OUTPUT or _a_stream(str(options.output)):
        # a pipeline: the bad records go with the messages, never into the rows, and never
        # into a file called "-.errors.jsonl" (nor "/dev/stdout.errors.jsonl", in /dev)
        return STANDARD_ERROR
    return str(options.output) + ".errors.jsonl"


def _a_stream(path: str) -> bool:
    """Whether the rows go to a pipe, a device or an open descriptor (/dev/stdout, a named
    pipe, /dev/null) rather than a file: no errors file belongs beside that."""
    if named_descriptor(path) is not None:
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # not there yet: a file to be made
        return False


def on_standard_error(path: str) -> bool:
    """Whether an output is written into standard error itself (`--errors /dev/stderr`,
    or the default with -o -): the bad records are then shown there once, as rows."""
    if named_descriptor(path) == 2:
        return True
    try:
        return os.path.samestat(os.stat(path), os.fstat(2))
    except OSError:
        return False


def _keep(options: BatchOptions) -> KeepRequest:
    try:
        return parse_keep(options.keep_columns)
    except KeepError as exc:
        raise BatchSetupError(str(exc)) from None


def _check_keep(keep: KeepRequest, input_format: CohortFormat, output: CohortFormat) -> None:
    """Checked once the input format is known (read from the content for a pipe)."""
    if keep.every and input_format is CohortFormat.JSONL and output is CohortFormat.CSV:
        raise BatchSetupError(
            "--keep-columns all with JSON Lines input needs JSON Lines output: a CSV header "
            "lists its columns before the first record is read; name the keys to keep "
            "(--keep-columns age,site)"
        )


def prepare(options: BatchOptions, readings: Callable[[], Readings]) -> Prepared:
    """Every option checked before any file is touched, so a typo costs nothing.

    `readings` reads the --reading options, last, as the command always has: the first
    option refused is the same whatever else is wrong.
    """
    jobs, note = worker_count(options.jobs)
    output_format = _output_format(options)
    for wanted, flag in ((options.full, "--full"), (options.plan, "--plan")):
        if wanted and output_format is not CohortFormat.JSONL:
            raise BatchSetupError(f"{flag} needs JSON Lines output (a .jsonl file)")
    errors = errors_path(options)
    try:
        # None: read from the content (standard input, a pipe)
        input_format = input_format_for(options.input, options.input_format)
    except CohortFileError as exc:
        raise BatchSetupError(str(exc)) from None
    keep = _keep(options)
    if input_format is not None:
        _check_keep(keep, input_format, output_format)
    chosen = readings()
    settings = BatchSettings(
        input_format=input_format or CohortFormat.JSONL,  # replaced by what the input holds
        output_format=output_format,
        # a criteria set named twice is one column set, assessed once
        criteria=tuple(dict.fromkeys(options.criteria or CRITERIA)),
        readings=chosen,
        full=options.full,
        plan=options.plan,
    )
    return Prepared(settings, jobs, note, errors, keep, sniff=input_format is None)


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
        raise BatchSetupError(
            f"--keep-columns: {', '.join(map(repr, taken))}: the CSV output has the "
            "history columns (the first record is a history), and one of them has this "
            "name; rename it in the input"
        )


def _open_input(options: BatchOptions, prepared: Prepared) -> tuple[CohortReader, BatchSettings]:
    settings, keep = prepared.settings, prepared.keep
    fmt, criteria = settings.output_format, settings.criteria
    reserved = result_names(fmt, criteria)
    history_reserved = result_names(fmt, criteria, history_csv_columns(criteria))
    named = None if prepared.sniff else settings.input_format
    try:
        reader = CohortReader(options.input, named, keep, reserved, history_reserved)
    except CohortFileError as exc:
        raise BatchSetupError(str(exc)) from None
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
    return reader, settings


def open_files(
    options: BatchOptions, prepared: Prepared
) -> tuple[CohortReader, CohortWriter, BatchSettings]:
    """The input, then every output, each refused (BatchSetupError) before anything is
    written; the settings completed from the input (its format, header, kept columns, row
    layout)."""
    reader, settings = _open_input(options, prepared)
    # the default with -o - was not given by the user: named by what it is
    errors_named = "--errors" if options.errors else "standard error (the bad records)"
    targets = [("-o", options.output), (errors_named, prepared.errors)]
    if options.summary:
        targets.append(("--summary", options.summary))
    if options.report:
        targets.append(("--report", options.report))
    try:
        check_targets(options.input, reader.identity, targets)
        writer = CohortWriter(
            options.output,
            prepared.errors,
            settings.output_format,
            settings.criteria,
            options.summary,
            reader.kept.names if reader.kept is not None else (),
            history_csv_columns(settings.criteria) if settings.history_csv else None,
        )
    except OutputError as exc:
        reader.close()
        raise BatchSetupError(str(exc)) from None
    except BaseException:
        reader.close()
        raise
    return reader, writer, settings


def _closed(output: str) -> str:
    """Why the run stopped when the rows' reader left: standard output, or the pipe named."""
    if output == STANDARD_OUTPUT or named_descriptor(output) == 1:
        return OUTPUT_CLOSED
    return f"{output} was closed by the program reading it"


def run_summary(options: BatchOptions, result: BatchResult, errors: str) -> BatchSummary:
    """The summary of a run, with its files and flags: what --summary writes, the terminal
    shows and --report draws."""
    summary = result.summary
    return summary.document(
        alscriteria_version=__version__,
        input=options.input,
        output=options.output,
        errors_file=errors,
        interrupted=result.interrupted,
        failure=_closed(options.output) if result.output_closed else result.failure,
        last_line=summary.last_line,
        blank_lines_skipped=result.blank_lines,
        **({"id_lookalikes": list(result.id_lookalikes)} if result.id_lookalikes else {}),
        **({"repeated_ids": list(result.repeated_ids)} if result.repeated_ids else {}),
    )


__all__ = [
    "OUTPUT_CLOSED",
    "STANDARD_ERROR",
    "BatchOptions",
    "BatchSetupError",
    "Prepared",
    "errors_path",
    "on_standard_error",
    "open_files",
    "prepare",
    "run_summary",
    "worker_count",
]
