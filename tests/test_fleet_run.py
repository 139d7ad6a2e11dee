"""`tokenlint fleet`: the run over real repositories, its output folder, resume, lock, shards, exit codes."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint.cli import main
from tokenlint.fleet import backends, run, summary, worker
from tokenlint.fleet.model import FleetOptions, Record, RepoSpec
from tokenlint.sources import staged

from fleetgit import CLEAN, commit, found, git, leaky, repo
from test_history_jobs import _on_pty

LEAK = [("app-password", "deploy.sh", 2, "tree"), ("app-password-in-use", "deploy.sh", 2, "tree")]


def fleet(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own (its pool, its lock, its exit code); one job unless
    the test asks for more (a pool for two small repositories costs more than it saves)."""
    jobs = () if "-j" in args else ("-j", "1")
    return subprocess.run([sys.executable, "-m", "tokenlint", "fleet", *args, *jobs], capture_output=True, text=True,
                          cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


def records(out: Path) -> dict[str, Record]:
    lines = (out / "results.jsonl").read_text().splitlines()
    got = [json.loads(line) for line in lines]
    assert len({r["repo"] for r in got}) == len(got), "a repository recorded twice"
    return {r["repo"]: r for r in got}


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """src/leaky (an app password in deploy.sh, committed) and src/clean."""
    src = tmp_path / "src"
    repo(src / "leaky", {"deploy.sh": leaky()})
    repo(src / "clean", {"ok.sh": CLEAN})
    return src


def test_fleet_scans_each_default_branch_tree_in_parallel_and_records_each(two: Path, tmp_path: Path) -> None:
    (two / "clean" / "local.sh").write_text(leaky(2))  # uncommitted: one person's local state, not the branch
    out = tmp_path / "out"
    proc = fleet(str(two), "--out", str(out), "-j", "2")
    assert proc.returncode == 1, proc.stderr
    got = records(out)
    assert sorted(got) == [str(two / "clean"), str(two / "leaky")]
    leaky_record, clean_record = got[str(two / "leaky")], got[str(two / "clean")]
    assert found(leaky_record) == LEAK
    assert all(f["fails"] for f in leaky_record["findings"])
    assert found(clean_record) == []
    assert leaky_record["status"] == "scanned" and leaky_record["exit_code"] == 1 and clean_record["exit_code"] == 0
    assert leaky_record["branch"] == "main" and leaky_record["head"] == git(two / "leaky", "rev-parse", "HEAD")
    assert leaky_record["history"] is False and leaky_record["reason"] is None
    assert [c["current"]["type"] for c in leaky_record["credentials"]] == ["app-password"]
    assert leaky_record["summary"]["files_scanned"] == 1
    assert set(leaky_record) == {"version", "repo", "location", "status", "reason", "exit_code", "seconds", "head",
                                 "branch", "history", "findings", "problems", "credentials", "summary"}
    text = (out / "results.jsonl").read_text()
    secret = leaky().split("jdoe:")[1].split()[0]
    assert secret not in text and secret[:16] not in text  # redacted, as every report
    assert (out / "summary.json").is_file()


def test_history_adds_what_the_branch_no_longer_holds_once(two: Path, tmp_path: Path) -> None:
    commit(two / "clean", {"old.sh": leaky(3)}, "oops")
    commit(two / "clean", {"old.sh": None}, "remove it")
    out = tmp_path / "out"
    assert fleet(str(two / "clean"), str(two / "leaky"), "--history", "--out", str(out), "-j", "1").returncode == 1
    got = records(out)
    assert found(got[str(two / "clean")]) == [("app-password", "old.sh", 2, "history"),
                                             ("app-password-in-use", "old.sh", 2, "history")]
    assert found(got[str(two / "leaky")]) == LEAK  # also in the history: kept once, as "tree"
    assert got[str(two / "clean")]["history"] is True


def test_a_list_with_a_missing_path_fails_that_repository_and_the_rest_go_on(two: Path, tmp_path: Path) -> None:
    listed = tmp_path / "repos.txt"
    listed.write_text("src/clean\n# gone\nsrc/gone\n\nsrc/clean\n")
    out = tmp_path / "out"
    proc = fleet("--list", str(listed), "--out", str(out))
    assert proc.returncode == 3
    got = records(out)
    gone = got[str(tmp_path / "src" / "gone")]
    assert gone["status"] == "failed" and gone["exit_code"] == 3
    assert gone["reason"] == f"{tmp_path / 'src' / 'gone'}: no such folder"
    assert got[str(tmp_path / "src" / "clean")]["status"] == "scanned"
    assert f"tokenlint: warning: {listed}:5: {tmp_path / 'src' / 'clean'} is already listed ({listed}:1); " \
           "scanned once" in proc.stderr
    assert f"tokenlint: fleet: {tmp_path / 'src' / 'gone'}: not scanned: " in proc.stderr
    assert "Traceback" not in proc.stderr


def test_pool_and_sequential_give_the_same_records(two: Path, tmp_path: Path) -> None:
    repo(two / "third", {"ci/deploy.sh": leaky(4)})
    specs = [RepoSpec(str(p), str(p)) for p in sorted(two.iterdir())]
    options = FleetOptions()
    one = {r["repo"]: r for r in backends.sequential()(worker.scan_repo, specs, options)}
    pooled = {r["repo"]: r for r in backends.local(2)(worker.scan_repo, specs, options)}
    for r in (*one.values(), *pooled.values()):
        r.pop("seconds")
    assert one == pooled
    assert found(one[str(two / "third")]) == [("app-password", "ci/deploy.sh", 2, "tree"),
                                              ("app-password-in-use", "ci/deploy.sh", 2, "tree")]


def test_resume_skips_what_was_recorded_and_drops_a_cut_last_line(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = worker.scan_repo(RepoSpec(str(two / "clean"), str(two / "clean")), FleetOptions())
    first["seconds"] = 123.0  # so we can tell it was not scanned again
    (out / "results.jsonl").write_text(json.dumps(first) + "\n" + '{"version": 1, "repo": "' + str(two / "lea"))
    proc = fleet(str(two), "--out", str(out), "--resume")
    assert proc.returncode == 1, proc.stderr
    assert f"{out / 'results.jsonl'}:2: dropped a last line cut short" in proc.stderr
    got = records(out)
    assert sorted(got) == [str(two / "clean"), str(two / "leaky")]
    assert got[str(two / "clean")]["seconds"] == 123.0
    assert found(got[str(two / "leaky")]) == LEAK


def test_resume_after_a_killed_run(two: Path, tmp_path: Path) -> None:
    """A run killed once the first record is on disk leaves a file --resume completes."""
    for i in range(3):
        repo(two / f"more{i}", {"x.sh": CLEAN})
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "tokenlint", "fleet", str(two), "--out", str(out), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    results = out / "results.jsonl"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (results.exists() and results.read_text().count("\n") >= 1):
            time.sleep(0.01)
        proc.kill()
    finally:
        proc.wait()
    before = results.read_text().count("\n")
    assert 1 <= before
    again = fleet(str(two), "--out", str(out), "--resume")
    assert again.returncode == 1, again.stderr
    assert sorted(records(out)) == sorted(str(p) for p in two.iterdir())


def test_a_corrupt_line_stops_resume_naming_it(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert fleet(str(two), "--out", str(out)).returncode == 1
    lines = (out / "results.jsonl").read_text().splitlines()
    (out / "results.jsonl").write_text(lines[0] + "\nnot json at all\n" + lines[1] + "\n")
    proc = fleet(str(two), "--out", str(out), "--resume")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"tokenlint: error: {out / 'results.jsonl'}:2: not a fleet record (something "
                                   "other than a fleet run wrote it); move the file away, or start over with --force")


def test_an_earlier_run_is_refused_without_resume_or_force(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert fleet(str(two / "clean"), "--out", str(out)).returncode == 0
    proc = fleet(str(two / "clean"), "--out", str(out))
    assert proc.returncode == 2
    assert "holds the records of an earlier run: --resume goes on with it, --force starts over" in proc.stderr
    forced = fleet(str(two / "leaky"), "--out", str(out), "--force")
    assert forced.returncode == 1
    assert sorted(records(out)) == [str(two / "leaky")]


def test_a_second_run_on_the_same_folder_exits_2_at_once(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "w") as held:  # another run holds the folder
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = fleet(str(two), "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"tokenlint: error: {out} is in use by another tokenlint fleet run (it holds "
                                   f"{out / '.lock'}); wait for it, or give this run another --out")
    assert not (out / "results.jsonl").exists()


def test_two_concurrent_runs_one_wins(two: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [sys.executable, "-m", "tokenlint", "fleet", str(two), "--out", str(out), "-j", "1"]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    codes = sorted(code for code, _ in results)
    # one scans; the other finds the folder locked, or (if it came second) the first one's records
    assert codes == [1, 2], results
    assert sorted(records(out)) == [str(two / "clean"), str(two / "leaky")]


def test_shards_partition_the_fleet(tmp_path: Path) -> None:
    specs = [RepoSpec(f"repo-{i:02}", f"/nowhere/{i}") for i in (7, 3, 11, 0, 5, 1, 9)]
    shards = [run.shard_of(specs, (i, 3)) for i in (1, 2, 3)]
    names = [[s.name for s in shard] for shard in shards]
    assert names == [["repo-00", "repo-05", "repo-11"], ["repo-01", "repo-07"], ["repo-03", "repo-09"]]
    assert run.shard_of(list(reversed(specs)), (2, 3)) == shards[1]  # the order given does not matter
    for bad in ("0/3", "4/3", "a/b", "3"):
        with pytest.raises(run.TokenlintError, match="write I/N"):
            run.parse_shard(bad)


def test_shards_on_the_command_line_merge_to_the_whole(two: Path, tmp_path: Path) -> None:
    outs = [tmp_path / f"shard{i}" for i in (1, 2)]
    codes = [fleet(str(two), "--shard", f"{i}/2", "--out", str(o)).returncode for i, o in enumerate(outs, 1)]
    assert codes == [0, 1]  # clean sorts first
    assert [sorted(records(o)) for o in outs] == [[str(two / "clean")], [str(two / "leaky")]]


def test_a_repository_that_vanishes_mid_scan_fails_alone(two: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real = staged.scan_changes

    def vanishing(repo_path: Path, *args: object, **kwargs: object) -> object:
        if repo_path.name == "clean":
            shutil.rmtree(repo_path)
        return real(repo_path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(staged, "scan_changes", vanishing)
    out = tmp_path / "out"
    code = run.execute(run.gather([str(two)], []).specs, FleetOptions(), backends.sequential(),
                       run.RunOptions(out, progress=False))
    assert code == 3
    got = records(out)
    assert got[str(two / "clean")]["status"] == "failed"
    assert got[str(two / "clean")]["reason"] == f"{two / 'clean'}: no longer exists (removed while it was scanned)"
    assert found(got[str(two / "leaky")]) == LEAK


def test_a_repository_over_the_time_limit_fails_with_the_reason(two: Path) -> None:
    record = worker.scan_repo(RepoSpec("leaky", str(two / "leaky")), FleetOptions(timeout=0.001))
    assert (record["status"], record["reason"]) == ("failed", "not scanned within the time limit (0.001s)")


def test_a_worker_that_dies_fails_only_its_repository(two: Path) -> None:
    specs = [RepoSpec(str(p), str(p)) for p in sorted(two.iterdir())]
    got = {r["repo"]: r for r in backends.local(2)(_dies_on_clean, specs, FleetOptions())}
    assert got[str(two / "clean")]["reason"] == backends.DIED
    assert got[str(two / "leaky")]["status"] == "scanned"


def _dies_on_clean(spec: RepoSpec, options: FleetOptions) -> Record:
    if spec.name.endswith("clean"):
        os._exit(9)
    return worker.scan_repo(spec, options)


def test_cli_usage_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["fleet", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.output.strip() == "tokenlint: error: name the repositories: folders to search, --list FILE or " \
                                 "--workspace WS"
    res = runner.invoke(main, ["fleet", str(tmp_path), "--shard", "3/2"])
    assert res.exit_code == 2 and "write I/N with 1 <= I <= N" in res.output
    res = runner.invoke(main, ["fleet", "scan", str(tmp_path), "--resume", "--force"])
    assert res.exit_code == 2 and "choose one" in res.output


def test_exit_code_reads_every_record() -> None:
    def record(repo: str, exit_code: int, fails: list[bool]) -> Record:
        return {"repo": repo, "status": "scanned", "exit_code": exit_code, "findings": [{"fails": f} for f in fails]}

    ok, fails, incomplete = record("a", 0, [False]), record("b", 1, [True]), record("c", 3, [])
    assert summary.summarize([ok])["exit_code"] == 0
    assert summary.summarize([ok, fails])["exit_code"] == 1
    assert summary.summarize([fails, incomplete])["exit_code"] == 3


def test_progress_on_a_terminal_counts_repositories_and_names_the_last(two: Path, tmp_path: Path) -> None:
    code, out, tty = _on_pty(["fleet", str(two), "--out", str(tmp_path / "out"), "-j", "1"])
    assert code == 1
    # the first record is drawn at once: 1 of 2, its findings, its name; the line is erased at the end
    first = re.search(r"\rtokenlint fleet: 1/2 repos, 0 findings, (?:\d+ repos/s, )?…([^\r]*)\x1b\[K", tty)
    assert first, tty
    assert len(first.group(1)) >= 8 and first.group(1) in str(two / "clean")  # its end (cut at the terminal's width)
    # the bar's line is erased before the summary's own line
    assert tty.endswith("\r\x1b[Ktokenlint: fleet summary written: "
                        f"{tmp_path / 'out' / 'summary.json'}, {tmp_path / 'out' / 'report.html'}\r\n")
    assert "1/2 repos" not in out and "\x1b[K" not in out  # the bar never reaches stdout (the summary does)


def test_no_progress_with_quiet_on_a_terminal(two: Path, tmp_path: Path) -> None:
    _, _, tty = _on_pty(["fleet", str(two), "--out", str(tmp_path / "out"), "-j", "1", "-q"])
    assert "tokenlint fleet:" not in tty
