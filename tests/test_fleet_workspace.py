"""`tokenlint fleet --workspace`: listing a Bitbucket workspace's repositories against a local
server (127.0.0.1, never the internet) whose pages are valid `paginated_repositories` of
Bitbucket's OpenAPI document: paging, retries, refusals, timeouts, and where the token may go."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from insights_server import Silent

from tokenlint import http
from tokenlint.fleet.model import RepoSpec
from tokenlint.fleet.workspace import WorkspaceError, list_repositories

from tokengen import make

SPEC = Path(__file__).resolve().parent.parent / "scripts" / "bitbucket-openapi.json"
TOKEN = "workspace-token-for-tests"


@cache
def page_schema() -> dict[str, Any]:
    """`paginated_repositories` with the document's components, so `$ref`s resolve."""
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    return {"$ref": "#/components/schemas/paginated_repositories", "components": spec["components"]}


def repo(full_name: str, clone: str | None = None) -> dict[str, Any]:
    """A repository as the API lists it; the https clone link carries a username, as Bitbucket's do."""
    slug = full_name.split("/")[1]
    return {"type": "repository", "full_name": full_name, "name": slug, "scm": "git", "is_private": True,
            "links": {"clone": [{"name": "https", "href": clone or f"https://jdoe@bitbucket.org/{full_name}.git"},
                                {"name": "ssh", "href": f"git@bitbucket.org:{full_name}.git"}],
                      "html": {"href": f"https://bitbucket.org/{full_name}"}}}


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # a dict is sent as JSON; bytes as they are
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class Api:
    """`with Api(answer) as api:` … `api.url` is the API base; `answer(api, n)` gives the n-th
    request's Reply (n from 0); every 200 body that is a dict must be a valid page."""

    def __init__(self, answer: Callable[[Api, int], Reply]):
        self.answer = answer
        self.seen: list[Seen] = []
        self.problems: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                target = urlsplit(self.path)
                outer.seen.append(Seen(target.path, parse_qs(target.query),
                                       {k.lower(): v for k, v in self.headers.items()}))
                reply = outer.answer(outer, len(outer.seen) - 1)
                body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body or {}).encode()
                if reply.status == 200 and isinstance(reply.body, dict):
                    try:
                        jsonschema.validate(reply.body, page_schema())
                    except jsonschema.ValidationError as exc:
                        outer.problems.append(exc.message)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + "/2.0"

    def __enter__(self) -> Api:
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def paged(pages: list[list[dict[str, Any]]]) -> Callable[[Api, int], Reply]:
    """Pages served by the `page` query parameter, each with `next` to the following one."""
    def answer(api: Api, n: int) -> Reply:
        number = int(api.seen[n].query.get("page", ["1"])[0])
        body: dict[str, Any] = {"pagelen": 100, "page": number, "size": sum(map(len, pages)),
                                "values": pages[number - 1]}
        if number < len(pages):
            body["next"] = f"{api.url}/repositories/acme?pagelen=100&page={number + 1}"
        return Reply(200, body)
    return answer


def listing(api: Api, **kwargs: Any) -> list[RepoSpec]:
    environ = kwargs.pop("environ", {"BITBUCKET_ACCESS_TOKEN": TOKEN})
    return list_repositories(kwargs.pop("workspace", "acme"), environ, api_url=api.url, **kwargs)


def failure(call: Callable[[], object]) -> WorkspaceError:
    with pytest.raises(WorkspaceError) as caught:
        call()
    assert "\n" not in str(caught.value) and TOKEN not in str(caught.value)
    return caught.value


def test_three_pages_become_specs_sorted_by_name_with_clone_urls_without_the_username() -> None:
    pages = [[repo("acme/web"), repo("acme/api")], [repo("acme/infra")], [repo("acme/deploy-scripts")]]
    with Api(paged(pages)) as api:
        specs = listing(api)
    assert api.problems == []
    assert specs == [
        RepoSpec("acme/api", "https://bitbucket.org/acme/api.git", "url", "BITBUCKET_ACCESS_TOKEN"),
        RepoSpec("acme/deploy-scripts", "https://bitbucket.org/acme/deploy-scripts.git", "url",
                 "BITBUCKET_ACCESS_TOKEN"),
        RepoSpec("acme/infra", "https://bitbucket.org/acme/infra.git", "url", "BITBUCKET_ACCESS_TOKEN"),
        RepoSpec("acme/web", "https://bitbucket.org/acme/web.git", "url", "BITBUCKET_ACCESS_TOKEN"),
    ]
    assert [(s.path, s.query) for s in api.seen] == [
        ("/2.0/repositories/acme", {"pagelen": ["100"]}),
        ("/2.0/repositories/acme", {"pagelen": ["100"], "page": ["2"]}),
        ("/2.0/repositories/acme", {"pagelen": ["100"], "page": ["3"]}),
    ]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in api.seen)
    assert all(s.headers["accept"] == "application/json" for s in api.seen)


def test_the_token_comes_from_the_variable_named_and_the_specs_name_it() -> None:
    with Api(paged([[repo("acme/api")]])) as api:
        specs = listing(api, environ={"FLEET_TOKEN": "other-token", "BITBUCKET_ACCESS_TOKEN": TOKEN},
                        token_env="FLEET_TOKEN")
    assert api.seen[0].headers["authorization"] == "Bearer other-token"
    assert specs == [RepoSpec("acme/api", "https://bitbucket.org/acme/api.git", "url", "FLEET_TOKEN")]


def test_an_empty_workspace_is_an_empty_list() -> None:
    with Api(paged([[]])) as api:
        assert listing(api) == []
    assert api.problems == [] and len(api.seen) == 1


def test_a_repository_listed_twice_while_paging_is_one_spec() -> None:
    with Api(paged([[repo("acme/api"), repo("acme/web")], [repo("acme/web")]])) as api:
        assert [s.name for s in listing(api)] == ["acme/api", "acme/web"]


def test_429_waits_for_retry_after_then_succeeds() -> None:
    slept: list[float] = []
    ok = paged([[repo("acme/api")]])
    with Api(lambda api, n: Reply(429, {"type": "error"}, {"Retry-After": "7"}) if n == 0 else ok(api, n)) as api:
        specs = listing(api, sleep=slept.append)
    assert [s.name for s in specs] == ["acme/api"]
    assert slept == [7.0] and len(api.seen) == 2


def test_500_is_retried_after_a_short_pause_then_succeeds() -> None:
    slept: list[float] = []
    ok = paged([[repo("acme/api")]])
    with Api(lambda api, n: Reply(500, b"oops") if n < 2 else ok(api, n)) as api:
        specs = listing(api, sleep=slept.append)
    assert [s.name for s in specs] == ["acme/api"]
    assert slept == [1.0, 2.0]


def test_500_forever_gives_up_after_four_tries_with_exit_3() -> None:
    slept: list[float] = []
    with Api(lambda api, n: Reply(503, {"type": "error", "error": {"message": "maintenance"}})) as api:
        error = failure(lambda: listing(api, sleep=slept.append))
    assert len(api.seen) == 4 and slept == [1.0, 2.0, 4.0]
    assert error.exit_code == 3
    assert str(error) == "--workspace acme: Bitbucket failed (503) 4 times: maintenance; try again later"


def test_429_forever_gives_up_with_exit_3() -> None:
    slept: list[float] = []
    with Api(lambda api, n: Reply(429, {}, {"Retry-After": "3600"})) as api:
        error = failure(lambda: listing(api, sleep=slept.append))
    assert slept == [30.0, 30.0, 30.0]  # a Retry-After of an hour is cut to 30 s
    assert error.exit_code == 3 and "still rate limited (429) after 4 tries" in str(error)


def test_401_names_the_variable_and_never_the_token() -> None:
    with Api(lambda api, n: Reply(401, {"type": "error", "error": {"message": "Token is invalid or expired"}})) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 2 and len(api.seen) == 1
    assert str(error) == ("--workspace acme: Bitbucket refused the credentials (401): Token is invalid or expired; "
                          "check $BITBUCKET_ACCESS_TOKEN: an access token (sent as Bearer), not expired")


def test_403_says_which_scope_the_token_needs() -> None:
    with Api(lambda api, n: Reply(403, {"type": "error"})) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 2
    assert str(error) == ("--workspace acme: not allowed to list the repositories of acme (403); the token needs "
                          "the repository (read) scope on acme")


def test_404_is_no_such_workspace() -> None:
    with Api(lambda api, n: Reply(404, {"type": "error", "error": {"message": "No workspace with identifier 'acme'."}})) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 2
    assert str(error) == "--workspace acme: no such workspace (404): No workspace with identifier 'acme'.; check the name"


def test_a_token_in_bitbuckets_error_message_is_redacted() -> None:
    leaked = make("access-token", seed=4)
    with Api(lambda api, n: Reply(401, {"error": {"message": f"bad token {leaked}"}})) as api:
        error = failure(lambda: listing(api))
    assert leaked not in str(error) and leaked[:16] not in str(error)


def test_a_server_that_never_answers_is_a_timeout_with_exit_3() -> None:
    with Silent() as silent:
        error = failure(lambda: list_repositories("acme", {"BITBUCKET_ACCESS_TOKEN": TOKEN}, api_url=silent.url,
                                                  timeout=0.3))
    assert error.exit_code == 3
    assert str(error) == "--workspace acme: no answer from 127.0.0.1 within 0.3 s (--timeout)"


def test_nothing_listening_is_unreachable_with_exit_3() -> None:
    with Api(paged([[]])) as api:
        url = api.url
    error = failure(lambda: list_repositories("acme", {}, api_url=url))  # the server is gone
    assert error.exit_code == 3 and str(error).startswith("--workspace acme: cannot reach 127.0.0.1: ")


def test_a_next_link_to_another_server_is_refused_and_the_token_never_goes_there() -> None:
    with Api(paged([[repo("acme/evil")]])) as elsewhere:
        def answer(api: Api, n: int) -> Reply:
            return Reply(200, {"pagelen": 100, "values": [repo("acme/api")],
                               "next": f"{elsewhere.url}/repositories/acme?page=2"})
        with Api(answer) as api:
            error = failure(lambda: listing(api))
    assert error.exit_code == 3
    assert str(error) == (f"--workspace acme: the next page is on another server ({elsewhere.origin[7:]}, "
                          f"not {api.origin[7:]}); not followed")
    assert elsewhere.seen == [] and len(api.seen) == 1


def test_a_next_link_to_another_host_name_is_refused() -> None:
    def answer(api: Api, n: int) -> Reply:
        return Reply(200, {"pagelen": 100, "values": [], "next": "https://collector.example/2.0/repositories/acme?page=2"})
    with Api(answer) as api:
        error = failure(lambda: listing(api))
    assert str(error) == (f"--workspace acme: the next page is on another server (collector.example, "
                          f"not {api.origin[7:]}); not followed")


def test_a_next_link_that_loops_ends_the_listing() -> None:
    def answer(api: Api, n: int) -> Reply:
        page = int(api.seen[n].query.get("page", ["1"])[0])
        return Reply(200, {"pagelen": 100, "values": [repo(f"acme/r{page}")],
                           "next": f"{api.url}/repositories/acme?pagelen=100&page=2"})  # page 2 names itself
    with Api(answer) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 3 and "the listing's pages loop (2 pages read)" in str(error)
    assert len(api.seen) == 2


def test_a_redirect_is_not_followed() -> None:
    with Api(paged([[repo("acme/evil")]])) as elsewhere, \
            Api(lambda api, n: Reply(302, b"", {"Location": f"{elsewhere.url}/repositories/acme"})) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 3
    assert str(error) == ("--workspace acme: 127.0.0.1 redirected the listing (302) to 127.0.0.1; not followed "
                          "(check --api-url)")
    assert elsewhere.seen == []


@pytest.mark.parametrize("body, what", [
    (b"<html>login</html>", "not JSON"),
    (b"[1, 2]", "not a page of repositories"),
    (b'{"values": "none"}', "a page without a list of values"),
    (b'{"values": [{"full_name": "../../etc"}]}', "a repository without a workspace/slug full_name"),
    (b'{"values": [{"full_name": "acme/api", "links": {"clone": []}}]}', "acme/api has no https clone link"),
])
def test_an_answer_that_is_no_page_of_repositories_is_one_line(body: bytes, what: str) -> None:
    with Api(lambda api, n: Reply(200, body)) as api:
        error = failure(lambda: listing(api))
    assert error.exit_code == 3
    assert str(error) == f"--workspace acme: unexpected answer from 127.0.0.1 ({what}); is --api-url a Bitbucket API (…/2.0)?"


def test_a_clone_link_over_plain_http_elsewhere_is_refused() -> None:
    with Api(paged([[repo("acme/api", clone="http://jdoe@git.example/acme/api.git")]])) as api:
        error = failure(lambda: listing(api))
    assert "acme/api's clone link is not an https URL" in str(error)


def test_a_local_clone_link_over_http_is_kept_with_its_port_and_without_the_username() -> None:
    with Api(paged([[repo("acme/api", clone="http://jdoe:pw@127.0.0.1:8999/acme/api.git")]])) as api:
        assert [s.location for s in listing(api)] == ["http://127.0.0.1:8999/acme/api.git"]


def test_no_token_for_bitbucket_itself_is_a_setup_error_before_any_request() -> None:
    with pytest.raises(WorkspaceError) as caught:
        list_repositories("acme", {})
    assert caught.value.exit_code == 2
    assert str(caught.value) == ("--workspace acme: no token: set $BITBUCKET_ACCESS_TOKEN to a workspace access token "
                                 "with the repository (read) scope")


def test_a_token_is_never_sent_over_plain_http_to_another_machine() -> None:
    with pytest.raises(WorkspaceError) as caught:
        list_repositories("acme", {"BITBUCKET_ACCESS_TOKEN": TOKEN}, api_url="http://mirror.example/2.0")
    assert caught.value.exit_code == 2
    assert str(caught.value) == ("--workspace acme: refusing to send $BITBUCKET_ACCESS_TOKEN over plain http to "
                                 "mirror.example; use https")


@pytest.mark.parametrize("workspace", ["", "acme/app", "a b", "acme\n", "x" * 101])
def test_a_workspace_name_that_is_no_slug_is_refused(workspace: str) -> None:
    with pytest.raises(WorkspaceError) as caught:
        list_repositories(workspace, {"BITBUCKET_ACCESS_TOKEN": TOKEN})
    assert caught.value.exit_code == 2 and str(caught.value).startswith("--workspace takes a workspace slug")
    assert "\n" not in str(caught.value)


def test_a_token_with_a_newline_is_refused_before_it_reaches_a_header() -> None:
    with Api(paged([[]])) as api:
        error = failure(lambda: listing(api, environ={"BITBUCKET_ACCESS_TOKEN": TOKEN + "\n"}))
    assert error.exit_code == 2 and "holds spaces or control characters" in str(error)
    assert api.seen == []


def test_retry_wait_reads_seconds_and_dates_and_stays_bounded() -> None:
    assert http.retry_wait({"Retry-After": "5"}, 0) == 5.0
    assert http.retry_wait({}, 2) == 4.0
    assert http.retry_wait({"Retry-After": "-3"}, 0) == 0.0
    assert http.retry_wait({"Retry-After": "99999"}, 0) == 30.0
    assert 8.0 <= http.retry_wait({"Retry-After": formatdate(__import__("time").time() + 10, usegmt=True)}, 0) <= 10.0
    assert http.retry_wait({"Retry-After": "nan"}, 1) == 2.0  # no number: the usual backoff, not zero
    assert http.retry_wait({"Retry-After": "soon"}, 0) == 1.0
