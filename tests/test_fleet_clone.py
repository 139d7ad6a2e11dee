"""Clone URLs in a fleet: cloned into the cache folder, fetched next time, never a prompt or a leaked token."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tokenlint.fleet import sources, worker
from tokenlint.fleet.model import FleetOptions, RepoSpec

from fleetgit import CLEAN, commit, found, git, leaky, repo
from test_fleet_run import fleet, records
from tokengen import make


def test_a_url_is_cloned_into_the_cache_and_fetched_next_time(tmp_path: Path) -> None:
    origin = repo(tmp_path / "origin", {"ok.sh": CLEAN}, branch="trunk")
    git(origin, "branch", "old-work")
    url = (tmp_path / "origin").as_uri()
    listed = tmp_path / "repos.txt"
    listed.write_text(f"{url}\n")
    cache = tmp_path / "cache"

    first = fleet("--list", str(listed), "--out", str(tmp_path / "o1"), "--cache-dir", str(cache))
    assert first.returncode == 0, first.stderr
    [clone] = [p for p in cache.iterdir() if p.suffix == ".git"]
    assert clone == sources.cache_folder(cache, url) and clone.name.startswith("origin-")
    assert git(clone, "rev-parse", "--is-bare-repository") == "true"
    record = records(tmp_path / "o1")[url]
    assert (record["status"], record["branch"], record["head"]) == ("scanned", "trunk", git(origin, "rev-parse", "HEAD"))
    inode = clone.stat().st_ino

    head = commit(origin, {"deploy.sh": leaky()}, "add a deploy script")
    second = fleet("--list", str(listed), "--out", str(tmp_path / "o2"), "--cache-dir", str(cache))
    assert second.returncode == 1, second.stderr
    record = records(tmp_path / "o2")[url]
    assert record["head"] == head  # fetched: the new commit is there
    assert found(record) == [("app-password", "deploy.sh", 2, "tree"), ("app-password-in-use", "deploy.sh", 2, "tree")]
    assert [p for p in cache.iterdir() if p.suffix == ".git"] == [clone] and clone.stat().st_ino == inode  # reused


class _Unauthorized(http.server.BaseHTTPRequestHandler):
    """Answers every request 401, as Bitbucket does for a private repository without credentials,
    and remembers the Authorization headers it was sent."""

    seen: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.headers.get("Authorization"))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="Bitbucket"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Unauthorized.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_that_needs_credentials_fails_fast_without_a_prompt(server: str, tmp_path: Path) -> None:
    listed = tmp_path / "repos.txt"
    listed.write_text(f"{server}/ws/private.git\n")
    (tmp_path / "src").mkdir()
    repo(tmp_path / "src" / "fine", {"ok.sh": CLEAN})
    start = time.monotonic()
    proc = fleet(str(tmp_path / "src"), "--list", str(listed), "--out", str(tmp_path / "out"), "--cache-dir",
                 str(tmp_path / "cache"), "--timeout", "60")
    assert time.monotonic() - start < 30
    assert proc.returncode == 3
    got = records(tmp_path / "out")
    private = got[f"{server}/ws/private.git"]
    assert private["status"] == "failed"
    assert private["reason"] == (f"cannot clone or fetch {server}/ws/private.git: the server asks for credentials "
                                 "and this run sent none (no prompt: a fleet scan never asks)")
    assert got[str(tmp_path / "src" / "fine")]["status"] == "scanned"


def test_a_token_goes_to_that_origin_as_bearer_and_nowhere_else(server: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    token = make("access-token", 5)
    monkeypatch.setenv("FLEET_TEST_TOKEN", token)
    spec = RepoSpec("ws/private", f"{server}/ws/private.git", "url", token_env="FLEET_TEST_TOKEN")
    record = worker.scan_repo(spec, FleetOptions(cache_dir=str(tmp_path / "cache"), timeout=30))
    assert record["reason"] == (f"cannot clone or fetch {server}/ws/private.git: the server asks for credentials "
                                "and the token in $FLEET_TEST_TOKEN was refused (no prompt: a fleet scan never asks)")
    assert f"Bearer {token}" in _Unauthorized.seen  # sent to the URL's origin ...
    text = json.dumps(record)
    assert token not in text and token[:16] not in text  # ... never in a record
    for folder, _, files in os.walk(tmp_path / "cache"):  # ... nor in the clone's config
        for name in files:
            assert token.encode() not in (Path(folder) / name).read_bytes()


def test_a_token_is_never_sent_over_plain_http_to_another_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_TEST_TOKEN", "x")
    spec = RepoSpec("ws/r", "git@bitbucket.org:ws/r.git", "url", token_env="FLEET_TEST_TOKEN")
    record = worker.scan_repo(spec, FleetOptions(cache_dir=str(tmp_path / "cache"), timeout=30))
    assert record["reason"] == "a token is sent over https only, and git@bitbucket.org:ws/r.git is not https"
    monkeypatch.delenv("FLEET_TEST_TOKEN")
    record = worker.scan_repo(spec, FleetOptions(cache_dir=str(tmp_path / "cache"), timeout=30))
    assert record["reason"] == "$FLEET_TEST_TOKEN is not set or empty: no token to clone git@bitbucket.org:ws/r.git"


def test_credentials_in_a_url_never_reach_a_record(tmp_path: Path) -> None:
    secret = make("app-password", 8)
    spec = RepoSpec(sources.without_credentials(f"https://jdoe:{secret}@127.0.0.1:9/ws/r.git"),
                    f"https://jdoe:{secret}@127.0.0.1:9/ws/r.git", "url")
    record = worker.scan_repo(spec, FleetOptions(cache_dir=str(tmp_path / "cache"), timeout=30))
    assert record["status"] == "failed"
    assert record["location"] == "https://127.0.0.1:9/ws/r.git" == record["repo"]
    assert secret not in json.dumps(record) and "jdoe" not in record["reason"]
