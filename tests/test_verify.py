"""`--verify` and tokenlint/probe.py against a local stand-in for Bitbucket (127.0.0.1 only).

The server answers GET /2.0/user by the Authorization header it receives: per credential a
status, headers (X-Credential-Type, X-OAuth-Scopes) and an optional delay, as Bitbucket does
(headers on a 403 too); GET /2.0/repositories?role=member lists what `listings` gives the
credential (how an access token's resource is learnt). Token-shaped strings come from tests/tokengen.py.
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tokenlint import probe
from tokenlint.resources import schema

from tokengen import make


class Bitbucket(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.answers: dict[str, tuple[int, dict[str, str], float]] = {}
        self.listings: dict[str, list[dict[str, Any]]] = {}  # authorization -> the repositories it sees
        self.seen: list[tuple[str, str]] = []  # (path, authorization)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/2.0"


class Handler(BaseHTTPRequestHandler):
    server: Bitbucket

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization", "")
        self.server.seen.append((self.path, auth))
        status, headers, delay = self.server.answers.get(auth, (401, {}, 0.0))
        if delay:
            threading.Event().wait(delay)
        body = json.dumps({"type": "error", "error": {"message": "nope"}} if status >= 400
                          else {"display_name": "someone"}).encode()
        if self.path.startswith("/2.0/repositories?") and auth in self.server.listings and status < 400:
            body = json.dumps({"pagelen": 100, "values": self.server.listings[auth]}).encode()
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def bitbucket() -> Iterator[Bitbucket]:
    server = Bitbucket()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def bearer(token: str) -> str:
    return f"Bearer {token}"


def basic(email: str, token: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode()


def prober(server: Bitbucket, tmp_path: Path, lines: list[str], **kw: Any) -> probe.Prober:
    return probe.Prober(server.url, say=lines.append, cache_dir=tmp_path / "cache", **kw)


@pytest.mark.parametrize("ctype", ["repo_access_token", "project_access_token", "workspace_access_token"])
def test_access_token_of_each_type_is_live_with_its_scopes(bitbucket: Bitbucket, tmp_path: Path, ctype: str):
    token = make("access-token")
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": ctype, "X-OAuth-Scopes": "repository:write"}, 0)
    lines: list[str] = []
    verdict = prober(bitbucket, tmp_path, lines).probe("access-token", token)
    assert verdict == probe.Verdict("live", ctype, ("repository:write",), (), "HTTP 200")
    assert bitbucket.seen == [("/2.0/user", bearer(token))]
    assert lines == [f"tokenlint: verify: GET {bitbucket.url}/user for {token[:15]}… → live ({ctype})"]


def test_403_is_live_and_its_headers_are_read(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 2)
    bitbucket.answers[bearer(token)] = (403, {"X-Credential-Type": "repo_access_token", "X-OAuth-Scopes": "pullrequest",
                                              "X-Accepted-OAuth-Scopes": "account"}, 0)
    verdict = prober(bitbucket, tmp_path, []).probe("access-token", token)
    assert (verdict.state, verdict.credential_type, verdict.scopes, verdict.accepted_scopes) == (
        "live", "repo_access_token", ("pullrequest",), ("account",))


def test_api_token_is_sent_with_the_email_as_basic(bitbucket: Bitbucket, tmp_path: Path):
    token = make("api-token", 3)
    bitbucket.answers[basic("dev@example.com", token)] = (200, {"X-Credential-Type": "api_token",
                                                               "X-OAuth-Scopes": "read:repository:bitbucket"}, 0)
    verdict = prober(bitbucket, tmp_path, []).probe("api-token", token, "dev@example.com")
    assert (verdict.state, verdict.credential_type, verdict.scopes) == ("live", "api_token",
                                                                         ("read:repository:bitbucket",))


def test_api_token_without_email_and_app_password_are_never_sent(bitbucket: Bitbucket, tmp_path: Path):
    lines: list[str] = []
    p = prober(bitbucket, tmp_path, lines)
    assert p.probe("api-token", make("api-token", 4)).state == "unknown"
    assert p.probe("app-password", make("app-password", 5)).state == "removed"
    assert bitbucket.seen == [] and lines == []


def test_revoked_token_is_invalid(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 6)  # the server answers 401 to what it does not know
    assert prober(bitbucket, tmp_path, []).probe("access-token", token).state == "invalid"
    assert len(bitbucket.seen) == 1


def test_rate_limit_is_unknown_and_not_retried(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 7)
    bitbucket.answers[bearer(token)] = (429, {"Retry-After": "1"}, 0)
    verdict = prober(bitbucket, tmp_path, []).probe("access-token", token)
    assert (verdict.state, verdict.why) == ("unknown", "HTTP 429")
    assert len(bitbucket.seen) == 1  # one request: never retried, nothing can lock an account


def test_slow_answer_times_out_as_unknown(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 8)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token"}, 2.0)
    verdict = prober(bitbucket, tmp_path, [], timeout=0.3).probe("access-token", token)
    assert (verdict.state, verdict.why) == ("unknown", "timed out")


def test_result_is_cached_by_fingerprint_never_the_value(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 9)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token"}, 0)
    lines: list[str] = []
    assert prober(bitbucket, tmp_path, lines).probe("access-token", token).state == "live"
    assert prober(bitbucket, tmp_path, lines).probe("access-token", token).state == "live"
    assert len(bitbucket.seen) == 1 and lines[1].endswith("(cached, no request)")
    stored = (tmp_path / "cache" / probe.CACHE_FILE).read_text()
    assert token not in stored and token[12:30] not in stored


def test_plain_http_elsewhere_than_this_machine_is_refused():
    with pytest.raises(probe.ProbeError, match="plain http"):
        probe.Prober("http://example.com/2.0", say=print)


def test_no_proxy_is_used_even_when_the_environment_names_one(bitbucket: Bitbucket, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch):
    token = make("access-token", 10)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token"}, 0)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # a dead port: going through it would fail
    monkeypatch.setenv("NO_PROXY", "")
    assert prober(bitbucket, tmp_path, []).probe("access-token", token).state == "live"


def run(*args: str, cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def test_scan_verify_reports_each_token_and_fail_on_live(bitbucket: Bitbucket, tmp_path: Path):
    live, dead, app = make("access-token", 11), make("access-token", 12), make("app-password", 13)
    bitbucket.answers[bearer(live)] = (200, {"X-Credential-Type": "workspace_access_token",
                                             "X-OAuth-Scopes": "repository:admin"}, 0)
    src = tmp_path / "src"
    src.mkdir()
    (src / "deploy.sh").write_text(f"A={live}\nB={dead}\nC={app}\n")
    proc = run("scan", "--format", "json", "--verify", "--verify-api-url", bitbucket.url, ".", cwd=src,
               tmp_path=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.validate(data, schema("report"))
    got = {(f["rule"], f["line"], f["verify"]["state"], f["verify"]["credential_type"], tuple(f["verify"]["scopes"]))
           for f in data["findings"]}
    assert got == {("access-token", 1, "live", "workspace_access_token", ("repository:admin",)),
                   ("access-token", 2, "invalid", None, ()),
                   ("app-password", 3, "removed", None, ())}
    assert proc.stderr.count("tokenlint: verify: GET ") == 2
    for token in (live, dead, app):
        assert token not in proc.stdout and token not in proc.stderr
    assert not any(token in p.read_text(errors="replace") for p in (tmp_path / "cache").rglob("*") if p.is_file()
                   for token in (live, dead))

    text = run("scan", "--verify", "--verify-api-url", bitbucket.url, ".", cwd=src, tmp_path=tmp_path)
    assert "verify: live (workspace_access_token), scopes: repository:admin" in text.stdout


def test_fail_on_live_fails_a_run_that_fail_on_would_pass(bitbucket: Bitbucket, tmp_path: Path):
    live = make("access-token", 14)
    bitbucket.answers[bearer(live)] = (200, {"X-Credential-Type": "repo_access_token"}, 0)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sh").write_text(f"A={live}\n")
    (src / ".tokenlint.yml").write_text("severity: {access-token: high}\n")  # so --fail-on critical passes it
    passes = run("scan", "--fail-on", "critical", ".", cwd=src, tmp_path=tmp_path)
    fails = run("scan", "--fail-on", "critical", "--fail-on-live", "--verify-api-url", bitbucket.url, ".", cwd=src,
                tmp_path=tmp_path)
    assert (passes.returncode, fails.returncode) == (0, 1), (passes.stdout + passes.stderr, fails.stderr)


def test_without_verify_no_socket_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from tokenlint.cli import main

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was attempted without --verify")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("TOKENLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a.sh").write_text(f"A={make('access-token', 15)}\nB={make('api-token', 16)}\n")
    result = CliRunner().invoke(main, ["scan", "--format", "json", "-j", "1", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "verify" not in json.loads(result.stdout)["findings"][0]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_history_verify_reads_the_value_from_the_commit_it_came_from(bitbucket: Bitbucket, tmp_path: Path):
    gone = make("access-token", 17)  # committed, then deleted: only the history holds it
    bitbucket.answers[bearer(gone)] = (200, {"X-Credential-Type": "project_access_token"}, 0)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "old.sh").write_text(f"T={gone}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "add")
    (repo / "old.sh").unlink()
    git(repo, "commit", "-qam", "remove")
    proc = run("history", "--format", "json", "--verify", "--verify-api-url", bitbucket.url, ".", cwd=repo,
               tmp_path=tmp_path)
    data = json.loads(proc.stdout)
    assert [(f["rule"], f["path"], f["line"], f["verify"]["state"], f["verify"]["credential_type"])
            for f in data["findings"]] == [("access-token", "old.sh", 1, "live", "project_access_token")]
    assert gone not in proc.stdout + proc.stderr


def test_ci_verify_probes_the_added_token(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 18)
    bitbucket.answers[bearer(token)] = (403, {"X-Credential-Type": "repo_access_token",
                                              "X-OAuth-Scopes": "repository"}, 0)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("hi\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "ci.sh").write_text(f"echo\nTOKEN={token}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "leak")
    proc = run("ci", "--format", "json", "--base", "HEAD~1", "--no-fetch", "--verify", "--verify-api-url",
               bitbucket.url, ".", cwd=repo, tmp_path=tmp_path)
    data = json.loads(proc.stdout)
    assert [(f["rule"], f["path"], f["line"], f["verify"]) for f in data["findings"]] == [
        ("access-token", "ci.sh", 2, {"state": "live", "credential_type": "repo_access_token",
                                      "scopes": ["repository"]})]


def test_declaration_from_each_credential_type():
    for header, declared in [("repo_access_token", "repository-access-token"),
                             ("project_access_token", "project-access-token"),
                             ("workspace_access_token", "workspace-access-token")]:
        made = probe.declaration("BB", probe.Verdict("live", header, ("repository:write", "pullrequest")))
        assert made is not None
        assert (made.variable, made.type, made.scopes) == ("BB", declared,
                                                           frozenset({"repository:write", "pullrequest"}))
    api = probe.declaration("ME", probe.Verdict("live", "api_token", ("read:repository:bitbucket", "repository")))
    assert api is not None and api.scopes == frozenset({"read:repository:bitbucket"})  # classic one dropped
    assert probe.declaration("X", probe.Verdict("invalid")) is None


def test_inspect_prints_the_real_declaration_and_flags_a_narrower_one(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 19)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token",
                                              "X-OAuth-Scopes": "repository:write, pullrequest"}, 0)
    bitbucket.listings[bearer(token)] = [{"full_name": "acme/app", "project": {"key": "WEB"}}]
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path),
           "BB_TOKEN": token, "NOT_A_TOKEN": "hunter2-password"}
    args = [sys.executable, "-m", "tokenlint", "inspect", "BB_TOKEN", "NOT_A_TOKEN", "--verify-api-url",
            bitbucket.url]
    proc = subprocess.run(args, cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["tokens:", "  - variable: BB_TOKEN", "    type: repository-access-token",
                                        "    resource: acme/app", "    scopes: [pullrequest, repository:write]"]
    assert "$NOT_A_TOKEN: unknown; no declaration made" in proc.stderr
    listing = f"{bitbucket.url}/repositories?role=member&pagelen=100"
    assert (f"tokenlint: inspect: GET {listing} for {token[:15]}… → repository access token: acme/app"
            in proc.stderr.splitlines())
    # the password-shaped value was never sent; the access token twice: who it is, what it sees
    assert bitbucket.seen == [("/2.0/user", bearer(token)), ("/2.0/repositories?role=member&pagelen=100",
                                                             bearer(token))]
    assert token not in proc.stdout + proc.stderr and "hunter2" not in proc.stdout + proc.stderr

    (work / ".tokenlint.yml").write_text("tokens:\n  - variable: BB_TOKEN\n    type: repository-access-token\n"
                                         "    scopes: [repository]\n")
    proc = subprocess.run([*args, "--format", "json"], cwd=work, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert ("tokenlint: inspect: $BB_TOKEN: scopes declared at tokens.0 differ from what Bitbucket says: "
            "it also has pullrequest, repository:write; it lacks repository") in proc.stderr
    assert json.loads(proc.stdout) == {"tokens": [{"variable": "BB_TOKEN", "type": "repository-access-token",
                                                   "resource": "acme/app",
                                                   "scopes": ["pullrequest", "repository:write"]}]}


def test_ci_inspect_env_judges_the_scope_rules_on_real_scopes(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 20)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token",
                                              "X-OAuth-Scopes": "pullrequest:write"}, 0)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".tokenlint.yml").write_text("tokens:\n  - {variable: RT, type: repository-access-token, "
                                         "resource: acme/app, scopes: [repository:write]}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "r.sh").write_text('#!/bin/sh\ncurl -X POST -H "Authorization: Bearer $RT" '
                               "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "tag")
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path), "RT": token}

    def ci(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--format", "json", "--base", "HEAD~1",
                               "--no-fetch", *extra, "."], cwd=repo, capture_output=True, text=True, env=env,
                              timeout=120)

    declared = ci()
    assert [f["rule"] for f in json.loads(declared.stdout)["findings"]] == [] and bitbucket.seen == []
    real = ci("--inspect-env", "RT", "--verify-api-url", bitbucket.url)
    assert {(f["rule"], f["path"], f["line"]) for f in json.loads(real.stdout)["findings"]} == {
        ("scope-beyond-use", "r.sh", 2), ("declaration-disagrees", ".tokenlint.yml", 2)}, real.stderr
    assert ("tokenlint: inspect: $RT: scopes declared at tokens.0 differ from what Bitbucket says: "
            "it also has pullrequest:write; it lacks repository:write") in real.stderr
    # /user, and the listing (which names nothing here: the declared resource stays, the type agreeing)
    assert [path for path, _ in bitbucket.seen] == ["/2.0/user", "/2.0/repositories?role=member&pagelen=100"]
    assert token not in real.stdout + real.stderr


def test_declarations_know_their_lines_in_yaml_and_pyproject(tmp_path: Path):
    from tokenlint import config

    (tmp_path / ".tokenlint.yml").write_text("fail-on: low\ntokens:\n  - variable: A\n    type: api-token\n"
                                             "  - {variable: B, type: repository-access-token}\n")
    assert [d.line for d in config.load(tmp_path / ".tokenlint.yml").tokens] == [3, 5]
    (tmp_path / "pyproject.toml").write_text('[tool.tokenlint]\nfail-on = "low"\n\n[[tool.tokenlint.tokens]]\n'
                                             'variable = "A"\ntype = "api-token"\n\n[[tool.tokenlint.tokens]]\n'
                                             'variable = "B"\ntype = "api-token"\n')
    assert [d.line for d in config.load(tmp_path / "pyproject.toml").tokens] == [4, 8]
    (tmp_path / "pyproject.toml").write_text('[tool.tokenlint]\ntokens = [\n  {variable = "A", type = "api-token"},\n'
                                             '  {variable = "B", type = "api-token"},\n]\n')
    assert [d.line for d in config.load(tmp_path / "pyproject.toml").tokens] == [3, 4]


def test_config_verify_true_opts_in_the_gate_only_and_no_verify_overrides_it(bitbucket: Bitbucket, tmp_path: Path):
    """A scanned repository's config cannot send `scan` to the network; the gate's (base commit) can."""
    live, api_token = make("access-token", 21), make("api-token", 22)
    bitbucket.answers[bearer(live)] = (200, {"X-Credential-Type": "repo_access_token"}, 0)
    bitbucket.answers[basic("bot@example.com", api_token)] = (200, {"X-Credential-Type": "api_token"}, 0)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".tokenlint.yml").write_text("verify: true\nverify-email-env: BOT_EMAIL\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "a.sh").write_text(f"A={live}\nB={api_token}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "tokens")
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path),
           "BOT_EMAIL": "bot@example.com"}

    def tokenlint(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tokenlint", *args, "--format", "json", "--verify-api-url",
                               bitbucket.url, "."], cwd=repo, capture_output=True, text=True, env=env, timeout=120)

    scanned = tokenlint("scan")
    assert [f.get("verify") for f in json.loads(scanned.stdout)["findings"]] == [None, None]
    assert bitbucket.seen == [] and "applies to `tokenlint ci` only" in scanned.stderr
    gate = tokenlint("ci", "--base", "HEAD~1", "--no-fetch")
    assert [(f["line"], f["verify"]["state"], f["verify"]["credential_type"])
            for f in json.loads(gate.stdout)["findings"]] == [(1, "live", "repo_access_token"),
                                                              (2, "live", "api_token")], gate.stderr
    assert sorted(auth for _, auth in bitbucket.seen) == sorted([bearer(live), basic("bot@example.com", api_token)])
    overridden = tokenlint("ci", "--base", "HEAD~1", "--no-fetch", "--no-verify")
    assert [f.get("verify") for f in json.loads(overridden.stdout)["findings"]] == [None, None]
    assert len(bitbucket.seen) == 2 and "tokenlint: verify" not in overridden.stderr


def test_verify_finds_a_fingerprint_declaration_bitbucket_contradicts(bitbucket: Bitbucket, tmp_path: Path):
    from tokenlint.model import fingerprint

    token = make("access-token", 23)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "workspace_access_token",
                                              "X-OAuth-Scopes": "repository"}, 0)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.sh").write_text(f"A={token}\n")
    (src / ".tokenlint.yml").write_text(f"fail-on: low\ntokens:\n  - fingerprint: {fingerprint(token)}\n"
                                        "    type: repository-access-token\n")
    proc = run("scan", "--format", "json", "--verify", "--verify-api-url", bitbucket.url, ".", cwd=src,
               tmp_path=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.validate(data, schema("report"))
    assert {(f["rule"], f["path"], f["line"]) for f in data["findings"]} == {
        ("access-token", "a.sh", 1), ("declaration-disagrees", ".tokenlint.yml", 3)}
    said = next(f for f in data["findings"] if f["rule"] == "declaration-disagrees")
    assert "declared as repository-access-token at tokens.0, but Bitbucket says workspace-access-token" in said["message"]
    assert said["severity"] == "medium" and said["confidence"] == "high"
    assert proc.returncode == 1 and token not in proc.stdout + proc.stderr


def test_ci_config_opts_in_to_inspect_env_from_the_base_commit(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 24)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "workspace_access_token",
                                              "X-OAuth-Scopes": "repository:write"}, 0)
    bitbucket.listings[bearer(token)] = [{"full_name": "acme/app", "project": {"key": "WEB"}},
                                         {"full_name": "acme/site", "project": {"key": "OPS"}}]
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".tokenlint.yml").write_text("verify: true\ninspect-env: [RT]\ntokens:\n"
                                         "  - {variable: RT, type: repository-access-token, resource: acme/app}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "r.sh").write_text('#!/bin/sh\ncurl -X POST -H "Authorization: Bearer $RT" '
                               "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "tag")
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path), "RT": token}
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--format", "json", "--base", "HEAD~1",
                           "--no-fetch", "--verify-api-url", bitbucket.url, "."], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=120)
    assert {(f["rule"], f["path"], f["line"]) for f in json.loads(proc.stdout)["findings"]} == {
        ("token-wider-than-repository", "r.sh", 2), ("declaration-disagrees", ".tokenlint.yml", 4)}, proc.stderr
    assert [auth for _, auth in bitbucket.seen] == [bearer(token)] * 2
    off = subprocess.run([sys.executable, "-m", "tokenlint", "ci", "--format", "json", "--base", "HEAD~1", "--no-fetch",
                          "--no-verify", "--verify-api-url", bitbucket.url, "."], cwd=repo, capture_output=True,
                         text=True, env=env, timeout=120)
    assert {f["rule"] for f in json.loads(off.stdout)["findings"]} == set(), off.stderr  # judged on the declaration
    assert len(bitbucket.seen) == 2  # --no-verify: the config's opt-in is overridden, nothing asked
    said = next(f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "declaration-disagrees")
    assert said["message"] == ("$RT: declared as repository-access-token at tokens.0, but Bitbucket says "
                               "workspace-access-token (what Bitbucket says: workspace-access-token; "
                               "scopes: repository:write; resource: acme).")


def test_bound_to_reads_the_resource_from_a_listing():
    repo = [{"full_name": "acme/app", "project": {"key": "WEB"}}]
    two = [*repo, {"full_name": "acme/site", "project": {"key": "WEB"}}]
    assert str(probe.bound_to("repository", repo)) == "acme/app"
    assert probe.bound_to("repository", two) is None  # a repository token sees one repository
    assert str(probe.bound_to("project", two)) == "acme/WEB"
    assert probe.bound_to("project", [*two, {"full_name": "acme/ops", "project": {"key": "OPS"}}]) is None
    assert str(probe.bound_to("workspace", [*two, {"full_name": "acme/ops"}])) == "acme"
    assert probe.bound_to("workspace", [*two, {"full_name": "other/x"}]) is None
    assert probe.bound_to("workspace", []) is None and probe.bound_to("workspace", {"values": 1}) is None
    assert probe.bound_to("repository", [{"full_name": "a/b/c"}]) is None


CALL = "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags"
EMAIL = "bot@example.com"


@pytest.mark.parametrize("kind,header,scopes,listing,script,expected", [
    # a repository token Bitbucket binds to another repository than the one the call touches
    ("access-token", "repo_access_token", "repository:write", [{"full_name": "acme/other"}],
     f'curl -X POST -H "Authorization: Bearer $T" {CALL}', {("token-type-cannot-call", "r.sh", 2)}),
    # a project token whose every call touches one repository
    ("access-token", "project_access_token", "repository:write",
     [{"full_name": "acme/app", "project": {"key": "WEB"}}, {"full_name": "acme/site", "project": {"key": "WEB"}}],
     f'curl -X POST -H "Authorization: Bearer $T" {CALL}', {("token-wider-than-repository", "r.sh", 2)}),
    # a workspace token whose scopes go beyond its use
    ("access-token", "workspace_access_token", "repository:admin, repository:write", [{"full_name": "acme/app"}],
     f'curl -X POST -H "Authorization: Bearer $T" {CALL}',
     {("token-wider-than-repository", "r.sh", 2), ("scope-beyond-use", "r.sh", 2)}),
    # an API token (Basic with the account e-mail) missing the write scope its call needs
    ("api-token", "api_token", "read:repository:bitbucket", [],
     f'curl -u "$BOT_EMAIL:$T" -X POST {CALL}', {("scope-missing", "r.sh", 2), ("token-wider-than-repository", "r.sh", 2)}),
])
def test_scope_rules_fire_on_real_scopes_for_every_token_type(bitbucket: Bitbucket, tmp_path: Path, kind: str,
                                                             header: str, scopes: str, listing: list[Any],
                                                             script: str, expected: set[tuple[str, str, int]]):
    token = make(kind, 30 + len(header))
    auth = basic(EMAIL, token) if kind == "api-token" else bearer(token)
    bitbucket.answers[auth] = (200, {"X-Credential-Type": header, "X-OAuth-Scopes": scopes}, 0)
    bitbucket.listings[auth] = listing
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README").write_text("hi\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (repo / "r.sh").write_text(f"#!/bin/sh\n{script}\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "call")
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path), "T": token}
    args = [sys.executable, "-m", "tokenlint", "ci", "--format", "json", "--base", "HEAD~1", "--no-fetch", "."]
    without = subprocess.run(args, cwd=repo, capture_output=True, text=True, env=env, timeout=120)
    real = subprocess.run([*args, "--inspect-env", "T", "--verify-email", EMAIL, "--verify-api-url", bitbucket.url],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=120)
    got = {(f["rule"], f["path"], f["line"]) for f in json.loads(real.stdout)["findings"]}
    assert got == expected, real.stderr
    assert got != {(f["rule"], f["path"], f["line"]) for f in json.loads(without.stdout)["findings"]}
    assert token not in real.stdout + real.stderr
    assert bitbucket.seen[0] == ("/2.0/user", auth)


@pytest.fixture
def https_bitbucket(tmp_path: Path) -> Iterator[tuple[Bitbucket, Path]]:
    """The same stand-in over TLS, with a self-signed certificate for 127.0.0.1 made now."""
    import ssl

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    server = Bitbucket()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, cert
    server.shutdown()
    server.server_close()


def test_https_is_verified_and_fails_closed_without_trust(https_bitbucket: tuple[Bitbucket, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    server, cert = https_bitbucket
    url = server.url.replace("http://", "https://")
    token = make("access-token", 40)
    server.answers[bearer(token)] = (200, {"X-Credential-Type": "repo_access_token", "X-OAuth-Scopes": "repository"}, 0)
    lines: list[str] = []
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-file.pem"))  # trust nothing
    untrusted = probe.Prober(url, say=lines.append, cache_dir=tmp_path / "cache").probe("access-token", token)
    assert untrusted.state == "unknown" and untrusted.why.startswith("TLS error: certificate verify failed")
    assert lines == [f"tokenlint: verify: GET {url}/user for {token[:15]}… → unknown ({untrusted.why})"]
    assert server.seen == []  # the handshake failed: no request, no token, reached the server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    trusted = probe.Prober(url, say=lines.append, cache_dir=tmp_path / "cache").probe("access-token", token)
    assert (trusted.state, trusted.credential_type, trusted.scopes) == ("live", "repo_access_token", ("repository",))
    assert server.seen == [("/2.0/user", bearer(token))]


def test_suggest_inspect_env_compares_the_recipe_with_the_real_token(bitbucket: Bitbucket, tmp_path: Path):
    token = make("access-token", 41)
    bitbucket.answers[bearer(token)] = (200, {"X-Credential-Type": "workspace_access_token",
                                              "X-OAuth-Scopes": "repository:admin, pullrequest"}, 0)
    bitbucket.listings[bearer(token)] = [{"full_name": "acme/app"}, {"full_name": "acme/site"}]
    src = tmp_path / "src"
    src.mkdir()
    (src / "r.sh").write_text(f'#!/bin/sh\ncurl -X POST -H "Authorization: Bearer $RT" {CALL}\n')
    env = {"PATH": "/usr/bin:/bin", "TOKENLINT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path), "RT": token}
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "suggest", "--format", "json", "--inspect-env", "RT",
                           "--verify-api-url", bitbucket.url, "."], cwd=src, capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    cred = json.loads(proc.stdout)["credentials"][0]
    assert cred["notes"][-4:] == [
        "Bitbucket says $RT is a workspace access token on acme with pullrequest, repository:admin",
        "the recipe is a repository access token on acme/app, not the workspace access token it is: create the "
        "recipe's token and revoke this one",
        "it lacks repository:write, which the calls need (Bitbucket answers them with 403)",
        "it has pullrequest, repository:admin beyond what the calls need: a token with the recipe's scopes would do"]
    assert [path for path, _ in bitbucket.seen] == ["/2.0/user", "/2.0/repositories?role=member&pagelen=100"]
    assert token not in proc.stdout + proc.stderr
    plain = subprocess.run([sys.executable, "-m", "tokenlint", "suggest", "--format", "json", "."], cwd=src,
                           capture_output=True, text=True, env=env, timeout=120)
    assert not any("Bitbucket says" in n for n in json.loads(plain.stdout)["credentials"][0]["notes"])
    assert len(bitbucket.seen) == 2
