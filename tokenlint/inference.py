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
from tokenlint.detectors.calls import kind_from_name
from tokenlint.facts import GitRemote
from tokenlint.model import Confidence
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
})


@dataclass(frozen=True)
class Current:
    """What the credential is, as far as is known: declared in config, or inferred from its use."""

    type: str | None
    confidence: Confidence
    declared: bool
    evidence: tuple[str, ...] = ()
    resource: str | None = None
    scopes: tuple[str, ...] | None = None
    expires: str | None = None


def _evidence(uses: Iterable[Use], name: str, literal: bool) -> list[tuple[str, Confidence, str]]:
    """(type, confidence, reason) for every hint the uses and the name give."""
    out: list[tuple[str, Confidence, str]] = []
    for u in uses:
        f = u.fact
        if f.credential_literal and f.credential_kind in ("app-password", "api-token", "access-token"):
            out.append((f.credential_kind, Confidence.HIGH, f"the literal has the {f.credential_kind} shape"))
        if f.username == "x-bitbucket-api-token-auth":
            out.append(("api-token", Confidence.HIGH, "git username x-bitbucket-api-token-auth"))
        elif f.username == "x-token-auth":
            out.append(("access-or-oauth-token", Confidence.MEDIUM, "git username x-token-auth"))
        if isinstance(f, GitRemote):
            if f.username and not f.username.startswith(("$", "x-")):
                out.append(("password", Confidence.LOW, f"git username {f.username} with a password"))
            continue
        if u.pipe and not f.credential_literal and f.credential_kind in ("app-password", "api-token", "access-token"):
            out.append((f.credential_kind, Confidence.MEDIUM,
                        f"passed to pipe {u.pipe_name} as its {f.credential_kind}"))
        elif f.auth == "bearer":
            out.append(("access-or-oauth-token", Confidence.MEDIUM, "sent as Bearer"))
        elif f.auth == "basic" and f.username_kind == "email":
            out.append(("api-token", Confidence.MEDIUM, "sent as Basic with an email address as username"))
        elif f.auth == "basic" and f.username_kind == "user":
            out.append(("app-password", Confidence.MEDIUM, "sent as Basic with a Bitbucket username"))
    if not literal:
        named = kind_from_name(name)
        specific = next((t for rx, t in _NAMED_TYPES if rx.search(name)), None)
        if specific or named in ("app-password", "api-token", "access-token", "password"):
            out.append((specific or named, Confidence.LOW, f"named {name}"))
    return out


_FAMILY = {t: "access" for t in (*ACCESS_FAMILY, "access-or-oauth-token")}


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
    top = max(c for _, c, _ in evidence)
    strongest = [t for t, c, _ in evidence if c == top]
    families = {_FAMILY.get(t, t) for t in strongest}
    counts = Counter(strongest)  # first-seen order: ties go to the earliest hint, as before
    best = max(counts, key=lambda t: (counts[t], t in ACCESS_FAMILY))
    confidence = top if len(families) == 1 else Confidence(max(top - 1, Confidence.LOW))
    if _FAMILY.get(best) == "access":
        narrower = [t for t, _, _ in evidence if t in ACCESS_FAMILY]
        specific = [t for t in narrower if t in ACCESS_TOKEN_TYPES]
        if specific:
            best = specific[0]
            confidence = min(confidence, Confidence.MEDIUM)
        elif narrower:
            best = "access-token"
    return Current(best, confidence, declared=False, evidence=tuple(dict.fromkeys(r for _, _, r in evidence)))


def declared(d: TokenDeclaration) -> Current:
    """A declaration, as certain as it gets."""
    return Current(d.type, Confidence.HIGH, declared=True, resource=str(d.resource) if d.resource else None,
                   scopes=tuple(sorted(d.scopes)) if d.scopes is not None else None,
                   expires=d.expires.isoformat() if d.expires else None)
