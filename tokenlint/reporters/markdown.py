"""A Markdown summary (`--format markdown`): for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

A headline (passed, failed or incomplete, and the counts by severity), then a table of findings
(severity, rule linked to its page, location, message), folded into `<details>` when it is
long, then what was not scanned and what was skipped.

Whatever came from the scanned repository is inert: paths are code spans (no link, mention,
emphasis or HTML inside), and messages have `&`, `<`, `>` written as entities and every other
character Markdown acts on (`\\`, backtick, `*`, `_`, `[`, `]`, `(`, `)`, `!`, `~`, `|`, `#`)
escaped with a backslash, so a file name or a URL in a message cannot add a link, an image, a
mention or HTML. Everything is redacted before it is escaped (an escape inside a token would
hide it from the redaction patterns).

GitHub refuses a comment over 65,536 characters: the table shows at most `ROWS_AT_MOST` findings
and stops earlier when it would pass `BUDGET` characters, then says how many it left out.
"""

from __future__ import annotations

import re
from collections import Counter

from tokenlint import escape, redact
from tokenlint.model import Finding
from tokenlint.reporters import Writer
from tokenlint.reporters.json import summary
from tokenlint.results import ScanResult

ROWS_AT_MOST = 100
FOLD_OVER = 10  # rows shown openly; a longer table is folded into <details>
BUDGET = 50_000  # characters for the whole table, well under GitHub's 65,536 per comment
CELL_AT_MOST = 400  # characters of a message cell
PATHS_AT_MOST = 20  # unscanned files listed

_ACTIVE = re.compile(r"([\\`*_\[\]()!~|#])")
ICON = {"passed": ":white_check_mark:", "failed": ":x:", "incomplete": ":warning:"}


def inline(s: str, limit: int = CELL_AT_MOST) -> str:
    """Free text as inert Markdown on one line: redacted, control characters escaped, cut to
    `limit` characters, then HTML entities and backslash escapes."""
    s = escape.text(redact.text(s))
    if len(s) > limit:
        s = s[:limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ACTIVE.sub(r"\\\1", s)


def code(s: str, limit: int = 200) -> str:
    """A path as a code span: redacted, escaped, cut, fenced by more backticks than it holds, and
    `|` escaped (a table cell ends at a bare `|`, even inside a code span)."""
    s = escape.path(redact.text(s))
    if len(s) > limit:
        s = "…" + s[-(limit - 1):]
    fence = "`" * (max((len(run) for run in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s.replace('|', chr(92) + '|')}{pad}{fence}"


def state(result: ScanResult) -> str:
    if result.errors:
        return "incomplete"
    return "failed" if any(result.fails(f) for f in result.findings) else "passed"


def headline(result: ScanResult) -> str:
    s = summary(result)
    verdict = state(result)
    failing = sum(1 for f in result.findings if result.fails(f))
    counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n)
    line = f"### {ICON[verdict]} tokenlint: {verdict}\n\n"
    if result.findings:
        line += (f"**{s['findings']} finding(s)** ({counts}), **{failing}** failing the gate "
                 f"(`--fail-on {result.fail_on}`)")
    else:
        line += "No findings"
    line += f" in {s['files_scanned']} file(s)."
    return line + "\n"


def row(result: ScanResult, f: Finding) -> str:
    info = result.rule(f.code)
    rule = inline(f"{f.code} {f.rule}")
    if info is not None and info.help_uri and re.fullmatch(r"https?://[^\s()<>\[\]]+", info.help_uri):
        rule = f"[{rule}]({info.help_uri})"
    severity = f"**{f.severity}**" if result.fails(f) else f"{f.severity}"
    message = f.message
    if f.secret is not None:
        message += f" ({f.secret.kind} {f.secret.redacted})"
    if f.origin and "commit" in f.origin:
        message += f" introduced in {str(f.origin['commit'])[:12]}"
    return f"| {severity} | {rule} | {code(f.location.path)}:{f.location.line} | {inline(message)} |\n"


def table(result: ScanResult) -> str:
    head = "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
    rows: list[str] = []
    size = len(head)
    for f in result.findings:
        line = row(result, f)
        if len(rows) == ROWS_AT_MOST or size + len(line) > BUDGET:
            break
        rows.append(line)
        size += len(line)
    body = head + "".join(rows)
    left = len(result.findings) - len(rows)
    if left:
        body += f"\n… and {left} more finding(s) not shown here (`--format json` or `--format sarif` lists them all).\n"
    if len(result.findings) > FOLD_OVER:
        by_rule = Counter(f.code for f in result.findings)
        top = ", ".join(f"{code}: {n}" for code, n in by_rule.most_common(5))
        return f"<details><summary>{len(result.findings)} findings ({top})</summary>\n\n{body}\n</details>\n"
    return body


def report(result: ScanResult, out: Writer, color: bool = False) -> None:
    parts = [headline(result)]
    if result.findings:
        parts.append(table(result))
    if result.errors:
        listed = "".join(f"- {code(p.path)}: {inline(p.reason)}\n" for p in result.errors[:PATHS_AT_MOST])
        more = len(result.errors) - PATHS_AT_MOST
        parts.append(f"**{len(result.errors)} file(s) could not be scanned:**\n\n{listed}"
                     + (f"- … and {more} more\n" if more > 0 else ""))
    skipped = summary(result)["skipped"]
    if skipped:
        parts.append("Skipped: " + ", ".join(f"{n} {inline(reason)}" for reason, n in skipped.items()) + ".\n")
    suppressed = summary(result)["suppressed"]
    if suppressed:
        parts.append("Hidden: " + ", ".join(f"{n} {inline(bucket.replace('-', ' '))}"
                                              for bucket, n in suppressed.items()) + ".\n")
    out.write("\n".join(parts))
