"""The fleet summary (tokenlint.fleet.summary), its text and JSON renderings, and `tokenlint fleet merge`.

Records are made the way the fleet worker makes them (tests/ builds them here, from real scans of
real git repositories in tmp folders, shaped per the record contract), so the summary is judged
on what tokenlint really finds, with exact expectations (repository, path, line).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tokenlint import api
from tokenlint.fleet import summary as fleet_summary
from tokenlint.reporters import fleet as fleet_report
from tokenlint.reporters.json import finding_dict, summary
from tokenlint.reporters.suggest import credential_dict

import tokengen

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "fleet.schema.json").read_text())

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}

# Three repositories as a team might have them. `acme/api` and `acme/web` hold the same leaked
# app password (one leak, two places); `acme/web` still calls the API with an app password; `acme/ops`
# has a declared token wider than its calls. Lines are exact: tests name them.
PIPELINE_WITH_APP_PASSWORD = """\
pipelines:
  default:
    - step:
        script:
          - curl -u "$BB_USER:$BB_APP_PASSWORD" -X POST "https://api.bitbucket.org/2.0/repositories/acme/web/refs/tags" -d @tag.json
"""
LEAK = 'BB_APP_PASSWORD="TOKEN(app-password)"\n'
WIDE_PIPELINE = """\
pipelines:
  default:
    - step:
        script:
          - curl -X PUT -H "Authorization: Bearer $REPORT_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/ops/commit/$BITBUCKET_COMMIT/reports/lint" -d @report.json
"""
WIDE_CONFIG = """\
tokens:
- variable: REPORT_TOKEN
  type: repository-access-token
  resource: acme/ops
  scopes: [repository:write, repository:admin]
"""

FLEET = {
    "acme/api": {"settings.env": LEAK},
    "acme/web": {"bitbucket-pipelines.yml": PIPELINE_WITH_APP_PASSWORD, "deploy/creds.env": "# deploy\n" + LEAK},
    "acme/ops": {"bitbucket-pipelines.yml": WIDE_PIPELINE, ".tokenlint.yml": WIDE_CONFIG},
    "acme/clean": {"README.md": "Nothing to see.\n"},
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def make_repo(where: Path, files: dict[str, str]) -> Path:
    """A real git repository holding `files` (TOKEN(kind) filled in: one seed, so the same field is
    the same secret in every repository), committed on branch main."""
    where.mkdir(parents=True)
    git(where, "init", "-q", "-b", "main")
    for name, text in files.items():
        path = where / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tokengen.fill(text))
    git(where, "add", "-A")
    git(where, "commit", "-q", "-m", "init")
    return where


def record_of(name: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The record the fleet worker writes for `repo` (the contract's keys), from a real tree scan
    and a real `suggest` analysis, with paths relative to the repository."""
    monkeypatch.chdir(repo)
    settings = api.load_settings(["."])
    result = api.scan(settings)
    found = api.suggest(settings)
    findings = [{**finding_dict(f), "scope": "tree", "fails": result.fails(f)} for f in result.findings]
    return {
        "version": 1, "repo": name, "location": str(repo), "status": "scanned", "reason": None,
        "exit_code": result.exit_code(), "seconds": 0.5, "head": git(repo, "rev-parse", "HEAD").strip(),
        "branch": "main", "history": False, "findings": json.loads(json.dumps(findings)),
        "problems": [{"path": p.path, "reason": p.reason, "error": p.error} for p in result.problems],
        "credentials": json.loads(json.dumps([credential_dict(c) for c in found.credentials])),
        "summary": json.loads(json.dumps(summary(result))),
    }


def failed_record(name: str, reason: str) -> dict[str, Any]:
    return {"version": 1, "repo": name, "location": f"https://bitbucket.org/{name}.git", "status": "failed",
            "reason": reason, "exit_code": 3, "seconds": 0.1, "head": None, "branch": None, "history": False,
            "findings": [], "problems": [], "credentials": [], "summary": None}


@pytest.fixture
def fleet_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    records = [record_of(name, make_repo(tmp_path / "repos" / name, files), monkeypatch)
               for name, files in FLEET.items()]
    monkeypatch.chdir(tmp_path)
    return [*records, failed_record("acme/gone", "clone failed: authentication required (no credential prompt)")]


def where(rows: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    return {(r["repo"], r["path"], r["line"]) for r in rows}


def test_summary_of_a_real_fleet(fleet_records: list[dict[str, Any]]) -> None:
    s = fleet_summary.summarize(fleet_records)
    jsonschema.validate(s, SCHEMA)
    assert s["repositories"] == {"total": 5, "scanned": 4, "incomplete": 0, "failed": 1, "with_findings": 3}
    assert [(r["repo"], r["status"]) for r in s["repos"]] == [
        ("acme/api", "scanned"), ("acme/clean", "scanned"), ("acme/gone", "failed"), ("acme/ops", "scanned"),
        ("acme/web", "scanned")]
    assert s["repos"][2]["reason"] == "clone failed: authentication required (no credential prompt)"
    assert s["exit_code"] == 3  # a repository could not be scanned: that wins over failing findings

    # one leak, many places: the same app password in acme/api and acme/web
    assert len(s["shared_leaks"]) == 1
    leak = s["shared_leaks"][0]
    assert leak["kind"] == "app-password" and leak["repos"] == ["acme/api", "acme/web"]
    assert [(p["repo"], p["path"], p["line"]) for p in leak["places"]] == [
        ("acme/api", "settings.env", 1), ("acme/web", "deploy/creds.env", 2)]
    assert leak["redacted"].startswith("ATBB") and leak["redacted"].endswith("…")

    # the migration list: the app password's call in acme/web, with suggest's replacement
    assert where(s["migration"]) == {("acme/web", "bitbucket-pipelines.yml", 5)}
    m = s["migration"][0]
    assert m["rule"] == "app-password-in-use" and m["credential"] == "BB_APP_PASSWORD"
    assert m["call"] == "POST /repositories/{workspace}/{repo_slug}/refs/tags"
    assert m["replacement"] == {"type": "repository-access-token", "label": "repository access token",
                                "resource": "acme/web", "scopes": ["repository:write"]}

    # tokens wider than their use: acme/ops's REPORT_TOKEN holds repository:admin it never uses
    assert where(s["wider_tokens"]) == {("acme/ops", "bitbucket-pipelines.yml", 5)}
    w = s["wider_tokens"][0]
    assert w["rule"] == "scope-beyond-use" and w["credential"] == "REPORT_TOKEN"
    assert w["scopes"] == ["repository:admin", "repository:write"]
    assert w["recommended"]["scopes"] == ["repository"]

    rules = {r["rule"]: r for r in s["findings"]["by_rule"]}
    assert rules["app-password"]["findings"] == 2 and rules["app-password"]["repos"] == 2
    assert rules["app-password"]["docs"].endswith("/docs/rules/TL001-app-password.md")
    assert rules["app-password-in-use"]["repos"] == 1
    assert s["findings"]["total"] == sum(r["findings"] for r in s["repos"])
    assert s["findings"]["failing"] == sum(1 for rec in fleet_records for f in rec["findings"] if f["fails"])

    types = {c["type"]: c for c in s["credentials"]}
    assert types["app-password"]["leaked"] == 1  # one secret, however many places
    assert types["app-password"]["repos"] == ["acme/api", "acme/web"]
    assert types["repository-access-token"]["in_use"] == 1
    assert types["repository-access-token"]["repos"] == ["acme/ops"]


def test_summary_is_deterministic_and_later_record_wins(fleet_records: list[dict[str, Any]]) -> None:
    forward = fleet_summary.summarize(fleet_records)
    assert fleet_summary.summarize(list(reversed(fleet_records))) == forward
    retried = {**fleet_records[0], "status": "failed", "reason": "timed out after 600 s", "findings": [],
               "credentials": [], "exit_code": 3}
    s = fleet_summary.summarize([*fleet_records, retried])
    assert s["repositories"]["total"] == 5
    assert [r["status"] for r in s["repos"] if r["repo"] == "acme/api"] == ["failed"]
    assert s["shared_leaks"] == []  # acme/api's findings left with its earlier record


def test_incomplete_scan_and_gate_exit_codes(fleet_records: list[dict[str, Any]]) -> None:
    scanned = [r for r in fleet_records if r["status"] == "scanned"]
    assert fleet_summary.summarize(scanned)["exit_code"] == 1
    clean = [r for r in scanned if r["repo"] == "acme/clean"]
    assert fleet_summary.summarize(clean)["exit_code"] == 0
    partial = {**clean[0], "exit_code": 3, "problems": [{"path": "big.bin", "reason": "unreadable", "error": True}]}
    s = fleet_summary.summarize([partial])
    assert s["exit_code"] == 3 and s["repositories"]["incomplete"] == 1
    assert s["repos"][0]["reason"] == "big.bin: unreadable"


def test_history_findings_count_as_leaks_but_not_as_remaining_uses(fleet_records: list[dict[str, Any]]) -> None:
    """A secret an old commit of another repository holds is the same leak (it must be rotated);
    an app password a past commit used is no use left to migrate."""
    api_leak = next(f for f in fleet_records[0]["findings"] if f["rule"] == "app-password")
    old = {"version": 1, "repo": "acme/legacy", "status": "scanned", "exit_code": 1, "history": True, "findings": [
        {**api_leak, "path": "old/creds.env", "line": 7, "scope": "history"},
        {"rule": "app-password-in-use", "code": "TL021", "severity": "high", "path": "old/deploy.sh", "line": 3,
         "scope": "history", "fails": True, "message": "m"}]}
    s = fleet_summary.summarize([fleet_records[0], old])
    jsonschema.validate(s, SCHEMA)
    assert [(p["repo"], p["path"], p["line"], p["scope"]) for p in s["shared_leaks"][0]["places"]] == [
        ("acme/api", "settings.env", 1, "tree"), ("acme/legacy", "old/creds.env", 7, "history")]
    assert s["migration"] == []
    assert [r["history"] for r in s["repos"]] == [False, True]


def test_odd_records_do_not_break_the_summary() -> None:
    """Records come from files (other machines, other versions): missing and mistyped fields are
    read as empty, never a traceback."""
    s = fleet_summary.summarize([{"version": 1, "repo": "x", "status": "scanned", "findings": "nope",
                                  "credentials": [1, None], "seconds": "1"}, {"repo": 5}, "junk"])  # type: ignore[list-item]
    jsonschema.validate(s, SCHEMA)
    assert [(r["repo"], r["status"]) for r in s["repos"]] == [("(unnamed)", "failed"), ("x", "scanned")]


def test_text_summary(fleet_records: list[dict[str, Any]]) -> None:
    from io import StringIO

    out = StringIO()
    fleet_report.report_text(fleet_summary.summarize(fleet_records), out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].startswith("tokenlint fleet: 5 repositories (4 scanned, 1 failed): ")
    assert "by severity: critical 0, high " in lines[1]
    assert any(line.startswith("  acme/web  bitbucket-pipelines.yml:5  POST /repositories/{workspace}/{repo_slug}/"
                               "refs/tags  ->  repository access token on acme/web: repository:write")
               for line in lines)
    assert "  acme/gone: failed: clone failed: authentication required (no credential prompt)" in lines
    assert any("in 2 repositories: acme/api:settings.env:1, acme/web:deploy/creds.env:2" in line for line in lines)


def test_text_caps_long_lists() -> None:
    records = [{"version": 1, "repo": f"ws/r{i:02}", "status": "failed", "reason": "gone"} for i in range(3)]
    records.append({"version": 1, "repo": "ws/many", "status": "scanned", "exit_code": 1, "findings": [
        {"rule": "app-password-in-use", "code": "TL021", "severity": "high", "path": f"s{i:02}.sh", "line": 1,
         "scope": "tree", "fails": True, "message": "m"} for i in range(13)]})
    from io import StringIO

    out = StringIO()
    fleet_report.report_text(fleet_summary.summarize(records), out)
    lines = out.getvalue().splitlines()
    assert "  ws/many  s09.sh:1  app-password-in-use  ->  no recipe (no call with known needs)" in lines
    assert "  ws/many  s10.sh:1" not in out.getvalue()
    assert "  … and 3 more (summary.json, report.html)" in lines
    assert [line for line in lines if line.endswith(": failed: gone")] == [
        "  ws/r00: failed: gone", "  ws/r01: failed: gone", "  ws/r02: failed: gone"]


def test_everything_printed_is_redacted(tmp_path: Path) -> None:
    """A token in a repository's name, a path or a failure reason never reaches a report."""
    token = tokengen.make("api-token", seed=3)
    records = [failed_record(f"acme/{token}", f"clone of https://x-token-auth:{token}@bitbucket.org/a.git failed"),
               {"version": 1, "repo": "acme/b", "status": "scanned", "exit_code": 1, "findings": [
                   {"rule": "app-password", "code": "TL001", "severity": "high", "path": f"{token}.txt", "line": 1,
                    "scope": "tree", "fails": True, "message": f"found {token}"}]}]
    fleet_summary.finish(records, tmp_path, "never")
    for name in ("summary.json", "report.html"):
        assert token not in (tmp_path / name).read_text(), name
        assert token[:16] not in (tmp_path / name).read_text(), name


def test_finish_writes_json_and_html_and_prints_text(fleet_records: list[dict[str, Any]], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    s = fleet_summary.finish(fleet_records, out, "never")
    written = json.loads((out / "summary.json").read_text())
    assert written == json.loads(json.dumps(s))
    jsonschema.validate(written, SCHEMA)
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    captured = capsys.readouterr()
    assert captured.out.startswith("tokenlint fleet: 5 repositories (4 scanned, 1 failed)")
    assert f"fleet summary written: {out / 'summary.json'}, {out / 'report.html'}" in captured.err


def test_html_escapes_hostile_names() -> None:
    records = [failed_record('acme/<script>alert("x")</script>', "<img src=x onerror=alert(1)>"),
               {"version": 1, "repo": "acme/b", "status": "scanned", "exit_code": 1, "findings": [
                   {"rule": "app-password-in-use", "code": "TL021", "severity": "high",
                    "path": "<svg onload=alert(2)>.sh", "line": 3, "scope": "tree", "fails": True,
                    "message": "</td></table><script>alert(3)</script>"}]}]
    page = fleet_report.render_html(fleet_summary.summarize(records))
    assert page.count("<script>") == 1  # ours, at the end
    assert "<img" not in page and "<svg onload" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;svg onload=alert(2)&gt;.sh" in page


# --- tokenlint fleet merge ------------------------------------------------------------------


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=120)


def write_results(folder: Path, records: list[dict[str, Any]], tail: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records) + tail)
    return folder


def test_merge_shards(fleet_records: list[dict[str, Any]], tmp_path: Path) -> None:
    """Shards written on other machines merge into the summary one run over all would give."""
    a = write_results(tmp_path / "shard-0", fleet_records[:2])
    b = write_results(tmp_path / "shard-1", fleet_records[2:])
    done = run_cli("fleet", "merge", str(a), str(b), "--out", "merged", cwd=tmp_path)
    assert done.returncode == 3, done.stderr  # acme/gone failed
    merged = json.loads((tmp_path / "merged" / "summary.json").read_text())
    whole = json.loads(json.dumps(fleet_summary.summarize(fleet_records)))
    assert merged == whole
    assert done.stdout.startswith("tokenlint fleet: 5 repositories (4 scanned, 1 failed)")
    assert "merged 5 records from 2 folders" in done.stderr
    assert (tmp_path / "merged" / "report.html").is_file()

    as_json = run_cli("fleet", "merge", str(a), str(b), "--out", "merged", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 3 and json.loads(as_json.stdout) == whole


def test_merge_duplicates_truncated_line_and_bad_input(fleet_records: list[dict[str, Any]], tmp_path: Path) -> None:
    ok = [r for r in fleet_records if r["status"] == "scanned"]
    a = write_results(tmp_path / "a", [failed_record("acme/api", "timed out after 600 s")])
    b = write_results(tmp_path / "b", ok, tail='{"version": 1, "repo": "acme/cut", "sta')
    done = run_cli("fleet", "merge", str(a), str(b), "--out", "m", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # every repository scanned in the end; findings fail the gate
    assert f"tokenlint: warning: {b / 'results.jsonl'}:5: dropped a last line cut short (the run that wrote it " \
        "was interrupted)" in done.stderr
    assert f"tokenlint: warning: acme/api: in {a / 'results.jsonl'} and {b / 'results.jsonl'}: the later " \
        f"({b / 'results.jsonl'}) is kept" in done.stderr
    merged = json.loads((tmp_path / "m" / "summary.json").read_text())
    assert [r["repo"] for r in merged["repos"]] == ["acme/api", "acme/clean", "acme/ops", "acme/web"]
    assert merged["repositories"]["failed"] == 0

    missing = run_cli("fleet", "merge", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip() == (f"tokenlint: error: {tmp_path / 'nowhere' / 'results.jsonl'}: cannot read "
                                      "results: No such file or directory")

    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "results.jsonl").write_text('{"version": 1, "repo": "x"}\nnot json\n{"version": 1}\n')
    bad = run_cli("fleet", "merge", str(tmp_path / "bad"), "--out", "m2", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == (f"tokenlint: error: {tmp_path / 'bad' / 'results.jsonl'}:1: not a fleet record "
                                  "(something other than a fleet run wrote it)")
    assert "Traceback" not in bad.stderr + missing.stderr
