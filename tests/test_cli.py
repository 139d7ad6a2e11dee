"""The scan command end to end: what is read, what is skipped, what is said, which exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tokenlint.resources import schema

from tokengen import make


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, input=stdin.decode() if stdin else None,
                          capture_output=True, text=True, timeout=120)


def report(tmp_path: Path, *args: str) -> tuple[dict, subprocess.CompletedProcess[str]]:
    proc = run("scan", "--format", "json", *args, cwd=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.validate(data, schema("report"))
    return data, proc


def rows(data: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in data["findings"]}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})


def test_json_report_is_valid_and_exact(tmp_path: Path):
    token = make("app-password")
    (tmp_path / "a.sh").write_text(f"echo hi\nP={token}\n")
    data, proc = report(tmp_path, ".")
    assert proc.returncode == 1
    assert rows(data) == {("app-password", "a.sh", 2)}
    (finding,) = data["findings"]
    assert finding["secret"]["kind"] == "app-password" and finding["secret"]["redacted"] == token[:8] + "…"
    assert token not in proc.stdout and token not in proc.stderr


def test_text_output_and_output_file(tmp_path: Path):
    token = make("access-token")
    (tmp_path / "b.yml").write_text(f"t: {token}\n")
    proc = run("scan", ".", "-o", "out.txt", cwd=tmp_path)
    text = (tmp_path / "out.txt").read_text()
    assert proc.returncode == 1 and proc.stdout == ""
    assert "b.yml\n  1:4  critical TL003 access-token" in text and token not in text
    assert text.rstrip().endswith("1 finding(s) (1 critical) in 1 file(s), 196 bytes scanned")


def test_gitignore_is_honoured_unless_no_ignore(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.sh").write_text(make("api-token") + "\n")
    (tmp_path / "kept.sh").write_text("x=1\n" + make("api-token", seed=2) + "\n")
    data, _ = report(tmp_path, ".")
    assert rows(data) == {("api-token", "kept.sh", 2)}
    data, _ = report(tmp_path, "--no-ignore", ".")
    assert rows(data) == {("api-token", "kept.sh", 2), ("api-token", "build/out.sh", 1)}


def test_stdin(tmp_path: Path):
    proc = run("scan", "--format", "json", "-", cwd=tmp_path, stdin=f"x\ny\n{make('app-password')}\n".encode())
    assert rows(json.loads(proc.stdout)) == {("app-password", "<stdin>", 3)}


def test_bad_input_is_reported_and_the_rest_still_scanned(tmp_path: Path):
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 " + make("app-password").encode() + b"\n")
    (tmp_path / "nul.txt").write_bytes(b"text\0" + make("app-password", seed=3).encode())  # one stray NUL: text
    (tmp_path / "img.bin").write_bytes(b"\x01\0\0\x02" + make("app-password", seed=4).encode())
    (tmp_path / "big.txt").write_bytes(b"a" * 2048)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    os.mkfifo(tmp_path / "fifo")
    data, proc = report(tmp_path, "--max-file-size", "1KB", ".", "missing.txt")
    assert proc.returncode == 3
    assert rows(data) == {("app-password", "latin1.txt", 1), ("app-password", "nul.txt", 1)}
    problems = {(p["path"], p["error"]) for p in data["problems"]}
    assert problems == {("missing.txt", True), ("big.txt", True), ("img.bin", False), ("loop", False), ("fifo", False)}
    assert "latin1.txt: not valid UTF-8; scanned as Latin-1" in data["notes"]
    assert "Traceback" not in proc.stderr


def test_unreadable_directory_is_an_error_and_the_rest_is_scanned(tmp_path: Path, monkeypatch):
    """Root reads any directory, so the refusal is simulated where os.walk reports it."""
    from tokenlint.sources import tree

    (tmp_path / "ok.txt").write_text(make("app-password") + "\n")
    real_walk = os.walk

    def walk(top, onerror=None, **kw):
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "locked")))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(tree.os, "walk", walk)
    targets, problems = tree.collect([str(tmp_path)], use_gitignore=False)
    assert [Path(t.fs_path).name for t in targets] == ["ok.txt"]
    assert [(Path(p.path).name, p.reason, p.error) for p in problems] == [
        ("locked", "cannot read directory: Permission denied", True)]


def test_malformed_config_is_a_precise_error(tmp_path: Path):
    (tmp_path / ".tokenlint.yml").write_text("disable: [app-password]\nfail_on: high\n")
    proc = run("scan", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"tokenlint: error: {tmp_path}/.tokenlint.yml: invalid config at (top level): "
                                   "unknown key 'fail_on' (expected one of: baseline, disable, enable, exclude, "
                                   "fail-on, inspect-env, max-file-size, min-confidence, policies, severity, tokens, "
                                   "verify, verify-email-env)")


def test_config_disables_and_remaps(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.tokenlint]\ndisable = ["TL001"]\nseverity = {api-token = "low"}\n')
    (tmp_path / "x.txt").write_text(make("app-password") + "\n" + make("api-token") + "\n")
    data, _ = report(tmp_path, ".")
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("api-token", "low")]


def test_unknown_rule_in_config(tmp_path: Path):
    (tmp_path / ".tokenlint.yml").write_text("disable: [no-such-rule]\n")
    proc = run("scan", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "at disable: no rule named 'no-such-rule'" in proc.stderr


def test_fail_on_threshold(tmp_path: Path):
    (tmp_path / "x.env").write_text("BITBUCKET_PASSWORD=S3cr3tPa55w0rdZ\n")  # medium severity
    assert run("scan", "--fail-on", "high", ".", cwd=tmp_path).returncode == 0
    assert run("scan", "--fail-on", "medium", ".", cwd=tmp_path).returncode == 1


def test_rules_listing_and_docs(tmp_path: Path):
    listing = run("rules", cwd=tmp_path).stdout.splitlines()
    assert listing[0].split()[:3] == ["TL001", "app-password", "high"]
    docs = run("rules", "digest-auth", cwd=tmp_path)
    assert docs.returncode == 0 and "Why it matters" in docs.stdout and "Before\n    curl --digest" in docs.stdout
    assert run("rules", "nope", cwd=tmp_path).returncode == 2


def test_usage_inventory_in_json(tmp_path: Path):
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n"
        "          - curl -H \"Authorization: Bearer $REPO_TOKEN\" https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests\n")
    data, proc = report(tmp_path, ".")
    assert proc.returncode == 0
    assert [(u["path"], u["line"], u["method"], u["endpoint"], u["auth"], u["credential"], u["workspace"], u["repo"])
            for u in data["usage"]] == [("bitbucket-pipelines.yml", 5, "GET", "/repositories/{workspace}/{repo_slug}/pullrequests",
                                         "bearer", "$REPO_TOKEN", "acme", "app")]


def test_valid_config_is_remembered_and_an_invalid_one_never(tmp_path: Path, monkeypatch):
    from tokenlint import config as config_mod

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    good = tmp_path / "good.yml"
    good.write_text("fail-on: high\n")
    config_mod.load(good)
    assert len(list((tmp_path / "cache" / "tokenlint" / "valid").iterdir())) == 1
    bad = tmp_path / "bad.yml"
    bad.write_text("fail-on: loud\n")
    for _ in range(2):  # still rejected the second time: failures are not cached
        with pytest.raises(config_mod.ConfigError, match="at fail-on: 'loud' is not valid"):
            config_mod.load(bad)
    assert len(list((tmp_path / "cache" / "tokenlint" / "valid").iterdir())) == 1
