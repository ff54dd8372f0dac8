"""A cohort run: records read, assessed in input order, written chunk by chunk, and counted.

The main process hands chunks of records to the pool (cohort/pool.py), keeps a fixed window
of chunks out, and writes their outcomes back in input order, in memory that does not grow.
Each worker assesses its records whole (cohort/assess_record.py: parsed, validated,
evaluated, formatted and encoded), so the main process only moves bytes; each has its own
rule engine (durable_rules is one host per process). One bad record becomes an error row; it
never stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from hashlib import blake2b
from itertools import islice

from alscriteria.cohort.assess_record import (
    BatchSettings,
    RecordOutcome,
    assess_chunk,
    assess_record,
)
from alscriteria.cohort.output import CohortWriter
from alscriteria.cohort.output_errors import OutputClosed, OutputError
from alscriteria.cohort.pool import INTERRUPT, WorkerDied, default_jobs, in_order
from alscriteria.cohort.raw_record import RawRecord
from alscriteria.cohort.records import CohortReader
from alscriteria.cohort.summary import CohortSummary
from alscriteria.files.json_input import shown

#: Records per chunk: large enough that pickling and queueing cost little per record, small
#: enough (about a quarter of a second of work) that progress and Ctrl-C stay responsive.
CHUNK_SIZE = 250
IN_PROCESS_CHUNK_SIZE = 50


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def assessed_chunks(
    records: Iterable[RawRecord], settings: BatchSettings, jobs: int
) -> Generator[list[RecordOutcome], None, None]:
    """Outcomes chunk by chunk, in input order; `jobs` > 1 spreads them over processes.

    Closing the iterator early (a stop) or an exception ends the workers at once; a worker
    that dies raises WorkerDied (cohort/pool.py).
    """
    if jobs <= 1:
        for chunk in _chunks(records, IN_PROCESS_CHUNK_SIZE):
            yield assess_chunk(chunk, settings)
        return
    work = partial(assess_chunk, settings=settings)
    yield from in_order(_chunks(records, CHUNK_SIZE), work, jobs)


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
    on_chunk: Callable[[Sequence[RecordOutcome], CohortSummary], None] = lambda chunk, summary: (
        None
    ),
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
            stop.signal = INTERRUPT
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


__all__ = [
    "BatchResult",
    "BatchSettings",
    "RecordOutcome",
    "RepeatedIds",
    "StopFlag",
    "WorkerDied",
    "assess_chunk",
    "assess_record",
    "assessed_chunks",
    "default_jobs",
    "run_batch",
]
