"""Reporters print; they never decide. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from tokenlint.results import ScanResult


class Writer(Protocol):
    """Where a reporter writes: a text file, stdout, or the redacting `redact.Stream` around one
    (output.emit always passes the latter; tests pass a StringIO)."""

    def write(self, s: str, /) -> int: ...


def get(name: str, show_usage: bool = False) -> Callable[[ScanResult, Writer, bool], None]:
    """The reporter of a format. `show_usage` puts the inventory before the findings in text (JSON
    always carries it)."""
    if name == "json":
        from tokenlint.reporters.json import report  # start-up: only the chosen format loads

        return report
    from tokenlint.reporters.text import report as text  # start-up: only the chosen format loads

    return partial(text, show_usage=True) if show_usage else text
