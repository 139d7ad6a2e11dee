"""Where every report and message goes out: the last redaction pass, escaping, safe writes.

Everything tokenlint prints passes through here (reports through a redacting `Stream`, one-line
messages through `say` and `out`), so the CLI never writes a byte of scanned input by itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import click

from tokenlint import escape, redact, safewrite
from tokenlint.reporters import Writer

R = TypeVar("R")  # what a reporter reports: a ScanResult, a Suggestion


def clean(message: str) -> str:
    """A message as it may reach a terminal: secrets redacted, control characters escaped."""
    return escape.text(redact.text(message))


def say(message: str) -> None:
    """One line on stderr, redacted and escaped: error messages quote paths and values that come
    from the scanned repository or its config."""
    click.echo(clean(message), err=True)


def out(message: str) -> None:
    """One line on stdout, redacted and escaped like `say`."""
    click.echo(clean(message))


def out_patch_line(line: str) -> None:
    """One line of a patch on stdout, cleaned like `out`, except that tabs (a Makefile's recipes)
    and a CRLF file's carriage return stay as they are: escaped, the patch would no longer apply
    to the file it was made from. Neither moves a terminal's cursor anywhere harmful."""
    body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    click.echo("\t".join(clean(part) for part in body.split("\t")) + cr)


def check_writable(output: str, what: str = "report") -> None:
    """Refuse, before any scan, an output file that could not be written safely at the end."""
    safewrite.check(Path(output), what)


def use_color(choice: str, terminal: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour standard output: `--color always|never` decide; `auto` colours a terminal
    only, and neither when NO_COLOR is set to anything (no-color.org; an explicit `always` wins)
    nor on a terminal that says it cannot (TERM=dumb)."""
    if choice != "auto":
        return choice == "always"
    return terminal and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def emit(report: Callable[[R, Writer, bool], None], result: R, output: str | None, color: str) -> None:
    """Run a reporter on a redacting stream (the last of the redaction passes, see tokenlint.redact);
    to `output` through a safe write when given (never coloured: a file is read by other tools),
    else to stdout."""
    if output:
        with safewrite.open_text(Path(output), "report") as fh:
            report(result, redact.Stream(fh), False)
        return
    report(result, redact.Stream(sys.stdout), use_color(color, sys.stdout.isatty()))


def emit_stderr(report: Callable[[R, Writer, bool], None], result: R) -> None:
    """Run a reporter onto stderr, redacted and never coloured: for a report that accompanies what
    stdout carries (`fix --diff --checklist`: the diff stays a clean patch)."""
    report(result, redact.Stream(sys.stderr), False)
