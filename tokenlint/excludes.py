"""`exclude:` and `--exclude`: patterns that behave like a .gitignore, anchored at their folder.

Users already know .gitignore, so excludes follow its syntax (through `pathspec`'s
gitwildmatch): `/vendor` matches only at the anchor folder, `vendor/` matches a folder at
any depth, a pattern with a slash in it is relative to the anchor, `**/x` matches at the top
too, `*` never crosses `/`, and `!pattern` re-includes what an earlier pattern excluded.
As in git, a file inside an excluded folder cannot be re-included (`vendor/` then
`!vendor/keep.py` still hides `vendor/keep.py`; write `vendor/*` to allow that).

The anchor is the folder the patterns come from: a config file's own folder, whatever folder
is scanned, and the current directory for `--exclude`. Every source (the tree walk, the
staged files, history and its snapshots) asks the same question: "is this path, relative to
the folder I list files from, excluded?", through a `Matcher` made for that folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tokenlint.errors import ConfigError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

#: How many paths a matcher remembers: history lists the same paths in commit after commit.
CACHE_SIZE = 1 << 16
#: A rule whose folder the root lies in: every path under the root is excluded.
EVERYTHING = "\0everything"


@dataclass(frozen=True)
class PatternSet:
    """Patterns and the folder they are relative to (absolute, symlinks resolved)."""

    anchor: str
    patterns: tuple[str, ...]
    spec: GitIgnoreSpec = field(compare=False, repr=False)

    @classmethod
    def of(cls, anchor: str | Path, patterns: Sequence[str], origin: str) -> PatternSet:
        """Compile `patterns`; a pattern pathspec refuses is a config error naming `origin`."""
        # lazy: ~50-90 ms, paid only by runs that have excludes (pre-commit start-up)
        from pathspec import GitIgnoreSpec

        try:
            spec = GitIgnoreSpec.from_lines(list(patterns))
        except Exception:  # pathspec raises several types for a bad pattern
            raise ConfigError(f"{origin}: exclude pattern {_first_bad(patterns)} is not a .gitignore pattern "
                              "(a lone '!' or a trailing backslash is not one)") from None
        return cls(os.path.realpath(anchor), tuple(patterns), spec)


@dataclass(frozen=True)
class Excludes:
    """Every exclude pattern of a run: the config's, then the command line's."""

    sets: tuple[PatternSet, ...] = ()

    def __bool__(self) -> bool:
        return any(s.patterns for s in self.sets)

    @classmethod
    def build(cls, config_patterns: Sequence[str] = (), config_folder: str | Path | None = None,
              cli_patterns: Sequence[str] = (), cwd: str | Path | None = None,
              origin: str = "config") -> Excludes:
        """Config patterns anchored at the config's folder, command-line ones at `cwd`."""
        sets = []
        if config_patterns and config_folder is not None:
            sets.append(PatternSet.of(config_folder, config_patterns, origin))
        if cli_patterns:
            sets.append(PatternSet.of(cwd if cwd is not None else os.getcwd(), cli_patterns, "--exclude"))
        return cls(tuple(sets))

    def under(self, root: str | Path) -> Matcher:
        """A matcher for paths relative to `root` (a folder walked, or a repository's top)."""
        real = os.path.realpath(root)
        rules: list[tuple[GitIgnoreSpec, str, str]] = []  # (spec, prefix to add, prefix to strip)
        for s in self.sets:
            if not s.patterns:
                continue
            if _within(real, s.anchor):  # root at or below the anchor: prefix root's place in it
                rel = _posix(os.path.relpath(real, s.anchor))
                add = "" if rel == "." else rel + "/"
                parts = add.split("/")[:-1]
                if any(s.spec.match_file("/".join(parts[:i]) + "/") for i in range(1, len(parts) + 1)):
                    rules.append((s.spec, add, EVERYTHING))  # root lies in an excluded folder
                else:
                    rules.append((s.spec, add, ""))
            elif _within(s.anchor, real):  # anchor below root: only paths under the anchor apply
                rules.append((s.spec, "", _posix(os.path.relpath(s.anchor, real)) + "/"))
            # else: the patterns' folder and the files are unrelated; the patterns hide nothing
        return Matcher(tuple(rules))


class Matcher:
    """Answers "is this path excluded?" for paths relative to one folder (posix separators)."""

    def __init__(self, rules: tuple[tuple[GitIgnoreSpec, str, str], ...]) -> None:
        self.rules = rules
        self.excluded: Callable[[str, bool], bool] = (
            lru_cache(maxsize=CACHE_SIZE)(self._excluded) if rules else _never)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def _excluded(self, path: str, is_dir: bool = False) -> bool:
        """The path, or a folder holding it, matches (git cannot re-include inside an excluded folder)."""
        parent = posixpath.dirname(path.rstrip("/"))
        if parent and self.excluded(parent, True):
            return True
        return self._matches(path.rstrip("/") + ("/" if is_dir else ""))

    def _matches(self, path: str) -> bool:
        for spec, add, strip in self.rules:
            if strip is EVERYTHING:
                return True
            if strip:
                if not path.startswith(strip):
                    continue
                candidate = path[len(strip):]
            else:
                candidate = add + path
            if candidate and spec.match_file(candidate):
                return True
        return False


def _first_bad(patterns: Sequence[str]) -> str:
    """Which pattern is wrong, by position: the value itself is not echoed (see redact.show_value)."""
    from pathspec import GitIgnoreSpec  # lazy, see PatternSet.of

    for number, pattern in enumerate(patterns, 1):
        try:
            GitIgnoreSpec.from_lines([pattern])
        except Exception:
            return f"#{number}"
    return "?"


def _never(path: str, is_dir: bool = False) -> bool:
    return False


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")
