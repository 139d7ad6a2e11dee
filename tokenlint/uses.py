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

from tokenlint.detectors import calls
from tokenlint.endpoints import Requirement, load, normalize_path
from tokenlint.facts import ApiCall, Fact, GitRemote, Usage

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
    def method(self) -> str:
        if isinstance(self.fact, GitRemote):
            return self.fact.tool
        return "pipe" if self.pipe else self.fact.method

    @property
    def endpoint(self) -> str:
        f = self.fact
        if isinstance(f, GitRemote):
            return f"{f.host}/{show(f.workspace or '?')}/{show(f.repo or '?')}.git"
        if self.pipe:
            return f.tool.removeprefix("pipe ")
        return f.template or show(normalize_path(f.url))

    @property
    def credential(self) -> str:
        """What the call is made with: `$NAME`, or a redacted literal (`use_of` keeps credentialed calls only)."""
        return self.fact.credential or ""

    @property
    def describe(self) -> str:
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
    if call.tool.startswith("pipe "):
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
