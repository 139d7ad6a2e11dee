#!/usr/bin/env python3
"""Score tokenlint against a corpus of real files that other people wrote.

The corpus lives in ``manifest.yaml`` beside this script as coordinates only (repository,
commit, path) plus a reviewer's expected findings. This script brings each file in at its
commit, lays the files out as ``OWNER/NAME/PATH`` in a temporary tree (so a pipeline and the
script it runs stay side by side, as in their repository), runs the installed tokenlint on
that tree, and reports per-rule recall and precision.

Why a separate tree and not the repositories themselves: only the listed files are judged,
so every finding can be called right or wrong; a finding on a file nobody reviewed would be
neither.

Matching rule (documented in bench/README.md): a finding matches an expected entry when it
is in the same file, its rule is the entry's rule (or one of the entry's ``also_ok`` rules),
and its line is exactly one of the entry's lines (±0). An entry matched by at least one
finding is a true positive, an entry matched by none a false negative; a finding that
matches no entry is a false positive (that includes every finding of a rule the manifest
never mentions for that file). Several findings on one entry are all correct findings (none
is a false positive) and the entry counts once.

Nothing here keeps a secret: tokenlint's report is read from a temporary folder that is
deleted, and the results file holds rules, paths and lines only.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_MANIFEST = HERE / "manifest.yaml"
DEFAULT_MIRROR = Path("/work/.mirror")
DEFAULT_CACHE = REPO_ROOT / "bench" / "out" / "realworld-cache"
DEFAULT_OUT = REPO_ROOT / "bench" / "out" / "realworld.json"
LEVELS = ("low", "medium")  # --min-confidence low, and tokenlint's default

# Git run on other people's repositories: no hooks, no fsmonitor, no user or system config,
# no credential prompts, no exotic transports. Reading a blob runs none of these, but a
# cloned repository's config is not ours to trust.
GIT_HARDENING = [
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.fsmonitor=false",
    "-c", "core.sshCommand=/bin/false",
    "-c", "protocol.allow=never",
    "-c", "protocol.https.allow=always",
    "-c", "credential.helper=",
    "-c", "safe.directory=*",
]


class ScoreError(Exception):
    """A problem that stops the run; printed as one line, never as a traceback."""


def git_env() -> dict[str, str]:
    """Environment for git: no user/system config, never prompt for anything."""
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "/bin/false",
        "SSH_ASKPASS": "/bin/false",
        "GIT_NO_REPLACE_OBJECTS": "1",
    })
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def git(git_dir: Path | None, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run hardened git on ``git_dir`` (a bare or .git folder), capturing output as bytes."""
    cmd = ["git", *GIT_HARDENING]
    if git_dir is not None:
        cmd += ["--git-dir", str(git_dir)]
    cmd += list(args)
    proc = subprocess.run(cmd, capture_output=True, env=git_env(), stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScoreError(f"git {' '.join(args[:2])} failed: {msg[-1] if msg else 'exit ' + str(proc.returncode)}")
    return proc


# --------------------------------------------------------------------------- manifest


@dataclass
class Expected:
    """One finding a reviewer expects: a rule on one of a few acceptable lines."""

    rule: str
    lines: tuple[int, ...]
    also_ok: tuple[str, ...]
    note: str
    matched_by: list[dict] = field(default_factory=list)

    def accepts(self, rule: str, line: int) -> bool:
        return (rule == self.rule or rule in self.also_ok) and line in self.lines


@dataclass
class CorpusFile:
    """A file of the corpus: where it comes from and what a reviewer flags in it."""

    repo: str
    commit: str
    path: str
    description: str
    expected: list[Expected]

    @property
    def rel(self) -> str:
        """Path inside the scan tree: OWNER/NAME/PATH."""
        return f"{self.repo}/{self.path}"


def pending_rule_slugs(data: object) -> set[str]:
    """Slugs the manifest lists under ``pending_rules``: rules being built, not yet shipped.

    Why: the corpus is written ahead of the rules it measures. A slug listed there is accepted
    in ``rule`` and ``also_ok`` even when the installed tokenlint does not know it (its entries
    are then plain misses); a slug neither known nor pending is still a typo and an error.
    """
    raw = data.get("pending_rules") if isinstance(data, dict) else None
    if raw is None:
        return set()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
        raise ScoreError("manifest: pending_rules must be a list of rule slugs")
    return set(raw)


def load_manifest(path: Path, known_rules: set[str]) -> list[CorpusFile]:
    """Read and check the manifest; any mistake is a one-line error naming the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScoreError(f"cannot read manifest {path}: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise ScoreError(f"manifest {path}: expected a mapping with a 'files' list")
    known_rules = known_rules | pending_rule_slugs(data)
    files: list[CorpusFile] = []
    seen: set[str] = set()
    for i, item in enumerate(data["files"]):
        where = f"manifest entry {i + 1}"
        if not isinstance(item, dict):
            raise ScoreError(f"{where}: not a mapping")
        repo, commit, fpath = item.get("repo"), item.get("commit"), item.get("path")
        if not (isinstance(repo, str) and repo.count("/") == 1 and all(repo.split("/"))):
            raise ScoreError(f"{where}: repo must be owner/name, got {repo!r}")
        if not (isinstance(commit, str) and len(commit) == 40 and all(c in "0123456789abcdef" for c in commit)):
            raise ScoreError(f"{where} ({repo}): commit must be 40 lowercase hex digits")
        if not (isinstance(fpath, str) and fpath and not fpath.startswith("/") and ".." not in fpath.split("/")):
            raise ScoreError(f"{where} ({repo}): path must be relative inside the repository, got {fpath!r}")
        expected = []
        for j, exp in enumerate(item.get("expected") or []):
            ewhere = f"{where} ({repo}/{fpath}) expected {j + 1}"
            rule = exp.get("rule") if isinstance(exp, dict) else None
            if rule not in known_rules:
                raise ScoreError(f"{ewhere}: unknown rule {rule!r}")
            raw = exp.get("line")
            lines = raw if isinstance(raw, list) else [raw]
            if not lines or not all(isinstance(n, int) and n > 0 for n in lines):
                raise ScoreError(f"{ewhere}: line must be a positive integer or a list of them")
            also = exp.get("also_ok") or []
            if any(r not in known_rules for r in also):
                raise ScoreError(f"{ewhere}: unknown rule in also_ok {also!r}")
            expected.append(Expected(rule, tuple(lines), tuple(also), str(exp.get("note", ""))))
        cf = CorpusFile(repo, commit, fpath, str(item.get("description", "")).strip(), expected)
        if cf.rel in seen:
            raise ScoreError(f"{where}: {cf.rel} is listed twice (one commit per file)")
        seen.add(cf.rel)
        files.append(cf)
    if not files:
        raise ScoreError(f"manifest {path}: no files")
    return files


# --------------------------------------------------------------------------- fetching


def mirror_git_dir(mirror: Path, repo: str) -> Path | None:
    """The local mirror of ``repo`` if there is one (layout OWNER+NAME, bare or with .git)."""
    base = mirror / repo.replace("/", "+")
    for cand in (base / "repo" / ".git", base / "repo", base / ".git", base, Path(str(base) + ".git")):
        if cand.is_dir() and git(cand, "rev-parse", "--git-dir", check=False).returncode == 0:
            return cand
    return None


def cache_git_dir(cache: Path, repo: str, commit: str, offline: bool) -> Path:
    """A blobless clone of ``repo`` in the cache that has ``commit``; clones or fetches once."""
    target = cache / (repo.replace("/", "+") + ".git")
    if not target.is_dir():
        if offline:
            raise ScoreError(f"{repo}: no local mirror and --offline forbids cloning")
        cache.mkdir(parents=True, exist_ok=True)
        git(None, "clone", "--quiet", "--bare", "--filter=blob:none", "--no-checkout",
            f"https://github.com/{repo}", str(target))
    if git(target, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode != 0:
        if offline:
            raise ScoreError(f"{repo}: commit {commit[:12]} not in the cache and --offline forbids fetching")
        git(target, "fetch", "--quiet", "--filter=blob:none", "origin", commit)
    return target


def read_blob(git_dir: Path, commit: str, path: str) -> bytes:
    """Raw bytes of ``path`` at ``commit`` (cat-file: no textconv, no filters)."""
    proc = git(git_dir, "cat-file", "blob", f"{commit}:{path}", check=False)
    if proc.returncode != 0:
        raise ScoreError(f"{git_dir}: {path} not found at {commit[:12]}")
    return proc.stdout


def build_tree(files: list[CorpusFile], tree: Path, mirror: Path, cache: Path, offline: bool) -> dict[str, str]:
    """Write every corpus file under ``tree`` as OWNER/NAME/PATH; returns repo -> source used."""
    sources: dict[str, str] = {}
    dirs: dict[str, Path] = {}
    for cf in files:
        if cf.repo not in dirs:
            found = mirror_git_dir(mirror, cf.repo) if mirror.is_dir() else None
            dirs[cf.repo] = found or cache_git_dir(cache, cf.repo, cf.commit, offline)
            sources[cf.repo] = "mirror" if found else "cache"
        gd = dirs[cf.repo]
        if sources[cf.repo] == "cache":
            gd = cache_git_dir(cache, cf.repo, cf.commit, offline)
        dest = tree / cf.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(read_blob(gd, cf.commit, cf.path))
    # tokenlint looks for its config upward from what it scans: a neutral one keeps it on defaults.
    (tree / ".tokenlint.yml").write_text("# neutral config written by bench/realworld/score.py\n{}\n")
    return sources


# --------------------------------------------------------------------------- tokenlint


def tokenlint_cmd(explicit: str | None) -> list[str]:
    """The installed tokenlint: --tokenlint, else on PATH, else this interpreter's module."""
    if explicit:
        return explicit.split()
    found = shutil.which("tokenlint")
    if found:
        return [found]
    beside = Path(sys.executable).with_name("tokenlint")
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "tokenlint"]


def known_rule_slugs(cmd: list[str]) -> set[str]:
    """Rule slugs from `tokenlint rules` (second column)."""
    proc = subprocess.run([*cmd, "rules"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise ScoreError(f"`{' '.join(cmd)} rules` failed: {proc.stderr.strip()[:200]}")
    slugs = {parts[1] for parts in (ln.split() for ln in proc.stdout.splitlines()) if len(parts) > 1}
    if not slugs:
        raise ScoreError("`tokenlint rules` listed no rules")
    return slugs


def run_tokenlint(cmd: list[str], tree: Path, level: str, workdir: Path) -> dict:
    """Scan each repository of the tree on its own, at one confidence level; returns the merged
    JSON report. One scan per repository, as a user runs it: the cross-file rules join a
    credential's uses within one repository, and two repositories that both say
    `$BITBUCKET_API_TOKEN` must not be read as one."""
    merged: dict = {"findings": [], "problems": [], "summary": {"files_scanned": 0, "skipped": {}}}
    repos = sorted(p.relative_to(tree).as_posix() for owner in tree.iterdir() if owner.is_dir()
                   for p in owner.iterdir() if p.is_dir())
    for n, repo in enumerate(repos):
        report = workdir / f"report-{level}-{n}.json"
        proc = subprocess.run(
            [*cmd, "scan", "--format", "json", "--min-confidence", level, "--no-ignore", "-j", "1",
             "-o", str(report), "--", repo],
            cwd=tree, capture_output=True, text=True,
        )
        if proc.returncode not in (0, 1) or not report.exists():
            raise ScoreError(f"tokenlint scan of {repo} (--min-confidence {level}) exited {proc.returncode}: "
                             f"{(proc.stderr.strip().splitlines() or ['no message'])[-1]}")
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ScoreError(f"tokenlint report is not JSON: {exc}") from None
        merged["findings"] += data.get("findings", [])
        merged["problems"] += data.get("problems", [])
        summary = data.get("summary", {})
        merged["summary"]["files_scanned"] += summary.get("files_scanned") or 0
        for reason, count in (summary.get("skipped") or {}).items():
            merged["summary"]["skipped"][reason] = merged["summary"]["skipped"].get(reason, 0) + count
    return merged


def rel_path(path: str, tree: Path) -> str:
    """A finding's path relative to the tree, with forward slashes."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(tree.resolve())
        except ValueError:
            return path
    s = p.as_posix()
    return s[2:] if s.startswith("./") else s


# --------------------------------------------------------------------------- scoring

# File kinds for the per-language breakdown: issue 11 adds front ends per language, and its gain
# is read per language. Names first (Jenkinsfile, Dockerfile have no extension), then extensions.
KIND_BY_NAME = {"jenkinsfile": "groovy", "dockerfile": "docker", "makefile": "make",
                "gemfile": "ruby", "rakefile": "ruby"}
KIND_BY_EXT = {
    ".js": "js/ts", ".mjs": "js/ts", ".cjs": "js/ts", ".jsx": "js/ts", ".ts": "js/ts", ".tsx": "js/ts",
    ".java": "java", ".go": "go", ".php": "php", ".rb": "ruby", ".cs": "csharp",
    ".groovy": "groovy", ".gvy": "groovy", ".jenkinsfile": "groovy",
    ".tf": "hcl", ".hcl": "hcl", ".tfvars": "hcl",
    ".py": "python", ".sh": "shell", ".bash": "shell", ".zsh": "shell",
    ".yml": "yaml", ".yaml": "yaml", ".md": "docs", ".markdown": "docs", ".rst": "docs", ".txt": "docs",
}
KIND_ORDER = ("js/ts", "java", "go", "php", "ruby", "csharp", "groovy", "hcl", "python",
              "shell", "yaml", "docker", "make", "docs", "other")


def file_kind(path: str) -> str:
    """The language or kind a corpus file is counted under in the per-language breakdown."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in KIND_BY_NAME or name.startswith(("jenkinsfile", "dockerfile")):
        return KIND_BY_NAME.get(name) or ("groovy" if name.startswith("jenkinsfile") else "docker")
    dot = name.rfind(".")
    return KIND_BY_EXT.get(name[dot:], "other") if dot > 0 else "other"


def per_language(files: list[CorpusFile], expected: dict[str, list[Expected]],
                 findings: list[dict], false_pos: list[dict]) -> dict[str, dict]:
    """Recall and precision per file kind, from the already matched entries and findings."""
    kind_of = {cf.rel: file_kind(cf.path) for cf in files}
    rows: dict[str, dict] = {}

    def row(kind: str) -> dict:
        return rows.setdefault(kind, {"files": 0, "clean_files": 0, "expected": 0, "tp": 0, "fn": 0,
                                      "findings": 0, "fp": 0, "clean_flagged": 0})

    for cf in files:
        r = row(kind_of[cf.rel])
        r["files"] += 1
        r["clean_files"] += 0 if cf.expected else 1
    for rel, entries in expected.items():
        r = row(kind_of[rel])
        for e in entries:
            r["expected"] += 1
            r["tp" if e.matched_by else "fn"] += 1
    for f in findings:
        row(kind_of.get(f["path"], file_kind(f["path"])))["findings"] += 1
    for f in false_pos:
        row(kind_of.get(f["path"], file_kind(f["path"])))["fp"] += 1
    clean = {cf.rel for cf in files if not cf.expected}
    for rel in {f["path"] for f in false_pos if f["path"] in clean}:
        row(kind_of[rel])["clean_flagged"] += 1
    for r in rows.values():
        r["recall"] = round(r["tp"] / r["expected"], 3) if r["expected"] else None
        r["precision"] = round((r["findings"] - r["fp"]) / r["findings"], 3) if r["findings"] else None
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def score(files: list[CorpusFile], report: dict, tree: Path) -> dict:
    """Match findings to expected entries; per-rule and overall counts, misses, false positives."""
    by_rel = {cf.rel: cf for cf in files}
    expected = {cf.rel: [Expected(e.rule, e.lines, e.also_ok, e.note) for e in cf.expected] for cf in files}
    findings = []
    for f in report.get("findings", []):
        rel = rel_path(f.get("path", ""), tree)
        findings.append({"rule": f.get("rule"), "path": rel, "line": f.get("line"),
                         "confidence": f.get("confidence"), "severity": f.get("severity")})
    false_pos = []
    per_rule: dict[str, dict[str, int]] = {}

    def row(rule: str) -> dict[str, int]:
        return per_rule.setdefault(rule, {"expected": 0, "tp": 0, "fn": 0, "findings": 0, "fp": 0})

    for f in findings:
        row(f["rule"])["findings"] += 1
        hits = [e for e in expected.get(f["path"], []) if e.accepts(f["rule"], f["line"])]
        for e in hits:
            e.matched_by.append(f)
        if not hits:
            row(f["rule"])["fp"] += 1
            cf = by_rel.get(f["path"])
            false_pos.append({**f, "repo": cf.repo if cf else None,
                              "file": cf.path if cf else f["path"],
                              "commit": cf.commit if cf else None})
    misses = []
    for rel, entries in expected.items():
        cf = by_rel[rel]
        for e in entries:
            r = row(e.rule)
            r["expected"] += 1
            if e.matched_by:
                r["tp"] += 1
            else:
                r["fn"] += 1
                misses.append({"repo": cf.repo, "file": cf.path, "commit": cf.commit, "rule": e.rule,
                               "lines": list(e.lines), "note": e.note,
                               "same_file_findings": sorted({(g["rule"], g["line"]) for g in findings
                                                             if g["path"] == rel})})
    total = {k: sum(r[k] for r in per_rule.values()) for k in ("expected", "tp", "fn", "findings", "fp")}
    for r in [*per_rule.values(), total]:
        r["recall"] = round(r["tp"] / r["expected"], 3) if r["expected"] else None
        r["precision"] = round((r["findings"] - r["fp"]) / r["findings"], 3) if r["findings"] else None
    clean = [cf.rel for cf in files if not cf.expected]
    clean_flagged = sorted({fp["path"] for fp in false_pos if fp["path"] in clean})
    return {
        "per_rule": dict(sorted(per_rule.items())),
        "per_language": per_language(files, expected, findings, false_pos),
        "overall": total,
        "misses": misses,
        "false_positives": false_pos,
        "clean_files": len(clean),
        "clean_files_flagged": clean_flagged,
        "problems": [{"path": rel_path(p.get("path", ""), tree), "message": p.get("message", "")}
                     for p in report.get("problems", [])],
        "skipped": report.get("summary", {}).get("skipped", {}),
        "files_scanned": report.get("summary", {}).get("files_scanned"),
    }


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def print_table(level: str, res: dict) -> None:
    """Per-rule table, then the misses and the false positives, one line each."""
    print(f"\n== tokenlint --min-confidence {level}: {res['files_scanned']} files scanned ==")
    head = f"{'rule':34} {'expected':>8} {'TP':>4} {'FN':>4} {'found':>6} {'FP':>4} {'recall':>7} {'precision':>9}"
    print(head)
    print("-" * len(head))
    for rule, r in res["per_rule"].items():
        print(f"{rule:34} {r['expected']:>8} {r['tp']:>4} {r['fn']:>4} {r['findings']:>6} {r['fp']:>4} "
              f"{fmt(r['recall']):>7} {fmt(r['precision']):>9}")
    t = res["overall"]
    print("-" * len(head))
    print(f"{'overall':34} {t['expected']:>8} {t['tp']:>4} {t['fn']:>4} {t['findings']:>6} {t['fp']:>4} "
          f"{fmt(t['recall']):>7} {fmt(t['precision']):>9}")
    print(f"clean files (nothing expected): {res['clean_files']}, flagged: {len(res['clean_files_flagged'])}")
    print_languages(res["per_language"])
    if res["misses"]:
        print("misses (expected, not found):")
        for m in res["misses"]:
            lines = ",".join(map(str, m["lines"]))
            print(f"  FN {m['rule']:30} {m['repo']}/{m['file']}:{lines}  {m['note']}")
    if res["false_positives"]:
        print("false positives (found, not expected):")
        for f in res["false_positives"]:
            print(f"  FP {f['rule']:30} {f['repo']}/{f['file']}:{f['line']}  ({f['confidence']})")
    for p in res["problems"]:
        print(f"  problem: {p['path']}: {p['message']}")
    if res["skipped"]:
        print(f"  skipped by tokenlint: {res['skipped']}")


def print_languages(per_lang: dict[str, dict]) -> None:
    """Per-language table (by file kind): where the corpus's expectations and findings sit."""
    head = (f"{'language':10} {'files':>5} {'clean':>5} {'expected':>8} {'TP':>4} {'FN':>4} {'found':>6} "
            f"{'FP':>4} {'recall':>7} {'precision':>9} {'clean flagged':>13}")
    print("per language:")
    print(head)
    print("-" * len(head))
    for kind, r in per_lang.items():
        print(f"{kind:10} {r['files']:>5} {r['clean_files']:>5} {r['expected']:>8} {r['tp']:>4} {r['fn']:>4} "
              f"{r['findings']:>6} {r['fp']:>4} {fmt(r['recall']):>7} {fmt(r['precision']):>9} "
              f"{r['clean_flagged']:>13}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR,
                    help="folder of local mirrors, OWNER+NAME as a git dir (default: %(default)s)")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                    help="where blobless clones go when a repository has no mirror (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON (default: %(default)s)")
    ap.add_argument("--levels", default=",".join(LEVELS),
                    help="comma-separated --min-confidence levels to score (default: %(default)s)")
    ap.add_argument("--tokenlint", help="command that runs tokenlint (default: the installed one)")
    ap.add_argument("--offline", action="store_true", help="never clone or fetch; mirrors and cache only")
    ap.add_argument("--keep-tree", type=Path,
                    help="also copy the assembled corpus tree here (holds others' files: keep it out of git)")
    args = ap.parse_args(argv)
    try:
        levels = [lv.strip() for lv in args.levels.split(",") if lv.strip()]
        bad = [lv for lv in levels if lv not in ("low", "medium", "high")]
        if bad or not levels:
            raise ScoreError(f"--levels takes low, medium, high; got {args.levels!r}")
        cmd = tokenlint_cmd(args.tokenlint)
        files = load_manifest(args.manifest, known_rule_slugs(cmd))
        results: dict = {"manifest": str(args.manifest), "files": len(files),
                         "repositories": len({f.repo for f in files}),
                         "expected": sum(len(f.expected) for f in files), "levels": {}}
        with tempfile.TemporaryDirectory(prefix="tokenlint-realworld-") as tmp:
            tree = Path(tmp) / "tree"
            work = Path(tmp) / "work"
            tree.mkdir()
            work.mkdir()
            results["sources"] = build_tree(files, tree, args.mirror, args.cache, args.offline)
            if args.keep_tree:
                shutil.copytree(tree, args.keep_tree, dirs_exist_ok=True)
            print(f"corpus: {len(files)} files from {results['repositories']} repositories, "
                  f"{results['expected']} expected findings, "
                  f"{sum(1 for f in files if not f.expected)} files with nothing to flag")
            for level in levels:
                res = score(files, run_tokenlint(cmd, tree, level, work), tree)
                results["levels"][level] = res
                print_table(level, res)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwritten: {args.out}")
        return 0
    except ScoreError as exc:
        print(f"score.py: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("score.py: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
