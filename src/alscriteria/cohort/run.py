"""Assessing a cohort in worker processes, in input order, in memory that does not grow.

Why not `Pool.imap`: its feeder thread reads the whole input ahead of the workers, so memory
grows with the file. Here the main process keeps a fixed window of chunks in flight and
submits the next chunk only when the oldest one has been written, which also keeps the output
in input order. Each worker parses, validates, evaluates and formats its records, so the main
process only moves text; each worker has its own rule engine (durable_rules is one host per
process). One bad record becomes an error row; it never stops the run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from alscriteria.cohort.csv_layout import in_csv_terms, row_to_case
from alscriteria.cohort.formats import CohortFormat
from alscriteria.cohort.output import CohortWriter, error_row, result_row
from alscriteria.cohort.records import CohortReader, RawRecord
from alscriteria.cohort.summary import CohortSummary
from alscriteria.errors import AlsCriteriaError, InvalidCaseError
from alscriteria.evaluation import evaluate_all
from alscriteria.readings import Readings

#: Records per chunk: large enough that pickling and queueing cost little per record, small
#: enough (about a quarter of a second of work) that progress and Ctrl-C stay responsive.
CHUNK_SIZE = 250
IN_PROCESS_CHUNK_SIZE = 50
#: Chunks in flight per worker: enough to keep every worker busy while the main one writes.
CHUNKS_PER_WORKER = 3


class CohortRunError(AlsCriteriaError):
    """The run itself failed (a worker process died); the output is complete up to `line`."""


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


@dataclass(frozen=True, slots=True)
class Outcome:
    """One record's result, already formatted, plus what the summary counts."""

    line: int
    row: str | None = None
    error: str | None = None
    problems: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    met: tuple[bool, ...] = ()
    patterns: tuple[str, ...] = ()


def _record_id(data: object) -> Any:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _csv_id(record: RawRecord, settings: BatchSettings) -> str | None:
    """The id cell of a CSV row, so that even a row that fails names its patient."""
    if record.cells is None or settings.header is None or "id" not in settings.header:
        return None
    i = settings.header.index("id")
    if i >= len(record.cells):
        return None
    return record.cells[i].strip() or None


def _case_data(record: RawRecord, settings: BatchSettings) -> Any:
    if record.cells is not None:
        assert settings.header is not None
        return row_to_case(settings.header, record.cells)
    assert record.text is not None
    try:
        return json.loads(record.text)
    except json.JSONDecodeError as exc:
        raise InvalidCaseError([f"not valid JSON (column {exc.colno}: {exc.msg})"]) from None
    except RecursionError:
        raise InvalidCaseError(["not valid JSON (nested too deeply)"]) from None


def _failed(line: int, case_id: Any, problems: Sequence[str]) -> Outcome:
    return Outcome(line, error=error_row(line, case_id, problems), problems=tuple(problems))


def assess_record(record: RawRecord, settings: BatchSettings) -> Outcome:
    """Assess one record under the chosen criteria sets; any failure becomes an error row."""
    if record.problem is not None:
        return _failed(record.line, None, [record.problem])
    data: Any = None
    try:
        data = _case_data(record, settings)
        results = evaluate_all(
            data, settings.readings, criteria=settings.criteria, plan=settings.plan
        )
    except InvalidCaseError as exc:
        problems = exc.problems
        if record.cells is not None:
            problems = [in_csv_terms(p) for p in problems]
        return _failed(record.line, _record_id(data) or _csv_id(record, settings), problems)
    except Exception as exc:  # a bug must cost one record, not the cohort
        return _failed(record.line, _record_id(data), [f"evaluation failed: {exc!r}"])
    case_id = _record_id(data)
    row = result_row(settings.output_format, record.line, case_id, results, settings.full)
    return Outcome(
        record.line,
        row=row,
        categories=tuple(a.category.value for a in results.values()),
        met=tuple(a.met for a in results.values()),
        patterns=tuple(a.pattern_category.value for a in results.values()),
    )


def assess_chunk(chunk: Sequence[RawRecord], settings: BatchSettings) -> list[Outcome]:
    return [assess_record(record, settings) for record in chunk]


_worker_settings: BatchSettings | None = None


def _start_worker(settings: BatchSettings) -> None:
    """Workers leave Ctrl-C to the main process, which stops at a whole chunk."""
    global _worker_settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_settings = settings


def _assess_in_worker(chunk: Sequence[RawRecord]) -> list[Outcome]:
    assert _worker_settings is not None
    return assess_chunk(chunk, _worker_settings)


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def assessed_chunks(
    records: Iterable[RawRecord], settings: BatchSettings, jobs: int
) -> Generator[list[Outcome], None, None]:
    """Outcomes chunk by chunk, in input order; `jobs` > 1 spreads them over processes.

    Closing the iterator early (an interrupt) shuts the workers down without waiting for the
    chunks still queued.
    """
    if jobs <= 1:
        for chunk in _chunks(records, IN_PROCESS_CHUNK_SIZE):
            yield assess_chunk(chunk, settings)
        return
    # spawn: workers start clean, without the parent's threads (progress bar) or engine
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(settings,)
    )
    pending: deque[Future[list[Outcome]]] = deque()
    chunks = _chunks(records, CHUNK_SIZE)
    try:
        for chunk in islice(chunks, jobs * CHUNKS_PER_WORKER):
            pending.append(pool.submit(_assess_in_worker, chunk))
        while pending:
            done = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(_assess_in_worker, following))
            yield done
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True, slots=True)
class BatchResult:
    summary: CohortSummary
    interrupted: bool
    blank_lines: int


def run_batch(
    reader: CohortReader,
    writer: CohortWriter,
    settings: BatchSettings,
    jobs: int,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    on_chunk: Callable[[Sequence[Outcome], CohortSummary], None] = lambda chunk, summary: None,
) -> BatchResult:
    """Assess every record, write rows and errors chunk by chunk, and count them.

    `should_stop` is asked after each written chunk (a Ctrl-C handler sets it), so a stop
    always falls between whole chunks. The writer is closed either way; if anything escapes
    mid-write it is cut back to the last whole record.
    """
    summary = CohortSummary(settings.criteria, settings.readings)
    interrupted = False
    complete = False
    chunks = assessed_chunks(reader.records(), settings, jobs)
    try:
        for chunk in chunks:
            writer.commit(
                [o.row for o in chunk if o.row is not None],
                [o.error for o in chunk if o.error is not None],
            )
            for o in chunk:
                if o.row is not None:
                    summary.add_result(o.line, o.categories, o.met, o.patterns)
                else:
                    summary.add_failure(o.line)
            on_chunk(chunk, summary)
            if should_stop():
                interrupted = True
                break
        complete = True
    except BrokenProcessPool as exc:
        complete = True  # what was committed is whole; nothing was mid-write
        raise CohortRunError(
            f"a worker process died ({exc}); the output is complete up to line "
            f"{summary.last_line}"
        ) from None
    finally:
        try:
            chunks.close()
        finally:
            writer.close(complete=complete)
    return BatchResult(summary, interrupted, reader.blank_lines)


def default_jobs() -> int:
    """The CPUs this process may use (`--jobs 0`)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


__all__ = [
    "BatchResult",
    "BatchSettings",
    "CohortRunError",
    "Outcome",
    "assess_chunk",
    "assess_record",
    "assessed_chunks",
    "default_jobs",
    "run_batch",
]
