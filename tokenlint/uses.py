"""One API call or git operation made with a credential, and what it needs.

The common currency of the credential analysis: inference reads uses to tell a credential's
type, the recipes read them to choose a token, the scope rules judge them. It sits below all
three so none of them imports another to reach it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeGuard

from tokenlint import scopes
from tokenlint.detectors import calls
from tokenlint.endpoints import Requirement, load, normalize_path
from tokenlint.facts import ApiCall, Fact, GitRemote, PipeStep, Usage
from tokenlint.model import Confidence

THIS_WORKSPACES: tuple[str, ...] = calls.THIS_WORKSPACE  # the built-ins naming the pipeline's workspace
THIS_REPOS: tuple[str, ...] = calls.THIS_REPO
THIS_WORKSPACE = THIS_WORKSPACES[0]  # ${BITBUCKET_WORKSPACE}: the workspace a pipeline runs in
THIS_REPO = THIS_REPOS[0]  # ${BITBUCKET_REPO_SLUG}
THIS_REPOSITORY_SHOWN = "$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG"

#: What git over HTTPS needs, by command, in (classic, granular) requirement form. Source:
#: Bitbucket's access token permission pages ("Repositories: Read" clones over HTTPS, "Write"
#: pushes) and "Bitbucket git operations" for granular scopes (read:repository:bitbucket for
#: git clone, write:repository:bitbucket for git push). Commands not listed only store a URL
#: (`git remote add/set-url`, `git config`, config files): the command that later uses it is
#: not seen, so read is assumed and the use is marked uncertain.
GIT_ACCESS: Mapping[str, str] = MappingProxyType({
    "git clone": "read", "git fetch": "read", "git pull": "read", "git ls-remote": "read",
    "git submodule": "read", "git push": "write",
})
GIT_SCOPES: Mapping[str, tuple[Requirement, Requirement]] = MappingProxyType({
    "read": ((frozenset({"repository"}),), (frozenset({"read:repository:bitbucket"}),)),
    "write": ((frozenset({"repository:write"}),), (frozenset({"write:repository:bitbucket"}),)),
})

_CLOUD_GIT_HOSTS = ("bitbucket.org", "www.bitbucket.org")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def show(text: str) -> str:
    """`${NAME}` as people write it in a recipe: `$NAME`."""
    return _VAR.sub(r"$\1", text)


def resolved(text: str | None) -> TypeGuard[str]:
    """A name written out, not a variable (nor missing)."""
    return text is not None and text != "" and "${" not in text


def named(text: str | None, builtin: str) -> TypeGuard[str]:
    """A literal name, or the Pipelines built-in for the one the pipeline runs in."""
    return resolved(text) or text == builtin


@dataclass(eq=False)
class Use:
    """One API call or git operation made with a credential, and what it needs.

    `classic` / `granular` are `None` when the needs are unknown (a pipe, an endpoint that is
    not in the spec); `()` means the operation needs no scope of that system.
    """

    path: str
    fact: Usage
    classic: Requirement | None
    granular: Requirement | None
    workspace: str | None = None
    repo: str | None = None
    project: str | None = None
    api_token_only: bool = False
    api_tokens: bool = True  # whether the spec offers the operation to API tokens at all
    note: str = ""  # why the needs are unknown or assumed
    confidence: Confidence = Confidence.HIGH  # how sure the needs are (a pipe's come from the pipes table)
    step: PipeStep | None = None  # the pipe step whose operation this is, when the pipes table knows the pipe

    @property
    def sure(self) -> Confidence:
        """How sure the needs are: assumed needs (a note) are LOW; a pipe's are as sure as the pipes table."""
        if self.step is not None:
            return self.confidence
        return Confidence.LOW if self.note else self.confidence

    @property
    def line(self) -> int:
        return self.fact.line

    @property
    def column(self) -> int:
        return self.fact.column

    @property
    def known(self) -> bool:
        return self.classic is not None

    @property
    def git(self) -> bool:
        return isinstance(self.fact, GitRemote)

    @property
    def pipe(self) -> bool:
        return not self.git and self.fact.tool.startswith("pipe ")

    @property
    def pipe_name(self) -> str:
        """The pipe as the step names it (`atlassian/x:1.2.3`); '' for anything else."""
        return self.fact.tool.removeprefix("pipe ") if self.pipe else ""

    @property
    def method(self) -> str:
        if isinstance(self.fact, GitRemote):
            return self.fact.tool
        return "pipe" if self.pipe and not self.fact.method else self.fact.method

    @property
    def endpoint(self) -> str:
        f = self.fact
        if isinstance(f, GitRemote):
            return f"{f.host}/{show(f.workspace or '?')}/{show(f.repo or '?')}.git"
        if self.pipe and not f.method:
            return self.pipe_name
        return f.template or show(normalize_path(f.url))

    @property
    def credential(self) -> str:
        """What the call is made with: `$NAME`, or a redacted literal (`use_of` keeps credentialed calls only)."""
        return self.fact.credential or ""

    @property
    def describe(self) -> str:
        if self.pipe and isinstance(self.fact, ApiCall) and self.fact.method:  # an operation of the pipes table
            return f"{self.method} {self.endpoint} (by pipe {self.pipe_name})"
        return f"{self.method} {self.endpoint}"

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def target(self) -> str:
        """The repository or workspace touched, as a recipe names it; '' when none is known."""
        if self.workspace and self.repo:
            return show(f"{self.workspace}/{self.repo}")
        return show(self.workspace or "")

    @property
    def this_repository(self) -> bool:
        return self.workspace == THIS_WORKSPACE and self.repo == THIS_REPO

    @property
    def one_repository(self) -> bool:
        """Whether the call names one repository: literally or by the Pipelines built-ins (not a `$repo` loop)."""
        return named(self.workspace, THIS_WORKSPACE) and named(self.repo, THIS_REPO)


def _workspace(text: str | None) -> str | None:
    return THIS_WORKSPACE if text in THIS_WORKSPACES else text


def _api_use(path: str, call: ApiCall) -> Use | None:
    if call.host_kind == "server" or (call.api != "2.0" and call.host_kind != "pipelines-proxy"):
        return None  # Data Center, the removed 1.0 API and OAuth endpoints are not scoped calls
    if call.tool.startswith("pipe ") and not call.method:  # a pipe's own calls (not one the pipes table names)
        return Use(path, call, None, None, note="a pipe makes its own calls, not visible here; see the pipe's "
                                                 "documentation for the scopes it needs")
    table = load()
    op = table.get(call.method, call.template) if call.template else None
    if op is None:
        return Use(path, call, None, None, workspace=_workspace(call.workspace), repo=call.repo,
                   note="the endpoint matches no operation of Bitbucket's API description, so its needs are unknown")
    try:
        project = table.params(op, call.url).get("project_key")
    except ValueError:
        project = None
    return Use(path, call, op.classic, op.granular, workspace=_workspace(call.workspace), repo=call.repo,
               project=project, api_token_only=call.api_token_only, api_tokens="api-token" in op.auth_types)


def _git_use(path: str, remote: GitRemote) -> Use | None:
    if remote.host not in _CLOUD_GIT_HOSTS:
        return None
    access = GIT_ACCESS.get(remote.tool)
    note = ""
    if access is None:
        access = "read"
        note = (f"{remote.tool} only stores the URL; the git command that uses it is not seen: read is "
                "assumed (a push needs write)")
    classic, granular = GIT_SCOPES[access]
    return Use(path, remote, classic, granular, workspace=_workspace(remote.workspace), repo=remote.repo, note=note)


def _pipe_uses(path: str, call: ApiCall) -> list[Use]:
    """The uses of a credential handed to a pipe the pipes table knows: one per operation the
    table lists (its needs: the scope of the table that covers the operation, else the API
    description's), plus one for the table's scopes no listed operation accounts for (a git push,
    calls the table could not enumerate). All as sure as the table's row."""
    from tokenlint import pipes  # the pipes table loads only when a pipe is analysed

    step = call.pipe
    found = pipes.load().entries.get(step.name) if step is not None else None
    if step is None or found is None:
        use = _api_use(path, call)
        return [use] if use is not None else []
    entry = found
    sure = entry.sure("scopes", "calls")
    note = "" if sure == Confidence.HIGH else (f"its needs come from tokenlint's pipes table, which is {sure} "
                                               f"confidence about what {entry.name} calls")
    granted, granted_granular = frozenset(entry.scopes), frozenset(entry.granular_scopes)
    out: list[Use] = []
    for op_call in step.calls:
        use = _api_use(path, op_call)
        if use is None:
            continue
        if use.classic is not None:
            fitting = [s for s in sorted(granted) if scopes.satisfies({s}, use.classic)]
            if fitting:  # the table's word wins (e.g. write where the description says read)
                chosen = min(fitting, key=lambda s: len(scopes.closure({s})))
                use.classic = (frozenset({chosen}),)
                family = {s for s in granted_granular if s.split(":")[1:2] == [chosen.split(":")[0]]}
                if use.granular:  # the granular scopes of the same resource follow the table too
                    use.granular = tuple(alt | family for alt in use.granular)
        if use.granular is not None:
            inside = [alt for alt in use.granular if alt <= granted_granular]
            if inside:
                use.granular = (min(inside, key=len),)
        use.note = use.note or note
        use.confidence = sure
        use.step = step
        out.append(use)
    covered = scopes.closure(set().union(*(min(u.classic, key=len) for u in out if u.classic)))
    covered_granular = set().union(*(min(u.granular, key=len) for u in out if u.granular))
    rest = frozenset(s for s in granted if s not in covered)
    rest_granular = frozenset(s for s in granted_granular if s not in covered_granular)
    if rest or rest_granular:
        what = ", ".join(f"{op.method} {op.path}" for op in entry.operations if not op.http) or "calls it does not list"
        out.append(Use(path, call, (rest,) if rest else None, (rest_granular,) if rest_granular else None,
                       workspace=_workspace(call.workspace) or THIS_WORKSPACE, repo=call.repo or THIS_REPO,
                       note=f"tokenlint's pipes table lists {', '.join(sorted(rest | rest_granular))} for "
                            f"{entry.name} beyond the calls it names ({what}); {sure} confidence",
                       confidence=min(sure, Confidence.MEDIUM), step=step))
    return out


def uses_of(path: str, fact: Fact) -> list[Use]:
    """Every use a usage fact records: one, or for a pipe the pipes table knows, one per operation."""
    if isinstance(fact, ApiCall) and fact.pipe is not None and not fact.commented and fact.credential:
        return _pipe_uses(path, fact)
    use = use_of(path, fact)
    return [use] if use is not None else []


def use_of(path: str, fact: Fact) -> Use | None:
    """The use a usage fact records, or None when it is no credentialed Bitbucket Cloud call."""
    if isinstance(fact, ApiCall) and not fact.commented and fact.credential:
        return _api_use(path, fact)
    if isinstance(fact, GitRemote) and not fact.commented and fact.credential and not fact.used:
        return _git_use(path, fact)  # a stored URL or helper that a later command uses is counted at that command
    return None


def credential_key(use: Use) -> str:
    """What groups the uses of one credential: its name, or a literal's fingerprint."""
    fact = use.fact
    return (fact.credential_fingerprint or use.credential) if fact.credential_literal else use.credential
