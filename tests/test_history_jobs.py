"""`--jobs` on history and the CI gate: worker processes change nothing in the report (byte for
byte), small histories and `-j1` start no pool, a worker that dies is a Problem; and the progress
bar, seen on a real pseudo-terminal only."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint import api
from tokenlint.cli import main
from tokenlint.scanner import FileResult
from tokenlint.sources import workers
from tokenlint.sources.history import scan_history

from terminal import drain
from test_history import git_env
from tokengen import make

SECRETS = [make("app-password", seed=100 + k) for k in range(6)]
KILL_MARK = "tokenlint-test: this blob kills the worker that reads it"


def _client(i: int, j: int) -> str:
    """Version i of api/client_j.py: a Bitbucket call, with a literal app password in most versions."""
    secret = SECRETS[(i // 40) % len(SECRETS)]
    auth = f'"{secret}"' if (i // 25) % 3 != 2 else 'os.environ["BB_APP_PASSWORD"]'
    return (f"import os\nimport requests\n\n# revision {i}\n" + "\n" * (i % 7) +
            f"PASSWORD = {auth}\n"
            f"requests.get('https://api.bitbucket.org/2.0/repositories/acme/app{j}/pullrequests',\n"
            f"             auth=('jdoe', PASSWORD))\n")


def _script(i: int) -> str:
    scheme = ('-u "jdoe:$BB_APP_PASSWORD"' if i % 2 else '-H "Authorization: Bearer $BB_TOKEN"')
    return f"#!/bin/sh\n# release {i}\ncurl {scheme} -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags\n"


def _fast_import(root: Path, commits: list[tuple[str, dict[str, str | None], str | None]]) -> None:
    """Build a repository in one `git fast-import`: (branch, files (None deletes), merged branch)."""
    stream = []
    marks: dict[str, int] = {}
    for n, (branch, files, merge) in enumerate(commits, start=1):
        stamp = 1_700_000_000 + n * 3600
        stream.append(f"commit refs/heads/{branch}\nmark :{n}\n"
                      f"author Ada Lovelace <ada@example.test> {stamp} +0000\n"
                      f"committer Ada Lovelace <ada@example.test> {stamp} +0000\n"
                      f"data <<EOM\ncommit {n}\nEOM\n")
        if branch in marks:
            stream.append(f"from :{marks[branch]}\n")
        elif marks:
            stream.append(f"from :{marks['main']}\n")
        if merge:
            stream.append(f"merge :{marks[merge]}\n")
        for path, content in files.items():
            if content is None:
                stream.append(f"D {path}\n")
            else:
                data = content.encode()
                stream.append(f"M 100644 inline {path}\ndata {len(data)}\n{content}\n")
        marks[branch] = n
    env = git_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], env=env, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(), env=env, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, env=env, check=True)


def _commits(count: int) -> list[tuple[str, dict[str, str | None], str | None]]:
    """`count` commits on main (plus a side branch merged back, past 200): clients whose app
    password comes and goes, a config secret moved between folders, release scripts that mix
    Basic and Bearer. Every commit adds a version of a client: a blob worth a worker."""
    moved = f"bitbucket:\n  app_password: {SECRETS[5]}\n"
    commits: list[tuple[str, dict[str, str | None], str | None]] = []
    for i in range(count):
        files: dict[str, str | None] = {f"api/client_{i % 12}.py": _client(i, i % 12), "README.md": f"notes {i}\n"}
        if i % 7 == 0:
            files[f"deploy/release_{i % 5}.sh"] = _script(i)
        if i == 30:
            files["conf/app.yml"] = moved
        if i == 44:  # kills the worker that reads it when a test makes it so (SITECUSTOMIZE)
            files["api/killer.py"] = _client(5000, 1) + f"# {KILL_MARK}\n"
        if i == 90:
            files.update({"conf/app.yml": None, "conf/old/app.yml": moved})
        if i == 260:
            files["conf/old/app.yml"] = None
        commits.append(("main", files, None))
        if i == 120:
            commits += [("side", {f"side/client_{k}.py": _client(1000 + k, k)}, None) for k in range(20)]
        if i == 200:
            commits.append(("main", {"side/merged.py": _client(2000, 1)}, "side"))
    return commits


@pytest.fixture(scope="module")
def long_history(tmp_path_factory) -> Path:
    """341 commits, a merge among them."""
    root = tmp_path_factory.mktemp("jobs") / "r"
    _fast_import(root, _commits(320))
    return root


@pytest.fixture(scope="module")
def short_history(tmp_path_factory) -> Path:
    """60 commits: enough blobs worth a worker for the pool to start (with PARALLEL_MIN_SECONDS 0)."""
    root = tmp_path_factory.mktemp("jobs") / "short"
    _fast_import(root, _commits(max(60, workers.PARALLEL_MIN_BLOBS + 12)))
    return root


def _report(repo: Path, *args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["history", "--format", "json", "--no-cache", *args, str(repo)])
    return res.exit_code, res.stdout


def test_j1_and_j2_print_byte_identical_reports_and_only_j2_starts_a_pool(long_history: Path, monkeypatch):
    started: list[int] = []
    real = workers._executor

    def spy(n: int, opts: workers.Options):
        started.append(n)
        return real(n, opts)

    monkeypatch.setattr(workers, "_executor", spy)
    monkeypatch.setattr(workers, "PARALLEL_MIN_SECONDS", 0.0)  # however fast this machine analyses
    monkeypatch.setattr(workers, "PARALLEL_MIN_SHARE", 0.0)  # and however slowly it reads
    one = _report(long_history, "-j", "1")
    assert started == []  # -j1 never starts a pool
    two = _report(long_history, "-j", "2")
    assert started == [2]
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    data = json.loads(two[1])
    # the walk's order-dependent state held: each secret reported once per file where it began
    paths = {(f["path"], f["rule"]) for f in data["findings"]}
    assert ("conf/app.yml", "app-password") in paths and ("conf/old/app.yml", "app-password") in paths
    assert len([f for f in data["findings"] if f["path"] == "api/client_0.py" and f["rule"] == "app-password"]) == 6
    text_one = CliRunner().invoke(main, ["history", "--no-cache", "-j", "1", str(long_history)]).stdout
    text_two = CliRunner().invoke(main, ["history", "--no-cache", "-j", "2", str(long_history)]).stdout
    assert text_one == text_two


def test_a_short_history_starts_no_pool(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_MIN_SECONDS", 0.0)
    monkeypatch.setattr(workers, "PARALLEL_MIN_SHARE", 0.0)
    def refuse(n: int, opts: workers.Options):
        raise AssertionError("a pool was started for a short history")

    monkeypatch.setattr(workers, "_executor", refuse)
    root = tmp_path / "r"
    _fast_import(root, [("main", {f"api/client_{i}.py": _client(i, i)}, None)
                        for i in range(workers.PARALLEL_MIN_BLOBS)])
    result = scan_history(root, api.load_settings([str(root)], jobs=2))
    assert result.files_scanned == workers.PARALLEL_MIN_BLOBS
    assert {f.location.path for f in result.findings} == {f"api/client_{i}.py" for i in range(workers.PARALLEL_MIN_BLOBS)}


def test_ci_gate_on_two_jobs_prints_the_same_report(long_history: Path, monkeypatch):
    started: list[int] = []
    real = workers._executor
    monkeypatch.setattr(workers, "_executor", lambda n, opts: started.append(n) or real(n, opts))
    monkeypatch.setattr(workers, "PARALLEL_MIN_SECONDS", 0.0)
    monkeypatch.setattr(workers, "PARALLEL_MIN_SHARE", 0.0)
    base = subprocess.run(["git", "rev-list", "--max-parents=0", "main"], cwd=long_history, capture_output=True,
                          text=True, check=True).stdout.strip()
    outs = []
    for jobs in ("1", "2"):
        res = CliRunner().invoke(main, ["ci", "--format", "json", "--no-cache", "--base", base, "--no-fetch", "-j", jobs,
                                        str(long_history)], env={"CI": ""})
        outs.append((res.exit_code, res.stdout))
    assert outs[0] == outs[1] and outs[0][0] == 1
    assert started == [2]  # -j2 only: 38 changed files concern Bitbucket


SITECUSTOMIZE = f"""
import multiprocessing, os, signal
import tokenlint.scanner as scanner
import tokenlint.sources.workers as workers
workers.PARALLEL_MIN_SECONDS = 0.0  # the pool starts on this short history however fast the machine is
workers.PARALLEL_MIN_SHARE = 0.0
_real = scanner.scan_bytes
def _scan_bytes(path, data, *args, **kwargs):
    if {KILL_MARK.encode()!r} in data and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(path, data, *args, **kwargs)
scanner.scan_bytes = _scan_bytes
"""


def test_a_blob_that_kills_its_worker_is_a_problem_and_the_rest_is_reported(short_history: Path, tmp_path: Path):
    killer = subprocess.run(["git", "log", "--format=%H", "--diff-filter=A", "--", "api/killer.py"], cwd=short_history,
                            capture_output=True, text=True, check=True).stdout.strip()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    run_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), *sys.path])}
    runs = {}
    for jobs in ("1", "2"):
        runs[jobs] = subprocess.run([sys.executable, "-m", "tokenlint", "history", "--format", "json", "--no-cache", "-j", jobs,
                                     str(short_history)], capture_output=True, text=True, env=run_env, timeout=300)
    assert all(runs[j].stdout for j in runs), {j: (r.returncode, r.stderr[-2000:]) for j, r in runs.items()}
    one, two = (json.loads(runs[j].stdout) for j in ("1", "2"))
    assert runs["1"].returncode == 1 and one["problems"] == []
    assert runs["2"].returncode == 3
    assert two["problems"] == [{"path": f"{killer[:12]}:api/killer.py", "reason": workers.DIED, "error": True}]
    assert "Traceback" not in runs["2"].stderr
    # the blobs in flight with it were analysed again, alone: every other finding is there, attributed alike
    assert [f for f in two["findings"] if f["path"] != "api/killer.py"] == \
        [f for f in one["findings"] if f["path"] != "api/killer.py"]
    later = set(subprocess.run(["git", "rev-list", f"{killer}..main"], cwd=short_history, capture_output=True,
                               text=True, check=True).stdout.split())
    assert any(f["origin"]["commit"] in later for f in two["findings"])


# --- progress ----------------------------------------------------------------------------------


def _on_pty(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    """Run tokenlint with stderr on a real pseudo-terminal (stdout a pipe): (exit, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "GITLAB_CI",
                                                               "BITBUCKET_BUILD_NUMBER", "JENKINS_URL", "TF_BUILD")}
    env["TERM"] = "xterm"
    report = tempfile.TemporaryFile()  # noqa: SIM115 - closed below; a pipe left unread while the terminal is read would fill and block
    proc = subprocess.Popen([sys.executable, "-m", "tokenlint", *args], stdout=report, stderr=slave,
                            stdin=subprocess.DEVNULL, cwd=cwd, env=env)
    os.close(slave)
    seen = drain(master, proc, 300)
    proc.wait(timeout=60)
    report.seek(0)
    out = report.read().decode()
    report.close()
    return proc.returncode, out, seen.decode("utf-8", "replace")


def test_history_shows_progress_on_a_terminal_and_erases_it(short_history: Path):
    code, out, tty = _on_pty(["history", "-j", "1", str(short_history)])
    assert code == 1 and "app-password" in out
    # redrawn at most ten times a second: a fast machine may show only the first counts (`1 commit`)
    assert re.search(r"\rtokenlint history: \d+ commits?, \d+ blobs?, \d+ findings?", tty)
    assert tty.endswith("\r\x1b[K")  # erased: the terminal is left clean
    assert "tokenlint history" not in out


def test_no_progress_with_quiet_or_without_a_terminal(short_history: Path):
    code, _, tty = _on_pty(["history", "-q", "-j", "1", str(short_history)])
    assert code == 1 and tty == ""
    piped = subprocess.run([sys.executable, "-m", "tokenlint", "history", "-j", "1", str(short_history)],
                           capture_output=True, text=True, env={**os.environ, "CI": ""})
    assert piped.returncode == 1 and piped.stderr == ""


def test_no_progress_in_ci_even_on_a_terminal(short_history: Path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "tokenlint", "history", "-j", "1", str(short_history)],
                              stdout=subprocess.DEVNULL, stderr=slave, timeout=300)
        os.set_blocking(master, False)
        try:
            got = os.read(master, 65536)
        except BlockingIOError:
            got = b""
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 1 and got == b""


def test_a_big_tree_scan_shows_files_done_of_total(tmp_path: Path):
    for i in range(250):
        (tmp_path / f"f{i}.txt").write_text("x = 1\n")
    (tmp_path / "deploy.cfg").write_text(f"bitbucket_app_password: {SECRETS[0]}\n")
    code, out, tty = _on_pty(["scan", "-j", "1", "--no-ignore", "."], cwd=tmp_path)
    assert code == 1 and "app-password" in out
    assert "\rtokenlint scan: " in tty and "/251 files" in tty and tty.endswith("\r\x1b[K")
    code, _, tty = _on_pty(["scan", "-q", "-j", "1", "--no-ignore", "."], cwd=tmp_path)
    assert code == 1 and tty == ""


def test_the_pool_starts_only_where_analysis_dominates(tmp_path: Path, monkeypatch):
    """On two cores, git inflating blobs and this process prefiltering them take both: workers
    would only add the cost of shipping blobs. The pool starts once analysis is most of the time."""
    clock = [0.0]
    started: list[int] = []

    class Executor:
        def submit(self, fn, job):
            return None

    def analyse(job, opts):
        clock[0] += 0.1
        return FileResult(job.path, scanned=True)

    monkeypatch.setattr(workers.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(workers, "analyse", analyse)
    monkeypatch.setattr(workers, "worth_a_worker", lambda job, inline_ignores: True)
    monkeypatch.setattr(workers, "_executor", lambda n, opts: started.append(n) or Executor())
    settings = api.load_settings([str(tmp_path)], jobs=2)
    reading = workers._Pool(settings)
    for i in range(200):
        clock[0] += 0.2  # reading a blob takes twice its analysis: 20 s of analysis, a third of the time
        reading.submit(workers.Job(f"f{i}.py", b"x"))
    assert started == []
    analysing = workers._Pool(settings)
    for i in range(40):
        clock[0] += 0.01
        analysing.submit(workers.Job(f"f{i}.py", b"x"))
    assert started == [2]


def test_a_pool_found_broken_when_submitting_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A worker may die between two results: the next submit then meets a broken pool. That blob is
    # analysed afresh (here, then on a new pool), never an internal error of the whole run.
    from concurrent.futures.process import BrokenProcessPool

    made: list[str] = []

    class Broken:
        def submit(self, fn, job):
            raise BrokenProcessPool("a child process terminated abruptly")

        def shutdown(self, wait=True, cancel_futures=False):
            made.append("shut down")

    monkeypatch.setattr(workers, "worth_a_worker", lambda job, inline_ignores: True)
    monkeypatch.setattr(workers, "_executor", lambda n, opts: made.append("started") or Broken())
    pool = workers._Pool(api.load_settings([str(tmp_path)], jobs=2))
    pool.executor = Broken()
    result = pool.submit(workers.Job("a.py", b"x = 1\n"))
    assert isinstance(result, FileResult) and result.path == "a.py" and result.problems == []
    assert made == ["shut down"] and pool.executor is None and pool.flying == 0
