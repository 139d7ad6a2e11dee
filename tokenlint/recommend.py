"""Per credential: the calls that use it across files, what each call needs, what the credential
is (declared or inferred), and the least-privilege token that would make every call.

The scope rules (tokenlint/checks/) and `tokenlint suggest` both read this one analysis, so a
rule can never call a scope unneeded that the recipe asks for. Nothing is guessed: a call whose
endpoint is unknown has unknown needs and stays out of the recipe (and is said to), a
repository named by an unresolved variable is not assumed to be any particular one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, cast

from tokenlint import scopes
from tokenlint.declarations import ACCESS_TOKEN_TYPES, CARRIES, TokenDeclaration
from tokenlint.facts import ApiCall, Fact, GitRemote, ScriptRun
from tokenlint.inference import ACCESS_FAMILY, TYPE_LABELS, Current, declared, infer
from tokenlint.model import Confidence, Finding
from tokenlint.recipes import Recommendation, recommend, used_scopes
from tokenlint.uses import (
    GIT_ACCESS,
    GIT_SCOPES,
    THIS_REPO,
    THIS_REPOS,
    THIS_REPOSITORY_SHOWN,
    THIS_WORKSPACE,
    THIS_WORKSPACES,
    Use,
    credential_key,
    resolved,
    show,
    use_of,
    uses_of,
)

__all__ = [  # names the scope rules, reporters and tests reach through this module
    "ACCESS_FAMILY", "GIT_ACCESS", "GIT_SCOPES", "THIS_REPO", "THIS_WORKSPACE", "CredentialUsage", "PipeAdvice",
    "Recommendation",
    "Use", "analyze", "cannot_carry", "capped", "for_checks", "recommend", "show", "type_problems", "use_of",
    "used_scopes",
]


NOT_JUDGED = Current(None, Confidence.LOW, declared=False)  # what a credential is before `analyze` judges it


@dataclass(frozen=True)
class PipeAdvice:
    """How a pipe step should take the recommended token, from tokenlint's pipes table."""

    path: str
    line: int  # the `pipe:` line
    pipe: str  # as the step names it
    given: str  # the pipe variable that carries the credential today
    variable: str | None  # the pipe variable that takes the recommended token (None: the table knows none)
    replaces: tuple[str, ...]  # the variables to drop for it
    scopes: tuple[str, ...]  # what the table says the pipe needs
    granular_scopes: tuple[str, ...]
    confidence: Confidence
    move_to: str | None = None  # the version the step must move to first


@dataclass
class CredentialUsage:
    """One credential (a variable name after flows.link, or a literal's fingerprint) across files."""

    key: str
    name: str
    literal: bool
    uses: list[Use] = field(default_factory=list)
    handovers: list[tuple[str, int]] = field(default_factory=list)  # steps passing it on under another name
    declaration: TokenDeclaration | None = None
    current: Current = NOT_JUDGED  # set by analyze
    recommendation: Recommendation | None = None
    notes: list[str] = field(default_factory=list)
    pipes: list[PipeAdvice] = field(default_factory=list)  # how to hand the recommended token to each pipe

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
        return self.current.type, self.current.confidence

    def related(self) -> Iterator[tuple[str, int, str]]:
        """Every use as a finding's related location (lazily: findings keep only the first few)."""
        return ((u.path, u.line, f"{u.describe} with {self.name}") for u in self.uses)


def _resolve_this(use: Use, this_repository: str | None) -> None:
    if this_repository is None:
        return
    ws, repo = this_repository.split("/", 1)
    if use.workspace == THIS_WORKSPACE:
        use.workspace = ws
    if use.repo == THIS_REPO:
        use.repo = repo


def analyze(usage: Iterable[tuple[str, Fact]], tokens: Iterable[TokenDeclaration] = (),
            this_repository: str | None = None) -> list[CredentialUsage]:
    """Group the usage facts of a scan (after flows.link) by credential and judge each group.

    `this_repository` ("WORKSPACE/REPO") names the repository the Pipelines built-ins stand for;
    without it they stay `$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG`. Declared tokens with no
    use are listed too (a token nothing uses can be revoked).
    """
    usage = list(usage)
    groups: dict[str, CredentialUsage] = {}
    for path, fact in usage:
        for use in uses_of(path, fact):
            key = credential_key(use)
            if key not in groups:
                literal = use.fact.credential_literal
                groups[key] = CredentialUsage(key, use.credential if literal else use.credential.removeprefix("$"),
                                              literal)
            _resolve_this(use, this_repository)
            groups[key].uses.append(use)
    for path, fact in usage:
        if isinstance(fact, ScriptRun):
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
        _pipe_advice(cred)
        _sending_notes(cred)
        _real_notes(cred)
        cred.notes = list(dict.fromkeys(cred.notes))  # the calls of one pipe share their notes
    return out


_TOKEN_LABEL = {"access-token": "access token", "api-token": "API token"}


def _pipe_advice(cred: CredentialUsage) -> None:
    """Per pipe step the credential is handed to: the variable that takes the recommended token."""
    from tokenlint import pipes  # loaded only when a credential reaches a known pipe

    rec = cred.recommendation
    wanted = "api-token" if rec is not None and rec.type == "api-token" else "access-token"
    seen: set[tuple[str, int]] = set()
    for u in cred.uses:
        step = u.step
        entry = pipes.load().entries.get(step.name) if step is not None else None
        if step is None or entry is None or (u.path, step.line) in seen:
            continue
        seen.add((u.path, step.line))
        kinds = entry.token_carries
        kind = wanted if wanted in kinds else (kinds[0] if kinds else wanted)
        carriers = entry.carrying(kind)
        variable = carriers[0] if carriers else None
        support = pipes.token_support(entry, step.version, step.given)
        sure = min(entry.sure("variables"), support.confidence if support else Confidence.HIGH)
        pair = (step.variable, pipes.partner(entry, step.variable))
        replaces = tuple(v for v in pair if v and v in step.given and v != variable) if variable else ()
        advice = PipeAdvice(u.path, step.line, step.reference, step.variable, variable, replaces, entry.scopes,
                            entry.granular_scopes, sure, support.move_to if support else None)
        cred.pipes.append(advice)
        where = f"{u.path}:{step.line}"
        label = _TOKEN_LABEL[kind]
        if variable is None:
            hint = (" (pipes on bitbucket-pipes-toolkit 3.3.0 or later also read BITBUCKET_ACCESS_TOKEN; "
                    "not confirmed for this one)" if entry.toolkit_pair else "")
            cred.notes.append(f"{where}: tokenlint's pipes table knows no variable through which pipe {step.reference} "
                              f"takes an {label}{hint}; {support.fix if support else 'check its documentation'}")
            continue
        if variable == step.variable and not replaces and support is None:
            continue  # already handed over the way the pipe takes a token
        first = f"move to {advice.move_to} or later, then " if advice.move_to else ""
        instead = f" instead of {', '.join(replaces)}" if replaces else ""
        needs = ", ".join(entry.scopes) or "no scope"
        cred.notes.append(f"{where}: {first}pass the {label} to pipe {step.reference} as {variable}{instead} "
                          f"(tokenlint's pipes table: the pipe needs {needs}; {sure} confidence)")


def _usage_notes(cred: CredentialUsage, this_repository: str | None) -> None:
    if not cred.uses:
        where = cred.declaration.where if cred.declaration else "config"
        cred.notes.append(f"declared at {where} but no use was found in the scanned files: if nothing else uses it, "
                          "revoke it")
        return
    unknown = [u for u in cred.uses if not u.known]
    for u in unknown:
        cred.notes.append(f"{u.where}: not in this recipe: {u.note}")
    for u in cred.uses:
        if u.known and u.note:
            cred.notes.append(f"{u.where}: {u.note}")
        if isinstance(u.fact, GitRemote) and u.fact.tool in ("git push", "git remote") and u.fact.this_repo:
            cred.notes.append(f"{u.where}: inside Pipelines, git reaches the repository the pipeline runs in "
                              "with no token (origin is already authenticated)")
    builtin = [u for u in cred.uses if u.fact.workspace in THIS_WORKSPACES or u.fact.repo in THIS_REPOS]
    if this_repository is not None and builtin:
        cred.notes.append(f"{THIS_REPOSITORY_SHOWN} resolved to {this_repository}, the origin remote of the scanned "
                          "work tree")
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
        wrong = [u for u in rec.needs if not u.pipe  # a pipe sends what it is given its own way
                 and (u.fact.username != "x-token-auth" and not _bearer_header(u.fact) if isinstance(u.fact, GitRemote)
                      else u.fact.auth != "bearer")]
        how = "send it as `Authorization: Bearer` (Basic is rejected); git takes it with username x-token-auth"
    else:
        wrong = [u for u in rec.needs if not u.pipe
                 and isinstance(u.fact, ApiCall) and not (u.fact.auth == "basic" and u.fact.username_kind == "email")]
        how = ("send it as Basic with the owner's Atlassian account email as username; git takes it with "
               "username x-bitbucket-api-token-auth")
    if wrong:
        cred.notes.append(f"{how} ({', '.join(u.where for u in wrong)} must change)")

def _real_notes(cred: CredentialUsage) -> None:
    """What Bitbucket said of the token (`--inspect-env`: a declaration it made) against the
    recipe: its type, the scopes it lacks or has beyond the calls' needs, and its resource."""
    real, rec = cred.declaration, cred.recommendation
    if real is None or not real.where.startswith("Bitbucket") or rec is None:
        return
    label = TYPE_LABELS.get(real.type, real.type)
    on = f" on {real.resource}" if real.resource else ""
    has = f" with {', '.join(sorted(real.scopes)) or 'no scope'}" if real.scopes is not None else ""
    cred.notes.append(f"Bitbucket says {cred.key} is a {label}{on}{has}")
    if real.type != rec.type:
        where = f" on {rec.resource}" if rec.resource else ""
        cred.notes.append(f"the recipe is a {TYPE_LABELS.get(rec.type, rec.type)}{where}, not the {label} it is: "
                          "create the recipe's token and revoke this one")
    elif real.resource is not None and rec.resource and str(real.resource).lower() != rec.resource.lower():
        cred.notes.append(f"it is bound to {real.resource}; the calls need {rec.resource}")
    if real.scopes is None or (real.type == "api-token") != rec.granular:
        return
    want = rec.granular_scopes if rec.granular else rec.scopes
    lacking = sorted(s for s in want if s not in scopes.closure(real.scopes))
    beyond = sorted(s for s in real.scopes if s not in scopes.closure(want))
    if lacking:
        cred.notes.append(f"it lacks {', '.join(lacking)}, which the calls need (Bitbucket answers them with 403)")
    if beyond:
        cred.notes.append(f"it has {', '.join(beyond)} beyond what the calls need: a token with the recipe's scopes "
                          "would do")
    if not lacking and not beyond:
        cred.notes.append("its scopes are the recipe's")


def _bearer_header(remote: GitRemote) -> bool:
    """git sends the credential itself as a header (`http.extraHeader: Authorization: Bearer …`)."""
    return remote.bearer_header


# --- judgements the scope rules share -----------------------------------------------------------

def cannot_carry(token_type: str, use: Use) -> bool:
    """Whether no scope set `token_type` can hold satisfies the call (its scopes are moot)."""
    if not use.known:
        return False
    if token_type == "api-token":
        return not use.api_tokens
    carry = scopes.closure(CARRIES[token_type])
    classic = use.classic or ()
    return bool(classic) and not any(alt <= carry for alt in classic)


def _outside(d: TokenDeclaration, use: Use) -> str | None:
    """How the call leaves the declared token's resource, when both sides are literal names."""
    r = d.resource
    if r is None or not resolved(use.workspace):
        return None
    if use.workspace.lower() != r.workspace.lower():
        return f"{use.target} is outside workspace {r.workspace}, the one the token is bound to"
    if r.repo and use.one_repository and resolved(use.repo) and use.repo.lower() != r.repo.lower():
        return f"it touches {use.target}, but the token is bound to {r}"
    if r.project and resolved(use.project) and use.project.lower() != r.project.lower():
        return f"project {use.project} is outside {r}, the token's project"
    return None


def type_problems(cred: CredentialUsage, use: Use) -> list[str]:
    """Why the credential's type can never make this call, whatever scopes it is given."""
    token_type, _ = cred.type
    reasons: list[str] = []
    if use.api_token_only:
        reasons.append(f"Bitbucket accepts only API tokens for {use.describe} (access tokens get 403)")
    elif token_type in ACCESS_FAMILY:
        carrier = token_type if token_type in ACCESS_TOKEN_TYPES else "workspace-access-token"
        if cannot_carry(carrier, use) and use.classic:  # it cannot without a classic requirement
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


class CheckRun(Protocol):
    """What `for_checks` reads of a check's context (tokenlint.checks.Context, which sits above
    this module and so is not imported here)."""

    @property
    def usage(self) -> Sequence[tuple[str, Fact]]: ...
    @property
    def config(self) -> object: ...
    @property
    def cache(self) -> dict[str, object]: ...


def for_checks(ctx: CheckRun) -> list[CredentialUsage]:
    """The analysis of a check run, computed once and shared by every check of that run."""
    if "recommend" not in ctx.cache:
        ctx.cache["recommend"] = analyze(ctx.usage, getattr(ctx.config, "tokens", ()))
    return cast("list[CredentialUsage]", ctx.cache["recommend"])  # stored just above, by this function only
