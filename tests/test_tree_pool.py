"""A tree scan on worker processes says exactly what one process says, byte for byte, including
the second pass (`engine.scan.inherit`: a subclass scanned again with its base class's source),
which now runs on the same pool as the first."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tokenlint import api, config
from tokenlint.engine import scan as engine
from tokenlint.engine.policy import load_all
from tokenlint.sources.tree import collect

FIXTURE = Path(__file__).parent / "rules" / "removed-api" / "python-subclass-of-a-client-in-another-file"
TEAMS = '''import os

from bbtools.base import BaseClient


class Teams(BaseClient):
    def followers(self, name):
        return self._get("/users/%s/followers" % name)


print(Teams(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"]).followers("acme"))
'''


def _tree(root: Path) -> Path:
    """The subclass fixture, a second subclass, and enough ordinary files for the pool to start."""
    shutil.copytree(FIXTURE, root / "repo")
    (root / "repo" / "bbtools" / "teams.py").write_text(TEAMS)
    filler = root / "repo" / "src"
    filler.mkdir()
    for i in range(engine.PARALLEL_MIN_FILES + 10):
        (filler / f"mod_{i:03d}.py").write_text(f"def f_{i}(x):\n    return x + {i}\n")
    (root / "repo" / "zz-link").symlink_to(filler)  # listed last: a problem the walk finds after the pool started
    return root / "repo"


def _cli(repo: Path, jobs: int) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--no-ignore", "--format", "json",
                           "--jobs", str(jobs), "."], cwd=repo, capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr.decode()
    return proc.stdout


def test_two_jobs_print_what_one_prints_with_subclasses_read_with_their_base(tmp_path: Path) -> None:
    repo = _tree(tmp_path)
    one, two = _cli(repo, 1), _cli(repo, 2)
    assert one == two
    found = {(f["rule"], f["path"], f["line"]) for f in json.loads(one)["findings"] if f["rule"] == "removed-api"}
    assert found == {("removed-api", "bbtools/base.py", 17), ("removed-api", "bbtools/client.py", 9),
                     ("removed-api", "bbtools/teams.py", 8)}
    report = json.loads(two)
    assert report["problems"] == [{"path": "zz-link", "reason": "symlink to a directory, not followed", "error": False}]
    assert report["summary"]["files_scanned"] == engine.PARALLEL_MIN_FILES + 10 + 3


class _InlinePool:
    """A pool that runs each job here, in order, and records how many it was given."""

    def __init__(self, settings: api.Settings) -> None:
        engine._init_worker(*engine._scan_options(settings))
        self.jobs = 0

    def map(self, fn: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterable[Any]:
        jobs = list(jobs)
        self.jobs += len(jobs)
        return [fn(job) for job in jobs]


def test_the_second_pass_runs_on_the_pool_and_gives_what_the_serial_pass_gives(tmp_path: Path,
                                                                              monkeypatch: Any) -> None:
    repo = _tree(tmp_path)
    monkeypatch.chdir(repo)
    settings = api.Settings(paths=["."], policies=load_all(), config=config.Config(), use_gitignore=False, jobs=1)
    targets, _ = collect(["."], use_gitignore=False)
    first = list(engine.scan_targets(targets, settings))
    serial = engine.inherit(targets, first, settings)
    pool = _InlinePool(settings)
    pooled = engine.inherit(targets, first, settings, pool)  # type: ignore[arg-type]
    assert pool.jobs == 2  # client.py and teams.py, each with base.py's source
    assert [(r.path, r.findings) for r in pooled] == [(r.path, r.findings) for r in serial]
    rescanned = {r.path: [(f.rule, f.location.line) for f in r.findings] for r in pooled if r.path.startswith("bbtools/")}
    assert ("removed-api", 8) in rescanned["bbtools/teams.py"]
