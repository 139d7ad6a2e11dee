"""The repositories of a Bitbucket workspace (`tokenlint fleet --workspace WS`), as RepoSpecs.

`GET /2.0/repositories/{workspace}?pagelen=100`, following each page's `next` link (the API's
own paging: the client must not build page URLs itself), and for each repository its `full_name`
and its https clone link. The listing needs the `repository` (read) scope: a workspace access
token sees every repository of the workspace, a project or repository access token only its own,
so the fleet would silently shrink; use a workspace token (or an OAuth token) for a whole
workspace. The token is read from an environment variable (never argv) and sent as
`Authorization: Bearer` (access and OAuth tokens take nothing else), to the API host only:

- redirects are refused, and a `next` link is followed only while it stays on the API URL's
  scheme, host and port, so a hostile or broken mirror cannot send the token elsewhere; a `next`
  seen before ends the listing with an error rather than looping;
- clone links must be https (plain http only to this machine, for tests): the fleet sends the
  same token with each clone (`RepoSpec.token_env`), and the username Bitbucket writes into
  clone links (`https://jdoe@bitbucket.org/…`) is removed, so no record or report carries it.

429 (after `Retry-After`) and 5xx are retried a bounded number of times, as the Code Insights
client does (tokenlint/http.py). Errors are one line: WorkspaceError with exit code 2 for what
the user must fix (token, scope, workspace name, --api-url) and 3 when Bitbucket could not be
reached or kept failing.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from tokenlint import __version__, http, redact
from tokenlint.errors import TokenlintError
from tokenlint.fleet.model import RepoSpec

API_URL = "https://api.bitbucket.org/2.0"
TOKEN_ENV = "BITBUCKET_ACCESS_TOKEN"
PAGELEN = 100  # the API's largest page
TRIES = http.TRIES  # attempts per page on 429 and 5xx
MAX_PAGES = 10_000  # a million repositories: beyond this the paging is broken, not the workspace big

_WORKSPACE = re.compile(r"[A-Za-z0-9._-]{1,100}|\{[0-9a-fA-F-]{36}\}")  # a slug, or the workspace's {uuid}
_FULL_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}")


class WorkspaceError(TokenlintError):
    """Listing the workspace failed. `exit_code`: 2 when the setup is wrong (token, scope,
    workspace, --api-url), 3 when Bitbucket could not be reached or kept failing."""

    def __init__(self, message: str, exit_code: int = 3):
        super().__init__(message)
        self.exit_code = exit_code


def list_repositories(workspace: str, environ: Mapping[str, str], *, api_url: str | None = None,
                      token_env: str | None = None, timeout: float = 30.0,
                      sleep: Callable[[float], None] = time.sleep) -> list[RepoSpec]:
    """Every repository of `workspace`, sorted by name (so `--shard I/N` cuts the same fleet the
    same way on every machine); WorkspaceError with a one-line message on failure. `timeout` is
    per request; `sleep` is injectable for tests."""
    if not _WORKSPACE.fullmatch(workspace):
        raise WorkspaceError(f"--workspace takes a workspace slug (letters, digits, '.', '_', '-'), got "
                             f"{redact.show_value(workspace, 60)}", 2)
    variable = token_env or TOKEN_ENV
    token = environ.get(variable) or None
    if api_url:
        problem = http.api_url_problem(urlsplit(api_url), bool(token), variable)
        if problem:
            raise WorkspaceError(f"--workspace {workspace}: {problem}", 2)
        base = api_url.rstrip("/")
    elif not token:
        raise WorkspaceError(f"--workspace {workspace}: no token: set ${variable} to a workspace access token with "
                             "the repository (read) scope", 2)
    else:
        base = API_URL
    if token and (token != token.strip() or any(ord(c) < 32 or ord(c) == 127 for c in token)):
        raise WorkspaceError(f"--workspace {workspace}: ${variable} holds spaces or control characters a header "
                             "cannot carry; set it to the token alone", 2)
    lister = _Lister(workspace, base, token, variable, timeout, sleep)
    specs: dict[str, RepoSpec] = {}
    for value in lister.values():
        spec = lister.spec(value)
        specs.setdefault(spec.name, spec)  # a repository listed twice (paging while it changes) is one
    return sorted(specs.values(), key=lambda s: s.name)


class _Lister:
    """One workspace, one page at a time."""

    def __init__(self, workspace: str, base: str, token: str | None, variable: str, timeout: float,
                 sleep: Callable[[float], None]):
        self.workspace = workspace
        self.base = base
        self.api = urlsplit(base)
        self.token = token
        self.variable = variable
        self.timeout = timeout
        self.sleep = sleep
        self.host = self.api.hostname or base
        # a company proxy for https, as every tool honours it; none for --api-url (tests, mirrors)
        self.opener = http.opener(urllib.request.getproxies() if base == API_URL else {}, self._redirected)

    def _redirected(self, host: str, code: int, elsewhere: str) -> WorkspaceError:
        return WorkspaceError(f"--workspace {self.workspace}: {host} redirected the listing ({code}) to {elsewhere}; "
                              "not followed (check --api-url)", 3)

    def values(self) -> list[Any]:
        """The `values` of every page, following `next` on the API's own origin only."""
        url: str | None = f"{self.base}/repositories/{quote(self.workspace, safe='{}')}?pagelen={PAGELEN}"
        seen: set[str] = set()
        out: list[Any] = []
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise WorkspaceError(f"--workspace {self.workspace}: the listing's pages loop ({len(seen)} pages "
                                     "read); not trusted", 3)
            seen.add(url)
            page = self.get(url)
            values, following = page.get("values"), page.get("next")
            if not isinstance(values, list) or not (following is None or isinstance(following, str)):
                raise self._unexpected("a page without a list of values")
            out.extend(values)
            url = self._same_origin(following) if following else None
        return out

    def _same_origin(self, link: str) -> str:
        target = urlsplit(link)
        if _origin(target) != _origin(self.api):
            where = target.netloc.rpartition("@")[2]
            elsewhere = where if re.fullmatch(r"[A-Za-z0-9.:\[\]-]{1,100}", where) else "an odd address"
            raise WorkspaceError(f"--workspace {self.workspace}: the next page is on another server ({elsewhere}, "
                                 f"not {self.api.netloc.rpartition('@')[2]}); not followed", 3)
        return link

    def _unexpected(self, what: str) -> WorkspaceError:
        return WorkspaceError(f"--workspace {self.workspace}: unexpected answer from {self.host} ({what}); "
                              "is --api-url a Bitbucket API (…/2.0)?", 3)

    def get(self, url: str) -> dict[str, Any]:
        headers = {"Accept": "application/json", "User-Agent": f"tokenlint/{__version__}"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            body = http.send(self.opener, lambda: urllib.request.Request(url, headers=headers, method="GET"),
                             timeout=self.timeout, sleep=self.sleep, tries=TRIES)
        except http.Unanswered as exc:
            if not exc.reason:
                raise self._timed_out() from None
            if exc.reset:
                raise WorkspaceError(f"--workspace {self.workspace}: connection to {self.host} failed: {exc.reason}",
                                     3) from None
            raise WorkspaceError(f"--workspace {self.workspace}: cannot reach {self.host}: {exc.reason}", 3) from None
        except http.Refused as exc:
            raise self._refused(exc.status, exc.said) from None
        try:
            page = json.loads(body.decode("utf-8"))
        except ValueError:
            raise self._unexpected("not JSON") from None
        if not isinstance(page, dict):
            raise self._unexpected("not a page of repositories")
        return page

    def _timed_out(self) -> WorkspaceError:
        return WorkspaceError(f"--workspace {self.workspace}: no answer from {self.host} within {self.timeout:g} s "
                              "(--timeout)", 3)

    def _refused(self, status: int, said: str) -> WorkspaceError:
        ws = self.workspace
        if status == 401:
            return WorkspaceError(f"--workspace {ws}: Bitbucket refused the credentials (401){said}; check "
                                  f"${self.variable}: an access token (sent as Bearer), not expired", 2)
        if status == 403:
            return WorkspaceError(f"--workspace {ws}: not allowed to list the repositories of {ws} (403){said}; the "
                                  f"token needs the repository (read) scope on {ws}", 2)
        if status in (404, 410):
            return WorkspaceError(f"--workspace {ws}: no such workspace ({status}){said}; check the name", 2)
        if status == 429:
            return WorkspaceError(f"--workspace {ws}: still rate limited (429) after {TRIES} tries; try again later", 3)
        if status >= 500:
            return WorkspaceError(f"--workspace {ws}: Bitbucket failed ({status}) {TRIES} times{said}; try again later",
                                  3)
        return WorkspaceError(f"--workspace {ws}: Bitbucket rejected the listing ({status}){said}", 2)

    def spec(self, value: Any) -> RepoSpec:
        """A listed repository as a RepoSpec: its full name, its https clone link without a username."""
        name = value.get("full_name") if isinstance(value, dict) else None
        if not isinstance(name, str) or not _FULL_NAME.fullmatch(name):
            raise self._unexpected("a repository without a workspace/slug full_name")
        links = value.get("links")
        clones = links.get("clone") if isinstance(links, dict) else None
        hrefs = [c.get("href") for c in clones if isinstance(c, dict) and c.get("name") == "https"] \
            if isinstance(clones, list) else []
        if not hrefs or not isinstance(hrefs[0], str):
            raise self._unexpected(f"{name} has no https clone link")
        return RepoSpec(name=name, location=self._clone_url(name, hrefs[0]), kind="url", token_env=self.variable)

    def _clone_url(self, name: str, href: str) -> str:
        url = urlsplit(href)
        try:
            port = url.port
        except ValueError:
            port = -1
        if not url.hostname or port == -1 \
                or not (url.scheme == "https" or (url.scheme == "http" and url.hostname in http.LOOPBACK)):
            raise self._unexpected(f"{name}'s clone link is not an https URL")
        host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
        netloc = f"{host}:{port}" if port else host
        return urlunsplit((url.scheme, netloc, url.path, "", ""))


def _origin(url: SplitResult) -> tuple[str, str | None, int | None]:
    """Scheme, host and port, the default port spelled out (`:443` is the same server)."""
    try:
        port = url.port
    except ValueError:
        return (url.scheme, None, None)  # never equal to the API's own
    return (url.scheme, url.hostname, port or {"https": 443, "http": 80}.get(url.scheme))
