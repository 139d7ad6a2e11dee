"""Java HTTP clients as data: java.net.http (HttpClient, HttpRequest builders),
HttpURLConnection, OkHttp, Spring's RestTemplate and WebClient, Unirest, Apache HttpClient;
and the built-ins that build a URL or a credential (System.getenv, Base64, String.format).
Groovy and Jenkins shared libraries run on the JVM and reuse these (tokenlint.detectors.http_libraries.groovy)."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")
_HEADER = Set("header")

#: Values the JVM's standard library and common helpers compute.
BUILTINS: dict[str, Entry] = {
    "System.getenv": Builtin("env"), "System.getProperty": Builtin("env"),
    "Base64.getEncoder": Builtin("module", "Base64Encoder"),
    "Base64.getMimeEncoder": Builtin("module", "Base64Encoder"),
    "Base64Encoder.encodeToString": Builtin("base64"), "Base64Encoder.encode": Builtin("base64"),
    "Base64.encodeBase64String": Builtin("base64"), "Base64.encodeBase64": Builtin("base64"),
    "DatatypeConverter.printBase64Binary": Builtin("base64"), "Credentials.basic": Builtin("basic"),
    "String.format": Builtin("format"), "String.valueOf": _SAME, "String": _SAME, "URI.create": _SAME, "URI": _SAME,
    "URLEncoder.encode": _SAME, "Objects.requireNonNull": _SAME, "Optional.of": _SAME,
    "MessageFormat.format": Builtin("format"),
}

#: HttpURLConnection: `new URL(u).openConnection()`, configured, sent when a response is read.
CONNECTION_CALLS: dict[str, Entry] = {"URL": Make("connection", "HttpURLConnection", url="0")}
CONNECTION_METHODS: dict[tuple[str, str], Entry] = {
    ("connection", "openConnection"): _SAME,
    ("connection", "setRequestMethod"): Set("method", value="0"),
    ("connection", "setRequestProperty"): _HEADER, ("connection", "addRequestProperty"): _HEADER,
    ("connection", "setDoOutput"): Set("post", value="0"),
    # a hostname verifier written in place (`(host, session) -> true`) is one that accepts every host
    ("connection", "setHostnameVerifier"): Set("insecure", value="0"),
    **{("connection", m): Send("HttpURLConnection", method="") for m in (
        "getInputStream", "getResponseCode", "getOutputStream", "connect", "getResponseMessage", "getContent",
        "getErrorStream")},
}

CALLS: dict[str, Entry] = {
    **BUILTINS, **CONNECTION_CALLS,
    # java.net.http
    "HttpRequest.newBuilder": Make("jrequest", "HttpClient", url="0"),
    "HttpClient.newHttpClient": Make("client", "HttpClient"), "HttpClient.newBuilder": Make("client", "HttpClient"),
    # OkHttp
    "Request.Builder": Make("okrequest", "OkHttp"), "OkHttpClient": Make("client", "OkHttp"),
    "OkHttpClient.Builder": Make("client", "OkHttp"),
    # Spring
    "HttpHeaders": Make("headers", "RestTemplate"), "HttpEntity": Make("entity", "RestTemplate", options="0|1"),
    "RequestEntity": Make("entity", "RestTemplate", options="0|1"),
    "RestTemplate": Make("client", "RestTemplate"), "RestTemplateBuilder": Make("client", "RestTemplate"),
    "WebClient.builder": Make("webclient", "WebClient"), "WebClient.create": Make("webclient", "WebClient", url="0",
                                                                               base=True),
    "ExchangeFilterFunctions.basicAuthentication": Make("auth", "", auth="*"),
    "BasicAuthenticationInterceptor": Make("auth", "", auth="*"),
    # Unirest
    **{f"Unirest.{v}": Make("unirest", "Unirest", url="0", method=f"'{v.upper()}'")
       for v in ("get", "post", "put", "patch", "delete", "head")},
    # Apache HttpClient
    **{f"Http{v}": Make("apache", "HttpClient", url="0", method=f"'{v.upper()}'")
       for v in ("Get", "Post", "Put", "Patch", "Delete", "Head")},
    "HttpClients.createDefault": Make("client", "HttpClient"), "HttpClients.custom": Make("client", "HttpClient"),
    "HttpClientBuilder.create": Make("client", "HttpClient"),
    "BasicCredentialsProvider": Make("credentials", ""),
    "UsernamePasswordCredentials": Make("auth", "", auth="*"),
    # Apache commons-httpclient 3 (the API before 4.0, still in old Jenkins plugins): `new
    # HttpClient()`, `client.getState().setCredentials(AuthScope.ANY, creds)`, `new GetMethod(url)`,
    # `client.executeMethod(method)`
    "HttpClient": Make("client", "HttpClient"),
    # JAX-RS (Jersey, RESTEasy): `ClientBuilder.newClient().target(base).path(p).request().header(…).get()`
    "ClientBuilder.newClient": Make("jaxrs", "JAX-RS"), "ClientBuilder.newBuilder": Make("jaxrs", "JAX-RS"),
    **{f"{v}Method": Make("apache", "HttpClient", url="0", method=f"'{v.upper()}'")
       for v in ("Get", "Post", "Put", "Patch", "Delete", "Head", "Options")},
}

_VERB_SETS = {v: Set("method", value=f"'{v.upper()}'") for v in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")}

METHODS: dict[tuple[str, str], Entry] = {
    **CONNECTION_METHODS,
    ("jrequest", "uri"): Set("url", value="0"), ("jrequest", "header"): _HEADER, ("jrequest", "setHeader"): _HEADER,
    ("jrequest", "method"): Set("method", value="0"), ("jrequest", "build"): _SAME,
    **{("jrequest", v): s for v, s in _VERB_SETS.items()},
    ("client", "send"): Send("HttpClient", method="", request="0"),
    ("client", "sendAsync"): Send("HttpClient", method="", request="0"),
    ("client", "build"): _SAME, ("client", "authenticator"): _SAME,
    ("client", "hostnameVerifier"): Set("insecure", value="0"),
    ("okrequest", "url"): Set("url", value="0"), ("okrequest", "header"): _HEADER,
    ("okrequest", "addHeader"): _HEADER, ("okrequest", "method"): Set("method", value="0"),
    ("okrequest", "build"): _SAME,
    **{("okrequest", v.lower()): s for v, s in _VERB_SETS.items()},
    ("client", "newCall"): Send("OkHttp", method="", request="0"),
    ("headers", "set"): _HEADER, ("headers", "add"): _HEADER, ("headers", "setBasicAuth"): Set("basic", "0", "1"),
    ("headers", "setBearerAuth"): Set("bearer", value="0"),
    ("client", "exchange"): Send("RestTemplate", method="1", url="0", request="2"),
    ("client", "basicAuthentication"): Set("basic", "0", "1"), ("client", "basicAuthorization"): Set("basic", "0", "1"),
    ("client", "rootUri"): Set("base", value="0"),
    ("webclient", "baseUrl"): Set("base", value="0"), ("webclient", "defaultHeader"): _HEADER,
    ("webclient", "filter"): Set("auth", value="0"), ("webclient", "build"): _SAME,
    **{("webclient", v): Make("webrequest", "WebClient", method=f"'{v.upper()}'")
       for v in ("get", "post", "put", "patch", "delete", "head")},
    ("webclient", "method"): Make("webrequest", "WebClient", method="0"),
    ("webrequest", "uri"): Set("url", value="0"), ("webrequest", "header"): _HEADER,
    **{("webrequest", m): Send("WebClient", method="") for m in ("retrieve", "exchange", "exchangeToMono",
                                                                 "exchangeToFlux")},
    ("unirest", "basicAuth"): Set("basic", "0", "1"), ("unirest", "header"): _HEADER,
    **{("unirest", m): Send("Unirest", method="") for m in (
        "asString", "asJson", "asBytes", "asObject", "asEmpty", "asStringAsync", "asJsonAsync", "asBinary")},
    ("apache", "setHeader"): _HEADER, ("apache", "addHeader"): _HEADER,
    ("apache", "setRequestHeader"): _HEADER, ("apache", "addRequestHeader"): _HEADER,
    ("apache", "setURI"): Set("url", value="0"), ("apache", "setPath"): Set("url", value="0"),
    ("client", "getState"): Set("keep"), ("client", "setCredentials"): Set("auth", value="1"),
    ("credentials", "setCredentials"): Set("auth", value="1"),
    ("client", "setDefaultCredentialsProvider"): Set("auth", value="0"),
    ("client", "executeMethod"): Send("HttpClient", method="", request="0"),
    ("jaxrs", "target"): Make("jtarget", "JAX-RS", url="0"), ("jaxrs", "build"): _SAME,
    **{("jaxrs", m): Set("keep") for m in ("register", "property", "sslContext", "hostnameVerifier")},
    ("jtarget", "path"): Set("path", value="0"), ("jtarget", "header"): _HEADER,
    **{("jtarget", m): Set("keep") for m in ("request", "resolveTemplate", "resolveTemplates", "queryParam",
                                             "accept", "acceptEncoding", "register", "property", "cookie",
                                             "matrixParam", "cacheControl", "async")},
    **{("jtarget", v): Send("JAX-RS", method=f"'{v.upper()}'") for v in ("get", "delete", "head", "options")},
    **{("jtarget", v): Send("JAX-RS", method=f"'{v.upper()}'", body="0") for v in ("post", "put")},
    ("jtarget", "method"): Send("JAX-RS", method="0"),
    ("*", "executeMethod"): Send("HttpClient", method="", request="0"),
    ("*", "execute"): Send("HttpClient", method="", request="0"),
    ("*", "send"): Send("HttpClient", method="", request="0"),
    ("*", "newCall"): Send("OkHttp", method="", request="0"),
    ("*", "exchange"): Send("RestTemplate", method="1", url="0", request="2"),
    **{("*", f"{v}ForObject"): Send("RestTemplate", method=f"'{v.upper()}'", url="0", request="1")
       for v in ("get", "post", "put", "patch")},
    **{("*", f"{v}ForEntity"): Send("RestTemplate", method=f"'{v.upper()}'", url="0", request="1")
       for v in ("get", "post")},
    ("*", "delete"): Send("RestTemplate", method="'DELETE'", url="0"),
    ("*", "put"): Send("RestTemplate", method="'PUT'", url="0", request="1"),
}
# RestTemplate instances made in the file send the same way as injected ones.
METHODS.update({("client", m): e for (k, m), e in list(METHODS.items()) if k == "*" and ("client", m) not in METHODS})

LIBRARY = Library("java", calls=CALLS, methods=METHODS)
