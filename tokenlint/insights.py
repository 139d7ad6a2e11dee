"""The Bitbucket Code Insights client: puts a report on a commit and posts its annotations.

A document written by the `code-insights` format (`{"report": …, "annotations": […]}`) is sent
as the Reports API takes it: `PUT /repositories/{workspace}/{repo_slug}/commit/{commit}/reports/
{reportId}`, then `POST …/annotations` in batches of at most 100, at most 1000 per report.

Where it goes, and with what:

- Inside Bitbucket Pipelines, through the step's proxy (`http://localhost:29418`) to
  `http://api.bitbucket.org/2.0` with no credential: the proxy authenticates the step. A token
  found in the environment is never sent there (plain http).
- Elsewhere, to `https://api.bitbucket.org/2.0` with `Authorization: Bearer` and the token from
  an environment variable (never the command line, never printed). Code Insights needs only the
  `repository` (read) scope.
- `api_url` (tests, mirrors) replaces both; a token goes over plain http only to this machine.

Only the standard library is used (one request at a time, JSON bodies): TLS is verified by the
default context, redirects are refused (a PUT redirected elsewhere is never resent, and a token
never follows one), 429 is retried after `Retry-After` and 5xx after a short pause, both bounded.
Errors are one line naming what to fix; a response body is never echoed, only Bitbucket's
`error.message`, redacted and cut short.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from tokenlint import __version__, http, redact
from tokenlint.errors import TokenlintError

API_URL = "https://api.bitbucket.org/2.0"
PROXY_API_URL = "http://api.bitbucket.org/2.0"  # the proxy adds the credential; it takes plain http
PIPELINES_PROXY = "http://localhost:29418"
TOKEN_ENV = "BITBUCKET_ACCESS_TOKEN"
REPORT_ID = "tokenlint"
BATCH = 100  # annotations per request, the API's limit
MAX_ANNOTATIONS = 1000  # annotations per report, the API's limit
TRIES = http.TRIES  # attempts per request on 429 and 5xx
LONGEST_WAIT = 30.0  # seconds: a Retry-After beyond this is cut to it

_COMMIT = re.compile(r"[0-9a-fA-F]{7,64}")
_REPORT_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")
_SEGMENT = re.compile(r"\{?[A-Za-z0-9._-]{1,100}\}?")


class InsightsError(TokenlintError):
    """Posting failed. `exit_code`: 2 when the setup is wrong (destination, token, repository,
    commit, the document), 3 when Bitbucket could not be reached or kept failing."""

    def __init__(self, message: str, exit_code: int = 3):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Destination:
    """Where a report goes. `token` is the secret itself: it goes into one header, nowhere else."""

    base_url: str
    workspace: str
    repo: str
    commit: str
    report_id: str = REPORT_ID
    proxy: str | None = None
    token: str | None = None
    token_env: str = TOKEN_ENV  # where the token came from, for messages

    @property
    def report_url(self) -> str:
        parts = (self.workspace, self.repo, self.commit, self.report_id)
        ws, repo, commit, report = (quote(p, safe="{}") for p in parts)
        return f"{self.base_url}/repositories/{ws}/{repo}/commit/{commit}/reports/{report}"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or self.base_url

    def __repr__(self) -> str:  # never the token
        return f"Destination({self.base_url!r}, {self.workspace}/{self.repo}@{self.commit}, proxy={self.proxy!r})"


def in_pipelines(environ: Mapping[str, str]) -> bool:
    """A Bitbucket Pipelines step: it sets these for every step."""
    return bool(environ.get("BITBUCKET_BUILD_NUMBER") and environ.get("BITBUCKET_COMMIT"))


def destination(environ: Mapping[str, str], *, repo: str | None = None, commit: str | None = None,
                head: Callable[[], str | None] = lambda: None, api_url: str | None = None,
                proxy: str | None = None, token_env: str | None = None,
                report_id: str | None = None) -> Destination:
    """Work out where to post from the options and the environment (InsightsError, exit 2, when
    something is missing). `head` names the scanned repository's HEAD commit, asked last."""
    full_name = repo or environ.get("BITBUCKET_REPO_FULL_NAME")
    if not full_name:
        raise InsightsError("Code Insights: which repository? Pass --repo WORKSPACE/REPO "
                            "(Bitbucket Pipelines sets BITBUCKET_REPO_FULL_NAME)", 2)
    workspace, _, slug = full_name.partition("/")
    if not (_SEGMENT.fullmatch(workspace) and _SEGMENT.fullmatch(slug)):
        raise InsightsError(f"Code Insights: --repo takes WORKSPACE/REPO, got {redact.show_value(full_name, 60)}", 2)
    sha = commit or environ.get("BITBUCKET_COMMIT") or head()
    if not sha:
        raise InsightsError("Code Insights: which commit? Pass --commit SHA (Pipelines sets BITBUCKET_COMMIT; "
                            "otherwise the scanned repository's HEAD is used)", 2)
    if not _COMMIT.fullmatch(sha):
        raise InsightsError(f"Code Insights: --commit takes a commit id (hex), got {redact.show_value(sha)}", 2)
    report = report_id or REPORT_ID
    if not _REPORT_ID.fullmatch(report):
        raise InsightsError("Code Insights: --report-id takes letters, digits, '.', '_' and '-' (at most 100)", 2)
    variable = token_env or TOKEN_ENV
    found = environ.get(variable) or None
    common = {"workspace": workspace, "repo": slug, "commit": sha, "report_id": report, "token_env": variable}
    if api_url:
        problem = http.api_url_problem(urlsplit(api_url), bool(found), variable)
        if problem:
            raise InsightsError(f"Code Insights: {problem}", 2)
        return Destination(api_url.rstrip("/"), token=found, **common)
    if proxy or in_pipelines(environ):
        return Destination(PROXY_API_URL, proxy=proxy or PIPELINES_PROXY, **common)  # the proxy authenticates
    if not found:
        raise InsightsError(f"Code Insights: no token: set ${variable} to an access token with the repository "
                            "(read) scope, or run inside Bitbucket Pipelines", 2)
    return Destination(API_URL, token=found, **common)


@dataclass
class Posted:
    """What was sent: the report, and how many annotations in how many requests."""

    annotations: int = 0
    requests: int = 0
    left_out: int = 0


def _redirected(host: str, code: int, elsewhere: str) -> InsightsError:
    return InsightsError(f"Code Insights: {host} redirected the request ({code}) to {elsewhere}; not followed "
                         "(check --api-url)", 3)


def _opener(dest: Destination) -> urllib.request.OpenerDirector:
    if dest.proxy:
        proxies = {"http": dest.proxy}
    elif dest.base_url == API_URL:
        proxies = urllib.request.getproxies()  # a company proxy for https, as every tool honours it
    else:
        proxies = {}
    return http.opener(proxies, _redirected)


def _refused(dest: Destination, status: int, said: str, what: str) -> InsightsError:
    where = f"{dest.workspace}/{dest.repo}"
    if status == 401:
        how = ("the Pipelines proxy did not authenticate the step (is this a Pipelines step?)" if dest.proxy else
               f"check ${dest.token_env}: an access token (repository, project or workspace) or an API token, "
               "not expired")
        return InsightsError(f"Code Insights: Bitbucket refused the credentials (401){said}; {how}", 2)
    if status == 403:
        return InsightsError(f"Code Insights: not allowed to add reports to {where} (403){said}; the token needs the "
                             f"repository (read) scope on {where}", 2)
    if status == 404:
        return InsightsError(f"Code Insights: {where} or commit {dest.commit[:12]} not found (404){said}; check "
                             "--repo and --commit (the commit must be pushed to Bitbucket)", 2)
    if status == 429:
        return InsightsError(f"Code Insights: still rate limited (429) after {TRIES} tries; post again later", 3)
    if status >= 500:
        return InsightsError(f"Code Insights: Bitbucket failed ({status}) {TRIES} times{said}; post again later", 3)
    return InsightsError(f"Code Insights: Bitbucket rejected the {what} ({status}){said}", 2)


class Client:
    """One destination, one request at a time, bounded retries. `sleep` is injectable for tests."""

    def __init__(self, dest: Destination, *, timeout: float = 10.0, sleep: Callable[[float], None] = time.sleep):
        self.dest = dest
        self.timeout = timeout
        self.sleep = sleep
        self.opener = _opener(dest)
        self.requests = 0

    def send(self, method: str, url: str, body: object, what: str) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": f"tokenlint/{__version__}"}
        if self.dest.token:
            headers["Authorization"] = f"Bearer {self.dest.token}"
        def count() -> None:
            self.requests += 1

        try:
            http.send(self.opener, lambda: urllib.request.Request(url, data=data, headers=headers, method=method),
                      timeout=self.timeout, sleep=self.sleep, tries=TRIES, longest=LONGEST_WAIT, counted=count)
        except http.Unanswered as exc:
            if not exc.reason:
                raise InsightsError(f"Code Insights: no answer from {self.dest.host} within {self.timeout:g} s "
                                    "(--timeout)", 3) from None
            if exc.reset:
                raise InsightsError(f"Code Insights: connection to {self.dest.host} failed: {exc.reason}", 3) from None
            raise InsightsError(f"Code Insights: cannot reach {self.dest.proxy or self.dest.host}: {exc.reason}",
                                3) from None
        except http.Refused as exc:
            raise _refused(self.dest, exc.status, exc.said, what) from None

    def post(self, document: Mapping[str, Any]) -> Posted:
        """The report, then its annotations in batches (at most MAX_ANNOTATIONS in all)."""
        report, annotations = check_document(document)
        kept = annotations[:MAX_ANNOTATIONS]
        self.send("PUT", self.dest.report_url, report, "report")
        for start in range(0, len(kept), BATCH):
            self.send("POST", self.dest.report_url + "/annotations", kept[start:start + BATCH], "annotations")
        return Posted(len(kept), self.requests, len(annotations) - len(kept))


def check_document(document: object) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The report and annotations of a `code-insights` document, every string redacted again
    (the file may have been edited since tokenlint wrote it); InsightsError (exit 2) if it is none."""
    if not isinstance(document, dict) or not isinstance(document.get("report"), dict) \
            or not isinstance(document.get("annotations"), list) \
            or not all(isinstance(a, dict) for a in document["annotations"]):
        raise InsightsError("Code Insights: not a code-insights document (write one with --format code-insights)", 2)
    clean = redact.shapes().deep(document)
    return clean["report"], clean["annotations"]


def post(document: Mapping[str, Any], dest: Destination, *, timeout: float = 10.0,
         sleep: Callable[[float], None] = time.sleep) -> Posted:
    """Send a `code-insights` document to `dest`; InsightsError on failure."""
    return Client(dest, timeout=timeout, sleep=sleep).post(document)
