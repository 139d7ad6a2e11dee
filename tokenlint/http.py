"""What every client of Bitbucket's REST API in tokenlint does the same way: the Code Insights
client (tokenlint/insights.py) and the fleet's workspace listing (tokenlint/fleet/workspace.py).

Kept in one place so both refuse redirects (a token never follows one to another host, a PUT is
never resent elsewhere), wait the same bounded time on 429 and 5xx (`Retry-After` in seconds or as
a date), send a token over plain http only to this machine, and quote only Bitbucket's own
`error.message` from an answer, redacted and cut short, never the body itself.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import SplitResult, urlsplit

from tokenlint import redact

#: Hosts a token may be sent to over plain http (tests, a local mirror): this machine only.
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
#: Seconds: a Retry-After beyond this is cut to it, so a run never sleeps for hours.
LONGEST_WAIT = 30.0

#: Tries of one request on 429 and 5xx, in all.
TRIES = 4

#: Builds the error raised for a redirect: (host asked, status, host it pointed to) -> exception.
Refusal = Callable[[str, int, str], Exception]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are refused with the caller's own error: what was sent, and the token with it,
    never goes where it was not sent."""

    def __init__(self, refuse: Refusal):
        super().__init__()
        self.refuse = refuse

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        raise self.refuse(urlsplit(req.full_url).hostname or "the server", code,
                          urlsplit(newurl).hostname or "elsewhere")


def opener(proxies: Mapping[str, str], refuse: Refusal) -> urllib.request.OpenerDirector:
    """An opener with exactly these proxies (none: `{}`) that refuses redirects."""
    return urllib.request.build_opener(urllib.request.ProxyHandler(dict(proxies)), NoRedirects(refuse))


def retry_wait(headers: Mapping[str, str] | Any, attempt: int, longest: float = LONGEST_WAIT) -> float:
    """Seconds to wait before the next try: `Retry-After` (seconds or a date) when given, else
    1, 2, 4 …; never less than 0 nor more than `longest`."""
    value = (headers.get("Retry-After") or "").strip() if headers is not None else ""
    seconds = float(2 ** attempt)
    if value:
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                pass
    if seconds != seconds:  # NaN ("nan" parses as a float)
        seconds = float(2 ** attempt)
    return max(0.0, min(seconds, longest))


def bitbucket_says(body: bytes) -> str:
    """Bitbucket's own `error.message` as `": message"`, redacted and short; never the body itself."""
    try:
        message = json.loads(body.decode("utf-8", "replace"))["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return ""
    return f": {redact.text(str(message))[:200]}" if isinstance(message, str) and message else ""


def api_url_problem(url: SplitResult, with_token: bool, variable: str) -> str | None:
    """Why an `--api-url` cannot be used, or None: it must be http(s) with a host, and a token
    goes over plain http only to this machine."""
    if url.scheme not in ("http", "https") or not url.hostname:
        return "--api-url takes an http(s) URL, e.g. https://api.bitbucket.org/2.0"
    if with_token and url.scheme == "http" and url.hostname not in LOOPBACK:
        return f"refusing to send ${variable} over plain http to {url.hostname}; use https"
    return None


class Unanswered(Exception):
    """No answer came: the time-out passed (`reason` ""), or the network failed before or during
    the answer (`reason`, redacted and short; `reset` when the connection broke mid-answer)."""

    def __init__(self, reason: str = "", reset: bool = False) -> None:
        super().__init__(reason or "timed out")
        self.reason, self.reset = reason, reset


class Refused(Exception):
    """The answer after the retries was an HTTP error: its status and Bitbucket's `error.message`
    (`said`: ": …", or "")."""

    def __init__(self, status: int, said: str) -> None:
        super().__init__(f"{status}{said}")
        self.status, self.said = status, said


def send(opener: urllib.request.OpenerDirector, request: Callable[[], urllib.request.Request], *, timeout: float,
         sleep: Callable[[float], None] = time.sleep, tries: int = TRIES, longest: float = LONGEST_WAIT,
         counted: Callable[[], None] = lambda: None) -> bytes:
    """The body of the first successful answer to `request()` (made anew for each try; `counted`
    is called before each). 429 and 5xx are tried again after `retry_wait`, `tries` in all; then
    Refused, as for any other error status; Unanswered when no answer came. A redirect raises
    whatever the opener's NoRedirects makes of it."""
    for attempt in range(tries):
        counted()
        try:
            with opener.open(request(), timeout=timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            status, said, headers = exc.code, bitbucket_says(exc.read()), exc.headers
            exc.close()
        except TimeoutError:
            raise Unanswered() from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise Unanswered() from None
            raise Unanswered(redact.text(str(exc.reason))[:200]) from None
        except OSError as exc:  # a connection reset mid-answer
            raise Unanswered(redact.text(str(exc))[:200], reset=True) from None
        if (status == 429 or status >= 500) and attempt + 1 < tries:
            sleep(retry_wait(headers, attempt, longest))
            continue
        raise Refused(status, said)
    raise AssertionError("unreachable: the last try returns or raises")
