"""The staged source: what the next commit records, read from the index, not the working tree.

A pre-commit check that read the working tree would judge the wrong bytes: a token staged and
then deleted from the file (without staging the deletion) still gets committed, and a token
typed into the file but not staged does not. So the content comes from the index, through
one `git cat-file --batch` process (history's BlobReader), and the list of files from one
`git diff-index` call: the run costs the same in a repository of ten files or a million.

By default only findings on lines the commit adds are reported (the detectors still read the
whole file, since context such as a username can sit on an unchanged line): old findings are
the baseline's business, not a reason to block an unrelated commit. The CI gate
(tokenlint.ci) reuses this machinery for a range of commits: `Comparison`, `list_changes`,
`added_lines` and `scan_changes` are shared with it.

Plumbing commands (`diff-index`, `diff-tree`) are used rather than `git diff` because they
ignore the repository's diff configuration (prefixes, renames, colours, external drivers),
which is untrusted and would otherwise change the output this module parses.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokenlint import gitutil
from tokenlint.engine.scan import collect_results
from tokenlint.engine.settings import Settings
from tokenlint.errors import TokenlintError
from tokenlint.results import ScanResult
from tokenlint.scanner import FileResult
from tokenlint.sources import files
from tokenlint.sources.blobs import BlobReader
from tokenlint.sources.tree import STDIN, Problem
from tokenlint.sources.workers import Job, Work, ordered

if TYPE_CHECKING:
    from tokenlint.cache import ResultCache

# Modes git records for content we can read as a file; symlinks and submodules are not.
REGULAR_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"
# A = added, M = modified, R = renamed, T = type changed, U = unmerged. Copies are not
# detected (no -C): a copy is listed as added, so every line of it counts as new, which is
# what it is at its new path. Deletions (D) have nothing left to scan.
SCANNED_STATUSES = "AMRTU"
DIFF_OPTIONS = ("--no-color", "--no-ext-diff", "--no-textconv", "-M")
PATCH_OPTIONS = ("-p", "-U0", "--text", "--inter-hunk-context=0", "--src-prefix=a/", "--dst-prefix=b/")
OUTSIDE_COMMIT_NOTE = ("pre-commit is running outside a commit (pre-commit run, --files, --all-files or a push): "
                       "scanned the named files as they are in the working tree, every line")


@dataclass(frozen=True)
class Comparison:
    """Which two states a diff compares: the index with HEAD, or one commit with another.

    `command` is the plumbing command and `revs` its tree-ish arguments; `env` holds extra
    environment for git (GIT_INDEX_FILE while a commit runs its hooks on a temporary index).
    """

    command: tuple[str, ...]
    revs: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    origin: dict[str, Any] = field(default_factory=dict)  # copied into each finding's `origin`

    def run(self, repo: Path, options: Iterable[str], paths: Iterable[str] = ()) -> bytes:
        args = ["--literal-pathspecs", "-c", "core.quotePath=true", *self.command, *DIFF_OPTIONS, *options,
                *self.revs, "--", *paths]
        proc = subprocess.run(gitutil.git_command(repo, *args), capture_output=True, stdin=subprocess.DEVNULL,
                              env={**gitutil.git_env(), **self.env})
        if proc.returncode != 0:
            raise TokenlintError(f"git {self.command[0]} failed: {gitutil.first_line(proc.stderr) or 'no message'}")
        return proc.stdout


@dataclass(frozen=True)
class Change:
    """One file a comparison touches, as git lists it (paths relative to the repository top)."""

    status: str
    path: str
    old_path: str | None
    mode: str
    blob: str


def list_changes(repo: Path, comparison: Comparison) -> list[Change]:
    """Every added, modified, renamed or copied file of the comparison, in one git call."""
    fields = comparison.run(repo, ("--raw", "-z", "--no-abbrev", f"--diff-filter={SCANNED_STATUSES}")).split(b"\0")
    changes = []
    i = 0
    while i < len(fields) and fields[i]:
        _, new_mode, _, new_blob, status = fields[i].decode("ascii").split(" ")
        if status[0] in "RC":
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            i += 3
        else:
            old, new = None, os.fsdecode(fields[i + 1])
            i += 2
        changes.append(Change(status[0], new, old, new_mode, new_blob))
    return changes


def added_lines(repo: Path, comparison: Comparison, changes: Iterable[Change]) -> dict[str, set[int]]:
    """Line numbers (in the new content) that the comparison adds or changes, per path.

    The pathspec names old paths of renames too, or git would not pair them and a renamed
    file would look entirely new.
    """
    paths = sorted({p for c in changes for p in (c.path, c.old_path) if p})
    if not paths:
        return {}
    return parse_added_lines(comparison.run(repo, PATCH_OPTIONS, paths))


def parse_added_lines(patch: bytes) -> dict[str, set[int]]:
    """Read a `-U0` patch: hunk headers give the new line numbers, `+` lines are the added ones.

    The counts in each hunk header say where a hunk ends, so an added line that happens to look
    like a header (`+++ x`, `diff --git`) is never mistaken for one.
    """
    added: dict[str, set[int]] = {}
    current: set[int] | None = None  # the added lines of the file the next hunk belongs to
    hunk: set[int] = set()  # the added lines of the file the hunk being read belongs to
    old_left = new_left = 0
    line_no = 0
    for raw in patch.split(b"\n"):
        if old_left or new_left:
            if raw.startswith(b"+"):
                hunk.add(line_no)
                line_no += 1
                new_left -= 1
            elif raw.startswith(b"-"):
                old_left -= 1
            elif raw.startswith(b" "):
                line_no += 1
                old_left -= 1
                new_left -= 1
            continue  # "\ No newline at end of file" and the like
        if raw.startswith(b"+++ "):
            name = raw[4:]
            current = None if name == b"/dev/null" else added.setdefault(_strip_prefix(name), set())
        elif raw.startswith(b"@@ ") and current is not None:
            hunk = current
            old_range, new_range = raw.split(b" ")[1:3]
            old_left = _count(old_range)
            new_left = _count(new_range)
            line_no = int(new_range[1:].split(b",")[0])
    return added


def _count(hunk_range: bytes) -> int:
    parts = hunk_range[1:].split(b",")
    return int(parts[1]) if len(parts) > 1 else 1


def _strip_prefix(name: bytes) -> str:
    """`b/path` as git prints it after `+++ `: C-quoted when odd, tab-terminated when it has a space."""
    if name.startswith(b'"'):
        name = unquote(name)
    elif name.endswith(b"\t"):
        name = name[:-1]
    return os.fsdecode(name[2:])


_ESCAPES = {ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12, ord("r"): 13,
            ord('"'): 34, ord("\\"): 92}


def unquote(quoted: bytes) -> bytes:
    """Undo git's C-style quoting of a path (core.quotePath): `"a\\tb\\303\\274"` -> the raw bytes."""
    body = quoted[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != 92:
            out.append(c)
            i += 1
        elif body[i + 1:i + 2].isdigit():
            out.append(int(body[i + 1:i + 4], 8))
            i += 4
        else:
            out.append(_ESCAPES[body[i + 1]])
            i += 2
    return bytes(out)


def _unscannable(change: Change, shown: str) -> Problem | None:
    if change.status == "U":
        return Problem(shown, "unmerged (merge conflict): resolve it before committing", True)
    if change.mode == SYMLINK_MODE:
        return Problem(shown, "symlink, not followed", False)
    if change.mode == SUBMODULE_MODE:
        return Problem(shown, "submodule, not scanned (scan it on its own)", False)
    if change.mode not in REGULAR_MODES:
        return Problem(shown, f"unknown file mode {change.mode}", False)
    return None


def scan_changes(repo: Path, comparison: Comparison, changes: list[Change], settings: Settings, *,
                 all_lines: bool = False, display: Callable[[str], str] = str,
                 cache: ResultCache | None = None) -> ScanResult:
    """Scan the new content of each change; unless `all_lines`, keep findings on added lines only.
    Many changes (a CI range) are analysed across worker processes (`settings.jobs`), in order.
    `cache`: results of blobs scanned before (the CI gate's; a pre-commit run has none)."""
    problems: list[Problem] = []
    scanned: list[tuple[Change, FileResult]] = []
    with BlobReader(repo) as blobs:
        for (change, fresh), result in ordered(_jobs(repo, changes, settings, blobs, problems, display, cache),
                                               settings):
            if result is None:
                continue
            if cache is not None and fresh:
                cache.put(change.blob, result.path, result)
            for finding in result.findings:
                finding.origin = dict(comparison.origin)
            scanned.append((change, result))
    hidden = 0 if all_lines else _keep_added(repo, comparison, scanned)
    out = collect_results((r for _, r in scanned), settings, problems)
    out.stale_baseline = None  # a few changed files cannot tell which baseline entries are stale
    if hidden:
        out.suppressed["unchanged-lines"] = hidden
    return out


def _jobs(repo: Path, changes: list[Change], settings: Settings, blobs: BlobReader, problems: list[Problem],
          display: Callable[[str], str], cache: ResultCache | None) -> Iterator[tuple[tuple[Change, bool], Work]]:
    """The blob of each change to scan, read in turn, or its result from the cache (the tag says
    whether it is fresh); what cannot be scanned goes to `problems`."""
    exclude = settings.excludes.under(repo)  # change paths are relative to the repository's top
    for change in changes:
        if exclude.excluded(change.path, False):
            continue
        shown = display(change.path)
        problem = _unscannable(change, shown)
        if problem is not None:
            problems.append(problem)
            continue
        known = cache.get(change.blob, shown) if cache is not None else None
        if known is not None:
            yield (change, False), known
            continue
        read = blobs.read(change.blob.encode("ascii"), settings.max_file_size)
        if read[0] is None:
            problems.append(Problem(shown, *read[1]))
            continue
        yield (change, True), Job(shown, read[0])


def _keep_added(repo: Path, comparison: Comparison, scanned: list[tuple[Change, FileResult]]) -> int:
    """Drop findings on lines the comparison did not add; return how many were dropped.

    The patch is asked for only for files that have findings: most changes have none.
    """
    with_findings = [c for c, r in scanned if r.findings]
    if not with_findings:
        return 0
    added = added_lines(repo, comparison, with_findings)
    hidden = 0
    for change, result in scanned:
        lines = added.get(change.path, set())
        kept = [f for f in result.findings if f.location.line in lines]
        hidden += len(result.findings) - len(kept)
        result.findings = kept
    return hidden


def outside_commit(environ: Mapping[str, str]) -> bool:
    """Whether pre-commit runs the hook without a commit in progress.

    pre-commit sets PRE_COMMIT=1 for every hook it runs; git sets GIT_INDEX_FILE while `git
    commit` runs its hooks. With the first and not the second, pre-commit was started by hand
    (`pre-commit run --files x`, `--all-files`) or by another hook type, and passes files
    whether or not anything is staged: their working copies are what it means.
    """
    return environ.get("PRE_COMMIT") == "1" and not environ.get("GIT_INDEX_FILE")


def locate(where: Path) -> tuple[Path, str]:
    """The work tree's top and `where`'s path inside it (`sub/dir/` or empty)."""
    try:
        out = gitutil.run_git(where, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
    except OSError as exc:
        raise TokenlintError(f"cannot run git: {exc.strerror or exc}") from None
    lines = out.stdout.split(b"\n")
    if out.returncode != 0 or len(lines) < 2 or not lines[0]:
        raise TokenlintError(f"{where}: not inside a git work tree")
    return Path(os.fsdecode(lines[0])), os.fsdecode(lines[1])


def head_tree(repo: Path) -> str:
    """HEAD, or the empty tree before the first commit (everything staged is then new)."""
    if gitutil.run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).returncode == 0:
        return "HEAD"
    return gitutil.run_git(repo, "hash-object", "-t", "tree", "--stdin").stdout.decode("ascii").strip()


def _index_env(environ: Mapping[str, str]) -> dict[str, str]:
    """Keep the index git names for a commit in progress (`commit -a` and `commit PATH` use a temporary one).

    git gives it relative to the hook's directory; git_env() drops every GIT_ variable, so pass it on, absolute.
    """
    index = environ.get("GIT_INDEX_FILE")
    return {"GIT_INDEX_FILE": os.path.abspath(index)} if index else {}


def _select(changes: list[Change], paths: list[str], top: Path, prefix: str) -> tuple[list[Change], list[str]]:
    """The changes under the named paths, and the named paths that match none."""
    wanted = {}
    for raw in paths:
        if raw == STDIN:
            raise TokenlintError("'-' (standard input) cannot be combined with --staged")
        if os.path.isabs(raw):
            rel = os.path.relpath(os.path.realpath(raw), top).replace(os.sep, "/")
        else:
            rel = posixpath.normpath(posixpath.join(prefix, raw.replace(os.sep, "/")))
        wanted[raw] = "" if rel == "." else rel
    matched = set()
    selected = []
    for change in changes:
        hits = [raw for raw, rel in wanted.items()
                if not rel or change.path == rel or change.path.startswith(rel + "/")]
        if hits:
            selected.append(change)
            matched.update(hits)
    unmatched = [raw for raw in paths if raw not in matched]
    for raw in unmatched:
        if raw.startswith("-"):  # a staged `--help` matched above and is scanned as the file it is
            raise TokenlintError(f"{raw!r} is neither an option here nor a staged file: after `--` every argument is "
                                 "a file name (pre-commit appends `args:` there); put options in .tokenlint.yml, or "
                                 "in the hook's `entry:` before its `--`")
    return selected, unmatched


def scan(settings: Settings, paths: list[str], *, all_lines: bool = False,
         environ: Mapping[str, str] = os.environ) -> ScanResult:
    """Scan what the next commit records: the staged files (or the named ones among them)."""
    if paths and outside_commit(environ):
        result = files.scan(replace(settings, paths=list(paths)))
        result.notes.insert(0, OUTSIDE_COMMIT_NOTE)
        return result
    top, prefix = locate(Path("."))
    comparison = Comparison(("diff-index", "--cached"), (head_tree(top),), _index_env(environ), {"source": "index"})
    changes = list_changes(top, comparison)
    unmatched: list[str] = []
    if paths:
        changes, unmatched = _select(changes, paths, top, prefix)
    result = scan_changes(top, comparison, changes, settings, all_lines=all_lines, display=shown_from_cwd(top))
    result.notes.extend(f"{raw}: no staged change, nothing to scan" for raw in unmatched)
    return result


def shown_from_cwd(top: Path) -> Callable[[str], str]:
    """Report paths as git status does: relative to the current directory, `../` included."""
    return lambda rel: Path(os.path.relpath(top / rel)).as_posix()
