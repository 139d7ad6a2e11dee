"""Tokens declared in config (`tokens:`): which credential a variable or fingerprint holds, what
it is bound to, which scopes it carries and when it expires.

The JSON Schema checks the shape; this module checks what a schema cannot say well: that a scope
exists, that the declared type can carry it, that the resource names the kind of thing the type
is bound to, that the expiry is a real date. Each error names the file, the key path and what
was expected, because a wrong declaration would otherwise turn into wrong findings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from tokenlint import scopes
from tokenlint.errors import ConfigError
from tokenlint.redact import show_value

ACCESS_TOKEN_TYPES = ("repository-access-token", "project-access-token", "workspace-access-token")

#: What each type may carry. OAuth consumers and (formerly) app passwords pick from the classic
#: scopes; the access-token and API-token sets are Atlassian's (see tokenlint.scopes).
CARRIES: Mapping[str, frozenset[str]] = {
    **scopes.TOKEN_TYPE_SCOPES,
    "oauth-consumer": scopes.CLASSIC_SCOPES,
    "app-password": scopes.CLASSIC_SCOPES,
}

# Bitbucket Cloud identifiers: workspace IDs and repository slugs are letters, digits, `-`, `_`
# (slugs also `.`); project keys start with a letter and hold letters, digits and `_`.
_WORKSPACE = r"[A-Za-z0-9_-]+"
_RESOURCE_FORMS: Mapping[str, tuple[re.Pattern[str], str]] = {
    "repository-access-token": (re.compile(rf"({_WORKSPACE})/([A-Za-z0-9_.-]+)"), "WORKSPACE/REPO (e.g. acme/app)"),
    "project-access-token": (re.compile(rf"({_WORKSPACE})/([A-Za-z][A-Za-z0-9_]*)"),
                             "WORKSPACE/PROJECT_KEY (e.g. acme/WEB)"),
    "workspace-access-token": (re.compile(rf"({_WORKSPACE})"), "WORKSPACE (e.g. acme)"),
    # An OAuth consumer belongs to a workspace; an API token or app password to a person, so a
    # resource there can only say which workspace the calls go to.
    "oauth-consumer": (re.compile(rf"({_WORKSPACE})"), "WORKSPACE (e.g. acme)"),
    "api-token": (re.compile(rf"({_WORKSPACE})"), "WORKSPACE (e.g. acme), or no resource at all"),
    "app-password": (re.compile(rf"({_WORKSPACE})"), "WORKSPACE (e.g. acme), or no resource at all"),
}


@dataclass(frozen=True)
class Resource:
    """What a token is bound to; `project` and `repo` exclude each other."""

    workspace: str
    project: str | None = None
    repo: str | None = None

    def __str__(self) -> str:
        return "/".join(p for p in (self.workspace, self.project or self.repo) if p)


@dataclass(frozen=True)
class TokenDeclaration:
    """One `tokens:` entry. `scopes` is None when the entry does not list them (unknown, not empty)."""

    type: str
    variable: str | None = None
    fingerprint: str | None = None
    resource: Resource | None = None
    scopes: frozenset[str] | None = None
    expires: date | None = None
    where: str = ""  # key path in the config, e.g. "tokens.0"; for one Bitbucket made: "Bitbucket ($NAME)"
    line: int = 0  # the entry's line in the config file (0: not known)
    # Made from Bitbucket's answer (`--inspect-env`): the config's declaration it stands in for, so
    # that a declaration disagreeing with reality can be reported where it is written.
    replaces: TokenDeclaration | None = None

    @property
    def key(self) -> str:
        """The credential identity the usage analysis groups by: `$NAME` or a fingerprint."""
        return f"${self.variable}" if self.variable else str(self.fingerprint)

    @property
    def granular(self) -> bool:
        """Whether the scopes are granular (API tokens) rather than classic."""
        return self.type == "api-token"


def _granular_twin(scope: str) -> str | None:
    """`repository:write` -> `write:repository:bitbucket`, when Atlassian names it so (a hint only)."""
    base, _, level = scope.partition(":")
    twin = f"{level or 'read'}:{base}:bitbucket"
    return twin if twin in scopes.GRANULAR_SCOPES else None


def _classic_twin(scope: str) -> str | None:
    level, base, _ = [*scope.split(":"), "", ""][:3]
    twin = base if level == "read" else f"{base}:{level}"
    return twin if twin in scopes.CLASSIC_SCOPES else None


def _scope_problem(name: str, token_type: str) -> str | None:
    """Why `token_type` cannot carry `name`, or None if it can."""
    if name in CARRIES[token_type]:
        return None
    if name in scopes.LEGACY_CLASSIC_SCOPES:
        return f"{name!r} is a deprecated classic scope that no current operation accepts"
    if name not in scopes.CLASSIC_SCOPES and name not in scopes.GRANULAR_SCOPES:
        known = sorted(scopes.CLASSIC_SCOPES | scopes.GRANULAR_SCOPES, key=lambda k: (len(k), k))
        close = [k for k in known if k.startswith(name)] or difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{show_value(name, 40)} is not a Bitbucket scope{hint}"
    if token_type == "api-token":
        twin = _granular_twin(name)
        hint = f" (e.g. {twin!r})" if twin else ""
        return f"{name!r} is a classic scope; an api-token carries granular scopes{hint}"
    if name in scopes.GRANULAR_SCOPES:
        twin = _classic_twin(name)
        hint = f" (e.g. {twin!r})" if twin else ""
        return f"{name!r} is a granular scope (API tokens); a {token_type} carries classic scopes{hint}"
    return f"a {token_type} cannot carry {name!r} (it can carry: {', '.join(sorted(CARRIES[token_type]))})"


def _resource(text: str, token_type: str) -> Resource | str:
    """The parsed resource, or what was expected instead."""
    pattern, expected = _RESOURCE_FORMS[token_type]
    m = pattern.fullmatch(text.strip())
    if not m:
        return f"{show_value(text)} does not name what a {token_type} is bound to (expected {expected})"
    if token_type == "repository-access-token":
        return Resource(m.group(1), repo=m.group(2))
    if token_type == "project-access-token":
        return Resource(m.group(1), project=m.group(2))
    return Resource(m.group(1))


def _expiry(text: str) -> date | str:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return f"{show_value(text)} is not a date (expected YYYY-MM-DD, e.g. 2027-03-01)"


def parse(entries: Iterable[Mapping[str, Any]], path: Path | str) -> list[TokenDeclaration]:
    """Typed declarations from schema-valid `tokens:` entries; the first problem is a ConfigError."""

    def fail(where: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: invalid config at {where}: {problem}")

    out: list[TokenDeclaration] = []
    seen: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = f"tokens.{i}"
        token_type = entry["type"]
        ids = [k for k in ("variable", "fingerprint") if k in entry]
        if len(ids) != 1:
            found = "neither" if not ids else "both"
            raise fail(where, f"give exactly one of 'variable' (the name that holds the token) or "
                              f"'fingerprint' (as printed in reports); found {found}")
        resource: Resource | None = None
        if "resource" in entry:
            named = _resource(entry["resource"], token_type)
            if isinstance(named, str):
                raise fail(f"{where}.resource", named)
            resource = named
        granted = None
        if "scopes" in entry:
            for j, name in enumerate(entry["scopes"]):
                problem = _scope_problem(name, token_type)
                if problem:
                    raise fail(f"{where}.scopes.{j}", problem)
            granted = frozenset(entry["scopes"])
        expires: date | None = None
        if "expires" in entry:
            day = _expiry(entry["expires"])
            if isinstance(day, str):
                raise fail(f"{where}.expires", day)
            expires = day
        declaration = TokenDeclaration(
            type=token_type, variable=entry["variable"].removeprefix("$") if "variable" in entry else None,
            fingerprint=entry.get("fingerprint"), resource=resource, scopes=granted, expires=expires, where=where,
        )
        if declaration.key in seen:
            raise fail(where, f"{declaration.key.removeprefix('$')} is already declared at {seen[declaration.key]}")
        seen[declaration.key] = where
        out.append(declaration)
    return out


def disagreement(declared: TokenDeclaration | None, real: TokenDeclaration | None) -> str:
    """How the config's declaration differs from the one Bitbucket's answer makes ("" when it
    does not, or either is missing): the type, else the scopes (when both list them), else the
    resource (when both name one)."""
    if declared is None or real is None:
        return ""
    if declared.type != real.type:
        return f"declared as {declared.type} at {declared.where}, but Bitbucket says {real.type}"
    if declared.scopes is not None and real.scopes is not None and declared.scopes != real.scopes:
        wider = sorted(real.scopes - declared.scopes)
        narrower = sorted(declared.scopes - real.scopes)
        parts = ([f"it also has {', '.join(wider)}"] if wider else []) + \
                ([f"it lacks {', '.join(narrower)}"] if narrower else [])
        return f"scopes declared at {declared.where} differ from what Bitbucket says: {'; '.join(parts)}"
    if declared.resource is not None and real.resource is not None and declared.resource != real.resource:
        return f"resource declared at {declared.where} is {declared.resource}, but Bitbucket says {real.resource}"
    return ""


def learn(declared: Iterable[TokenDeclaration], learnt: Iterable[TokenDeclaration]) -> list[TokenDeclaration]:
    """The config's declarations with Bitbucket's answers (`learnt`, one per variable) in place of
    the entries for the same variables. A learnt declaration keeps the config's entry in
    `replaces`; it takes the declared resource when it learnt none and the types agree (a token's
    binding is not always learnable)."""
    real = {d.variable: d for d in learnt if d.variable}
    said = {d.variable: d for d in declared if d.variable in real}
    kept = [d for d in declared if d.variable not in real]
    made = []
    for name, d in real.items():
        old = said.get(name)
        resource = d.resource or (old.resource if old is not None and old.type == d.type else None)
        made.append(replace(d, where=f"Bitbucket (${name})", resource=resource, replaces=old))
    return kept + made
