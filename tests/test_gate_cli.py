"""The gate and its command line (issue 13): several reports from one scan, a gate that fails on
what matters, --quiet, skipped files counted by reason, tracked files missing from the work tree,
colour that fits the terminal, and each finding's rule page."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from tokenlint import api
from tokenlint.engine import scan as engine
from tokenlint.model import Problem, Target
from tokenlint.resources import schema
from tokenlint.sources import tree

from terminal import drain
from tokengen import make

DOCS = "https://bitbucket.org/tokenlint/tokenlint/src/main/docs/rules/"
# An info-level finding (TL045 unknown-endpoint): the path has `pullrequest`, not `pullrequests`.
UNKNOWN_CALL = ('curl -H "Authorization: Bearer $TOKEN" '
                "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequest/7/comments\n")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
_CI_VARS = ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "GITLAB_CI", "BITBUCKET_BUILD_NUMBER", "JENKINS_URL", "TF_BUILD",
            "NO_COLOR", "TERM", "TOKENLINT_DEBUG")


def env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in _CI_VARS}
    return {**clean, **extra}


def run(*args: str, cwd: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env(**extra_env), stdin=subprocess.DEVNULL)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})


def rows(data: dict) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in data["findings"]}


def valid_report(text: str) -> dict:
    data = json.loads(text)
    jsonschema.validate(data, schema("report"))
    return data


def repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "init")
    return root


# --- the gate fails on what matters --------------------------------------------------------------


def test_info_findings_are_shown_but_fail_only_with_fail_on_info(tmp_path: Path):
    (tmp_path / "call.sh").write_text(UNKNOWN_CALL)
    default = run("scan", ".", cwd=tmp_path)
    assert default.returncode == 0, default.stdout + default.stderr
    assert "  1:1  info     TL045 unknown-endpoint  GET https://api.bitbucket.org/2.0/repositories/acme/app/" \
           "pullrequest/7/comments matches" in default.stdout
    assert run("scan", ".", "--fail-on", "info", cwd=tmp_path).returncode == 1
    (tmp_path / ".tokenlint.yml").write_text("fail-on: info\n")
    assert run("scan", ".", cwd=tmp_path).returncode == 1  # asked for in the config: honoured too


def test_low_confidence_findings_never_fail_the_gate(tmp_path: Path):
    (tmp_path / "a.sh").write_text(f"P={make('app-password', valid=False)}\n")  # a placeholder: bad checksum
    proc = run("scan", ".", "--min-confidence", "low", "--fail-on", "info", "--format", "json", cwd=tmp_path)
    data = valid_report(proc.stdout)
    assert rows(data) == {("app-password", "a.sh", 1)} and data["findings"][0]["confidence"] == "low"
    assert proc.returncode == 0
    text = run("scan", ".", "--min-confidence", "low", cwd=tmp_path)
    assert text.returncode == 0 and "[confidence: low; never fails the run]" in text.stdout
    (tmp_path / "b.sh").write_text(f"Q={make('app-password')}\n")  # a real one still fails
    assert run("scan", ".", "--min-confidence", "low", cwd=tmp_path).returncode == 1


def test_fails_is_the_one_answer_for_every_report(tmp_path: Path):
    (tmp_path / "call.sh").write_text(UNKNOWN_CALL)
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\nX={make('app-password', seed=2, valid=False)}\n")
    settings = api.load_settings([str(tmp_path)], min_confidence="low")
    result = api.scan(settings)
    verdicts = {(f.rule, f.location.line, str(f.confidence)): result.fails(f) for f in result.findings}
    assert verdicts == {("unknown-endpoint", 1, "medium"): False, ("app-password", 1, "high"): True,
                        ("app-password", 2, "low"): False}
    assert result.exit_code() == 1


# --- several outputs ------------------------------------------------------------------------------


def test_several_reports_from_one_scan(tmp_path: Path):
    token = make("app-password")
    (tmp_path / "a.sh").write_text(f"P={token}\n")
    (tmp_path / "out").mkdir()
    proc = run("scan", "a.sh", "--format", "text", "--format", "json:b.json", "--format", "json:out/c:1.json",
               cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout.startswith("a.sh\n  1:3  high     TL001 app-password  ")
    b = valid_report((tmp_path / "b.json").read_text())
    c = valid_report((tmp_path / "out" / "c:1.json").read_text())  # the file is everything after the first ':'
    assert rows(b) == rows(c) == {("app-password", "a.sh", 1)}
    assert b == c
    for text in (proc.stdout, (tmp_path / "b.json").read_text()):
        assert token not in text and "\x1b" not in text


def test_files_only_still_print_text_and_o_takes_the_format_without_a_file(tmp_path: Path):
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\n")
    files_only = run("scan", "a.sh", "--format", "json:b.json", cwd=tmp_path)
    assert files_only.returncode == 1 and files_only.stdout.startswith("a.sh\n  1:3  high     TL001")
    assert rows(valid_report((tmp_path / "b.json").read_text())) == {("app-password", "a.sh", 1)}
    to_o = run("scan", "a.sh", "--format", "json", "--format", "text:t.txt", "-o", "j.json", cwd=tmp_path)
    assert to_o.returncode == 1 and to_o.stdout == ""
    assert rows(valid_report((tmp_path / "j.json").read_text())) == {("app-password", "a.sh", 1)}
    assert (tmp_path / "t.txt").read_text().startswith("a.sh\n  1:3  high     TL001")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "nope"], "tokenlint: error: Invalid value for '--format': unknown format 'nope' in 'nope' "
                           "(choose from "),
    (["--format", "json:"], "tokenlint: error: Invalid value for '--format': 'json:' names no file after ':'"),
    (["--format", "text", "--format", "json"], "tokenlint: error: --format text and --format json: at most one "
                                               "format may go to standard output"),
    (["--format", "json:a.json", "--format", "text:./a.json"], "tokenlint: error: two reports would be written "
                                                              "to one file: a.json and ./a.json"),
    (["--format", "json:a.json", "-o", "a.json"], "tokenlint: error: two reports would be written to one file: "
                                                  "a.json and a.json"),
    (["--format", "json:a.json", "--format", "text:a.sh/t.txt"], "tokenlint: error: a.sh/t.txt: cannot write "
                                                                "report: Not a directory"),
])
def test_bad_outputs_are_usage_errors_before_anything_is_scanned(tmp_path: Path, args: list[str], message: str):
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\n")
    proc = run("scan", "a.sh", *args, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sh"]  # no report written, not even the first


def test_history_writes_several_reports(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": f"P={make('app-password')}\n"})
    proc = run("history", "-j", "1", "--no-cache", ".", "--format", "json:h.json", "--format", "text",
               cwd=root)
    assert proc.returncode == 1 and proc.stdout.startswith("a.sh\n  1:3  high     TL001 app-password")
    data = valid_report((root / "h.json").read_text())
    assert rows(data) == {("app-password", "a.sh", 1)} and data["findings"][0]["origin"]["in_head"] is True


def test_help_documents_the_format_shape(tmp_path: Path):
    for command in ("scan", "history", "ci"):
        text = " ".join(run(command, "--help", cwd=tmp_path).stdout.split())
        assert "--format NAME[:FILE]" in text and "NAME: text, json" in text and "it goes to standard output, " \
               "or to -o FILE [default: text]" in text, command


# --- quiet, skipped files, rule pages --------------------------------------------------------------


def test_skipped_files_are_counted_by_reason_and_listed_with_verbose(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": f"P={make('app-password')}\n", "img/1.png": PNG, "img/2.png": PNG,
                           "img/3.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 64})
    os.symlink("a.sh", root / "link.sh")
    proc = run("scan", ".", cwd=root)
    assert proc.returncode == 1 and "skipped" not in proc.stdout.replace("; skipped:", "")
    assert proc.stdout.splitlines()[-1] == ("1 finding(s) (1 high) in 1 file(s), 39 bytes scanned; "
                                            "skipped: 3 binary, 1 symlink, not followed (-v lists them)")
    verbose = run("scan", ".", "-v", cwd=root).stdout.splitlines()
    assert sorted(line for line in verbose if line.startswith("skipped:")) == [
        "skipped: img/1.png: binary (PNG image)", "skipped: img/2.png: binary (PNG image)",
        "skipped: img/3.jpg: binary (JPEG image)", "skipped: link.sh: symlink, not followed"]
    assert verbose[-1].endswith("skipped: 3 binary, 1 symlink, not followed")
    data = valid_report(run("scan", ".", "--format", "json", cwd=root).stdout)  # JSON keeps every problem
    assert {(p["path"], p["error"]) for p in data["problems"]} == {
        ("img/1.png", False), ("img/2.png", False), ("img/3.jpg", False), ("link.sh", False)}


def test_quiet_prints_only_findings_and_the_summary_and_errors_on_stderr(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": f"P={make('app-password')}\n", "img.png": PNG})
    (root / ".tokenlint.yml").write_text("baseline: base.json\n")
    (root / "base.json").write_text(json.dumps({"version": 1, "entries": [
        {"rule": "app-password", "secret": "sha256:" + "0" * 20, "redacted": "ATBBxxxx…"}]}))
    loud = run("scan", ".", cwd=root)
    assert "stale baseline entry:" in loud.stdout
    quiet = run("scan", ".", "-q", cwd=root)
    assert quiet.returncode == 1 and quiet.stderr == ""
    lines = quiet.stdout.splitlines()
    assert lines[0] == "a.sh" and lines[1].startswith("  1:3  high     TL001 app-password")
    assert lines[-1].startswith("1 finding(s) (1 high) in 3 file(s)") and "skipped: 1 binary" in lines[-1]
    assert not [line for line in lines if line.startswith(("skipped:", "note:", "stale baseline", "error:"))]
    missing = run("scan", ".", "nowhere.sh", "-q", cwd=root)  # a quiet run still says why it exits 3
    assert missing.returncode == 3
    assert missing.stderr == "tokenlint: error: nowhere.sh: cannot scan: No such file or directory\n"
    assert "error:" not in missing.stdout and "1 could not be scanned" in missing.stdout.splitlines()[-1]


def test_each_finding_links_its_rule_page(tmp_path: Path):
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\n")
    for args in ((), ("-q",)):
        lines = run("scan", "a.sh", *args, cwd=tmp_path).stdout.splitlines()
        assert lines[1].startswith("  1:3  high     TL001 app-password")
        assert f"      docs: {DOCS}TL001-app-password.md" in lines[2:6]


# --- tracked files missing from the work tree --------------------------------------------------------


def test_a_deleted_tracked_file_is_a_warning_unless_strict(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": "echo hi\n", "sub/gone.sh": f"P={make('app-password')}\n"})
    (root / "sub" / "gone.sh").unlink()
    proc = run("scan", ".", "--format", "json", cwd=root)
    assert proc.returncode == 0, proc.stdout
    data = valid_report(proc.stdout)
    assert data["problems"] == [{"path": "sub/gone.sh", "error": False,
                                 "reason": "tracked by git but missing from the work tree (deleted, not committed)"}]
    text = run("scan", ".", cwd=root)
    assert text.returncode == 0 and text.stdout.splitlines()[-1].endswith(
        "skipped: 1 tracked by git but missing from the work tree (-v lists them)")
    strict = run("scan", ".", "--strict", cwd=root)
    assert strict.returncode == 3
    assert ("error: sub/gone.sh: tracked by git but missing from the work tree (deleted, not committed)"
            in strict.stdout.splitlines())
    assert run("scan", "sub/gone.sh", cwd=root).returncode == 3  # named on the command line: still an error


def test_a_tracked_file_that_vanishes_during_the_scan_is_still_an_error(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": "echo hi\n", "b.sh": "echo ho\n"})
    settings = api.load_settings([str(root)])
    problems: list[Problem] = []

    def racing() -> Iterator[Target]:
        for target in tree.listing([str(root)], problems):  # git listed both: they were there
            if target.display.endswith("b.sh"):
                os.unlink(target.fs_path)  # gone between the listing and the read
            yield target

    result = engine.run_listed(racing(), settings, problems)
    assert [(Path(p.path).name, p.reason, p.error) for p in result.problems] == [
        ("b.sh", "vanished during the scan", True)]
    assert result.exit_code() == 3


def test_strict_reaches_the_ci_gate_without_a_base(tmp_path: Path):
    root = repo(tmp_path, {"a.sh": "echo hi\n", "gone.sh": "echo gone\n"})
    (root / "gone.sh").unlink()
    assert run("ci", ".", "--no-fetch", "--no-cache", cwd=root).returncode == 0
    strict = run("ci", ".", "--no-fetch", "--no-cache", "--strict", "-q", cwd=root)
    assert strict.returncode == 3
    assert strict.stderr == ("tokenlint: error: gone.sh: tracked by git but missing from the work tree "
                             "(deleted, not committed)\n")


# --- colour -----------------------------------------------------------------------------------------


def on_pty(args: list[str], cwd: Path, **extra_env: str) -> tuple[int, str]:
    """Run tokenlint with stdout on a real pseudo-terminal: (exit code, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tokenlint", *args], stdout=slave, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=env(**extra_env))
    os.close(slave)
    seen = drain(master, proc, 120)
    proc.wait(timeout=60)
    return proc.returncode, seen.decode("utf-8", "replace")


BOLD_RULE = "\x1b[1mapp-password\x1b[0m"
HIGH = "\x1b[31m\x1b[1mhigh    \x1b[0m"  # click.style(fg="red", bold=True)


def test_colour_on_a_terminal_and_never_in_pipes_or_files(tmp_path: Path):
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\n")
    code, tty = on_pty(["scan", "a.sh", "--format", "text:t.txt", "--format", "json:j.json"], tmp_path,
                       TERM="xterm")
    assert code == 1 and HIGH in tty and BOLD_RULE in tty
    assert "\x1b" not in (tmp_path / "t.txt").read_text() + (tmp_path / "j.json").read_text()
    piped = run("scan", "a.sh", cwd=tmp_path, TERM="xterm")
    assert piped.returncode == 1 and "\x1b" not in piped.stdout
    forced = run("scan", "a.sh", "--color", "always", "-o", "forced.txt", cwd=tmp_path, TERM="xterm")
    assert forced.returncode == 1 and "\x1b" not in (tmp_path / "forced.txt").read_text()


@pytest.mark.parametrize(("extra_env", "args", "coloured"), [
    ({"TERM": "xterm", "NO_COLOR": "1"}, [], False),
    ({"TERM": "xterm", "NO_COLOR": ""}, [], True),  # empty: not set (no-color.org)
    ({"TERM": "xterm", "NO_COLOR": "1"}, ["--color", "always"], True),  # an explicit choice wins
    ({"TERM": "dumb"}, [], False),
    ({"TERM": "xterm"}, ["--color", "never"], False),
])
def test_no_color_term_dumb_and_the_color_option(tmp_path: Path, extra_env: dict[str, str], args: list[str],
                                                 coloured: bool):
    (tmp_path / "a.sh").write_text(f"P={make('app-password')}\n")
    code, tty = on_pty(["scan", "a.sh", *args], tmp_path, **extra_env)
    assert code == 1 and "TL001" in tty
    assert ("\x1b[" in tty) is coloured
