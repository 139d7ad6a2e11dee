#!/usr/bin/env python3
"""Benchmark tokenlint against its peers, in one run, and print absolute numbers and ratios.

Not a test: nothing here is timed by pytest. Peers come from bench/.venv-peers
(bench/setup-peers.sh); generated data goes to --workdir (default bench/out/, git-ignored) and
is reused between runs while its generator and size are unchanged. Nothing generated holds a
committed token: every token-shaped string is made at run time by tokenlint.tokens.synthesize,
and reports of the scanners (which hold secrets) live in a temporary folder deleted at once.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cigen
import content
import densegen
import historygen
import measure
import peers
import plants
import treegen

HERE = Path(__file__).resolve().parent
CASES = ("tree", "history", "precommit", "ci", "dense")
HISTORY_REPOS = ("secrets", "churn", "ordinary")
TARGET_VS_GITLEAKS = 3.0  # issue 2: tokenlint's throughput at least 3x gitleaks'
TARGET_VS_CAT = 2.0  # issue 2: tokenlint's wall time within 2x of the cat floor
TARGET_DENSE_VS_GITLEAKS = 1.0  # issue 12: history of a Bitbucket-dense repository no slower than gitleaks
TARGET_ORDINARY_VS_GITLEAKS = 0.5  # issue 12: history of an ordinary repository in half gitleaks' wall time
TARGET_ORDINARY_VS_CATFILE = 1.5  # issue 12: ... and within 1.5x of git cat-file --batch-all-objects --batch
TARGET_SECOND_RUN = 0.2  # issue 12: a second history run with the cache warm under 20% of the first
TARGET_TOP_SHARE = 1 / 3  # issue 12: no single function above a third of the profile of the dense case
PYREAD = ("import os, sys\nn = 0\nfor d, _, fs in os.walk(sys.argv[1]):\n    for f in fs:\n"
          "        with open(os.path.join(d, f), 'rb') as fh:\n            n += len(fh.read())\nprint(n)\n")
GIT = ["git", "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0", "-c", "user.name=bench",
       "-c", "user.email=bench@example.test", "-c", "commit.gpgsign=false"]


@dataclass(frozen=True)
class Sizes:
    tree: treegen.TreeSpec
    half: treegen.TreeSpec
    double: treegen.TreeSpec
    secrets_repo: historygen.RepoSpec
    churn_repo: historygen.RepoSpec
    ordinary_repo: historygen.RepoSpec  # issue 12's "ordinary repository": ~3,000 commits, ~70 MB of blob versions
    dense: densegen.DenseSpec
    ci: cigen.CISpec
    staged_files: int
    staged_repeat: int
    repeat: int
    ds_fraction: float  # share of the tree's files given to detect-secrets
    timeout: float  # per peer command, seconds


SIZES = {
    "full": Sizes(
        tree=treegen.TreeSpec(20_000, 200_000_000, 20),
        half=treegen.TreeSpec(10_000, 100_000_000, 20),
        double=treegen.TreeSpec(40_000, 400_000_000, 20),
        secrets_repo=historygen.RepoSpec("secrets", 5_000, 300, 6_000, 0, 0, 0.0, 60),
        churn_repo=historygen.RepoSpec("churn", 1_500, 3_000, 8_000, 8, 1_500_000, 0.3, 10),
        ordinary_repo=historygen.RepoSpec("churn", 3_000, 1_000, 3_000, 2, 200_000, 0.05, 10),
        dense=densegen.DenseSpec(700, 36, 12),
        ci=cigen.CISpec(2_000),
        staged_files=10, staged_repeat=15, repeat=3, ds_fraction=0.05, timeout=900),
    "quick": Sizes(
        tree=treegen.TreeSpec(1_000, 10_000_000, 3),
        half=treegen.TreeSpec(500, 5_000_000, 3),
        double=treegen.TreeSpec(2_000, 20_000_000, 3),
        secrets_repo=historygen.RepoSpec("secrets", 300, 60, 4_000, 0, 0, 0.0, 10),
        churn_repo=historygen.RepoSpec("churn", 150, 300, 6_000, 2, 300_000, 0.3, 4),
        ordinary_repo=historygen.RepoSpec("churn", 300, 100, 3_000, 1, 100_000, 0.05, 4),
        dense=densegen.DenseSpec(120, 20, 4),
        ci=cigen.CISpec(200),
        staged_files=10, staged_repeat=5, repeat=1, ds_fraction=0.2, timeout=300),
}


def _describe_sizes() -> str:
    out = []
    for name, s in SIZES.items():
        r1, r2, r3, d = s.secrets_repo, s.churn_repo, s.ordinary_repo, s.dense
        out += [
            f"  {name}:",
            f"    tree       {s.tree.files} files, {s.tree.total_bytes / 1e6:.0f} MB, {s.tree.plants_per_kind} credentials "
            f"of each of {len(plants.KINDS)} kinds; scaling trees {s.half.files} files / {s.half.total_bytes / 1e6:.0f} MB "
            f"and {s.double.files} files / {s.double.total_bytes / 1e6:.0f} MB; detect-secrets on {s.ds_fraction:.0%} of the files",
            f"    history    {r1.commits} commits over {r1.files} files with {r1.plants} credentials; {r2.commits} commits over "
            f"{r2.files} files + {r2.large_files} large files of {r2.large_bytes / 1e6:.1f} MB ({r2.large_edit_share:.0%} "
            "of commits edit one)",
            f"               'ordinary' {r3.commits} commits over {r3.files} files + {r3.large_files} files of "
            f"{r3.large_bytes / 1e6:.1f} MB ({r3.large_edit_share:.0%} of commits edit one)",
            f"    dense      {d.commits} commits, {d.files} files at first (a few added later), {d.plants} credentials",
            f"    precommit  {s.staged_files} staged files in the tree above, median of {s.staged_repeat} runs",
            f"    ci         {s.ci.files} files",
            f"    timings are the median of {s.repeat} run(s); a peer is killed after {s.timeout:.0f} s",
        ]
    return "\n".join(out)


EPILOG = f"""cases (default: all, in this order):
  tree       issue 2: a generated tree with known credentials of every kind at recorded
             (path, line). Floors (find|xargs cat, a pure-Python read), tokenlint scan
             --no-ignore --format json, gitleaks dir, detect-secrets scan --all-files (on a
             subset, extrapolated by bytes). Throughput, CPU, peak RSS, ratios vs the issue's
             targets, recall at exact path+line (misses listed), and tokenlint on the half
             and double size trees (linear in bytes? flat memory?). When a target is missed:
             a profile (phase breakdown, cProfile top functions, py-spy flame graph).
  history    issue 5: three generated repositories (thousands of commits with credentials
             added then removed; heavy churn of large files; issue 12's "ordinary" 3,000
             commits / ~70 MB, with its targets; --history-repos picks some). Floors git cat-file
             --batch-all-objects --batch and git log -p; tokenlint history (or "not
             available"), gitleaks git, trufflehog 2 (local clone of a file:// URL).
  precommit  10 staged files in the tree committed to git: median latency of tokenlint
             scan --staged (or "not available"), gitleaks git --staged, python -c pass and
             tokenlint --version (interpreter and CLI start-up floors).
  ci         issue 3: generated Pipelines YAML, shell, Python requests clients, Jenkinsfiles
             and Node scripts calling api.bitbucket.org; tokenlint's files/s on the slow path
             (every file passes the prefilter); gitleaks for reference.
  dense      issue 12: history of a generated Bitbucket-dense repository (a Python API client
             of resource classes calling real operations, deploy shell, pipelines, a requests
             script; every file calls the API; credentials added and later removed). Floor
             git cat-file; tokenlint history -j1 and default jobs (when --jobs exists); a
             first and a second run on one fresh cache (when --no-cache exists); gitleaks git.
             Ratios vs issue 12's targets, recall, and a cProfile of -j1 (share of the top
             function) when a target is missed or with --profile.

sizes:
{_describe_sizes()}

Numbers are medians of warm-page-cache runs on this machine ({os.cpu_count()} cores). run.py exits 0 when it
completed, whether or not tokenlint met its targets; the verdicts are printed.
"""


@dataclass
class Ctx:
    args: argparse.Namespace
    sizes: Sizes
    tools: peers.Tools
    workdir: Path
    results: dict = field(default_factory=dict)
    tmp: Path = Path()


# ---------------------------------------------------------------- printing helpers

def say(text: str = "") -> None:
    print(text, flush=True)


def mb(n: int) -> float:
    return n / 1e6


def fmt_rss(n: int) -> str:
    return f"{n / 2**20:.0f}"


def clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def table(header: list[str], rows: list[list]) -> None:
    """Aligned columns; a long last cell (an error) is clipped here and kept whole in results.json."""
    cells = [[str(c) for c in header]] + [[("" if c is None else clip(str(c))) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        say("  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False))))
        if n == 0:
            say("  " + "  ".join("-" * w for w in widths))


def row(name: str, run: measure.Run | None, nbytes: int | None = None, files: int | None = None, note: str = "") -> list:
    if run is None:
        return [name, "-", "-", "-", "-", "-", "-", "-", "-", "-", note or "not available"]
    if run.timed_out:
        return [name, f">{run.wall:.0f}", "-", "-", "-", f"{run.cpu:.1f}", f"{run.other_cpu:.1f}",
                fmt_rss(run.maxrss), fmt_rss(run.tree_rss), "kill", note or "timed out"]
    thr = f"{mb(nbytes) / run.wall:.1f}" if nbytes else "-"
    fps = f"{files / run.wall:.0f}" if files else "-"
    return [name, f"{run.wall:.3f}", f"{min(run.walls):.3f}", thr, fps, f"{run.cpu:.2f}", f"{run.other_cpu:.2f}",
            fmt_rss(run.maxrss), fmt_rss(run.tree_rss), run.returncode, note]


HEADER = ["command", "wall s", "min s", "MB/s", "files/s", "CPU s", "other CPU s", "maxRSS MiB", "treeRSS MiB",
          "rc", "note"]
LEGEND = ("wall = median of the runs (min = fastest), warm page cache; MB/s and files/s from the median; CPU = "
          "user+sys incl. children; other CPU = what the rest of the machine used meanwhile (0 = undisturbed); "
          "maxRSS = largest single process; treeRSS = peak sum over the process tree")


def run_info(run: measure.Run | None, nbytes: int | None = None, files: int | None = None) -> dict | None:
    if run is None:
        return None
    return {"cmd": " ".join(map(str, run.cmd))[:300], "error": failed(run, (0, 1)), "wall_s": run.wall, "walls_s": run.walls, "cpu_s": run.cpu,
            "maxrss_bytes": run.maxrss, "tree_rss_bytes": run.tree_rss, "returncode": run.returncode,
            "other_cpu_s": run.other_cpu, "min_wall_s": min(run.walls) if run.walls else run.wall,
            "timed_out": run.timed_out, "mb_per_s": (mb(nbytes) / run.wall) if nbytes and run.wall else None,
            "files_per_s": (files / run.wall) if files and run.wall else None}


def failed(run: measure.Run | None, ok_codes=(0, 1)) -> str | None:
    """Why a run cannot be used, in one line, or None."""
    if run is None:
        return "not available"
    if run.timed_out:
        return f"timed out after {run.wall:.0f} s"
    if run.returncode not in ok_codes:
        err = run.stderr.decode(errors="replace").strip().splitlines()
        return f"exit {run.returncode}: {err[-1] if err else '(no message)'}"
    return None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("MET" if ok else "MISSED")


def norm(path: str) -> str:
    return path[2:] if path.startswith("./") else path


# ---------------------------------------------------------------- parsing scanner output

def tokenlint_findings(run: measure.Run) -> list[dict] | None:
    try:
        return json.loads(run.stdout)["findings"]
    except (ValueError, KeyError, TypeError):
        return None


def gitleaks_findings(report: Path) -> list[dict]:
    try:
        return json.loads(report.read_text() or "[]")
    except (OSError, ValueError):
        return []


def recall(expected: list[dict], found: set[tuple[str, int]]) -> tuple[list[dict], list[dict]]:
    hits = [e for e in expected if (e["path"], e["line"]) in found]
    misses = [e for e in expected if (e["path"], e["line"]) not in found]
    return hits, misses


def per_kind(expected: list[dict], found_by: dict[str, set[tuple[str, int]]]) -> list[list]:
    rows = []
    for kind in plants.KINDS:
        planted = [e for e in expected if e["kind"] == kind]
        if planted:
            rows.append([kind, len(planted)] + [sum((e["path"], e["line"]) in f for e in planted)
                                                 for f in found_by.values()])
    return rows


# ---------------------------------------------------------------- runners

def warm(root: Path) -> None:
    """Read every file once so that every tool below sees a warm page cache."""
    subprocess.run(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], cwd=root, check=False)


def tokenlint_scan(ctx: Ctx, root: Path, times: int, *extra: str) -> measure.Run:
    cmd = [*ctx.tools.tokenlint, "scan", "--no-ignore", "--format", "json", *extra, "."]
    return measure.repeat(cmd, times, cwd=root, sample=True, timeout=ctx.sizes.timeout)


def gitleaks(ctx: Ctx, root: Path, mode: list[str], times: int) -> tuple[measure.Run | None, list[dict]]:
    if not ctx.tools.gitleaks:
        return None, []
    report = ctx.tmp / f"gitleaks-{time.monotonic_ns()}.json"
    cmd = [ctx.tools.gitleaks, *mode, "--no-banner", "--log-level", "error", "--exit-code", "0",
           "--report-format", "json", "--report-path", str(report)]
    run = measure.repeat(cmd, times, cwd=root, sample=True, timeout=ctx.sizes.timeout)
    found = gitleaks_findings(report)
    report.unlink(missing_ok=True)
    return run, found


# ---------------------------------------------------------------- case 1: tree

def case_tree(ctx: Ctx) -> None:
    s = ctx.sizes
    say("\n== Case 1: tree (issue 2) ==")
    t = time.perf_counter()
    root, man = treegen.ensure(s.tree, ctx.workdir, ctx.args.regen)
    nbytes, nfiles, expected = man["bytes"], man["files"], man["expected"]
    say(f"tree: {root}  ({time.perf_counter() - t:.1f} s to generate or reuse)")
    large = sorted(p.stat().st_size for p in (root / "data" / "large").iterdir())
    say(f"  {nfiles} files, {mb(nbytes):.1f} MB ({man['binaries']} binary, {len(large)} large files of "
        f"{mb(large[0]):.1f}-{mb(large[-1]):.1f} MB), {len(expected)} injected credentials "
        f"({s.tree.plants_per_kind} of each of {len(plants.KINDS)} kinds)")
    warm(root)
    n = s.repeat
    cat = measure.repeat(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], n, cwd=root)
    pyread = measure.repeat([sys.executable, "-c", PYREAD, "."], n, cwd=root)
    tl = tokenlint_scan(ctx, root, n)
    gl, gl_found = gitleaks(ctx, root, ["dir", "."], n)
    ds, ds_info = detect_secrets_subset(ctx, root, man)

    rows = [row("cat floor: find | xargs cat", cat, nbytes, nfiles),
            row("python read floor (1 process)", pyread, nbytes, nfiles),
            row("tokenlint scan --no-ignore --format json", tl, nbytes, nfiles, failed(tl) or ""),
            row(f"gitleaks dir ({ctx.tools.gitleaks_version})", gl, nbytes, nfiles, failed(gl, (0,)) or "")]
    if ds is not None:
        rows.append(row(f"detect-secrets --all-files on {ds_info['files']} files", ds, ds_info["bytes"],
                        ds_info["files"], failed(ds, (0, 1)) or ""))
    else:
        rows.append(row("detect-secrets", None, note="not installed"))
    say(f"\n{n} run(s) each, columns as in the legend at the top")
    table(HEADER, rows)

    tl_thr = mb(nbytes) / tl.wall if not failed(tl) else None
    gl_thr = mb(nbytes) / gl.wall if gl is not None and not failed(gl, (0,)) else None
    ds_thr = mb(ds_info["bytes"]) / ds.wall if ds is not None and not failed(ds, (0, 1)) else None
    if ds_thr:
        say(f"  detect-secrets extrapolated to the whole tree by bytes: {mb(nbytes) / ds_thr:.0f} s "
            f"(by files: {ds.wall * nfiles / ds_info['files']:.0f} s); it was run on a random {ds_info['share']:.0%} "
            "subset only, because it is slow")
    vs_gl = tl_thr / gl_thr if tl_thr and gl_thr else None
    vs_cat = tl.wall / cat.wall if tl_thr else None
    tl_ok, gl_ok = tl_thr is not None, gl_thr is not None
    say("\nratios (on median wall; then on fastest wall, and on CPU seconds: both less sensitive to other load):")
    say(f"  tokenlint throughput / gitleaks throughput   {ratio(tl_thr, gl_thr):>8}   target >= {TARGET_VS_GITLEAKS:.0f}x: "
        f"{verdict(None if vs_gl is None else vs_gl >= TARGET_VS_GITLEAKS)}   "
        f"(fastest: {ratio(min(gl.walls) if gl_ok else None, min(tl.walls) if tl_ok else None)}, "
        f"CPU: {ratio(gl.cpu if gl_ok else None, tl.cpu if tl_ok else None)})")
    say(f"  tokenlint wall / cat floor wall              {ratio(tl.wall if tl_ok else None, cat.wall):>8}   target <= "
        f"{TARGET_VS_CAT:.0f}x: {verdict(None if vs_cat is None else vs_cat <= TARGET_VS_CAT)}   "
        f"(fastest: {ratio(min(tl.walls) if tl_ok else None, min(cat.walls))}, "
        f"CPU: {ratio(tl.cpu if tl_ok else None, cat.cpu)})")
    say(f"  tokenlint wall / python read floor wall      {ratio(tl.wall if tl_ok else None, pyread.wall):>8}")
    say(f"  tokenlint throughput / detect-secrets (extrapolated) {ratio(tl_thr, ds_thr):>8}")
    say(f"  gitleaks wall / cat floor wall               {ratio(gl.wall if gl_ok else None, cat.wall):>8}")

    tl_found_list = tokenlint_findings(tl) if not failed(tl) else None
    tl_found = {(norm(f["path"]), f["line"]) for f in tl_found_list or []}
    gl_set = {(norm(f.get("File", "")), f.get("StartLine")) for f in gl_found}
    hits, misses = recall(expected, tl_found)
    say("\nrecall at exact path+line:")
    if tl_found_list is None:
        say(f"  tokenlint: no usable report ({failed(tl) or 'unparseable JSON'})")
    else:
        expected_set = {(e["path"], e["line"]) for e in expected}
        extra = sorted(tl_found - expected_set)
        say(f"  tokenlint {len(hits)}/{len(expected)}  ({'every injected credential found' if not misses else f'{len(misses)} MISSED'}); "
            f"{len(tl_found_list)} findings, {len(extra)} at lines where nothing was injected")
        for e in misses:
            say(f"    MISS {e['path']}:{e['line']}  [{e['kind']}]")
        for p, line in extra[:10]:
            say(f"    extra finding {p}:{line}")
    if gl is not None:
        gl_hits, _ = recall(expected, gl_set)
        say(f"  gitleaks  {len(gl_hits)}/{len(expected)}  ({len(gl_found)} findings; for reference: its rules are generic)")
    if ds is not None:
        ds_hits, ds_exp = ds_info["hits"], ds_info["expected"]
        say(f"  detect-secrets {ds_hits}/{ds_exp} of the credentials in its subset")
    table(["kind", "planted", "tokenlint", "gitleaks"],
          per_kind(expected, {"tokenlint": tl_found, "gitleaks": gl_set}))

    ctx.results["tree"] = {
        "files": nfiles, "bytes": nbytes, "injected": len(expected),
        "cat_floor": run_info(cat, nbytes, nfiles), "python_read_floor": run_info(pyread, nbytes, nfiles),
        "tokenlint": run_info(tl, nbytes, nfiles), "gitleaks": run_info(gl, nbytes, nfiles),
        "detect_secrets_subset": {**(run_info(ds, ds_info["bytes"], ds_info["files"]) or {}),
                                  **{k: v for k, v in ds_info.items() if k != "paths"}} if ds else None,
        "ratio_tokenlint_vs_gitleaks_throughput": vs_gl, "ratio_tokenlint_vs_cat_wall": vs_cat,
        "recall_tokenlint": len(hits) if tl_found_list is not None else None,
        "misses_tokenlint": misses if tl_found_list is not None else None,
        "recall_gitleaks": len(recall(expected, gl_set)[0]) if gl is not None else None,
    }
    scaling(ctx, (s.half, s.tree, s.double), {s.tree.key: (tl, cat)})
    missed = vs_gl is None or vs_cat is None or vs_gl < TARGET_VS_GITLEAKS or vs_cat > TARGET_VS_CAT or bool(misses)
    if ctx.args.profile or (missed and not ctx.args.no_profile):
        profile(ctx, root)


def detect_secrets_subset(ctx: Ctx, root: Path, man: dict) -> tuple[measure.Run | None, dict]:
    if not ctx.tools.detect_secrets:
        return None, {}
    paths = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    rng = random.Random(11)
    subset = sorted(rng.sample(paths, max(1, int(len(paths) * ctx.sizes.ds_fraction))))
    nbytes = sum((root / p).stat().st_size for p in subset)
    run = measure.run([ctx.tools.detect_secrets, "scan", "--all-files", *subset], cwd=root,
                      timeout=ctx.sizes.timeout)
    chosen = set(subset)
    expected = [e for e in man["expected"] if e["path"] in chosen]
    found = set()
    try:
        for path, items in json.loads(run.stdout)["results"].items():
            found.update((norm(path), item["line_number"]) for item in items)
    except (ValueError, KeyError):
        pass
    hits = sum((e["path"], e["line"]) in found for e in expected)
    return run, {"files": len(subset), "bytes": nbytes, "share": len(subset) / len(paths),
                 "expected": len(expected), "hits": hits}


def scaling(ctx: Ctx, specs, known: dict) -> None:
    say("\nscaling (tokenlint scan on half, full and double size trees; generated like the full one):")
    rows, info = [], []
    for spec in specs:
        if spec.key in known:
            tl, cat = known[spec.key]
            root, man = treegen.ensure(spec, ctx.workdir)
        else:
            root, man = treegen.ensure(spec, ctx.workdir, ctx.args.regen)
            warm(root)
            cat = measure.repeat(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], ctx.sizes.repeat, cwd=root)
            tl = tokenlint_scan(ctx, root, ctx.sizes.repeat)
        nbytes = man["bytes"]
        bad = failed(tl)
        rows.append([f"{man['files']} files", f"{mb(nbytes):.0f}", bad if bad else f"{tl.wall:.3f}",
                     f"{min(tl.walls):.3f}" if not bad else "-",
                     f"{mb(nbytes) / tl.wall:.1f}" if not bad else "-",
                     f"{tl.wall / mb(nbytes) * 1000:.1f}" if not bad else "-",
                     f"{tl.cpu:.2f}", f"{tl.other_cpu:.2f}", fmt_rss(tl.maxrss), fmt_rss(tl.tree_rss),
                     f"{tl.wall / cat.wall:.1f}x"])
        info.append({"files": man["files"], "bytes": nbytes, "tokenlint": run_info(tl, nbytes, man["files"]),
                     "cat_floor": run_info(cat, nbytes, man["files"])})
    table(["tree", "MB", "wall s", "min s", "MB/s", "s/GB", "CPU s", "other CPU s", "maxRSS MiB", "treeRSS MiB",
           "vs cat"], rows)
    ok = [i for i in info if i["tokenlint"] and i["tokenlint"]["mb_per_s"]]
    if len(ok) >= 2:
        lo, hi = ok[0], ok[-1]
        say(f"  bytes x{hi['bytes'] / lo['bytes']:.1f} -> wall x{hi['tokenlint']['wall_s'] / lo['tokenlint']['wall_s']:.2f}, "
            f"CPU x{hi['tokenlint']['cpu_s'] / lo['tokenlint']['cpu_s']:.2f}, "
            f"maxRSS x{hi['tokenlint']['maxrss_bytes'] / lo['tokenlint']['maxrss_bytes']:.2f}, "
            f"treeRSS x{hi['tokenlint']['tree_rss_bytes'] / max(1, lo['tokenlint']['tree_rss_bytes']):.2f}")
        for key, label in (("wall_s", "median wall"), ("min_wall_s", "fastest wall"), ("cpu_s", "CPU")):
            fixed, per_mb = linear_fit([mb(i["bytes"]) for i in ok], [i["tokenlint"][key] for i in ok])
            say(f"  least-squares fit {label}: {fixed:.2f} s fixed + {per_mb * 1000:.1f} ms per MB "
                f"(= {1 / per_mb if per_mb > 0 else float('inf'):.0f} MB/s at the margin)")
    ctx.results["tree_scaling"] = info


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Intercept and slope of the least-squares line: fixed cost and cost per unit."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - slope * mx, slope


def profile(ctx: Ctx, root: Path) -> None:
    say("\nprofile of tokenlint on the tree (a target was missed, or --profile):")
    out = ctx.workdir / "profile"
    out.mkdir(exist_ok=True)
    prof = {}
    jobs = {}
    for j in (1, 2):
        run = tokenlint_scan(ctx, root, 1, "-j", str(j))
        jobs[j] = run.wall
    startup = measure.repeat([*ctx.tools.tokenlint, "--version"], 5)
    pyfloor = measure.repeat([sys.executable, "-c", "pass"], 5)
    imp = measure.repeat([sys.executable, "-c", "import tokenlint.cli, tokenlint.api, tokenlint.scanner"], 5)
    say(f"  wall -j1 {jobs[1]:.2f} s, -j2 {jobs[2]:.2f} s (pool speed-up x{jobs[1] / jobs[2]:.2f} on {os.cpu_count()} cores); "
        f"`tokenlint --version` {startup.wall * 1000:.0f} ms, import of cli+api+scanner {imp.wall * 1000:.0f} ms, "
        f"`python -c pass` {pyfloor.wall * 1000:.0f} ms")
    prof["jobs_wall_s"] = jobs
    prof["startup_ms"] = startup.wall * 1000
    prof["import_ms"] = imp.wall * 1000

    bd = measure.run([sys.executable, str(HERE / "breakdown.py"), "."], cwd=root, timeout=ctx.sizes.timeout)
    try:
        phases = json.loads(bd.stdout)
        prof["phases"] = phases
        say("  phases, one process (bench/breakdown.py):")
        for key in ("import_s", "load_policies_s", "walk_s", "read_s", "binary_sniff_s", "prefilter_s", "detect_passed_s"):
            say(f"    {key[:-2]:16} {phases[key]:7.3f} s")
        say(f"    prefilter passed {phases['prefilter_passed_files']} files / {mb(phases['prefilter_passed_bytes']):.1f} MB "
            f"of {phases['files']} files / {mb(phases['bytes']):.1f} MB")
        say(f"    files holding each prefilter literal: {phases['prefilter_literal_hits']}")
        say("    slowest files in the detectors: " + ", ".join(
            f"{f['path']} ({mb(f['bytes']):.1f} MB, {f['s']:.3f} s)" for f in phases["slowest_files"][:5]))
    except (ValueError, KeyError):
        err = bd.stderr.decode(errors="replace").strip().splitlines()
        say(f"  phase breakdown unavailable: {err[-1] if err else bd.returncode}")

    prof["cprofile_top"] = cprofile_top(ctx, root, "tree")
    if ctx.tools.py_spy:
        svg = out / "tree-pyspy.svg"
        spy = measure.run([ctx.tools.py_spy, "record", "--subprocesses", "--rate", "200", "--output", str(svg),
                           "--", *ctx.tools.tokenlint, "scan", "--no-ignore", "--format", "json", "."], cwd=root,
                          timeout=ctx.sizes.timeout)
        say(f"  py-spy flame graph (all worker processes): {svg if svg.exists() else f'failed: rc {spy.returncode}'}")
    ctx.results["tree_profile"] = prof


# ---------------------------------------------------------------- case 2: history

def cprofile_top(ctx: Ctx, root: Path, label: str, lines: int = 12, command: list[str] | None = None,
                 env: dict[str, str] | None = None) -> list[str]:
    """tokenlint (scan, or `command`) in one process under cProfile; print and return the top
    functions by own time. The raw profile stays in WORKDIR/profile/LABEL.pstats."""
    import io
    import pstats

    out = ctx.workdir / "profile"
    out.mkdir(exist_ok=True)
    pstats_path = out / f"{label}.pstats"
    pstats_path.unlink(missing_ok=True)
    command = command or ["scan", "--no-ignore", "--format", "json", "-j", "1", "."]
    run = measure.run([sys.executable, "-m", "cProfile", "-o", str(pstats_path), "-m", "tokenlint", *command],
                      cwd=root, timeout=ctx.sizes.timeout, env=env)
    if not pstats_path.exists():
        say(f"  cProfile run failed: {failed(run)}")
        return []
    buf = io.StringIO()
    pstats.Stats(str(pstats_path), stream=buf).sort_stats("tottime").print_stats(40)
    text = buf.getvalue()
    listing = out / f"{label}-cprofile.txt"
    listing.write_text(text)
    say(f"  cProfile ({' '.join(command)}: {run.wall:.1f} s under the profiler), top functions by own time "
        f"(more: {listing}):")
    say("    ncalls  tottime  percall  cumtime  percall filename:lineno(function)")
    body = [line.strip() for line in text.split("filename:lineno(function)", 1)[-1].strip().splitlines()]
    root_prefix = str(Path(sys.modules["peers"].__file__).resolve().parents[1]) + "/"
    body = [line.replace(root_prefix, "") for line in body[:lines]]
    for line in body:
        say("    " + line)
    return body


def history_cmd(ctx: Ctx, jobs: int | None = None, cache: bool = False) -> list[str]:
    """`tokenlint history . --format json`, with `--jobs N` when asked and available, and
    `--no-cache` unless a cached run is wanted (so repeated timings are not cache hits)."""
    cmd = [*ctx.tools.tokenlint, "history", ".", "--format", "json"]
    if jobs is not None and ctx.tools.tokenlint_history_jobs:
        cmd += ["--jobs", str(jobs)]
    if not cache and ctx.tools.tokenlint_history_cache:
        cmd.append("--no-cache")
    return cmd


def history_env(cache_dir: Path) -> dict[str, str]:
    """The benchmark never reads or fills the user's ~/.cache/tokenlint: every run gets its own."""
    return {**os.environ, "TOKENLINT_CACHE_DIR": str(cache_dir)}


def history_runs(ctx: Ctx, root: Path, n: int) -> dict[str, measure.Run | None]:
    """tokenlint history with default jobs, -j1 (when --jobs exists), and a first and a second
    run on one fresh cache (when --no-cache exists), each with a cache folder of its own."""
    runs: dict[str, measure.Run | None] = {"default": None, "j1": None, "cold": None, "warm": None}
    if not ctx.tools.tokenlint_history:
        return runs
    scratch = Path(tempfile.mkdtemp(dir=ctx.tmp, prefix="cache-"))
    runs["default"] = measure.repeat(history_cmd(ctx), n, cwd=root, sample=True, timeout=ctx.sizes.timeout,
                                     env=history_env(scratch / "off"))
    if ctx.tools.tokenlint_history_jobs:
        runs["j1"] = measure.repeat(history_cmd(ctx, jobs=1), n, cwd=root, sample=True, timeout=ctx.sizes.timeout,
                                    env=history_env(scratch / "off"))
    if ctx.tools.tokenlint_history_cache:
        env = history_env(scratch / "shared")
        runs["cold"] = measure.run(history_cmd(ctx, cache=True), cwd=root, timeout=ctx.sizes.timeout, env=env)
        runs["warm"] = measure.run(history_cmd(ctx, cache=True), cwd=root, timeout=ctx.sizes.timeout, env=env)
    shutil.rmtree(scratch, ignore_errors=True)
    return runs


def jobs_and_cache_lines(ctx: Ctx, runs: dict[str, measure.Run | None]) -> dict:
    """-j1 vs default jobs (and is the output byte-identical?), second run vs first."""
    ok = {k: r for k, r in runs.items() if r is not None and not failed(r)}
    info: dict = {}
    if "j1" in ok and "default" in ok:
        same = ok["j1"].stdout == ok["default"].stdout
        say(f"  tokenlint -j1 wall / default jobs wall   {ratio(ok['j1'].wall, ok['default'].wall):>8}   "
            f"(CPU {ratio(ok['j1'].cpu, ok['default'].cpu)}); reports byte-identical: {'yes' if same else 'NO'}")
        info.update(j1_over_default_wall=ok["j1"].wall / ok["default"].wall, j1_default_identical=same)
    else:
        say("  tokenlint -j1 vs default jobs: not available (`tokenlint history --help` lists no --jobs)"
            if not ctx.tools.tokenlint_history_jobs else "  tokenlint -j1 vs default jobs: a run failed")
    if "cold" in ok and "warm" in ok:
        share = ok["warm"].wall / ok["cold"].wall
        same = tokenlint_findings(ok["warm"]) == tokenlint_findings(ok["cold"])
        say(f"  second run / first run (warm cache)      {share:>7.2f}x   target < {TARGET_SECOND_RUN:.1f}x: "
            f"{verdict(share < TARGET_SECOND_RUN)}   (CPU {ratio(ok['warm'].cpu, ok['cold'].cpu)}); same findings: "
            f"{'yes' if same else 'NO'}")
        info.update(second_over_first_wall=share, second_run_same_findings=same)
    else:
        say("  second run with the cache warm: not available (`tokenlint history --help` lists no --no-cache)"
            if not ctx.tools.tokenlint_history_cache else "  second run with the cache warm: a run failed")
    return info


def history_rows(runs: dict[str, measure.Run | None], nbytes: int) -> list[list]:
    labels = {"default": "tokenlint history (default jobs, no cache)", "j1": "tokenlint history -j1 (no cache)",
              "cold": "tokenlint history, fresh cache (1st run)", "warm": "tokenlint history, same cache (2nd run)"}
    return [row(labels[k], r, nbytes, note=failed(r) or "") for k, r in runs.items() if r is not None or k == "default"]


def case_history(ctx: Ctx) -> None:
    say("\n== Case 2: history (issue 5; issue 12's ordinary repository) ==")
    if not ctx.tools.tokenlint_history:
        say("  tokenlint history: not available in this tokenlint (`tokenlint history --help` failed)")
    ctx.results["history"] = {}
    specs = {"secrets": ctx.sizes.secrets_repo, "churn": ctx.sizes.churn_repo, "ordinary": ctx.sizes.ordinary_repo}
    for label in ctx.args.history_repos:
        spec = specs[label]
        t = time.perf_counter()
        root, man = historygen.ensure(spec, ctx.workdir, ctx.args.regen)
        nbytes = man["blob_bytes"]
        expected = man["expected"]
        say(f"\nrepo '{label}': {root}  ({time.perf_counter() - t:.1f} s to generate or reuse)")
        say(f"  {man['commits']} commits, {man['files_at_head']} files at HEAD, {mb(nbytes):.0f} MB of blob versions "
            f"written, {len(expected)} credentials added and later removed")
        n = ctx.sizes.repeat
        catfile_cmd = ["sh", "-c", "git cat-file --batch-all-objects --batch > /dev/null"]
        subprocess.run(catfile_cmd, cwd=root, check=False)  # warm
        catfile = measure.repeat(catfile_cmd, n, cwd=root)
        logp = measure.repeat(["sh", "-c", "git log -p --all --no-color --no-ext-diff > /dev/null"], 1, cwd=root)
        runs = history_runs(ctx, root, n)
        tl = runs["default"]
        gl, gl_found = gitleaks(ctx, root, ["git", "."], n)
        th, th_found = trufflehog(ctx, root)
        rows = [row("floor: git cat-file --batch-all-objects --batch", catfile, nbytes),
                row("floor: git log -p --all", logp, nbytes),
                *history_rows(runs, nbytes),
                row("gitleaks git", gl, nbytes, note=failed(gl, (0,)) or ""),
                row("trufflehog 2 --regex (entropy on)", th, nbytes, note=failed(th, (0, 1)) or "")]
        table(HEADER, rows)
        say("  MB/s = blob versions written / wall (what a scanner that reads every version must read)")
        tl_ok = tl is not None and not failed(tl)
        gl_ok = gl is not None and not failed(gl, (0,))
        th_ok = th is not None and not failed(th, (0, 1))
        say(f"  tokenlint wall / cat-file floor   {ratio(tl.wall if tl_ok else None, catfile.wall):>8}")
        say(f"  gitleaks wall / tokenlint wall    {ratio(gl.wall if gl_ok else None, tl.wall if tl_ok else None):>8}"
            "   (speed-up of tokenlint over gitleaks)")
        say(f"  gitleaks CPU / tokenlint CPU      {ratio(gl.cpu if gl_ok else None, tl.cpu if tl_ok else None):>8}"
            "   (less sensitive to other load on the machine)")
        say(f"  trufflehog wall / tokenlint wall  {ratio(th.wall if th_ok else None, tl.wall if tl_ok else None):>8}")
        say(f"  gitleaks wall / cat-file floor    {ratio(gl.wall if gl_ok else None, catfile.wall):>8}")
        say(f"  trufflehog wall / gitleaks wall   {ratio(th.wall if th_ok else None, gl.wall if gl_ok else None):>8}")
        if th is not None and th.timed_out:
            say(f"  trufflehog was killed after {ctx.sizes.timeout:.0f} s: every ratio with it is a lower bound")
        vs_gl = tl.wall / gl.wall if tl_ok and gl_ok else None
        vs_floor = tl.wall / catfile.wall if tl_ok else None
        say(f"  issue 12 (ordinary repository; {'this is it' if label == 'ordinary' else 'for reference'}): "
            f"tokenlint wall / gitleaks wall {ratio(tl.wall if tl_ok else None, gl.wall if gl_ok else None)} "
            f"target <= {TARGET_ORDINARY_VS_GITLEAKS}x: {verdict(None if vs_gl is None else vs_gl <= TARGET_ORDINARY_VS_GITLEAKS)}"
            f" (fastest {ratio(min(tl.walls) if tl_ok else None, min(gl.walls) if gl_ok else None)}, "
            f"CPU {ratio(tl.cpu if tl_ok else None, gl.cpu if gl_ok else None)}); tokenlint / cat-file floor "
            f"{ratio(tl.wall if tl_ok else None, catfile.wall)} target <= {TARGET_ORDINARY_VS_CATFILE}x: "
            f"{verdict(None if vs_floor is None else vs_floor <= TARGET_ORDINARY_VS_CATFILE)}")
        extra_info = jobs_and_cache_lines(ctx, runs)

        exp_paths = {e["path"] for e in expected}
        info = {"commits": man["commits"], "blob_bytes": nbytes, "injected": len(expected),
                "cat_file_floor": run_info(catfile, nbytes), "git_log_p_floor": run_info(logp, nbytes),
                "tokenlint": run_info(tl, nbytes), "gitleaks": run_info(gl, nbytes), "trufflehog": run_info(th, nbytes),
                "tokenlint_j1": run_info(runs["j1"], nbytes), "tokenlint_cache_first": run_info(runs["cold"], nbytes),
                "tokenlint_cache_second": run_info(runs["warm"], nbytes), "ratio_tokenlint_vs_gitleaks_wall": vs_gl,
                "ratio_tokenlint_vs_cat_file_wall": vs_floor, **extra_info}
        say("  recall (exact = path and line in the introducing commit's version of the file; "
            "path = the file at least):")
        if tl_ok:
            tl_list = tokenlint_findings(tl) or []
            tl_exact = {(norm(f["path"]), f["line"]) for f in tl_list}
            hits, misses = recall(expected, tl_exact)
            path_hits = len({norm(f['path']) for f in tl_list} & exp_paths)
            commits = {(norm(f["path"]), f["line"], (f.get("origin") or {}).get("commit")) for f in tl_list}
            say(f"    tokenlint  exact {len(hits)}/{len(expected)} (and right introducing commit: "
                f"{commit_hits(expected, commits)}), paths {path_hits}/{len(exp_paths)}; {len(tl_list)} findings")
            for e in misses[:20]:
                say(f"      MISS {e['path']}:{e['line']}  [{e['kind']}] introduced in {e['commit'][:10]}")
            info["recall_tokenlint"] = len(hits)
            info["misses_tokenlint"] = misses
        else:
            say(f"    tokenlint  {failed(tl)}")
        if gl_ok:
            gl_exact = {(norm(f.get("File", "")), f.get("StartLine")) for f in gl_found}
            gl_commits = {(norm(f.get("File", "")), f.get("StartLine"), f.get("Commit")) for f in gl_found}
            say(f"    gitleaks   exact {len(recall(expected, gl_exact)[0])}/{len(expected)} (and right introducing "
                f"commit: {commit_hits(expected, gl_commits)}), paths "
                f"{len({norm(f.get('File', '')) for f in gl_found} & exp_paths)}/{len(exp_paths)}; {len(gl_found)} findings")
            info["recall_gitleaks"] = len(recall(expected, gl_exact)[0])
        if th_ok:
            say(f"    trufflehog paths {len(th_found & exp_paths)}/{len(exp_paths)} (it reports no line numbers)")
            info["recall_trufflehog_paths"] = len(th_found & exp_paths)
        ctx.results["history"][label] = info


def commit_hits(expected: list[dict], found: set[tuple]) -> int:
    return sum((e["path"], e["line"], e["commit"]) in found for e in expected)


def trufflehog(ctx: Ctx, root: Path) -> tuple[measure.Run | None, set[str]]:
    """trufflehog 2 insists on an `origin` remote, so it is given a file:// URL and makes its own
    local clone (offline, hard-linked); that clone is part of its measured time."""
    if not ctx.tools.trufflehog:
        return None, set()
    scratch = Path(tempfile.mkdtemp(dir=ctx.tmp))
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = measure.run([ctx.tools.trufflehog, "--json", "--regex", "--cleanup", f"file://{root}"], env=env,
                      timeout=ctx.sizes.timeout)
    shutil.rmtree(scratch, ignore_errors=True)
    paths = set()
    for line in run.stdout.splitlines():
        try:
            paths.add(json.loads(line)["path"])
        except (ValueError, KeyError):
            continue
    run.stdout = b""  # holds secrets
    return run, paths


# ---------------------------------------------------------------- case 3: pre-commit

def case_precommit(ctx: Ctx) -> None:
    say("\n== Case 3: pre-commit latency ==")
    spec = ctx.sizes.tree
    tree, _ = treegen.ensure(spec, ctx.workdir, ctx.args.regen)
    repo = ctx.workdir / f"precommit-{spec.key}"
    t = time.perf_counter()
    if not (repo / ".git").is_dir() or ctx.args.regen:
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(tree, repo)
        subprocess.run([*GIT, "init", "-q", "-b", "main", str(repo)], check=True)
        subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True)
        subprocess.run([*GIT, "-C", str(repo), "commit", "-q", "-m", "import"], check=True)
    else:
        subprocess.run([*GIT, "-C", str(repo), "reset", "-q", "--hard", "HEAD"], check=True)
    files = subprocess.run([*GIT, "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    say(f"repo: {repo} ({len(files)} tracked files; {time.perf_counter() - t:.1f} s to build or reset)")
    rng = random.Random(5)
    pools = content.LinePools(random.Random(6), size=500)
    candidates = [f for f in files if f.endswith((".py", ".js", ".md", ".yml", ".go")) and
                  (repo / f).stat().st_size < 200_000]
    chosen = rng.sample(candidates, ctx.sizes.staged_files)
    planted = None
    for i, rel in enumerate(chosen):
        lines = (repo / rel).read_text(encoding="utf-8", errors="replace").splitlines()
        added = pools.lines(rel.rsplit(".", 1)[-1], 400)
        if i == 0:
            plant = plants.IN_TEXT["app-password"](rng)
            planted = (rel, len(lines) + len(added) + 1 + plant.secret_line)
            added += list(plant.lines)
        with open(repo / rel, "a", encoding="utf-8") as fh:
            fh.write("\n".join(added) + "\n")
    subprocess.run([*GIT, "-C", str(repo), "add", "--", *chosen], check=True)
    say(f"  staged {len(chosen)} modified files; one holds a new app password at {planted[0]}:{planted[1]}")

    n = ctx.sizes.staged_repeat
    pyfloor = measure.repeat([sys.executable, "-c", "pass"], n)
    version = measure.repeat([*ctx.tools.tokenlint, "--version"], n)
    tl = None
    if ctx.tools.tokenlint_staged:
        tl = measure.repeat([*ctx.tools.tokenlint, "scan", "--staged", "--format", "json"], n, cwd=repo,
                            timeout=ctx.sizes.timeout)
    gl, gl_found = gitleaks(ctx, repo, ["git", "--staged", "."], n)
    rows = []
    for name, run, ok in (("python -c pass (interpreter floor)", pyfloor, (0,)),
                          ("tokenlint --version (CLI start-up floor)", version, (0,)),
                          ("tokenlint scan --staged --format json", tl, (0, 1)),
                          ("gitleaks git --staged", gl, (0,))):
        if run is None:
            rows.append([name, "-", "-", "-", "-", "not available"])
            continue
        rows.append([name, f"{run.wall * 1000:.0f}", f"{min(run.walls) * 1000:.0f}", f"{max(run.walls) * 1000:.0f}",
                     run.returncode, failed(run, ok) or ""])
    say(f"  latency over {n} runs each:")
    table(["command", "median ms", "min ms", "max ms", "rc", "note"], rows)
    tl_ok = tl is not None and not failed(tl)
    if tl_ok:
        found = {(norm(f["path"]), f["line"]) for f in tokenlint_findings(tl) or []}
        say(f"  tokenlint found the staged app password: {'yes' if planted in found else 'NO'}")
    if gl is not None:
        found = {(norm(f.get("File", "")), f.get("StartLine")) for f in gl_found}
        say(f"  gitleaks found the staged app password: {'yes' if planted in found else 'no'}")
    say(f"  tokenlint --staged / gitleaks --staged  {ratio(tl.wall if tl_ok else None, gl.wall if gl else None):>8}")
    say(f"  tokenlint --staged / python -c pass     {ratio(tl.wall if tl_ok else None, pyfloor.wall):>8}")
    subprocess.run([*GIT, "-C", str(repo), "reset", "-q", "--hard", "HEAD"], check=True)
    ctx.results["precommit"] = {"staged_files": len(chosen), "repeat": n, "python_pass": run_info(pyfloor),
                                "tokenlint_version": run_info(version), "tokenlint_staged": run_info(tl),
                                "gitleaks_staged": run_info(gl)}


# ---------------------------------------------------------------- case 4: CI files

def case_ci(ctx: Ctx) -> None:
    say("\n== Case 4: CI files (issue 3, usage analysis) ==")
    root, man = cigen.ensure(ctx.sizes.ci, ctx.workdir, ctx.args.regen)
    nbytes, nfiles = man["bytes"], man["files"]
    say(f"files: {root}  ({nfiles} files, {mb(nbytes):.1f} MB; every one calls api.bitbucket.org; "
        f"{man['planted']} shell scripts hold a literal credential)")
    warm(root)
    n = ctx.sizes.repeat
    cat = measure.repeat(["sh", "-c", "find . -type f -print0 | xargs -0 cat > /dev/null"], n, cwd=root)
    tl = tokenlint_scan(ctx, root, n)
    gl, _gl_found = gitleaks(ctx, root, ["dir", "."], n)
    table(HEADER, [row("cat floor", cat, nbytes, nfiles),
                   row("tokenlint scan --no-ignore --format json", tl, nbytes, nfiles, failed(tl) or ""),
                   row("gitleaks dir (reference)", gl, nbytes, nfiles, failed(gl, (0,)) or "")])
    info = {"files": nfiles, "bytes": nbytes, "tokenlint": run_info(tl, nbytes, nfiles),
            "gitleaks": run_info(gl, nbytes, nfiles), "cat_floor": run_info(cat, nbytes, nfiles)}
    findings = tokenlint_findings(tl) if not failed(tl) else None
    if findings is not None:
        by_rule = collections.Counter(f.get("rule", "?") for f in findings)
        say(f"  tokenlint: {nfiles / tl.wall:.0f} files/s; findings by rule: {dict(sorted(by_rule.items())) or 'none'}")
        summary = json.loads(tl.stdout).get("summary", {})
        say(f"  report summary: files_scanned {summary.get('files_scanned')}, errors {summary.get('errors')}, "
            f"skipped {summary.get('skipped')}")
        info["findings_by_rule"] = dict(by_rule)
    else:
        say(f"  tokenlint: {failed(tl) or 'unparseable report'}")
    say(f"  tokenlint throughput / gitleaks throughput  {ratio(gl.wall if gl and not failed(gl, (0,)) else None, tl.wall if findings is not None else None):>8}")
    if ctx.args.profile and findings is not None:
        info["cprofile_top"] = cprofile_top(ctx, root, "ci")
    ctx.results["ci"] = info


# ---------------------------------------------------------------- case 5: Bitbucket-dense history

ANALYSIS_DIRS = ("tokenlint/detectors/", "tokenlint/parsers/")


def top_share(pstats_path: Path) -> tuple[str, float, list[tuple[str, float]]] | None:
    """The function with the most own time and its share of the whole profile; and the analysis
    functions (detectors, parsers) with the largest cumulative share: issue 12 found 85 % of the
    time under one call detector, which no own-time listing shows."""
    import pstats

    if not pstats_path.exists():
        return None
    st = pstats.Stats(str(pstats_path))
    total = st.total_tt or 1.0
    root_prefix = str(HERE.parent) + "/"

    def name(key: tuple[str, int, str]) -> str:
        return f"{key[0].replace(root_prefix, '')}:{key[1]}({key[2]})"

    top_key, top = max(st.stats.items(), key=lambda kv: kv[1][2])
    analysis = sorted(((name(k), v[3] / total) for k, v in st.stats.items()
                       if any(d in k[0] for d in ANALYSIS_DIRS)), key=lambda x: -x[1])
    return name(top_key), top[2] / total, analysis[:5]


def case_dense(ctx: Ctx) -> None:
    say("\n== Case 5: history of a Bitbucket-dense repository (issue 12) ==")
    spec = ctx.sizes.dense
    t = time.perf_counter()
    root, man = densegen.ensure(spec, ctx.workdir, ctx.args.regen)
    nbytes, expected = man["blob_bytes"], man["expected"]
    say(f"repo: {root}  ({time.perf_counter() - t:.1f} s to generate or reuse)")
    say(f"  {man['commits']} commits, {man['files_at_head']} files at HEAD (a Python client package, deploy shell, "
        f"pipelines, a requests script; every one calls the API), {mb(nbytes):.1f} MB of blob versions, "
        f"{len(expected)} credentials added and later removed")
    if not ctx.tools.tokenlint_history:
        say("  tokenlint history: not available in this tokenlint")
        return
    n = ctx.sizes.repeat
    catfile_cmd = ["sh", "-c", "git cat-file --batch-all-objects --batch > /dev/null"]
    subprocess.run(catfile_cmd, cwd=root, check=False)  # warm
    catfile = measure.repeat(catfile_cmd, n, cwd=root)
    runs = history_runs(ctx, root, n)
    tl = runs["default"]
    gl, gl_found = gitleaks(ctx, root, ["git", "."], n)
    table(HEADER, [row("floor: git cat-file --batch-all-objects --batch", catfile, nbytes),
                   *history_rows(runs, nbytes),
                   row(f"gitleaks git ({ctx.tools.gitleaks_version})", gl, nbytes, note=failed(gl, (0,)) or "")])
    tl_ok = tl is not None and not failed(tl)
    gl_ok = gl is not None and not failed(gl, (0,))
    vs_gl = tl.wall / gl.wall if tl_ok and gl_ok else None
    say("\nratios (median wall; fastest wall and CPU seconds in brackets, less sensitive to other load):")
    say(f"  tokenlint wall / gitleaks wall           {ratio(tl.wall if tl_ok else None, gl.wall if gl_ok else None):>8}   "
        f"target <= {TARGET_DENSE_VS_GITLEAKS:.0f}x: {verdict(None if vs_gl is None else vs_gl <= TARGET_DENSE_VS_GITLEAKS)}"
        f"   (fastest {ratio(min(tl.walls) if tl_ok else None, min(gl.walls) if gl_ok else None)}, "
        f"CPU {ratio(tl.cpu if tl_ok else None, gl.cpu if gl_ok else None)})")
    say(f"  tokenlint wall / cat-file floor          {ratio(tl.wall if tl_ok else None, catfile.wall):>8}")
    say(f"  gitleaks wall / cat-file floor           {ratio(gl.wall if gl_ok else None, catfile.wall):>8}")
    info = {"commits": man["commits"], "blob_bytes": nbytes, "files_at_head": man["files_at_head"],
            "injected": len(expected), "cat_file_floor": run_info(catfile, nbytes),
            **{f"tokenlint_{k}": run_info(r, nbytes) for k, r in runs.items()}, "gitleaks": run_info(gl, nbytes),
            "ratio_tokenlint_vs_gitleaks_wall": vs_gl}
    info.update(jobs_and_cache_lines(ctx, runs))

    say("  recall (exact = path and line in the introducing commit's version of the file):")
    misses = None
    if tl_ok:
        tl_list = tokenlint_findings(tl) or []
        hits, misses = recall(expected, {(norm(f["path"]), f["line"]) for f in tl_list})
        commits = {(norm(f["path"]), f["line"], (f.get("origin") or {}).get("commit")) for f in tl_list}
        by_rule = collections.Counter(f.get("rule", "?") for f in tl_list)
        say(f"    tokenlint  exact {len(hits)}/{len(expected)} (and right introducing commit: "
            f"{commit_hits(expected, commits)}); {len(tl_list)} findings by rule: {dict(sorted(by_rule.items()))}")
        for e in misses:
            say(f"      MISS {e['path']}:{e['line']}  [{e['kind']}] introduced in {e['commit'][:10]}")
        info.update(recall_tokenlint=len(hits), misses_tokenlint=misses, findings_by_rule=dict(by_rule))
    else:
        say(f"    tokenlint  {failed(tl)}")
    if gl_ok:
        gl_exact = {(norm(f.get("File", "")), f.get("StartLine")) for f in gl_found}
        say(f"    gitleaks   exact {len(recall(expected, gl_exact)[0])}/{len(expected)}; {len(gl_found)} findings "
            "(for reference: its rules are generic)")
        info["recall_gitleaks"] = len(recall(expected, gl_exact)[0])
    table(["kind", "planted", "tokenlint"],
          [[k, sum(e["kind"] == k for e in expected), sum(e["kind"] == k for e in expected) -
            sum(e["kind"] == k for e in misses or [])] for k in sorted({e["kind"] for e in expected})])

    missed = vs_gl is None or vs_gl > TARGET_DENSE_VS_GITLEAKS or bool(misses)
    if ctx.args.profile or (missed and not ctx.args.no_profile):
        say("\nprofile of tokenlint history -j1 on the dense repository (a target was missed, or --profile):")
        scratch = Path(tempfile.mkdtemp(dir=ctx.tmp, prefix="cache-"))
        command = history_cmd(ctx, jobs=1)[len(ctx.tools.tokenlint):]
        info["cprofile_top"] = cprofile_top(ctx, root, "dense", command=command, env=history_env(scratch))
        top = top_share(ctx.workdir / "profile" / "dense.pstats")
        if top:
            say(f"  top function by own time: {top[0]}, {top[1]:.0%} of the profile; target: none above a third: "
                f"{verdict(top[1] <= TARGET_TOP_SHARE)}")
            say("  analysis functions by cumulative share (time in them and what they call): " +
                ", ".join(f"{n} {share:.0%}" for n, share in top[2]))
            worst = top[2][0][1] if top[2] else 0.0
            say(f"  largest cumulative share of one analysis function {worst:.0%}; target: none above a third: "
                f"{verdict(worst <= TARGET_TOP_SHARE)}")
            info["top_function"], info["top_function_share"], info["analysis_cumulative"] = top
    ctx.results["dense"] = info


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py", description=__doc__.split("\n\n")[0],
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small smoke-test sizes (about a minute)")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated subset of: {', '.join(CASES)} (default: all)")
    parser.add_argument("--workdir", type=Path, default=HERE / "out",
                        help="where generated trees and repositories live (default: bench/out, git-ignored)")
    parser.add_argument("--peers-venv", type=Path, default=peers.DEFAULT_VENV,
                        help="venv made by bench/setup-peers.sh (default: bench/.venv-peers)")
    parser.add_argument("--repeat", type=int, help="timed runs per command in the tree/history/ci cases")
    parser.add_argument("--timeout", type=float, help="seconds before a scanner is killed")
    parser.add_argument("--regen", action="store_true", help="regenerate data even when a cached copy matches")
    parser.add_argument("--profile", action="store_true",
                        help="profile tokenlint on the tree and the dense history even if they meet their targets, "
                             "and on the CI files")
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument("--history-repos", default=",".join(HISTORY_REPOS),
                        help=f"history case: comma-separated subset of {', '.join(HISTORY_REPOS)} (default: all)")
    parser.add_argument("--json", type=Path, help="also write every number here (default: WORKDIR/results.json)")
    args = parser.parse_args(argv)

    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    args.history_repos = [r.strip() for r in args.history_repos.split(",") if r.strip()]
    if any(r not in HISTORY_REPOS for r in args.history_repos):
        parser.error(f"--history-repos: choose from {', '.join(HISTORY_REPOS)}")
    sizes = SIZES["quick" if args.quick else "full"]
    overrides = {k: v for k, v in (("repeat", args.repeat), ("timeout", args.timeout)) if v is not None}
    if overrides:
        sizes = dataclasses.replace(sizes, **overrides)
    args.workdir.mkdir(parents=True, exist_ok=True)
    # tokenlint looks for a config upward from what it scans; inside this repository it would
    # find tokenlint's own .tokenlint.yml (with excludes). A neutral one at the top of the
    # workdir keeps every generated tree and repository on the defaults.
    (args.workdir / ".tokenlint.yml").write_text("# neutral config written by bench/run.py: defaults only\n{}\n")
    tools = peers.Tools(args.peers_venv)
    ctx = Ctx(args, sizes, tools, args.workdir.resolve())

    say(f"tokenlint benchmark, {'quick' if args.quick else 'full'} size, {time.strftime('%Y-%m-%d %H:%M:%S')}")
    say(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}")
    for line in tools.describe():
        say("  " + line)
    say(f"legend: {LEGEND}")
    ctx.results["meta"] = {"size": "quick" if args.quick else "full", "cores": os.cpu_count(),
                           "tools": tools.describe(), "started": time.time()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tokenlint-bench-") as tmp:
        ctx.tmp = Path(tmp)
        for case in cases:
            load = os.getloadavg()
            say(f"\n[load average before {case}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
                "other work on the machine inflates every wall time]")
            ctx.results.setdefault("load_before", {})[case] = load
            {"tree": case_tree, "history": case_history, "precommit": case_precommit, "ci": case_ci,
             "dense": case_dense}[case](ctx)
    ctx.results["meta"]["elapsed_s"] = time.perf_counter() - started
    out = args.json or ctx.workdir / "results.json"
    out.write_text(json.dumps(ctx.results, indent=1, default=str))
    say(f"\ndone in {time.perf_counter() - started:.0f} s; every number also in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
