"""Bitbucket URLs that are broken but still recognisable, and what was meant.

`https:/api.bitbucket.org/2.0/user` (one slash), `https:/k/api.bitbucket.org/…` (a stray
segment before the host), `api.bitbucket.org//2.0/…` (an empty segment) and
`api.bitbucket.org/repositories/…` (no `/2.0`) all fail at run time, usually with a 404 or a
connection error far from the typo. Reading them as what they were meant to be lets every
other rule still judge the call (its auth, its operation), and the typo is reported once,
on its own (TL051 malformed-bitbucket-url).
"""

from __future__ import annotations

import re

_HOSTS = ("api.bitbucket.org", "bitbucket.org")
_SCHEME = re.compile(r"^(?P<scheme>https?):(?P<slashes>/*)", re.IGNORECASE)
_HOST_AT = re.compile(r"(?:^|/)(?:[^/\s@]*@)?(?:www\.|api\.)?bitbucket\.org(?=[/:?#]|$)", re.IGNORECASE)
# (`/2.0${endpoint}`: a path joined on without a slash of its own starts with one)
_VERSIONED = re.compile(r"^/(?:2\.0|1\.0|internal|!api|api/[12]\.0)(?:/|$|\$\{)")


def looks_like_url(text: str) -> bool:
    """A command-line word that is meant as a URL: it has a scheme, or names a Bitbucket host
    (also when its scheme is broken: `https:/api.bitbucket.org/…`)."""
    return "://" in text or (not text.startswith("-") and "bitbucket.org" in text.lower()
                             and _HOST_AT.search(text.split("?", 1)[0].replace(":/", "/", 1)) is not None)


def repair(url: str) -> tuple[str, str]:
    """(the URL as meant, why it is malformed); the reason is empty for a well-formed URL and
    for anything that is no Bitbucket URL. The reason quotes only the broken piece, never
    userinfo."""
    reasons: list[str] = []
    m = _SCHEME.match(url)
    if m is None:
        if "://" in url or not url.lower().startswith(_HOSTS):
            return url, ""
        scheme, rest = "https", url
    else:
        scheme, rest = m.group("scheme").lower(), url[m.end():]
        if m.group("slashes") != "//":
            reasons.append(f"`{m.group(0)}` should be `{m.group('scheme')}://`")
        host = _HOST_AT.search(rest.split("?", 1)[0])
        if host is None:
            return url, ""
        if host.start() > 0 or rest.startswith("/"):
            junk = rest[:host.start() + 1].strip("/")
            if junk:
                reasons.append(f"`{junk}/` stands before the host")
            rest = rest[host.start():].lstrip("/")
    authority, slash, path = rest.partition("/")
    path = slash + path
    hostname = authority.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    if hostname not in ("api.bitbucket.org", "bitbucket.org", "www.bitbucket.org"):
        return url, ""
    bare, sep, tail = path.partition("?")
    if "//" in bare and hostname == "api.bitbucket.org":
        reasons.append("the path has an empty segment (`//`)")
        bare = re.sub(r"/{2,}", "/", bare)
    if hostname == "api.bitbucket.org" and bare.strip("/") and not _VERSIONED.match(bare) \
            and not bare.startswith("/${"):
        reasons.append("the API version is missing (`/2.0`)")
        bare = "/2.0" + bare
    if not reasons:
        return url, ""
    return f"{scheme}://{authority}{bare}{sep}{tail}", "; ".join(reasons)
