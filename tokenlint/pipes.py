"""What Bitbucket Pipelines pipes do with the credentials a step hands them.

The knowledge comes from ``tokenlint/data/pipes.json``, generated from the gathered table
``scripts/pipes.yaml`` by ``python scripts/generate_pipes.py``: per pipe, which ``variables:``
carry which credential, the API operations it makes and the scopes they need, from which
version it accepts a token, and how sure each part is. Nothing here is typed by hand.

The table is read once, lazily, on the first pipe that needs it (pre-commit start-up pays
nothing for files without pipes). Its confidence travels with every answer: a low-confidence
row is a hint, and what is derived from it is reported at low confidence.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Plain dataclasses, not frozen ones: a frozen class costs several times as much to create, and
# this module is imported on the first pipe a pre-commit run meets. Nothing here is mutated.
from importlib import resources
from types import MappingProxyType
from typing import Any

from tokenlint.model import Confidence

#: What a table variable carries that is a secret (the rest carry a username or an OAuth key).
SECRET_CARRIES = ("app-password", "access-token", "api-token", "oauth-secret")
#: The token kinds a step could move to.
TOKEN_CARRIES = ("access-token", "api-token")
_HTTP = ("GET", "POST", "PUT", "DELETE", "PATCH")
_CONFIDENCE = {"high": Confidence.HIGH, "medium": Confidence.MEDIUM, "low": Confidence.LOW, "none": Confidence.LOW}
_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)$")


@dataclass
class PipeOperation:
    """One operation a pipe makes: an HTTP call (`/2.0/…` path or full URL) or a git push."""

    method: str
    path: str
    when: str | None = None  # a condition over the pipe's variables (`WAIT`, `GIT_PUSH != 'false'`)
    via: str | None = None  # "proxy": made through the Pipelines proxy, with no credential
    confirmed: bool = True

    @property
    def http(self) -> bool:
        return self.method in _HTTP


@dataclass
class PipeEntry:
    """One row of the table."""

    name: str
    auth: str  # credentials | credentials-or-proxy | pipelines-proxy | none
    variables: Mapping[str, str]  # variable -> what it carries
    operations: tuple[PipeOperation, ...]
    scopes: tuple[str, ...]
    granular_scopes: tuple[str, ...]
    access_token_since: str | None
    api_token_since: str | None
    observed: Mapping[str, str]  # token kind -> a version seen taking it (from the row's version_notes)
    confidence: Mapping[str, str]
    notes: str = ""
    sources: tuple[str, ...] = ()

    def sure(self, *aspects: str) -> Confidence:
        """How sure the row is about the first of `aspects` it rates (LOW when it rates none)."""
        for aspect in aspects:
            if aspect in self.confidence:
                return _CONFIDENCE.get(str(self.confidence[aspect]), Confidence.LOW)
        return Confidence.LOW

    def carrying(self, carries: str) -> list[str]:
        """The variables that carry `carries`, in the table's order."""
        return [name for name, what in self.variables.items() if what == carries]

    def since(self, carries: str) -> str | None:
        return self.access_token_since if carries == "access-token" else self.api_token_since

    @property
    def token_carries(self) -> list[str]:
        """The token kinds some variable of the pipe takes."""
        return [kind for kind in TOKEN_CARRIES if self.carrying(kind)]

    @property
    def toolkit_pair(self) -> bool:
        """Whether the pipe reads the app-password pair under the bitbucket-pipes-toolkit's names:
        newer toolkits read BITBUCKET_ACCESS_TOKEN under the same check (table header)."""
        return self.name.startswith("atlassian/") and {"BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"} <= set(
            self.variables)


@dataclass
class Table:
    entries: Mapping[str, PipeEntry]
    resolver: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # toolkit version -> order

    @functools.cached_property
    def by_bare(self) -> dict[str, PipeEntry]:
        """The rows by lower-case name without `docker://`, as references are matched."""
        return {_bare(key): entry for key, entry in self.entries.items()}

    def pairs(self) -> list[tuple[str, ...]]:
        """Credential variable groups the toolkit reads together (username with its secret)."""
        out: list[tuple[str, ...]] = []
        for order in self.resolver.values():
            out.extend(group for group in order if group not in out)
        return out


def partner(entry: PipeEntry, key: str) -> str | None:
    """The variable holding the username (or OAuth key) that goes with secret variable `key`: its
    toolkit pair, else the pipe's one username variable."""
    for group in load().pairs():
        if key in group and len(group) > 1:
            return next(v for v in group if v != key)
    users = [v for v, what in entry.variables.items() if what in ("username", "oauth-key")]
    return users[0] if len(users) == 1 and entry.variables.get(key) != "access-token" else None


def _entry(name: str, row: Mapping[str, Any]) -> PipeEntry:
    variables = {str(k): str((v or {}).get("carries", "")) for k, v in (row.get("variables") or {}).items()}
    operations = tuple(PipeOperation(str(c.get("method", "")).upper(), str(c.get("path", "")), c.get("when"),
                                     c.get("via"), bool(c.get("confirmed", True))) for c in row.get("calls") or [])
    observed = (row.get("observed_token_versions") or {}).get("versions") or {}
    return PipeEntry(
        name=name, auth=str(row.get("auth", "")), variables=MappingProxyType(variables), operations=operations,
        scopes=tuple(row.get("scopes") or ()), granular_scopes=tuple(row.get("granular_scopes") or ()),
        access_token_since=row.get("access_token_since"), api_token_since=row.get("api_token_since"),
        observed=MappingProxyType(dict(observed)), confidence=MappingProxyType(dict(row.get("confidence") or {})),
        notes=str(row.get("notes") or ""), sources=tuple(row.get("sources") or ()),
    )


def read_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("tokenlint.data").joinpath("pipes.json").read_text("utf-8"))
    return data


@functools.cache
def load() -> Table:
    """The table, read once per process."""
    data = read_data()
    entries = {name: _entry(name, row) for name, row in data["pipes"].items()}
    resolver = {version: tuple(tuple(group) for group in spec.get("order", []))
                for version, spec in data.get("toolkit_resolver", {}).items()}
    return Table(MappingProxyType(entries), MappingProxyType(resolver))


def split_reference(reference: str) -> tuple[str, str]:
    """`atlassian/x:1.2.3` -> (`atlassian/x`, `1.2.3`); a digest pin (`@sha256:…`) has no version."""
    ref = reference.strip().split("@", 1)[0]
    head, sep, tag = ref.rpartition(":")
    if sep and "/" not in tag and not head.endswith(("docker", "https", "http")):
        return head, tag
    return ref, ""


def _bare(name: str) -> str:
    return name.lower().removeprefix("docker://")


def lookup(reference: str) -> tuple[PipeEntry, str] | None:
    """The table row a `pipe:` reference names, and the version it pins ('' when none or a name)."""
    table = load()
    entries = table.entries
    name, version = split_reference(reference)
    wanted = [_bare(reference.split("@", 1)[0]), _bare(name)]
    by_bare = table.by_bare
    for candidate in wanted:
        if candidate in by_bare:
            return by_bare[candidate], version if candidate == _bare(name) else ""
    for key, entry in entries.items():
        if "*" in key and fnmatch.fnmatchcase(_bare(name), _bare(key)):
            return entry, version
    return None


def parse_version(text: str) -> tuple[int, ...] | None:
    m = _VERSION.match(text.strip())
    return tuple(int(part) for part in m.group(1).split(".")) if m else None


def older(version: str, than: str) -> bool:
    """Whether the pin `version` is older than `than`. A partial pin floats (`5` is the newest 5.x),
    so it is older only when its own parts are: `0` is not older than 0.5.0, `4` is older than 5.2.0."""
    v, t = parse_version(version), parse_version(than)
    if v is None or t is None:
        return False
    return v < t[:len(v)]


@dataclass
class TokenSupport:
    """Why a pinned pipe takes no token, what to do, and how sure the table is."""

    reason: str
    fix: str
    confidence: Confidence
    move_to: str | None = None  # the version to move to, when one is known


def token_support(entry: PipeEntry, version: str, given: tuple[str, ...] = ()) -> TokenSupport | None:
    """None when the pinned version takes a token (or the table cannot tell); else why not.

    Three cases, from the table: the row lists no variable for any token (no version known to take
    one); the pin is older than `access_token_since`/`api_token_since`; the pin is older than the
    version the row's notes first saw taking one (a hint: low confidence).
    """
    kinds = entry.token_carries
    old = [v for v in given if entry.variables.get(v) == "app-password"]
    old += [user for v in old if (user := partner(entry, v)) and user in given and user not in old]
    if not kinds:
        listed = "it reads only " + ", ".join(entry.variables)
        sure = entry.sure("variables")
        if entry.toolkit_pair:
            sure = Confidence.LOW  # a newer version on a newer toolkit may read BITBUCKET_ACCESS_TOKEN
        if entry.auth == "credentials-or-proxy":
            return TokenSupport(f"takes no token in any version tokenlint's pipes table knows ({listed})",
                                "it also works through the Pipelines proxy with no credential: drop "
                                f"{', '.join(v for v in given if v in entry.variables) or 'them'}", sure)
        return TokenSupport(f"takes no token in any version tokenlint's pipes table knows ({listed})",
                            "app passwords were removed on 2026-07-28: use a newer version that takes an access "
                            "token, or make its calls yourself with one", sure)
    if not version:
        return None
    best: TokenSupport | None = None
    for kind in kinds:
        variable = entry.carrying(kind)[0]
        since = entry.since(kind)
        if since is not None:
            if not older(version, since):
                return None  # this kind is taken by the pinned version
            candidate = TokenSupport(
                f"takes no {kind.replace('-', ' ')} before {since} ({variable}; tokenlint's pipes table)",
                f"move to {since} or later, then pass the token as {variable}"
                + (f" instead of {', '.join(old)}" if old else ""),
                entry.sure("versions", "variables"), since)
        elif kind in entry.observed:
            seen = entry.observed[kind]
            if not older(version, seen):
                return None
            candidate = TokenSupport(
                f"may take no {kind.replace('-', ' ')}: tokenlint's pipes table first sees one ({variable}) at {seen}",
                f"move to {seen} or later, then pass the token as {variable}"
                + (f" instead of {', '.join(old)}" if old else ""),
                min(entry.sure("versions"), Confidence.LOW), seen)
        else:
            return None  # a token kind the table cannot date: say nothing
        if best is None or candidate.confidence > best.confidence:
            best = candidate
    return best


def holds(when: str | None, given: Mapping[str, str]) -> bool:
    """Whether an operation's condition holds for the variables a step gives (values as written;
    a variable reference might be anything, so it may hold)."""
    if not when:
        return True
    m = re.fullmatch(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:(==|!=)\s*['\"]?([^'\"]*)['\"]?)?\s*", when)
    if not m:
        return True
    name, op, expected = m.groups()
    value = given.get(name)
    if value is not None and "$" in value:
        return True
    if op is None:
        return value is not None and value.strip().lower() == "true"
    if op == "==":
        return value is not None and value.strip().lower() == expected.lower()
    return value is None or value.strip().lower() != expected.lower()
