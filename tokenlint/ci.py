"""The CI gate: find the change a pipeline run is about and scan the lines it adds.

Two steps, kept apart so tests can drive each with a fake environment and a real repository:
`detect` reads the CI system's variables into a `Trigger` (which commit to compare with); the
range is then resolved in git (`resolve_range`) and scanned with the staged source's machinery,
content taken at HEAD. The range is always merge-base(base, HEAD)..HEAD: for a pull request
that is what the branch adds, for a push it is before..after, and after a force-push it is
what the new commits add since the histories parted.

A CI clone is often shallow (GitHub: depth 1, Bitbucket: 50, GitLab: 20), so the base can be
missing. Then the history is fetched (the destination branch, then deeper), which is a network
call the user asked for by running the gate in CI; `--no-fetch` forbids it. A base that still
cannot be found is an error (exit 3), never a quietly smaller scan.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from tokenlint import cache, gateconfig, gitutil
from tokenlint.engine.settings import Settings, load_settings
from tokenlint.errors import TokenlintError
from tokenlint.model import Problem
from tokenlint.results import ScanResult
from tokenlint.sources import files, staged

BITBUCKET = "Bitbucket Pipelines"
GITHUB = "GitHub Actions"
GITLAB = "GitLab CI"
_SHA = re.compile(r"[0-9a-f]{7,64}")
DEEPEN_STEPS = ("--deepen=100", "--unshallow")
FETCH_TIMEOUT = 600
CLONE_ADVICE = ("fetch more history in the CI checkout (GitHub: actions/checkout fetch-depth: 0; Bitbucket: "
                "clone depth: full; GitLab: GIT_DEPTH: 0)")


class RangeError(Exception):
    """The change's range cannot be worked out in this clone."""


@dataclass(frozen=True)
class Trigger:
    """What a CI run says about the change it tests.

    A pull request names the branch it merges into (`base_branch`); a push names the commit the
    branch pointed at before (`base_commit`); neither is known for some events, and then the
    gate scans everything.
    """

    system: str
    event: str
    head: str | None = None
    base_branch: str | None = None
    base_commit: str | None = None
    why_unknown: str = ""

    @property
    def has_base(self) -> bool:
        return bool(self.base_branch or self.base_commit)


def _commit_id(value: str | None) -> str | None:
    """A real commit id; None for absent values and git's all-zero 'no commit' id (new branches)."""
    value = (value or "").strip().lower()
    return value if _SHA.fullmatch(value) and value.strip("0") else None


def detect(environ: Mapping[str, str]) -> Trigger | None:
    """Read the CI system's variables; None when no known CI system is running."""
    if environ.get("BITBUCKET_COMMIT"):
        return _bitbucket(environ)
    if environ.get("GITHUB_ACTIONS") == "true":
        return _github(environ)
    if environ.get("GITLAB_CI") == "true":
        return _gitlab(environ)
    return None


def _bitbucket(environ: Mapping[str, str]) -> Trigger:
    head = environ["BITBUCKET_COMMIT"]
    if environ.get("BITBUCKET_PR_ID") and environ.get("BITBUCKET_PR_DESTINATION_BRANCH"):
        return Trigger(BITBUCKET, f"pull request #{environ['BITBUCKET_PR_ID']}", head,
                       base_branch=environ["BITBUCKET_PR_DESTINATION_BRANCH"])
    branch = environ.get("BITBUCKET_BRANCH")
    return Trigger(BITBUCKET, f"branch {branch}" if branch else "pipeline", head,
                   why_unknown="Bitbucket Pipelines does not say which commit a branch pipeline's push started "
                               "from (run the gate in a pull-request pipeline, or pass --base)")


def _github(environ: Mapping[str, str]) -> Trigger:
    event = environ.get("GITHUB_EVENT_NAME", "")
    head = environ.get("GITHUB_SHA")
    if event in ("pull_request", "pull_request_target") and environ.get("GITHUB_BASE_REF"):
        return Trigger(GITHUB, event.replace("_", " "), head, base_branch=environ["GITHUB_BASE_REF"])
    if event == "push":
        before, why = _github_before(environ.get("GITHUB_EVENT_PATH"))
        return Trigger(GITHUB, "push", head, base_commit=before, why_unknown=why)
    return Trigger(GITHUB, event or "run", head, why_unknown=f"a {event or 'run'} event names no base commit")


def _github_before(event_path: str | None) -> tuple[str | None, str]:
    if not event_path:
        return None, "GITHUB_EVENT_PATH is not set, so the push's 'before' commit is unknown"
    try:
        payload = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"cannot read the event payload {event_path}: {exc}"
    before = _commit_id(payload.get("before") if isinstance(payload, dict) else None)
    return before, "" if before else "the push created the branch (no 'before' commit)"


def _gitlab(environ: Mapping[str, str]) -> Trigger:
    head = environ.get("CI_COMMIT_SHA")
    diff_base = _commit_id(environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"))
    if diff_base:
        return Trigger(GITLAB, "merge request", head, base_commit=diff_base)
    before = _commit_id(environ.get("CI_COMMIT_BEFORE_SHA"))
    return Trigger(GITLAB, "push", head, base_commit=before,
                   why_unknown="" if before else "CI_COMMIT_BEFORE_SHA names no commit (a new branch, a tag or a "
                                                 "scheduled pipeline)")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return gitutil.run_git(repo, *args, check=False)


def _merge_base(repo: Path, a: str, b: str) -> str | None:
    out = _git(repo, "merge-base", "--end-of-options", a, b)
    return out.stdout.decode("ascii").strip() if out.returncode == 0 else None


def _remote(repo: Path) -> str | None:
    names = _git(repo, "remote").stdout.decode("utf-8", "replace").split()
    return "origin" if "origin" in names else (names[0] if names else None)


def _shallow(repo: Path) -> bool:
    return _git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"


def _fetch(repo: Path, remote: str, *refspecs: str, options: tuple[str, ...] = ()) -> None:
    """One fetch; a failure is not fatal here: the caller sees what is still missing and says so."""
    cmd = gitutil.fetch_command(repo, "--quiet", "--no-tags", *options, "--", remote, *refspecs)
    try:
        subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL, env=gitutil.git_env(),
                       timeout=FETCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass


def _describe(trigger: Trigger) -> str:
    if trigger.base_branch:
        return f"the base branch {trigger.base_branch!r}"
    base = trigger.base_commit or ""
    return f"the base commit {base[:12] if _SHA.fullmatch(base) else repr(base)}"


def _find_base(repo: Path, trigger: Trigger, remote: str | None, may_fetch: bool) -> str | None:
    """The base as a commit id, fetching it once when it is missing and fetching is allowed."""
    if trigger.base_branch:
        branch = trigger.base_branch
        if _git(repo, "check-ref-format", f"refs/heads/{branch}").returncode != 0:
            raise RangeError(f"{branch!r} is not a valid branch name")
        tracking = f"refs/remotes/{remote}/{branch}" if remote else None
        refs = [ref for ref in (tracking, f"refs/heads/{branch}") if ref]
        found = next((c for c in (gitutil.commit_id(repo, ref) for ref in refs) if c), None)
        if found is None and may_fetch and remote and tracking:
            _fetch(repo, remote, f"+refs/heads/{branch}:{tracking}")
            found = gitutil.commit_id(repo, tracking)
        return found
    base = trigger.base_commit
    if base is None:
        return None
    found = gitutil.commit_id(repo, base)
    if found is None and may_fetch and remote and _SHA.fullmatch(base):  # `--base` may name a local ref
        _fetch(repo, remote, base)
        found = gitutil.commit_id(repo, base)
    return found


def resolve_range(repo: Path, trigger: Trigger, *, fetch: bool = True) -> tuple[str, str]:
    """(merge base of the trigger's base and HEAD, HEAD), as commit ids.

    A shallow clone is deepened step by step until the two histories meet, when fetching is
    allowed and there is a remote; otherwise, or when they never meet, RangeError says why.
    """
    head = gitutil.commit_id(repo, "HEAD")
    if head is None:
        raise RangeError("HEAD names no commit")
    remote = _remote(repo)
    may_fetch = fetch and remote is not None
    base = _find_base(repo, trigger, remote, may_fetch)
    merge_base = _merge_base(repo, base, head) if base else None
    for step in DEEPEN_STEPS if may_fetch else ():
        if merge_base is not None or remote is None or not _shallow(repo):
            break
        _fetch(repo, remote, options=(step,))
        base = base or _find_base(repo, trigger, remote, False)
        merge_base = _merge_base(repo, base, head) if base else None
    if merge_base is not None:
        return merge_base, head
    what = _describe(trigger)
    if not fetch:
        why = "and --no-fetch forbids fetching it"
    elif remote is None:
        why = "and there is no git remote to fetch it from"
    else:
        why = f"even after fetching from {remote!r}"
    if base is None:
        raise RangeError(f"{what} is not in this clone {why}; {CLONE_ADVICE}")
    if _shallow(repo):
        raise RangeError(f"this shallow clone lacks the history where HEAD and {what} meet, {why}; {CLONE_ADVICE}")
    raise RangeError(f"HEAD and {what} share no history")


def gate(settings: Settings, path: str | Path, environ: Mapping[str, str], *, fetch: bool = True,
         base: str | None = None, all_lines: bool = False, strict_config: bool = False,
         load: gateconfig.Loader | None = None, config_path: str | None = None) -> ScanResult:
    """Scan what the CI run's change adds, or the whole working tree (with `settings`) when the change is unknown.

    With a known base, the settings come from the base commit's config (see `run`); `load`
    binds the command line's options (default: none).
    """
    load = load or partial(load_settings, [str(path)])
    return run(path, environ, load, fetch=fetch, base=base, all_lines=all_lines, strict_config=strict_config,
               config_path=config_path, settings=settings)[1]


def run(path: str | Path, environ: Mapping[str, str], load: gateconfig.Loader, *, fetch: bool = True,
        base: str | None = None, all_lines: bool = False, strict_config: bool = False,
        config_path: str | None = None, settings: Settings | None = None) -> tuple[Settings, ScanResult]:
    """The gate: (the settings it judged with, the result).

    `load(config=...)` or `load(config_path=...)` makes settings with the command line's other
    options. With a base, the gate's config is the base commit's (tokenlint.gateconfig), and a
    change to it is reported (an error with `strict_config`); without one, the working tree's
    config is used (or `settings`, when given) and the note says so.
    """
    where = Path(path)
    trigger = Trigger("command line", f"--base {base}", base_commit=base) if base else detect(environ)

    def full(why: str) -> tuple[Settings, ScanResult]:
        used = settings or load(config_path=config_path)
        return used, _full_scan(used, path, why)

    try:
        top, prefix = staged.locate(where)
    except TokenlintError as exc:
        return full(f"{exc}")
    if trigger is None:
        return full("no CI system recognised (Bitbucket Pipelines, GitHub Actions, GitLab CI)")
    if not trigger.has_base:
        return full(f"{trigger.system} {trigger.event}: {trigger.why_unknown}")
    intro = f"{trigger.system} {trigger.event}"
    try:
        merge_base, head = resolve_range(top, trigger, fetch=fetch)
    except RangeError as exc:
        return settings or load(config_path=config_path), ScanResult(
            problems=[Problem(str(path), f"cannot tell what the change adds: {exc}", True)],
            notes=[f"{intro}: nothing scanned"])
    base_files = gateconfig.read(top, merge_base, prefix, config_path)
    edits = base_files.edits(gateconfig.read(top, head, prefix, config_path))
    used, config_notes = gateconfig.load(base_files, top, merge_base, load)
    comparison = staged.Comparison(("diff-tree", "-r"), (merge_base, head),
                                   origin={"source": "ci-range", "base": merge_base, "head": head})
    changes = [c for c in staged.list_changes(top, comparison) if c.path.startswith(prefix)]
    with cache.open_for(used) as results:
        result = staged.scan_changes(top, comparison, changes, used, all_lines=all_lines,
                                     display=staged.shown_from_cwd(top), cache=results)
    result.notes.extend(results.notes)
    lines = "every line of the files" if all_lines else "the lines"
    result.notes.insert(0, f"{intro}: scanned {lines} that {merge_base[:12]}..{head[:12]} adds "
                           f"({len(changes)} changed file(s), content at HEAD)")
    named = gitutil.commit_id(top, trigger.head) if trigger.head and _SHA.fullmatch(trigger.head.lower()) else head
    if named != head:
        result.notes.insert(1, f"{trigger.system} names commit {(trigger.head or '')[:12]} but HEAD is {head[:12]}; "
                               "scanned HEAD")
    source = base_files.config or base_files.outside or "none: the defaults"
    result.notes.append(f"the gate's config was read from the base commit {merge_base[:12]} ({source}), "
                        "not from the change")
    result.notes.extend(config_notes)
    if edits:
        what = "; ".join(edits)
        result.notes.append(f"the change edits the gate's configuration: {what}; it takes effect once merged "
                            "(--strict-config fails such changes)")
        if strict_config:
            result.problems.append(Problem(base_files.config or head[:12], "the change edits the gate's "
                                           f"configuration ({what}) and --strict-config forbids it", True))
    return used, result


def _full_scan(settings: Settings, path: str | Path, why: str) -> ScanResult:
    result = files.scan(replace(settings, paths=[str(path)]))
    result.notes.insert(0, f"{why}; so the range of the change is unknown and the whole working tree was scanned")
    where = settings.config.path or "none found: the defaults"
    result.notes.append(f"the gate's config was read from the working tree ({where}): with no base commit, "
                        "there is no earlier config to judge the change with")
    return result
