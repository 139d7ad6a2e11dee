"""Go HTTP clients as data: net/http (requests built with `http.NewRequest` and sent by a
client's `Do`, the `http.Get`/`Post` shortcuts, transports whose TLS config skips checks) and
resty (a client with defaults, requests made from it with `R()`); and the built-ins that
build a URL or a credential (os.Getenv, base64, fmt.Sprintf, url.JoinPath).

Imports are bound to their package's name by the front end (`"net/http"` is `http`,
`"github.com/go-resty/resty/v2"` is `resty`), so the names here are what the code spells."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")
_KEEP = Set("keep")  # a builder method that returns its object and changes nothing tokenlint reads
_HEADER = Set("header")
_VERBS = ("Get", "Post", "Put", "Patch", "Delete", "Head", "Options")

BUILTINS: dict[str, Entry] = {
    "os.Getenv": Builtin("env"), "os.LookupEnv": Builtin("env"), "syscall.Getenv": Builtin("env"),
    **{f"base64.{enc}.EncodeToString": Builtin("base64") for enc in (
        "StdEncoding", "URLEncoding", "RawStdEncoding", "RawURLEncoding")},
    "fmt.Sprintf": Builtin("format"), "fmt.Sprint": Builtin("same"),
    "url.JoinPath": Builtin("join"), "path.Join": Builtin("join"), "url.Parse": _SAME, "url.ParseRequestURI": _SAME,
    "url.PathEscape": _SAME, "url.QueryEscape": _SAME, "string": _SAME,
    **{f"strings.{f}": _SAME for f in ("TrimSpace", "TrimRight", "TrimSuffix", "TrimPrefix", "Trim", "ToLower")},
    "strings.ReplaceAll": Builtin("same"),
}

CALLS: dict[str, Entry] = {
    **BUILTINS,
    # net/http
    "http.NewRequest": Make("request", "net/http", method="0", url="1"),
    "http.NewRequestWithContext": Make("request", "net/http", method="1", url="2"),
    "http.Client": Make("client", "net/http", options="named"),
    "http.Transport": Make("transport", "", options="named"),
    "tls.Config": Make("tls", "", options="named"),
    "http.Get": Send("net/http", url="0"), "http.Head": Send("net/http", method="'HEAD'", url="0"),
    "http.Post": Send("net/http", method="'POST'", url="0"),
    "http.PostForm": Send("net/http", method="'POST'", url="0"),
    "http.DefaultClient.Do": Send("net/http", method="", request="0"),
    **{f"http.DefaultClient.{v}": Send("net/http", method=f"'{v.upper()}'", url="0") for v in ("Get", "Head", "Post",
                                                                                             "PostForm")},
    # resty
    "resty.New": Make("rclient", "resty"), "resty.NewWithClient": Make("rclient", "resty", options="0"),
}

METHODS: dict[tuple[str, str], Entry] = {
    # net/http
    ("request", "SetBasicAuth"): Set("basic", "0", "1"),
    ("request", "WithContext"): _KEEP, ("request", "Clone"): _KEEP,
    ("client", "Do"): Send("net/http", method="", request="0"),
    ("*", "Do"): Send("net/http", method="", request="0"),
    **{("client", v): Send("net/http", method=f"'{v.upper()}'", url="0") for v in ("Get", "Head", "Post",
                                                                                  "PostForm")},
    # resty: client defaults, then requests made from the client with R()
    ("rclient", "SetBaseURL"): Set("base", value="0"), ("rclient", "SetHostURL"): Set("base", value="0"),
    ("rclient", "SetBasicAuth"): Set("basic", "0", "1"), ("rclient", "SetDigestAuth"): Set("digest", "0", "1"),
    ("rclient", "SetAuthToken"): Set("bearer", value="0"), ("rclient", "SetHeader"): _HEADER,
    ("rclient", "SetHeaders"): Set("headers", value="0"),
    ("rclient", "SetTLSClientConfig"): Set("insecure", value="0"),
    ("rclient", "SetTransport"): Set("insecure", value="0"),
    ("rclient", "R"): Make("rrequest", "resty"), ("rclient", "NewRequest"): Make("rrequest", "resty"),
    ("rclient", "*"): _KEEP,
    ("rrequest", "SetBasicAuth"): Set("basic", "0", "1"), ("rrequest", "SetDigestAuth"): Set("digest", "0", "1"),
    ("rrequest", "SetAuthToken"): Set("bearer", value="0"), ("rrequest", "SetHeader"): _HEADER,
    ("rrequest", "SetHeaders"): Set("headers", value="0"), ("rrequest", "SetURL"): Set("url", value="0"),
    ("rrequest", "SetMethod"): Set("method", value="0"),
    **{("rrequest", v): Send("resty", method=f"'{v.upper()}'", url="0") for v in _VERBS},
    ("rrequest", "Execute"): Send("resty", method="0", url="1"),
    ("rrequest", "Send"): Send("resty", method=""),
    ("rrequest", "*"): _KEEP,
}

LIBRARY = Library("go", calls=CALLS, methods=METHODS, shares_files=True)
