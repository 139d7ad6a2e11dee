"""The baseline: findings a team has accepted, so a scan reports only what is new.

An entry names a rule and what the finding was about, never where in the file: a secret by
its hash (so it stays accepted wherever it moves), anything else by the finding's
line-independent fingerprint plus its path. With no line numbers, timestamps or tool version
in it, and entries sorted, the file changes only when the accepted findings change, and two
branches that touch different findings do not conflict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tokenlint import safewrite, validation
from tokenlint.errors import TokenlintError
from tokenlint.model import Finding
from tokenlint.results import Entry  # lives beside ScanResult, which reports stale entries

__all__ = ["Baseline", "BaselineError", "Entry", "load"]

VERSION = 1
_SECRET_KEYS = {"secret": "'sha256:' and 20 hex digits", "redacted": "a string of at most 24 characters"}


class BaselineError(TokenlintError):
    pass


@dataclass(frozen=True)
class Baseline:
    entries: frozenset[Entry]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        return cls(frozenset(Entry.of(f) for f in findings))

    def match(self, finding: Finding) -> Entry | None:
        """The entry that accepts this finding, if any."""
        entry = Entry.of(finding)
        return entry if entry in self.entries else None

    def stale(self, matched: set[Entry]) -> list[Entry]:
        """Entries no finding of a scan matched: the code they accepted is gone."""
        return sorted(self.entries - matched)

    def dumps(self) -> str:
        return json.dumps({"version": VERSION, "entries": [e.to_json() for e in sorted(self.entries)]},
                          indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Replace the file in one step (see tokenlint.safewrite): an interrupted or concurrent
        write never leaves half a baseline, and no symlink at or beside it is followed."""
        safewrite.write_text(path, self.dumps(), "baseline")


def load(path: Path) -> Baseline:
    """Read and validate a baseline; every defect is one line naming the file and the place."""
    if path.exists() and not path.is_file():  # a FIFO or /dev/zero would never end
        raise BaselineError(f"{path}: baseline is not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline does not exist "
                            f"(create it with `tokenlint baseline create -o {path}`)") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: baseline is not valid UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON in baseline: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{path}: invalid baseline: nested too deeply") from None
    try:
        error = validation.first_error("baseline", data)
    except RecursionError:
        raise BaselineError(f"{path}: invalid baseline: nested too deeply") from None
    if error is not None:
        key = error.absolute_path[-1] if error.absolute_path else None
        if key in _SECRET_KEYS:  # never echo a value that may be the secret itself
            place = ".".join(map(str, error.absolute_path))
            raise BaselineError(f"{path}: invalid baseline at {place}: expected {_SECRET_KEYS[key]} "
                                "(value not shown: it may be a secret)")
        raise BaselineError(f"{path}: invalid baseline {validation.describe(error)}")
    return Baseline(frozenset(Entry.from_json(e) for e in data["entries"]))
