"""A fleet run: the repositories to scan, the output folder, the records as they finish, the summary.

The output folder holds `results.jsonl`, one record (tokenlint.fleet.model) a line, appended,
flushed and synced to disk as each repository finishes: a run that is interrupted (Ctrl-C, a
killed job, a machine that went down) has lost at most the scans under way, and `--resume`
goes on from there, skipping every repository already recorded (a failed one too: its reason
is in the record; `--force` starts over). Then `summary.finish` writes the fleet's summary
beside it and prints it.

Reading the results back:
- a last line without its newline is a write the interruption cut short: it is dropped with a
  warning (and cut from the file, so the next record starts on a line of its own), and that
  repository is scanned again;
- any other line that is not a record means the file was changed by something else than a
  fleet run (or two programs wrote it); appending to it would spread the damage into the
  summary and every merge, so the run stops with an error naming the line (exit 2), and the
  user decides (move it away, or --force).

Only one run may use an output folder at a time: an exclusive lock (`OUT/.lock`, flock: the
kernel drops it when the process ends, however it ends) makes a second run exit 2 at once,
instead of both appending to one file. Without `--resume`, an output folder that already holds
records is refused (exit 2) unless `--force`: an old run's records must not pass for this one's.

`--shard I/N` scans the specs whose position in the list sorted by name is I-1 modulo N: the
same inputs give every machine of a batch job the same partition, with no coordination.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from tokenlint import escape, progress, redact, safewrite
from tokenlint.errors import TokenlintError
from tokenlint.fleet import backends, sources, summary
from tokenlint.fleet.model import RECORD_VERSION, Backend, FleetOptions, Record, RepoSpec
from tokenlint.fleet.worker import scan_repo
from tokenlint.reporters.output import say

RESULTS = "results.jsonl"
LOCK = ".lock"
_SHARD = re.compile(r"(\d+)/(\d+)")


class BusyError(TokenlintError):
    """Another fleet run holds the output folder."""


@dataclass(frozen=True)
class RunOptions:
    """How this run handles its output folder and its terminal."""

    out_dir: Path
    resume: bool = False
    force: bool = False
    shard: tuple[int, int] | None = None  # (I, N), 1 <= I <= N
    progress: bool = True  # a bar on stderr, if a person watches
    color: str = "auto"
    quiet: bool = False


def parse_shard(text: str) -> tuple[int, int]:
    """`I/N` with 1 <= I <= N; TokenlintError (exit 2) otherwise."""
    m = _SHARD.fullmatch(text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise TokenlintError(f"--shard {text!r}: write I/N with 1 <= I <= N (the I-th of N shards, e.g. 2/8)")
    return int(m.group(1)), int(m.group(2))


def shard_of(specs: Iterable[RepoSpec], shard: tuple[int, int] | None) -> list[RepoSpec]:
    """The specs sorted by name, and of them this shard's: every N-th, starting at the I-th."""
    ordered = sorted(specs, key=lambda s: s.name)
    if shard is None:
        return ordered
    i, n = shard
    return [spec for index, spec in enumerate(ordered) if index % n == i - 1]


def gather(folders: Iterable[str], lists: Iterable[str], workspace: str | None = None, *,
           api_url: str | None = None, token_env: str | None = None,
           environ: Mapping[str, str] = os.environ) -> sources.Found:
    """Every repository the sources name, each once; TokenlintError when they name none at all."""
    folders, lists = list(folders), list(lists)
    if not (folders or lists or workspace):
        raise TokenlintError("name the repositories: folders to search, --list FILE or --workspace WS")
    found = sources.Found()
    sources.from_folders(folders, found)
    for list_file in lists:
        sources.from_list(list_file, found)
    if workspace:
        try:  # by name: the module is optional (a build without it says so), and mypy checks either build
            bitbucket = importlib.import_module("tokenlint.fleet.workspace")
        except ImportError:
            raise TokenlintError("--workspace is not available in this build of tokenlint") from None
        for spec in bitbucket.list_repositories(workspace, environ, api_url=api_url, token_env=token_env):
            found.add(spec, f"workspace {workspace}")
    return found


def backend(jobs: int | None, dask: str | None) -> Backend:
    """The local pool (jobs workers, default the cores; 1: this process), or a Dask cluster."""
    if dask:
        try:  # by name, as the workspace module above
            dask_backend = importlib.import_module("tokenlint.fleet.dask_backend")
        except ImportError:
            raise TokenlintError("--dask is not available: install tokenlint with its dask extra "
                                 "(pip install 'tokenlint[dask]')") from None
        return cast(Backend, dask_backend.backend(dask))
    return backends.sequential() if jobs == 1 else backends.local(jobs or 0)


def execute(specs: list[RepoSpec], options: FleetOptions, run_with: Backend, run: RunOptions) -> int:
    """Scan this shard's repositories not yet recorded, record each, summarise; the exit code:
    3 when some repository could not be (fully) scanned, else 1 when a finding fails the gate, else 0."""
    out_dir = run.out_dir
    safewrite.check(out_dir / RESULTS, "fleet results")  # no link on the way, writable: before any work
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        results = out_dir / RESULTS
        records = _previous(results, run)
        done = {r["repo"] for r in records}
        todo = [spec for spec in shard_of(specs, run.shard) if spec.name not in done]
        if run.resume and done:
            say(f"tokenlint: fleet: resuming: {len(done)} repositories already recorded in {results}, "
                f"{len(todo)} to scan")
        shown = run.progress and not run.quiet and progress.wanted()
        fd = os.open(results, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "a", encoding="utf-8") as sink, \
                progress.Progress("fleet", "repos", total=len(todo), shown=shown) as bar:
            for record in run_with(scan_repo, todo, options):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                sink.flush()
                os.fsync(sink.fileno())
                records.append(record)
                bar.label = _tail(escape.text(redact.text(record["repo"])))
                bar.update(1, len(record["findings"]))
        done_summary = summary.finish(records, out_dir, run.color)
    for r in records:
        if r["status"] == "failed":
            say(f"tokenlint: fleet: {r['repo']}: not scanned: {r['reason']}")
    return int(done_summary["exit_code"])


def _tail(name: str, width: int = 30) -> str:
    """The end of a long name (where a path or URL says which repository it is), to fit the bar."""
    return name if len(name) <= width else "…" + name[-(width - 1):]


class _locked:
    """Hold `OUT/.lock` exclusively for the run (BusyError at once when another run holds it)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK
        self.fd = -1

    def __enter__(self) -> None:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise TokenlintError(f"cannot lock {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise BusyError(f"{self.path.parent} is in use by another tokenlint fleet run (it holds {self.path}); "
                            "wait for it, or give this run another --out") from None

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)


def _previous(results: Path, run: RunOptions) -> list[Record]:
    """The records an earlier run left, for --resume; [] when starting over (the file emptied)."""
    exists = results.is_file() and results.stat().st_size > 0
    if not exists:
        return []
    if run.force and not run.resume:
        results.write_bytes(b"")
        return []
    if not run.resume:
        raise TokenlintError(f"{results} holds the records of an earlier run: --resume goes on with it, "
                             "--force starts over, or give another --out")
    try:
        return read_records(results, repair=True)
    except TokenlintError as exc:
        raise TokenlintError(f"{exc}; move the file away, or start over with --force") from None


def read_records(results: Path, repair: bool = False,
                 warn: Callable[[str], None] = lambda m: say(f"tokenlint: warning: {m}")) -> list[Record]:
    """The records of a results file (for --resume, and for `fleet merge` of several runs). A last
    line cut short (the run writing it was killed) is dropped, `warn` says so, and with `repair`
    it is cut from the file; any other line that is not a record is a TokenlintError naming it:
    a summary quietly missing repositories would look complete."""
    try:
        data = results.read_bytes()
    except OSError as exc:
        raise TokenlintError(f"{results}: cannot read results: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    tail = lines.pop()  # after the last newline: b"" when the file ends with one
    records: list[Record] = []
    for number, line in enumerate(lines, 1):
        record = _record(line)
        if record is None:
            raise TokenlintError(f"{results}:{number}: not a fleet record (something other than a fleet run "
                                 "wrote it)")
        records.append(record)
    if tail:
        record = _record(tail)
        if record is not None:
            records.append(record)
            if repair:
                with open(results, "ab") as fh:
                    fh.write(b"\n")
        else:
            warn(f"{results}:{len(lines) + 1}: dropped a last line cut short (the run that wrote it was "
                 "interrupted); that repository is scanned again when the run is resumed")
            if repair:
                os.truncate(results, len(data) - len(tail))
    return records


def _record(line: bytes) -> Record | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    keys = ("repo", "status", "findings", "exit_code")
    if not isinstance(value, dict) or value.get("version") != RECORD_VERSION or any(k not in value for k in keys):
        return None
    return value
