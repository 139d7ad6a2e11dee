"""One repository of a fleet scan, in whatever process runs it: `scan_repo(spec, options)`.

What is scanned is the default branch's tree, read from git's objects (the commit HEAD names:
in a clone, the remote's default branch): every file of that commit, as `ci` reads a range's
files, through the staged source's machinery over the comparison empty tree -> HEAD with every
line kept. That is the simplest sound way: nothing is checked out or written to disk, a work
tree's uncommitted edits and untracked files (one person's local state) do not count, bare
repositories and clones in the cache are read the same way, and the per-blob result cache is
shared with `history`. With `--history`, `api.scan_history` adds every commit of every ref.

Every repository is judged with the fleet's settings (the command line's), not with a
`.tokenlint.yml` it holds: a fleet scan is the security team's view, and a repository's own
config could disable rules or exclude the files that leak.

`scan_repo` never raises: whatever goes wrong (the path does not exist, a clone fails, git
dies on a corrupt object, the repository vanishes mid-scan, the time limit passes) becomes a
record with status "failed" and a one-line reason, so one repository never stops a fleet.
Every string of a record is redacted, as in the JSON report.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any

from tokenlint import api, cache, escape, gitutil, redact
from tokenlint.config import Config
from tokenlint.engine.settings import Settings
from tokenlint.fleet import sources
from tokenlint.fleet.model import RECORD_VERSION, FleetOptions, Record, RepoSpec
from tokenlint.reporters.json import finding_dict, summary
from tokenlint.reporters.suggest import credential_dict
from tokenlint.results import ScanResult
from tokenlint.sources import staged

_WORKSPACE_REPO = r"[A-Za-z0-9._-]+/[A-Za-z0-9._-]+"


class TimeLimit(Exception):
    """The repository's scan took longer than FleetOptions.timeout."""


def scan_repo(spec: RepoSpec, options: FleetOptions) -> Record:
    """The record of one repository: its findings, problems and credentials, or why it failed."""
    start = time.monotonic()
    try:
        with _time_limit(options.timeout):
            record = _scan(spec, options)
    except TimeLimit:
        record = failed(spec, f"not scanned within the time limit ({options.timeout:g}s)")
    except sources.CloneError as exc:
        record = failed(spec, str(exc))
    except Exception as exc:  # the promise: one repository never stops the fleet
        record = failed(spec, _why(spec, exc))
    record["seconds"] = round(time.monotonic() - start, 3)
    return _clean(record)


def failed(spec: RepoSpec, reason: str, seconds: float = 0.0) -> Record:
    """The record of a repository that could not be scanned."""
    return _clean({
        "version": RECORD_VERSION, "repo": spec.name, "location": sources.without_credentials(spec.location),
        "status": "failed", "reason": " ".join(reason.split()), "exit_code": 3, "seconds": seconds,
        "head": None, "branch": None, "history": False, "findings": [], "problems": [], "credentials": [],
        "summary": summary(ScanResult()),
    })


def _why(spec: RepoSpec, exc: Exception) -> str:
    if spec.kind != "url" and not Path(spec.location).is_dir():
        return f"{spec.location}: no longer exists (removed while it was scanned)"
    return f"{type(exc).__name__}: {exc}"


def _scan(spec: RepoSpec, options: FleetOptions) -> Record:
    if spec.kind == "url":
        cache_dir = Path(options.cache_dir) if options.cache_dir else sources.default_cache_dir()
        repo = sources.cached_clone(spec, cache_dir, options.timeout)
    else:
        repo = Path(spec.location)
        if not repo.is_dir():
            what = "not a folder" if repo.exists() else "no such folder"
            return failed(spec, f"{spec.location}: {what}")
        if sources.repository_kind(str(repo)) is None and gitutil.work_tree_root(repo) is None:
            return failed(spec, f"{spec.location}: not a git repository (neither a work tree nor a bare repository)")
    settings = replace(_settings(options.policy_dirs, options.fail_on, options.min_confidence,
                                 options.max_file_size, options.result_cache), paths=[str(repo)])
    head = gitutil.commit_id(repo, "HEAD")
    branch = _branch(repo)
    if head is None:
        tree = ScanResult(notes=["no commit: the repository is empty"])
    else:
        tree = _tree_scan(repo, head, settings)
    problems = list(tree.problems)
    findings = [_finding(f, tree, "tree") for f in tree.findings]
    incomplete = bool(tree.errors)
    if options.history:
        empty = head is None and not _has_refs(repo)
        history = ScanResult() if empty else api.scan_history(repo, settings)
        seen = {f.fingerprint for f in tree.findings}
        findings += [_finding(f, history, "history") for f in history.findings if f.fingerprint not in seen]
        problems += history.problems
        incomplete = incomplete or bool(history.errors)
    code = 3 if incomplete else 1 if any(f["fails"] for f in findings) else 0
    if not Path(repo).is_dir():
        return failed(spec, f"{spec.location}: no longer exists (removed while it was scanned)")
    credentials = _credentials(tree, settings, spec)
    return {
        "version": RECORD_VERSION, "repo": spec.name, "location": sources.without_credentials(spec.location),
        "status": "scanned", "reason": None, "exit_code": code, "seconds": 0.0, "head": head, "branch": branch,
        "history": options.history, "findings": findings,
        "problems": [{"path": p.path, "reason": p.reason, "error": p.error} for p in problems],
        "credentials": credentials, "summary": summary(tree),
    }


def _tree_scan(repo: Path, head: str, settings: Settings) -> ScanResult:
    """Every file of `head`'s tree, from git's objects: the changes from the empty tree to it."""
    empty = gitutil.run_git(repo, "hash-object", "-t", "tree", "--stdin").stdout.decode("ascii").strip()
    comparison = staged.Comparison(("diff-tree", "-r"), (empty, head))
    changes = staged.list_changes(repo, comparison)
    with cache.open_for(settings) as results:
        result = staged.scan_changes(repo, comparison, changes, settings, all_lines=True, cache=results)
    return api.described(result, settings)


def _finding(f: Any, result: ScanResult, scope: str) -> dict[str, Any]:
    out = dict(finding_dict(f))
    out["scope"] = scope
    out["fails"] = result.fails(f)
    return out


def _credentials(tree: ScanResult, settings: Settings, spec: RepoSpec) -> list[Any]:
    """The `suggest` recipe per credential of the tree scan's usage facts (already linked across
    files by the scan's cross-file step)."""
    from tokenlint import recommend  # start-up: as in api.suggest

    here = spec.name if spec.kind == "url" and re.fullmatch(_WORKSPACE_REPO, spec.name) else None
    return [credential_dict(c) for c in recommend.analyze(tree.usage, settings.config.tokens, this_repository=here)]


def _branch(repo: Path) -> str | None:
    out = gitutil.run_git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return out.stdout.decode("utf-8", "replace").strip() or None if out.returncode == 0 else None


def _has_refs(repo: Path) -> bool:
    return bool(gitutil.run_git(repo, "for-each-ref", "--count=1", check=False).stdout)


@lru_cache(maxsize=8)
def _settings(policy_dirs: tuple[str, ...], fail_on: str | None, min_confidence: str | None,
              max_file_size: int | None, result_cache: bool) -> Settings:
    """The fleet's settings, built once per process (the rules are parsed once, not per repository):
    the command line's over the defaults, no repository's config, one job (the fleet runs
    repositories side by side; a scan that spread over every core too would oversubscribe them)."""
    return api.load_settings(["."], config=Config(), policy_dirs=policy_dirs, fail_on=fail_on,
                             min_confidence=min_confidence, max_file_size=max_file_size, jobs=1,
                             cache=result_cache, progress=False, use_baseline=False)


def _clean(record: Record) -> Record:
    """Every string redacted and valid UTF-8, as the JSON report writes them."""
    cleaned: Record = escape.json_safe(redact.shapes().deep(record))
    return cleaned


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimit in this thread after `seconds` (SIGALRM: only the main thread of a process
    can take it, which is where the local pool and the sequential loop run scans; elsewhere, a
    thread of a Dask worker, clones and fetches keep their own limit and the scan has none)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


