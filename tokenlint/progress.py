"""A one-line progress bar on stderr, for the scans long enough to leave a user wondering.

History (and a tree of many files) can take a while; a terminal user should see that it moves:
what is done, findings so far, the rate. It says nothing when nobody watches: when stderr is not
a terminal (a pipe, a file, CI logs), under pre-commit or a CI system (both capture stderr and
would keep every redraw), with `--quiet`, or when TERM is dumb. It prints counts only, never a
path or any other text of the scanned repository, so there is nothing in it to redact; the one
exception is `label`, which a caller sets to a name it has redacted and escaped itself (the
fleet scan's last repository).

The line is redrawn in place (`\\r`, then erase to the end of the line) at most ten times a
second, cut to the terminal's width (a wrapped line could not be redrawn), and erased at the
end, so the report that follows starts on a clean line.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TextIO

INTERVAL = 0.1  # seconds between redraws, at least
ERASE = "\x1b[K"
#: Set by CI systems (CI: GitHub Actions, GitLab, Bitbucket Pipelines, Travis, CircleCI ...) and pre-commit.
QUIET_ENV = ("CI", "BITBUCKET_BUILD_NUMBER", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "TF_BUILD", "PRE_COMMIT")


def wanted(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a bar on `stream` (default stderr) would be seen by a person at a terminal."""
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if any(environ.get(name) for name in QUIET_ENV) or environ.get("TERM") == "dumb":
        return False
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """Counters shown as one line: `tokenlint history: 120 commits, 845 blobs, 2 findings, 310 blobs/s`.

    `unit` is what the rate counts (blobs, files); `total` of it, when known, shows as done/total.
    A disabled bar (not `shown`) costs one comparison per update.
    """

    def __init__(self, what: str, unit: str, *, total: int | None = None, shown: bool = False,
                 stream: TextIO | None = None) -> None:
        self.what = what
        self.unit = unit
        self.total = total
        self.shown = shown
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.commits: int | None = None  # shown only when counted
        self.findings = 0
        self.start = time.monotonic()
        self.drawn = 0.0  # when the line was last drawn (0: never)
        self.width = 0  # of what is on the terminal now
        self.label = ""  # shown last; the caller redacts and escapes it

    def update(self, done: int = 0, findings: int = 0, commits: int = 0) -> None:
        self.done += done
        self.findings += findings
        if commits:
            self.commits = (self.commits or 0) + commits
        if not self.shown:
            return
        now = time.monotonic()
        if now - self.drawn >= INTERVAL:
            self.drawn = now
            self._draw(self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = (time.monotonic() if now is None else now) - self.start
        parts = [] if self.commits is None else [_count(self.commits, "commit")]
        parts.append(f"{self.done}/{self.total} {self.unit}" if self.total is not None
                     else _count(self.done, self.unit.rstrip("s")))
        parts.append(_count(self.findings, "finding"))
        if elapsed >= 0.5:
            parts.append(f"{self.done / elapsed:.0f} {self.unit}/s")
        if self.label:
            parts.append(self.label)
        return f"tokenlint {self.what}: " + ", ".join(parts)

    def close(self) -> None:
        """Erase the line (the report, or an error message, follows on a clean line)."""
        if self.shown and self.drawn:
            self._write("\r" + ERASE)
        self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _draw(self, text: str) -> None:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 0
        if columns <= 0:  # a terminal that does not say (a fresh pseudo-terminal): $COLUMNS, else 80
            columns = shutil.get_terminal_size((80, 24)).columns
        self._write("\r" + text[:max(columns - 1, 10)] + ERASE)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the scan goes on without a bar
            self.shown = False


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
