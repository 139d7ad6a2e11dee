"""JavaScript and TypeScript HTTP clients as data: fetch (global, node-fetch, cross-fetch, undici)
with `Request`/`Headers`, axios (its defaults, `axios.create` instances), got (`got.extend`),
request and its promise wrappers (with a chained `.auth(…)`), superagent, Node's http/https
and their agents, and the `bitbucket` npm client; and the built-ins that build a URL or a
credential (`Buffer.from(…).toString('base64')`, `btoa`, `new URL(path, base)`, `process.env`)."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS, Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")
#: axios, and the `*` fallback, take a body before the config for these: `axios.post(url, data, config)`.
DATA_VERBS = frozenset(("post", "put", "patch"))

BUILTINS: dict[str, Entry] = {
    "require": Builtin("import"),
    "Buffer.from": _SAME, "Buffer": _SAME, "btoa": Builtin("base64"), "String": _SAME,
    "encodeURIComponent": _SAME, "encodeURI": _SAME, "decodeURIComponent": _SAME,
    "URL": Builtin("url"), "url.URL": Builtin("url"), "url.resolve": Builtin("join"),
    "Headers": Builtin("map"), "URLSearchParams": Builtin("map"), "Object.assign": Builtin("map"),
    "Deno.env.get": Builtin("env"),
}

_FETCH = Send("fetch", method="", url="0", options="1")
FETCH: dict[str, Entry] = {
    **dict.fromkeys(("fetch", "node-fetch", "cross-fetch", "isomorphic-fetch", "isomorphic-unfetch", "undici.fetch",
                     "window.fetch", "globalThis.fetch", "self.fetch", "node-fetch.fetch"), _FETCH),
    "Request": Make("fetchrequest", "fetch", url="0", options="1"),
    "node-fetch.Request": Make("fetchrequest", "fetch", url="0", options="1"),
    "undici.request": Send("undici", method="", url="0", options="1"),
}

#: Node's `request(url | options, options?, cb)`: host, path and `auth: 'user:pass'` in options.
NODE_HTTP: dict[str, Entry] = {
    **{f"{m}.{f}": Send(f"{m}.{f}", method="", url=f"0|'{m}://'", options="0|1")
       for m in ("http", "https") for f in ("request", "get")},
    "https.Agent": Make("agent", "", options="0"), "http.Agent": Make("agent", "", options="0"),
    "undici.Agent": Make("agent", "", options="0"),
}

#: The `request` library and its promise wrappers: `request(url | options, cb)`, `request.post(…)`; the
#: request goes out once the statement is done, after a chained `.auth(user, pass, sendImmediately, bearer)`.
REQUEST_MODULES = ("request", "request-promise", "request-promise-native", "requestretry", "postman-request")
REQUEST: dict[str, Entry] = {}
for _m in REQUEST_MODULES:
    REQUEST[_m] = Make("rrequest", "request", url="0", options="0|1", sends=True)
    for _v in (*VERBS, "del"):
        REQUEST[f"{_m}.{_v}"] = Make("rrequest", "request", url="0", options="0|1", sends=True,
                                     method=f"'{'DELETE' if _v == 'del' else _v.upper()}'")

#: superagent: `superagent.get(url).auth(u, p).set('Authorization', …).query({…})`, sent when awaited or ended.
SUPERAGENT: dict[str, Entry] = {
    "superagent": Make("agentrequest", "superagent", url="1", method="0", sends=True),
    **{f"superagent.{v}": Make("agentrequest", "superagent", url="0",
                               method=f"'{'DELETE' if v == 'del' else v.upper()}'", sends=True)
       for v in (*VERBS, "del")},
}

#: `new Bitbucket({auth: {token} | {username, password}, baseUrl})`: the client's requests are its methods
#: (`bitbucket.repositories.list(…)`), so the call is its construction, with no endpoint seen.
BITBUCKET: dict[str, Entry] = {
    name: Send("bitbucket", method="", url="0.baseUrl|'https://api.bitbucket.org/2.0'", auth="0.auth")
    for name in ("bitbucket.Bitbucket", "bitbucket.APIClient", "bitbucket", "Bitbucket")
}

#: sync-request and then-request: `request(method, url, options)`, the options those of `request`.
METHOD_FIRST: dict[str, Entry] = {
    name: Send(name, method="0", url="1", options="2") for name in ("sync-request", "then-request")
}

CALLS: dict[str, Entry] = {**BUILTINS, **FETCH, **NODE_HTTP, **REQUEST, **SUPERAGENT, **BITBUCKET, **METHOD_FIRST}


def _verbs(kind: str, tool: str) -> dict[tuple[str, str], Entry]:
    """axios and got instances: a verb, `request`, and the instance called itself (`()`)."""
    data = tool == "axios"
    out: dict[tuple[str, str], Entry] = {
        (kind, v): Send(tool, method=f"'{v.upper()}'", url="0",
                        options="2" if data and v in DATA_VERBS else "1",
                        body="1" if data and v in DATA_VERBS else "")
        for v in VERBS}
    out[(kind, "()")] = Send(tool, method="", url="0", options="0|1")
    out[(kind, "request")] = Send(tool, method="", url="0", options="0|1")
    out[(kind, "stream")] = Send(tool, method="", url="0", options="0|1")
    return out


METHODS: dict[tuple[str, str], Entry] = {
    **_verbs("axiosclient", "axios"), ("axiosclient", "create"): Make("axiosclient", "axios", options="0"),
    **_verbs("gotclient", "got"), ("gotclient", "extend"): Make("gotclient", "got", options="0|*"),
    ("rrequest", "auth"): Set("auth", value="*"),
    **{("rrequest", m): _SAME for m in ("on", "pipe", "form", "then", "catch", "promise")},
    ("agentrequest", "auth"): Set("auth", value="*"), ("agentrequest", "set"): Set("header"),
    ("agentrequest", "query"): Set("params", value="0"),
    ("agentrequest", "disableTLSCerts"): Set("insecure", value="'true'"),
    ("agentrequest", "trustLocalhost"): _SAME,
    **{("agentrequest", m): _SAME for m in ("send", "type", "accept", "timeout", "retry", "then", "end", "ok", "field",
                                            "attach", "redirects", "withCredentials", "catch", "buffer", "use",
                                            "responseType", "ca", "cert", "key")},
    ("fetchrequest", "clone"): _SAME,
    # a verb on a client the file does not show (an injected or wrapped one), given a Bitbucket URL
    **{("*", v): Send("http", method=f"'{v.upper()}'", url="0", options="2" if v in DATA_VERBS else "1")
       for v in VERBS},
}

LIBRARY = Library(
    "javascript", calls=CALLS, methods=METHODS,
    env_objects=frozenset(("process.env", "import.meta.env", "Deno.env", "Bun.env")),
    header_views=frozenset(("headers",)),
    properties={"auth": "auth", "baseURL": "base", "prefixUrl": "base"},
    shared={"axios": Make("axiosclient", "axios"), "got": Make("gotclient", "got")},
    transparent=frozenset(("defaults", "common")),
    bare_fields=False,
)
