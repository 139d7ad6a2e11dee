"""Analyse blobs across worker processes, handing the results back in the order they were listed.

The history walk (and the CI gate's scan of a range's changes) reads blobs through ONE `git
cat-file --batch` in the main process; the expensive part, the usage analysis of a blob that
concerns Bitbucket, is what pays to spread over the cores. So:

- Once the pool runs, the main process sniffs and prefilters each blob (cheap: one Aho-Corasick
  pass); only the blobs the detectors would read are pickled to a worker. The rest are finished
  where they are, since sending their bytes costs more than scanning them.
- Results come back strictly in listing order (`ordered`): the walk's state (what was
  reported, which secret a version claimed, the snapshots' facts) depends on that order, so
  `-j1` and `-jN` print byte-identical reports. Work is handed out ahead of the oldest
  unfinished result only within a bounded window (blobs and bytes in flight, entries queued),
  so memory stays flat however long the history is.
- Until then every blob is analysed here, timed; the pool starts once analysis has taken
  PARALLEL_MIN_SECONDS and most of the time (PARALLEL_MIN_SHARE): a short history, a CI change
  of a few files, or an ordinary history where reading is the work never pays for it. Never
  with one job.
- Workers start from a fork server, not a fork of this process: they inherit none of its
  pipes (a worker holding cat-file's stdin would keep it from ever seeing its end), threads or
  state, and ignore Ctrl-C (the main process stops them). A worker that dies (a crash, the
  out-of-memory killer) fails every blob in flight; each is analysed again alone, in a fresh
  worker, and the one that kills that worker too becomes a Problem, never a hang or traceback.

The scan itself is `scanner.scan_bytes` wherever it runs, so where a blob went never changes
what is found.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from tokenlint import scanner
from tokenlint.engine.settings import Settings
from tokenlint.model import Problem
from tokenlint.scanner import FileResult
from tokenlint.sniff import sniff

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from tokenlint.engine.rule import Policy

# The pool starts once this many blobs took this long to analyse here: starting it (a fork
# server importing the scanner, each worker loading the detectors) costs about half a second of
# CPU, which a short history or a CI change of a few files would never win back.
PARALLEL_MIN_BLOBS = 16
PARALLEL_MIN_SECONDS = 1.0
# ... and only when analysis is at least this share of the time spent so far. Where reading
# dominates (an ordinary history: git inflating blobs on one core, this process prefiltering
# them on the other), no core is free for workers, and the pool only adds the cost of shipping
# blobs to them; where analysis dominates (a repository whose every file calls Bitbucket), it
# nearly halves the wall time on two cores.
PARALLEL_MIN_SHARE = 0.75
AHEAD_PER_WORKER = 8  # blobs in flight per worker, at most
AHEAD_BYTES = 32 << 20  # bytes in flight, at most (one bigger blob still goes alone)
MAX_QUEUED = 4096  # listed entries waiting behind the oldest unfinished result, at most
DIED = "not analysed: the worker process analysing it died (a crash or the out-of-memory killer)"

Tag = TypeVar("Tag")
#: What the worker needs besides the blob: policies, inline ignores, inventory.
Options = tuple[list["Policy"], bool, bool]


@dataclass(frozen=True, slots=True)
class Job:
    """A blob to analyse: its path (as reported) and its bytes."""

    path: str
    data: bytes


#: What one listed entry asks for: a blob to analyse, a result already known (a problem reading
#: it, a cached result), or nothing (the entry only keeps its place in the order).
Work = Job | FileResult | None


def options(settings: Settings) -> Options:
    return settings.policies, settings.inline_ignores, settings.inventory


def analyse(job: Job, opts: Options) -> FileResult:
    """One blob's scan, the same in the main process and in a worker."""
    policies, inline_ignores, inventory = opts
    return scanner.scan_bytes(job.path, job.data, policies, inline_ignores=inline_ignores, inventory=inventory)


def worth_a_worker(job: Job, inline_ignores: bool) -> bool:
    """Whether the detectors will read this blob (scan_bytes goes past its prefilter): only then
    do its bytes pay the trip to a worker. Deciding wrongly costs time, never a finding."""
    kind = sniff(job.data)
    if kind.binary:
        return False
    if kind.codec not in ("", "utf-8-sig"):
        return True  # UTF-16/32: decoded first, rare
    interesting, marked = scanner.prefilter(job.data, job.path.rsplit("/", 1)[-1].lower())
    return interesting or (marked and inline_ignores)


def ordered(items: Iterable[tuple[Tag, Work]], settings: Settings) -> Iterator[tuple[Tag, FileResult | None]]:
    """(tag, result) for each (tag, work) of `items`, in the same order; a Job's result is its
    analysis, run in a worker when it pays. `items` is read lazily, at most a bounded window
    ahead of the oldest result not yet handed back."""
    pool = _Pool(settings)
    queue: deque[tuple[Tag, Job | None, FileResult | Future[FileResult] | None]] = deque()
    try:
        for tag, work in items:
            if isinstance(work, Job):
                queue.append((tag, work, pool.submit(work)))
            else:
                queue.append((tag, None, work))
            while queue and (pool.ready(queue[0][2]) or pool.full() or len(queue) > MAX_QUEUED):
                yield _settled(pool, queue.popleft())
        while queue:
            yield _settled(pool, queue.popleft())
    finally:
        pool.close()


def _settled(pool: _Pool, entry: tuple[Tag, Job | None, FileResult | Future[FileResult] | None]
             ) -> tuple[Tag, FileResult | None]:
    tag, job, slot = entry
    if slot is None or isinstance(slot, FileResult):
        return tag, slot
    if job is None:
        raise RuntimeError("a blob in flight without its job")
    return tag, pool.result(job, slot)


class _Pool:
    """The worker processes, started when enough blobs have proved worth them, and what is in flight."""

    def __init__(self, settings: Settings) -> None:
        self.opts = options(settings)
        self.jobs = settings.jobs
        self.inline_ignores = settings.inline_ignores
        self.analysed = 0  # blobs analysed here before the pool started
        self.spent = 0.0  # seconds their analysis took
        self.began = time.perf_counter()
        self.flying = 0
        self.bytes = 0
        self.executor: ProcessPoolExecutor | None = None
        self.alone: ProcessPoolExecutor | None = None  # a one-worker pool to find which blob kills a worker

    def submit(self, job: Job) -> FileResult | Future[FileResult]:
        if self.executor is None:  # analysed here, timed, until the pool proves worth starting
            if self.jobs <= 1:
                return analyse(job, self.opts)
            start = time.perf_counter()
            result = analyse(job, self.opts)
            now = time.perf_counter()
            self.spent += now - start
            self.analysed += 1
            if (self.analysed > PARALLEL_MIN_BLOBS and self.spent >= PARALLEL_MIN_SECONDS
                    and self.spent >= PARALLEL_MIN_SHARE * (now - self.began)):
                self.executor = _executor(self.jobs, self.opts)
            return result
        if not worth_a_worker(job, self.inline_ignores):
            return analyse(job, self.opts)
        from concurrent.futures.process import BrokenProcessPool  # start-up: loaded once a pool exists

        try:
            future = self.executor.submit(_work, job)
        except BrokenProcessPool:  # a worker died since the last result was collected: the blobs in
            self._drop()  # flight learn it from their futures (and run again alone); this one starts afresh
            return self.submit(job)
        self.flying += 1
        self.bytes += len(job.data)
        return future

    def ready(self, slot: FileResult | Future[FileResult] | None) -> bool:
        return slot is None or isinstance(slot, FileResult) or slot.done()

    def full(self) -> bool:
        return self.flying >= self.jobs * AHEAD_PER_WORKER or self.bytes >= AHEAD_BYTES

    def result(self, job: Job, future: Future[FileResult]) -> FileResult:
        from concurrent.futures.process import BrokenProcessPool  # start-up: loaded once a pool exists

        self.flying -= 1
        self.bytes -= len(job.data)
        try:
            return future.result()
        except BrokenProcessPool:
            self._drop()
        return self._alone(job)

    def _alone(self, job: Job) -> FileResult:
        """Analyse one blob in a worker of its own: if that one dies too, this blob is the cause."""
        from concurrent.futures.process import BrokenProcessPool  # start-up: loaded once a pool exists

        if self.alone is None:
            self.alone = _executor(1, self.opts)
        try:
            return self.alone.submit(_work, job).result()
        except BrokenProcessPool:
            self.alone.shutdown(wait=True)
            self.alone = None
            return FileResult(job.path, problems=[Problem(job.path, DIED, True)])

    def _drop(self) -> None:
        """A worker died: every blob in flight fails with it; a fresh pool serves what comes next."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def close(self) -> None:
        for executor in (self.executor, self.alone):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self.alone = None


def _executor(workers: int, opts: Options) -> ProcessPoolExecutor:
    import multiprocessing  # start-up: never on the pre-commit path
    from concurrent.futures import ProcessPoolExecutor  # start-up: as above

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":  # each worker forks with the scanner and what it loaded so far
        context.set_forkserver_preload(_preload())
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(opts,))


def _preload() -> list[str]:
    """The modules the fork server imports once for every worker: the scanner, and the detectors,
    parsers and grammars that the blobs analysed before the pool started made this process load
    (they are what the rest of the history needs too; each worker would import them again)."""
    loaded = [name for name in sys.modules if name.startswith(_PRELOAD)]
    return ["tokenlint.scanner", *sorted(loaded)]


_PRELOAD = ("tokenlint.detectors.", "tokenlint.parsers.", "tree_sitter")
_worker_options: Options | None = None


def _init_worker(opts: Options) -> None:
    global _worker_options
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process stops the pool and says so
    _worker_options = opts


def _work(job: Job) -> FileResult:
    if _worker_options is None:
        raise RuntimeError("analysis worker used before _init_worker ran")
    return analyse(job, _worker_options)
