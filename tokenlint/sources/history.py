"""Scan a repository's history: every blob the selected commits introduced, each read once.

History is the same blobs again and again, so the unit of work is the blob, not the commit:

- ONE `git log --raw` pipe lists, commit by commit, the (path, blob) pairs each commit
  introduces. `--raw` compares trees only: git reads no blob and computes no diff, which is
  why it beats `git log -p` (git would inflate and diff every blob twice, only for us to parse
  the patch back). `--diff-filter=AMT` drops deletions; `--diff-merges=first-parent` shows
  what a merge holds that its first parent did not, so a blob only a merge introduced (a
  conflict resolution, an "evil" merge) is seen, while what it brings from the side branch
  was already seen there; `--reverse --date-order` puts every parent before its children, so
  the first commit that shows a pair is the one that introduced it. `git rev-list --objects`
  would name each blob once, but not the commit that introduced it, which is what a
  finding must say; `rev-list | diff-tree --stdin` is the same listing in two processes.
- ONE long-lived `git cat-file --batch` reads the blobs the listing names for the first time,
  never a process per commit or per blob. Of a blob over the size limit only the first 8 KB
  are kept (to tell a binary); the rest is drained in chunks, or, past DRAIN_MAX, cat-file is
  restarted rather than read.
- The analysis of blobs that concern Bitbucket is spread over worker processes (`--jobs`,
  see `tokenlint.sources.workers`); their results are applied in listing order, since what
  was reported and claimed depends on it, so the report of `-j1` and `-jN` is the same.
- Only sets of seen keys are kept, plus the findings of the few blobs that had any (to
  attribute them again when that blob shows up at another path), so memory does not grow
  with the bytes of the history.
- Cross-file checks (rules that join usage facts across files) run on the snapshots that
  matter, HEAD and the scanned tips, never on every version at once (see
  `tokenlint.sources.snapshots`): a version's usage facts are kept only if such a snapshot
  holds that blob, so they grow with a snapshot, not with the history.

The scan key is (blob, file name), not the blob alone: detectors read the file name (`.netrc`,
`.git-credentials`, per-format parsers), never the folder, so a blob moved between folders is
scanned once and a blob copied to a name the scanner treats differently is scanned again.

Findings are attributed to the first commit that introduced their blob at their path, and a
secret seen again in later versions of the same file is not reported again (the finding's
fingerprint does not depend on the line). `origin.in_head` says whether HEAD still holds the
secret anywhere (any file of HEAD's tree, checked by secret fingerprint).

All git runs through `gitutil`, so the scanned repository's config, hooks and attributes
cannot make git run anything.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tokenlint import cache, gitutil, progress
from tokenlint.engine.scan import collect_results
from tokenlint.engine.settings import Settings
from tokenlint.errors import TokenlintError
from tokenlint.facts import ScriptRun, Usage
from tokenlint.model import Finding, Problem
from tokenlint.results import ScanResult
from tokenlint.scanner import FileResult
from tokenlint.sources.blobs import READ_CHUNK, BlobRead, BlobReader, buffered, last_line
from tokenlint.sources.snapshots import FactsOf, Snapshots, tree_entries
from tokenlint.sources.workers import Job, Work, analyse, options, ordered

GITLINK = b"160000"  # a submodule's commit: an object of another repository
HEADER = b"\x01"  # starts each commit header in the listing; raw entries start with ':'
_RANGE = re.compile(r"(.*?)(\.\.\.?)(.*)")

# `git log` options that keep the listing machine-readable whatever the repository's config
# says (color.ui, diff.orderFile, log.showRoot, log.diffMerges, diff.relative, mailmap ...).
LOG_OPTIONS = (
    "log", "--reverse", "--date-order", "--raw", "-z", "--no-abbrev", "--no-renames", "--root",
    "--diff-merges=first-parent", "--diff-filter=AMT", "--no-color", "-O/dev/null", "--no-relative",
    "--no-textconv", "--no-ext-diff", "--no-show-signature", "--no-use-mailmap", "--encoding=UTF-8",
    "--format=%x01%H%x00%aI%x00%ae%x00%an",
)


#: What `BlobReader.read` returns: the blob's bytes, or None and (why not, whether that is an
#: error). Test `read[0] is None` (not an unpacked name) and the checker knows which it is.


@dataclass(frozen=True)
class Commit:
    oid: str
    date: str
    email: str
    author: str


def scan_history(repo: str | Path, settings: Settings, revs: Sequence[str] | None = None,
                 exclude: Sequence[str] = (), max_count: int | None = None) -> ScanResult:
    """Scan the blobs introduced by `revs` (default: every ref) minus `exclude` and their ancestors.

    `revs` are git revisions or ranges (`main`, `v1..v2`); `max_count` keeps the newest N
    commits. Bad input (not a repository, a revision that does not resolve) raises
    TokenlintError; what cannot be read inside the repository becomes a Problem.
    """
    repo = str(repo)
    shallow = _open(repo)
    for rev in [*(revs or ()), *exclude]:
        _check_rev(repo, rev)
    head = gitutil.commit_id(repo, "HEAD")
    if revs is None and head is None and not gitutil.run_git(repo, "for-each-ref", "--count=1", check=False).stdout:
        return ScanResult(problems=[Problem(repo, "no commits to scan: the repository is empty", True)])
    args = [*LOG_OPTIONS, *(["--all"] if revs is None else []),
            *([f"--max-count={max_count}"] if max_count else []),
            "--end-of-options", *(revs or ()), *(f"^{rev}" for rev in exclude), "--"]
    with cache.open_for(settings) as known:
        walk = _Walk(repo, settings, known)
        walk.snapshots.plan(head, _tips(repo, revs, head))
        with BlobReader(repo) as reader, walk.bar:
            result = collect_results(walk.results(args, reader), settings,
                                     cross_file=lambda out: walk.snapshots.check(out, walk.facts_of(reader)))
            walk.mark_in_head(result, head, reader)
    result.notes[:0] = [*walk.said.folded(), *known.notes]
    result.problems.extend(walk.skipped.folded_problems())
    result.notes.append(f"history: {walk.commits} commit(s) introduced {walk.blobs} distinct blob(s) scanned")
    if walk.gitlinks:
        entries = "entry" if walk.gitlinks == 1 else "entries"
        result.notes.append(f"history: skipped {walk.gitlinks} submodule (gitlink) {entries}; "
                            "scan each submodule's repository on its own")
    if shallow:
        result.notes.append(f"history is truncated: {repo} is a shallow clone, commits before its "
                            "shallow boundary are not in it and were not scanned")
    return result


@dataclass(slots=True)
class _Entry:
    """One (commit, path, blob) of the listing; on the first sight of its scan key, `work` is what
    its result takes (the blob to analyse, or a result already known), else None."""

    commit: Commit
    oid: bytes
    raw_path: bytes
    path: str
    key: bytes
    work: Work = None


class _Walk:
    """The state of one history scan: what was scanned, and what was already reported."""

    def __init__(self, repo: str, settings: Settings, known: cache.ResultCache) -> None:
        self.repo = repo
        self.settings = settings
        self.cache = known
        self.from_cache: set[bytes] = set()  # scan keys whose result the cache gave
        self.scanned: set[bytes] = set()  # scan keys: blob id + NUL + file name
        self.hits: dict[bytes, list[Finding]] = {}  # scan key -> findings, only blobs that had any
        self.reported: set[tuple[bytes, bytes]] = set()  # (path, blob) already attributed
        self.claimed: dict[str, bytes] = {}  # finding fingerprint -> the blob that reported it
        self.commits = self.blobs = self.gitlinks = 0
        self.log_error: str | None = None
        # listed paths are relative to the work tree's top (a bare repository: the repository)
        top = (gitutil.work_tree_root(repo) or repo) if settings.excludes else repo
        self.exclude = settings.excludes.under(top)
        # cross-file checks: per snapshot, not per version
        self.snapshots = Snapshots(repo, settings, _key, self.exclude)
        # what versions of a file say about it (a parse problem, a skipped binary): once per path
        self.said = _Fold()
        self.skipped = _Fold()
        self.options = options(settings)
        self.bar = progress.Progress("history", "blobs", shown=settings.progress and progress.wanted())

    def results(self, args: list[str], reader: BlobReader) -> Iterator[FileResult]:
        """The listing's results, in listing order whatever process analysed each blob."""
        last = None
        floor = self.settings.min_confidence
        for entry, scanned in ordered(((e, e.work) for e in self._listing(args, reader)), self.settings):
            commits, last = int(entry.commit is not last), entry.commit
            if scanned is not None:  # the first sight of its scan key
                first = self._first_sight(entry, scanned)
                self.snapshots.listed(entry.raw_path, entry.oid, entry.key, entry.commit)
                self.bar.update(1, sum(f.confidence >= floor for f in first.findings), commits)
                yield first
                continue
            self.snapshots.listed(entry.raw_path, entry.oid, entry.key, entry.commit)
            findings = self._attribute(entry) if entry.key in self.hits else []
            self.bar.update(0, sum(f.confidence >= floor for f in findings), commits)
            if findings:
                yield FileResult(entry.path, findings=findings)
        if self.log_error:
            yield FileResult(self.repo, problems=[Problem(self.repo, self.log_error, True)])

    def _listing(self, args: list[str], reader: BlobReader) -> Iterator[_Entry]:
        """The listing's entries; the first sight of each scan key carries the blob's bytes."""
        exclude, limit = self.exclude, self.settings.max_file_size
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(gitutil.git_command(self.repo, *args), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=err, env=gitutil.git_env())
            try:
                last = None
                for commit, mode, oid, raw_path in _entries(_tokens(buffered(proc.stdout))):
                    if commit is not last:
                        self.commits, last = self.commits + 1, commit
                    if mode == GITLINK:
                        self.gitlinks += 1
                        continue
                    path = os.fsdecode(raw_path)
                    if exclude and exclude.excluded(path, False):
                        continue
                    entry = _Entry(commit, oid, raw_path, path, _key(oid, raw_path))
                    if entry.key not in self.scanned:
                        self.scanned.add(entry.key)
                        # a result cache slots in here: a known result skips reading the blob
                        known = self._known(entry.key, path)
                        entry.work = known if known is not None else _work(path, reader.read(oid, limit))
                    yield entry
                code = proc.wait()
            finally:
                if proc.returncode is None:  # stopped early: do not leave git running
                    proc.kill()
                    proc.wait()
                if proc.stdout is not None:
                    proc.stdout.close()
            if code != 0:
                self.log_error = (f"git log failed ({last_line(err) or f'exit {code}'}); "
                                  "only the history listed before that was scanned")

    def _first_sight(self, entry: _Entry, scanned: FileResult) -> FileResult:
        self._learned(entry.key, scanned)
        self.blobs += scanned.scanned
        if scanned.usage:  # a version's facts stay only if a checked snapshot holds it
            self.snapshots.keep(entry.key, scanned.usage)
            scanned = replace(scanned, usage=[])
        if scanned.notes:
            self.said.add(entry.path, scanned.notes)
            scanned = replace(scanned, notes=[])
        if not (scanned.findings or scanned.problems):
            return scanned  # the common case: nothing to attribute or re-label
        where = f"{entry.commit.oid[:12]}:{entry.path}"
        problems = [replace(p, path=where) for p in scanned.problems]
        for p in (p for p in problems if not p.error):  # a skipped version: said once per path; an error stays
            self.skipped.add(entry.path, [p.reason], p)
        return replace(scanned, findings=self._attribute(entry), problems=[p for p in problems if p.error])

    def _scan(self, key: bytes, path: str, reader: BlobReader, oid: bytes) -> FileResult:
        """A blob's result here and now (the snapshot checks and in_head, after the walk; the
        walk's own blobs go through `ordered`)."""
        result = self._known(key, path)
        if result is None:
            work = _work(path, reader.read(oid, self.settings.max_file_size))
            result = analyse(work, self.options) if isinstance(work, Job) else work
        self._learned(key, result)
        return result

    def _known(self, key: bytes, path: str) -> FileResult | None:
        """The result an earlier run stored for this blob at this path: the blob is then not read."""
        found = self.cache.get(key.partition(b"\0")[0], path)
        if found is not None:
            self.from_cache.add(key)
        return found

    def _learned(self, key: bytes, result: FileResult) -> None:
        """Called once per scan key with its result, wherever it was computed: stored for the next
        run unless it came from the cache."""
        if key not in self.from_cache:
            self.cache.put(key.partition(b"\0")[0], result.path, result)
        if result.findings:
            self.hits[key] = result.findings

    def _attribute(self, entry: _Entry) -> list[Finding]:
        """The findings of this blob at this path, first time only, each secret once per path."""
        found, pair = self.hits.get(entry.key), (entry.raw_path, entry.oid)
        if not found or pair in self.reported:
            return []
        self.reported.add(pair)
        out = []
        for f in found:
            moved = f if f.location.path == entry.path else replace(f, location=replace(f.location, path=entry.path))
            if self.claimed.setdefault(moved.fingerprint, entry.oid) != entry.oid:
                continue  # the same secret in a later version of this file: reported where it began
            c = entry.commit
            out.append(replace(moved, origin={"commit": c.oid, "blob": entry.oid.decode(), "author": c.author,
                                              "email": c.email, "date": c.date, "in_head": False}))
        return out

    def facts_of(self, reader: BlobReader) -> FactsOf:
        """For the snapshot checks: the usage facts of a snapshot's blob the walk did not scan
        (a range scan's tips hold older blobs); read and scanned here, once."""
        def facts(key: bytes, oid: bytes, raw_path: bytes, path: str) -> list[Usage | ScriptRun]:
            if key in self.scanned:
                return []
            self.scanned.add(key)
            return self._scan(key, path, reader, oid).usage
        return facts

    def mark_in_head(self, result: ScanResult, head: str | None, reader: BlobReader) -> None:
        """Set `in_head` on each finding whose secret some file of HEAD's tree still holds.

        HEAD blobs outside the scanned revisions are scanned here too (only when there is a
        finding to judge), since a range scan has not seen them.
        """
        if not result.findings:
            return
        if head is None:
            result.notes.append("HEAD does not name a commit: in_head is false for every finding")
            return
        entries = tree_entries(self.repo, head, self.exclude)
        if isinstance(entries, str):
            result.notes.append(f"cannot list HEAD's files ({entries}): in_head is false for every finding")
            return
        present: set[tuple[str, ...]] = set()
        for oid, raw_path, path in entries:
            key = _key(oid, raw_path)
            if key not in self.scanned:
                self.scanned.add(key)
                self._scan(key, path, reader, oid)
            present.update(_identity(f, path) for f in self.hits.get(key, ()))
        for f in result.findings:
            if f.origin is not None and "commit" in f.origin and "snapshot" not in f.origin:  # snapshot: set there
                f.origin["in_head"] = _identity(f, f.location.path) in present


@dataclass
class _Said:
    text: str  # as the first version said it
    versions: int
    problem: Problem | None  # a skipped version's problem (its reason is `text`), or None for a note

    def shown(self) -> str:
        return self.text if self.versions == 1 else f"{self.text} (in {self.versions} versions)"


class _Fold:
    """What many versions of one file say alike, said once: `src/x.py: … (in 14 versions)`. Texts
    are alike when they differ only in numbers (the line a parse error is on moves between
    versions); the first version's text is kept."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], _Said] = {}

    def add(self, path: str, texts: list[str], problem: Problem | None = None) -> None:
        keys: dict[tuple[str, str], str] = {}
        for text in texts:
            keys.setdefault((path, re.sub(r"\d+", "#", text)), text)
        for key, text in keys.items():
            said = self.seen.get(key)
            if said is None:
                self.seen[key] = _Said(text, 1, problem)
            else:
                said.versions += 1

    def folded(self) -> list[str]:
        return [s.shown() for s in self.seen.values() if s.problem is None]

    def folded_problems(self) -> list[Problem]:
        return [replace(s.problem, reason=s.shown()) for s in self.seen.values() if s.problem is not None]


def _identity(f: Finding, path: str) -> tuple[str, ...]:
    """What 'the same secret' means for in_head: its fingerprint, wherever it now lives."""
    return ("secret", f.secret.fingerprint) if f.secret else (f.rule, path, f.message)


def _work(path: str, read: BlobRead) -> Job | FileResult:
    """What a read blob asks for: its analysis, or (not read) a result saying why not."""
    if read[0] is None:
        return FileResult(path, problems=[Problem(path, *read[1])])
    return Job(path, read[0])


def _key(oid: bytes, raw_path: bytes) -> bytes:
    return oid + b"\0" + raw_path.rpartition(b"/")[2]


def _tokens(stream: io.BufferedReader) -> Iterator[bytes]:
    """The NUL-separated fields of a `-z` stream, read in large blocks."""
    rest = b""
    while block := stream.read1(READ_CHUNK):
        parts = (rest + block).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def _entries(tokens: Iterator[bytes]) -> Iterator[tuple[Commit, bytes, bytes, bytes]]:
    """(commit, new mode, new blob, path) for each raw entry of the `git log` listing.

    Fields are taken by position (a header is four fields, a raw entry two), so a path or an
    author name cannot be mistaken for a header whatever bytes it holds. A listing cut short
    (git died) just ends; the caller reports git's exit status.
    """
    commit: Commit | None = None
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(HEADER):
            date, email, author = [next(tokens, b"").decode("utf-8", "replace") for _ in range(3)]
            commit = Commit(token[1:].decode(), date, email, author)
        elif token.startswith(b":") and commit is not None:
            fields = token[1:].split(b" ")
            path = next(tokens, None)
            if len(fields) != 5 or path is None:
                return
            yield commit, fields[1], fields[3], path
        elif token:
            raise RuntimeError(f"unexpected output from git log: {token[:60]!r}")


def _open(repo: str) -> bool:
    """Check that `repo` is a git repository (work tree or bare); say whether it is shallow."""
    path = Path(repo)
    if not path.exists():
        raise TokenlintError(f"{repo}: no such directory")
    if not path.is_dir():
        raise TokenlintError(f"{repo}: not a directory (give a git work tree or a bare repository)")
    try:
        out = gitutil.run_git(repo, "rev-parse", "--is-shallow-repository", check=False)
    except OSError as exc:
        raise TokenlintError(f"cannot run git: {exc.strerror or exc}") from None
    if out.returncode != 0:
        raise TokenlintError(f"{repo}: not a git repository (neither a work tree nor a bare repository)")
    return out.stdout.strip() == b"true"


def _tips(repo: str, revs: Sequence[str] | None, head: str | None) -> list[str]:
    """The snapshots whose cross-file checks a history scan reports (see tokenlint.sources.snapshots):
    with no revisions, HEAD and every local branch; else the scanned end of each revision or range."""
    if revs is None:
        tips = (["HEAD"] if head else []) + _ref_commits(repo, "refs/heads/")
        return tips or _ref_commits(repo)  # no HEAD, no branch (a mirror of tags): every ref is all there is
    tips = []
    for rev in revs:
        if rev.startswith("^"):
            continue
        m = _RANGE.fullmatch(rev)
        ends = (m.group(3),) if m and m.group(2) == ".." else (m.group(1), m.group(3)) if m else (rev,)
        tips.extend(end or "HEAD" for end in ends)
    return tips


def _ref_commits(repo: str, *prefix: str) -> list[str]:
    """The commits the refs under `prefix` name (annotated tags peeled)."""
    out = gitutil.run_git(repo, "for-each-ref", "--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname)",
                          *prefix, check=False)
    commits = []
    for fields in (line.split() for line in out.stdout.decode().splitlines()):
        if fields[:1] == ["commit"]:
            commits.append(fields[1])
        elif fields[2:3] == ["commit"]:
            commits.append(fields[3])
    return commits


def _check_rev(repo: str, rev: str) -> None:
    """A revision or range whose every end names a commit; anything else is a usage error."""
    body = rev[1:] if rev.startswith("^") else rev
    if not body:
        raise TokenlintError(f"empty revision {rev!r}: name a branch, tag, commit or range")
    m = _RANGE.fullmatch(body)
    for end in (m.group(1), m.group(3)) if m else (body,):
        if gitutil.commit_id(repo, end or "HEAD") is None:
            where = f" (in {rev!r})" if end != rev else ""
            raise TokenlintError(f"{end or 'HEAD'!r}{where} does not name a commit in {repo}")
