"""Enumerate the files of a tree to scan, as git would show them (tracked plus untracked but
not ignored) inside a work tree, or every file elsewhere."""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tokenlint import gitutil

STDIN = "-"


@dataclass(frozen=True)
class Target:
    display: str  # the path shown in reports, posix style
    fs_path: str  # where to read it ("-" for standard input)


@dataclass(frozen=True)
class Problem:
    """Something not scanned. `error` problems make the run incomplete (exit 3)."""

    path: str
    reason: str
    error: bool


def excluded(relpath: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(relpath, pattern) or fnmatch.fnmatchcase(relpath, pattern + "/*"):
            return True
        parts = relpath.split("/")
        if any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts))):
            return True
    return False


def _display(path: Path) -> str:
    try:
        rel = path.relative_to(Path.cwd())
        return rel.as_posix() if str(rel) != "." else "."
    except ValueError:
        return path.as_posix()


def collect(paths: list[str], *, use_gitignore: bool = True, exclude: list[str] = ()) -> tuple[list[Target], list[Problem]]:
    targets: list[Target] = []
    problems: list[Problem] = []
    for raw in paths:
        if raw == STDIN:
            targets.append(Target("<stdin>", STDIN))
            continue
        path = Path(raw)
        try:
            st = path.lstat()
        except OSError as exc:
            problems.append(Problem(raw, f"cannot scan: {exc.strerror or exc}", True))
            continue
        if stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and path.is_dir()):
            targets.extend(_walk(path, use_gitignore, exclude, problems))
        else:
            targets.append(Target(_display(path), str(path)))  # named explicitly: scanned even if ignored
    return targets, problems


def _walk(root: Path, use_gitignore: bool, exclude: list[str], problems: list[Problem]) -> Iterator[Target]:
    base = _display(root)
    prefix = "" if base == "." else base + "/"
    if use_gitignore and gitutil.work_tree_root(root) is not None:
        listed = gitutil.run_git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".", check=False)
        if listed.returncode == 0:
            seen = set()
            for entry in listed.stdout.split(b"\0"):
                if not entry:
                    continue
                rel = os.fsdecode(entry)
                if rel in seen or excluded(rel, exclude):
                    continue  # a file with merge conflicts is listed once per stage
                seen.add(rel)
                yield Target(prefix + rel, str(root / rel))
            return
        problems.append(Problem(base, "git ls-files failed; walked the directory without .gitignore", False))

    def onerror(exc: OSError) -> None:
        problems.append(Problem(_display(Path(exc.filename)), f"cannot read directory: {exc.strerror}", True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else Path(rel_dir).as_posix() + "/"
        for d in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            problems.append(Problem(prefix + rel_dir + d, "symlink to a directory, not followed", False))
            dirnames.remove(d)
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not excluded(rel_dir + d, exclude))
        for name in sorted(filenames):
            rel = rel_dir + name
            if not excluded(rel, exclude):
                yield Target(prefix + rel, os.path.join(dirpath, name))
