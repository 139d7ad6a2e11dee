"""Reporters print; they never decide. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import Protocol

from tokenlint.results import ScanResult


class Writer(Protocol):
    """Where a reporter writes: a text file, stdout, or the redacting `redact.Stream` around one
    (output.emit always passes the latter; tests pass a StringIO)."""

    def write(self, s: str, /) -> int: ...


Reporter = Callable[[ScanResult, Writer, bool], None]

#: Every report format: its name on the command line -> the module whose `report` writes it.
FORMATS: dict[str, str] = {
    "text": "tokenlint.reporters.text",
    "json": "tokenlint.reporters.json",
    "sarif": "tokenlint.reporters.sarif",
    "junit": "tokenlint.reporters.junit",
    "github": "tokenlint.reporters.github",
    "markdown": "tokenlint.reporters.markdown",
    "code-insights": "tokenlint.reporters.code_insights",
}


def get(name: str, show_usage: bool = False, quiet: bool = False, verbose: bool = False) -> Reporter:
    """The reporter of a format; only the chosen format's module loads (start-up). `show_usage`
    puts the inventory before the findings in text (JSON always carries it); `quiet` leaves text
    with the findings and the summary line, `verbose` has it list every skipped file."""
    module = import_module(FORMATS[name])
    if name == "text" and (show_usage or quiet or verbose):
        return partial(module.report, show_usage=show_usage, quiet=quiet, verbose=verbose)
    report: Reporter = module.report
    return report
