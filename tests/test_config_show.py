"""`tokenlint config show`: every setting's effective value and where it came from (the default,
the config file, pyproject.toml, the command line), printed as safely as any report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tokenlint import api
from tokenlint.engine.settings import DEFAULT_FAIL_ON, DEFAULT_MIN_CONFIDENCE

from tokengen import make


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", "config", "show", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def cells(line: str) -> tuple[str, ...]:
    """A line of `config show` as its columns (two or more spaces apart)."""
    return tuple(re.split(r"\s{2,}", line.strip()))


def settings_of(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, object, str, str | None]]:
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    return [(s["name"], s["value"], s["source"], s.get("file")) for s in data["settings"]]


def test_defaults_only(tmp_path: Path):
    proc = run(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [cells(line) for line in lines[:14]] == [
        ("config", "(none found: defaults)"),
        ("fail-on", str(DEFAULT_FAIL_ON), "(default)"),
        ("min-confidence", str(DEFAULT_MIN_CONFIDENCE), "(default)"),
        ("max-file-size", "10MB", "(default)"),
        *[(name, "(none)", "(default)")
          for name in ("exclude", "policies", "disable", "enable", "severity", "baseline", "tokens")],
        ("verify", "false", "(default)"),  # the live checks: off unless asked
        ("inspect-env", "(none)", "(default)"),
        ("verify-email-env", "(none)", "(default)"),
    ]
    assert len({line.index("(default)") for line in lines[1:14]}) == 1  # one column
    assert lines[15] == f"rules ({len(api.rules())} enabled)"
    assert lines[16] == "  TL001  app-password                          high      high"
    assert settings_of(run("--format", "json", cwd=tmp_path))[:3] == [
        ("fail-on", str(DEFAULT_FAIL_ON), "default", None),
        ("min-confidence", str(DEFAULT_MIN_CONFIDENCE), "default", None),
        ("max-file-size", 10 * 1024 * 1024, "default", None)]


CONFIG = """\
fail-on: medium
max-file-size: 2MB
exclude: [vendor/, "*.min.js"]
disable: [hardcoded-bitbucket-secret]
severity: {removed-api: low}
baseline: accepted.json
tokens:
  - {variable: RELEASE_TOKEN, type: workspace-access-token, resource: acme, scopes: [repository:write], expires: 2027-03-01}
verify: true
inspect-env: [RELEASE_TOKEN]
verify-email-env: BOT_EMAIL
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".tokenlint.yml").write_text(CONFIG)
    (tmp_path / "accepted.json").write_text(json.dumps({"version": 1, "entries": []}))
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_config_file_values_name_the_file(tmp_path: Path):
    repo = _repo(tmp_path)
    cfg = str(repo / ".tokenlint.yml")
    proc = run("sub", cwd=repo)  # found from the scanned folder upward, as `scan` finds it
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert cells(lines[0]) == ("config", cfg)
    rows = [cells(line) for line in lines[:lines.index("")]]
    assert ("fail-on", "medium", f"(from {cfg})") in rows
    assert ("max-file-size", "2MB", f"(from {cfg})") in rows
    assert ("exclude", "vendor/, *.min.js", f"(from {cfg})") in rows
    assert ("disable", "hardcoded-bitbucket-secret", f"(from {cfg})") in rows
    assert ("severity", "removed-api: low", f"(from {cfg})") in rows
    assert ("tokens", "RELEASE_TOKEN: workspace-access-token on acme, scopes repository:write, expires 2027-03-01",
            f"(from {cfg})") in rows
    assert ("baseline", str(repo / "accepted.json"), f"(from {cfg})") in rows
    assert ("min-confidence", str(DEFAULT_MIN_CONFIDENCE), "(default)") in rows
    assert ("verify", "true", f"(from {cfg})") in rows and ("inspect-env", "RELEASE_TOKEN", f"(from {cfg})") in rows
    assert ("verify-email-env", "BOT_EMAIL", f"(from {cfg})") in rows
    assert f"  TL024  removed-api                           low       high  (severity from {cfg})" in lines
    assert not any("hardcoded-bitbucket-secret" in line for line in lines[lines.index("") + 1:])  # disabled
    rows = settings_of(run("--format", "json", "sub", cwd=repo))
    assert ("tokens", {"variable": "RELEASE_TOKEN", "type": "workspace-access-token", "resource": "acme",
                       "scopes": ["repository:write"], "expires": "2027-03-01"}, "config", cfg) in rows
    assert ("min-confidence", str(DEFAULT_MIN_CONFIDENCE), "default", None) in rows


def test_pyproject_table_is_named(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tokenlint]\nfail-on = "high"\n')
    where = f"{tmp_path / 'pyproject.toml'} [tool.tokenlint]"
    proc = run(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [cells(line) for line in proc.stdout.splitlines()[:2]] == [("config", where),
                                                                     ("fail-on", "high", f"(from {where})")]
    data = json.loads(run("--format", "json", cwd=tmp_path).stdout)
    assert data["config"] == where and data["settings"][0] == {"name": "fail-on", "value": "high",
                                                               "source": "config", "file": where}


def test_command_line_overrides_the_file_and_extends_its_lists(tmp_path: Path):
    repo = _repo(tmp_path)
    (repo / "rules").mkdir()
    (repo / "other.json").write_text((repo / "accepted.json").read_text())
    rows = settings_of(run("--format", "json", "--fail-on", "critical", "--max-file-size", "1KB",
                           "--exclude", "build/", "--policies", "rules", "--baseline", "other.json", cwd=repo))
    cfg = str(repo / ".tokenlint.yml")
    assert ("fail-on", "critical", "command line", None) in rows
    assert ("max-file-size", 1024, "command line", None) in rows
    assert [r for r in rows if r[0] == "exclude"] == [("exclude", ["vendor/", "*.min.js"], "config", cfg),
                                                      ("exclude", ["build/"], "command line", None)]
    assert ("policies", ["rules"], "command line", None) in rows
    assert ("baseline", "other.json", "command line", None) in rows
    (repo / "other.yml").write_text("min-confidence: high\n")  # --config names another file
    rows = settings_of(run("--format", "json", "--config", "other.yml", cwd=repo))
    assert ("min-confidence", "high", "config", "other.yml") in rows
    assert ("fail-on", str(DEFAULT_FAIL_ON), "default", None) in rows


def test_settings_record_where_each_value_came_from(tmp_path: Path, monkeypatch):
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    settings = api.load_settings([str(repo)], fail_on="high", exclude=["build/"])
    assert settings.sources == {
        "fail-on": "command line", "min-confidence": "default", "max-file-size": "config", "disable": "config",
        "enable": "default", "severity": "config", "tokens": "config", "exclude": "config and command line",
        "policies": "default", "baseline": "config", "verify": "config", "inspect-env": "config",
        "verify-email-env": "config"}
    assert str(settings.fail_on) == "high" and settings.max_file_size == 2 * 1024 * 1024  # behaviour unchanged
    assert api.load_settings([str(repo)], use_baseline=False).baseline is None


def test_malformed_config_is_one_line_and_exit_2(tmp_path: Path):
    (tmp_path / ".tokenlint.yml").write_text("fail-on: [medium\n")
    proc = run(cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"tokenlint: error: {tmp_path / '.tokenlint.yml'}:") and "invalid YAML" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    (tmp_path / ".tokenlint.yml").write_text("fail-on: extreme\n")
    proc = run("--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "" and len(proc.stderr.splitlines()) == 1
    assert "fail-on" in proc.stderr and "Traceback" not in proc.stderr


def test_hostile_config_prints_redacted_escaped_and_cut(tmp_path: Path):
    token = make("app-password")
    many = [f"gen{i}/" for i in range(3000)]
    (tmp_path / ".tokenlint.yml").write_text(json.dumps({"exclude": [f"{token}/", "a\x1b[2Jb/", "c\nd/", *many]}))
    proc = run(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert token not in proc.stdout and token[:8] in proc.stdout
    assert "\x1b" not in proc.stdout and "a\\e[2Jb/" in proc.stdout and "c\\nd/" in proc.stdout
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("exclude")]
    assert "gen16/, … (2983 more; --format json lists all)" in line
    data = json.loads(run("--format", "json", cwd=tmp_path).stdout)
    (exclude,) = [s for s in data["settings"] if s["name"] == "exclude"]
    assert len(exclude["value"]) == 3003 and exclude["value"][1:3] == ["a\x1b[2Jb/", "c\nd/"]
    assert token not in json.dumps(data)
