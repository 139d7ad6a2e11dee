"""The persistent result cache (tokenlint.cache): a second history run or CI run reads only new
blobs, gives the same report, and survives corruption, concurrency, a full disk quota and a
planted file."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tokenlint import cache
from tokenlint.cli import main

from test_history import Repo, _count_scans, cfg
from tokengen import make

TOKEN = make("app-password", seed=31)
ATBB = make("app-password", seed=32)
PASSWORD = "Hunter2-correct-horse-battery"


def history(repo: Path, *extra: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["history", str(repo), "--format", "json", *extra])
    return res.exit_code, res.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.commit({"README.md": "hello\n", "deploy/config.yml": cfg(TOKEN)})
    r.commit({"deploy/push.sh": f"curl -u ci-bot:{PASSWORD} https://api.bitbucket.org/2.0/repositories/acme/app\n"})
    r.commit({"README.md": "hello again\n", "deploy/config.yml": "name: demo\n"})
    r.commit({"src/app.py": f'import requests\nrequests.get("https://api.bitbucket.org/2.0/user", auth=("me", "{ATBB}"))\n'})
    return r


def entries() -> list[bytes]:
    with sqlite3.connect(cache.directory() / cache.FILE) as db:
        return [zlib.decompress(v[1:]) if v[:1] == b"z" else v for (v,) in db.execute("SELECT value FROM results")]


def test_second_run_reads_no_blob_and_reports_the_same(repo: Repo, monkeypatch):
    first = history(repo.root)
    assert first[0] == 1 and json.loads(first[1])["findings"]
    calls = _count_scans(monkeypatch)
    assert history(repo.root) == first
    assert calls == []  # every blob came from the cache
    repo.commit({"src/more.py": "print('new')\n"})
    history(repo.root)
    assert [name for name, _ in calls] == ["more.py"]  # only the new blob


def test_no_cache_neither_reads_nor_writes(repo: Repo, monkeypatch):
    history(repo.root)
    calls = _count_scans(monkeypatch)
    stored = entries()
    assert history(repo.root, "--no-cache")[0] == 1
    assert len(calls) == 6 and entries() == stored


def test_other_rules_or_options_do_not_reuse_results(repo: Repo, monkeypatch):
    history(repo.root)
    calls = _count_scans(monkeypatch)
    (repo.root / ".tokenlint.yml").write_text("disable: [secret-in-logs]\n")
    history(repo.root)
    assert len(calls) == 6
    calls.clear()
    history(repo.root, "--max-file-size", "1MB")
    assert len(calls) == 6


def test_nothing_secret_is_stored(repo: Repo):
    history(repo.root)
    stored = b"".join(entries())
    assert stored  # findings were stored …
    for secret in (TOKEN, ATBB, PASSWORD):  # … redacted
        assert secret.encode() not in stored


def test_a_corrupt_cache_file_is_set_aside_and_rebuilt(repo: Repo, monkeypatch):
    first = history(repo.root)
    path = cache.directory() / cache.FILE
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\0" + os.urandom(3000))
    code, out = history(repo.root)
    data = json.loads(out)
    assert code == 1 and data["findings"] == json.loads(first[1])["findings"]
    assert any("was corrupt" in n and "moved aside and rebuilt" in n for n in data["notes"])
    calls = _count_scans(monkeypatch)
    history(repo.root)
    assert calls == []  # the rebuilt cache serves the next run


def test_a_bad_entry_is_a_miss_and_a_planted_pickle_runs_nothing(repo: Repo, tmp_path: Path, monkeypatch):
    first = history(repo.root)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    with sqlite3.connect(cache.directory() / cache.FILE) as db:
        keys = [k for (k,) in db.execute("SELECT key FROM results ORDER BY key")]
        db.execute("UPDATE results SET value = ? WHERE key = ?", (b"z" + zlib.compress(pickle.dumps(Evil())), keys[0]))
        db.execute("UPDATE results SET value = ? WHERE key = ?", (b"not zlib at all", keys[1]))
    calls = _count_scans(monkeypatch)
    assert history(repo.root) == first
    assert not marker.exists()
    assert len(calls) == 2  # the two bad entries were scanned again


def test_concurrent_runs_share_one_cache(repo: Repo):
    for i in range(12):
        repo.commit({f"scripts/s{i}.sh": f"curl -u bot:{PASSWORD}{i} https://api.bitbucket.org/2.0/user\n"})
    cmd = [sys.executable, "-m", "tokenlint", "history", str(repo.root), "--format", "json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1], [e.decode()[-500:] for _, e in outs]
    reference = subprocess.run([*cmd, "--no-cache"], capture_output=True).stdout
    assert all(out == reference for out, _ in outs)
    with sqlite3.connect(cache.directory() / cache.FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 18


def test_a_full_cache_evicts_the_least_recently_used(repo: Repo, monkeypatch):
    history(repo.root)
    with sqlite3.connect(cache.directory() / cache.FILE) as db:
        sizes = dict(db.execute("SELECT key, size FROM results"))
    total = sum(sizes.values())
    monkeypatch.setenv("TOKENLINT_CACHE_SIZE", str(total // 2))
    other = Repo(repo.root.parent / "other")
    other.commit({"a.sh": "echo one\n", "b.sh": "echo two\n"})
    history(other.root)  # newer entries, then the limit: the oldest go
    with sqlite3.connect(cache.directory() / cache.FILE) as db:
        left = dict(db.execute("SELECT key, size FROM results"))
    assert sum(left.values()) <= total // 2
    assert len(left.keys() - sizes.keys()) == 2  # the newest run's entries are kept
    calls = _count_scans(monkeypatch)
    history(other.root)
    assert calls == []


def test_an_unusable_cache_folder_is_a_note_not_a_failure(repo: Repo, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("TOKENLINT_CACHE_DIR", str(blocker / "cache"))
    code, out = history(repo.root)
    data = json.loads(out)
    assert code == 1 and data["findings"]
    assert any(n.startswith("cache: ") and "scanning without it" in n for n in data["notes"])


def test_the_ci_gate_rescans_only_new_blobs(repo: Repo, monkeypatch):
    base = repo.git("rev-parse", "HEAD~2")
    gate = ["ci", str(repo.root), "--base", base, "--no-fetch", "--format", "json"]
    first = CliRunner().invoke(main, gate)
    calls = _count_scans(monkeypatch)
    again = CliRunner().invoke(main, gate)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout) and calls == []
