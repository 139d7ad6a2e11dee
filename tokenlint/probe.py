"""Ask Bitbucket what ONE credential is: live, invalid or unknown, and its type and scopes.

Opt-in only (`--verify`): nothing here runs unless asked. One cheap `GET /2.0/user` per
credential, with the scheme its kind takes (an access token: Bearer; an API token: Basic with
the account e-mail). What is never sent: an app password (removed by Bitbucket on 2026-07-28,
state "removed"), an account password, an API token without its e-mail (state "unknown").

Safety, because the request carries a live secret: only to https://api.bitbucket.org/2.0 or an
`--api-url` (plain http only to this machine); TLS verified; a time-out; redirects refused; no
proxy handler at all (inside Pipelines the auth proxy never sees it); one request, never retried
(a 429 is "unknown", so nothing can lock an account). Of the answer only three headers are kept:
X-Credential-Type, X-OAuth-Scopes, X-Accepted-OAuth-Scopes (read on a 403 too). Every request
is announced on stderr by the caller's `say`, with the secret's redacted form only. Results are
cached per secret fingerprint for ten minutes in tokenlint's cache folder, never the value.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tokenlint import cache, http
from tokenlint.declarations import CARRIES, Resource, TokenDeclaration
from tokenlint.errors import TokenlintError
from tokenlint.model import fingerprint, redacted

DEFAULT_API_URL = "https://api.bitbucket.org/2.0"
TIMEOUT = 10.0
CACHE_FILE = "verify.json"
CACHE_SECONDS = 600.0

LIVE, INVALID, UNKNOWN, REMOVED = "live", "invalid", "unknown", "removed"


@dataclass(frozen=True)
class Verdict:
    """What Bitbucket said of one credential; nothing of its body, never the secret."""

    state: str
    credential_type: str | None = None
    scopes: tuple[str, ...] = ()
    accepted_scopes: tuple[str, ...] = ()
    why: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"state": self.state, "credential_type": self.credential_type, "scopes": list(self.scopes)}


class ProbeError(TokenlintError):
    """An --api-url that cannot be used."""


class _Refuse(Exception):
    pass


def _scopes(value: str | None) -> tuple[str, ...]:
    return tuple(s for s in (value or "").replace(",", " ").split() if s)


def check_api_url(api_url: str) -> str:
    """The base URL without a trailing slash; ProbeError when a token may not go there."""
    problem = http.api_url_problem(urlsplit(api_url), True, "credential")
    if problem:
        raise ProbeError(problem)
    return api_url.rstrip("/")


def _authorization(kind: str, value: str, email: str | None) -> str | None:
    if kind == "access-token":
        return f"Bearer {value}"
    if kind == "api-token" and email:
        return "Basic " + base64.b64encode(f"{email}:{value}".encode()).decode("ascii")
    return None


def _tls_problem(error: ssl.SSLError) -> str:
    """A TLS failure in a few words (`certificate verify failed: self-signed certificate`)."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificate verify failed: {error.verify_message}" if error.verify_message \
            else "certificate verify failed"
    return str(error.reason or "handshake failed").replace("_", " ").lower()


def _verdict(status: int, headers: Any) -> Verdict:
    """live on 2xx and on 403 (authenticated, not allowed), invalid on 401, else unknown."""

    def get(name: str) -> str | None:
        value = headers.get(name) if headers is not None else None
        return str(value) if value else None

    ctype = get("X-Credential-Type") or None
    scopes, accepted = _scopes(get("X-OAuth-Scopes")), _scopes(get("X-Accepted-OAuth-Scopes"))
    if 200 <= status < 300 or status == 403:
        return Verdict(LIVE, ctype, scopes, accepted, f"HTTP {status}")
    if status == 401:
        return Verdict(INVALID, why="HTTP 401")
    return Verdict(UNKNOWN, why=f"HTTP {status}")


class _Cache:
    """Verdicts by fingerprint for CACHE_SECONDS, in one JSON file of the cache folder."""

    def __init__(self, folder: Path | None, now: Callable[[], float]) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self.now = now

    def _load(self) -> dict[str, dict[str, object]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> Verdict | None:
        entry = self._load().get(key)
        if not isinstance(entry, dict):
            return None
        try:
            if self.now() - float(entry["at"]) > CACHE_SECONDS:  # type: ignore[arg-type]
                return None
            return Verdict(str(entry["state"]), entry.get("credential_type"),  # type: ignore[arg-type]
                           tuple(entry.get("scopes") or ()), tuple(entry.get("accepted") or ()))  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, verdict: Verdict) -> None:
        if self.path is None or verdict.state not in (LIVE, INVALID):
            return
        data = {k: v for k, v in self._load().items() if isinstance(v, dict)
                and self.now() - float(v.get("at", 0)) <= CACHE_SECONDS}  # type: ignore[arg-type]
        data[key] = {"at": self.now(), "state": verdict.state, "credential_type": verdict.credential_type,
                     "scopes": list(verdict.scopes), "accepted": list(verdict.accepted_scopes)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


class Prober:
    """Probes credentials one at a time; `say` gets one line per request (and per cache hit)."""

    def __init__(self, api_url: str = DEFAULT_API_URL, *, say: Callable[[str], None], timeout: float = TIMEOUT,
                 cache_dir: Path | None = None, use_cache: bool = True,
                 now: Callable[[], float] = time.time) -> None:
        self.base = check_api_url(api_url)
        self.say, self.timeout = say, timeout
        self.cache = _Cache(cache_dir if cache_dir is not None else cache.directory(), now) if use_cache \
            else _Cache(None, now)

        def refuse(host: str, status: int, to: str) -> Exception:
            return _Refuse(f"HTTP {status} redirect from {host} to {to} refused")

        self.opener = http.opener({}, refuse)  # no proxy: never $HTTPS_PROXY, never the Pipelines auth proxy

    def probe(self, kind: str, value: str, email: str | None = None) -> Verdict:
        """The verdict on one credential; at most one request, none for what is never sent."""
        shown = redacted(value)
        if kind == "app-password":
            return Verdict(REMOVED, why="app passwords were removed on 2026-07-28; never sent")
        auth = _authorization(kind, value, email)
        if auth is None:
            why = "no account e-mail known for this API token; not sent" if kind == "api-token" \
                else f"{kind} is not verified; not sent"
            return Verdict(UNKNOWN, why=why)
        key = fingerprint(f"{self.base}\0{email or ''}\0{value}")
        hit = self.cache.get(key)
        url = f"{self.base}/user"
        if hit is not None:
            self.say(f"tokenlint: verify: {shown} → {self._label(hit)} (cached, no request)")
            return hit
        verdict = self._ask(url, auth)
        self.say(f"tokenlint: verify: GET {url} for {shown} → {self._label(verdict)}")
        self.cache.put(key, verdict)
        return verdict

    @staticmethod
    def _label(v: Verdict) -> str:
        if v.state == LIVE:
            return f"live ({v.credential_type or 'type not said'})"
        return f"{v.state} ({v.why})" if v.why else v.state

    def resource(self, value: str, verdict: Verdict) -> Resource | None:
        """For a live access token, one more GET, the repositories it is a member of
        (`/2.0/repositories?role=member`, announced like the first), and what that listing says it
        is bound to (see `bound_to`). Of the body only the repositories' full names and project
        keys are read, at most LISTING_LIMIT bytes of it; nothing is kept but the resource. None
        for anything else, and when the answer is not a plain listing."""
        binding = _ACCESS_TOKENS.get((verdict.credential_type or "").strip().lower())
        if verdict.state != LIVE or binding is None:
            return None
        url = f"{self.base}{LISTING_PATH}"
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {value}",
                                                       "Accept": "application/json"})
        found: Resource | None = None
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(LISTING_LIMIT + 1)
            if len(body) <= LISTING_LIMIT:
                data = json.loads(body.decode("utf-8"))
                found = bound_to(binding, data.get("values") if isinstance(data, dict) else None)
            said = str(found) if found else "no single resource in the listing"
        except urllib.error.HTTPError as exc:
            exc.close()
            said = f"HTTP {exc.code}"
        except _Refuse as exc:
            said = str(exc)
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            timed_out = isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)
            said = "timed out" if timed_out else "network error"
        except (UnicodeDecodeError, ValueError):
            said = "not a listing"
        self.say(f"tokenlint: inspect: GET {url} for {redacted(value)} → {binding} access token: {said}")
        return found

    def _ask(self, url: str, auth: str) -> Verdict:
        request = urllib.request.Request(url, headers={"Authorization": auth, "Accept": "application/json"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return _verdict(response.status, response.headers)
        except urllib.error.HTTPError as exc:
            verdict = _verdict(exc.code, exc.headers)
            exc.close()
            return verdict
        except _Refuse as exc:
            return Verdict(UNKNOWN, why=str(exc))
        except TimeoutError:
            return Verdict(UNKNOWN, why="timed out")
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return Verdict(UNKNOWN, why="timed out")
            if isinstance(exc.reason, ssl.SSLError):  # fails closed: nothing was sent over an untrusted link
                return Verdict(UNKNOWN, why=f"TLS error: {_tls_problem(exc.reason)}")
            return Verdict(UNKNOWN, why="network error")
        except ssl.SSLError as exc:
            return Verdict(UNKNOWN, why=f"TLS error: {_tls_problem(exc)}")
        except OSError:
            return Verdict(UNKNOWN, why="network error")


#: What is read of a repository listing's body (a page of 100 repositories is far smaller).
LISTING_LIMIT = 2 * 1024 * 1024
LISTING_PATH = "/repositories?role=member&pagelen=100"
_ACCESS_TOKENS = {"repo_access_token": "repository", "repository_access_token": "repository",
                  "project_access_token": "project", "workspace_access_token": "workspace"}


def bound_to(binding: str, values: object) -> Resource | None:
    """What an access token is bound to, from the repositories it sees (a listing's `values`):
    a repository token sees its one repository; a project token repositories of one project; a
    workspace token repositories of one workspace. None when the listing does not say it plainly
    (empty, several where one was expected, or not the shape Bitbucket gives)."""
    if not isinstance(values, list) or not values:
        return None
    names: set[tuple[str, str]] = set()
    projects: set[str | None] = set()
    for item in values:
        full = item.get("full_name") if isinstance(item, dict) else None
        if not isinstance(full, str) or full.count("/") != 1 or not all(full.split("/")):
            return None
        workspace, slug = full.split("/")
        names.add((workspace, slug))
        project = item.get("project")
        key = project.get("key") if isinstance(project, dict) else None
        projects.add(key if isinstance(key, str) and key else None)
    workspaces = {w for w, _ in names}
    if len(workspaces) != 1:
        return None
    workspace = workspaces.pop()
    if binding == "repository":
        return Resource(workspace, repo=next(iter(names))[1]) if len(names) == 1 else None
    if binding == "project":
        key = projects.pop() if len(projects) == 1 else None
        return Resource(workspace, project=key) if key else None
    return Resource(workspace)


#: X-Credential-Type -> the `type:` of a `tokens:` declaration.
DECLARED_TYPES = {
    "repo_access_token": "repository-access-token",
    "repository_access_token": "repository-access-token",
    "project_access_token": "project-access-token",
    "workspace_access_token": "workspace-access-token",
    "api_token": "api-token",
}


def declaration(variable: str, verdict: Verdict, resource: Resource | None = None) -> TokenDeclaration | None:
    """What a `tokens:` entry for `$variable` would say, from Bitbucket's answer: the type it
    named and the granted scopes it can carry (others are dropped); None when it named no type we
    know. The resource is not learnt from /2.0/user: `resource` is what `Prober.resource` learnt."""
    token_type = DECLARED_TYPES.get((verdict.credential_type or "").strip().lower())
    if verdict.state != LIVE or token_type is None:
        return None
    carried = frozenset(s for s in verdict.scopes if s in CARRIES[token_type])
    return TokenDeclaration(type=token_type, variable=variable, scopes=carried if verdict.scopes else None,
                            resource=resource, where="Bitbucket")
