"""The Python libraries in the shared table format (tokenlint.detectors.http_libraries), for the
tree-sitter fallback (tokenlint.parsers.lower_python) that reads Python `ast` cannot.

Built from the one list of Python libraries (tokenlint.detectors.http_libraries.python), which
the `ast` front end (tokenlint.detectors.python_calls) reads as it is: a library added there is
read by both. What follows is only how each kind of entry reads a call in this format.
"""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Builtin, Entry, Library, Make, Send, Set
from tokenlint.detectors.http_libraries import python as lib
from tokenlint.parsers.lower_python import PERCENT

_ENV = Builtin("env")
_SAME = Builtin("same")

#: What the standard library computes: environment reads, base64, URL joins and quoting, `%`.
BUILTINS: dict[str, Entry] = {
    "os.getenv": _ENV, "os.environ.get": _ENV, "os.environ.setdefault": _ENV,
    **dict.fromkeys(("base64.b64encode", "base64.standard_b64encode", "base64.encodebytes", "base64.encodestring"),
                    Builtin("base64")),
    **dict.fromkeys(("urllib.parse.urljoin", "urlparse.urljoin", "urllib.basejoin"), Builtin("join")),
    **dict.fromkeys(("str", "urllib.parse.quote", "urllib.parse.quote_plus", "urllib.quote", "urllib.quote_plus",
                     "urllib.parse.unquote", "urllib.unquote"), _SAME),
    PERCENT: Builtin("percent"),
}

#: Each request's own keyword arguments (`auth=`, `headers=`, `verify=`, `url=`) read with KEYS.
_OWN = "named"


def _verb(tool: str, verb: str) -> Send:
    return Send(tool, method=f"'{verb.upper()}'", url="0|url", options=_OWN)


def _method_first(tool: str) -> Send:
    return Send(tool, method="0|method", url="1|url", options=_OWN)


CALLS: dict[str, Entry] = {
    **BUILTINS,
    **{f"{module}.{verb}": _verb(tool, verb) for module, tool in lib.VERB_MODULES.items() for verb in lib.VERBS},
    **{name: _method_first(tool) for name, tool in lib.METHOD_FIRST.items()},
    **{name: Make("client", tool, options=_OWN) for name, tool in lib.CLIENTS.items()},
    # auth objects: (user, secret) positionally or by keyword; the scheme the table names
    **{name: Make("auth", "", auth="*|named", scheme=scheme) for name, scheme in lib.AUTHS.items()},
    **{name: Send("urllib", method="", url="0|url", request="0") for name in lib.URLOPEN},
    **{name: Make("request", "urllib", url="0|url", method="method", headers="2|headers") for name in lib.REQUEST},
    # atlassian-python-api: the client talks to the API root of `url` with `username`/`password` or `token`
    **{name: Send("atlassian-python-api", url="0|url|'https://api.bitbucket.org/2.0'", options=_OWN)
       for name, kind in lib.ATLASSIAN.items() if kind == "auto"},
    **{name: Send("atlassian-python-api", url="'https://api.bitbucket.org/2.0'", options=_OWN)
       for name, kind in lib.ATLASSIAN.items() if kind == "cloud"},
    lib.PYBITBUCKET: Send("pybitbucket", url="'https://api.bitbucket.org/2.0'", auth="0|client"),
}

METHODS: dict[tuple[str, str], Entry] = {
    **{("client", verb): _verb("", verb) for verb in lib.VERBS},
    **{("client", m): _method_first("") for m in lib.CLIENT_METHODS - lib.VERBS},
    ("request", "add_header"): Set("header"),
    # a verb on a client this file does not show (a parameter, an attribute set elsewhere), given a Bitbucket URL
    **{("*", verb): _verb("python", verb) for verb in lib.VERBS},
}

LIBRARY = Library(
    "python", calls=CALLS, methods=METHODS,
    env_objects=frozenset(("os.environ",)),
    properties={"auth": "auth", "verify": "secure", "base_url": "base"},
)
