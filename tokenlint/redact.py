"""The one redaction step between a scan and anything it prints or writes.

Secrets reach strings in many ways: a token in a URL's query that a message quotes, a password
in a URL's userinfo that the usage inventory lists, an Authorization header inside a command
line, a value a config error would echo. Rather than each reporter or message remembering to
hide them, every string that leaves tokenlint goes through a `Redactor`:

- per document (tokenlint.scanner.scan_bytes), one that knows the exact value of every
  credential the detectors found there, so a secret is hidden wherever a message repeats it;
- everywhere else (reporters, error messages, config errors), the same class with no known
  values, which still hides what has the shape or the position of a secret: every prefixed
  token shape (whether or not its checksum holds), JWTs, URL userinfo passwords, secret-named
  query and fragment parameters, Authorization/Bearer/Basic values and the password of `curl -u`.

A hidden value is always shown the same way, by `model.redacted()`: a prefixed token keeps its prefix
and up to four characters (never 16 in a row), anything else keeps no character at all, only a
length class.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from tokenlint.model import known_prefix_length, redacted

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

MASKED_MARK = "[redacted"  # how every unprefixed secret starts once masked (see Secret.of)
MIN_KNOWN = 6  # shorter known values are hidden by position only: as substrings they would hit words

# Any run that starts like a Bitbucket or Atlassian token: a superset of tokens.TOKEN_RE (it needs
# no checksum, no exact length and no boundary), so a broken or truncated token is hidden too.
_TOKEN_SHAPE = re.compile(r"(?P<p>(?>ATATT3xFfGF0|ATCTT3xFfGN0|ATATT3|ATCTT3|ATBB|BBDC-))"
                          r"(?P<rest>[A-Za-z0-9_\-+/=%]{5,})")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*")
# Value characters stop at whitespace, quotes, backslashes and brackets, so that a match never
# spans an escape sequence of the JSON or shell text it sits in.
_V = r"[^\s'\"`\\<>()\[\]{}]"
_USERINFO = re.compile(rf"(?P<pre>://[^\s:/@'\"`\\<>]+:)(?P<v>{_V}[^\s/@'\"`\\<>]*)(?=@)")
_PARAM = re.compile(rf"(?P<pre>[?&#;](?P<name>[A-Za-z0-9_.\-]{{1,64}})=)(?P<v>{_V}[^\s&#;'\"`\\<>]*)")
_PARAM_WORDS = ("token", "secret", "pass", "pwd", "key", "sig", "auth", "code", "cred", "session", "jwt")
_AUTH_HEADER = re.compile(
    rf"(?P<pre>\bauthorization[\"']?\s*[:=]\s*[\"']?(?:[A-Za-z][A-Za-z0-9_\-]*\s+)?)(?P<v>{_V}[^\s'\"`\\]*)",
    re.IGNORECASE)
_SCHEME_VALUE = re.compile(r"(?P<pre>\b(?:bearer|basic)\s+)(?P<v>(?>[A-Za-z0-9._~+/\-]{8,}=*))(?![…\w])",
                           re.IGNORECASE)
_CURL_USER = re.compile(rf"(?P<pre>(?:^|(?<=[\s\"'=]))(?:-u|--user|--proxy-user)"
                        rf"(?:\s+|=|(?=[^\s-]))[\"']?[^\s:\"'\\]*:)"
                        rf"(?P<v>{_V}[^\s\"'`\\]*)")
_REFERENCE_START = ("$", "%(", "{{", "<", "${", MASKED_MARK, "…")


_SCHEMES = {"basic", "bearer", "digest", "token", "jwt", "negotiate", "ntlm", "oauth"}


def _not_secret(value: str) -> bool:
    """Masked already, a reference (`$TOKEN`, `{{ secret }}`), or prose after 'Basic' or
    'Authorization:' ('header', 'Bearer', 'credentials'), not a secret."""
    if "…" in value or value.startswith(_REFERENCE_START):
        return True
    word = value.rstrip("=")
    return (word.isalpha() and word.islower()) or word.lower() in _SCHEMES


def _hide(match: re.Match[str]) -> str:
    value: str = match.group("v")
    bare = value.rstrip(".,;:!?")  # sentence punctuation after a URL in a message
    if not bare or _not_secret(bare):
        return match.group(0)
    return match.group("pre") + redacted(bare) + value[len(bare):]


def _hide_param(match: re.Match[str]) -> str:
    name = match.group("name").lower()
    return _hide(match) if any(word in name for word in _PARAM_WORDS) else match.group(0)


def _hide_token(match: re.Match[str]) -> str:
    return redacted(match.group(0)) if known_prefix_length(match.group(0)) else \
        match.group("p") + match.group("rest")[:4] + "…"


_URL_SAFE = re.compile(r"[A-Za-z0-9_.\-~]*")


def _variants(value: str) -> set[str]:
    """The spellings one secret takes in text: as is, URL-encoded, with `=` escaped for shell."""
    out = {value}
    if "=" in value:
        out.update((value.replace("=", "\\="), value.replace("=", "%3D")))
    if not _URL_SAFE.fullmatch(value):
        out.update((quote(value, safe=""), quote(value, safe="@:/")))
    return {v for v in out if len(v) >= MIN_KNOWN}


MEMO_ENTRIES = 1 << 16
MEMO_LONGEST = 4096


class Redacted(str):
    """Text that has been through the redaction step already (a JSON document whose every string
    was redacted before encoding): the output stream passes it on as it is, rather than running
    the same patterns again over megabytes of report."""


class Redactor:
    """Hide secrets in strings. `known` are exact values found in the document being reported."""

    def __init__(self, known: Iterable[str] = ()):
        masks: dict[str, str] = {}
        for value in known:
            if value and len(value) >= MIN_KNOWN:
                shown = redacted(value)
                for spelling in _variants(value):
                    masks.setdefault(spelling, shown)
        self._spellings = list(masks)
        self._shown = [masks[k] for k in self._spellings]
        self._known: AhoCorasick | None = None
        self._memo: dict[str, str] = {}  # a file's findings repeat the same remediation, tool, host, ...
        if masks:  # one Aho-Corasick pass finds them all, however many secrets a file holds
            import ahocorasick_rs

            self._known = ahocorasick_rs.AhoCorasick(self._spellings,
                                                     matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def _hide_known(self, known: AhoCorasick, s: str) -> str:
        found = known.find_matches_as_indexes(s)
        if not found:
            return s
        parts, last = [], 0
        for index, start, end in found:
            parts.append(s[last:start])
            parts.append(self._shown[index])
            last = end
        parts.append(s[last:])
        return "".join(parts)

    def text(self, s: str) -> str:
        """`s` with every known value, token shape and secret position masked."""
        if not s or isinstance(s, Redacted):
            return s
        if len(s) > MEMO_LONGEST:
            return self._text(s)
        done = self._memo.get(s)
        if done is None:
            if len(self._memo) >= MEMO_ENTRIES:  # bounded: a history run redacts millions of strings
                self._memo.clear()
            done = self._memo[s] = self._text(s)
        return done

    def _text(self, s: str) -> str:
        if self._known is not None:
            s = self._hide_known(self._known, s)
        if "AT" in s or "BBDC-" in s:
            s = _TOKEN_SHAPE.sub(_hide_token, s)
        if "eyJ" in s:
            s = _JWT.sub(lambda m: redacted(m.group(0)), s)
        if "://" in s:
            s = _USERINFO.sub(_hide, s)
        if "=" in s:
            s = _PARAM.sub(_hide_param, s)
        lowered = s.lower()
        if "authorization" in lowered:
            s = _AUTH_HEADER.sub(_hide, s)
        if "bearer" in lowered or "basic" in lowered:
            s = _SCHEME_VALUE.sub(_hide, s)
        if "-u" in s or "--user" in s or "--proxy-user" in s:
            s = _CURL_USER.sub(_hide, s)
        return s

    def deep(self, value: Any) -> Any:
        """A JSON-like structure with every string (keys too) redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.deep(k): self.deep(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.deep(v) for v in value]
        return value

    def fact(self, fact: Any) -> Any:
        """Redact a usage fact's string fields in place (URL, credential, username, workspace, ...)."""
        for name in _text_fields(fact):
            current = getattr(fact, name)
            if isinstance(current, str):
                done = self.text(current)
                if done is not current:
                    setattr(fact, name, done)
        step = getattr(fact, "pipe", None)
        for call in getattr(step, "calls", ()):  # the operations a pipe makes: built from the step's values
            self.fact(call)
        return fact

    def finding(self, finding: Any) -> Any:
        """Redact a finding's message, remediation and related messages in place."""
        finding.message = self.text(finding.message)
        finding.remediation = self.text(finding.remediation)
        if finding.related:
            finding.related = [dataclasses.replace(r, message=self.text(r.message)) for r in finding.related]
        return finding


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _text_fields(fact: Any) -> tuple[str, ...]:
    """The fields of a fact's class that may hold text (a fingerprint is a hash, never a secret)."""
    kind = type(fact)
    names = _TEXT_FIELDS.get(kind)
    if names is None:
        names = _TEXT_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(fact)
                                           if not f.name.endswith("fingerprint"))
    return names


@cache
def shapes() -> Redactor:
    """The redactor that knows no value, only shapes and positions: for every output stream."""
    return Redactor()


def text(s: str) -> str:
    """Shape and position redaction of one string (errors, notes, anything without a document)."""
    return shapes().text(s)


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._:/*\-]*")


def plainly_not_secret(value: str, limit: int = 20) -> bool:
    """Short, one case, few digits among letters, no token shape: a rule name, a level, a size, a
    scope, a date; the kinds of values a config holds by mistake and an error message may repeat."""
    return (len(value) <= limit and _PLAIN.fullmatch(value) is not None and text(value) == value
            and (value == value.lower() or value == value.upper())
            and (sum(c.isdigit() for c in value) <= 4 or not any(c.isalpha() for c in value)))


def show_value(value: Any, limit: int = 20) -> str:
    """A config or CLI value for an error message: echoed only when short and clearly not a secret."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return repr(value) if len(repr(value)) <= limit else "a number (value not shown)"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a mapping"
    value = str(value)
    if not value:
        return "an empty string"
    if plainly_not_secret(value, limit):
        return repr(value)
    return f"a {len(value)}-character string (value not shown: it may be a secret)"


class Stream:
    """A text stream that redacts (shapes and positions) everything written through it and never
    fails on an undecodable file name: the last line of defence for every report."""

    def __init__(self, out: TextIO):
        self._out = out

    def write(self, s: str) -> int:
        from tokenlint import escape  # a sibling leaf module; kept lazy for start-up cost

        return self._out.write(escape.encodable(text(s)))  # text() passes a Redacted as it is

    def flush(self) -> None:
        self._out.flush()

    def isatty(self) -> bool:
        return self._out.isatty()
