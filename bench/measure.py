"""Run one command and measure it: wall time, CPU time, peak memory.

Two memory numbers, because tokenlint and gitleaks parallelise differently (processes vs
threads): `maxrss` is the kernel's peak RSS of the largest single process (the child or any
descendant it waited for), read from GNU `/usr/bin/time`. Measuring it with wait4 from here
would be wrong: a child forked from this Python process inherits its RSS high-water mark
across exec, so even `cat` would show ~40 MiB. `tree_rss` is the peak of the
summed RSS of the whole process tree, sampled from /proc every 100 ms (about 1 ms of CPU a
sample). The sum covers a pool of worker processes; it can miss a short spike, never double
counts a thread, and counts pages shared between forked workers once per worker.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
GNU_TIME = "/usr/bin/time"


@dataclass
class Run:
    cmd: list[str]
    returncode: int
    wall: float
    cpu: float  # user + system seconds, including waited-for descendants (GNU time)
    maxrss: int  # bytes, largest single process
    tree_rss: int  # bytes, peak sum over the process tree (sampled)
    stdout: bytes = b""
    stderr: bytes = b""
    timed_out: bool = False
    walls: list[float] = field(default_factory=list)  # every repetition, when repeated
    other_cpu: float = 0.0  # CPU seconds the rest of the machine used meanwhile (see machine_busy)

    @property
    def ok(self) -> bool:
        return not self.timed_out


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot, from /proc/stat.

    The difference over a run, less the run's own CPU time, is what other processes took
    meanwhile: on a shared 2-core machine, the honest way to say a wall time was disturbed.
    """
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _tree_rss(root: int) -> int:
    """Summed RSS of `root` and its descendants, from /proc (0 when it is already gone)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    total, stack, seen = -rss.get(root, 0), [root], set()  # root is /usr/bin/time itself
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def run(cmd: list[str], *, cwd: str | Path | None = None, env: dict | None = None, timeout: float | None = None,
        stdin: bytes | None = None, sample: bool = True) -> Run:
    """Run `cmd` under GNU time to completion (killing its process group after `timeout` s)."""
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt") as stats:
        busy = machine_busy()
        start = time.perf_counter()
        proc = subprocess.Popen([GNU_TIME, "-f", "%M %U %S", "-o", stats.name, *map(str, cmd)], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                start_new_session=True)
        peak = [0]
        done = threading.Event()
        timed_out = [False]

        def sampler() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        def killer() -> None:
            if not done.wait(timeout):
                timed_out[0] = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

        threads = [threading.Thread(target=sampler, daemon=True)] if sample else []
        if timeout:
            threads.append(threading.Thread(target=killer, daemon=True))
        for t in threads:
            t.start()
        out, err = _communicate(proc, stdin)
        proc.wait()
        wall = time.perf_counter() - start
        done.set()
        for t in threads:
            t.join()
        busy = machine_busy() - busy
        maxrss, cpu = _parse_time(Path(stats.name).read_text())
    return Run(list(map(str, cmd)), proc.returncode, wall, cpu, maxrss, max(peak[0], maxrss), out, err,
               timed_out[0], [wall], other_cpu=max(0.0, busy - cpu))


def _parse_time(text: str) -> tuple[int, float]:
    """GNU time's last line is "%M %U %S"; a killed or failed command adds a line before it."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    try:
        kib, user, system = lines[-1].split()
        return int(kib) * 1024, float(user) + float(system)
    except (IndexError, ValueError):
        return 0, 0.0


def _communicate(proc: subprocess.Popen, stdin: bytes | None) -> tuple[bytes, bytes]:
    """Drain both pipes on threads, so neither can fill up and stall the child."""
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}

    def drain(name: str, pipe) -> None:
        for block in iter(lambda: pipe.read(65536), b""):
            chunks[name].append(block)
        pipe.close()

    readers = [threading.Thread(target=drain, args=("out", proc.stdout)),
               threading.Thread(target=drain, args=("err", proc.stderr))]
    for r in readers:
        r.start()
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    for r in readers:
        r.join()
    return b"".join(chunks["out"]), b"".join(chunks["err"])


def repeat(cmd: list[str], times: int, *, sample: bool = False, **kwargs) -> Run:
    """Run `cmd` `times` times; the result is the last run's output with the median wall and CPU
    times, every wall time, and the largest memory seen. A time-out stops the repetitions."""
    runs = []
    for _ in range(max(1, times)):
        runs.append(run(cmd, sample=sample, **kwargs))
        if runs[-1].timed_out:
            break
    last = runs[-1]
    last.walls = [r.wall for r in runs]
    last.wall = statistics.median(last.walls)
    last.cpu = statistics.median(r.cpu for r in runs)
    last.maxrss = max(r.maxrss for r in runs)
    last.tree_rss = max(r.tree_rss for r in runs)
    last.timed_out = any(r.timed_out for r in runs)
    last.other_cpu = statistics.median(r.other_cpu for r in runs)
    return last
