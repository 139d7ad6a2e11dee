"""What HTTP libraries do, as data the language front ends share: which call sends which method,
where the URL, headers and credentials of a request come from, which objects a request
inherits them from (sessions, clients, instances), and which helpers compute a value (base64,
environment reads, URL joins) that the evaluator follows.

One module per language (`python`, `javascript`); a new language adds its table here and a
parser under tokenlint/parsers/. The front ends (tokenlint/detectors/*_calls.py) read these
tables and hand what they resolve to `tokenlint.detectors.calls.request_call`, which knows
nothing of any library.
"""

from __future__ import annotations

#: HTTP verbs that libraries of every language expose as methods (`requests.get`, `axios.post`).
VERBS = frozenset(("get", "post", "put", "patch", "delete", "head", "options"))


# --- the table format the tree-sitter front ends share (tokenlint.detectors.program_calls) ----
#
# Where a value is read from a call is a small path: a positional index (`0`), a named or
# keyword argument (`url`), `named` (all named arguments as one map), then map keys
# (`1.headers`), alternatives separated by `|` (`0|url`), a quoted literal (`'GET'`) or `this`
# (the object the method is called on). Options maps (an axios config, Guzzle's options, Ruby
# keyword arguments, Jenkins `httpRequest` parameters) are read with one set of keys, KEYS.

from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from tokenlint.facts import ApiCall  # noqa: E402


@dataclass(frozen=True)
class Send:
    """A call that sends a request. Fields of the object it is called on (a client, a request
    being built) come first, then those of a request object it is given (`request`), then its
    own arguments."""

    tool: str
    method: str = "'GET'"  # a path; "" when the object or the options say it
    url: str = ""
    options: str = ""  # paths to options maps read with KEYS
    headers: str = ""
    auth: str = ""  # Basic credentials: a (user, secret) pair, a {user, password} map or "user:secret"
    request: str = ""  # a request object being sent (`client.Do(req)`, `curl_exec($ch)`)
    needs: str = ""  # paths one of which must be given, else nothing is sent (a provider block with no credential)
    body: str = ""  # the request body (a `grant_type=password` form says an account password is sent)


@dataclass(frozen=True)
class Make:
    """A constructor or factory whose object is configured (`Set`) and sent through (`Send`) later:
    a client with defaults, a request being built, a connection."""

    kind: str
    tool: str
    url: str = ""  # the request URL (a request object) or the base URL (a client): `base` says which
    base: bool = False
    method: str = ""
    options: str = ""
    headers: str = ""
    auth: str = ""
    then: str = ""  # a method of `kind` applied with the same arguments (Laravel's `Http::withToken($t)`)
    #: the request is reported where the object is made, its credential where it is set on it
    #: (a URLConnection's URL is fixed when it is opened; what it sends is set on it before a read)
    here: bool = False
    scheme: str = ""  # the scheme its credentials go with, when not Basic (`HTTPDigestAuth`)
    #: the request goes out by itself once the statement that made it is done, unless something
    #: sent it before (request's `request.post(…).auth(…)`, superagent's `superagent.get(…).set(…)`)
    sends: bool = False


@dataclass(frozen=True)
class Set:
    """A method of a modelled object that configures it and returns it (builders chain):
    `field` is one of url, path (a segment appended to the URL: JAX-RS's `target.path(p)`),
    base, method, header (key, value; or a map), headers (a map), params (a
    query map), basic (user, secret), digest (user, secret), userinfo ("user:secret"), bearer (a
    token), authorization (a header value), insecure (a flag that is true when TLS checks are off),
    secure (a flag that is false when they are off), authobj (an authenticator object: only one the
    file builds says a scheme), scheme (the auth scheme by name:
    CURLAUTH_DIGEST), option (PHP's `curl_setopt`: `key` names the option, `value` its value),
    options (a map of options: `curl_setopt_array`, Guzzle's `withOptions`), scheme_args
    (Faraday's `request :authorization, :basic, u, p`: a scheme named among the arguments, then
    its credentials); any other field (`keep`, `none`: a builder method tokenlint need not read)
    leaves the object as it is."""

    field: str
    key: str = "0"
    value: str = "1"
    target: str = "this"  # which argument is the object (`curl_setopt($ch, …)` is 0)


@dataclass(frozen=True)
class Builtin:
    """A function whose value the evaluator computes: env (a variable's value: `${NAME}`),
    base64, basic (a Basic header value from user and secret), header (an Authorization value from a
    scheme and its parameter), format (printf-style), percent (Python's `text % values`), join (a
    base URL and a path), url (a path and an optional base: `new URL(path, base)`), map (a copy of
    its map argument, or an empty map: `new Headers(…)`), import (the module a literal names:
    `require('m')`; a module of the repository, `./x`, gives nothing), same (its first argument,
    or its object: `URI.create(u)`, `s.getBytes()`), module (a named value later calls are looked
    up under), merge (arrays or maps joined: `array_merge`)."""

    does: str
    name: str = ""  # for `module`: the name it stands for


Entry = Send | Make | Set | Builtin


@dataclass(frozen=True)
class Library:
    """One language's HTTP clients and built-ins, as data."""

    language: str
    #: by canonical callee name (imports resolved, `::`/`->` as `.`): `axios.get`, `http.NewRequest`
    calls: dict[str, Entry] = field(default_factory=dict)
    #: by object kind and method name; kind "*" for any object (a verb on an unknown receiver); method "*"
    #: for a kind's other methods (a builder whose setters all return it: resty's `R().SetResult(…)`)
    methods: dict[tuple[str, str], Entry] = field(default_factory=dict)
    #: names whose attributes or items are environment variables: `process.env`, `ENV`, `$_ENV`
    env_objects: frozenset[str] = frozenset()
    #: attributes of a modelled object that are its header map: Go's `req.Header`
    header_views: frozenset[str] = frozenset(("headers", "Headers", "Header", "DefaultRequestHeaders"))
    #: assignable properties of a modelled object, as the `Set` field they set (`conn.requestMethod = 'POST'`)
    properties: dict[str, str] = field(default_factory=dict)
    #: PHP `curl_setopt` option names and the field they set
    options: dict[str, str] = field(default_factory=dict)
    #: types the calls found by what the file says elsewhere (Jenkins `withCredentials` bindings):
    #: called with the file's text and its calls
    retype: Callable[[str, list[ApiCall]], None] | None = None
    #: other files complete a file of this language as context (their functions, types, constants,
    #: partial classes: a Go package, C# bases and partial classes) rather than as base classes
    #: put before its own (tokenlint.detectors.program_calls.with_bases)
    shares_files: bool = False
    #: modules that are themselves a library object whose defaults their calls share (`axios`, `got`)
    shared: dict[str, Make] = field(default_factory=dict)
    #: attributes that stand for their owner, object or map, when it has no such key (axios's
    #: `instance.defaults.headers.common`)
    transparent: frozenset[str] = frozenset()
    #: whether assigning a bare name in a method sets the instance's field of that name (Java, C#,
    #: Groovy); in JavaScript a bare name is a local (`const { api = this.api } = opts`)
    bare_fields: bool = True


#: Keys of an options map and what they give, for every library.
KEYS: dict[str, str] = {
    **dict.fromkeys(("url", "uri", "URL", "Uri", "RequestUri", "endpoint"), "url"),
    **dict.fromkeys(("baseURL", "baseUrl", "base_url", "base_uri", "baseUri", "prefixUrl", "BaseAddress", "host_url",
                     "site"), "base"),
    **dict.fromkeys(("method", "httpMode", "http_method", "Method", "verb"), "method"),
    **dict.fromkeys(("headers", "header", "customHeaders", "Headers", "DefaultRequestHeaders"), "headers"),
    **dict.fromkeys(("params", "searchParams", "qs", "query"), "params"),
    **dict.fromkeys(("data", "body", "form", "json"), "body"),
    **dict.fromkeys(("host", "hostname"), "host"),
    **dict.fromkeys(("auth", "basic_auth", "basicAuth", "authentication", "Credentials", "userpwd", "auth_basic",
                     "Authenticator"), "auth"),
    **dict.fromkeys(("digest_auth", "digestAuth"), "digest"),
    **dict.fromkeys(("username", "user", "login", "Username", "UserName"), "user"),
    **dict.fromkeys(("password", "pass", "app_password", "Password", "secret"), "password"),
    **dict.fromkeys(("bearer", "oauth_token", "access_token_header", "auth_bearer"), "bearer"),
    **dict.fromkeys(("verify", "rejectUnauthorized", "verify_ssl", "ssl_verify", "verifySsl", "verify_mode",
                     "verify_peer", "verify_peer_name", "verify_host", "strictSSL"), "secure"),
    **dict.fromkeys(("insecure", "ignoreSslErrors", "InsecureSkipVerify", "insecureSkipVerify",
                     "ServerCertificateCustomValidationCallback"), "insecure"),
}
