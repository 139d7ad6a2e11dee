"""Bitbucket API calls a Jenkinsfile or a Jenkins shared library makes from Groovy itself.

Besides `sh` steps (read by the shell front end), Jenkins code sends requests of its own:
`new URL(url).openConnection()` with `setRequestProperty("Authorization", "Basic " + …)` and
`setRequestMethod("POST")`, or the HTTP Request plugin's `httpRequest url: …, authentication:
'cred-id', customHeaders: [[name: 'Authorization', value: …]]`. The Groovy front end
(tokenlint.parsers.groovy) resolves the URL and the header value as far as the file shows them;
this module turns each request into an `ApiCall` at the line it is opened, with its credential
attached where the code sets it (`auth_line`). `withCredentials` bindings tell which variable
holds which Jenkins credential: a credentials id that names a type (`bitbucket-app-password`)
is the variable's name as far as typing goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tokenlint.detectors.calls import request_call
from tokenlint.detectors.evidence import by_name, type_fact
from tokenlint.document import Document
from tokenlint.facts import ApiCall, Auth, Fact, GitRemote
from tokenlint.parsers.groovy import Connection, Evaluator, Groovy, as_value, blank_comments, named, statements
from tokenlint.parsers.regions import groovy_comments
from tokenlint.parsers.values import Value

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

_ASSIGN = re.compile(r"\s*(?:(?:def|final|static|private|public|protected|var)\s+)*"
                     r"(?:[A-Z][\w.]*(?:<[^<>=]*>)?(?:\[\])?\s+)?(?:(?:env|this)\s*\.\s*)?([A-Za-z_]\w*)\s*=(?!=)\s*")
_PROPERTY = re.compile(r"\s*([A-Za-z_]\w*)\s*\.\s*(requestMethod|doOutput)\s*=(?!=)\s*")
_CONN_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\.\s*(setRequestProperty|addRequestProperty|setRequestMethod|setDoOutput)"
                        r"\s*\(")
_HTTP_REQUEST = re.compile(r"\bhttpRequest\b\s*(\(?)")


def detect_reading(reading: Reading) -> tuple[list[Fact], list[str]]:
    """The registry's entry point."""
    return list(detect(reading.doc)), []


def detect(doc: Document) -> list[ApiCall]:
    text = doc.text
    code = blank_comments(text, groovy_comments(text) if "//" in text or "/*" in text else [])
    env: dict[str, Groovy] = {}
    ev = Evaluator(env)
    calls: list[ApiCall] = []
    for st in statements(code):
        if len(st.text) > 20_000:
            continue
        request = _HTTP_REQUEST.search(st.text)
        if request is not None:
            call = _http_request(doc, ev, st.text, st.start, request)
            if call is not None:
                calls.append(call)
        for m in _CONN_CALL.finditer(st.text):
            conn = env.get(m.group(1))
            if isinstance(conn, Connection):
                args = ev.arguments(st.text[m.end():], st.start + m.end())
                _configure(conn, m.group(2), args, st.start + m.start())
        prop = _PROPERTY.match(st.text)
        if prop is not None:
            conn = env.get(prop.group(1))
            if isinstance(conn, Connection):
                value = ev.value(st.text[prop.end():], st.start + prop.end())
                _configure(conn, "setRequestMethod" if prop.group(2) == "requestMethod" else "setDoOutput", [value],
                           st.start + prop.start(1))
            continue
        assign = _ASSIGN.match(st.text)
        if assign is not None and request is None:
            env[assign.group(1)] = ev.value(st.text[assign.end():], st.start + assign.end())
        elif assign is None and ".openConnection" in st.text:
            ev.value(st.text, st.start)  # `new URL(u).openConnection().with { … }`: opened all the same
    for conn in ev.opened:
        call = _connection_call(doc, conn)
        if call is not None:
            calls.append(call)
    bindings = credential_bindings(code)
    if bindings:
        type_by_credentials_id(calls, bindings)
    return sorted(calls, key=lambda c: (c.line, c.column))


def _configure(conn: Connection, method: str, args: list[Groovy], at: int) -> None:
    if method in ("setRequestProperty", "addRequestProperty") and len(args) >= 2:
        conn.headers[as_value(args[0]).text.lower()] = (as_value(args[1]), at)
    elif method == "setRequestMethod" and args:
        conn.method = as_value(args[0]).text
    elif method == "setDoOutput" and args:
        conn.output = as_value(args[0]).text == "true"


def _connection_call(doc: Document, conn: Connection) -> ApiCall | None:
    line, column = doc.line_col(conn.at)
    method = conn.method if conn.method and conn.method.isalpha() else ("POST" if conn.output else "GET")
    headers = {name: value for name, (value, _) in conn.headers.items()}
    call = request_call("URLConnection", method, conn.url.text, line, column, headers=headers)
    if call is not None and "authorization" in conn.headers:
        call.auth_line, call.auth_column = doc.line_col(conn.headers["authorization"][1])
    return call


def _http_request(doc: Document, ev: Evaluator, text: str, base: int, m: re.Match[str]) -> ApiCall | None:
    """The HTTP Request plugin's step: `httpRequest url: …, httpMode: …, authentication: 'id', customHeaders: […]`."""
    args = named(ev.arguments(text[m.end():], base + m.end(), close=")" if m.group(1) else "\x00"))
    url = args.get("url")
    if url is None:
        return None
    headers: dict[str, Value] = {}
    given = args.get("customHeaders")
    for header in given if isinstance(given, list) else []:
        if isinstance(header, dict) and "name" in header and "value" in header:
            headers[as_value(header["name"]).text] = as_value(header["value"])
    auth = None
    credentials_id = as_value(args.get("authentication")).text if "authentication" in args else ""
    if credentials_id and not any(k.lower() == "authorization" for k in headers):
        # a Jenkins "username with password" credential, sent as Basic: the id is all the file shows of it
        auth = (Auth.BASIC, None, Value("${" + _identifier(credentials_id) + "}"))
    method = as_value(args.get("httpMode")).text if "httpMode" in args else "GET"
    line, column = doc.line_col(base + m.start())
    insecure = as_value(args.get("ignoreSslErrors")).text == "true" if "ignoreSslErrors" in args else False
    return request_call("httpRequest", method if method.isalpha() else "GET", as_value(url).text, line, column,
                        auth=auth, headers=headers, insecure=insecure)


def _identifier(name: str) -> str:
    """A credentials id as a reference name (`bitbucket-app-password` -> `bitbucket_app_password`)."""
    ident = re.sub(r"\W", "_", name.strip("${}")) or "_"
    return ident if not ident[0].isdigit() else "_" + ident


# --- withCredentials: which variable holds which credential --------------------------------------

_BINDING = re.compile(r"\b(?:usernamePassword|string|usernameColonPassword)\s*\(([^()]*)\)")
_ARG = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\")")


def credential_bindings(text: str) -> dict[str, str]:
    """Variable -> the credentials id `withCredentials` binds it to (`passwordVariable: 'P'`,
    `variable: 'T'`), where the id is written literally."""
    out: dict[str, str] = {}
    for m in _BINDING.finditer(text):
        args = {a.group(1): a.group(2) if a.group(2) is not None else a.group(3) for a in _ARG.finditer(m.group(1))}
        cred_id = args.get("credentialsId", "")
        if not cred_id or "$" in cred_id:
            continue
        for key in ("passwordVariable", "variable"):
            if args.get(key):
                out[args[key]] = cred_id
    return out


def type_by_credentials_id(facts: Iterable[Fact], bindings: dict[str, str]) -> None:
    """Type the calls and remotes whose credential variable `withCredentials` binds to a
    credentials id that names a type: the id is what the variable holds, as a name says."""
    for fact in facts:
        if not isinstance(fact, (ApiCall, GitRemote)) or not fact.credential or fact.credential_literal:
            continue
        cred_id = bindings.get(fact.credential.removeprefix("$").strip("{}"))
        said = by_name(_identifier(cred_id)) if cred_id else None
        if said is not None and said[0] != fact.credential_kind:
            type_fact(fact, (), [said])
