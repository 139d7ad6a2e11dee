""".NET HTTP clients as data: HttpClient (a base address and default headers, requests sent by
`GetAsync`/`PostAsync`/… or as an `HttpRequestMessage` by `SendAsync`), handlers whose
certificate callback accepts everything, RestSharp (RestClient, RestRequest, authenticators),
WebClient and WebRequest; and the built-ins that build a URL or a credential
(Environment.GetEnvironmentVariable, Convert.ToBase64String, string.Format, new Uri)."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")
_KEEP = Set("keep")  # a builder method that returns its object and changes nothing tokenlint reads
_HEADER = Set("header")
_VERBS = {"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE", "Head": "HEAD",
          "Options": "OPTIONS"}

BUILTINS: dict[str, Entry] = {
    "Environment.GetEnvironmentVariable": Builtin("env"),
    "Convert.ToBase64String": Builtin("base64"),
    **{f"Encoding.{e}.GetBytes": _SAME for e in ("ASCII", "UTF8", "Default", "Unicode", "Latin1")},
    **{f"{e}Encoding.{e}.GetBytes": _SAME for e in ("ASCII", "UTF8")},
    "Encoding.GetEncoding": Builtin("module", "Encoding.ASCII"), "Encoding.ASCII.GetBytes": _SAME,
    "string.Format": Builtin("format"), "String.Format": Builtin("format"), "string.Concat": _SAME,
    "Uri": Builtin("join"), "UriBuilder": _SAME, "Uri.EscapeDataString": _SAME, "HttpUtility.UrlEncode": _SAME,
    "WebUtility.UrlEncode": _SAME, "HttpMethod": _SAME, "Path.Combine": Builtin("join"),
    "AuthenticationHeaderValue": Builtin("header"),
}

CALLS: dict[str, Entry] = {
    **BUILTINS,
    # System.Net.Http
    "HttpClient": Make("client", "HttpClient", options="0|named"),
    "IHttpClientFactory": Make("clientfactory", ""), "HttpClientFactory": Make("clientfactory", ""),
    "HttpClientHandler": Make("handler", "", options="named"),
    "SocketsHttpHandler": Make("handler", "", options="named"),
    "SslClientAuthenticationOptions": Make("handler", "", options="named"),
    "HttpRequestMessage": Make("request", "HttpClient", method="0", url="1", options="named"),
    # RestSharp
    "RestClient": Make("restclient", "RestSharp", url="0", base=True, options="0|named"),
    "RestClientOptions": Make("restoptions", "", url="0", base=True, options="named"),
    "RestRequest": Make("restrequest", "RestSharp", url="0", method="1", options="named"),
    "HttpBasicAuthenticator": Make("auth", "", auth="*"),
    "NetworkCredential": Make("auth", "", auth="*"),
    # WebClient, WebRequest
    "WebClient": Make("webclient", "WebClient", options="named"),
    "WebRequest.Create": Make("webrequest", "WebRequest", url="0"),
    "HttpWebRequest.Create": Make("webrequest", "WebRequest", url="0"),
    "WebRequest.CreateHttp": Make("webrequest", "WebRequest", url="0"),
}

#: HttpClient's sending methods: (method name, HTTP method); a URL or a Uri first.
_HTTPCLIENT_SENDS = {
    **{f"{v}Async": m for v, m in _VERBS.items()},
    "GetStringAsync": "GET", "GetByteArrayAsync": "GET", "GetStreamAsync": "GET", "GetFromJsonAsync": "GET",
    "PostAsJsonAsync": "POST", "PutAsJsonAsync": "PUT", "PatchAsJsonAsync": "PATCH", "DeleteFromJsonAsync": "DELETE",
}

METHODS: dict[tuple[str, str], Entry] = {
    # HttpClient: a verb on a client of the file, or on one injected (`*`, given a Bitbucket URL)
    **{("client", name): Send("HttpClient", method=f"'{m}'", url="0") for name, m in _HTTPCLIENT_SENDS.items()},
    **{("*", name): Send("HttpClient", method=f"'{m}'", url="0") for name, m in _HTTPCLIENT_SENDS.items()},
    ("clientfactory", "CreateClient"): Make("client", "HttpClient"),  # an injected IHttpClientFactory
    ("client", "SendAsync"): Send("HttpClient", method="", request="0"),
    ("client", "Send"): Send("HttpClient", method="", request="0"),
    ("*", "SendAsync"): Send("HttpClient", method="", request="0"),
    # RestSharp: the request carries the method; the client sends it
    ("restrequest", "AddHeader"): _HEADER, ("restrequest", "AddOrUpdateHeader"): _HEADER,
    ("restrequest", "AddHeaders"): Set("headers", value="0"),
    ("restrequest", "*"): _KEEP,
    ("restclient", "AddDefaultHeader"): _HEADER, ("restclient", "AddDefaultHeaders"): Set("headers", value="0"),
    ("restclient", "UseAuthenticator"): Set("authobj", value="0"),
    **{("restclient", m): Send("RestSharp", method="", request="0") for m in (
        "Execute", "ExecuteAsync", "ExecuteTaskAsync", "Get", "Post", "Put", "Patch", "Delete", "Head",
        "ExecuteGetAsync", "ExecutePostAsync", "ExecutePutAsync", "GetAsync", "PostAsync", "PutAsync", "PatchAsync",
        "DeleteAsync", "GetAsync", "PostJsonAsync", "GetJsonAsync")},
    **{("restclient", f"Execute{v}Async"): Send("RestSharp", method=f"'{m}'", request="0")
       for v, m in _VERBS.items()},
    **{("restclient", f"{v}Async"): Send("RestSharp", method=f"'{m}'", request="0") for v, m in _VERBS.items()},
    **{("restclient", v): Send("RestSharp", method=f"'{m}'", request="0") for v, m in _VERBS.items()},
    ("*", "Execute"): Send("RestSharp", method="", request="0"),
    ("*", "ExecuteAsync"): Send("RestSharp", method="", request="0"),
    # WebClient
    **{("webclient", m): Send("WebClient", url="0") for m in (
        "DownloadString", "DownloadStringTaskAsync", "DownloadData", "DownloadDataTaskAsync", "OpenRead",
        "OpenReadTaskAsync", "DownloadFile", "DownloadFileTaskAsync")},
    **{("webclient", m): Send("WebClient", method="'POST'", url="0") for m in (
        "UploadString", "UploadStringTaskAsync", "UploadData", "UploadDataTaskAsync", "UploadValues",
        "UploadValuesTaskAsync", "UploadFile")},
    # WebRequest: sent when its response (or its request stream) is asked for
    **{("webrequest", m): Send("WebRequest", method="") for m in (
        "GetResponse", "GetResponseAsync", "GetRequestStream", "GetRequestStreamAsync", "BeginGetResponse")},
}

#: Properties assigned after construction, as the `Set` field they set.
PROPERTIES = {
    "BaseAddress": "base", "RequestUri": "url", "Method": "method",
    "Credentials": "authobj", "Authenticator": "authobj",
    "ServerCertificateCustomValidationCallback": "insecure",
    "ServerCertificateValidationCallback": "insecure", "RemoteCertificateValidationCallback": "insecure",
}

LIBRARY = Library("csharp", calls=CALLS, methods=METHODS, properties=PROPERTIES, shares_files=True)
