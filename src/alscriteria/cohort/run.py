"""Assessing a cohort in worker processes, in input order, in memory that does not grow.

The main process hands chunks of records to idle workers, keeps a fixed window of chunks
out, and writes their outcomes back in input order. Each worker parses, validates,
evaluates, formats and encodes its records, so the main process only moves bytes; each has
its own rule engine (durable_rules is one host per process). One bad record becomes an error
row; it never stops the run.

Workers are part of the run, never left over: they ignore Ctrl-C (the main process decides
when to stop), are ended when the run stops early, and end themselves if the main process
dies, even by SIGKILL. They start without the working directory on their module path.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import blake2b
from itertools import islice
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from alscriteria.assess.evaluate import evaluate_all
from alscriteria.case.readings import Readings
from alscriteria.cohort.csv_layout import in_csv_terms, row_to_case
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.histories import HistoryCounts, assess_history, is_history
from alscriteria.cohort.history_csv import case_history_csv_row
from alscriteria.cohort.kept import KeptColumns, KeptValues, case_keys, looks_misspelt
from alscriteria.cohort.output import (
    CohortWriter,
    OutputClosed,
    OutputError,
    error_row,
    result_row,
)
from alscriteria.cohort.records import CohortReader, RawRecord, csv_cells
from alscriteria.cohort.summary import CohortSummary
from alscriteria.cohort.visit_groups import row_id
from alscriteria.cohort.visits import (
    EMPTY_ID,
    UNTIED,
    in_file_terms,
    last_visit_row,
    visit_history,
)
from alscriteria.errors import InvalidCaseError, InvalidInputError
from alscriteria.files.json_input import loads, shown

#: Records per chunk: large enough that pickling and queueing cost little per record, small
#: enough (about a quarter of a second of work) that progress and Ctrl-C stay responsive.
CHUNK_SIZE = 250
IN_PROCESS_CHUNK_SIZE = 50
#: Chunks out per worker (being assessed, or done and waiting for an earlier one to be
#: written): room for one slow chunk without idling the other workers.
CHUNKS_PER_WORKER = 3
#: How often a worker checks that the main process still exists, where the kernel cannot
#: be asked to end it when its parent dies.
PARENT_CHECK_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class BatchSettings:
    input_format: CohortFormat
    output_format: CohortFormat
    criteria: tuple[str, ...]
    readings: Readings
    full: bool = False
    plan: bool = False
    """Add the repeat-testing plan (much slower: the planner asks the engine many questions)."""
    header: tuple[str, ...] | None = None
    """The CSV header, which every row is read against."""
    kept: KeptColumns | None = None
    """The columns copied unchanged into every row (`--keep-columns`)."""
    visit_rows: bool = False
    """CSV input with a `date` column: records are patients, each holding its visit rows."""
    history_csv: bool = False
    """CSV output with the history columns (cohort/history_csv.py), which case rows fit too."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result, already formatted and encoded, plus what the summary counts."""

    line: int
    row: bytes | None = None
    error: bytes | None = None
    problems: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    met: tuple[bool, ...] = ()
    patterns: tuple[str, ...] = ()
    history: HistoryCounts | None = None
    """What the summary counts of a patient history (docs/history.md)."""
    rows: int = 1
    """The input rows the record was: a patient's visit rows, else 1."""
    record_id: str | None = None
    """The id of an assessed case or history (to notice one id on several records)."""


def _record_id(data: object) -> Any:
    """The record's id as given, to name it in an error row; a number that no JSON reader
    could take back (thousands of digits, NaN) is left out rather than written."""
    value = data.get("id") if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, int) and value.bit_length() > 64:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _csv_id(record: RawRecord, settings: BatchSettings) -> str | None:
    """The id cell of a CSV row, so that even a row that fails names its patient."""
    if record.cells is None or settings.header is None or "id" not in settings.header:
        return None
    i = settings.header.index("id")
    if i >= len(record.cells):
        return None
    return record.cells[i].strip() or None


def _kept_cells(record: RawRecord, settings: BatchSettings) -> KeptValues:
    """A CSV row's kept cells, when the row has a cell for every column."""
    kept, header, cells = settings.kept, settings.header, record.cells
    if kept is None or header is None or cells is None or len(cells) != len(header):
        return ()
    return kept.from_cells(cells)


def _case_data(record: RawRecord, settings: BatchSettings) -> Any:
    if record.data is not None:
        return record.data
    if record.cells is not None:
        assert settings.header is not None
        return row_to_case(settings.header, record.cells)
    assert record.text is not None
    # strict: a repeated key would otherwise silently replace the first (and the category)
    return loads(record.text, "the record")


def _failed(
    line: int, case_id: Any, problems: Sequence[str], kept: KeptValues = (), rows: int = 1
) -> Outcome:
    return Outcome(
        line,
        error=error_row(line, case_id, problems, kept),
        problems=tuple(problems),
        rows=rows,
    )


def _with_keep_hint(problems: Sequence[str], data: Any, settings: BatchSettings) -> list[str]:
    """A JSON record with keys of its own: say how to keep them (not look-alikes of ours)."""
    if settings.kept is not None or not isinstance(data, dict):
        return list(problems)
    own = case_keys()
    extra = [k for k in data if k not in own and looks_misspelt(k, own) is None]
    if not extra:
        return list(problems)
    names = ",".join(extra[:3])
    return [
        *problems,
        f"to copy keys of your own into the output unchanged, give --keep-columns {names} "
        "(or --keep-columns all)",
    ]


def _unwritable(exc: UnicodeEncodeError) -> str:
    return (
        f"the result cannot be written: the record holds {shown(exc.object[exc.start:exc.end])}, "
        "a lone surrogate, which is not a character and cannot be UTF-8 text (a JSON escape "
        "such as \\ud800 without its pair?)"
    )


def assess_record(record: RawRecord, settings: BatchSettings) -> Outcome:
    """Assess one record under the chosen criteria sets; any failure becomes an error row.

    That includes a result that cannot be written: it becomes an error row here, in the
    worker, so the writer never meets text it cannot encode.
    """
    if record.rows is not None:
        return _visits_outcome(record, record.rows, settings)
    if record.problem is not None:
        untied = [UNTIED] if settings.visit_rows else []
        return _failed(record.line, None, [record.problem, *untied])
    if settings.visit_rows:  # a visit row that no patient id groups
        return _failed(record.line, None, [EMPTY_ID], _kept_cells(record, settings))
    data: Any = None
    kept = _kept_cells(record, settings)
    try:
        data = _case_data(record, settings)
        if record.cells is None and settings.kept is not None:
            data, kept = settings.kept.take(data)
        if is_history(data):
            return _history_outcome(record.line, data, settings, kept)
        results = evaluate_all(
            data, settings.readings, criteria=settings.criteria, plan=settings.plan
        )
    except InvalidCaseError as exc:
        problems = exc.problems
        if record.cells is not None:
            problems = [in_csv_terms(p) for p in problems]
        else:
            problems = _with_keep_hint(problems, data, settings)
        case_id = _record_id(data) or _csv_id(record, settings)
        return _failed(record.line, case_id, problems, kept)
    except InvalidInputError as exc:  # not JSON (no id to give), or a history refused
        return _failed(record.line, _record_id(data), [str(exc)], kept)
    except Exception as exc:  # a bug must cost one record, not the cohort
        problems = [f"evaluation failed: {shown(exc, 300)}"]
        return _failed(record.line, _record_id(data), problems, kept)
    case_id = _record_id(data)
    try:
        if settings.history_csv and settings.output_format is CohortFormat.CSV:
            row = case_history_csv_row(record.line, case_id, results, kept)
        else:
            row = result_row(
                settings.output_format, record.line, case_id, results, settings.full, kept
            )
    except UnicodeEncodeError as exc:
        return _failed(record.line, case_id, [_unwritable(exc)], kept)
    return Outcome(
        record.line,
        row=row,
        categories=tuple(a.category.value for a in results.values()),
        met=tuple(a.met for a in results.values()),
        patterns=tuple(a.pattern_category.value for a in results.values()),
        record_id=case_id if isinstance(case_id, str) else None,
    )


def _history_outcome(
    line: int, data: Any, settings: BatchSettings, kept: KeptValues, rows: int = 1
) -> Outcome:
    """A history's row (cohort/histories.py); a bad history raises as a bad case does."""
    try:
        done = assess_history(
            data,
            line,
            settings.criteria,
            settings.readings,
            settings.output_format,
            settings.full,
            settings.plan,
            kept,
            settings.history_csv,
        )
    except UnicodeEncodeError as exc:
        return _failed(line, _record_id(data), [_unwritable(exc)], kept, rows)
    given_id = _record_id(data)
    return Outcome(
        line,
        row=done.row,
        categories=done.categories,
        met=done.met,
        patterns=done.patterns,
        history=done.counts,
        rows=rows,
        record_id=given_id if isinstance(given_id, str) and not settings.visit_rows else None,
    )


def _visits_outcome(
    record: RawRecord, rows: Sequence[RawRecord], settings: BatchSettings
) -> Outcome:
    """One patient of a file of visit rows: their history's row, or one error row naming
    every bad line (a history missing a visit is not the patient's). The kept cells are
    those of the latest visit, the visit whose categories the row gives."""
    header = settings.header
    assert header is not None
    rows = [csv_cells(row) for row in rows]
    good = next((row for row in rows if row.problem is None), rows[0])
    patient = row_id(good, header.index("id"))
    kept = _kept_cells(last_visit_row(header, rows), settings)
    n = len(rows)
    lines: tuple[int, ...] = ()
    # a row that could not be read whole and may be this patient's visit
    doubt = [record.problem] if record.problem is not None else []
    try:
        data, lines = visit_history(header, rows, patient or "")
        if doubt:
            return _failed(record.line, patient, doubt, kept, n)
        return _history_outcome(record.line, data, settings, kept, n)
    except InvalidCaseError as exc:
        problems = [in_file_terms(p, lines) for p in exc.problems] if lines else exc.problems
        return _failed(record.line, patient, [*problems, *doubt], kept, n)
    except InvalidInputError as exc:
        return _failed(record.line, patient, [str(exc)], kept, n)
    except Exception as exc:  # a bug must cost one patient, not the cohort
        return _failed(record.line, patient, [f"evaluation failed: {shown(exc, 300)}"], kept, n)


def assess_chunk(chunk: Sequence[RawRecord], settings: BatchSettings) -> list[Outcome]:
    return [assess_record(record, settings) for record in chunk]


# --- worker processes --------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """A worker must not outlive the main process.

    An orphan would assess records nobody collects and hold the caller's pipes open (a
    caller waiting for end of output would wait for ever). Linux ends it when its parent
    dies; elsewhere, and in case the parent died before that was asked, a watchdog thread
    notices the new parent id.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which stops at a whole chunk.

    SIGINT arrives blocked (see `_sigint_blocked`); ignoring it before unblocking drops a
    Ctrl-C pressed while this worker was still importing, instead of a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with(parent)


def _worker_main(conn: Connection[Any, Any], settings: BatchSettings, parent: int) -> None:
    """A worker: chunks in, outcomes out, one at a time, until the pipe closes."""
    _start_worker(parent)
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        conn.send(assess_chunk(chunk, settings))


@contextmanager
def _safe_path() -> Iterator[None]:
    """While workers start: PYTHONSAFEPATH=1 in the environment they inherit.

    A spawned interpreter is started with -c, which puts the working directory first on
    sys.path; a `pickle.py` left in a shared cohort folder would then run as the user.
    """
    before = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = before


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """While one worker is started: SIGINT blocked, a mask the new process inherits.

    A Ctrl-C while the worker is still importing then reaches the main process alone; the
    worker ignores SIGINT before unblocking it (`_start_worker`).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class WorkerDied(Exception):
    """A worker process ended before returning its chunk (killed, out of memory, a crash)."""


@dataclass(frozen=True, slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection[Any, Any]


def _start_workers(settings: BatchSettings, jobs: int) -> list[_Worker]:
    # spawn: workers start clean, without the parent's threads (progress bar) or engine
    context = multiprocessing.get_context("spawn")
    workers: list[_Worker] = []
    try:
        with _safe_path():
            for _ in range(jobs):
                ours, theirs = context.Pipe(duplex=True)
                process = context.Process(
                    target=_worker_main,
                    args=(theirs, settings, os.getpid()),
                    name="alscriteria-batch-worker",
                    daemon=True,
                )
                workers.append(_Worker(process, ours))
                # multiprocessing starts its tracker process on first use and unblocks
                # SIGINT afterwards: it must be running before the mask is set
                resource_tracker.ensure_running()
                with _sigint_blocked():
                    process.start()
                theirs.close()  # so a dead worker reads as end of file, never as a hang
    except BaseException:
        _end_workers(workers, at_once=True)
        raise
    return workers


def _end_workers(workers: Sequence[_Worker], at_once: bool) -> None:
    """Close the pipes (an idle worker then returns) and make sure every worker is gone.

    `at_once` does not wait for chunks nobody will write: the workers are terminated.
    """
    for worker in workers:
        worker.conn.close()
        if at_once and worker.process.pid is not None:
            worker.process.terminate()
    for worker in workers:
        if worker.process.pid is None:
            continue
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def assessed_chunks(
    records: Iterable[RawRecord], settings: BatchSettings, jobs: int
) -> Generator[list[Outcome], None, None]:
    """Outcomes chunk by chunk, in input order; `jobs` > 1 spreads them over processes.

    Why not a process pool from the standard library: `Pool.imap` reads the whole input
    ahead, and terminating the workers of a `ProcessPoolExecutor` (to stop at once) can
    leave its manager thread waiting for ever on half a message. Here each worker has its
    own pipe and is sent a chunk only when idle, so neither side can block the other, and a
    worker that dies is an end of file on its pipe. Closing the iterator early (a stop) or
    an exception ends the workers at once; a worker that dies raises WorkerDied.
    """
    if jobs <= 1:
        for chunk in _chunks(records, IN_PROCESS_CHUNK_SIZE):
            yield assess_chunk(chunk, settings)
        return
    workers = _start_workers(settings, jobs)
    finished = False
    try:
        yield from _dispatch(workers, _chunks(records, CHUNK_SIZE), jobs * CHUNKS_PER_WORKER)
        finished = True
    finally:
        _end_workers(workers, at_once=not finished)


def _died(worker: _Worker) -> WorkerDied:
    worker.process.join(timeout=1)
    return WorkerDied(f"a worker process ended (exit code {worker.process.exitcode})")


def _dispatch(
    workers: Sequence[_Worker], chunks: Iterator[list[RawRecord]], window: int
) -> Iterator[list[Outcome]]:
    """Hand chunks to idle workers and give back their outcomes in input order.

    At most `window` chunks are out (sent, or done and waiting for an earlier one), which
    keeps memory constant however slow one chunk is.
    """
    idle = list(workers)
    busy: dict[int, tuple[_Worker, int]] = {}  # process sentinel -> (worker, chunk index)
    done: dict[int, list[Outcome]] = {}
    sent = written = 0
    exhausted = False
    while True:
        while idle and not exhausted and sent - written < window:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                break
            worker = idle.pop()
            try:
                worker.conn.send(chunk)
            except OSError:
                raise _died(worker) from None
            busy[worker.process.sentinel] = (worker, sent)
            sent += 1
        if written in done:
            yield done.pop(written)
            written += 1
            continue
        if not busy:
            return  # every chunk sent has been given back
        pipes = {id(w.conn): sentinel for sentinel, (w, _) in busy.items()}
        ready = wait([w.conn for w, _ in busy.values()])
        for conn in ready:
            worker, index = busy.pop(pipes[id(conn)])
            try:
                done[index] = worker.conn.recv()
            except (EOFError, OSError):
                raise _died(worker) from None
            idle.append(worker)


class StopFlag:
    """A request to stop, set by a signal handler and read by the runner between chunks.

    The first request lets the chunk under way finish and be written, so the files end on a
    whole record. A second one raises KeyboardInterrupt at once, but only while the runner is
    waiting for results (`waiting`), never while it writes or counts a chunk: a chunk can take
    seconds (with --plan), and the files and the counts must stay in step.
    """

    def __init__(self) -> None:
        self.signal: int | None = None
        """The first signal that asked for the stop."""
        self.waiting = False

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def request(self, signum: int) -> None:
        if self.signal is None:
            self.signal = signum
        elif self.waiting:
            self.waiting = False  # once: a third signal must not break the clean-up
            raise KeyboardInterrupt


class RepeatedIds:
    """Ids that more than one assessed record gives. One row per patient with an id twice is
    most often one patient's visits, each classified as a patient of its own: the run goes
    on (ids need not be unique), and the ids are named so the user can check.

    Memory is bounded: each id is kept as an 8-byte digest with the line it was first seen
    on, for the first TRACKED distinct ids; later new ids are not kept (the result says
    so), while repeats of the kept ones are still found.
    """

    #: How many repeated ids are named; the count covers the rest.
    NAMED = 50
    #: How many distinct ids are kept (about 9 MB at the cap).
    TRACKED = 100_000

    def __init__(self) -> None:
        self._first: dict[int, int] = {}
        self._lines: dict[str, list[int]] = {}
        """Each named repeated id: the first lines it is on (at most SHOWN_LINES)."""
        self._records: dict[str, int] = {}
        """Each named repeated id: how many records give it."""
        self._repeated = 0
        self._counted: set[int] = set()
        """Digests of the repeated ids past the named ones (each counted once)."""
        self.untracked = 0
        """Records whose ids came after the cap: not checked against each other."""

    #: How many lines of one repeated id are named; the count covers the rest.
    SHOWN_LINES = 5

    def add(self, record_id: str, line: int) -> None:
        key = blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        digest = int.from_bytes(key, "big")
        first = self._first.get(digest)
        if first is None:
            if len(self._first) < self.TRACKED:
                self._first[digest] = line
            else:
                self.untracked += 1
            return
        if first == line:
            return
        if record_id not in self._lines:
            if len(self._lines) >= self.NAMED:
                # counted once, not named: the named ones are what a person reads
                if digest not in self._counted:
                    self._counted.add(digest)
                    self._repeated += 1
                return
            self._repeated += 1
            self._lines[record_id] = [first]
            self._records[record_id] = 1
        self._records[record_id] += 1
        if len(self._lines[record_id]) < self.SHOWN_LINES:
            self._lines[record_id].append(line)

    def repeated(self) -> tuple[str, ...]:
        named = []
        for record_id, lines in self._lines.items():
            more = self._records[record_id] - len(lines)
            named.append(
                f"id {shown(record_id, 80)} is on lines {', '.join(map(str, lines))}"
                + (f" and {more:,} more" if more else "")
            )
        if self._repeated > self.NAMED:
            named.append(f"and {self._repeated - self.NAMED:,} more ids on several records")
        if self.untracked:
            named.append(
                f"ids were checked for repeats among the first {self.TRACKED:,} distinct ids; "
                f"{self.untracked:,} later records were not checked"
            )
        return tuple(named)


@dataclass(frozen=True, slots=True)
class BatchResult:
    summary: CohortSummary
    blank_lines: int
    signal: int | None = None
    """The signal that stopped the run early, if one did."""
    failure: str | None = None
    """Why the run stopped early otherwise: a write error, a worker that died."""
    output_closed: bool = False
    """The reader of standard output closed it (`-o - | head`): the run stopped there."""
    repeated_ids: tuple[str, ...] = ()
    """Ids given to more than one assessed record (one patient's visits as patients?)."""
    id_lookalikes: tuple[str, ...] = ()
    """Visit rows: patient ids that differ only in case or spacing (one patient?)."""

    @property
    def interrupted(self) -> bool:
        return self.signal is not None


def run_batch(
    reader: CohortReader,
    writer: CohortWriter,
    settings: BatchSettings,
    jobs: int,
    *,
    stop: StopFlag | None = None,
    on_chunk: Callable[[Sequence[Outcome], CohortSummary], None] = lambda chunk, summary: None,
) -> BatchResult:
    """Assess every record, write rows and errors chunk by chunk, and count them.

    A stop (`stop`, a KeyboardInterrupt), a write error or a dead worker ends the run between
    chunks: what has been written and what has been counted are always the same records.
    The writer is left open; the caller puts its files in place (or discards them).
    """
    stop = stop or StopFlag()
    summary = CohortSummary(settings.criteria, settings.readings, settings.visit_rows)
    ids = RepeatedIds()
    failure: str | None = None
    closed = writer.output_closed  # gone before the CSV header: no record is read
    chunks = assessed_chunks(reader.records(), settings, jobs)
    try:
        while not closed and not stop.requested:
            try:
                stop.waiting = True
                chunk = next(chunks, None)
            finally:
                stop.waiting = False
            if chunk is None:
                break
            try:
                writer.commit(
                    [o.row for o in chunk if o.row is not None],
                    [o.error for o in chunk if o.error is not None],
                )
            except OutputClosed:
                closed = True
                break
            except OutputError as exc:
                failure = str(exc)
                break
            for o in chunk:
                if o.row is not None:
                    summary.add_result(o.line, o.categories, o.met, o.patterns, o.rows)
                    if o.record_id is not None:
                        ids.add(o.record_id, o.line)
                    if o.history is not None:
                        summary.histories.add(o.history)
                else:
                    summary.add_failure(o.line, o.rows)
            on_chunk(chunk, summary)
    except KeyboardInterrupt:
        if stop.signal is None:
            stop.signal = signal.SIGINT
    except WorkerDied as exc:
        if not stop.requested:  # workers ended by the same signal as the main process
            failure = str(exc)
    finally:
        chunks.close()
    return BatchResult(
        summary,
        reader.blank_lines,
        stop.signal,
        failure,
        closed,
        ids.repeated(),
        tuple(reader.id_lookalikes),
    )


def default_jobs() -> int:
    """The CPUs this process may use (`--jobs 0`, and the most `--jobs` gets)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


__all__ = [
    "BatchResult",
    "BatchSettings",
    "Outcome",
    "StopFlag",
    "WorkerDied",
    "assess_chunk",
    "assess_record",
    "assessed_chunks",
    "default_jobs",
    "run_batch",
]
