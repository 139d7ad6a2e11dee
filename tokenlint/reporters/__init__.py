"""Reporters print; they never decide. One module per format."""

from __future__ import annotations

from typing import Callable, TextIO

from tokenlint.results import ScanResult


def get(name: str) -> Callable[[ScanResult, TextIO, bool], None]:
    if name == "json":
        from tokenlint.reporters.json import report  # start-up: only the chosen format loads
    else:
        from tokenlint.reporters.text import report  # start-up: only the chosen format loads
    return report
