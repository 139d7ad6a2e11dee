"""Where a fleet's repositories are scanned on this machine: one after another, or on a pool of
worker processes (one per core by default). Both yield each record as soon as it is done.

Each worker scans one repository at a time with one job (see tokenlint.fleet.worker): the
repositories are the parallel unit, so N workers keep N cores busy and never N x cores. Workers
start from a fork server (no copy of this process's state, pipes or progress bar) and ignore
Ctrl-C: the run stops them. A worker that dies (a crash, the out-of-memory killer) takes every
scan in flight with it; each of those is run again alone in a fresh pool, and one that kills
its worker again becomes a failed record, never a lost repository or a hang.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from tokenlint.fleet.model import Backend, FleetOptions, Record, RepoSpec, Task
from tokenlint.fleet.worker import failed

DIED = "the worker process scanning it died (a crash or the out-of-memory killer)"


def cores() -> int:
    """The cores this process may use (its CPU affinity, which containers narrow), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def sequential() -> Backend:
    """Every repository in this process, one after another (-j 1)."""
    def run(task: Task, specs: list[RepoSpec], options: FleetOptions) -> Iterator[Record]:
        for spec in specs:
            yield task(spec, options)
    return run


def local(jobs: int = 0) -> Backend:
    """A process pool of `jobs` workers (0: one per core); sequential when one would do."""
    def run(task: Task, specs: list[RepoSpec], options: FleetOptions) -> Iterator[Record]:
        workers = min(jobs or cores(), len(specs))
        if workers <= 1:
            yield from sequential()(task, specs, options)
            return
        lost: list[RepoSpec] = []
        yield from _pooled(task, specs, options, workers, lost)
        for spec in lost:  # alone, so that only the one that kills its worker fails
            yield from _pooled(task, [spec], options, 1, None)
    return run


def _pooled(task: Task, specs: list[RepoSpec], options: FleetOptions, workers: int,
            lost: list[RepoSpec] | None) -> Iterator[Record]:
    """Records of `specs` from a pool of `workers`; specs whose worker died go to `lost` (None:
    they fail)."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_ignore_interrupts)
    pending: dict[Future[Record], RepoSpec] = {}
    clean = False
    try:
        pending = {pool.submit(task, spec, options): spec for spec in specs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                spec = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    if lost is None:
                        yield failed(spec, DIED)
                    else:
                        lost.append(spec)
                except Exception as exc:  # the task never raises; pickling a result might
                    yield failed(spec, f"{type(exc).__name__}: {exc}")
        clean = True
    finally:
        if not clean:  # interrupted, or the consumer stopped: stop the scans under way
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
