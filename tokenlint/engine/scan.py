"""The scan loop every source shares: scan files (across processes when it pays), fold their
results into one, run the cross-file checks, and pass everything through the filter pipeline.

Sources decide what to read (a tree's files, the index, a history's blobs, a CI range) and
call down into this module; none of them calls back into the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from tokenlint import checks, flows
from tokenlint.engine import filters
from tokenlint.engine.match import evaluate_linked
from tokenlint.engine.rule import Policy
from tokenlint.engine.settings import Settings
from tokenlint.model import Finding, Problem, Target
from tokenlint.results import ScanResult
from tokenlint.scanner import FileResult, read_target, scan_target

PARALLEL_MIN_FILES = 200
CHUNK = 64

#: What `scan_target` takes besides the target: policies, size limit, inline ignores, inventory.
ScanOptions = tuple[list[Policy], int, bool, bool]

_worker_state: ScanOptions | None = None


def _init_worker(policies: list[Policy], max_size: int, inline_ignores: bool, inventory: bool) -> None:
    global _worker_state
    _worker_state = (policies, max_size, inline_ignores, inventory)


def _scan_chunk(chunk: list[Target]) -> list[FileResult]:
    if _worker_state is None:
        raise RuntimeError("scan worker used before _init_worker ran")
    return [scan_target(t, *_worker_state) for t in chunk]


def scan_targets(targets: list[Target], settings: Settings) -> Iterator[FileResult]:
    """Scan files, across processes when there are enough of them to pay for the pool."""
    if settings.jobs > 1 and len(targets) >= PARALLEL_MIN_FILES:
        from concurrent.futures import ProcessPoolExecutor  # start-up: not on the pre-commit path

        chunks = [targets[i:i + CHUNK] for i in range(0, len(targets), CHUNK)]
        workers = min(settings.jobs, len(chunks))  # `-j 100000` starts no more processes than there is work
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=_scan_options(settings)) as pool:
            for results in pool.map(_scan_chunk, chunks):
                yield from results
    else:
        for target in targets:
            yield scan_target(target, *_scan_options(settings))


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
    results = list(scan_targets(targets, settings))
    return collect_results(inherit(targets, results, settings), settings, problems)


_BASES = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\(([^)]*)\)", re.MULTILINE)
MAX_SUBCLASS_FILES = 20_000  # Python files read again for the bases of their classes, at most


def inherit(targets: list[Target], results: list[FileResult], settings: Settings) -> list[FileResult]:
    """A file whose meaning another file of this snapshot completes is scanned again with that
    file's source at hand: a class whose base another file defines (`class Client(BaseClient)`,
    the base holding the API root and a `_get` wrapper; Python and C#), or a Go file of a package
    whose other files define the client, constants and wrappers it calls (Go shares names across
    a directory's files). Only when some file concerning Bitbucket defines them, each file read
    once more at most: bounded, one snapshot."""
    if not any(r.defines for r in results):
        return results
    out = list(results)
    read = 0
    py = _defined(targets, results, (".py",))
    cs = _defined(targets, results, (".cs",))
    packages: dict[str, list[int]] = {}
    for j, (t, r) in enumerate(zip(targets, results, strict=False)):
        if r.defines and t.display.endswith(".go") and not t.display.endswith("_test.go"):
            packages.setdefault(_directory(t.display), []).append(j)
    for i, target in enumerate(targets[:len(results)]):
        name = target.display
        if not name.endswith((".py", ".cs", ".go")) or (name.endswith(".py") and not py) or (
                name.endswith(".cs") and not cs) or (name.endswith(".go") and not packages):
            continue
        read += 1
        if read > MAX_SUBCLASS_FILES:
            break
        text = _text(target, settings.max_file_size)
        if text is None:
            continue
        if name.endswith(".go"):
            siblings = [j for j in packages.get(_directory(name), []) if j != i][:MAX_PACKAGE_FILES]
            words = set(_WORD.findall(text)) if siblings else set()
            wanted = {targets[j].display: j for j in siblings if words.intersection(results[j].defines)}
        else:
            defined, pattern = (py, _BASES) if name.endswith(".py") else (cs, _CS_BASES)
            wanted = _bases(text, pattern, defined, set(results[i].defines))
            for _ in range(2 if name.endswith(".cs") else 0):  # a C# base's own bases, a level or two up
                more = {}
                for j in wanted.values():
                    src = _text(targets[j], settings.max_file_size)
                    more.update(_bases(src or "", pattern, defined, set(results[i].defines)))
                if not more.keys() - wanted.keys():
                    break
                wanted.update(more)
        if not wanted:
            continue
        sources = {key: _text(targets[j], settings.max_file_size) for key, j in wanted.items()}
        classes = {key: src for key, src in sources.items() if src is not None}
        if classes:
            out[i] = scan_target(target, *_scan_options(settings), classes=classes)
    return out


_CS_BASES = re.compile(r"\bclass[ \t]+\w+(?:<[^>{]*>)?[ \t]*:[ \t]*([^{;\n]+)")
_WORD = re.compile(r"\b[A-Za-z_]\w*")
MAX_PACKAGE_FILES = 24  # other files of a Go package read with one of its files, at most


def _defined(targets: list[Target], results: list[FileResult], suffixes: tuple[str, ...]) -> dict[str, int]:
    defined: dict[str, int] = {}
    for i, (t, r) in enumerate(zip(targets, results, strict=False)):
        if t.display.endswith(suffixes):
            for name in r.defines:
                defined.setdefault(name, i)
    return defined


def _bases(text: str, pattern: re.Pattern[str], defined: dict[str, int], own: set[str]) -> dict[str, int]:
    """The bases the classes of `text` name that another file defines: name -> that file."""
    bases = {b.strip().split("<", 1)[0].strip().rsplit(".", 1)[-1]
             for m in pattern.finditer(text) for b in m.group(1).split(",")}
    return {name: defined[name] for name in bases if name in defined and name not in own}


def _directory(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _text(target: Target, max_size: int) -> str | None:
    data, _ = read_target(target, max_size)
    if data is None or len(data) > max_size:
        return None
    return data.decode("utf-8", "replace")
