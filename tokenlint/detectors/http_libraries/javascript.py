"""JavaScript and TypeScript HTTP libraries: fetch (and node-fetch, cross-fetch, undici), axios,
got, Node's http/https, and the `bitbucket` npm client."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS

__all__ = ["VERBS", "DATA_VERBS", "FETCH_MODULES", "NODE_HTTP", "BITBUCKET_CLIENTS", "EVALUATED", "CONSTRUCTED"]

#: axios takes a body before the config for these: `axios.post(url, data, config)`.
DATA_VERBS = frozenset(("post", "put", "patch"))
#: Modules and globals that are `fetch(url, {method, headers, body})` under another name.
FETCH_MODULES = {"node-fetch": "fetch", "cross-fetch": "fetch", "isomorphic-fetch": "fetch", "undici.fetch": "fetch",
                 "node-fetch.default": "fetch", "window.fetch": "fetch", "globalThis.fetch": "fetch"}
#: Node's `request(url | options, options?)`: method, host, path, headers and `auth: 'user:pass'` in options.
NODE_HTTP = frozenset(("https.request", "https.get", "http.request", "http.get"))
#: `new Bitbucket({auth: {token | username, password}, baseUrl})` of the `bitbucket` npm client.
BITBUCKET_CLIENTS = frozenset(("bitbucket.Bitbucket", "bitbucket", "Bitbucket"))
#: Calls whose result the evaluator computes (base64, encoders, `require`, client factories).
EVALUATED = frozenset(("require", "Buffer.from", "btoa", "axios.create", "got.extend", "String",
                       "encodeURIComponent", "encodeURI"))
#: Constructors whose object the evaluator models (headers, query parameters, agents, URLs).
CONSTRUCTED = frozenset(("Headers", "URLSearchParams", "https.Agent", "http.Agent", "URL"))
