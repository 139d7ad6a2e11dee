"""The code-insights format: what each finding becomes, and `--post-insights` on the scanning commands."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from insights_server import Reply, Server

from tokenlint.cli import main
from tokenlint.model import Confidence, Finding, Location, Secret, Severity
from tokenlint.reporters import code_insights
from tokenlint.results import ScanResult

from tokengen import make

SHA = "0123456789abcdef0123456789abcdef01234567"


def finding(path: str = "ci/deploy.sh", line: int = 3, severity: Severity = Severity.HIGH, **kw: object) -> Finding:
    return Finding("app-password-in-use", "TL021", severity, Confidence.HIGH, Location(path, line),
                   str(kw.pop("message", "curl authenticates with an app password")), **kw)  # type: ignore[arg-type]


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_same_secret_twice_in_a_file_gets_two_distinct_stable_ids(in_repo: Path) -> None:
    secret = Secret("app-password", "ATBBabcd…", "sha256:00")
    doc = code_insights.payload(ScanResult(findings=[finding(line=9, secret=secret), finding(line=2, secret=secret)]))
    ids = [a["external_id"] for a in doc["annotations"]]
    fp = finding(secret=secret).fingerprint
    assert ids == [f"tokenlint-{fp}", f"tokenlint-{fp}-2"]
    assert [a["line"] for a in doc["annotations"]] == [2, 9]  # file order: the first keeps the bare id


def test_info_is_low_with_a_word_and_does_not_fail_at_the_default_threshold(in_repo: Path) -> None:
    result = ScanResult(findings=[finding(severity=Severity.INFO)], fail_on=Severity.LOW)
    doc = code_insights.payload(result)
    [a] = doc["annotations"]
    assert (a["severity"], a["result"]) == ("LOW", "PASSED")
    assert "shown as LOW: Bitbucket has no info level" in a["details"]
    assert "below --fail-on low: does not fail the gate" in a["details"]
    assert doc["report"]["result"] == "PASSED"


def test_report_result_follows_the_exit_code(in_repo: Path) -> None:
    failing = ScanResult(findings=[finding()], fail_on=Severity.LOW)
    assert code_insights.payload(failing)["report"]["result"] == "FAILED"
    not_live = ScanResult(findings=[finding(gates=False)], fail_on=Severity.LOW)
    assert code_insights.payload(not_live)["report"]["result"] == "PASSED"
    assert code_insights.payload(not_live)["annotations"][0]["result"] == "PASSED"


def test_summary_is_cut_to_450_characters_after_redaction(in_repo: Path) -> None:
    token = make("app-password")
    long = f"curl sends {token} " + "and then some more words " * 40
    [a] = code_insights.payload(ScanResult(findings=[finding(message=long)]))["annotations"]
    assert len(a["summary"]) <= 450 and a["summary"].endswith("…")
    assert len(a["details"]) <= 2000
    assert token not in json.dumps(a) and token[:16] not in json.dumps(a)


def test_paths_are_relative_to_the_work_tree_holding_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "checkout"
    (repo / ".git").mkdir(parents=True)
    (repo / "ci").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = ScanResult(findings=[finding(path=str(repo / "ci" / "deploy.sh")), finding(path="loose.sh", line=4)])
    a, b = code_insights.payload(result)["annotations"]
    assert (a["path"], a["line"]) == ("ci/deploy.sh", 3)
    assert "path" not in b and "line" not in b and b["summary"].startswith("loose.sh:4: TL021")


def test_history_findings_are_placed_by_whether_head_still_holds_them(in_repo: Path) -> None:
    live = finding(path="ci/old.sh", line=7, origin={"commit": "a" * 40, "author": "A", "date": "2024-01-01",
                                                      "in_head": True})
    gone = finding(path="ci/gone.sh", line=5, origin={"commit": "b" * 40, "author": "B", "date": "2023-01-01",
                                                       "in_head": False})
    b, a = code_insights.payload(ScanResult(findings=[live, gone]))["annotations"]  # file order: gone.sh, old.sh
    assert a["path"] == "ci/old.sh" and "line" not in a and a["summary"].startswith("introduced in aaaaaaaaaaaa: ")
    assert "path" not in b and b["summary"].startswith("history only (ci/gone.sh:5, commit bbbbbbbbbbbb): ")
    assert f"introduced in commit {'b' * 40} by B on 2023-01-01" in b["details"]


def test_at_most_ten_data_items_and_a_link_only_when_https(in_repo: Path) -> None:
    doc = code_insights.payload(ScanResult(findings=[finding()]))
    assert len(doc["report"]["data"]) <= 10 and doc["report"]["link"].startswith("https://")
    assert "link" not in doc["annotations"][0]  # no rule metadata in this result: no made-up link


# --- the scanning commands ---------------------------------------------------------------------

def _leaky_repo(root: Path) -> Path:
    root.mkdir()
    (root / "deploy.sh").write_text(f'curl -u "jdoe:{make("app-password")}" https://api.bitbucket.org/2.0/user\n',
                                    encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)
    return root


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BITBUCKET_")}
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**base, **(env or {})})


def test_scan_posts_after_writing_and_keeps_its_exit_code(tmp_path: Path) -> None:
    repo = _leaky_repo(tmp_path / "repo")
    with Server() as server:
        proc = run("scan", ".", "--format", "code-insights", "-o", "ci.json", "--post-insights", "--repo", "acme/app",
                   "--api-url", server.url, cwd=repo, env={"BITBUCKET_ACCESS_TOKEN": "t"})
    assert proc.returncode == 1, proc.stderr  # the findings' code, not the post's
    assert server.problems == []
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert server.seen[0].path == f"/2.0/repositories/acme/app/commit/{head}/reports/tokenlint"
    sent = server.seen[1].body
    assert sent == json.loads((repo / "ci.json").read_text(encoding="utf-8"))["annotations"]
    assert {(a["path"], a["line"]) for a in sent} >= {("deploy.sh", 1)}


@pytest.mark.parametrize(("flags", "code"), [(["--post-insights"], 1), (["--post-required"], 3)])
def test_a_failed_post_is_one_line_and_changes_the_exit_code_only_when_required(
        tmp_path: Path, flags: list[str], code: int) -> None:
    repo = _leaky_repo(tmp_path / "repo")
    with Server([Reply(403, {}, b'{"type": "error", "error": {"message": "nope"}}')]) as server:
        proc = run("scan", ".", "--format", "json", *flags, "--repo", "acme/app", "--api-url", server.url,
                   cwd=repo, env={"BITBUCKET_ACCESS_TOKEN": "t"})
    assert proc.returncode == code
    assert json.loads(proc.stdout)["findings"]  # the report was written first
    assert [line for line in proc.stderr.splitlines() if "Code Insights" in line] == [
        "tokenlint: error: Code Insights: not allowed to add reports to acme/app (403): nope; "
        "the token needs the repository (read) scope on acme/app"]


def test_no_socket_is_opened_unless_posting_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _leaky_repo(tmp_path / "repo")
    monkeypatch.chdir(repo)
    for name in ("BITBUCKET_BUILD_NUMBER", "BITBUCKET_COMMIT", "BITBUCKET_REPO_FULL_NAME"):
        monkeypatch.delenv(name, raising=False)
    opened: list[object] = []

    def no_network(self: socket.socket, address: object) -> None:
        opened.append(address)
        raise OSError("network used")

    def no_lookup(*args: object, **kw: object) -> None:
        opened.append(args[0])
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "create_connection", no_lookup)
    monkeypatch.setenv("BITBUCKET_ACCESS_TOKEN", "t")
    scanned = CliRunner().invoke(main, ["scan", ".", "--format", "code-insights", "--repo", "a/b", "--no-ignore"])
    assert scanned.exit_code == 1 and json.loads(scanned.output)["annotations"]
    (repo / "doc.json").write_text(scanned.output, encoding="utf-8")
    dry = CliRunner().invoke(main, ["report", "code-insights", "doc.json", "--repo", "a/b"])
    assert dry.exit_code == 0
    asked = CliRunner().invoke(main, ["report", "code-insights", "doc.json", "--repo", "a/b", "--post"])
    assert asked.exit_code == 3 and opened == [("api.bitbucket.org", 443)]  # the guard works: only the asked-for post


def test_no_secret_leaks_into_the_document(tmp_path: Path) -> None:
    """A tree full of tokens and passwords: the code-insights document holds none of them, and
    tokenlint itself finds no credential in it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    values = [make(kind, seed=s) for s, kind in enumerate(("app-password", "api-token", "access-token",
                                                              "datacenter-token"))]
    lines = [f'curl -u "jdoe:{values[0]}" https://api.bitbucket.org/2.0/repositories/a/b',
             f'curl -H "Authorization: Bearer {values[2]}" https://api.bitbucket.org/2.0/repositories/a/b',
             f"export ATLASSIAN_API_TOKEN={values[1]}", f"BBDC_TOKEN={values[3]}",
             "git clone https://jdoe:Sup3rS3cretPassw0rd@bitbucket.org/a/b.git"]
    (repo / f"leak-{values[0]}.sh").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("scan", ".", "--format", "code-insights", "-o", str(tmp_path / "out.json"), cwd=repo)
    assert proc.returncode == 1, proc.stderr
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert len(json.loads(text)["annotations"]) >= 4
    for value in [*values, "Sup3rS3cretPassw0rd"]:
        assert value not in text and value[:16] not in text
    rescan = run("scan", "out.json", "--format", "json", "--min-confidence", "low", cwd=tmp_path)
    assert json.loads(rescan.stdout)["findings"] == []
