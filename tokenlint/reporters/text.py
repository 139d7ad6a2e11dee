"""Human output: findings grouped by file (each with its rule's page), then what could not be
scanned, the notes, then the counts; skipped files are counted by reason in the summary line and
listed one by one only with `--verbose`, since a repository of images would otherwise print a
line per image. `--quiet` leaves the findings and the summary line.

Every string that comes from the scanned repository (paths, messages quoting its URLs, commit
authors, notes) is printed through tokenlint.escape, so that no file name or author can forge a
line or send an escape sequence to the terminal; names go through `escape.path`, free text
through `escape.text` (`T` and `P` below). Redaction happens on the stream (cli._emit).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import click

from tokenlint import escape
from tokenlint.facts import ApiCall
from tokenlint.model import Confidence, Severity
from tokenlint.reporters import Writer
from tokenlint.reporters.json import summary
from tokenlint.results import ScanResult

#: `click.style`, or the identity when colour is off.
Style = Callable[..., str]

T, P = escape.text, escape.path

COLORS = {Severity.CRITICAL: "magenta", Severity.HIGH: "red", Severity.MEDIUM: "yellow",
          Severity.LOW: "cyan", Severity.INFO: "blue"}


def report(result: ScanResult, out: Writer, color: bool = False, show_usage: bool = False, quiet: bool = False,
           verbose: bool = False) -> None:
    """`quiet` prints no errors (the CLI says them on stderr), skipped files, notes or stale
    baseline entries; `verbose` lists every skipped file with its reason."""
    def style(text: str, **kw: Any) -> str:  # click.style's keywords, passed through
        return click.style(text, **kw) if color else text

    if show_usage:
        usage(result, out, style)

    for path, group in groupby(result.findings, key=lambda f: f.location.path):
        out.write(style(P(path), bold=True, underline=True) + "\n")
        for f in group:
            sev = style(f"{f.severity!s:8}", fg=COLORS[f.severity], bold=True)
            why_not = ("; not live code, never fails the run" if not f.gates
                       else "; never fails the run" if f.confidence == Confidence.LOW else "")
            out.write(f"  {f.location.line}:{f.location.column}  {sev} {T(f.code)} {style(T(f.rule), bold=True)}  "
                      f"{T(f.message)}  [confidence: {f.confidence}{why_not}]\n")
            if f.secret:
                secret = f"      secret: {T(f.secret.kind)} {T(f.secret.redacted)} {f.secret.fingerprint}"
                out.write(style(secret, dim=True) + "\n")
            if f.verification is not None:  # --verify: what Bitbucket said of it
                v = f.verification
                said = f"{v.state}" + (f" ({T(v.credential_type)})" if v.credential_type else "") \
                    + (f", scopes: {T(' '.join(v.scopes))}" if v.scopes else "")
                live = v.state == "live"
                out.write(style(f"      verify: {said}", fg="red" if live else None, bold=live) + "\n")
            if f.origin and "commit" in f.origin:  # a history finding: who introduced it, is it gone
                o = f.origin
                state = "still in HEAD" if o["in_head"] else "not in HEAD (history only)"
                out.write(style(f"      introduced in {T(o['commit'][:12])} by {T(o['author'])} <{T(o['email'])}> "
                                f"on {T(o['date'])}; {state}", dim=True) + "\n")
            for r in f.related:
                out.write(style(f"      {P(r.location.path)}:{r.location.line}: {T(r.message)}", dim=True) + "\n")
            if f.remediation:
                out.write(f"      fix: {T(f.remediation)}\n")
            rule = result.rule(f.code)
            if rule is not None and rule.help_uri:
                out.write(style(f"      docs: {T(rule.help_uri)}", dim=True) + "\n")
        out.write("\n")
    if not quiet:
        for p in result.problems:
            if p.error:
                out.write(f"{style('error', fg='red', bold=True)}: {P(p.path)}: {T(p.reason)}\n")
            elif verbose:
                out.write(f"{style('skipped', fg='yellow')}: {P(p.path)}: {T(p.reason)}\n")
        for note in result.notes:
            out.write(f"note: {T(note)}\n")
        for entry in result.stale_baseline or ():
            out.write(f"stale baseline entry: {T(entry.describe())} "
                      "(matches nothing; `tokenlint baseline update` drops it)\n")
    s = summary(result)
    counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n) or "no findings"
    line = f"{s['findings']} finding(s) ({counts}) in {s['files_scanned']} file(s), {s['bytes_scanned']} bytes scanned"
    if s["skipped"]:
        line += "; skipped: " + ", ".join(f"{n} {T(reason)}" for reason, n in s["skipped"].items())
        if not verbose:
            line += " (-v lists them)"
    if s["errors"]:
        line += f"; {s['errors']} could not be scanned"
    for bucket, n in s["suppressed"].items():
        line += f"; {n} {bucket.replace('-', ' ')} hidden"
    out.write(style(line, bold=True) + "\n")


def usage(result: ScanResult, out: Writer, style: Style) -> None:
    """The inventory: every Bitbucket call and remote, how it authenticates and what it touches."""
    inventory = result.inventory
    out.write(style(f"Bitbucket usage ({len(inventory)} calls and remotes)", bold=True) + "\n")
    for path, fact in inventory:
        if isinstance(fact, ApiCall):
            what, auth = f"{fact.method or '*'} {fact.template or fact.operation or fact.url}", str(fact.auth)
        else:
            what, auth = f"remote {fact.url}", "userinfo" if fact.credential else "none"
        by = f", by {fact.credential_evidence}" if fact.credential_evidence else ""
        cred = f" credential={fact.credential} ({fact.credential_kind}{by})" if fact.credential else ""
        user = f" user={fact.username}" if fact.username else ""
        touches = f" repo={fact.workspace}/{fact.repo}" if fact.workspace and fact.repo else ""
        note = " (commented out)" if fact.commented else " (documentation)" if fact.documentation else ""
        out.write(f"  {P(path)}:{fact.line}  {T(f'{fact.tool}: {what}  auth={auth}{user}{cred}{touches}')}{note}\n")
    out.write("\n")
