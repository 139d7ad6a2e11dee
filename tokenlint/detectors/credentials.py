"""Find Bitbucket and Atlassian credentials in a document.

Prefixed tokens are found by shape and checked by checksum. Everything else (URL userinfo,
Authorization headers, curl --user, netrc, named assignments) is found by context; when a
context holds a prefixed token, the token fact is enriched with that context instead of being
reported twice.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache

from tokenlint import tokens
from tokenlint.detectors import evidence
from tokenlint.detectors.values import is_placeholder, is_reference, is_sample_file, looks_random
from tokenlint.document import Document
from tokenlint.facts import Checksum, Context, Credential, CredentialKind, Evidence

# The base64 of each token prefix, as a value that is the encoded token starts (`ATBB` -> `QVRCQ`).
B64_TOKEN_PREFIXES = ("QVRCQ", "QVRBVFQz", "QVRDVFQz", "QkJEQy")
# Literals, any of which makes a file worth reading closely. Checked on raw bytes.
PREFILTER = (b"ATBB", b"TT3xFfG", b"BBDC-", b"itbucket", b"ITBUCKET", b"itBucket", b"x-token-auth", b"Basic ",
             b"BB_", b"bb_", *(p.encode() for p in B64_TOKEN_PREFIXES))

_URL = re.compile(
    r"(?P<scheme>https?|ssh|git)://(?P<user>[^\s:/@'\"`<>()]+)(?::(?P<secret>[^\s/@'\"`<>]+))?"
    r"@(?P<host>[A-Za-z0-9.\-]*bitbucket[A-Za-z0-9.\-]*)",
    re.IGNORECASE,
)
_BASIC = re.compile(r"\bbasic\s+(?P<b64>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])", re.IGNORECASE)
_BEARER = re.compile(r"\bbearer\s+(?P<tok>[A-Za-z0-9._~+/\-]{16,}={0,2})(?![A-Za-z0-9._~+/=\-])", re.IGNORECASE)
_CURL_USER = re.compile(
    r"(?:(?<=\s)|^)(?:-u|--user)(?:\s+|=)?(?P<q>[\"']?)(?P<user>[^\s:\"'$]*):(?P<secret>[^\s\"']+)(?P=q)",
    re.MULTILINE,
)
_ASSIGN = re.compile(
    r"""(?<![\w$])(?<!\$\{)(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{1,80})["']?[ \t]*(?P<op>:=|\?=|=>|==|=|:)[ \t]*"""
    r"""(?:(?P<q>["'`])(?P<qv>[^"'`\n]{1,400})(?P=q)|(?P<bv>[^\s"'`,;)}\]]{1,400}))"""
)
_SHELL_DEFAULT = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*):?[-=](?P<value>[^}\s]{1,400})\}")
_NAME_SECRET_WORDS = ("pass", "pwd", "token", "secret", "cred", "apikey", "api_key", "auth")
_NAME_EXCLUDE = ("ssh", "public", "known", "fingerprint", "url", "user", "username", "file", "path",
                 "header", "type", "scope", "expir", "name", "email", "variable", "_var", "helper")
_OAUTH_NAME = re.compile(r"(client|consumer|oauth)[_\-.]?(secret)", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
#: a type declaration right before a name (C#, Kotlin, Swift, Scala): its `:` names a base, not a value
_DECLARES = re.compile(r"\b(?:class|struct|interface|record|enum|object|protocol|extension)[ \t]+\Z")


def detect(doc: Document) -> list[Credential]:
    found = _prefixed(doc)
    contexts = _contexts(doc)
    spans = [(c.start, c.end) for c in found]
    for ctx in contexts:
        host = next((t for t in found if ctx.start <= t.start and t.end <= ctx.end), None)
        if host is not None:
            if host.context == "literal":
                host.context, host.username, host.host, host.name = ctx.context, ctx.username, ctx.host, ctx.name
            continue
        if any(s < ctx.end and ctx.start < e for s, e in spans):
            continue  # the same secret seen again by a wider context
        found.append(ctx)
        spans.append((ctx.start, ctx.end))
    described = is_api_description(doc)
    sample = is_sample_file(doc.name)
    for cred in found:
        cred.line, cred.column = doc.line_col(cred.start)
        cred.commented = doc.is_commented(cred.start)
        _type(doc, cred)
        if cred.checksum != Checksum.VALID and (described or (sample and not looks_random(cred.value))):
            # an example of the API description or a sample file's stand-in; a checksummed
            # token is real wherever it is
            cred.placeholder = True
    found.sort(key=lambda c: c.start)
    return found


# What a token is assigned to on its line: `NAME=`, `NAME: `, `"name": "`, `${NAME:-`.
_ASSIGNED_TO = re.compile(
    r"""(?:(?:^|[\s"'{(,;])(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,80})"""
    r"""(?:["']?[ \t]*(?:=|:=|\?=|=>)[ \t]*|["']?[ \t]*:[ \t]+|["'][ \t]*:[ \t]*)"""
    r"""|\$\{(?P<default>[A-Za-z_][A-Za-z0-9_]{0,80}):?[-=])["'`]?$""", re.MULTILINE)


def _type(doc: Document, cred: Credential) -> None:
    """Which evidence decided the kind, the name a token is assigned to, and whether that name
    claims another type than the value's shape shows (tokenlint.detectors.evidence)."""
    if cred.name is None and cred.context == Context.LITERAL:
        line_start = doc.text.rfind("\n", 0, cred.start) + 1
        m = _ASSIGNED_TO.search(doc.text, line_start, cred.start)
        if m:
            cred.name = (m.group("name") or m.group("default")).strip(".-")
    if tokens.classify(cred.value) is not None or cred.kind in (CredentialKind.APP_PASSWORD, CredentialKind.API_TOKEN,
                                                                 CredentialKind.ACCESS_TOKEN):
        cred.kind_evidence = Evidence.VALUE_SHAPE
    elif cred.username and cred.username.lower() in ("x-token-auth", "x-bitbucket-api-token-auth"):
        cred.kind_evidence = Evidence(f"username {cred.username.lower()}")
    elif cred.name:
        named = evidence.by_name(cred.name)
        cred.kind_evidence = named[1] if named else Evidence.NONE
    if cred.name and cred.kind_evidence == Evidence.VALUE_SHAPE:
        cred.type_conflict = evidence.conflict(cred.name, [(cred.kind, Evidence.VALUE_SHAPE)])


_API_DESCRIPTION = re.compile(r"""^[ \t]*\{?[ \t]*["']?(?:openapi|swagger)["']?[ \t]*:[ \t]*["']?[0-9]""", re.MULTILINE)


def is_api_description(doc: Document) -> bool:
    """An OpenAPI or Swagger document (JSON or YAML), by its version key near the top: its
    `example:` values, security schemes and sample headers illustrate the API, they hold no
    one's secret."""
    return _API_DESCRIPTION.search(doc.text, 0, 4096) is not None


def _prefixed(doc: Document) -> list[Credential]:
    out = []
    for m in tokens.find_tokens(doc.text):
        out.append(Credential(
            kind=m.kind, context=Context.LITERAL, value=m.value, start=m.start, end=m.end,
            checksum=Checksum.VALID if m.valid else Checksum.INVALID, placeholder=not m.valid,
        ))
    return out


def _secret_fact(kind_hint: CredentialKind, context: Context, value: str, start: int, *, username: str | None = None,
                 host: str | None = None, name: str | None = None) -> Credential:
    kind = tokens.classify(value) or kind_hint
    return Credential(kind=kind, context=context, value=value, start=start, end=start + len(value),
                      placeholder=is_placeholder(value), username=username, host=host, name=name)


def _contexts(doc: Document) -> list[Credential]:
    text, lower = doc.text, doc.lower
    out: list[Credential] = []
    bitbucket = "bitbucket" in lower or "x-token-auth" in lower
    filename = doc.name.lower()
    if bitbucket and "://" in text:
        store = filename in (".git-credentials", "git-credentials", "credentials")
        for m in _on_lines_with(doc, _URL, ("bitbucket",), starts=_schemes):
            secret = m.group("secret")
            if not secret or is_reference(secret):
                continue
            kind = _kind_for_username(m.group("user"))
            out.append(_secret_fact(kind, Context.GIT_CREDENTIALS if store else Context.URL, secret, m.start("secret"),
                                    username=m.group("user"), host=m.group("host").lower()))
    if "basic" in lower:
        found = _anchored(_BASIC, text, tokens.occurrences(lower, ("basic",))) if _plain(doc) else _BASIC.finditer(text)
        for m in found:
            decoded = _decode_basic(m.group("b64"))
            if decoded is None:
                continue
            user, _, secret = decoded.partition(":")
            if is_reference(secret) or not (bitbucket or tokens.classify(secret)):
                continue
            cred = _secret_fact(_kind_for_username(user), _header_context(doc, m.start(), Context.AUTHORIZATION_BASIC),
                                m.group("b64"), m.start("b64"), username=user)
            _judge_token(cred, secret)
            out.append(cred)
    if bitbucket and "bearer" in lower:
        for m in _BEARER.finditer(text):
            tok = m.group("tok")
            if is_reference(tok):
                continue
            kind = CredentialKind.OAUTH_ACCESS_TOKEN if tok.startswith("eyJ") else CredentialKind.BEARER_TOKEN
            out.append(_secret_fact(kind, _header_context(doc, m.start(), Context.AUTHORIZATION_BEARER), tok,
                                    m.start("tok")))
    if bitbucket and ("-u" in text or "--user" in text):
        for m in _anchored(_CURL_USER, text, tokens.occurrences(text, ("-u", "--user"))):
            secret = m.group("secret")
            if is_reference(secret):
                continue
            near = lower[max(0, m.start() - 400):m.end() + 400]
            kind = (CredentialKind.OAUTH_CONSUMER_SECRET if "oauth2/access_token" in near
                    else _kind_for_username(m.group("user")))
            out.append(_secret_fact(kind, Context.CURL_USER, secret, m.start("secret"),
                                    username=m.group("user") or None))
    if "machine" in lower and (filename in (".netrc", "_netrc", "netrc") or bitbucket):
        out.extend(_netrc(text))
    encoded, judged = _base64_values(doc, bitbucket)
    out.extend(encoded)
    if bitbucket or "bb_" in lower or "bb-" in lower:
        out.extend(_assignments(doc, judged))
    return out


_B64 = re.compile(r"(?<![A-Za-z0-9+/=_\-])(?P<b64>[A-Za-z0-9+/]{16,1024}={0,2})(?![A-Za-z0-9+/=_\-])")
_B64_KEYED = re.compile(r"""(?P<key>[A-Za-z_][\w.\-]{0,80})["']?[ \t]*[:=][ \t]*["']?"""
                        r"(?P<b64>[A-Za-z0-9+/]{16,1024}={0,2})(?![A-Za-z0-9+/=_\-])")
#: _B64_KEYED from its `:`/`=` on: a line without it holds no match of _B64_KEYED, whose key starts
#: anywhere (no left boundary) and so cannot be anchored; this can (a two-character class first)
_B64_KEYED_TAIL = re.compile(r"""[:=][ \t]*["']?[A-Za-z0-9+/]{16,1024}={0,2}(?![A-Za-z0-9+/=_\-])""")
_CONFIG_SUFFIXES = (".yml", ".yaml", ".json", ".env", ".properties", ".conf", ".cfg", ".ini", ".toml", ".tfvars")
_USER_SECRET = re.compile(r"^(?P<user>[^\s:]{1,128}):(?P<secret>\S{6,})$")
MAX_B64_VALUES = 200  # decoded per document, at most: a data file full of base64 is not worth more


def _base64_values(doc: Document, bitbucket: bool) -> tuple[list[Credential], set[int]]:
    """Base64 strings that decode to a Bitbucket token (wherever they are: the encoded prefix
    points at them), or, in a config file that speaks of Bitbucket, to `user:secret` under a key
    that names a Bitbucket credential or on a line that names Bitbucket. Reported at the encoded
    string; `scanner.known_values` redacts both forms. Also returns where the base64 values that
    were decoded start: an assignment of one is judged by what it decodes to, not as a literal."""
    out: list[Credential] = []
    seen: set[int] = set()
    text = doc.text
    if any(p in text for p in B64_TOKEN_PREFIXES):
        # a value that does not start with a prefix is skipped below, so only those are tried (a
        # prefix inside a longer base64 run fails _B64's left boundary as it did inside its match)
        needles = tuple(p.lower() for p in B64_TOKEN_PREFIXES)
        for m in _on_lines_with(doc, _B64, needles, starts=lambda t: tokens.occurrences(t, B64_TOKEN_PREFIXES)):
            b64 = m.group("b64")
            if not b64.startswith(B64_TOKEN_PREFIXES) or len(seen) >= MAX_B64_VALUES:
                continue
            seen.add(m.start("b64"))
            decoded = _decoded(b64)
            found = tokens.find_tokens(decoded) if decoded else []
            if found and found[0].start == 0 and found[0].end == len(decoded or ""):
                out.append(_encoded(found[0].kind, b64, m.start("b64"), found[0].valid))
    name = doc.name.lower()
    if not (bitbucket and (name.endswith(_CONFIG_SUFFIXES) or name.startswith(".env"))):
        return out, seen
    for m in _on_lines_with(doc, _B64_KEYED, ("bitbucket", "bb", "cred", "auth", "pass", "token", "secret"),
                            guard=_B64_KEYED_TAIL):
        if m.start("b64") in seen or len(seen) >= MAX_B64_VALUES:
            continue
        seen.add(m.start("b64"))
        decoded = _decoded(m.group("b64"))
        if decoded is None:
            seen.discard(m.start("b64"))  # not base64 text after all: a literal like any other
            continue
        pair = _USER_SECRET.match(decoded)
        if pair is None or is_reference(pair.group("secret")):
            continue
        line = doc.line_text(doc.line_col(m.start())[0]).lower()
        if not (_secret_name(m.group("key")) or "bitbucket" in line):
            continue
        cred = _encoded(_kind_for_username(pair.group("user")), m.group("b64"), m.start("b64"), None)
        cred.username, cred.name = pair.group("user"), m.group("key")
        _judge_token(cred, pair.group("secret"))
        out.append(cred)
    return out, seen


def _judge_token(cred: Credential, secret: str) -> None:
    """Kind, checksum and placeholder of a credential whose secret was decoded from base64: a
    token shape decides the kind and its checksum whether it is real; else the value's words."""
    whole = [t for t in tokens.find_tokens(secret) if t.start == 0 and t.end == len(secret)]
    if whole:
        cred.kind, cred.checksum = whole[0].kind, Checksum.VALID if whole[0].valid else Checksum.INVALID
        cred.placeholder = not whole[0].valid
    else:
        cred.placeholder = is_placeholder(secret)


def _encoded(kind: CredentialKind, b64: str, start: int, valid: bool | None) -> Credential:
    checksum = Checksum.NONE if valid is None else Checksum.VALID if valid else Checksum.INVALID
    return Credential(kind=kind, context=Context.BASE64, value=b64, start=start, end=start + len(b64),
                      checksum=checksum, placeholder=valid is False)


def _decoded(b64: str) -> str | None:
    """The UTF-8 text a base64 string encodes, one trailing newline dropped (`echo … | base64`
    adds it); None when it is not printable text."""
    try:
        text = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    text = text.removesuffix("\n")
    return text if text and text.isprintable() else None


LONG_LINE = 8192  # characters; on longer lines only a window around each needle is searched
_WINDOW_BEFORE, _WINDOW_AFTER = 256, 2048  # a key before its value; a value of up to 1024 characters after


def _on_lines_with(doc: Document, pattern: re.Pattern[str], needles: tuple[str, ...], *,
                   starts: Callable[[str], list[int]] | None = None,
                   guard: re.Pattern[str] | None = None) -> Iterator[re.Match[str]]:
    """`pattern`'s matches on the lines that hold a needle (case-insensitive), in order.

    A large file usually mentions Bitbucket on a few lines; running a context regex over
    those lines instead of the whole text is what keeps detection cost near the prefilter's.
    A generated client mentions it on every line, so two narrowings go further, each yielding
    exactly what `finditer` over the lines yields: `starts` gives (sorted) the only offsets of
    the text where a match can start, and the regex is tried there alone; `guard` is a pattern
    that every match holds on its line (`pattern` must never span lines), and only the lines
    where it matches are searched.
    """
    lower, text = doc.lower, doc.text
    spans: list[tuple[int, int]] = []
    for needle in needles:
        i = lower.find(needle)
        while i != -1:
            start = lower.rfind("\n", 0, i) + 1
            end = lower.find("\n", i)
            end = len(lower) if end == -1 else end
            if end - start > LONG_LINE:
                # a minified or encoded line of megabytes: the regexes' bounded repeats, tried at
                # every position of it, cost seconds; what they look for sits next to the needle
                start, end = max(start, i - _WINDOW_BEFORE), min(end, i + _WINDOW_AFTER)
            spans.append((start, end))
            i = lower.find(needle, end)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    at = starts(text) if starts is not None and merged else None
    for start, end in merged:
        if at is not None:
            inside = at[bisect.bisect_left(at, start):bisect.bisect_left(at, end)]
            yield from _anchored(pattern, text, inside, start, end)
        elif guard is not None:
            done = start
            for hit in guard.finditer(text, start, end):
                if hit.start() < done:
                    continue  # on a line searched already
                line_start = max(start, text.rfind("\n", 0, hit.start()) + 1)
                line_end = text.find("\n", hit.start(), end)
                done = end if line_end == -1 else line_end
                yield from pattern.finditer(text, line_start, done)
        else:
            yield from pattern.finditer(text, start, end)


def _anchored(pattern: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0,
              endpos: int | None = None) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text, pos, endpos)` yields, for a pattern whose every match starts
    at one of `starts` (sorted): tried there alone, skipping those inside the previous match as
    `finditer` resumes after it. Lookbehinds and `\\b` still see the text before a start."""
    end = len(text) if endpos is None else endpos
    done = pos
    for at in starts:
        if at < done:
            continue
        m = pattern.match(text, at, end)
        if m is not None:
            done = m.end()
            yield m


def _schemes(text: str) -> list[int]:
    """Where a match of _URL can start: its scheme (`https`, `http`, `ssh`, `git`, one character
    per letter even case-folded) ends at a `://`."""
    out = [at - back for at in tokens.occurrences(text, ("://",)) for back in (5, 4, 3) if at >= back]
    out.sort()
    return out


#: Characters that re.IGNORECASE matches to an ASCII letter (i, s, k), or whose lower case is
#: longer than they are (U+0130); without them a search of `doc.lower` locates `doc.text`'s matches.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _plain(doc: Document) -> bool:
    """Whether a case-insensitive pattern's matches in `doc.text` start exactly where its
    lower-case literal is found in `doc.lower` (offsets line up, no exotic case folds)."""
    return len(doc.lower) == len(doc.text) and not any(c in doc.text for c in _FOLDS_TO_ASCII)


def _kind_for_username(user: str | None) -> CredentialKind:
    """The git/Basic username tells the credential type (bitbucket-facts.md section 2)."""
    user = (user or "").lower()
    if user in ("x-token-auth", "x-bitbucket-api-token-auth"):
        return CredentialKind.TOKEN  # a prefixed token would have been classified by its shape already
    return CredentialKind.PASSWORD


def _header_context(doc: Document, offset: int, default: Context) -> Context:
    line, _ = doc.line_col(offset)
    return Context.GIT_EXTRAHEADER if "extraheader" in doc.line_text(line).lower() else default


def _decode_basic(b64: str) -> str | None:
    try:
        raw = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if ":" not in decoded or not decoded.isprintable() or decoded.startswith(":"):
        return None
    return decoded


def _netrc(text: str) -> list[Credential]:
    out = []
    host = login = None
    words = list(re.finditer(r"\S+", text))
    for i, w in enumerate(words):
        word = w.group()
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word == "machine" and nxt:
            host, login = nxt.group().lower(), None
        elif word == "default":
            host, login = None, None
        elif word == "login" and nxt:
            login = nxt.group()
        elif word == "password" and nxt and host and "bitbucket" in host:
            secret = nxt.group()
            if not is_reference(secret):
                out.append(_secret_fact(_kind_for_username(login), Context.NETRC, secret, nxt.start(),
                                        username=login, host=host))
    return out


@lru_cache(maxsize=4096)  # a generated file repeats its keys on every line; the answer depends on the name alone
def _secret_name(name: str) -> bool:
    """Does a variable or key name speak of Bitbucket and a password, token or secret?"""
    words = _CAMEL.sub("_", name).lower()
    parts = re.split(r"[_\-.]+", words)
    short_bb = any(p.startswith("bb") and len(p) <= 6 for p in parts)
    if "bitbucket" not in words.replace("_", "") and "bb" not in parts and not short_bb:
        return False
    if any(x in words for x in _NAME_EXCLUDE) and not _OAUTH_NAME.search(words):
        return False
    if words.endswith(("_id", "id")) and not words.endswith(("pwid",)):
        return False
    return any(x in words for x in _NAME_SECRET_WORDS) or _OAUTH_NAME.search(words) is not None


def _kind_for_name(name: str) -> CredentialKind:
    if _OAUTH_NAME.search(name):
        return CredentialKind.OAUTH_CONSUMER_SECRET
    lowered = name.lower()
    return CredentialKind.PASSWORD if "pass" in lowered or "pwd" in lowered else CredentialKind.SECRET


_TOKEN_ENDPOINT = "bitbucket.org/site/oauth2/access_token"
_GRANT_WINDOW = 800  # characters either side of the token endpoint where the grant's form is written


def _near_the_token_endpoint(doc: Document) -> Iterator[re.Match[str]]:
    """Assignments written around a mention of Bitbucket's OAuth token endpoint (the grant's
    request and its form), on lines the Bitbucket-line search does not cover."""
    lower = doc.lower
    at = lower.find(_TOKEN_ENDPOINT)
    done = 0
    while at != -1:
        start, end = max(done, at - _GRANT_WINDOW), min(len(lower), at + _GRANT_WINDOW)
        start = lower.rfind("\n", 0, start) + 1 if start > done else start
        yield from _ASSIGN.finditer(doc.text, start, end)
        done = end
        at = lower.find(_TOKEN_ENDPOINT, end)


def _assignments(doc: Document, judged: AbstractSet[int] = frozenset()) -> list[Credential]:
    out = []
    for m in _on_lines_with(doc, _ASSIGN, ("bitbucket", "bb", "bit_bucket", "bit-bucket")):
        name = m.group("name").strip(".-")
        if not _secret_name(name):
            continue
        if m.group("op") == ":" and _DECLARES.search(doc.text, max(0, m.start() - 80), m.start()):
            continue  # `class BitbucketAuthClient : IBitbucketAuthClient`: a type and its base, no value
        quoted = m.group("qv") is not None
        value = m.group("qv") if quoted else m.group("bv")
        if m.group("op") == "==" or is_reference(value, quoted=quoted or m.group("op") == ":") or len(value) < 6:
            continue
        kind = _kind_for_name(name)
        start = m.start("qv") if quoted else m.start("bv")
        if start in judged:
            continue  # base64 whose decoded text was judged already
        out.append(_secret_fact(kind, Context.ASSIGNMENT, value, start, name=name))
    seen = {c.start for c in out}
    for m in _near_the_token_endpoint(doc):  # `form: {client_id: …, client_secret: '…'}` of the grant
        name = m.group("name").strip(".-")
        quoted = m.group("qv") is not None
        value = m.group("qv") if quoted else m.group("bv")
        start = m.start("qv") if quoted else m.start("bv")
        if not _OAUTH_NAME.search(name) or m.group("op") == "==" or start in judged or start in seen \
                or is_reference(value, quoted=quoted or m.group("op") == ":") or len(value) < 6:
            continue
        out.append(_secret_fact(CredentialKind.OAUTH_CONSUMER_SECRET, Context.ASSIGNMENT, value, start, name=name))
    for m in _on_lines_with(doc, _SHELL_DEFAULT, ("${",)):
        name, value = m.group("name"), m.group("value")
        if not _secret_name(name) or is_reference(value) or len(value) < 6:
            continue
        value = value.strip("'\"")
        out.append(_secret_fact(_kind_for_name(name), Context.SHELL_DEFAULT, value, m.start("value"), name=name))
    return out
