#!/usr/bin/env python3
"""History and tree scans of real Bitbucket-heavy repositories: tokenlint (one or two installations,
e.g. before and after a change) against gitleaks, in one run, as ratios.

The generated trees of bench/run.py hold few programs that talk to Bitbucket; the repositories
of the real-world corpora are nothing else (API clients, plugins, bots in every language), so
this is where the cost of usage analysis shows. Each repository is cloned from its mirror in
/work/.mirror (or --mirror) into a temporary folder; nothing is fetched.

    python bench/realworld_speed.py [--tokenlint CMD --tokenlint CMD] [--repos N] [--manifest M …]
    python bench/realworld_speed.py --repo issue12 --second-run     # issue 12's three repositories

`--repo NAME` (repeatable) runs the named repositories instead of the corpora's: an
`owner/name` with a mirror, or a short name of issue 12's repositories (ISSUE12_REPOS;
`issue12` for all of them). `--second-run` adds a second run of each tokenlint on the
cache its first run filled (when `tokenlint history --help` lists `--no-cache`; else
"n/a"). Every run gets a cache folder of its own (TOKENLINT_CACHE_DIR), never ~/.cache.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
import peers

HERE = Path(__file__).resolve().parent
MANIFESTS = sorted((HERE / "realworld").glob("*.yaml"))
# The Bitbucket-heavy repositories issue 12 measured (short name -> owner/name of the mirror):
# the main Python SDK for Atlassian APIs, a generated TypeScript client, and merge bots (the
# Python one the issue names was not identified: polly-merge is a small Python merge bot for
# Bitbucket Server, rebazer a Java one with ~630 commits).
ISSUE12_REPOS = {
    "atlassian-python-api": "atlassian-api/atlassian-python-api",
    "node-bitbucket": "MunifTanjim/node-bitbucket",
    "polly-merge": "noahp/polly-merge",
    "rebazer": "retest/rebazer",
}


def repositories(manifests: list[Path]) -> list[str]:
    """Every repository the corpora name, in first-seen order."""
    seen: dict[str, None] = {}
    for path in manifests:
        for entry in (yaml.safe_load(path.read_text()) or {}).get("files", []):
            seen.setdefault(entry["repo"], None)
    return list(seen)


def mirror_of(mirrors: Path, repo: str) -> Path | None:
    base = mirrors / repo.replace("/", "+")
    heads = [base / "HEAD", *sorted(base.glob("*/HEAD"))] if base.is_dir() else []
    return next((h.parent for h in heads if h.is_file()), None)


def chosen_repos(names: list[str]) -> list[str]:
    """--repo values as owner/name: `issue12` expands to ISSUE12_REPOS, a short name to its entry."""
    out: dict[str, None] = {}
    for name in names:
        for one in ISSUE12_REPOS.values() if name == "issue12" else [ISSUE12_REPOS.get(name, name)]:
            out.setdefault(one, None)
    return list(out)


def has_cache(cmd: list[str]) -> bool:
    done = subprocess.run([*cmd, "history", "--help"], capture_output=True, text=True)
    return "--no-cache" in done.stdout


def _absolute(cmd: list[str]) -> list[str]:
    """A command given by a relative path still runs from inside each clone."""
    first = Path(cmd[0])
    return [str(first.resolve()), *cmd[1:]] if first.parent != Path(".") and first.exists() else cmd


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokenlint", action="append", help="a tokenlint command (repeatable; default: this venv's)")
    ap.add_argument("--manifest", action="append", type=Path, help="corpora to take repositories from (default: all)")
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--repos", type=int, default=20, help="at most this many repositories (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--repo", action="append", default=[],
                    help=f"run this repository (owner/name, or one of {', '.join(ISSUE12_REPOS)}, or issue12 for "
                         "all of them) instead of the corpora's; repeatable")
    ap.add_argument("--second-run", action="store_true",
                    help="also time a second run of each tokenlint on the cache its first run filled")
    args = ap.parse_args()
    tools = peers.Tools(peers.DEFAULT_VENV)
    commands = [_absolute(shlex.split(c)) for c in args.tokenlint] if args.tokenlint else [tools.tokenlint]
    names = [f"tokenlint#{i + 1}" if len(commands) > 1 else "tokenlint" for i in range(len(commands))]
    cached = {n: has_cache(c) for n, c in zip(names, commands, strict=True)}
    second = [f"{n} 2nd" for n in names] if args.second_run else []
    totals: dict[str, list[float]] = {n: [0.0, 0.0] for n in [*names, *second, "gitleaks"]}
    print(f"{'repository':45} {'commits':>7} " + " ".join(f"{n + ' s':>14}" for n in totals))
    if args.second_run:
        for n in names:
            if not cached[n]:
                print(f"{n}: no --no-cache in `history --help`: its 2nd column is n/a", file=sys.stderr)
    repos = chosen_repos(args.repo) if args.repo else repositories(args.manifest or MANIFESTS)
    with tempfile.TemporaryDirectory(prefix="tl-rwspeed-") as tmp:
        done = 0
        for repo in repos:
            if done >= args.repos:
                break
            mirror = mirror_of(args.mirror, repo)
            if mirror is None:
                print(f"{repo:45} skipped: no mirror under {args.mirror}", file=sys.stderr)
                continue
            work = Path(tmp) / repo.replace("/", "+")
            cloned = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "clone", "-q", "--no-checkout",
                                     "--no-hardlinks", str(mirror), str(work)], capture_output=True, text=True)
            if cloned.returncode != 0:
                print(f"{repo:45} skipped: cannot clone its mirror: {cloned.stderr.strip()[-200:]}", file=sys.stderr)
                continue
            commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=work, capture_output=True,
                                     text=True).stdout.strip()
            row: list[str] = []
            warm_row: list[str] = []
            for i, (name, cmd) in enumerate(zip(names, commands, strict=True)):
                cache_dir = Path(tmp) / f"cache-{i}-{done}"
                env = {**os.environ, "TOKENLINT_CACHE_DIR": str(cache_dir)}
                flags = [] if args.second_run or not cached[name] else ["--no-cache"]
                history = [*cmd, "history", "--format", "json", *flags, "."]
                run = measure.repeat(history, 1 if args.second_run else args.repeat, cwd=work, timeout=600, env=env)
                totals[name][0] += run.wall
                totals[name][1] += run.cpu
                row.append(f"{run.wall:8.2f} ({run.cpu:4.1f})")
                if args.second_run:
                    if cached[name]:
                        again = measure.run(history, cwd=work, timeout=600, env=env)
                        totals[f"{name} 2nd"][0] += again.wall
                        totals[f"{name} 2nd"][1] += again.cpu
                        warm_row.append(f"{again.wall:8.2f} ({again.cpu:4.1f})")
                    else:
                        warm_row.append("n/a")
            row += warm_row
            if tools.gitleaks:
                # its report goes to a file of ours: gitleaks replaces the file it is given (never /dev/null)
                report = Path(tmp) / "gitleaks.json"
                run = measure.repeat([tools.gitleaks, "git", "--no-banner", "--log-level", "error", "--exit-code", "0",
                                      "--report-format", "json", "--report-path", str(report), "."], args.repeat,
                                     cwd=work, timeout=600)
                report.unlink(missing_ok=True)
                totals["gitleaks"][0] += run.wall
                totals["gitleaks"][1] += run.cpu
                row.append(f"{run.wall:8.2f} ({run.cpu:4.1f})")
            print(f"{repo:45} {commits:>7} " + " ".join(f"{c:>14}" for c in row), flush=True)
            done += 1
    print(f"{'total wall (CPU) s':53} " + " ".join(f"{w:8.2f} ({c:4.1f})" for w, c in totals.values()))
    for name in names:
        first, warm = totals[name], totals.get(f"{name} 2nd")
        if warm and warm[0] and first[0]:
            print(f"{name}: second run / first run wall {warm[0] / first[0]:.2f}x (issue 12 target < 0.2x), "
                  f"CPU {warm[1] / first[1]:.2f}x")
    gl = totals["gitleaks"]
    for name in names:
        wall, cpu = totals[name]
        if gl[0] and wall and cpu:
            print(f"{name}: gitleaks wall / tokenlint wall {gl[0] / wall:.2f}x, on CPU {gl[1] / cpu:.2f}x")
    if len(names) == 2 and totals[names[0]][0] and totals[names[0]][1]:
        (w1, c1), (w2, c2) = totals[names[0]], totals[names[1]]
        print(f"{names[1]} / {names[0]}: wall {w2 / w1:.2f}x, CPU {c2 / c1:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
