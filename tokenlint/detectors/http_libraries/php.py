"""PHP HTTP clients as data: the curl extension (`curl_init`, `curl_setopt`, `curl_exec`), Guzzle,
`file_get_contents` with a stream context, Symfony HttpClient and Laravel's `Http` facade; and
the built-ins that build a URL or a credential (getenv, base64_encode, sprintf, array_merge).

Namespaced names are dotted (`GuzzleHttp\\Client` is `GuzzleHttp.Client`); a class reached
through a `use` import has its full name, one named bare (a global alias, a file without the
import) its short one, so both are listed.
"""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS, Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")

BUILTINS: dict[str, Entry] = {
    "getenv": Builtin("env"), "env": Builtin("env"), "base64_encode": Builtin("base64"),
    "sprintf": Builtin("format"), "vsprintf": Builtin("format"), "array_merge": Builtin("merge"),
    "array_replace": Builtin("merge"), "array_merge_recursive": Builtin("merge"),
    "trim": _SAME, "rtrim": _SAME, "urlencode": _SAME, "rawurlencode": _SAME, "strval": _SAME,
    "utf8_encode": _SAME,
}

#: curl_setopt option names and the field each sets (Set "option").
CURL_OPTIONS: dict[str, str] = {
    "CURLOPT_URL": "url", "CURLOPT_USERPWD": "userinfo", "CURLOPT_HTTPHEADER": "headers",
    "CURLOPT_CUSTOMREQUEST": "method", "CURLOPT_POST": "post", "CURLOPT_SSL_VERIFYPEER": "secure",
    "CURLOPT_SSL_VERIFYHOST": "secure", "CURLOPT_HTTPAUTH": "scheme", "CURLOPT_XOAUTH2_BEARER": "bearer",
}

CURL: dict[str, Entry] = {
    "curl_init": Make("curl", "curl", url="0"),
    "curl_setopt": Set("option", key="1", value="2", target="0"),
    "curl_setopt_array": Set("options", value="1", target="0"),
    "curl_exec": Send("curl", method="", request="0"),
    "curl_multi_add_handle": Send("curl", method="", request="1"),
}

GUZZLE_CLASSES = ("GuzzleHttp.Client", "Client", "GuzzleClient", "Guzzle.Http.Client")
_GUZZLE_REQUEST = ("GuzzleHttp.Psr7.Request", "Psr7.Request")

#: `use Illuminate\Support\Facades\Http;` or the global alias `Http`
_LARAVEL = ("Http", "Illuminate.Support.Facades.Http")
_LARAVEL_SETS: dict[str, Set] = {
    "withBasicAuth": Set("basic", "0", "1"), "withDigestAuth": Set("digest", "0", "1"),
    "withToken": Set("bearer", value="0"), "withHeaders": Set("headers", value="0"),
    "baseUrl": Set("base", value="0"), "withOptions": Set("options", value="0"),
    "withoutVerifying": Set("insecure", value="'true'"), "withHeader": Set("header"),
    "acceptJson": Set("header", key="'Accept'", value="'application/json'"),
    "asJson": Set("header", key="'Content-Type'", value="'application/json'"),
    "timeout": Set("none"), "retry": Set("none"), "withUserAgent": Set("none"), "asForm": Set("none"),
    "withUrlParameters": Set("none"), "connectTimeout": Set("none"), "accept": Set("none"),
}

SYMFONY = ("HttpClient", "Symfony.Component.HttpClient.HttpClient")

CALLS: dict[str, Entry] = {
    **BUILTINS, **CURL,
    **{name: Make("client", "Guzzle", options="0") for name in GUZZLE_CLASSES},
    **{name: Make("request", "Guzzle", method="0", url="1", headers="2") for name in _GUZZLE_REQUEST},
    # file_get_contents($url, false, stream_context_create(['http' => [...]]))
    "stream_context_create": Make("context", "file_get_contents", options="0.http|0.https|0.ssl"),
    "file_get_contents": Send("file_get_contents", method="", url="0", request="2"),
    "fopen": Send("file_get_contents", method="", url="0", request="3"),
    # Symfony HttpClient
    **{f"{c}.create": Make("client", "Symfony HttpClient", options="0") for c in SYMFONY},
    **{f"{c}.createForBaseUri": Make("client", "Symfony HttpClient", url="0", base=True, options="1")
       for c in SYMFONY},
    # Laravel: `Http::withBasicAuth(…)` starts a pending request, `Http::get($url)` sends at once
    **{f"{c}.{m}": Make("laravel", "Laravel Http", then=m) for c in _LARAVEL for m in _LARAVEL_SETS},
    **{f"{c}.{v}": Send("Laravel Http", method=f"'{v.upper()}'", url="0") for c in _LARAVEL for v in VERBS},
}

_SEND_OPTIONS = {v: Send("Guzzle", method=f"'{v.upper()}'", url="0", options="1") for v in VERBS}

METHODS: dict[tuple[str, str], Entry] = {
    # Guzzle (and Symfony, whose `request($method, $url, $options)` reads the same)
    ("client", "request"): Send("Guzzle", method="0", url="1", options="2"),
    ("client", "requestAsync"): Send("Guzzle", method="0", url="1", options="2"),
    ("client", "send"): Send("Guzzle", method="", request="0", options="1"),
    ("client", "sendAsync"): Send("Guzzle", method="", request="0", options="1"),
    ("client", "sendRequest"): Send("Guzzle", method="", request="0"),
    ("client", "withOptions"): Set("options", value="0"),
    **{("client", v): e for v, e in _SEND_OPTIONS.items()},
    **{("client", f"{v}Async"): e for v, e in _SEND_OPTIONS.items()},
    ("request", "withHeader"): Set("header"), ("request", "withAddedHeader"): Set("header"),
    # Laravel pending requests
    **{("laravel", m): s for m, s in _LARAVEL_SETS.items()},
    **{("laravel", v): Send("Laravel Http", method=f"'{v.upper()}'", url="0") for v in VERBS},
    ("laravel", "send"): Send("Laravel Http", method="0", url="1", options="2"),
    # a client the file does not show being made (injected, a property of a base class)
    ("*", "request"): Send("Guzzle", method="0", url="1", options="2"),
    **{("*", v): e for v, e in _SEND_OPTIONS.items()},
}

LIBRARY = Library("php", calls=CALLS, methods=METHODS, env_objects=frozenset(("_ENV", "_SERVER")),
                  options=CURL_OPTIONS)
