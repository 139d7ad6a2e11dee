"""The baseline: create, scan against it, update; stable, secret-free, strictly validated."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint.cli import main
from tokenlint.model import Secret
from tokenlint.resources import schema

from tokengen import make

MARK = "tokenlint" + ":"  # assembled so this file holds no ignore comment of its own
OLD = make("app-password", seed=11)
GONE = make("app-password", seed=12)
NEW = make("access-token", seed=13)


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def report(*args: str) -> tuple[dict, object]:
    result = cli("scan", "--format", "json", *args)
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema("report"))
    return data, result


def rows(data: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in data["findings"]}


def secret_entry(token: str) -> dict:
    secret = Secret.of("app-password", token)
    return {"rule": "app-password", "secret": secret.fingerprint, "redacted": secret.redacted}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A real git work tree (untracked files are scanned, as git lists them) as the current folder."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    monkeypatch.chdir(tmp_path)
    Path("deploy.sh").write_text(f"#!/bin/sh\nP={OLD}\n")
    Path("ci.sh").write_text(f"echo start\nQ={GONE}\n")
    return tmp_path


def test_create_then_only_new_findings_then_update_prunes(repo: Path):
    created = cli("baseline", "create", ".", "-o", "baseline.json")
    assert created.exit_code == 0 and created.stdout == "baseline.json: 2 entries written\n"
    assert json.loads(Path("baseline.json").read_text())["entries"] == sorted(
        [secret_entry(OLD), secret_entry(GONE)], key=lambda e: e["secret"])

    data, result = report("--baseline", "baseline.json", ".")
    assert result.exit_code == 0 and data["findings"] == [] and data["stale_baseline"] == []
    assert data["summary"]["suppressed"] == {"baseline": 2}

    Path("app.py").write_text(f"import os\n\nTOKEN = '{NEW}'\n")
    data, result = report("--baseline", "baseline.json", ".")
    assert result.exit_code == 1 and rows(data) == {("access-token", "app.py", 3)}
    assert data["summary"]["suppressed"] == {"baseline": 2}

    Path("ci.sh").write_text("echo start\n")
    data, _ = report("--baseline", "baseline.json", ".")
    assert rows(data) == {("access-token", "app.py", 3)} and data["stale_baseline"] == [secret_entry(GONE)]
    text = cli("scan", "--baseline", "baseline.json", ".").stdout
    gone = secret_entry(GONE)
    assert (f"stale baseline entry: app-password {gone['redacted']} {gone['secret']} "
            "(matches nothing; `tokenlint baseline update` drops it)\n") in text

    updated = cli("baseline", "update", "baseline.json", ".")
    new = Secret.of("access-token", NEW)
    assert updated.exit_code == 0
    assert updated.stdout == (f"removed: app-password {gone['redacted']} {gone['secret']}\n"
                              f"added: access-token {new.redacted} {new.fingerprint}\n"
                              "baseline.json: 1 kept, 1 added, 1 removed\n")
    text = Path("baseline.json").read_text()
    assert json.loads(text)["entries"] == [{"rule": "access-token", "secret": new.fingerprint, "redacted": new.redacted},
                                           secret_entry(OLD)]
    assert NEW not in text and OLD not in text
    data, result = report("--baseline", "baseline.json", ".")
    assert result.exit_code == 0 and data["findings"] == [] and data["stale_baseline"] == []


def test_moving_findings_down_keeps_them_baselined(repo: Path):
    Path("notes.sh").write_text(f"# {MARK} ignore[app-password] the token was removed\necho hi\n")
    assert cli("baseline", "create", ".", "-o", "baseline.json").exit_code == 0
    entries = json.loads(Path("baseline.json").read_text())["entries"]
    unused = [e for e in entries if e["rule"] == "unused-ignore"]
    assert unused == [{"rule": "unused-ignore", "path": "notes.sh", "fingerprint": unused[0]["fingerprint"]}]

    padding = "echo padding\n" * 10
    Path("deploy.sh").write_text(f"#!/bin/sh\n{padding}P={OLD}\n")
    Path("notes.sh").write_text(f"{padding}# {MARK} ignore[app-password] the token was removed\necho hi\n")
    data, result = report("--baseline", "baseline.json", ".")
    assert result.exit_code == 0 and data["findings"] == [] and data["summary"]["suppressed"] == {"baseline": 3}

    # a secret is accepted wherever it turns up; any other finding only in its own file
    Path("other.sh").write_text(f"R={OLD}\n# {MARK} ignore[app-password] the token was removed\n")
    data, _ = report("--baseline", "baseline.json", ".")
    assert rows(data) == {("unused-ignore", "other.sh", 2)}


def test_identical_runs_write_identical_files_without_lines_or_secrets(repo: Path):
    Path("notes.sh").write_text(f"# {MARK} ignore[app-password] the token was removed\necho hi\n")
    assert cli("baseline", "create", ".", "-o", "one.json").exit_code == 0
    assert cli("baseline", "create", ".", "-o", "two.json").exit_code == 0
    one, two = Path("one.json").read_bytes(), Path("two.json").read_bytes()
    assert one == two
    text = one.decode()
    assert OLD not in text and GONE not in text
    data = json.loads(text)
    jsonschema.validate(data, schema("baseline"))
    assert set(data) == {"version", "entries"}
    assert all(set(e) in ({"rule", "secret", "redacted"}, {"rule", "path", "fingerprint"}) for e in data["entries"])
    assert data["entries"] == sorted(data["entries"], key=lambda e: (e["rule"], e.get("path", ""), e.get("secret") or e["fingerprint"]))


@pytest.mark.parametrize("content,message", [
    ("{not json", "bl.json:1:2: invalid JSON in baseline: Expecting property name enclosed in double quotes"),
    ('{"version": 1}', "bl.json: invalid baseline at (top level): 'entries' is a required property"),
    ('{"version": 2, "entries": []}', "bl.json: invalid baseline at version: 1 was expected"),
    ('{"version": 1, "entries": [{"rule": "app-password", "path": "a.sh", "fingerprint": "0123456789abcdef", "line": 3}]}',
     "bl.json: invalid baseline at entries.0: unknown key 'line' (expected one of: fingerprint, path, rule)"),
    ('{"version": 1, "entries": [{"rule": "app-password", "secret": "SECRET", "redacted": "ATBB…"}]}',
     "bl.json: invalid baseline at entries.0.secret: expected 'sha256:' and 20 hex digits (value not shown: it may be a secret)"),
])
def test_a_malformed_baseline_is_one_line_and_exit_2(repo: Path, content: str, message: str):
    content = content.replace("SECRET", OLD)
    Path("bl.json").write_text(content)
    for args in (("scan", "--baseline", "bl.json", "."), ("baseline", "update", "bl.json", ".")):
        result = cli(*args)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == f"tokenlint: error: {message}\n"
    assert Path("bl.json").read_text() == content  # update left it alone


def test_config_names_the_baseline_relative_to_itself(tmp_path: Path, monkeypatch):
    project = tmp_path / "project"
    (project / "meta").mkdir(parents=True)
    (project / ".tokenlint.yml").write_text("baseline: meta/accepted.json\n")
    (project / "deploy.sh").write_text(f"P={OLD}\n")
    monkeypatch.chdir(tmp_path)
    missing = cli("scan", "project")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"tokenlint: error: {project / 'meta' / 'accepted.json'}: baseline does not exist")

    created = cli("baseline", "create", "project")
    assert created.exit_code == 0 and created.stdout == f"{project / 'meta' / 'accepted.json'}: 1 entry written\n"
    assert json.loads((project / "meta" / "accepted.json").read_text())["entries"] == [secret_entry(OLD)]
    clean = cli("scan", "project")
    assert clean.exit_code == 0 and clean.stdout.rstrip().endswith("; 1 baseline hidden")


def test_create_needs_a_file_and_a_complete_scan(repo: Path):
    result = cli("baseline", "create", ".")
    assert result.exit_code == 2
    assert result.stderr == "tokenlint: error: no baseline file named: pass -o FILE or set `baseline:` in .tokenlint.yml\n"
    result = cli("baseline", "create", ".", "missing", "-o", "bl.json")
    assert result.exit_code == 3 and not Path("bl.json").exists()
    assert result.stderr == ("tokenlint: error: missing: cannot scan: No such file or directory\n"
                             "tokenlint: error: baseline not written: 1 path(s) could not be scanned\n")
