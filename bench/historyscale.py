#!/usr/bin/env python3
"""`tokenlint history` on long histories of one busy script: wall time and peak memory (issue 8).

The repository is generated with one `git fast-import` stream: a pipeline step that runs
`scripts/deploy.sh`, and that script making N curl calls to api.bitbucket.org with one
credential. Every commit edits a few lines of the script, so every commit brings a new blob
holding N calls: the history holds commits x N usage facts, HEAD only N. A history scanner
whose cross-file checks see every version at once grows with commits x N; one that checks the
snapshots that matter grows with N only.

Not a test: pytest never runs it. Usage:

    python bench/historyscale.py                       # 1,000 and 6,000 commits x 300 calls
    python bench/historyscale.py --commits 1000 --calls 300 --before 5598ff3
    python bench/historyscale.py --commits 200 --profile   # cProfile of one in-process run

`--before REV` also runs this repository's REV (extracted with `git archive` to a temporary
folder and put first on PYTHONPATH), so one run prints before and after on the same data.
Each command runs under GNU time (peak RSS of the largest process, CPU seconds) with a
time-out; "other CPU s" is what the rest of the (shared) machine used meanwhile.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure

HERE = Path(__file__).resolve().parent
FORMAT = 1
GIT = ("git", "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0", "-c", "init.defaultBranch=main")
REPOS = ("billing", "web-app", "infra", "mobile", "data-pipeline", "docs")
ENDPOINTS = (
    ("GET", "/2.0/repositories/acme/{repo}/pullrequests"),
    ("GET", "/2.0/repositories/acme/{repo}/refs/branches"),
    ("POST", "/2.0/repositories/acme/{repo}/commit/{sha}/statuses/build"),
    ("GET", "/2.0/repositories/acme/{repo}/pipelines/"),
    ("POST", "/2.0/repositories/acme/{repo}/pullrequests/{n}/comments"),
)
PIPELINE = """image: atlassian/default-image:4
pipelines:
  default:
    - step:
        name: deploy
        script:
          - BB_TOKEN=$REPOSITORY_ACCESS_TOKEN ./scripts/deploy.sh
"""


def call_line(rng: random.Random) -> str:
    method, path = rng.choice(ENDPOINTS)
    url = "https://api.bitbucket.org" + path.format(repo=rng.choice(REPOS), sha=f"{rng.getrandbits(160):040x}",
                                                   n=rng.randint(1, 999))
    data = " -d '{\"state\": \"SUCCESSFUL\"}'" if method == "POST" else ""
    return f'curl -sf -X {method} -H "Authorization: Bearer $BB_TOKEN" "{url}"{data}'


def generate(root: Path, commits: int, calls: int, seed: int = 1) -> None:
    """A repository of `commits` commits, each a new version of a script with `calls` calls."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    subprocess.run([*GIT, "init", "-q", "-b", "main", str(root)], check=True)
    proc = subprocess.Popen([*GIT, "-C", str(root), "fast-import", "--quiet"], stdin=subprocess.PIPE)
    w = proc.stdin.write
    script = ["#!/bin/sh", "set -eu"] + [call_line(rng) for _ in range(calls)]
    when = 1_700_000_000

    def data(payload: bytes) -> None:
        w(b"data %d\n" % len(payload) + payload + b"\n")

    for mark in range(1, commits + 1):
        when += rng.randint(60, 20000)
        w(b"commit refs/heads/main\nmark :%d\n" % mark)
        stamp = f"Ada Lovelace <ada@example.test> {when} +0000\n".encode()
        w(b"author " + stamp + b"committer " + stamp)
        data(f"change {mark}\n".encode())
        if mark == 1:
            w(b"M 100644 inline bitbucket-pipelines.yml\n")
            data(PIPELINE.encode())
        else:
            for _ in range(rng.randint(1, 3)):  # a few calls change: the script is a new blob
                script[rng.randrange(2, len(script))] = call_line(rng)
        w(b"M 100644 inline scripts/deploy.sh\n")
        data(("\n".join(script) + "\n").encode())
        w(b"\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    subprocess.run([*GIT, "-C", str(root), "reset", "-q", "--hard", "main"], check=True)


def ensure(workdir: Path, commits: int, calls: int, regen: bool) -> Path:
    root = workdir / f"histscale-c{commits}-n{calls}-v{FORMAT}"
    if regen or not (root / ".git").is_dir():
        generate(root, commits, calls)
    return root


def extract(rev: str, into: Path) -> Path:
    """This repository's `rev`, as files (no .git): what `--before` runs."""
    repo = HERE.parent
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


# tokenlint's own peak RSS, written to stderr at exit: GNU time's maxRSS is the largest process
# of the run, which on long histories is `git cat-file --batch` (its pack caches), not Python.
WRAPPER = ("import atexit, resource, sys\n"
           "atexit.register(lambda: sys.stderr.write('PYRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
           "sys.argv[0] = 'tokenlint'\n"
           "from tokenlint.cli import main\n"
           "main()\n")


def tokenlint_cmd(src: Path | None) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    return [sys.executable, "-c", WRAPPER], env


def measure_one(label: str, root: Path, src: Path | None, timeout: float) -> dict:
    cmd, env = tokenlint_cmd(src)
    # a neutral config beside the repository: it must not pick up this checkout's .tokenlint.yml
    config = root.parent / "histscale.tokenlint.yml"
    config.write_text("{}\n")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        run = measure.run([*cmd, "history", str(root), "--format", "json", "--config", str(config), "-o", str(report)],
                          env=env, timeout=timeout, sample=True, cwd=tmp)  # not here: `python -m` puts cwd first
        size = report.stat().st_size if report.exists() else 0
    status = "TIMED OUT" if run.timed_out else f"exit {run.returncode}"
    said = [line for line in run.stderr.decode(errors="replace").splitlines() if line.strip() and not line.startswith("PYRSS ")]
    if run.returncode not in (0, 1) and not run.timed_out and said:
        status += ": " + said[-1][:120]
    pyrss = [line.split()[1] for line in run.stderr.decode(errors="replace").splitlines() if line.startswith("PYRSS ")]
    return {"label": label, "python_rss_mib": int(pyrss[-1]) / 1024 if pyrss else None, "wall": run.wall, "cpu": run.cpu, "maxrss_mib": run.maxrss / 2**20,
            "tree_rss_mib": run.tree_rss / 2**20, "other_cpu": run.other_cpu, "status": status, "report_bytes": size}


def profile(root: Path, lines: int) -> None:
    """cProfile of one in-process `tokenlint history` (this checkout)."""
    import cProfile
    import pstats

    from tokenlint import api
    from tokenlint.sources.history import scan_history

    config = root.parent / "histscale.tokenlint.yml"  # neutral: not this checkout's .tokenlint.yml
    config.write_text("{}\n")
    settings = api.load_settings([str(root)], config_path=config)
    prof = cProfile.Profile()
    prof.enable()
    result = scan_history(root, settings)
    prof.disable()
    print(f"findings: {len(result.findings)}; notes: {result.notes}")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(lines)


def _mib(value: float | None) -> str:
    return f"{value:7.0f} MiB" if value is not None else "      ? MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, action="append", help="commits (repeatable) [1000 and 6000]")
    parser.add_argument("--calls", type=int, default=300, help="curl calls in the script [300]")
    parser.add_argument("--before", metavar="REV", help="also run this repository's REV (e.g. the base commit)")
    parser.add_argument("--only", choices=("before", "after"), help="run only one side of --before")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per command [240]")
    parser.add_argument("--workdir", type=Path, default=HERE / "out", help="where repositories go [bench/out]")
    parser.add_argument("--regen", action="store_true", help="rebuild the repositories")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of this checkout instead")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = args.commits or [1000, 6000]
    if args.profile:
        profile(ensure(args.workdir, sizes[0], args.calls, args.regen), 30)
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="tokenlint-before-") as tmp:
        before = extract(args.before, Path(tmp)) if args.before else None
        for commits in sizes:
            root = ensure(args.workdir, commits, args.calls, args.regen)
            runs = [("after (this checkout)", None)] + ([(f"before ({args.before})", before)] if before else [])
            runs = [r for r in runs if args.only is None or r[0].startswith(args.only)]
            for label, src in runs:
                r = measure_one(label, root, src, args.timeout)
                r["commits"] = commits
                rows.append(r)
                print(f"{commits:>6} commits x {args.calls} calls  {r['label']:<24} wall {r['wall']:7.1f} s  "
                      f"CPU {r['cpu']:7.1f} s  tokenlint RSS {_mib(r['python_rss_mib'])}  maxRSS {r['maxrss_mib']:7.0f} MiB  treeRSS {r['tree_rss_mib']:7.0f} MiB  "
                      f"other CPU {r['other_cpu']:6.1f} s  "
                      f"{r['status']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
