"""An API URL whose base the file does not hold: `${BITBUCKET_ENDPOINT}/teams/…`, `BASE_URL + "2.0/user"`.

Clients keep the API root in configuration (a YAML file, settings.json, an environment
variable, a base class in another module) and join paths to it. The path is what says which
API a call uses: a versioned Bitbucket Cloud path (`1.0/…`, `2.0/…`), or a collection of API
2.0 (`repositories/…`, `workspaces/…`) joined to a base whose name says Bitbucket. Only then is
the base read as https://api.bitbucket.org; anything else stays unresolved and is no call.
The front ends only read files that mention Bitbucket, which is what makes the reading safe.
"""

from __future__ import annotations

import re

CLOUD_API = "https://api.bitbucket.org"
#: `${BASE}` (one unresolved reference, maybe two: `${BASE}${endpoint}`), then the path.
_BASE_THEN_PATH = re.compile(r"^\$\{(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\}/*(?P<path>.*)$", re.DOTALL)
_VERSIONED = re.compile(r"^(?:api/)?[12]\.0(?:/|$)")
#: First path segments of API 2.0 collections, distinctive enough beside a base named after Bitbucket.
_COLLECTIONS = frozenset(("repositories", "workspaces", "teams", "users", "user", "snippets", "pullrequests",
                          "hook_events", "addon"))
_NAMES_BITBUCKET = re.compile(r"bitbucket|(?:^|_)bb(?:_|$)|^bb[A-Z]", re.IGNORECASE)


class Bases:
    """The unresolved bases of one file read as Bitbucket Cloud's so far: once `${BASE_URL}2.0/user`
    shows what BASE_URL is, `${BASE_URL}${endpoint}` in a wrapper nobody calls is a Cloud call too."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def resolve(self, url: str, named: bool = False) -> str:
        """`url` with an unresolved API base read as Bitbucket Cloud's, when its path says so; else `url`.
        `named`: the client sending it is named after Bitbucket (`BitbucketRestClient`), so an API
        collection after the base says so whatever the base's own name."""
        if "://" in url[:64]:
            return url
        m = _BASE_THEN_PATH.match(url)
        if not m:
            return url
        name, path = m.group("name"), m.group("path")
        if _VERSIONED.match(path):
            self.known.setdefault(name, CLOUD_API)
            return f"{CLOUD_API}/{path}"
        segment = re.match(r"[A-Za-z_]+", path)
        if segment and segment.group(0) in _COLLECTIONS and (named or _NAMES_BITBUCKET.search(name)):
            self.known.setdefault(name, f"{CLOUD_API}/2.0")
            return f"{CLOUD_API}/2.0/{path}"
        if name in self.known:
            return f"{self.known[name]}/{path}"
        return url


def names_bitbucket(name: str) -> bool:
    """Whether a name (a variable, a class, a file) says Bitbucket: `bitbucket_url`, `BB_API`, `bbClient`."""
    return _NAMES_BITBUCKET.search(name) is not None


def endpoint_unseen(url: str) -> bool:
    """Whether which operation a Bitbucket Cloud URL calls is not in the file: its path after the API
    version is empty (a client's root) or starts with a reference that may hold several segments
    (`${API}/${path}` in a wrapper whose callers are elsewhere). Such a call sends its credential,
    but its endpoint is no more unknown than a pipe's: it is not seen."""
    rest = url.split("://", 1)[1] if "://" in url[:64] else ""
    host, _, path = rest.partition("/")
    if host not in ("api.bitbucket.org", "bitbucket.org", "www.bitbucket.org"):
        return False
    path = re.sub(r"^(?:api/)?[12]\.0(?:/|$)", "", path.split("?", 1)[0])
    first = path.split("/", 1)[0]
    return not first or re.fullmatch(r"\$\{[^}]*\}", first) is not None


def resolve(url: str) -> str:
    """`url` with an unresolved API base read as Bitbucket Cloud's, when its path alone says so."""
    return Bases().resolve(url)
