"""The fleet benchmark (issue 14): `tokenlint fleet` over generated repositories, sequential
(-j 1), on the local pool (-j = cores) and on a Dask cluster of as many worker processes on this
machine, for the default branch's tree and with --history. Prints wall time, repositories per
minute, CPU and peak memory (summed over the process tree, Dask's worker processes included) per
mode, the ratios, and whether every mode found the same findings.

    python bench/fleetbench.py                      # 200 repositories, tree, the three modes
    python bench/fleetbench.py --history --repos 50 # the first 50, whole histories
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fleetgen  # noqa: E402
import measure  # noqa: E402


class _Sampler:
    """The peak summed RSS of some processes' trees (Dask's workers live outside the command's tree)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self.stop = pids, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak = max(self.peak, sum(measure._tree_rss(p) for p in self.pids))

    def __enter__(self) -> _Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _cluster(workers: int) -> tuple[list[subprocess.Popen[bytes]], str]:
    """A Dask scheduler and `workers` single-threaded worker processes, as `dask scheduler` /
    `dask worker` would run them on a real cluster."""
    port = 8786 + os.getpid() % 1000
    address = f"tcp://127.0.0.1:{port}"
    bindir = Path(sys.executable).parent
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([str(bindir / "dask"), "scheduler", "--port", str(port), "--dashboard-address", ":0"],
                              **quiet)]
    time.sleep(3)
    # Dask's statistical profiler samples the task thread's stack every 10 ms: on tokenlint's deep,
    # pure-Python stacks that costs about a quarter more CPU, so the workers run without it (README)
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
    procs += [subprocess.Popen([str(bindir / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                "--no-dashboard"], env=env, **quiet) for _ in range(workers)]
    time.sleep(6)
    return procs, address


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", type=int, default=200, help="scan the first N repositories of the generated fleet")
    ap.add_argument("--history", action="store_true", help="scan whole histories (--history)")
    ap.add_argument("--modes", default="sequential,pool,dask")
    ap.add_argument("--workdir", default=str(HERE / "out"))
    ap.add_argument("--json", help="write the numbers here")
    args = ap.parse_args(argv)

    spec = fleetgen.FleetSpec()
    root, manifest = fleetgen.ensure(spec, Path(args.workdir))
    cores = os.cpu_count() or 1
    tokenlint = str(Path(sys.executable).parent / "tokenlint")
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fleetbench-") as tmp:
        fleet = Path(tmp) / "fleet"
        fleet.mkdir()
        for repo in manifest["repos"][:args.repos]:
            os.symlink(root / repo["name"], fleet / repo["name"])
        for mode in args.modes.split(","):
            out = Path(tmp) / f"out-{mode}"
            cmd = [tokenlint, "fleet", str(fleet), "--out", str(out), "--no-cache", "-q",
                   *(["--history"] if args.history else [])]
            cluster: list[subprocess.Popen[bytes]] = []
            if mode == "sequential":
                cmd += ["-j", "1"]
            elif mode == "pool":
                cmd += ["-j", str(cores)]
            else:
                cluster, address = _cluster(cores)
                cmd += ["--dask", address]
            try:
                busy = measure.machine_busy()
                with _Sampler([p.pid for p in cluster]) as outside:
                    run = measure.run(cmd, env={**os.environ, "CI": "1"})
                busy = measure.machine_busy() - busy
            finally:
                for p in reversed(cluster):
                    p.terminate()
                    p.wait()
            summary = json.loads((out / "summary.json").read_text())
            rows[mode] = {"wall": run.wall, "cpu": run.cpu, "machine_cpu": busy, "peak_mib": (run.tree_rss + outside.peak) / 2**20,
                          "rc": run.returncode, "repos": summary["repositories"]["total"],
                          "scanned": summary["repositories"]["scanned"], "findings": summary["findings"]["total"],
                          "repos_per_min": 60 * summary["repositories"]["total"] / run.wall}
            print(f"{mode:10}  {run.wall:7.1f} s  {rows[mode]['repos_per_min']:7.1f} repos/min  cpu {run.cpu:7.1f} s  "
                  f"(machine {busy:6.1f} s)  peak {rows[mode]['peak_mib']:6.0f} MiB  rc={run.returncode}  "
                  f"{rows[mode]['scanned']}/{rows[mode]['repos']} scanned, {rows[mode]['findings']} findings",
                  flush=True)
            shutil.rmtree(out, ignore_errors=True)
    if "sequential" in rows and "pool" in rows:
        print(f"pool speed-up over sequential: {rows['sequential']['wall'] / rows['pool']['wall']:.2f}x "
              f"on {cores} cores")
    if "pool" in rows and "dask" in rows:
        print(f"dask / pool wall time: {rows['dask']['wall'] / rows['pool']['wall']:.2f}x")
    same = len({(r["scanned"], r["findings"]) for r in rows.values()}) == 1
    print(f"every mode found the same: {'yes' if same else 'NO'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"spec": spec.key, "history": args.history, "rows": rows}, indent=1))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
