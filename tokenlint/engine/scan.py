"""The scan loop every source shares: scan files (across processes when it pays), fold their
results into one, run the cross-file checks, and pass everything through the filter pipeline.

Sources decide what to read (a tree's files, the index, a history's blobs, a CI range) and
call down into this module; none of them calls back into the API.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from tokenlint import checks, flows, progress
from tokenlint.engine import filters
from tokenlint.engine.match import evaluate_linked
from tokenlint.engine.rule import Policy
from tokenlint.engine.settings import Settings
from tokenlint.model import Finding, Problem, Target
from tokenlint.results import ScanResult
from tokenlint.scanner import FileResult, read_target, scan_target

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_MIN_FILES = 200
PROGRESS_MIN_FILES = 200  # a tree this big shows a progress bar (on a terminal); a smaller one is over at once
CHUNK = 64

#: What `scan_target` takes besides the target: policies, size limit, inline ignores, inventory.
ScanOptions = tuple[list[Policy], int, bool, bool]

_worker_state: ScanOptions | None = None


def _init_worker(policies: list[Policy], max_size: int, inline_ignores: bool, inventory: bool) -> None:
    global _worker_state
    _worker_state = (policies, max_size, inline_ignores, inventory)


def _rescan(job: tuple[Target, Mapping[str, str]]) -> FileResult:
    """A file scanned again with the source of the files that complete it (`inherit`), in a worker."""
    if _worker_state is None:
        raise RuntimeError("scan worker used before _init_worker ran")
    target, classes = job
    return scan_target(target, *_worker_state, classes=classes)


def _scan_chunk(chunk: list[Target]) -> list[FileResult]:
    if _worker_state is None:
        raise RuntimeError("scan worker used before _init_worker ran")
    return [scan_target(t, *_worker_state) for t in chunk]


def scan_targets(targets: list[Target], settings: Settings) -> Iterator[FileResult]:
    """Scan files, across processes when there are enough of them to pay for the pool."""
    if not _pays(targets, settings):
        yield from _scan(targets, settings, None)
        return
    with _pool(settings, len(targets)) as pool:
        yield from _scan(targets, settings, pool)


def _pays(targets: list[Target], settings: Settings) -> bool:
    """Whether a process pool returns more than its start-up costs: enough files, and cores."""
    return settings.jobs > 1 and len(targets) >= PARALLEL_MIN_FILES


def _pool(settings: Settings, files: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # start-up: not on the pre-commit path

    workers = min(settings.jobs, -(-files // CHUNK))  # `-j 100000` starts no more processes than there is work
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=_scan_options(settings))


def _scan(targets: list[Target], settings: Settings, pool: ProcessPoolExecutor | None) -> Iterator[FileResult]:
    if pool is None:
        options = _scan_options(settings)
        for target in targets:
            yield scan_target(target, *options)
        return
    chunks = [targets[i:i + CHUNK] for i in range(0, len(targets), CHUNK)]
    for results in pool.map(_scan_chunk, chunks):
        yield from results


def _scan_options(settings: Settings) -> ScanOptions:
    return settings.policies, settings.max_file_size, settings.inline_ignores, settings.inventory


def cross_file_findings(out: ScanResult, settings: Settings) -> list[Finding]:
    """The cross-file checks over one snapshot: every usage fact the scan gathered."""
    linked = evaluate_linked(settings.policies, flows.link(out.usage))
    return linked + checks.run(settings.policies, out.usage, settings.config)


def collect_results(results: Iterable[FileResult], settings: Settings, problems: Iterable[Problem] = (),
                    cross_file: Callable[[ScanResult], list[Finding]] | None = None) -> ScanResult:
    """Fold per-file results into one and finish the filter pipeline (engine.filters): count
    what inline ignores hid, then apply the baseline and the confidence floor.

    `cross_file` computes the cross-file findings once the per-file results are in (default:
    the checks over the scan's usage facts, one snapshot). A history scan passes its own: it
    checks the snapshots that matter, never every version at once, and fills `out.usage`.
    """
    out = ScanResult(problems=list(problems))
    raw: list[Finding] = []
    for r in results:
        out.problems.extend(r.problems)
        out.notes.extend(r.notes)
        out.usage.extend((r.path, fact) for fact in r.usage)
        if r.scanned:
            out.files_scanned += 1
            out.bytes_scanned += r.size
        filters.count(out, filters.INLINE_IGNORE, r.ignored)
        raw.extend(r.findings)
    raw.extend(cross_file(out) if cross_file is not None else cross_file_findings(out, settings))
    filters.finish(out, raw, settings.baseline, settings.min_confidence)
    return out


def run(targets: list[Target], settings: Settings, problems: Iterable[Problem] = ()) -> ScanResult:
    """Scan the files a source listed (`problems`: what it could not list) into one result."""
    with _bar(settings, len(targets)) as bar:
        if not _pays(targets, settings):
            results = list(_counted(bar, _scan(targets, settings, None), settings))
            return collect_results(inherit(targets, results, settings), settings, problems)
        with _pool(settings, len(targets)) as pool:  # kept open for the second pass (`inherit`) too
            results = list(_counted(bar, _scan(targets, settings, pool), settings))
            results = inherit(targets, results, settings, pool)
    return collect_results(results, settings, problems)


def run_listed(listing: Iterable[Target], settings: Settings, problems: list[Problem]) -> ScanResult:
    """`run` over files a walk is still listing: once there are enough of them for the process
    pool to pay, its workers start on the first chunks while the walk lists the rest (the walk
    and the scan overlap). `problems` is what the walk could not list, complete once it ends."""
    stream = iter(listing)
    targets = list(itertools.islice(stream, PARALLEL_MIN_FILES))
    if not _pays(targets, settings):
        targets.extend(stream)
        return run(targets, settings, problems)

    with _pool(settings, PARALLEL_MIN_FILES) as pool, _bar(settings, None) as bar:
        first = [pool.submit(_scan_chunk, targets[i:i + CHUNK]) for i in range(0, len(targets), CHUNK)]
        later = [pool.submit(_scan_chunk, chunk) for chunk in _rest(stream, targets)]
        bar.total = len(targets)  # the walk is over
        results = list(_counted(bar, (r for future in first + later for r in future.result()), settings))
        results = inherit(targets, results, settings, pool)
    return collect_results(results, settings, problems)


def _bar(settings: Settings, total: int | None) -> progress.Progress:
    """The progress bar of a tree scan: shown on a terminal for a tree of many files (or one
    still being listed, which is as many as the pool needs)."""
    many = total is None or total >= PROGRESS_MIN_FILES
    return progress.Progress("scan", "files", total=total, shown=settings.progress and many and progress.wanted())


def _counted(bar: progress.Progress, results: Iterable[FileResult], settings: Settings) -> Iterator[FileResult]:
    for r in results:
        bar.update(1, sum(f.confidence >= settings.min_confidence for f in r.findings))
        yield r


def _rest(stream: Iterator[Target], targets: list[Target]) -> Iterator[list[Target]]:
    """The walk's further files in chunks, each also appended to `targets` (the scan's list)."""
    while chunk := list(itertools.islice(stream, CHUNK)):
        targets.extend(chunk)
        yield chunk


_BASES = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)
#: The base a class of a tree-sitter language names: `class Teams extends Base` (PHP, Java, JS,
#: Groovy), `class Repository < Base` (Ruby), `class Client : ApiBase` (C#); namespaces dropped.
_EXTENDS = re.compile(r"\bclass[ \t]+\w+(?:<[^>\n]*>)?[ \t]*(?:extends[ \t]+|<[ \t]*|:[ \t]*)([\w\\.:]+)")
MAX_SUBCLASS_FILES = 20_000  # Python files read again for the bases of their classes, at most


def _suffix(display: str) -> str:
    name = display.rsplit("/", 1)[-1]
    return name[name.rfind("."):].lower() if "." in name else ""


def inherit(targets: list[Target], results: list[FileResult], settings: Settings,
            pool: ProcessPoolExecutor | None = None) -> list[FileResult]:
    """A file whose meaning another file of this snapshot completes is scanned again with that
    file's source at hand: a class whose base another file defines (`class Client(BaseClient)`,
    `class Teams extends Base`, `class TeamClient : BitbucketClientBase`: the base holding the API
    root, the credential and a `request` wrapper), or a Go file of a package whose other files
    define the client, constants and wrappers it calls (Go shares names across a directory's
    files). Only files of the same language concerning Bitbucket count; each file is read once
    more at most: bounded, one snapshot. The files to scan again are listed first, then scanned on `pool`
    when there is one (each such scan reads several files' code: worth a worker)."""
    defined: dict[tuple[str, str], int] = {}
    packages: dict[str, list[int]] = {}
    for i, r in enumerate(results[:len(targets)]):
        display = targets[i].display
        if r.defines and display.endswith(".go"):
            if not display.endswith("_test.go"):
                packages.setdefault(_directory(display), []).append(i)
            continue
        for name in r.defines:
            defined.setdefault((_suffix(display), name), i)
    if not defined and not packages:
        return results
    suffixes = {suffix for suffix, _ in defined}
    out = list(results)
    again: list[tuple[int, Target, dict[str, str]]] = []  # (index, file, the sources it is scanned with)
    read = 0
    for i, target in enumerate(targets[:len(results)]):
        suffix = _suffix(target.display)
        if suffix not in suffixes and not (suffix == ".go" and packages):
            continue
        read += 1
        if read > MAX_SUBCLASS_FILES:
            break
        text = _text(target, settings.max_file_size)
        if text is None:
            continue
        if suffix == ".go":
            siblings = [j for j in packages.get(_directory(target.display), []) if j != i][:MAX_PACKAGE_FILES]
            words = set(_WORD.findall(text)) if siblings else set()
            wanted = {targets[j].display: j for j in siblings if words.intersection(results[j].defines)}
        else:
            own = set(results[i].defines)
            wanted = _bases(text, suffix, defined, own, i)
            for _ in range(2):  # a base's own bases, a level or two up
                more: dict[str, int] = {}
                for j in wanted.values():
                    more.update(_bases(_text(targets[j], settings.max_file_size) or "", suffix, defined, own, i))
                if not more.keys() - wanted.keys():
                    break
                wanted.update(more)
        if not wanted:
            continue
        sources = {key: _text(targets[j], settings.max_file_size) for key, j in wanted.items()}
        classes = {key: src for key, src in sources.items() if src is not None}
        if classes:
            again.append((i, target, classes))
    if pool is not None and len(again) > 1:
        rescanned = list(pool.map(_rescan, [(target, classes) for _, target, classes in again]))
    else:
        rescanned = [scan_target(target, *_scan_options(settings), classes=classes) for _, target, classes in again]
    for (i, _, _), result in zip(again, rescanned, strict=True):
        out[i] = result
    return out


def _bases(text: str, suffix: str, defined: dict[tuple[str, str], int], own: set[str], i: int) -> dict[str, int]:
    """The bases `text`'s classes name that another file of the same language defines."""
    pattern, split = (_BASES, ",") if suffix == ".py" else (_CS_BASES, ",") if suffix == ".cs" else (_EXTENDS, None)
    found = (m.group(1).split(split) if split else [m.group(1)] for m in pattern.finditer(text))
    names = {re.split(r"[.:\\]", b.strip().split("<")[0])[-1] for group in found for b in group}
    return {name: defined[(suffix, name)] for name in names
            if (suffix, name) in defined and name not in own and defined[(suffix, name)] != i}


_CS_BASES = re.compile(r"\bclass[ \t]+\w+(?:<[^>{]*>)?[ \t]*:[ \t]*([^{;\n]+)")
_WORD = re.compile(r"\b[A-Za-z_]\w*")
MAX_PACKAGE_FILES = 24  # other files of a Go package read with one of its files, at most


def _directory(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _text(target: Target, max_size: int) -> str | None:
    data, _ = read_target(target, max_size)
    if data is None or len(data) > max_size:
        return None
    return data.decode("utf-8", "replace")
