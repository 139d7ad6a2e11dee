"""Human output: findings grouped by file, then what was skipped, then the counts."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

import click

from tokenlint.api import ScanResult
from tokenlint.model import Severity
from tokenlint.reporters.json import summary

COLORS = {Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
          Severity.LOW: "cyan", Severity.INFO: "blue"}


def report(result: ScanResult, out: TextIO, color: bool = False) -> None:
    def style(text: str, **kw) -> str:
        return click.style(text, **kw) if color else text

    for path, group in groupby(result.findings, key=lambda f: f.location.path):
        out.write(style(path, bold=True, underline=True) + "\n")
        for f in group:
            sev = style(f"{str(f.severity):8}", fg=COLORS[f.severity], bold=True)
            out.write(f"  {f.location.line}:{f.location.column}  {sev} {f.code} {f.rule}  {f.message}"
                      f"  [confidence: {f.confidence}]\n")
            if f.secret:
                out.write(style(f"      secret: {f.secret.kind} {f.secret.redacted} {f.secret.fingerprint}", dim=True) + "\n")
            for r in f.related:
                out.write(style(f"      {r.location.path}:{r.location.line}: {r.message}", dim=True) + "\n")
            if f.remediation:
                out.write(f"      fix: {f.remediation}\n")
        out.write("\n")
    for p in result.problems:
        label = style("error", fg="red", bold=True) if p.error else style("skipped", fg="yellow")
        out.write(f"{label}: {p.path}: {p.reason}\n")
    for note in result.notes:
        out.write(f"note: {note}\n")
    s = summary(result)
    counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n) or "no findings"
    line = f"{s['findings']} finding(s) ({counts}) in {s['files_scanned']} file(s), {s['bytes_scanned']} bytes scanned"
    if s["skipped"]:
        line += "; skipped: " + ", ".join(f"{n} {reason}" for reason, n in s["skipped"].items())
    if s["errors"]:
        line += f"; {s['errors']} could not be scanned"
    for bucket, n in s["suppressed"].items():
        line += f"; {n} {bucket.replace('-', ' ')} hidden"
    out.write(style(line, bold=True) + "\n")
