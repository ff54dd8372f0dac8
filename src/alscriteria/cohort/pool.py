"""A process pool of our own: work handed out chunk by chunk, results back in input order.

The only home of multiprocessing, signals and ctypes in the cohort. The pool knows nothing of
cases: it is given the chunks and a picklable function that turns one chunk into its result
(cohort/run.py hands it `assess_chunk` bound to the run's settings).

Workers are part of the run, never left over: they ignore Ctrl-C (the main process decides
when to stop), are ended when the run stops early, and end themselves if the main process
dies, even by SIGKILL. They start without the working directory on their module path.

Why not a process pool from the standard library: `Pool.imap` reads the whole input ahead,
and terminating the workers of a `ProcessPoolExecutor` (to stop at once) can leave its
manager thread waiting for ever on half a message. Here each worker has its own pipe and is
sent a chunk only when idle, so neither side can block the other, and a worker that dies is
an end of file on its pipe.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

#: A chunk handed to a worker, and what the worker gives back for it.
Chunk = TypeVar("Chunk")
Done = TypeVar("Done")

#: Chunks out per worker (being worked on, or done and waiting for an earlier one to be
#: given back): room for one slow chunk without idling the other workers.
CHUNKS_PER_WORKER = 3
#: How often a worker checks that the main process still exists, where the kernel cannot
#: be asked to end it when its parent dies.
PARENT_CHECK_SECONDS = 0.5
#: The signal a Ctrl-C sends, as the number a run reports it stopped by.
INTERRUPT = int(signal.SIGINT)

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


def _worker_main(conn: Connection[Any, Any], work: Callable[[Any], Any], parent: int) -> None:
    """A worker: chunks in, results out, one at a time, until the pipe closes.

    The parent closing its end is the end of the work however it shows: EOF; a reset, where
    it closed with a result of this worker still unread (a run stopped by Ctrl-C or SIGTERM
    between chunks: the socket then resets rather than ends); a broken pipe on sending. None
    of them is an error of the worker's to print."""
    _start_worker(parent)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, ConnectionResetError):
            return
        if chunk is None:
            return
        result = work(chunk)
        try:
            conn.send(result)
        except (BrokenPipeError, ConnectionResetError):
            return


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


def _start_workers(work: Callable[[Any], Any], jobs: int) -> list[_Worker]:
    # spawn: workers start clean, without the parent's threads (progress bar) or engine
    context = multiprocessing.get_context("spawn")
    workers: list[_Worker] = []
    try:
        with _safe_path():
            for _ in range(jobs):
                ours, theirs = context.Pipe(duplex=True)
                process = context.Process(
                    target=_worker_main,
                    args=(theirs, work, os.getpid()),
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


def in_order(
    chunks: Iterator[Chunk], work: Callable[[Chunk], Done], jobs: int
) -> Generator[Done, None, None]:
    """Each chunk's result, in input order, worked out by `jobs` worker processes.

    `work` is pickled to every worker (a module-level function, or a `functools.partial` of
    one). Closing the generator early (a stop) or an exception ends the workers at once; a
    worker that dies raises WorkerDied.
    """
    workers = _start_workers(work, jobs)
    finished = False
    try:
        yield from _dispatch(workers, chunks, jobs * CHUNKS_PER_WORKER)
        finished = True
    finally:
        _end_workers(workers, at_once=not finished)


def _died(worker: _Worker) -> WorkerDied:
    worker.process.join(timeout=1)
    return WorkerDied(f"a worker process ended (exit code {worker.process.exitcode})")


def _dispatch(workers: Sequence[_Worker], chunks: Iterator[Chunk], window: int) -> Iterator[Done]:
    """Hand chunks to idle workers and give back their results in input order.

    At most `window` chunks are out (sent, or done and waiting for an earlier one), which
    keeps memory constant however slow one chunk is.
    """
    idle = list(workers)
    busy: dict[int, tuple[_Worker, int]] = {}  # process sentinel -> (worker, chunk index)
    done: dict[int, Done] = {}
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


def default_jobs() -> int:
    """The CPUs this process may use (`--jobs 0`, and the most `--jobs` gets)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


__all__ = ["CHUNKS_PER_WORKER", "INTERRUPT", "WorkerDied", "default_jobs", "in_order"]
