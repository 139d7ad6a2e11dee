"""Cross-file checks over a history: run on the snapshots that matter, never on every version at once.

A cross-file check (mixed auth scheme, scopes, token type) judges files that are live
together. Fed every version of every file of a history, it judges versions that never met:
a script fixed from Basic to Bearer would "mix" its old and new self, and the checks'
input (and memory) would grow with commits x calls. So a history scan runs them per snapshot:

- which snapshots: with no revisions (every ref), HEAD's tree and the tip of every local
  branch (`refs/heads/*`): what is live now. Tags and remote-tracking branches are not checked
  (a tag is a past release; a remote-tracking branch is a copy of someone's branch), unless
  there is no HEAD and no local branch at all (a mirror of tags): then every ref's tip. With
  `--branch` or `--range`, the tip of each end that is scanned (`B` of `A..B`, both ends of
  `A...B`). Snapshots with the same tree are checked once.
- attribution: a finding is attributed to the commit that introduced the blob at its primary
  location (the first commit of the listing that shows that path with that blob). When the
  scanned commits did not introduce it (a range, `--since-commit`, `--max-count`), to the first
  related location they did introduce. A finding none of whose locations the scanned commits
  introduced predates what was asked: it is not reported, and a note counts it. A snapshot
  holding no file version the scanned commits introduced is not checked at all.
- each finding is reported once (by fingerprint), from the first snapshot showing it (HEAD's
  first); `in_head` says whether HEAD's snapshot shows it too, and `snapshot` names the commit
  whose tree it was found in.

Memory: usage facts are kept only for blobs that some snapshot's tree holds (so the tips'
trees bound them, not the history), and one snapshot's facts at a time are linked and
checked. They are copies: `flows.link` renames credentials in place, per snapshot.
"""

from __future__ import annotations

import copy
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tokenlint import checks, flows, gitutil
from tokenlint.engine.match import evaluate_linked
from tokenlint.engine.settings import Settings
from tokenlint.excludes import Matcher
from tokenlint.facts import ScriptRun, Usage
from tokenlint.model import Finding, Problem
from tokenlint.results import ScanResult
from tokenlint.sources.blobs import tree_blobs


class CommitInfo(Protocol):
    """A commit as a finding's `origin` names it (history's `Commit`; this module cannot import it)."""

    @property
    def oid(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def author(self) -> str: ...


@dataclass(frozen=True)
class Tip:
    """A snapshot: a commit and its tree; `reported` when it is a tip of what was scanned
    (HEAD is always checked first, to judge `in_head`, but reported only if it is one)."""

    commit: str
    tree: str
    reported: bool


TreeEntry = tuple[bytes, bytes, str]  # blob id, raw path, decoded path
KeyOf = Callable[[bytes, bytes], bytes]
#: Usage facts of a blob that the history walk did not scan (outside the scanned commits).
FactsOf = Callable[[bytes, bytes, bytes, str], list[Usage | ScriptRun]]
#: One snapshot's check: (findings, its usage facts, path -> (raw path, blob)).
Run = tuple[list[Finding], list[tuple[str, Usage | ScriptRun]], dict[str, tuple[bytes, bytes]]]


def tree_entries(repo: str, commit: str, exclude: Matcher) -> list[TreeEntry] | str:
    """The blobs of a commit's tree, less config excludes and submodules; or why git could not list them."""
    listed = tree_blobs(repo, commit)
    if isinstance(listed, str):
        return listed
    out: list[TreeEntry] = []
    for _, oid, raw_path in listed:
        path = os.fsdecode(raw_path)
        if not (exclude and exclude.excluded(path, False)):
            out.append((oid, raw_path, path))
    return out


class Snapshots:
    """What the history walk keeps for the snapshot checks, and the checks themselves."""

    def __init__(self, repo: str, settings: Settings, key_of: KeyOf, exclude: Matcher | None = None) -> None:
        self.repo = repo
        self.exclude = exclude if exclude is not None else settings.excludes.under(repo)
        self.settings = settings
        self.key_of = key_of
        self.head: Tip | None = None
        self.tips: list[Tip] = []  # reported snapshots, HEAD's tree first when it is one
        self.wanted: set[bytes] = set()  # scan keys some snapshot's tree holds
        self.kept: dict[bytes, list[Usage | ScriptRun]] = {}  # scan key -> its usage facts (wanted keys only)
        self.introduced: dict[tuple[bytes, bytes], CommitInfo] = {}  # (raw path, blob) of a kept key -> first commit
        self.problems: list[Problem] = []
        self.dropped: set[str] = set()  # fingerprints of findings no scanned commit introduced

    # --- before and during the walk ---------------------------------------------------------

    def plan(self, head: str | None, tip_revs: Sequence[str]) -> None:
        """Resolve HEAD and the tips to (commit, tree), and note which blobs their trees hold."""
        names = ([head] if head else []) + list(tip_revs)
        if not names:
            return
        asked = "".join(f"{name}^{{commit}}\n{name}^{{tree}}\n" for name in names)  # on stdin: never an option
        out = subprocess.run(gitutil.git_command(self.repo, "cat-file", "--batch-check=%(objectname)"),
                             input=asked.encode(), capture_output=True, env=gitutil.git_env(), check=False)
        ids = out.stdout.decode("utf-8", "replace").split("\n")[:-1]
        if out.returncode != 0 or len(ids) != 2 * len(names) or any(" " in i for i in ids):
            why = gitutil.first_line(out.stderr) or next((i for i in ids if " " in i), "git cat-file failed")
            self._fail(f"cannot resolve the snapshots to check ({why})")
            return
        pairs = list(zip(ids[0::2], ids[1::2], strict=True))  # even: checked just above
        head_pair, tip_pairs = (pairs[0], pairs[1:]) if head else (None, pairs)
        tip_trees = {tree for _, tree in tip_pairs}
        if head_pair is not None:
            self.head = Tip(head_pair[0], head_pair[1], reported=head_pair[1] in tip_trees)
        seen = {self.head.tree} if self.head is not None and self.head.reported else set()
        self.tips = [self.head] if self.head is not None and self.head.reported else []
        for commit, tree in tip_pairs:
            if tree not in seen:
                seen.add(tree)
                self.tips.append(Tip(commit, tree, reported=True))
        for tip in self._all():
            entries = self._entries(tip)
            self.wanted.update(self.key_of(oid, raw) for oid, raw, _ in entries or ())

    def keep(self, key: bytes, usage: list[Usage | ScriptRun]) -> None:
        """Called on a blob's first scan: keep its facts only if a snapshot holds it."""
        if usage and key in self.wanted:
            self.kept[key] = usage

    def listed(self, raw_path: bytes, oid: bytes, key: bytes, commit: CommitInfo) -> None:
        """Called for every (commit, path, blob) of the listing, oldest first."""
        if key in self.kept:
            self.introduced.setdefault((raw_path, oid), commit)

    # --- after the walk ---------------------------------------------------------------------

    def check(self, out: ScanResult, facts_of: FactsOf) -> list[Finding]:
        """The cross-file findings of the snapshots, attributed and deduplicated; the checked
        snapshots' usage facts go to `out.usage` (the inventory), each file version once."""
        findings: list[Finding] = []
        reported: set[str] = set()
        head_fps: set[str] | None = None
        listed: set[tuple[str, bytes]] = set()
        for tip in self.tips:
            run = self._run(tip, facts_of, prune=True)
            if run is None:
                continue
            found, usage, where = run
            if tip is self.head:
                head_fps = {f.fingerprint for f in found}
            out.usage.extend((path, fact) for path, fact in usage if (path, where[path][1]) not in listed)
            listed.update((path, blob) for path, (_, blob) in where.items())
            for f in found:
                if f.fingerprint in reported:
                    continue
                origin = self._origin(f, where)
                if origin is None:  # another tip may hold a version the scanned commits introduced
                    self.dropped.add(f.fingerprint)
                    continue
                reported.add(f.fingerprint)
                if tip is self.head:
                    in_head = True
                else:
                    if head_fps is None:
                        head_fps = self._head_fingerprints(facts_of)
                    in_head = f.fingerprint in head_fps
                origin.update(in_head=in_head, snapshot=tip.commit)
                f.origin = origin
                findings.append(f)
        if not self.tips and not self.problems:
            out.notes.append("history: no commit to check the cross-file rules on; they did not run")
        dropped = len(self.dropped - reported)
        if dropped:
            out.notes.append(f"history: {dropped} cross-file finding(s) of the checked snapshots involve no file "
                             "version the scanned commits introduced; not reported (scan the whole history to see "
                             "them)")
        out.problems.extend(self.problems)
        return findings

    def _head_fingerprints(self, facts_of: FactsOf) -> set[str]:
        if self.head is None:
            return set()
        run = self._run(self.head, facts_of, prune=False)
        return {f.fingerprint for f in run[0]} if run else set()

    def _run(self, tip: Tip, facts_of: FactsOf, prune: bool) -> Run | None:
        """(findings, usage, path -> (raw path, blob)) of one snapshot; None when not worth checking."""
        entries = self._entries(tip)
        if entries is None:
            return None
        if prune and not any((raw, oid) in self.introduced for oid, raw, _ in entries):
            return None  # the scanned commits introduced nothing this snapshot's checks could be about
        usage: list[tuple[str, Usage | ScriptRun]] = []
        where: dict[str, tuple[bytes, bytes]] = {}
        for oid, raw, path in entries:
            key = self.key_of(oid, raw)
            facts = self.kept.get(key)
            if facts is None:
                facts = facts_of(key, oid, raw, path)
                if facts:
                    self.kept[key] = facts
            if facts:
                where[path] = (raw, oid)
                usage.extend((path, copy.copy(fact)) for fact in facts)
        linked = evaluate_linked(self.settings.policies, flows.link(usage))
        return linked + checks.run(self.settings.policies, usage, self.settings.config), usage, where

    def _origin(self, f: Finding, where: dict[str, tuple[bytes, bytes]]) -> dict[str, Any] | None:
        """Who introduced the finding: its primary location's blob, else the first related one."""
        for path in [f.location.path, *(r.location.path for r in f.related)]:
            pair = where.get(path)
            commit = self.introduced.get(pair) if pair else None
            if pair is not None and commit is not None:
                return {"commit": commit.oid, "blob": pair[1].decode(), "author": commit.author,
                        "email": commit.email, "date": commit.date}
        return None

    def _all(self) -> list[Tip]:
        extra = [self.head] if self.head is not None and not self.head.reported else []
        return [*self.tips, *extra]

    def _entries(self, tip: Tip) -> list[TreeEntry] | None:
        entries = tree_entries(self.repo, tip.commit, self.exclude)
        if isinstance(entries, str):
            self._fail(f"cannot list the files of {tip.commit[:12]} ({entries})")
            return None
        return entries

    def _fail(self, reason: str) -> None:
        problem = Problem(self.repo, f"{reason}: its cross-file checks did not run", True)
        if problem not in self.problems:
            self.problems.append(problem)
