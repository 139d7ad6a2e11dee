"""What a scan produces: findings with locations, severities and redacted secrets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


class Confidence(IntEnum):
    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @classmethod
    def parse(cls, name: str) -> Confidence:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int
    column: int = 1
    end_line: int | None = None


@dataclass(frozen=True)
class RelatedLocation:
    location: Location
    message: str


@dataclass(frozen=True)
class Secret:
    """A secret as it may leave the process: kind, a short form and a hash, never the value.

    A prefixed token keeps its well-known prefix and up to four characters (`ATBBx3Qz…`): enough for a
    reviewer to tell two apart, too little to use. Anything else (a password, an OAuth secret)
    shows no character at all, only how long it is, roughly: its first characters would be
    part of what an attacker has to guess.
    """

    kind: str
    redacted: str
    fingerprint: str

    @classmethod
    def of(cls, kind: str, value: str) -> Secret:
        return cls(kind=kind, redacted=redacted(value), fingerprint=fingerprint(value))


#: The most characters of a secret any output holds in a row: the public prefix and a few more.
SHOWN_AT_MOST = 15


def redacted(value: str) -> str:
    """How a secret is shown: `ATBBx3Qz…` for a prefixed token (its prefix and up to four more
    characters, never 16 in a row), `[redacted, 16-31 chars]` for anything else."""
    prefix = known_prefix_length(value)
    if not prefix:
        return f"[redacted, {length_class(len(value))} chars]"
    return value[:min(prefix + 4, SHOWN_AT_MOST)] + "…"


def length_class(length: int) -> str:
    """A length as a class (`1-7`, `8-15`, `16-31`, `32+`): says "short password" or "long
    random secret" without narrowing an attacker's search."""
    for top in (7, 15, 31):
        if length <= top:
            return f"{(top + 1) // 2 if top > 7 else 1}-{top}"
    return "32+"


def fingerprint(value: str) -> str:
    """A stable hash of a secret: lets baselines and reports match it without holding it."""
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def known_prefix_length(value: str) -> int:
    for prefix in ("ATATT3xFfGF0", "ATCTT3xFfGN0", "ATBB", "BBDC-"):
        if value.startswith(prefix):
            return len(prefix)
    return 0


@dataclass(frozen=True)
class Verification:
    """What `--verify` learnt of a finding's secret from Bitbucket (tokenlint/probe.py): its
    state (live, invalid, unknown, removed), the type and scopes Bitbucket named; never the value."""

    state: str
    credential_type: str | None = None
    scopes: tuple[str, ...] = ()


@dataclass
class Finding:
    rule: str
    code: str
    severity: Severity
    confidence: Confidence
    location: Location
    message: str
    remediation: str = ""
    secret: Secret | None = None
    related: list[RelatedLocation] = field(default_factory=list)
    origin: dict[str, Any] | None = None  # where history/staged findings came from (commit, author, in_head, ...)
    # False for a finding about code that does not run (a call in a comment, a snippet in
    # documentation): reported, never failing a gate (`scan`/`ci` exit codes).
    gates: bool = True
    verification: Verification | None = None  # set by `--verify` only, after the scan

    @property
    def fingerprint(self) -> str:
        """Line-independent identity: survives edits above the finding and rebases."""
        anchor = self.secret.fingerprint if self.secret else self.message
        digest = hashlib.sha256(f"{self.rule}\0{self.location.path}\0{anchor}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:16]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)


STDIN = "-"  # the path that names standard input


@dataclass(frozen=True)
class Target:
    """A file to read: every source (tree, index, history) names what it hands the scanner this way."""

    display: str  # the path shown in reports, posix style
    fs_path: str  # where to read it ("-" for standard input)


@dataclass(frozen=True)
class Problem:
    """Something not scanned. `error` problems make the run incomplete (exit 3)."""

    path: str
    reason: str
    error: bool
