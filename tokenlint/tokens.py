"""Bitbucket and Atlassian token shapes and their offline checks.

The checksum is inferred, not documented (see bitbucket-facts.md section 2): the last eight
hex characters of `ATBB`, `ATATT3` and `ATCTT3` tokens are the CRC-32 of everything before
them. A token that fails it is a placeholder or a typo, which is what lets tokenlint report
real leaks at high confidence and stay quiet about documentation samples.
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import string
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tokenlint.facts import CredentialKind

# The four token shapes, as the credential kinds facts carry.
APP_PASSWORD = CredentialKind.APP_PASSWORD
API_TOKEN = CredentialKind.API_TOKEN
ACCESS_TOKEN = CredentialKind.ACCESS_TOKEN
DATACENTER_TOKEN = CredentialKind.DATACENTER_TOKEN

API_TOKEN_PREFIX = "ATATT3xFfGF0"
ACCESS_TOKEN_PREFIX = "ATCTT3xFfGN0"

# Left and right boundaries keep a token from matching inside a longer word.
TOKEN_RE = re.compile(
    r"(?:(?<![A-Za-z0-9_\-])|(?<=:-))(?:"  # `${VAR:-ATBB…}`: a shell default is a value too
    r"(?P<app>ATBB[A-Za-z0-9]{24}[0-9A-F]{8})(?![A-Za-z0-9])"
    r"|(?P<long>ATATT3xFfGF0|ATCTT3xFfGN0)(?P<body>[A-Za-z0-9_\-]{16,1024}?)(?P<eq>=|\\=|%3[Dd])(?P<crc>[0-9A-F]{8})(?![A-Za-z0-9_\-])"
    r"|(?P<bbdc>BBDC-[A-Za-z0-9+/]{43}[A-Za-z0-9+/=])(?![A-Za-z0-9+/=])"
    r")"
)


@dataclass(frozen=True)
class TokenMatch:
    """A prefixed token found in text: where, which kind, the unescaped value, and its check."""

    kind: CredentialKind
    start: int
    end: int
    value: str
    valid: bool


def crc_suffix(text: str) -> str:
    return f"{zlib.crc32(text.encode('ascii')) & 0xFFFFFFFF:08X}"


def checksum_ok(token: str) -> bool:
    """True when the last 8 hex characters are the CRC-32 of the rest."""
    return len(token) > 8 and crc_suffix(token[:-8]) == token[-8:]


def datacenter_ok(token: str) -> bool:
    """A Data Center token's base64 body decodes to `<digits>:<random bytes>`."""
    try:
        raw = base64.b64decode(token[5:], validate=True)
    except (binascii.Error, ValueError):
        return False
    head, sep, rest = raw.partition(b":")
    return bool(sep) and head.isdigit() and len(rest) >= 8


#: What every match of TOKEN_RE starts with (after its zero-width left boundary).
TOKEN_PREFIXES = ("ATBB", API_TOKEN_PREFIX, ACCESS_TOKEN_PREFIX, "BBDC-")


def occurrences(text: str, literals: Iterable[str]) -> list[int]:
    """Where any of `literals` occurs in `text`, sorted (overlaps included)."""
    out: list[int] = []
    for literal in literals:
        at = text.find(literal)
        while at != -1:
            out.append(at)
            at = text.find(literal, at + 1)
    out.sort()
    return out


def _matches(text: str) -> Iterator[re.Match[str]]:
    """TOKEN_RE's matches in `text`, as `finditer` yields them, tried only where a token prefix
    stands: every match starts at one, and a few `str.find` passes cost a fraction of the
    regex tried at every position of a large file. A candidate inside the previous match is
    skipped, as `finditer` resumes after each match."""
    starts = occurrences(text, TOKEN_PREFIXES)
    done = 0
    for at in starts:
        if at < done:
            continue
        m = TOKEN_RE.match(text, at)  # the left boundary's lookbehind still sees the text before `at`
        if m is not None:
            done = m.end()
            yield m


def find_tokens(text: str) -> list[TokenMatch]:
    found: list[TokenMatch] = []
    for m in _matches(text):
        if m.group("app"):
            value = m.group("app")
            found.append(TokenMatch(APP_PASSWORD, m.start(), m.end(), value, checksum_ok(value)))
        elif m.group("long"):
            value = m.group("long") + m.group("body") + "=" + m.group("crc")
            kind = API_TOKEN if m.group("long") == API_TOKEN_PREFIX else ACCESS_TOKEN
            found.append(TokenMatch(kind, m.start(), m.end(), value, checksum_ok(value)))
        else:
            value = m.group("bbdc")
            found.append(TokenMatch(DATACENTER_TOKEN, m.start(), m.end(), value, datacenter_ok(value)))
    return found


def classify(secret: str) -> CredentialKind | None:
    """The token kind of a whole secret string, or None when it has no known shape."""
    for m in find_tokens(secret):
        if m.start == 0 and m.end == len(secret):
            return m.kind
    return None


def synthesize(kind: str, rng: random.Random | None = None, *, valid: bool = True) -> str:
    """A token of the given shape with a correct (or deliberately wrong) checksum.

    Tests and benchmarks build their token-shaped strings with this at run time so that the
    repository itself never holds anything that looks like a live credential.
    """
    rng = rng or random.Random()
    alnum = string.ascii_letters + string.digits
    if kind == APP_PASSWORD:
        head = "ATBB" + "".join(rng.choice(alnum) for _ in range(24))
    elif kind in (API_TOKEN, ACCESS_TOKEN):
        prefix = API_TOKEN_PREFIX if kind == API_TOKEN else ACCESS_TOKEN_PREFIX
        body = "".join(rng.choice(alnum + "_-") for _ in range(192 - 12 - 9))
        head = prefix + body + "="
    elif kind == DATACENTER_TOKEN:
        raw = str(rng.randrange(10**11, 10**12)).encode() + b":" + bytes(rng.randrange(256) for _ in range(20))
        if not valid:
            raw = b"x" + raw[1:]
        return "BBDC-" + base64.b64encode(raw).decode()
    else:
        raise ValueError(f"unknown token kind {kind!r}")
    crc = crc_suffix(head)
    if not valid:
        crc = f"{(int(crc, 16) + 1) & 0xFFFFFFFF:08X}"
    return head + crc
