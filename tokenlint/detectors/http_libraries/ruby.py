"""Ruby HTTP clients as data: Net::HTTP (request objects, `start` blocks, `Net::HTTP.get`),
Faraday (connections configured in their block), HTTParty (module calls and classes that
`include HTTParty` with class-level `base_uri`/`basic_auth`/`headers`), RestClient and open-uri;
and the built-ins that build a URL or a credential (ENV, URI, Base64, format).

`Net::HTTP::Get` is `Net.HTTP.Get`; `X.new(…)` is a constructor call of `X`. Kinds that end in
`client` are objects that send many requests (a connection, an HTTParty class); the others are
one request each.
"""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS, Builtin, Entry, Library, Make, Send, Set

_SAME = Builtin("same")
_BASE64 = Builtin("base64")
_BODY_VERBS = ("post", "put", "patch")

BUILTINS: dict[str, Entry] = {
    "URI": _SAME, "URI.parse": _SAME, "URI.join": Builtin("join"), "URI.encode": _SAME, "URI.escape": _SAME,
    "URI.encode_www_form_component": _SAME, "CGI.escape": _SAME, "ERB.Util.url_encode": _SAME, "String": _SAME,
    "Base64.strict_encode64": _BASE64, "Base64.encode64": _BASE64, "Base64.urlsafe_encode64": _BASE64,
    "format": Builtin("format"), "sprintf": Builtin("format"),
}

_NET_REQUESTS: dict[str, Entry] = {
    f"Net.HTTP.{v.capitalize()}": Make("nethttprequest", "Net::HTTP", url="0", method=f"'{v.upper()}'",
                                              headers="1|named")
    for v in VERBS
}

CALLS: dict[str, Entry] = {
    **BUILTINS, **_NET_REQUESTS,
    # Net::HTTP
    "Net.HTTP": Make("nethttpclient", "Net::HTTP", options="named"),
    "Net.HTTP.start": Make("nethttpclient", "Net::HTTP", options="named|2"),
    "Net.HTTP.get": Send("Net::HTTP", url="0", headers="1"),
    "Net.HTTP.get_response": Send("Net::HTTP", url="0", headers="1"),
    "Net.HTTP.post": Send("Net::HTTP", method="'POST'", url="0", headers="2"),
    "Net.HTTP.post_form": Send("Net::HTTP", method="'POST'", url="0"),
    # open-uri
    "URI.open": Send("open-uri", url="0", options="named|1"), "open": Send("open-uri", url="0", options="named|1"),
    # Faraday: `Faraday.new(url: base) do |f| … end`
    "Faraday": Make("faradayclient", "Faraday", url="0|url", base=True, options="named|1"),
    "Faraday.Connection": Make("faradayclient", "Faraday", url="0|url", base=True, options="named|1"),
    **{f"Faraday.{v}": Send("Faraday", method=f"'{v.upper()}'", url="0", headers="2") for v in VERBS},
    # HTTParty: module calls, and the mixin a class includes
    **{f"HTTParty.{v}": Send("HTTParty", method=f"'{v.upper()}'", url="0", options="1|named") for v in VERBS},
    "HTTParty": Make("httpartyclient", "HTTParty"),
    # RestClient
    **{f"RestClient.{v}": Send("RestClient", method=f"'{v.upper()}'", url="0",
                               headers="2|named" if v in _BODY_VERBS else "1|named") for v in VERBS},
    "RestClient.Request.execute": Send("RestClient", method="method", options="named|0"),
    "RestClient.Resource": Make("restclient", "RestClient", url="0", options="named|1"),
}

METHODS: dict[tuple[str, str], Entry] = {
    # Net::HTTP
    ("nethttprequest", "basic_auth"): Set("basic", "0", "1"),
    ("nethttprequest", "add_field"): Set("header"), ("nethttprequest", "[]="): Set("header"),
    ("nethttprequest", "initialize_http_header"): Set("headers", value="0"),
    ("nethttpclient", "request"): Send("Net::HTTP", method="", request="0"),
    ("nethttpclient", "start"): Builtin("same"),
    **{("nethttpclient", v): Send("Net::HTTP", method=f"'{v.upper()}'", url="0",
                                  headers="2" if v in _BODY_VERBS else "1") for v in VERBS},
    **{("nethttpclient", f"request_{v}"): Send("Net::HTTP", method=f"'{v.upper()}'", url="0",
                                               headers="2" if v in _BODY_VERBS else "1") for v in VERBS},
    # Faraday
    ("faradayclient", "request"): Set("scheme_args"), ("faradayclient", "authorization"): Set("scheme_args"),
    ("faradayclient", "basic_auth"): Set("basic", "0", "1"),
    ("faradayclient", "set_basic_auth"): Set("basic", "0", "1"),
    **{("faradayclient", v): Send("Faraday", method=f"'{v.upper()}'", url="0", headers="2") for v in VERBS},
    ("faradayclient", "run_request"): Send("Faraday", method="0", url="1", headers="3"),
    # HTTParty class macros and class-level calls
    ("httpartyclient", "base_uri"): Set("base", value="0"),
    ("httpartyclient", "basic_auth"): Set("basic", "0", "1"),
    ("httpartyclient", "digest_auth"): Set("digest", "0", "1"),
    ("httpartyclient", "headers"): Set("headers", value="0|named"),
    ("httpartyclient", "default_options"): Set("options", value="0|named"),
    **{("httpartyclient", v): Send("HTTParty", method=f"'{v.upper()}'", url="0", options="1|named")
       for v in VERBS},
    # RestClient::Resource
    **{("restclient", v): Send("RestClient", method=f"'{v.upper()}'",
                               headers="1|named" if v in _BODY_VERBS else "0|named") for v in VERBS},
}

LIBRARY = Library("ruby", calls=CALLS, methods=METHODS, env_objects=frozenset(("ENV",)),
                  properties={"verify_mode": "secure", "url_prefix": "base", "headers": "headers"})
