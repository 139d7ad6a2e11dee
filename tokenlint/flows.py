"""Carry credential names across files: a pipeline step that runs `./scripts/release.sh` passes
its environment on, so `$TOKEN` inside the script may be `$RELEASE_TOKEN` of the pipeline, and a
caller that runs `./push.sh "$BB_USER" "$BB_APP_PASSWORD"` makes `$2` inside the script its
`$BB_APP_PASSWORD`.

One pass: the facts are grouped by path once, then each script run renames the facts of the
file it runs (linear in the number of files and runs; no file is read again). A script run
from several places takes the names of the first caller; the others are still its callers for
`via`. Only what `scan` collected is linked: a callee that is not part of the scan (a pre-commit
run that stages only the caller) is not followed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tokenlint.detectors.calls import make_git_remote, rebind
from tokenlint.facts import ApiCall, Attribute, CredentialKind, Fact, GitRemote, ScriptRun
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.values import Value

# `$${2}` / `${2}` / `$2`: a script's own positional parameter, as a credential reference reads
_POSITIONAL = re.compile(r"^\$?(?:\$\{(\d+)\}|\{(\d+)\}|(\d+))$")


@dataclass
class Change:
    """A fact whose credential `link` renamed, and the attributes policies saw before."""

    path: str
    fact: ApiCall | GitRemote
    before: Mapping[str, Attribute]


def _resolve(runner_path: str, script: str) -> list[str]:
    """Candidate repository paths of a script named in a step or another script."""
    script = script.removeprefix("./")
    base = posixpath.dirname(runner_path)
    out = [posixpath.normpath(posixpath.join(base, script)), posixpath.normpath(script)]
    return list(dict.fromkeys(out))


def _outer_name(name: str, run: ScriptRun) -> str | None:
    """The caller's name for a credential the script names `name` (without `$`)."""
    if name in run.renames:
        return run.renames[name]
    m = _POSITIONAL.match(name)
    if m:
        index = int(next(g for g in m.groups() if g)) - 1
        if 0 <= index < len(run.args):
            return Value(run.args[index]).only_ref()
    return None


def _fill(text: str, args: list[str]) -> str:
    """`text` with the script's positional parameters (`${1}` …) replaced by its caller's arguments."""
    def arg(m: re.Match[str]) -> str:
        index = int(m.group(1)) - 1
        return args[index] if 0 <= index < len(args) else m.group(0)

    return re.sub(r"\$\{(\d+)\}", arg, text)


def link(usage: Sequence[tuple[str, Fact]]) -> list[Change]:
    """Rename credentials in scripts to the names their callers use, and record `via`. Idempotent:
    a second call changes nothing and returns nothing."""
    by_path: dict[str, list[Fact]] = {}
    for path, fact in usage:
        by_path.setdefault(path, []).append(fact)
    changes: list[Change] = []
    for path, fact in usage:
        if not isinstance(fact, ScriptRun):
            continue
        for candidate in _resolve(path, fact.script):
            for called in by_path.get(candidate, []):
                if not isinstance(called, (ApiCall, GitRemote)):
                    continue
                if called.via:
                    continue  # linked already
                called.via = f"{path}:{fact.line}"
                before = dict(called.attributes())
                if fact.args and "${" in called.url:
                    method = _fill(called.method, fact.args) if isinstance(called, ApiCall) else None
                    rebind(called, _fill(called.url, fact.args), method)
                name = (called.credential or "").removeprefix("$")
                outer = _outer_name(name, fact) if called.credential and not called.credential_literal else None
                if outer is None and called.credential_param:  # `password="$2"` inside: the caller's `$2`
                    outer = _outer_name(called.credential_param, fact)
                if outer:
                    called.credential = "$" + outer
                    named = kind_from_name(outer)
                    if named != CredentialKind.UNKNOWN and called.credential_kind in (
                            CredentialKind.UNKNOWN, CredentialKind.PASSWORD, CredentialKind.TOKEN):
                        called.credential_kind = named  # the caller's name says more than `$2` or `$TOKEN`
                if called.attributes() != before:
                    changes.append(Change(candidate, called, before))
    return changes


def resolve_remotes(usage: Sequence[tuple[str, Fact]], remotes: Mapping[str, str]) -> None:
    """Point pushes and fetches through a remote the scripts never define (`git push upstream`) at
    that remote's URL in the scanned repository's config, when it is on Bitbucket."""
    for _, fact in usage:
        if isinstance(fact, GitRemote) and fact.remote and fact.url == fact.remote and fact.remote in remotes:
            url = re.sub(r"(?<=://)[^\s/@]+@", "", remotes[fact.remote])  # its userinfo is not what the script sends
            again = make_git_remote(fact.tool, url, fact.line)
            if again is not None:
                fact.url, fact.host, fact.workspace, fact.repo = again.url, again.host, again.workspace, again.repo
