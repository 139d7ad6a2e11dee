"""The Code Insights client against a local server that checks every request against Bitbucket's
OpenAPI document (tests/insights_server.py): batches, limits, auth modes, failures, retries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from insights_server import ANNOTATIONS, REPORT, Reply, Server, Silent

from tokenlint import api
from tokenlint.insights import InsightsError, Posted, destination, post
from tokenlint.model import Confidence, Finding, Location, Severity
from tokenlint.reporters import code_insights
from tokenlint.results import ScanResult

from tokengen import make

SHA = "0123456789abcdef0123456789abcdef01234567"
REPORT_PATH = f"/2.0/repositories/acme/app/commit/{SHA}/reports/tokenlint"


def result_with(n: int, severity: Severity = Severity.HIGH) -> ScanResult:
    findings = [Finding("app-password-in-use", "TL021", severity, Confidence.HIGH,
                        Location(f"src/f{i:04}.sh", i % 50 + 1), f"curl uses app password number {i}")
                for i in range(n)]
    return ScanResult(findings=findings, files_scanned=n, fail_on=Severity.LOW)


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # what code_insights.repository_path looks for
    monkeypatch.chdir(tmp_path)
    return tmp_path


def send(server: Server, document: dict, token: str = "tok-secret-value") -> Posted:
    _, posted = api.post_code_insights(document, ".", {"BITBUCKET_ACCESS_TOKEN": token}, repo="acme/app",
                                       commit=SHA, api_url=server.url)
    return posted


def test_250_findings_are_one_put_and_three_posts_of_at_most_100(in_repo: Path) -> None:
    document = code_insights.payload(result_with(250))
    with Server() as server:
        posted = send(server, document, token="tok-1")
    assert server.problems == []
    assert [(s.method, s.path, len(s.body) if isinstance(s.body, list) else None) for s in server.seen] == [
        ("PUT", REPORT_PATH, None), ("POST", REPORT_PATH + "/annotations", 100),
        ("POST", REPORT_PATH + "/annotations", 100), ("POST", REPORT_PATH + "/annotations", 50)]
    assert all(s.headers["authorization"] == "Bearer tok-1" for s in server.seen)
    assert all(s.headers["content-type"] == "application/json" for s in server.seen)
    ids = [a["external_id"] for s in server.seen[1:] for a in s.body]
    assert len(ids) == len(set(ids)) == 250
    assert server.seen[0].body["result"] == "FAILED"
    assert server.seen[1].body[0]["path"] == "src/f0000.sh" and server.seen[1].body[0]["line"] == 1
    assert (posted.annotations, posted.requests, posted.left_out) == (250, 4, 0)


def test_1200_findings_send_the_1000_most_severe_and_the_report_says_200_were_left_out(in_repo: Path) -> None:
    result = result_with(1200, Severity.MEDIUM)
    for f in result.findings[::6]:  # 200 high ones, spread over the files
        f.severity = Severity.HIGH
    document = code_insights.payload(result)
    assert len(document["annotations"]) == 1000
    assert "200 finding(s) not annotated" in document["report"]["details"]
    with Server() as server:
        posted = send(server, document)
    assert server.problems == []
    assert [s.method for s in server.seen] == ["PUT"] + ["POST"] * 10
    sent = [a for s in server.seen[1:] for a in s.body]
    assert sum(a["severity"] == "HIGH" for a in sent) == 200  # every high one kept
    assert (posted.annotations, posted.left_out) == (1000, 0)


def test_a_document_over_the_limit_is_cut_to_1000_by_the_client_too(in_repo: Path) -> None:
    document = code_insights.payload(result_with(10))
    document["annotations"] = [dict(document["annotations"][0], external_id=f"x-{i}") for i in range(1005)]
    with Server() as server:
        posted = send(server, document)
    assert server.problems == []
    assert (posted.annotations, posted.requests, posted.left_out) == (1000, 11, 5)


def test_inside_pipelines_the_proxy_gets_the_absolute_url_and_no_credential(in_repo: Path) -> None:
    environ = {"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_COMMIT": SHA, "BITBUCKET_REPO_FULL_NAME": "acme/app",
               "BITBUCKET_ACCESS_TOKEN": "never-sent-over-http"}
    with Server() as server:
        dest, _ = api.post_code_insights(code_insights.payload(result_with(3)), ".", environ, proxy=server.proxy)
    assert server.problems == []
    assert [s.target for s in server.seen] == [f"http://api.bitbucket.org{REPORT_PATH}",
                                               f"http://api.bitbucket.org{REPORT_PATH}/annotations"]
    assert all("authorization" not in s.headers for s in server.seen)
    assert dest.token is None


def test_pipelines_is_recognised_from_its_variables_and_uses_its_proxy() -> None:
    dest = destination({"BITBUCKET_BUILD_NUMBER": "7", "BITBUCKET_COMMIT": SHA, "BITBUCKET_REPO_FULL_NAME": "a/b"})
    assert (dest.base_url, dest.proxy, dest.token) == ("http://api.bitbucket.org/2.0", "http://localhost:29418", None)
    outside = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="a/b", commit=SHA)
    assert (outside.base_url, outside.proxy, outside.token) == ("https://api.bitbucket.org/2.0", None, "t")
    assert "t" not in repr(outside).replace("https", "").replace("bitbucket", "").replace("Destination", "")


@pytest.mark.parametrize(("environ", "options", "words"), [
    ({}, {"commit": SHA}, "which repository"),
    ({}, {"repo": "acme/app"}, "which commit"),
    ({}, {"repo": "acme/app/x", "commit": SHA}, "WORKSPACE/REPO"),
    ({}, {"repo": "acme/app", "commit": "HEAD; rm"}, "commit id"),
    ({}, {"repo": "acme/app", "commit": SHA}, "no token: set $BITBUCKET_ACCESS_TOKEN"),
    ({"MY_TOKEN": "t"}, {"repo": "acme/app", "commit": SHA, "api_url": "http://mirror.example/2.0",
                         "token_env": "MY_TOKEN"}, "refusing to send $MY_TOKEN over plain http"),
])
def test_a_missing_or_wrong_destination_is_one_clear_line_exit_2(environ: dict, options: dict, words: str) -> None:
    with pytest.raises(InsightsError) as caught:
        destination(environ, **options)
    assert words in str(caught.value) and caught.value.exit_code == 2


def test_429_waits_as_retry_after_says_then_succeeds(in_repo: Path) -> None:
    waits: list[float] = []
    with Server([Reply(429, {"Retry-After": "3"}, b'{"type": "error", "error": {"message": "slow down"}}')]) as server:
        dest = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="acme/app", commit=SHA, api_url=server.url)
        posted = post(code_insights.payload(result_with(1)), dest, sleep=waits.append)
    assert waits == [3.0]
    assert [s.method for s in server.seen] == ["PUT", "PUT", "POST"]
    assert server.problems == [] and posted.annotations == 1


def test_a_huge_retry_after_is_capped(in_repo: Path) -> None:
    waits: list[float] = []
    with Server([Reply(429, {"Retry-After": "86400"})]) as server:
        dest = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="acme/app", commit=SHA, api_url=server.url)
        post(code_insights.payload(result_with(1)), dest, sleep=waits.append)
    assert waits == [30.0]


def test_a_500_is_retried_then_succeeds(in_repo: Path) -> None:
    waits: list[float] = []
    with Server([Reply(200), Reply(502)]) as server:  # the PUT passes, the first POST fails once
        dest = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="acme/app", commit=SHA, api_url=server.url)
        post(code_insights.payload(result_with(2)), dest, sleep=waits.append)
    assert [s.method for s in server.seen] == ["PUT", "POST", "POST"]
    assert waits == [1.0] and server.problems == []


def test_a_server_that_keeps_failing_gives_up_after_four_tries_exit_3(in_repo: Path) -> None:
    waits: list[float] = []
    with Server([Reply(503)] * 4) as server:
        dest = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="acme/app", commit=SHA, api_url=server.url)
        with pytest.raises(InsightsError) as caught:
            post(code_insights.payload(result_with(1)), dest, sleep=waits.append)
    assert len(server.seen) == 4 and waits == [1.0, 2.0, 4.0]
    assert caught.value.exit_code == 3 and "failed (503) 4 times" in str(caught.value)


def test_a_redirect_is_never_followed(in_repo: Path) -> None:
    with Server([Reply(307, {"Location": "http://elsewhere.example/steal"})]) as server:
        dest = destination({"BITBUCKET_ACCESS_TOKEN": "t"}, repo="acme/app", commit=SHA, api_url=server.url)
        with pytest.raises(InsightsError) as caught:
            post(code_insights.payload(result_with(1)), dest, sleep=lambda s: None)
    assert len(server.seen) == 1
    assert "redirected the request (307) to elsewhere.example; not followed" in str(caught.value)


# --- the command line, as a user runs it -------------------------------------------------------

def run(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BITBUCKET_")}
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**base, **(env or {})}, input=stdin)


@pytest.fixture
def written(in_repo: Path) -> Path:
    target = in_repo / "insights.json"
    target.write_text(json.dumps(code_insights.payload(result_with(3))), encoding="utf-8")
    return target


@pytest.mark.parametrize(("status", "words"), [
    (401, "Bitbucket refused the credentials (401): Invalid credentials; check $BITBUCKET_ACCESS_TOKEN"),
    (403, "not allowed to add reports to acme/app (403): Forbidden; the token needs the repository (read) scope"),
    (404, "acme/app or commit 0123456789ab not found (404): Not found; check --repo and --commit"),
])
def test_401_403_404_say_what_to_fix_in_one_line_and_exit_2(written: Path, status: int, words: str) -> None:
    token = make("access-token")
    message = {401: "Invalid credentials", 403: "Forbidden", 404: "Not found"}[status]
    body = json.dumps({"type": "error", "error": {"message": message, "detail": "echo " + token}}).encode()
    with Server([Reply(status, {}, body)]) as server:
        proc = run("report", "code-insights", str(written), "--post", "--repo", "acme/app", "--commit", SHA,
                   "--api-url", server.url, cwd=written.parent, env={"BITBUCKET_ACCESS_TOKEN": token})
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith(f"tokenlint: error: Code Insights: {words}")
    assert token not in proc.stderr + proc.stdout and token[:16] not in proc.stderr
    assert server.seen[0].headers["authorization"] == f"Bearer {token}"


def test_a_server_that_never_answers_times_out_with_a_clear_message_exit_3(written: Path) -> None:
    with Silent() as silent:
        started = time.monotonic()
        proc = run("report", "code-insights", str(written), "--post", "--repo", "acme/app", "--commit", SHA,
                   "--api-url", silent.url, "--timeout", "0.5", cwd=written.parent, env={"BITBUCKET_ACCESS_TOKEN": "t"})
        elapsed = time.monotonic() - started
    assert proc.returncode == 3
    assert proc.stderr == "tokenlint: error: Code Insights: no answer from 127.0.0.1 within 0.5 s (--timeout)\n"
    assert elapsed < 20  # one try of 0.5 s plus start-up, not a hang


def test_report_posts_a_written_document_and_says_so(written: Path) -> None:
    with Server() as server:
        proc = run("report", "code-insights", "-", "--post", "--api-url", server.url, cwd=written.parent,
                   env={"BITBUCKET_ACCESS_TOKEN": "t", "BITBUCKET_REPO_FULL_NAME": "acme/app", "BITBUCKET_COMMIT": SHA},
                   stdin=written.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert server.problems == [] and [s.method for s in server.seen] == ["PUT", "POST"]
    assert "posted to acme/app at 0123456789ab" in proc.stderr and "3 annotation(s), 2 request(s)" in proc.stderr


def test_report_without_post_sends_nothing(written: Path) -> None:
    with Server() as server:
        proc = run("report", "code-insights", str(written), "--repo", "acme/app", "--commit", SHA, "--api-url",
                   server.url, cwd=written.parent)
    assert proc.returncode == 0 and server.seen == []
    assert "would post (--post sends it)" in proc.stderr


def test_report_refuses_a_file_that_is_no_code_insights_document(in_repo: Path) -> None:
    (in_repo / "other.json").write_text('{"findings": []}', encoding="utf-8")
    proc = run("report", "code-insights", "other.json", "--post", "--repo", "a/b", "--commit", SHA, cwd=in_repo)
    assert proc.returncode == 2
    assert proc.stderr == ("tokenlint: error: Code Insights: not a code-insights document "
                           "(write one with --format code-insights)\n")


def test_the_operations_posted_are_the_reports_api_of_the_vendored_document() -> None:
    from insights_server import spec

    assert "put" in spec()["paths"][REPORT] and "post" in spec()["paths"][ANNOTATIONS]
