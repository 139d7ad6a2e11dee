"""JavaScript and TypeScript HTTP libraries: fetch (and node-fetch, cross-fetch, undici), axios,
got, Node's http/https, and the `bitbucket` npm client. What the language's built-ins compute
(`require`, `btoa`, `Buffer`, `Headers`, `URL`) is the evaluator's: tokenlint.parsers.javascript_eval."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS

__all__ = ["AGENTS", "BITBUCKET_CLIENTS", "CLIENT_FACTORIES", "DATA_VERBS", "FETCH_MODULES", "NODE_HTTP",
           "REQUEST_MODULES", "REQUEST_VERBS", "VERBS"]

#: axios takes a body before the config for these: `axios.post(url, data, config)`.
DATA_VERBS = frozenset(("post", "put", "patch"))
#: Modules and globals that are `fetch(url, {method, headers, body})` under another name.
FETCH_MODULES = {"node-fetch": "fetch", "cross-fetch": "fetch", "isomorphic-fetch": "fetch", "undici.fetch": "fetch",
                 "node-fetch.default": "fetch", "window.fetch": "fetch", "globalThis.fetch": "fetch"}
#: Node's `request(url | options, options?)`: method, host, path, headers and `auth: 'user:pass'` in options.
NODE_HTTP = frozenset(("https.request", "https.get", "http.request", "http.get"))
#: `new Bitbucket({auth: {token | username, password}, baseUrl})` of the `bitbucket` npm client.
BITBUCKET_CLIENTS = frozenset(("bitbucket.Bitbucket", "bitbucket", "Bitbucket"))
#: Client factories, and the library whose instance they make (its `defaults` are the library's own).
CLIENT_FACTORIES = {"axios.create": "axios", "got.extend": "got"}
#: Node's agents: `new https.Agent({rejectUnauthorized: false})` turns TLS verification off.
AGENTS = frozenset(("https.Agent", "http.Agent"))
#: The `request` library and its promise wrappers: `request(url | options, cb)`, `request.post(…)`,
#: options `{url | uri, baseUrl, method, headers, auth: {user | username, pass | password, bearer}, form,
#: body}`, and a chained `.auth(user, pass, sendImmediately, bearer)` on the request it returns.
REQUEST_MODULES = frozenset(("request", "request-promise", "request-promise-native", "requestretry"))
#: `request.del` is its DELETE.
REQUEST_VERBS = {**{v: v for v in VERBS}, "del": "delete"}
