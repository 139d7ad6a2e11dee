#!/usr/bin/env python3
"""How `tokenlint fix` does on files other people wrote: the real-world corpora's files laid out
as score.py lays them, every finding that has a fix planned, the rewrites written, and the
"never worse" checks run again from outside the fixer.

Per rule: findings that have a fix, how many were rewritten and how many left (with the
reasons, counted); then, over the written files: whether each still parses as before (bash -n,
YAML with the same structure, Python compile, JSON, `node --check` when node is installed),
whether a re-scan still reports a fixed rule on a changed line, and whether a second `fix`
changes anything. Nothing here keeps a secret: the tree is a temporary folder, deleted, and the
output holds rule names, counts and reasons only.

    python bench/realworld/fixscore.py --offline [--manifest bench/realworld/manifest.yaml ...]
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import score  # noqa: E402  (the corpus reader beside this script)

from tokenlint import api  # noqa: E402
from tokenlint.fixes import plan as fix_plan  # noqa: E402
from tokenlint.fixes import write as fix_write  # noqa: E402
from tokenlint.fixes.model import FixOptions  # noqa: E402
from tokenlint.fixes.verify import changed_lines  # noqa: E402


def _shape(node: object) -> object:
    if isinstance(node, dict):
        return {str(k): _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return type(node).__name__


def parses_as_before(path: Path, before: str, after: str) -> bool:
    """Checked here independently of tokenlint.fixes.verify, which made the same promise."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".yml", ".yaml"):
            return _shape(list(yaml.safe_load_all(before))) == _shape(list(yaml.safe_load_all(after)))
        if suffix == ".py":
            compile(after, str(path), "exec", dont_inherit=True)
        elif suffix == ".json":
            json.loads(after)
        elif suffix in (".js", ".mjs", ".cjs") and shutil.which("node"):
            return subprocess.run(["node", "--check", str(path)], capture_output=True, check=False).returncode == 0
        elif suffix in (".sh", ".bash") or after.startswith("#!/bin/bash") or after.startswith("#!/bin/sh"):
            old = subprocess.run(["bash", "-n"], input=before.encode(), capture_output=True, check=False).returncode
            new = subprocess.run(["bash", "-n", str(path)], capture_output=True, check=False).returncode
            return old != 0 or new == 0
    except (SyntaxError, ValueError, yaml.YAMLError):
        return False
    return True


def run(manifests: list[Path], mirror: Path, cache: Path, offline: bool) -> dict[str, object]:
    rules: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    reasons: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    checks = collections.Counter[str]()
    known = {p.slug for p in api.rules()}
    for manifest in manifests:
        files = score.load_manifest(manifest, known)
        with tempfile.TemporaryDirectory(prefix="tokenlint-fixscore-") as tmp, contextlib.chdir(tmp):
            score.build_tree(files, Path(tmp), mirror, cache, offline)
            settings = api.load_settings(["."], use_baseline=False)
            planned = fix_plan.plan(settings, FixOptions())
            for fixed in planned.files:
                for f in fixed.fixed:
                    rules[f.rule]["rewritten"] += 1
            for left in planned.left:
                rules[left.finding.rule]["left"] += 1
                reasons[left.finding.rule][left.reason] += 1
            for fixed in planned.files:
                fix_write.write(fixed)
                path = Path(fixed.path)
                checks["files written"] += 1
                checks["parse as before"] += parses_as_before(path, fixed.before, fixed.after)
            rescan = api.scan(api.load_settings(["."], use_baseline=False))
            fixable = {f.rule for fixed in planned.files for f in fixed.fixed}
            changed = {fixed.path: changed_lines(fixed.before, fixed.after) for fixed in planned.files}
            checks["fixed rule still on a changed line"] += sum(
                1 for f in rescan.findings
                if f.rule in fixable and f.location.line in changed.get(f.location.path, ()))
            again = fix_plan.plan(api.load_settings(["."], use_baseline=False), FixOptions())
            checks["files a second fix changes"] += len(again.files)
    return {"rules": {r: dict(c) for r, c in sorted(rules.items())},
            "left_reasons": {r: c.most_common(5) for r, c in sorted(reasons.items())},
            "checks": dict(checks)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", type=Path, action="append",
                    help="a corpus manifest (repeatable; default: every *.yaml beside this script)")
    ap.add_argument("--mirror", type=Path, default=score.DEFAULT_MIRROR)
    ap.add_argument("--cache", type=Path, default=score.DEFAULT_CACHE)
    ap.add_argument("--offline", action="store_true", help="never clone or fetch; mirrors and cache only")
    ap.add_argument("--out", type=Path, help="write the results as JSON here too")
    args = ap.parse_args(argv)
    manifests = args.manifest or sorted(HERE.glob("*.yaml"))
    os.environ.setdefault("TOKENLINT_CACHE_DIR", tempfile.mkdtemp(prefix="tokenlint-fixscore-cache-"))
    try:
        result = run(manifests, args.mirror, args.cache.resolve(), args.offline)
    except score.ScoreError as exc:
        print(f"fixscore: {exc}", file=sys.stderr)
        return 2
    for rule, counts in result["rules"].items():  # type: ignore[union-attr]
        total = counts.get("rewritten", 0) + counts.get("left", 0)
        print(f"{rule:40} {counts.get('rewritten', 0):4} of {total:4} rewritten")
        for reason, n in result["left_reasons"].get(rule, []):  # type: ignore[union-attr]
            print(f"    left {n:3}: {reason}")
    for name, n in result["checks"].items():  # type: ignore[union-attr]
        print(f"{name:40} {n}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
