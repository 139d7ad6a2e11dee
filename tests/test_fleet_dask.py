"""`tokenlint fleet --dask`: the Dask backend against a real `dask.distributed.LocalCluster` (two
worker processes on this machine, one per module): the same records as a plain loop, and a task
that raises, returns no record or kills its worker is a failed record for its repository alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import dask
import pytest
from distributed import LocalCluster

from tokenlint import api
from tokenlint.fleet import worker
from tokenlint.fleet.dask_backend import DaskError, backend
from tokenlint.fleet.model import FleetOptions, Record, RepoSpec
from tokenlint.reporters.json import finding_dict, summary

from tokengen import make

# The tasks below travel to the workers by value: the worker processes need not import this module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

LEAKED = make("app-password", seed=41)
OPTIONS = FleetOptions(fail_on="low")


def scan_task(spec: RepoSpec, options: FleetOptions) -> Record:
    """A small stand-in for the fleet's worker: the repository's tree through tokenlint.api."""
    settings = api.load_settings([spec.location], fail_on=options.fail_on, jobs=1, use_baseline=False, cache=False)
    result = api.scan(settings)
    findings = [{**finding_dict(f), "path": Path(f.location.path).name} for f in result.findings]
    return {"version": 1, "repo": spec.name, "status": "scanned", "reason": None, "exit_code": 1 if findings else 0,
            "findings": findings, "summary": summary(result)}


def flaky_task(spec: RepoSpec, options: FleetOptions) -> Record:
    """Scans, except for the repositories named to raise, to return no record, or to kill the worker."""
    if spec.name.endswith("raises"):
        raise RuntimeError(f"corrupt object in {spec.name}; token {LEAKED}")
    if spec.name.endswith("returns-nothing"):
        return None  # type: ignore[return-value]
    if spec.name.endswith("kills-its-worker"):
        os._exit(9)  # the worker process dies under the task, as an out-of-memory kill would do
    return scan_task(spec, options)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def make_repo(root: Path, name: str, files: dict[str, str]) -> RepoSpec:
    repo = root / name
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for path, text in files.items():
        (repo / path).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init")
    return RepoSpec(f"acme/{name}", str(repo))


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    # Dask's own default: a task whose worker dies is tried again elsewhere, up to 3 more times,
    # so the tasks that shared the dead worker are scanned and only the culprit fails
    with dask.config.set({"distributed.scheduler.allowed-failures": 3}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                         scheduler_port=0, silence_logs=50) as local:
        yield local


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> list[RepoSpec]:
    root = tmp_path_factory.mktemp("fleet")
    return [
        make_repo(root, "deploy", {"deploy.sh": f"curl -u jdoe:{LEAKED} https://api.bitbucket.org/2.0/user\n"}),
        make_repo(root, "web", {"README.md": "# web\n", "build.sh": "make\n"}),
        make_repo(root, "ops", {"sync.sh": "curl --digest -u jdoe:\"$PW\" https://api.bitbucket.org/2.0/repositories/acme\n"}),
    ]


def by_repo(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: r["repo"])


def test_the_cluster_gives_the_records_of_a_plain_loop(cluster: LocalCluster, repos: list[RepoSpec]) -> None:
    expected = [scan_task(spec, OPTIONS) for spec in repos]
    got = list(backend(cluster.scheduler_address)(scan_task, repos, OPTIONS))
    assert by_repo(got) == by_repo(expected)
    assert [(r["repo"], sorted((f["rule"], f["path"], f["line"]) for f in r["findings"])) for r in by_repo(got)] == [
        ("acme/deploy", [("app-password", "deploy.sh", 1), ("app-password-in-use", "deploy.sh", 1)]),
        ("acme/ops", [("digest-auth", "sync.sh", 1)]),
        ("acme/web", []),
    ]
    assert LEAKED not in repr(got)


def test_a_task_that_raises_is_a_failed_record_and_the_others_are_scanned(
        cluster: LocalCluster, repos: list[RepoSpec]) -> None:
    broken = RepoSpec("acme/raises", "/nowhere/raises")
    got = by_repo(list(backend(cluster.scheduler_address)(flaky_task, [*repos, broken], OPTIONS)))
    assert [r["repo"] for r in got] == ["acme/deploy", "acme/ops", "acme/raises", "acme/web"]
    failed = got[2]
    assert failed["status"] == "failed" and failed["exit_code"] == 3 and failed["findings"] == []
    assert failed["location"] == "/nowhere/raises" and failed["summary"]["findings"] == 0
    assert failed["reason"].startswith("failed on the Dask cluster: RuntimeError: corrupt object in acme/raises; token ")
    assert LEAKED not in failed["reason"] and LEAKED[:12] not in failed["reason"]
    assert [r["status"] for r in got if r["repo"] != "acme/raises"] == ["scanned"] * 3


def test_a_task_that_returns_no_record_is_a_failed_record(cluster: LocalCluster, repos: list[RepoSpec]) -> None:
    odd = RepoSpec("acme/returns-nothing", "https://jdoe:secret@bitbucket.org/acme/returns-nothing.git", "url")
    (got,) = list(backend(cluster.scheduler_address)(flaky_task, [odd], OPTIONS))
    assert got["status"] == "failed" and got["reason"] == "the task returned NoneType, not a record"
    assert got["location"] == "https://bitbucket.org/acme/returns-nothing.git"  # no credentials in a record


def test_the_client_is_closed_when_the_records_are_read_or_the_run_stops_early(
        cluster: LocalCluster, repos: list[RepoSpec]) -> None:
    whole = backend(cluster.scheduler_address)
    assert len(list(whole(scan_task, repos, OPTIONS))) == 3
    assert whole.client.status == "closed"
    early = backend(cluster.scheduler_address)
    records = early(scan_task, repos, OPTIONS)
    next(records)
    records.close()  # an interrupted run
    assert early.client.status == "closed"


def test_no_repositories_is_no_records(cluster: LocalCluster) -> None:
    assert list(backend(cluster.scheduler_address)(scan_task, [], OPTIONS)) == []


def test_a_worker_that_dies_under_a_task_fails_that_repository_only(
        cluster: LocalCluster, repos: list[RepoSpec]) -> None:
    doomed = RepoSpec("acme/kills-its-worker", "/nowhere/doomed")
    got = by_repo(list(backend(cluster.scheduler_address)(flaky_task, [doomed, *repos], OPTIONS)))
    assert [(r["repo"], r["status"]) for r in got] == [
        ("acme/deploy", "scanned"), ("acme/kills-its-worker", "failed"), ("acme/ops", "scanned"), ("acme/web", "scanned")]
    assert got[1]["reason"] == "the Dask worker scanning it died (out of memory or a crash), on every try"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_scheduler_that_is_not_there_is_one_line_with_exit_3() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(DaskError) as caught:
        backend(address, connect_timeout=1)
    assert caught.value.exit_code == 3 and "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"--dask: cannot reach the Dask scheduler at {address} within 1 s (")


@pytest.mark.parametrize("address", ["", "scheduler", "tcp://", "tcp://host:port", "tcp://h:1 --oops"])
def test_an_address_that_is_no_address_is_a_usage_error(address: str) -> None:
    with pytest.raises(DaskError) as caught:
        backend(address)
    assert caught.value.exit_code == 2 and str(caught.value).startswith("--dask takes a Dask scheduler address")


def test_without_dask_installed_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now raises ImportError
    with pytest.raises(DaskError) as caught:
        backend("tcp://127.0.0.1:8786")
    assert caught.value.exit_code == 2
    assert str(caught.value) == "--dask needs Dask, an optional extra; install it with: pip install 'tokenlint[dask]'"


def test_failed_records_have_the_contracts_keys() -> None:
    record: dict[str, Any] = worker.failed(RepoSpec("acme/x", "/x"), "gone\nfor good")  # the one the backend uses
    assert list(record) == ["version", "repo", "location", "status", "reason", "exit_code", "seconds", "head",
                            "branch", "history", "findings", "problems", "credentials", "summary"]
    assert record["reason"] == "gone for good"


def test_the_cluster_and_the_local_pool_give_the_same_fleet_summary(cluster: LocalCluster,
                                                                      repos: list[RepoSpec]) -> None:
    # end to end with the fleet's own worker: the same repositories on the cluster and on local
    # processes make the same summary (time taken aside)
    from tokenlint.fleet import backends, worker
    from tokenlint.fleet import summary as fleet_summary

    def summarised(records: Iterator[Record]) -> dict[str, Any]:
        return fleet_summary.summarize({**r, "seconds": 0.0} for r in records)

    on_cluster = summarised(backend(cluster.scheduler_address)(worker.scan_repo, repos, OPTIONS))
    on_pool = summarised(backends.local(2)(worker.scan_repo, repos, OPTIONS))
    assert on_cluster == on_pool
    assert [(r["repo"], r["status"], r["findings"]) for r in on_cluster["repos"]] == [
        ("acme/deploy", "scanned", 2), ("acme/ops", "scanned", 1), ("acme/web", "scanned", 0)]
