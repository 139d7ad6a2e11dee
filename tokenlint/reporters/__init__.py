"""Reporters print; they never decide. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tokenlint.results import ScanResult


class Writer(Protocol):
    """Where a reporter writes: a text file, stdout, or the redacting `redact.Stream` around one
    (output.emit always passes the latter; tests pass a StringIO)."""

    def write(self, s: str, /) -> int: ...


def get(name: str) -> Callable[[ScanResult, Writer, bool], None]:
    if name == "json":
        from tokenlint.reporters.json import report  # start-up: only the chosen format loads
    else:
        from tokenlint.reporters.text import report  # start-up: only the chosen format loads
    return report
