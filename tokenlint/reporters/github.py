"""GitHub Actions workflow annotations (`--format github`): one workflow command per finding, which
the runner turns into an annotation on the file and line of the pull request's diff and of the
run's summary.

`::error` for a finding that fails the gate (`ScanResult.fails`, the exit code's answer),
`::warning` for one that does not, `::notice` for an info-level one; a file that could not be
scanned is an `::error` too. A last plain line gives the verdict and the counts.

The runner reads every line of the step's output as a possible command, so nothing from the
scanned repository may start one: every string is redacted, its control characters escaped
(`tokenlint.escape`: a newline in a file name becomes the two characters `\\n`), and then
escaped as the runner expects (`%`, CR and LF in the message; `:` and `,` as well in the
properties), so a file named `x\\n::add-mask::y` or `::stop-commands::z` stays inside its own
annotation.
"""

from __future__ import annotations

from tokenlint import escape, redact
from tokenlint.model import Finding, Severity
from tokenlint.reporters import Writer
from tokenlint.reporters.json import summary
from tokenlint.results import ScanResult


def data(s: str) -> str:
    """A command's message: redacted, on one line, and escaped as the runner unescapes it."""
    return escape.text(redact.text(s)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(s: str) -> str:
    """A command's property value (file, title): as `data`, and `:` and `,` escaped as well."""
    return data(s).replace(":", "%3A").replace(",", "%2C")


def filename(path: str) -> str:
    """The file property: the path as the repository names it when harmless (so GitHub can place
    the annotation), git-quoted when it holds control characters (it cannot be placed anyway)."""
    return prop(escape.path(redact.text(path)))


def command(result: ScanResult, f: Finding) -> str:
    kind = "error" if result.fails(f) else "notice" if f.severity == Severity.INFO else "warning"
    where = f"file={filename(f.location.path)},line={f.location.line},col={f.location.column}"
    if f.location.end_line is not None and f.location.end_line >= f.location.line:
        where += f",endLine={f.location.end_line}"
    title = prop(f"{f.code} {f.rule} ({f.severity})")
    message = f.message
    if f.secret is not None:
        message += f" Secret: {f.secret.kind} {f.secret.redacted} {f.secret.fingerprint}."
    if f.origin and "commit" in f.origin:
        message += f" Introduced in {str(f.origin['commit'])[:12]}."
    if f.remediation:
        message += f" Fix: {f.remediation}"
    info = result.rule(f.code)
    if info is not None and info.help_uri:
        message += f" ({info.help_uri})"
    return f"::{kind} {where},title={title}::{data(message)}\n"


def verdict(result: ScanResult) -> str:
    """The closing line: passed or failed, what fails the gate, the counts."""
    s = summary(result)
    failing = sum(1 for f in result.findings if result.fails(f))
    counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n) or "no findings"
    head = ("tokenlint: incomplete, some files could not be scanned" if result.errors else
            f"tokenlint: failed, {failing} finding(s) at or above {result.fail_on}" if failing else "tokenlint: passed")
    line = f"{head}; {s['findings']} finding(s) ({counts}) in {s['files_scanned']} file(s)"
    if s["skipped"]:
        line += "; skipped: " + ", ".join(f"{n} {reason}" for reason, n in s["skipped"].items())
    if s["errors"]:
        line += f"; {s['errors']} could not be scanned"
    return escape.text(redact.text(line)) + "\n"


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    lines = [command(result, f) for f in result.findings]
    lines.extend(f"::error file={filename(p.path)},title=tokenlint%3A not scanned::{data(p.reason)}\n"
                 for p in result.errors)
    lines.append(verdict(result))
    out.write("".join(lines))
