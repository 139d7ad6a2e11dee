"""Shared judgement-free analysis of a Bitbucket HTTP call, whatever language made it.

Shell, Python and JavaScript detectors resolve what they can (method, URL, auth scheme, who the
username and the secret are) and hand it here; this module says which host and API the URL
names, which operation of the OpenAPI document it is, which repository it touches and what kind
of credential it carries. Unresolved parts stay `${NAME}`: unknown is never guessed.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import urlsplit

from tokenlint import tokens
from tokenlint.detectors.evidence import by_value, type_fact
from tokenlint.detectors.malformed_urls import repair
from tokenlint.facts import Api, ApiCall, Auth, CredentialKind, Evidence, GitRemote, HostKind, UsernameKind
from tokenlint.model import Secret
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.values import Encoded, Value, is_marker, shown, userinfo

#: How a request authenticates: (scheme, username, secret), each part as far as resolved.
AuthTriple: TypeAlias = tuple[Auth, Value | None, Value | None]

PROXY_HOSTS = ("localhost:29418", "127.0.0.1:29418", "host.docker.internal:29418")
THIS_WORKSPACE = ("${BITBUCKET_WORKSPACE}", "${BITBUCKET_REPO_OWNER}")
THIS_REPO = ("${BITBUCKET_REPO_SLUG}",)
BITBUCKET_GIT_USERS = ("x-token-auth", "x-bitbucket-api-token-auth")  # git usernames only Bitbucket Cloud takes


def credential_of(value: Value | None) -> tuple[str | None, CredentialKind, bool]:
    """(how to show it, its kind, whether it is literal) for a secret value."""
    if value is None or not value.text:
        return None, CredentialKind.NONE, False
    if value.literal:
        kind = tokens.classify(value.text) or CredentialKind.PASSWORD
        return Secret.of(kind, value.text).redacted, by_value(value.text)[0], True
    return reference(value), kind_from_name(next((r for r in reversed(value.refs) if not is_marker(r)), "")), False


def reference(value: Value) -> str:
    """An unresolved value as the user wrote it: `$NAME` for one variable, else its text with
    our internal markers turned back into `$(…)` and the like (`shown`)."""
    ref = value.only_ref()
    return f"${ref}" if ref and not is_marker(ref) else shown(value.text)


def fingerprint_of(value: Value | None) -> str | None:
    """A literal secret's fingerprint, as reports print it (`\\=`/`%3D` unescaped first): how the
    same literal is recognised in another file and how a `tokens:` entry names it."""
    if value is None or not value.text or not value.literal:
        return None
    whole = [m.value for m in tokens.find_tokens(value.text) if m.start == 0 and m.end == len(value.text)]
    return Secret.of("literal", whole[0] if whole else value.text).fingerprint


def username_kind(value: Value | None) -> UsernameKind:
    if value is None or not value.text:
        return UsernameKind.NONE
    text = value.text
    if text in (UsernameKind.ACCESS_TOKEN_USER, UsernameKind.API_TOKEN_USER):
        return UsernameKind(text)
    if not value.literal:
        if "@" in text or "email" in text.lower() or "mail" in text.lower():
            return UsernameKind.EMAIL
        return UsernameKind.REFERENCE
    return UsernameKind.EMAIL if "@" in text else UsernameKind.USER


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    host_kind: HostKind
    api: Api
    path: str
    query: str


#: A path only Bitbucket Server / Data Center serves: its REST API's repositories of a project
#: (`/rest/api/1.0/projects/KEY/repos`), enough to say so of a host named by address or alias
#: (`http://10.0.0.5:7990/rest/api/1.0/projects/OPS/repos`). Jira and Confluence have no `projects/…/repos`.
_SERVER_PATH = re.compile(r"^(?:/[\w.${}-]+)*?/+rest/api/(?:1\.0|latest)/projects/[^/]+/repos(?:/|$)")
_JOINED_AFTER_HOST = re.compile(r"^((?:[a-z]+://)?(?:[^/@\s]*@)?(?:api\.|www\.)?bitbucket\.org)(?=\$\{)", re.IGNORECASE)


def target_of(url: str, proxy: str | None = None) -> Target | None:
    """Which Bitbucket host and API a URL names; None for anything not Bitbucket."""
    if "://" not in url:
        if url.startswith(("api.bitbucket.org", "bitbucket.org")):
            url = "https://" + url
        else:
            return None
    # `https://api.bitbucket.org${path}`: a path joined on, which starts with its own slash
    url = _JOINED_AFTER_HOST.sub(r"\1/", url, count=1)
    try:
        parts = urlsplit(url.replace("${", "\x00").replace("}", "\x01"))
    except ValueError:
        return None
    host = (parts.hostname or "").replace("\x00", "${").replace("\x01", "}")
    netloc_host = parts.netloc.rsplit("@", 1)[-1].lower().replace("\x00", "${").replace("\x01", "}")
    path = parts.path.replace("\x00", "${").replace("\x01", "}")
    query = parts.query.replace("\x00", "${").replace("\x01", "}")
    scheme = parts.scheme.lower()
    if netloc_host in PROXY_HOSTS or (proxy and any(p in proxy for p in PROXY_HOSTS)):
        kind = HostKind.PIPELINES_PROXY
    elif host == "api.bitbucket.org":
        kind = HostKind.CLOUD_API
    elif host in ("bitbucket.org", "www.bitbucket.org"):
        kind = HostKind.CLOUD_WEB
    elif "bitbucket" in host or _SERVER_PATH.match(path):
        kind = HostKind.SERVER
    else:
        return None
    if kind == HostKind.SERVER:
        api = Api.SERVER if "/rest/" in path else Api.NONE
    elif re.match(r"^(/!?api)?/1\.0(/|$)", path):
        api = Api.V1
    elif re.match(r"^(/!?api)?/2\.0(/|$)", path):
        api = Api.V2
    elif re.match(r"^/internal(/|$)" if kind == HostKind.CLOUD_API else r"^/!api/internal(/|$)", path):
        api = Api.INTERNAL
    else:
        api = Api.NONE
    return Target(scheme, host, kind, api, path, query)


def make_api_call(
    tool: str, method: str, url: str, line: int, column: int = 1, *, auth: Auth = Auth.UNKNOWN,
    secret: Value | None = None, username: Value | None = None, proxy: str | None = None,
    insecure: bool = False, verbose: bool = False, commented: bool = False, body: str = "",
) -> ApiCall | None:
    meant, malformed = repair(url)
    target = target_of(meant, proxy)
    if target is None:
        return None
    if auth == Auth.BASIC and username is None and secret is not None and secret.literal:
        username, secret = _decode_basic(secret)
    credential, cred_kind, literal = credential_of(secret)
    if target.path.startswith("/site/oauth2/") and secret is not None:
        cred_kind = CredentialKind.OAUTH_CONSUMER  # key:secret of an OAuth consumer, the one Basic use that still works
    query_token = bool(re.search(r"(^|&)access_token=", target.query))
    call = ApiCall(
        tool=tool, method=method.upper(), url=shown(_redact_url(url)), line=line, column=column,
        scheme=target.scheme, host=target.host, host_kind=target.host_kind, api=target.api,
        auth=Auth.NONE if auth == Auth.UNKNOWN and secret is None and not query_token else auth,
        credential=credential, credential_kind=cred_kind, credential_literal=literal,
        credential_fingerprint=fingerprint_of(secret),
        username=None if username is None else _show_username(username),
        username_kind=username_kind(username), insecure=insecure, verbose=verbose,
        query_token=query_token, commented=commented,
        password_grant="grant_type=password" in body or "grant_type=password" in target.query,
    )
    if query_token and call.auth in (Auth.NONE, Auth.UNKNOWN):
        call.auth = Auth.BEARER
    call.malformed = malformed
    if target.api == Api.V2 or target.host_kind == HostKind.PIPELINES_PROXY:
        path = _expand_builtins(target.path)
        _match_operation(call, path)
        call.deprecated = call.deprecated or bool(_DEPRECATED_PATH.match(path))
    type_fact(call, _literal_shape(secret))
    return call


def _literal_shape(secret: Value | None) -> list[tuple[CredentialKind, Evidence]]:
    """The shape of a literal secret, as evidence of its type (none for a reference)."""
    return [by_value(secret.text)] if secret is not None and secret.text and secret.literal else []


#: Pipelines built-ins that expand to more than one path segment, as the segments they are.
MULTI_SEGMENT = {"${BITBUCKET_REPO_FULL_NAME}": "${BITBUCKET_WORKSPACE}/${BITBUCKET_REPO_SLUG}"}


def _expand_builtins(path: str) -> str:
    """`/repositories/$BITBUCKET_REPO_FULL_NAME/…` names two segments, `{workspace}/{repo_slug}`."""
    for name, segments in MULTI_SEGMENT.items():
        path = path.replace(name, segments)
    return path


# Replaced by /2.0/workspaces/… in 2020; some are no longer in the spec at all.
_DEPRECATED_PATH = re.compile(r"^(/api)?/2\.0/(teams(/|$)|users/[^/]+/)")


def _decode_basic(value: Value) -> tuple[Value | None, Value]:
    """A prebuilt `Basic <base64>` value: what user and secret are inside?"""
    try:
        user, sep, secret = base64.b64decode(value.text, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None, value
    return (Value(user), Value(secret)) if sep else (None, value)


def _show_username(value: Value) -> str:
    return value.text if value.literal else reference(value)


def _redact_url(url: str) -> str:
    """Keep the URL readable but never with a literal password in it."""
    def hide(m: re.Match[str]) -> str:
        secret = m.group(2)
        shown = secret if secret.startswith("${") else Secret.of("url", secret).redacted
        return f"{m.group(1)}:{shown}@"

    return re.sub(r"(?<=://)([^\s:/@]+):([^\s/@]+)@", hide, url)


#: API clients whose construction is recorded as a call to their base URL (`new Bitbucket({baseUrl})`,
#: pybitbucket, atlassian-python-api): the API's root there is a base, not a request to an unknown endpoint.
CLIENT_TOOLS = frozenset(("bitbucket", "pybitbucket", "atlassian-python-api"))

# Names of variables that may hold several path segments (`$API_PATH`, `$ENDPOINT`, `$1`), and
# our markers for a command's output or an unnamed expression: such a part may be any route.
_PATH_NAME = re.compile(r"path|url|uri|endpoint|route|resource|suffix|part|rest|fragment|query|api|href|"
                        r"^[0-9@*]+$|^_(?:SUBST|VALUE)_$", re.IGNORECASE)


# A repository named by one variable is as often its full name (`owner/repo`: `$REPO_NAME`,
# `${bitbucket_repo}`, `$REPOSITORY`) as its slug; a slug (`$REPO_SLUG`) is one segment by name.
_FULL_NAME = re.compile(r"repo|full_?name", re.IGNORECASE)
_ONE_SEGMENT = re.compile(r"slug", re.IGNORECASE)


def _may_hold_a_path(part: str) -> bool:
    ref = Value(part).only_ref()
    if ref is None:
        return False
    return _PATH_NAME.search(ref) is not None or (_FULL_NAME.search(ref) is not None and
                                                  _ONE_SEGMENT.search(ref) is None)


def _match_operation(call: ApiCall, path: str) -> None:
    from tokenlint.endpoints import load, normalize_path, requires_only_api_token

    table = load()
    op = table.match(call.method, path)
    if op is None:
        base = call.tool in CLIENT_TOOLS and normalize_path(path) == "/"
        call.open_path = base or table.could_match(call.method, path, _may_hold_a_path)
        return
    call.template = op.template
    call.operation = op.operation_id or f"{op.method} {op.template}"
    # removed or replaced: the spec's deprecation notice names a successor. A feature deprecated
    # without one (the issue tracker) still answers, and is no removed API (endpoints.Operation).
    call.deprecated = op.deprecated and op.replaced
    call.api_token_only = requires_only_api_token(op)
    params = table.params(op, path)
    call.workspace = shown(params.get("workspace") or params.get("username") or "") or None
    call.repo = shown(params.get("repo_slug") or "") or None


def make_git_remote(tool: str, url: str, line: int, column: int = 1, *, commented: bool = False,
                    username: Value | None = None, secret: Value | None = None,
                    bearer: bool = False) -> GitRemote | None:
    """A git URL to a Bitbucket host; `username`/`secret` override what the URL's userinfo holds;
    `bearer`: the secret goes in an `Authorization: Bearer` extra header (typed knowing that)."""
    m = re.match(r"^(?:(?:https?|ssh|git)://)?(?:(?P<user>[^\s:/@]+)(?::(?P<secret>[^\s/@]+))?@)?"
                 r"(?P<host>[^\s/:]+)(?::\d+)?(?:[/:](?P<path>[^\s?#]*)|$)", url)
    if not m:
        return None
    host = m.group("host").lower()
    if "bitbucket" not in host:
        # `https://x-token-auth:$TOKEN@$REPOSITORY`: only Bitbucket Cloud takes these fixed usernames
        user = username.text if username is not None else m.group("user")
        if not (host.startswith("${") and user in BITBUCKET_GIT_USERS):
            return None
        host = "bitbucket.org"
    if username is None and m.group("user"):
        username = Value(m.group("user"))
    if secret is None and m.group("secret"):
        secret = Value(m.group("secret"))
    credential, cred_kind, literal = credential_of(secret)
    segments = [s for s in (m.group("path") or "").removesuffix(".git").split("/") if s]
    workspace, repo = [*segments, None, None][:2]
    if workspace and "${BITBUCKET_REPO_FULL_NAME}" in workspace:
        workspace, repo = "${BITBUCKET_WORKSPACE}", "${BITBUCKET_REPO_SLUG}"
    this = workspace in THIS_WORKSPACE and repo in THIS_REPO
    workspace, repo = (shown(workspace) if workspace else None), (shown(repo) if repo else None)
    remote = GitRemote(tool=tool, url=shown(_redact_url(url)), line=line, column=column, host=host,
                       username=None if username is None else _show_username(username), credential=credential,
                       credential_kind=cred_kind, credential_literal=literal,
                       credential_fingerprint=fingerprint_of(secret), workspace=workspace, repo=repo,
                       this_repo=this, commented=commented, bearer_header=bearer)
    type_fact(remote, _literal_shape(secret))
    return remote


# --- HTTP libraries (Python, JavaScript): what a request made through one of them sends ---------

def authorization(value: Value) -> AuthTriple:
    """(scheme, username, secret) of an Authorization header value. A Basic value the code encodes
    itself gives its halves; a literal one is decoded by `make_api_call`."""
    m = re.match(r"\s*([A-Za-z]+)\s+(.*)$", value.text, re.DOTALL)
    if not m:
        return Auth.UNKNOWN, None, value
    scheme, rest = m.group(1).lower(), m.group(2).strip()
    if scheme != Auth.BASIC:
        known = scheme in (Auth.BEARER, Auth.DIGEST, Auth.JWT)
        return (Auth(scheme) if known else Auth.UNKNOWN), None, Value(rest)
    user, secret = userinfo(value.plain) if isinstance(value, Encoded) else (None, None)
    return (Auth.BASIC, user, secret) if secret is not None else (Auth.BASIC, None, Value(rest))


def request_call(
    tool: str, method: str, url: str, line: int, column: int, *,
    auth: AuthTriple | None = None, headers: dict[str, Value] | None = None,
    params: dict[str, str] | None = None, insecure: bool = False, commented: bool = False, body: str = "",
) -> ApiCall | None:
    """A call made through an HTTP library: an explicit `auth` (scheme, username, secret) wins over
    the Authorization header, as in requests, httpx, axios and got; `params` the code passes
    separately join the URL's query so an `access_token` there is seen."""
    if auth is None:
        header = next((v for k, v in (headers or {}).items() if k.lower() == "authorization"), None)
        auth = authorization(header) if header is not None else (Auth.UNKNOWN, None, None)
    if params:
        url += ("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in params.items())
    scheme, username, secret = auth
    return make_api_call(tool, method, url, line, column, auth=scheme, secret=secret, username=username,
                         insecure=insecure, commented=commented, body=body)


#: Functions called with a URL that, by their name, send it: `make_request(url)`, `api_get(url)`,
#: `doGet(url)`, defined in another file of the project (so not modelled where they are called).
_REQUEST_WORDS = frozenset(("request", "req", "fetch", "http", "api", "call", "get", "post", "put", "patch", "delete",
                            "send", "query"))


def sends_by_name(name: str) -> bool:
    """Whether a function a file does not define sends its URL argument, by its name (`make_request`)."""
    words = re.findall(r"[a-z]+|[A-Z][a-z]*", name)
    return any(w.lower() in _REQUEST_WORDS for w in words)


def method_by_name(name: str) -> str:
    words = {w.lower() for w in re.findall(r"[a-z]+|[A-Z][a-z]*", name)}
    return next((m.upper() for m in ("post", "put", "patch", "delete") if m in words), "GET")


def rebind(fact: ApiCall | GitRemote, url: str, method: str | None = None) -> None:
    """Point a call or remote at `url` (its caller's arguments filled in): what the URL names is
    worked out again, the credential and everything else stay."""
    if isinstance(fact, ApiCall):
        target = target_of(url)
        if target is None:
            return
        fact.url, fact.method = _redact_url(url), (method or fact.method).upper()
        fact.scheme, fact.host, fact.host_kind, fact.api = target.scheme, target.host, target.host_kind, target.api
        if target.api == Api.V2 or target.host_kind == HostKind.PIPELINES_PROXY:
            _match_operation(fact, target.path)
        return
    again = make_git_remote(fact.tool, url, fact.line, fact.column)
    if again is not None:
        fact.url, fact.workspace, fact.repo = _redact_url(url), again.workspace, again.repo
        fact.this_repo = again.this_repo
