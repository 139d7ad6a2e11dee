"""What a credential is, from a `tokens:` declaration or inferred from how the code uses it
(facts doc sections 1 and 2): the token shape, Bearer or Basic, the git username, the name. Every
inference says how sure it is, because the scope rules and `tokenlint suggest` trust it only
that far.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tokenlint.declarations import ACCESS_TOKEN_TYPES, TokenDeclaration
from tokenlint.facts import Evidence, GitRemote
from tokenlint.model import Confidence
from tokenlint.parsers.names import kind_from_name
from tokenlint.uses import Use

# Specific access-token types a variable name can suggest (weak evidence on its own).
_NAMED_TYPES = (
    (re.compile(r"workspace[_-]?(access[_-]?)?token", re.I), "workspace-access-token"),
    (re.compile(r"project[_-]?(access[_-]?)?token", re.I), "project-access-token"),
    (re.compile(r"repo(sitory)?[_-]?(access[_-]?)?token", re.I), "repository-access-token"),
)
ACCESS_FAMILY = (*ACCESS_TOKEN_TYPES, "access-token")
#: How messages and recipes name the declared and inferred types.
TYPE_LABELS: Mapping[str, str] = MappingProxyType({
    "repository-access-token": "repository access token", "project-access-token": "project access token",
    "workspace-access-token": "workspace access token", "api-token": "API token", "oauth-consumer": "OAuth consumer",
    "app-password": "app password", "access-token": "access token (repository, project or workspace)",
    "access-or-oauth-token": "access token or OAuth token", "password": "app password or account password",
    "oauth-token": "OAuth access token",
})


@dataclass(frozen=True)
class Current:
    """What the credential is, as far as is known: declared in config, or inferred from its use.
    `decided_by` names the evidence that decided an inferred type ("value shape", "username
    x-token-auth", "variable name", "comment", "pipe variable", …; tokenlint.facts.Evidence)."""

    type: str | None
    confidence: Confidence
    declared: bool
    evidence: tuple[str, ...] = ()
    resource: str | None = None
    scopes: tuple[str, ...] | None = None
    expires: str | None = None
    decided_by: str = ""


#: The credential type a fact's `credential_kind` stands for, in `tokens:` terms.
_KIND_TYPES: Mapping[str, str] = MappingProxyType({
    "app-password": "app-password", "api-token": "api-token", "access-token": "access-token",
    "oauth-access-token": "access-or-oauth-token", "password": "password", "oauth-consumer": "oauth-consumer",
})
# How sure each piece of file evidence (tokenlint.detectors.evidence) makes a type, for the
# evidence the hints below do not already read from the call itself.
_FILE_EVIDENCE: Mapping[str, Confidence] = MappingProxyType({
    Evidence.VALUE_SHAPE: Confidence.HIGH, Evidence.COMMENT: Confidence.MEDIUM,
    Evidence.PROMPT: Confidence.MEDIUM, Evidence.PLACEHOLDER: Confidence.MEDIUM,
    Evidence.LEGACY_SHAPE: Confidence.MEDIUM, Evidence.NO_TOKEN_SHAPE: Confidence.MEDIUM,
    Evidence.FILE_COMMENT: Confidence.LOW, Evidence.ENDPOINT: Confidence.LOW, Evidence.LOGIN_PAIR: Confidence.LOW,
})
_SAID: Mapping[str, str] = MappingProxyType({
    Evidence.VALUE_SHAPE: "its value in {where} has the {kind} shape",
    Evidence.COMMENT: "a comment next to it in {where} calls it {kind}",
    Evidence.PROMPT: "the prompt that reads it in {where} asks for {kind}",
    Evidence.PLACEHOLDER: "the placeholder standing in for it in {where} names {kind}",
    Evidence.LEGACY_SHAPE: "the literal in {where} has the legacy 20-character app password shape",
    Evidence.NO_TOKEN_SHAPE: "the literal in {where} has no token shape (a password)",
    Evidence.FILE_COMMENT: "comments in {where} name one credential type, {kind}",
    Evidence.ENDPOINT: "sent as Basic to an endpoint only API tokens can call ({where})",
    Evidence.LOGIN_PAIR: "a whole user:secret login in one variable, sent as Basic ({where})",
})

#: One hint: (type, confidence, reason, the evidence it is).
Hint = tuple[str, Confidence, str, str]


def _evidence(uses: Iterable[Use], name: str, literal: bool) -> list[Hint]:
    """(type, confidence, reason, evidence) for every hint the uses and the name give."""
    out: list[Hint] = []
    for u in uses:
        f = u.fact
        if f.credential_literal and f.credential_kind in ("app-password", "api-token", "access-token") \
                and f.credential_evidence != Evidence.PLACEHOLDER:  # a placeholder's words are no shape
            out.append((f.credential_kind, Confidence.HIGH, f"the literal has the {f.credential_kind} shape",
                        Evidence.VALUE_SHAPE))
        elif f.credential_evidence in _FILE_EVIDENCE and f.credential_kind in _KIND_TYPES:
            kind = f.credential_kind
            said = _SAID[f.credential_evidence].format(where=u.path, kind=kind)
            out.append((_KIND_TYPES[kind], _FILE_EVIDENCE[f.credential_evidence], said, f.credential_evidence))
        if f.username == "x-bitbucket-api-token-auth":
            out.append(("api-token", Confidence.HIGH, "git username x-bitbucket-api-token-auth",
                        Evidence.API_TOKEN_AUTH_USER))
        elif f.username == "x-token-auth":
            out.append(("access-or-oauth-token", Confidence.MEDIUM, "git username x-token-auth",
                        Evidence.TOKEN_AUTH_USER))
        if isinstance(f, GitRemote):
            if f.bearer_header:
                out.append(("access-or-oauth-token", Confidence.MEDIUM, "sent as Bearer (git http.extraHeader)",
                            "Bearer header"))
            if f.username and not f.username.startswith(("$", "x-")):
                out.append(("password", Confidence.LOW, f"git username {f.username} with a password",
                            Evidence.BASIC_USERNAME))
            continue
        if u.pipe and not f.credential_literal and f.credential_kind in ("app-password", "api-token", "access-token"):
            out.append((f.credential_kind, Confidence.MEDIUM,
                        f"passed to pipe {u.pipe_name} as its {f.credential_kind}", Evidence.PIPE_VARIABLE))
        elif f.auth == "bearer":
            out.append(("access-or-oauth-token", Confidence.MEDIUM, "sent as Bearer", "Bearer header"))
        elif f.auth == "basic" and f.username_kind == "email":
            if f.credential_kind == "password":  # an email with a password-named secret: the account password
                out.append(("password", Confidence.MEDIUM, "sent as Basic with an email address as username and "
                            "named as a password", Evidence.EMAIL_USERNAME))
            else:
                out.append(("api-token", Confidence.MEDIUM, "sent as Basic with an email address as username",
                            Evidence.EMAIL_USERNAME))
        elif f.auth == "basic" and f.username_kind == "user":
            out.append(("app-password", Confidence.MEDIUM, "sent as Basic with a Bitbucket username",
                        Evidence.BASIC_USERNAME))
        elif f.auth == "basic" and f.username_kind == "reference" and f.credential_evidence == Evidence.BASIC_USERNAME:
            # with a name that says password too, two hints agree
            sure = Confidence.MEDIUM if kind_from_name(u.credential.removeprefix("$")) == "password" else Confidence.LOW
            out.append(("password", sure, "sent as Basic with a username: an app password or account password",
                        Evidence.BASIC_USERNAME))
    if not literal:
        named = kind_from_name(name)
        specific = next((t for rx, t in _NAMED_TYPES if rx.search(name)), None)
        if specific or named in ("app-password", "api-token", "access-token", "password"):
            out.append((specific or named, Confidence.LOW, f"named {name}", Evidence.NAME))
        elif named == "oauth-access-token":  # `oauth_access_token`, an OAuth grant's answer (program_calls)
            out.append(("oauth-token", Confidence.LOW, f"named {name}", Evidence.NAME))
    return out

_FAMILY = {t: "access" for t in (*ACCESS_FAMILY, "access-or-oauth-token", "oauth-token")}


def infer(uses: Iterable[Use], name: str, literal: bool) -> Current:
    """The credential's type from its uses and name, with how sure that is.

    The strongest hint picks the family (app password, API token, access or OAuth token); a
    name may then narrow an access token to its kind (`WORKSPACE_TOKEN`), never widen or
    contradict the family. Hints of different families at the same strength lower the
    confidence by one step (someone pairs the credential wrongly somewhere).
    """
    evidence = _evidence(uses, name, literal)
    if not evidence:
        return Current(None, Confidence.LOW, declared=False)
    top = max(c for _, c, _, _ in evidence)
    strongest = [t for t, c, _, _ in evidence if c == top]
    families = {_FAMILY.get(t, t) for t in strongest}
    counts = Counter(strongest)  # first-seen order: ties go to the earliest hint, as before
    best = max(counts, key=lambda t: (counts[t], t in ACCESS_FAMILY))
    confidence = top if len(families) == 1 else Confidence(max(top - 1, Confidence.LOW))
    decided_by = next(e for t, c, _, e in evidence if c == top and t == best)
    if _FAMILY.get(best) == "access":
        narrower = [t for t, _, _, _ in evidence if t in ACCESS_FAMILY]
        specific = [t for t in narrower if t in ACCESS_TOKEN_TYPES]
        if specific:
            best = specific[0]
            confidence = min(confidence, Confidence.MEDIUM)
        elif narrower:
            best = "access-token"
        elif best == "access-or-oauth-token" and any(t == "oauth-token" for t, _, _, _ in evidence):
            best = "oauth-token"  # Bearer, and a name that says OAuth: not an access token
    return Current(best, confidence, declared=False, evidence=tuple(dict.fromkeys(r for _, _, r, _ in evidence)),
                   decided_by=str(decided_by))


def declared(d: TokenDeclaration) -> Current:
    """A declaration, as certain as it gets."""
    return Current(d.type, Confidence.HIGH, declared=True, resource=str(d.resource) if d.resource else None,
                   scopes=tuple(sorted(d.scopes)) if d.scopes is not None else None,
                   expires=d.expires.isoformat() if d.expires else None)
