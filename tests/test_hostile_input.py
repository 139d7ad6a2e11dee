"""Absurd input ends in exit 2 and one line; writes go only where asked, whole, never through a link.

Every case runs the real command line in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tokengen import make

TOKEN = make("app-password", seed=41)


def tokenlint(*args: str, cwd: Path, shell_prefix: str = "", timeout: int = 60) -> subprocess.CompletedProcess[str]:
    if shell_prefix:  # e.g. closing standard input, which only a shell redirection does cleanly
        quoted = " ".join(f"'{a}'" for a in [sys.executable, "-m", "tokenlint", *args])
        return subprocess.run(f"exec {quoted} {shell_prefix}", shell=True, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


def assert_usage_error(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    """Exit 2, and stderr is exactly one line: ours, never a traceback or an internal error."""
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("tokenlint: error: ") and expected in lines[0], lines[0]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def deep_yaml(key: str, depth: int = 10_000) -> str:
    return f"{key}: " + "[" * depth + "]" * depth + "\n"


def alias_bomb() -> str:
    """Nine levels of ten aliases each: a billion values once expanded, a few hundred bytes as text."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\ndisable: *a8\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "ci.sh").write_text(f"export BB_APP_PASSWORD={TOKEN}\n")
    return root


@pytest.mark.parametrize("args, config, expected", [
    (["--max-file-size", "99999999999999999999GB"], None, "Invalid value for '--max-file-size': at most 4GB"),
    (["--max-file-size", "0"], None, "Invalid value for '--max-file-size': must be at least 1 byte, not 0"),
    (["--max-file-size", "-5"], None, "Invalid value for '--max-file-size': a size cannot be negative"),
    (["--fail-on", "everything"], None, "Invalid value for '--fail-on': 'everything' is not one of"),
    ([], "max-file-size: 99999999999999999999GB\n", "invalid config at max-file-size: at most 4GB"),
    ([], "max-file-size: 99999999999999999999999999\n", "invalid config at max-file-size: at most 4GB"),
    ([], deep_yaml("disable"), ".tokenlint.yml:1:1009: invalid YAML: exceeded maximum nesting depth"),
    ([], alias_bomb(), "invalid config: more than 100000 values (counting YAML aliases)"),
])
def test_absurd_options_and_configs_are_usage_errors(tree: Path, args, config, expected):
    if config is not None:
        (tree / ".tokenlint.yml").write_text(config)
    assert_usage_error(tokenlint("scan", *args, ".", cwd=tree, timeout=30), expected)


def test_deep_pyproject_config(tree: Path):
    (tree / "pyproject.toml").write_text("[tool.tokenlint]\ndisable = " + "[" * 5000 + "]" * 5000 + "\n")
    assert_usage_error(tokenlint("scan", ".", cwd=tree), "pyproject.toml: invalid config: nested too deeply")


def test_deep_baseline(tree: Path):
    (tree / "b.json").write_text('{"version": 1, "entries": ' + "[" * 10_000 + "]" * 10_000 + "}")
    assert_usage_error(tokenlint("scan", "--baseline", "b.json", ".", cwd=tree),
                       "b.json: invalid baseline: nested too deeply")


def test_deep_policy(tree: Path, tmp_path: Path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "deep.yml").write_text(deep_yaml("when", 990))  # within libyaml's limit, beyond Python's stack
    assert_usage_error(tokenlint("scan", "--policies", str(rules), ".", cwd=tree), "deep.yml: invalid policy: nested too deeply")


def test_scan_stdin_when_it_is_closed(tree: Path):
    assert_usage_error(tokenlint("scan", "-", cwd=tree, shell_prefix="<&-"),
                       "'-' reads standard input, but standard input is closed")


@pytest.mark.parametrize("output, expected", [
    ("linked/report.json", "linked/report.json: cannot write report: folder linked is a symbolic link, and reports "
                           "are not written through links in the tree (name the real folder)"),
    ("sub/linked/new/report.json", "sub/linked/new/report.json: cannot write report: folder sub/linked is a "
                                   "symbolic link"),
    ("ci.sh/report.json", "ci.sh/report.json: cannot write report: Not a directory"),
    ("/proc/report.json", "/proc/report.json: cannot write report in folder /proc: "),
])
def test_an_output_that_cannot_be_written_stops_the_run_before_the_scan(tree: Path, tmp_path: Path, output: str,
                                                                        expected: str):
    # `missing.txt` would make a scan exit 3: exit 2 and no word of it shows nothing was scanned.
    # A folder the scanned tree links elsewhere (a CI step runs in the checkout it judges) is refused.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tree / "linked").symlink_to(elsewhere)
    (tree / "sub").mkdir()
    (tree / "sub" / "linked").symlink_to(elsewhere)
    proc = tokenlint("scan", "--format", "json", "-o", output, ".", "missing.txt", cwd=tree)
    assert_usage_error(proc, expected)
    assert proc.stdout == ""
    assert list(elsewhere.iterdir()) == []


def test_missing_folders_of_an_output_are_created(tree: Path):
    proc = tokenlint("scan", "--format", "text", "--format", "json:test-results/tokenlint/report.json", ".",
                     cwd=tree)
    assert proc.returncode == 1, proc.stderr
    assert json.loads((tree / "test-results" / "tokenlint" / "report.json").read_text())["findings"]


@pytest.mark.slow  # 30 processes at once
def test_concurrent_runs_never_leave_a_corrupt_report(tmp_path: Path):
    (tmp_path / "many.env").write_text("".join(f"BB_APP_PASSWORD_{i}={make('app-password', seed=100 + i)}\n"
                                               for i in range(120)))
    cmd = [sys.executable, "-m", "tokenlint", "scan", "--format", "json", "-o", "same.json", "many.env"]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL) for _ in range(30)]
    seen = 0
    while any(p.poll() is None for p in procs):  # every state a reader can see is a whole report
        try:
            text = (tmp_path / "same.json").read_text()
        except FileNotFoundError:
            time.sleep(0.01)
            continue
        assert len(json.loads(text)["findings"]) == 120
        seen += 1
    assert [p.wait() for p in procs] == [1] * 30, [p.stderr.read() for p in procs]
    assert len(json.loads((tmp_path / "same.json").read_text())["findings"]) == 120
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.env", "same.json"]  # no temp file left
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "same.json").stat().st_mode & 0o777 == 0o666 & ~mask


def test_output_to_a_stream_is_written_directly(tree: Path):
    proc = tokenlint("scan", "--format", "json", "-o", "/dev/stdout", ".", cwd=tree)
    assert proc.returncode == 1
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["ci.sh"]
    assert_usage_error(tokenlint("scan", "-o", "/dev/full", ".", cwd=tree),
                       "/dev/full: cannot write report: No space left on device")


# --- writes only where asked, never through a link ---------------------------------------


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_text("precious\n")
    return path


def assert_untouched(victim: Path) -> None:
    assert victim.read_text() == "precious\n" and not victim.is_symlink()


def test_config_baseline_outside_the_repository_is_refused(tree: Path, victim: Path):
    (tree / ".tokenlint.yml").write_text("baseline: ../victim\n")
    proc = tokenlint("baseline", "create", cwd=tree)
    assert_usage_error(proc, f".tokenlint.yml: at baseline: '../victim' resolves to {victim}, outside {tree}")
    assert_untouched(victim)
    # the same config makes `scan` refuse to read it too
    assert_usage_error(tokenlint("scan", ".", cwd=tree), "at baseline: '../victim' resolves to")


def test_config_baseline_through_a_symlinked_folder_is_refused(tree: Path, victim: Path):
    (tree / "sub").mkdir()
    (tree / "sub" / "out").symlink_to(victim.parent)
    (tree / ".tokenlint.yml").write_text("baseline: sub/out/victim\n")
    assert_usage_error(tokenlint("baseline", "create", cwd=tree), f"'sub/out/victim' resolves to {victim}, outside")
    assert_untouched(victim)


def test_a_planted_temp_file_symlink_is_never_written_through(tree: Path, victim: Path):
    (tree / ".tokenlint.yml").write_text("baseline: base.json\n")
    (tree / "base.json.tmp").symlink_to(victim)
    proc = tokenlint("baseline", "create", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    assert [e["rule"] for e in json.loads((tree / "base.json").read_text())["entries"]] == ["app-password"]
    assert_untouched(victim)
    assert os.readlink(tree / "base.json.tmp") == str(victim)


@pytest.mark.parametrize("command", [
    ["baseline", "create"],  # from the config
    ["baseline", "create", "-o", "base.json"],
    ["baseline", "update", "base.json"],
    ["scan", "-o", "base.json", "."],
])
def test_a_symlink_at_the_target_is_refused(tree: Path, victim: Path, command: list[str]):
    """Refused, not replaced: the link may be the user's own, and the file it names is not ours."""
    (tree / ".tokenlint.yml").write_text("baseline: base.json\n")
    (tree / "base.json").symlink_to(victim)
    if command[0] == "baseline" and "-o" not in command and "update" not in command:
        expected = f"at baseline: 'base.json' resolves to {victim}, outside"  # the link leaves the repository
    else:
        expected = "base.json: cannot write "
    proc = tokenlint(*command, cwd=tree)
    assert_usage_error(proc, expected)
    assert_untouched(victim)
    assert os.readlink(tree / "base.json") == str(victim)


def test_a_symlink_inside_the_repository_is_refused_too(tree: Path):
    (tree / ".tokenlint.yml").write_text("baseline: base.json\n")
    (tree / "real.json").write_text("{}")
    (tree / "base.json").symlink_to("real.json")
    proc = tokenlint("baseline", "create", cwd=tree)
    assert_usage_error(proc, "base.json: cannot write baseline: it is a symbolic link, and links are not written through")
    assert (tree / "real.json").read_text() == "{}"


def test_a_hard_link_at_the_target_is_replaced_not_written_through(tree: Path, victim: Path):
    os.link(victim, tree / "report.json")
    proc = tokenlint("scan", "--format", "json", "-o", "report.json", ".", cwd=tree)
    assert proc.returncode == 1
    assert json.loads((tree / "report.json").read_text())["findings"][0]["path"] == "ci.sh"
    assert_untouched(victim)


def test_command_line_targets_may_be_anywhere(tree: Path, tmp_path: Path):
    (tree / ".tokenlint.yml").write_text("baseline: ../victim\n")
    (tmp_path / "elsewhere").mkdir()
    proc = tokenlint("baseline", "create", "-o", "../elsewhere/b.json", cwd=tree)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "elsewhere" / "b.json").read_text())["entries"][0]["rule"] == "app-password"
    proc = tokenlint("baseline", "update", "../elsewhere/b.json", cwd=tree)
    assert proc.returncode == 0, proc.stderr


def test_config_policies_outside_the_repository_need_the_command_line(tree: Path, tmp_path: Path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (tree / ".tokenlint.yml").write_text("policies: [../rules]\n")
    assert_usage_error(tokenlint("scan", ".", cwd=tree),
                       f".tokenlint.yml: at policies: '../rules' resolves to {rules}, outside {tree}")
    proc = tokenlint("scan", "--policies", "../rules", ".", cwd=tree)
    assert proc.returncode == 1, proc.stderr
    (tree / "own").mkdir()
    (tree / ".tokenlint.yml").write_text("policies: [own]\n")
    assert tokenlint("scan", ".", cwd=tree).returncode == 1


def test_a_discovered_config_that_links_outside_its_folder_is_not_read(tree: Path, tmp_path: Path):
    secret = tmp_path / "credentials"
    secret.write_text(f"https://me:{TOKEN}@bitbucket.org\n")  # YAML would read it as one string, then echo it
    (tree / ".tokenlint.yml").symlink_to(secret)
    proc = tokenlint("scan", ".", cwd=tree)
    assert_usage_error(proc, f".tokenlint.yml: config is a symbolic link to {secret}, outside its folder; not read")
    assert TOKEN not in proc.stderr + proc.stdout
    (tree / "own.yml").write_text("fail-on: high\n")
    (tree / ".tokenlint.yml").unlink()
    (tree / ".tokenlint.yml").symlink_to("own.yml")  # inside: fine
    assert tokenlint("scan", ".", cwd=tree).returncode == 1


def test_absurd_jobs_start_no_more_workers_than_there_is_work(tmp_path: Path, monkeypatch):
    import concurrent.futures

    from tokenlint import api

    for i in range(250):
        (tmp_path / f"f{i}.txt").write_text("x=1\n")
    started = []

    class Pool(concurrent.futures.ThreadPoolExecutor):  # stands in for processes: records what was asked
        def __init__(self, workers, initializer=None, initargs=()):
            started.append(workers)
            super().__init__(workers, initializer=initializer, initargs=initargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    settings = api.load_settings([str(tmp_path)], jobs=10**9)
    assert api.scan(settings).files_scanned == 250
    assert started == [4]  # 250 files in chunks of 64


@pytest.mark.parametrize("config, expected", [
    ("/dev/zero", "/dev/zero: cannot read config: not a regular file"),
    ("big.yml", "big.yml: cannot read config: larger than 4 MB"),
])
def test_a_config_that_never_ends_is_refused(tree: Path, config: str, expected: str):
    (tree / "big.yml").write_text("# " + "x" * (4 << 20) + "\n")
    assert_usage_error(tokenlint("scan", "--config", config, ".", cwd=tree, timeout=30), expected)


def test_a_baseline_that_never_ends_is_refused(tree: Path):
    assert_usage_error(tokenlint("scan", "--baseline", "/dev/zero", ".", cwd=tree, timeout=30),
                       "/dev/zero: baseline is not a regular file")
