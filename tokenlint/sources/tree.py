"""Enumerate the files of a tree to scan, as git would show them (tracked plus untracked but
not ignored) inside a work tree, or every file elsewhere."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from tokenlint import gitutil
from tokenlint.excludes import Excludes, Matcher
from tokenlint.model import STDIN, Problem, Target

__all__ = ["STDIN", "Problem", "Target", "collect", "listing"]


def _display(path: Path) -> str:
    try:
        rel = path.relative_to(Path.cwd())
        return rel.as_posix() if str(rel) != "." else "."
    except ValueError:
        return path.as_posix()


_NO_EXCLUDES = Excludes()


def collect(paths: list[str], *, use_gitignore: bool = True, excludes: Excludes = _NO_EXCLUDES,
            force_exclude: bool = False, strict: bool = False) -> tuple[list[Target], list[Problem]]:
    """The files to scan under `paths`; folders are walked, less what `excludes` hides. A file
    named on its own is scanned whatever the excludes say, unless `force_exclude` (as pre-commit
    names every file it wants checked, the config's excludes must apply to those names).
    A file git tracks but the work tree lacks is a warning, an error when `strict`."""
    problems: list[Problem] = []
    targets = list(listing(paths, problems, use_gitignore=use_gitignore, excludes=excludes,
                           force_exclude=force_exclude, strict=strict))
    return targets, problems


def listing(paths: list[str], problems: list[Problem], *, use_gitignore: bool = True,
            excludes: Excludes = _NO_EXCLUDES, force_exclude: bool = False, strict: bool = False) -> Iterator[Target]:
    """`collect`'s files one by one as the walk finds them (what could not be listed goes to
    `problems`), so a scan can start on the first files while the walk goes on."""
    for raw in paths:
        if raw == STDIN:
            yield Target("<stdin>", STDIN)
            continue
        path = Path(raw)
        try:
            st = path.lstat()
        except OSError as exc:
            problems.append(Problem(raw, f"cannot scan: {exc.strerror or exc}", True))
            continue
        if stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and path.is_dir()):
            yield from _walk(path, use_gitignore, excludes.under(path), problems, strict=strict)
        elif force_exclude and excludes.under(path.parent).excluded(path.name, False):
            problems.append(Problem(_display(path), "excluded by the config or --exclude", False))
        else:
            yield Target(_display(path), _fs(str(path)))  # named explicitly: scanned even if ignored


def _fs(path: str) -> str:
    """A path to read: a file named `-` becomes `./-`, never the standard-input marker."""
    return os.path.join(os.curdir, path) if path == STDIN else path


#: Why a file git tracks is not scanned when the work tree lacks it (`git rm` not run, or not yet).
MISSING = "tracked by git but missing from the work tree (deleted, not committed)"


def _walk(root: Path, use_gitignore: bool, exclude: Matcher, problems: list[Problem],
          under: str = "", strict: bool = False) -> Iterator[Target]:
    """The files under `root`; `under` is root's path inside the folder the user named, which
    `exclude` matches paths against.

    A tracked file that git already found missing when it listed the tree is a warning (the
    deletion is part of the change being made; nothing is there to leak), an error only when
    `strict`; a file that vanishes later, while the scan runs, stays an error (scanner.read_target).
    """
    base = _display(root)
    prefix = "" if base == "." else base + "/"
    if use_gitignore:
        found = _git_listing(root, base, problems)
        if found is not None:
            listed, missing = found
            for rel in listed:
                if exclude.excluded(under + rel, rel.endswith("/")):
                    continue
                if rel in missing:
                    problems.append(Problem(prefix + rel, MISSING, strict))
                    continue
                full = os.path.join(str(root), rel.rstrip("/"))
                if rel.endswith("/") or _is_dir(full):  # a nested repository, or a submodule (gitlink)
                    if exclude.excluded(under + rel, True):
                        continue
                    yield from _nested(Path(full), use_gitignore, exclude, problems, under + rel.rstrip("/") + "/",
                                       strict)
                else:
                    yield Target(prefix + rel, full)
            return

    def onerror(exc: OSError) -> None:
        problems.append(Problem(_display(Path(exc.filename)), f"cannot read directory: {exc.strerror}", True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else Path(rel_dir).as_posix() + "/"
        for d in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            problems.append(Problem(prefix + rel_dir + d, "symlink to a directory, not followed", False))
            dirnames.remove(d)
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not exclude.excluded(under + rel_dir + d, True))
        for name in sorted(filenames):
            rel = rel_dir + name
            if not exclude.excluded(under + rel, False):
                yield Target(prefix + rel, os.path.join(dirpath, name))


def _git_listing(root: Path, base: str, problems: list[Problem]) -> tuple[list[str], set[str]] | None:
    """Tracked files plus untracked ones the tree's .gitignore files do not exclude, and which of
    the tracked ones the work tree lacks (one `ls-files`: `-t` tags those `R`); None: walk instead.

    Git's view is used only where it describes the files on disk: the work tree git reports
    must hold `root` (a `core.worktree`, or a `.git` file whose repository names one, points git
    at another folder, whose files it would list instead), and only the `.gitignore` files in
    the tree may hide a file, not `.git/info/exclude` or `core.excludesFile`, which are local
    state nobody reviews. The index can only add names: a file it does not list is untracked,
    and listed unless a .gitignore excludes it.
    """
    top = gitutil.work_tree_root(root)
    if top is None:
        return None
    real_root, real_top = os.path.realpath(root), os.path.realpath(top)
    if real_root != real_top and not real_root.startswith(real_top.rstrip(os.sep) + os.sep):
        problems.append(Problem(base, f"git's work tree for this folder is {top} (set by core.worktree or a .git "
                                      "file), not the folder itself: walked the directory instead, without .gitignore",
                                False))
        return None
    listed = gitutil.run_git(root, "ls-files", "-z", "-t", "--cached", "--deleted", "--others",
                             "--exclude-per-directory=.gitignore", "--", ".", check=False)
    if listed.returncode != 0:
        problems.append(Problem(base, "git ls-files failed; walked the directory without .gitignore", False))
        return None
    seen: dict[str, None] = {}
    missing: set[str] = set()
    for entry in listed.stdout.split(b"\0"):
        if entry:  # "T path": T is R for a deleted file (also listed as cached), else H, S, M, ? ...
            tag, name = entry[:1], os.fsdecode(entry[2:])
            if tag == b"R":
                missing.add(name)
            else:
                seen.setdefault(name)  # a file with merge conflicts is listed once per stage
    return list(seen), missing


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _nested(folder: Path, use_gitignore: bool, exclude: Matcher, problems: list[Problem],
            under: str, strict: bool = False) -> Iterator[Target]:
    """A repository inside the scanned tree: its files are on disk, so they are scanned too.

    git lists an untracked nested repository as `dir/` and a submodule as one entry, never
    their files; a secret there is as leaked as anywhere else in the folder (gitleaks' and
    trufflehog's directory scans read it too). Each is listed by its own git, with its own
    .gitignore; a submodule that is not checked out (an empty folder) is reported as skipped.
    """
    if os.path.lexists(folder / ".git"):
        yield from _walk(folder, use_gitignore, exclude, problems, under, strict)
        return
    try:
        empty = not any(os.scandir(folder))
    except OSError as exc:
        problems.append(Problem(_display(folder), f"cannot read directory: {exc.strerror}", True))
        return
    if empty:
        problems.append(Problem(_display(folder), "submodule not checked out: no files to scan", False))
        return
    yield from _walk(folder, False, exclude, problems, under)
