"""Per credential: the calls that use it across files, what each call needs, what the credential
is (declared or inferred), and the least-privilege token that would make every call.

The scope rules (tokenlint/checks/) and `tokenlint suggest` both read this one analysis, so a
rule can never call a scope unneeded that the recipe asks for. Nothing is guessed: a call whose
endpoint is unknown has unknown needs and stays out of the recipe (and is said to), a
repository named by an unresolved variable is not assumed to be any particular one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tokenlint import gitutil, scopes
from tokenlint.declarations import ACCESS_TOKEN_TYPES, CARRIES, TokenDeclaration
from tokenlint.inference import ACCESS_FAMILY, TYPE_LABELS, Current, declared, infer
from tokenlint.detectors.calls import THIS_REPO as _THIS_REPOS
from tokenlint.detectors.calls import THIS_WORKSPACE as _THIS_WORKSPACES
from tokenlint.endpoints import Requirement, load, normalize_path
from tokenlint.model import Confidence, Finding

THIS_WORKSPACE = _THIS_WORKSPACES[0]  # ${BITBUCKET_WORKSPACE}: the workspace a pipeline runs in
THIS_REPO = _THIS_REPOS[0]  # ${BITBUCKET_REPO_SLUG}
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
_ORIGIN = re.compile(
    r"^(?:(?:https?|ssh)://(?:[^@/\s]+@)?|[^@/\s]+@)(?:www\.)?bitbucket\.org(?::\d+)?[:/]"
    r"([A-Za-z0-9_-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$"
)
SPLIT_LIMIT = 5  # up to this many repositories, also spell out one repository token per repository


def show(text: str) -> str:
    """`${NAME}` as people write it in a recipe: `$NAME`."""
    return _VAR.sub(r"$\1", text)


def _resolved(text: str | None) -> bool:
    return bool(text) and "${" not in text


def _named(text: str | None, builtin: str) -> bool:
    """A literal name, or the Pipelines built-in for the one the pipeline runs in."""
    return _resolved(text) or text == builtin


@dataclass(eq=False)
class Use:
    """One API call or git operation made with a credential, and what it needs.

    `classic` / `granular` are `None` when the needs are unknown (a pipe, an endpoint that is
    not in the spec); `()` means the operation needs no scope of that system.
    """

    path: str
    fact: Any  # ApiCall | GitRemote
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
        return self.fact.fact == "git-remote"

    @property
    def pipe(self) -> bool:
        return not self.git and self.fact.tool.startswith("pipe ")

    @property
    def method(self) -> str:
        if self.git:
            return self.fact.tool
        return "pipe" if self.pipe else self.fact.method

    @property
    def endpoint(self) -> str:
        if self.git:
            return f"{self.fact.host}/{show(self.fact.workspace or '?')}/{show(self.fact.repo or '?')}.git"
        if self.pipe:
            return self.fact.tool.removeprefix("pipe ")
        return self.fact.template or show(normalize_path(self.fact.url))

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
        return _named(self.workspace, THIS_WORKSPACE) and _named(self.repo, THIS_REPO)


@dataclass
class Recommendation:
    """The least-privilege token for every call whose needs are known.

    `needs` maps each known use to the scopes it needs in the recommended type's system
    (classic for access tokens, granular for API tokens); `granted_by` maps each of those to
    the recipe scope that grants it (`repository` may be granted by `repository:write`).
    """

    type: str
    resource: str | None
    scopes: tuple[str, ...]
    granular_scopes: tuple[str, ...]
    needs: dict[Use, tuple[str, ...]] = field(default_factory=dict)
    reason: str = ""

    @property
    def granular(self) -> bool:
        return self.type == "api-token"

    @property
    def recipe(self) -> tuple[str, ...]:
        """The scopes to tick, in the recommended type's system."""
        return self.granular_scopes if self.granular else self.scopes

    def granted_by(self, scope: str) -> str:
        """The recipe scope that grants `scope`: itself, else the least powerful one implying it,
        preferring its own family (`repository` by `repository:write` over `pullrequest`)."""
        if scope in self.recipe:
            return scope
        family = scope.split(":")[0]
        holders = [r for r in self.recipe if scope in scopes.closure({r})]
        return min(holders, key=lambda r: (r.split(":")[0] != family, len(scopes.closure({r})), r), default=scope)


@dataclass
class CredentialUsage:
    """One credential (a variable name after flows.link, or a literal's fingerprint) across files."""

    key: str
    name: str
    literal: bool
    uses: list[Use] = field(default_factory=list)
    handovers: list[tuple[str, int]] = field(default_factory=list)  # steps passing it on under another name
    declaration: TokenDeclaration | None = None
    current: Current | None = None
    recommendation: Recommendation | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def variable(self) -> str | None:
        return None if self.literal else self.key.removeprefix("$")

    @property
    def fingerprint(self) -> str | None:
        return self.key if self.literal else None

    @property
    def where(self) -> list[tuple[str, int]]:
        return sorted({(u.path, u.line) for u in self.uses} | set(self.handovers))

    @property
    def known_uses(self) -> list[Use]:
        return [u for u in self.uses if u.known]

    @property
    def label(self) -> str:
        """The credential's type as people say it."""
        token_type, _ = self.type
        return TYPE_LABELS.get(token_type or "", "credential of unknown type")

    @property
    def type(self) -> tuple[str | None, Confidence]:
        """The credential's type and how sure that is (a declaration is certain)."""
        if self.current is None:
            return None, Confidence.LOW
        return self.current.type, self.current.confidence

    def related(self) -> Iterator[tuple[str, int, str]]:
        """Every use as a finding's related location (lazily: findings keep only the first few)."""
        return ((u.path, u.line, f"{u.describe} with {self.name}") for u in self.uses)


# --- uses ------------------------------------------------------------------------------------

def _workspace(text: str | None) -> str | None:
    return THIS_WORKSPACE if text in _THIS_WORKSPACES else text


def _api_use(path: str, call) -> Use | None:
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


def _git_use(path: str, remote) -> Use | None:
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


def use_of(path: str, fact) -> Use | None:
    """The use a usage fact records, or None when it is no credentialed Bitbucket Cloud call."""
    if getattr(fact, "commented", False) or not getattr(fact, "credential", None):
        return None
    if fact.fact == "api-call":
        return _api_use(path, fact)
    if fact.fact == "git-remote":
        return _git_use(path, fact)
    return None


def _key(fact) -> str:
    return fact.credential_fingerprint or fact.credential if fact.credential_literal else fact.credential


# --- what it should be -----------------------------------------------------------------------

def _choice(requirement: Requirement, granted: Iterable[str]) -> tuple[str, ...]:
    """The alternative of `requirement` that `granted` satisfies at least privilege."""
    have = scopes.closure(granted)
    fitting = [alt for alt in requirement if alt <= have] or list(requirement)
    if not fitting:
        return ()
    best = min(fitting, key=lambda alt: (len(scopes.closure(alt)), len(alt), sorted(alt)))
    return tuple(sorted(best))


def _cover(uses: list[Use], token_type: str) -> frozenset[str] | None:
    """Least-privileged classic scopes of `token_type` for `uses`; None if it cannot carry them."""
    carry = scopes.closure(scopes.TOKEN_TYPE_SCOPES[token_type])
    requirements = []
    for u in uses:
        alternatives = [alt for alt in u.classic if alt <= carry]
        if u.classic and not alternatives:
            return None
        requirements.append(alternatives)
    return scopes.minimal_cover(requirements)


def _granular_cover(uses: list[Use]) -> frozenset[str]:
    return scopes.minimal_cover(u.granular for u in uses if u.api_tokens)


def _recommendation(token_type: str, resource: str | None, uses: list[Use], classic: frozenset[str],
                    reason: str) -> Recommendation:
    granular = _granular_cover(uses)
    rec = Recommendation(token_type, resource, tuple(sorted(classic)), tuple(sorted(granular)), reason=reason)
    for u in uses:
        requirement = u.granular if rec.granular else u.classic
        rec.needs[u] = _choice(requirement, rec.recipe)
    return rec


def _api_token(uses: list[Use], reason: str, notes: list[str]) -> Recommendation:
    for u in uses:
        if not u.api_tokens:
            notes.append(f"{u.where}: {u.describe} is not offered to API tokens either; it needs an OAuth consumer")
    workspaces = sorted({show(u.workspace) for u in uses if u.workspace})
    reach = f" that can reach only {', '.join(workspaces)}" if workspaces else ""
    notes.append(f"an API token acts with all of its owner's access: create it on a dedicated account{reach}, "
                 "with an expiry (at most one year)")
    classic = scopes.minimal_cover(u.classic for u in uses)
    return _recommendation("api-token", None, uses, classic, reason)


def recommend(uses: list[Use], notes: list[str]) -> Recommendation | None:
    """The narrowest token type and resource that can make every call, with its scopes.

    Narrowest first: one repository -> repository access token; calls naming only one project
    -> project access token; one workspace -> workspace access token; anything an access token
    cannot do (API-token-only operations, several workspaces, scopes no access token carries)
    -> API token. `notes` receives what the admin should know besides.
    """
    known = [u for u in uses if u.known]
    if not known:
        return None
    api_only = [u for u in known if u.api_token_only]
    if api_only:
        rest = recommend([u for u in uses if not u.api_token_only], [])
        if rest is not None and rest.type != "api-token":
            notes.append(f"narrower: only {', '.join(u.where for u in api_only)} need an API token; the other calls "
                         f"can keep a {TYPE_LABELS[rest.type]} on {rest.resource} with {', '.join(rest.scopes)}")
        return _api_token(known, f"{api_only[0].where}: {api_only[0].describe} accepts API tokens only", notes)
    workspaces = sorted({u.workspace for u in uses if u.workspace})
    if THIS_WORKSPACE in workspaces and len(workspaces) == 2 and all(_named(w, THIS_WORKSPACE) for w in workspaces):
        workspaces.remove(THIS_WORKSPACE)
        notes.append(f"assumed $BITBUCKET_WORKSPACE is {workspaces[0]}, the only workspace the calls name")
    if len(workspaces) != 1:
        reason = (f"the calls reach {len(workspaces)} workspaces ({', '.join(map(show, workspaces))}); an access "
                  "token reaches one" if workspaces else "no call names a workspace, and an access token is bound to one")
        return _api_token(known, reason, notes)
    ws = workspaces[0]
    repos = sorted({u.repo for u in uses if u.workspace and u.one_repository})
    wide = [u for u in uses if u.workspace and not u.one_repository]
    projects = {u.project for u in wide}
    candidates = []
    if len(repos) == 1 and not wide:
        candidates.append(("repository-access-token", f"{ws}/{repos[0]}", "every call touches this one repository"))
    if not repos and wide and len(projects) == 1 and None not in projects:
        (key,) = projects
        candidates.append(("project-access-token", f"{ws}/{key}", f"every call stays in project {key}"))
    candidates.append(("workspace-access-token", ws, _wide_reason(ws, repos, wide)))
    for token_type, resource, reason in candidates:
        classic = _cover(known, token_type)
        if classic is not None:
            rec = _recommendation(token_type, show(resource), known, classic, reason)
            if token_type != "repository-access-token":
                notes.append(f"{token_type.replace('-', ' ')}s need the Bitbucket Premium plan")
                _split_note(uses, ws, repos, wide, notes)
            if wide and all(u.repo for u in wide):
                for u in wide:
                    notes.append(f"{u.where}: the repository is named by {show(u.repo)}, not known here; if it is "
                                 "always one repository, a repository access token would do")
            return rec
    uncarried = sorted(set().union(*(min(u.classic, key=len) for u in known if u.classic))
                       - scopes.TOKEN_TYPE_SCOPES["workspace-access-token"])
    return _api_token(known, f"the calls need {', '.join(uncarried)}, which no access token carries", notes)


def _wide_reason(ws: str, repos: list[str], wide: list[Use]) -> str:
    if wide:
        return f"{wide[0].where}: {wide[0].describe} reaches beyond one repository of {show(ws)}"
    return f"the calls touch {len(repos)} repositories of {show(ws)}: {', '.join(show(f'{ws}/{r}') for r in repos)}"


def _split_note(uses: list[Use], ws: str, repos: list[str], wide: list[Use], notes: list[str]) -> None:
    """Several known repositories and nothing wider: one repository token each is narrower still."""
    if wide or not 1 < len(repos) <= SPLIT_LIMIT:
        return
    parts = []
    for repo in repos:
        mine = [u for u in uses if u.repo == repo]
        cover = _cover([u for u in mine if u.known], "repository-access-token")
        if cover is None or not all(u.known for u in mine):
            return
        parts.append(f"{show(ws)}/{show(repo)}: {', '.join(sorted(cover)) or 'no scope'}")
    notes.append("narrower still: one repository access token per repository (" + "; ".join(parts) + ")")


# --- the analysis ----------------------------------------------------------------------------

def _resolve_this(use: Use, this_repository: str | None) -> None:
    if this_repository is None:
        return
    ws, repo = this_repository.split("/", 1)
    if use.workspace == THIS_WORKSPACE:
        use.workspace = ws
    if use.repo == THIS_REPO:
        use.repo = repo


def analyze(usage: Iterable[tuple[str, Any]], tokens: Iterable[TokenDeclaration] = (),
            this_repository: str | None = None) -> list[CredentialUsage]:
    """Group the usage facts of a scan (after flows.link) by credential and judge each group.

    `this_repository` ("WORKSPACE/REPO") names the repository the Pipelines built-ins stand for;
    without it they stay `$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG`. Declared tokens with no
    use are listed too (a token nothing uses can be revoked).
    """
    usage = list(usage)
    groups: dict[str, CredentialUsage] = {}
    for path, fact in usage:
        use = use_of(path, fact)
        if use is None:
            continue
        key = _key(fact)
        if key not in groups:
            groups[key] = CredentialUsage(key, fact.credential.removeprefix("$") if not fact.credential_literal
                                          else fact.credential, fact.credential_literal)
        _resolve_this(use, this_repository)
        groups[key].uses.append(use)
    for path, fact in usage:
        if fact.fact == "script-run":
            for outer in fact.renames.values():
                if f"${outer}" in groups:
                    groups[f"${outer}"].handovers.append((path, fact.line))
    for d in tokens:
        if d.key not in groups:
            groups[d.key] = CredentialUsage(d.key, d.variable or d.key, d.variable is None)
        groups[d.key].declaration = d
    out = sorted(groups.values(), key=lambda c: (c.literal, c.name.lower()))
    for cred in out:
        cred.uses.sort(key=lambda u: (u.path, u.line, u.column))
        cred.current = declared(cred.declaration) if cred.declaration else infer(cred.uses, cred.name, cred.literal)
        cred.recommendation = recommend(cred.uses, cred.notes)
        _usage_notes(cred, this_repository)
        _sending_notes(cred)
    return out


def _usage_notes(cred: CredentialUsage, this_repository: str | None) -> None:
    if not cred.uses:
        where = cred.declaration.where if cred.declaration else "config"
        cred.notes.append(f"declared at {where} but no use was found in the scanned files: if nothing else uses it, revoke it")
        return
    unknown = [u for u in cred.uses if not u.known]
    for u in unknown:
        cred.notes.append(f"{u.where}: not in this recipe: {u.note}")
    for u in cred.uses:
        if u.known and u.note:
            cred.notes.append(f"{u.where}: {u.note}")
        if u.git and u.fact.tool in ("git push", "git remote") and u.fact.this_repo:
            cred.notes.append(f"{u.where}: inside Pipelines, git reaches the repository the pipeline runs in "
                              "with no token (origin is already authenticated)")
    builtin = [u for u in cred.uses if u.fact.workspace in _THIS_WORKSPACES or u.fact.repo in _THIS_REPOS]
    if this_repository is not None and builtin:
        cred.notes.append(f"{THIS_REPOSITORY_SHOWN} resolved to {this_repository}, the origin remote of the scanned work tree")
    if this_repository is None and any(u.this_repository for u in cred.uses):
        cred.notes.append(f"{THIS_REPOSITORY_SHOWN} is the repository the pipeline runs in (not resolved: the "
                          "scanned folder is not a git work tree whose origin is on bitbucket.org)")


def _sending_notes(cred: CredentialUsage) -> None:
    """How the recommended token must be sent, where the code sends this credential otherwise."""
    rec = cred.recommendation
    if rec is None:
        return
    if cred.type[0] == "app-password":
        cred.notes.append("app passwords were removed on 2026-07-28: create the recommended token and store it "
                          f"in place of {cred.name}")
    if rec.type in ACCESS_TOKEN_TYPES:
        wrong = [u for u in rec.needs if (u.fact.auth != "bearer" if not u.git else u.fact.username != "x-token-auth")]
        how = "send it as `Authorization: Bearer` (Basic is rejected); git takes it with username x-token-auth"
    else:
        wrong = [u for u in rec.needs if not u.git and not (u.fact.auth == "basic" and u.fact.username_kind == "email")]
        how = ("send it as Basic with the owner's Atlassian account email as username; git takes it with "
               "username x-bitbucket-api-token-auth")
    if wrong:
        cred.notes.append(f"{how} ({', '.join(u.where for u in wrong)} must change)")


def this_repository(path: str | Path) -> str | None:
    """WORKSPACE/REPO of the origin remote when `path` is in a git work tree cloned from
    bitbucket.org. The remote is read as data (`git config --get`), never by running anything
    the repository's config names."""
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    root = gitutil.work_tree_root(folder)
    if root is None:
        return None
    out = gitutil.run_git(root, "config", "--get", "remote.origin.url", check=False)
    m = _ORIGIN.match(os.fsdecode(out.stdout.strip())) if out.returncode == 0 else None
    return f"{m.group(1)}/{m.group(2)}" if m else None


# --- judgements the scope rules share -----------------------------------------------------------

def used_scopes(granted: Iterable[str], requirements: Iterable[Requirement]) -> frozenset[str]:
    """The scopes the calls use of a grant: the alternative each satisfied requirement takes, and
    for a requirement the grant does not satisfy every granted scope it mentions (conservative:
    a scope that might matter is never called unused)."""
    used: set[str] = set()
    for requirement in requirements:
        if scopes.satisfies(granted, requirement):
            used |= set(_choice(requirement, granted))
        else:
            mentioned = set().union(*requirement)
            used |= {s for s in granted if scopes.closure({s}) & mentioned}
    return frozenset(used)


def cannot_carry(token_type: str, use: Use) -> bool:
    """Whether no scope set `token_type` can hold satisfies the call (its scopes are moot)."""
    if not use.known:
        return False
    if token_type == "api-token":
        return not use.api_tokens
    carry = scopes.closure(CARRIES[token_type])
    return bool(use.classic) and not any(alt <= carry for alt in use.classic)


def _outside(d: TokenDeclaration, use: Use) -> str | None:
    """How the call leaves the declared token's resource, when both sides are literal names."""
    r = d.resource
    if r is None or not _resolved(use.workspace):
        return None
    if use.workspace.lower() != r.workspace.lower():
        return f"{use.target} is outside workspace {r.workspace}, the one the token is bound to"
    if r.repo and use.one_repository and _resolved(use.repo) and use.repo.lower() != r.repo.lower():
        return f"it touches {use.target}, but the token is bound to {r}"
    if r.project and _resolved(use.project) and use.project.lower() != r.project.lower():
        return f"project {use.project} is outside {r}, the token's project"
    return None


def type_problems(cred: CredentialUsage, use: Use) -> list[str]:
    """Why the credential's type can never make this call, whatever scopes it is given."""
    token_type, _ = cred.type
    reasons = []
    if use.api_token_only:
        reasons.append(f"Bitbucket accepts only API tokens for {use.describe} (access tokens get 403)")
    elif token_type in ACCESS_FAMILY:
        carrier = token_type if token_type in ACCESS_TOKEN_TYPES else "workspace-access-token"
        if cannot_carry(carrier, use):
            need = min(use.classic, key=lambda alt: (len(alt), sorted(alt)))
            reasons.append(f"{use.endpoint} needs {', '.join(sorted(need))}, which a {carrier} cannot carry")
    d = cred.declaration
    if d is not None and d.type in ACCESS_TOKEN_TYPES:
        outside = _outside(d, use)
        if outside:
            reasons.append(outside)
    return reasons


def capped(finding: Finding, confidence: Confidence) -> Finding:
    """The finding at no more than `confidence` (an inferred type is only as sure as its evidence)."""
    return replace(finding, confidence=min(finding.confidence, confidence))


def for_checks(ctx) -> list[CredentialUsage]:
    """The analysis of a check run, computed once and shared by every check of that run."""
    if "recommend" not in ctx.cache:
        ctx.cache["recommend"] = analyze(ctx.usage, getattr(ctx.config, "tokens", ()))
    return ctx.cache["recommend"]
