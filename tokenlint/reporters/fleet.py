"""The fleet summary (tokenlint.fleet.summary) in text, JSON and one static HTML page.

Like every reporter, these print a plain dict and decide nothing. Every string came from scanned
repositories (names, paths, messages): the dict is redacted before anything is rendered, text
escapes control characters, and HTML escapes every string; the page loads nothing (inline CSS,
inline script and inline SVG charts, with a Content-Security-Policy that allows only those, by
hash), so it can be mailed, archived as a CI artefact and opened offline.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Sequence
from typing import Any

import click

from tokenlint import escape, redact
from tokenlint.reporters import Writer
from tokenlint.reporters.json import dumps

Summary = dict[str, Any]

SEVERITIES = ("critical", "high", "medium", "low", "info")

#: How many rows of each list the text summary shows before "… and N more".
TEXT_ROWS = 10


def _clean(summary: Summary) -> Summary:
    """The summary with every string redacted (shapes and positions) and valid UTF-8."""
    cleaned: Summary = escape.json_safe(redact.shapes().deep(summary))
    return cleaned


def report_json(summary: Summary, out: Writer, color: bool = False) -> None:
    out.write(dumps(summary))


# --- text -----------------------------------------------------------------------------------

def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _names(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit} more)" if len(names) > limit else "")


def _more(out: Writer, total: int, shown: int) -> None:
    if total > shown:
        out.write(f"  … and {total - shown} more (summary.json, report.html)\n")


def _replacement(rep: dict[str, Any] | None) -> str:
    if not rep:
        return "no recipe (no call with known needs)"
    where = f" on {rep['resource']}" if rep.get("resource") else ""
    return f"{rep['label']}{where}: {', '.join(rep.get('scopes') or []) or 'no scope'}"


def headline(summary: Summary) -> str:
    """One line: repositories by status and findings (the first line of every rendering)."""
    r, f = summary["repositories"], summary["findings"]
    parts = [f"{r['scanned']} scanned"]
    if r["incomplete"]:
        parts.append(f"{r['incomplete']} incomplete")
    if r["failed"]:
        parts.append(f"{r['failed']} failed")
    return (f"{_plural(r['total'], 'repository', 'repositories')} ({', '.join(parts)}): "
            f"{_plural(f['total'], 'finding')} ({f['failing']} failing) in "
            f"{_plural(r['with_findings'], 'repository', 'repositories')}")


def report_text(summary: Summary, out: Writer, color: bool = False) -> None:
    """Compact: the headline, severities, top rules, credentials by type, shared leaks, the
    app-password migration list and wider tokens (each capped), and every failed repository."""
    s = _clean(summary)
    T = escape.text

    def bold(text: str) -> str:
        return click.style(text, bold=True) if color else text

    def section(title: str) -> None:
        out.write("\n" + bold(title) + "\n")

    out.write(bold("tokenlint fleet: " + headline(s)) + "\n")
    sev = s["findings"]["by_severity"]
    out.write("by severity: " + ", ".join(f"{name} {sev.get(name, 0)}" for name in SEVERITIES) + "\n")

    rules = s["findings"]["by_rule"]
    if rules:
        section("Top rules")
        width = max(len(r["rule"]) for r in rules[:TEXT_ROWS])
        for r in rules[:TEXT_ROWS]:
            out.write(f"  {T(r['rule']).ljust(width)}  {T(r['code']):6} {r['findings']:>6} "
                      f"({r['failing']} failing) in {_plural(r['repos'], 'repository', 'repositories')}\n")
        _more(out, len(rules), TEXT_ROWS)

    creds = s["credentials"]
    if creds:
        section("Credentials by type (leaked: distinct secrets found; in use: credentials calls use)")
        width = max(len(c["label"]) for c in creds)
        for c in creds:
            out.write(f"  {T(c['label']).ljust(width)}  leaked {c['leaked']:>4}  in use {c['in_use']:>4}  "
                      f"{T(_names(c['repos']))}\n")

    shared = s["shared_leaks"]
    if shared:
        section(f"One leak, many places ({_plural(len(shared), 'secret')} in several repositories)")
        for leak in shared[:TEXT_ROWS]:
            places = [f"{p['repo']}:{p['path']}:{p['line']}" for p in leak["places"]]
            out.write(f"  {T(leak['redacted'])} ({T(leak['kind'])}, {T(leak['fingerprint'])}) in "
                      f"{_plural(len(leak['repos']), 'repository', 'repositories')}: {T(_names(places))}\n")
        _more(out, len(shared), TEXT_ROWS)

    migration = s["migration"]
    if migration:
        section(f"App-password migration ({_plural(len(migration), 'remaining use')})")
        for m in migration[:TEXT_ROWS]:
            what = m["call"] or m["credential"] or m["rule"] or ""
            out.write(f"  {T(m['repo'])}  {T(m['path'])}:{m['line']}  {T(what)}  ->  "
                      f"{T(_replacement(m['replacement']))}\n")
        _more(out, len(migration), TEXT_ROWS)

    wider = s["wider_tokens"]
    if wider:
        section(f"Tokens wider than their use ({len(wider)})")
        for w in wider[:TEXT_ROWS]:
            out.write(f"  {T(w['repo'])}  {T(w['path'])}:{w['line']}  {T(w['credential'] or w['rule'])}  ->  "
                      f"{T(_replacement(w['recommended']))}\n")
        _more(out, len(wider), TEXT_ROWS)

    troubled = [r for r in s["repos"] if r["status"] != "scanned"]
    if troubled:
        section(f"Not scanned, or not completely ({len(troubled)})")
        for r in troubled:  # every one: each is why the run exits 3
            out.write(f"  {T(r['repo'])}: {r['status']}: {T(r['reason'] or '')}\n")


# --- HTML -----------------------------------------------------------------------------------

_SEVERITY_COLOURS = {"critical": "#8e1b1b", "high": "#d9480f", "medium": "#e8a317", "low": "#3b7dd8",
                     "info": "#8a94a6"}
_STATUS_COLOURS = {"scanned": "#2f9e44", "incomplete": "#e8a317", "failed": "#c92a2a"}

_CSS = """
:root{--ink:#1d2330;--muted:#5f6b7a;--line:#dfe3ea;--bg:#f5f7fa;--card:#fff;--brand:#0b3d91}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header{background:var(--brand);color:#fff;padding:20px 32px}
header h1{margin:0;font-size:22px;font-weight:600}
header p{margin:4px 0 0;opacity:.85}
main{padding:20px 32px 48px;max-width:1400px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:12px;margin-bottom:18px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 16px}
.kpi b{display:block;font-size:24px}
.kpi span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi.bad b{color:#c92a2a}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px;margin-bottom:8px}
.chart svg{display:block;max-width:480px}
td code.loc{color:var(--muted);font-size:11px;background:none;padding:0}
section,.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;
margin-bottom:16px}
h2{font-size:16px;margin:0 0 10px}
h2 small{color:var(--muted);font-weight:400}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f6;font-weight:600;white-space:nowrap;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending]::after{content:" \\25BC";font-size:10px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#f8fafc}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f7;padding:1px 4px;
border-radius:3px;overflow-wrap:anywhere}
td.path{min-width:13em}
section{overflow-x:auto}
.sev{display:inline-block;padding:0 6px;border-radius:9px;color:#fff;font-size:12px}
.sev-critical{background:#8e1b1b}.sev-high{background:#d9480f}.sev-medium{background:#e8a317}
.sev-low{background:#3b7dd8}.sev-info{background:#8a94a6}
.st-failed{color:#c92a2a;font-weight:600}.st-incomplete{color:#b7791f;font-weight:600}.st-scanned{color:#2f9e44}
.empty{color:var(--muted)}
input.filter{margin:0 0 8px;padding:5px 8px;border:1px solid var(--line);border-radius:5px;width:280px}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}
footer{color:var(--muted);font-size:12px;padding:0 32px 24px}
"""

_JS = """
(function(){
  function key(cell){
    var v = cell.getAttribute('data-v');
    if (v !== null && v !== '' && !isNaN(v)) { return [0, parseFloat(v), '']; }
    return [1, 0, (v !== null ? v : cell.textContent).toLowerCase()];
  }
  function sortBy(table, col, dir){
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === 'descending' ? -1 : 1;
    rows.sort(function(a, b){
      var x = key(a.cells[col]), y = key(b.cells[col]);
      if (x[0] !== y[0]) { return x[0] - y[0]; }
      if (x[1] !== y[1]) { return sign * (x[1] - y[1]); }
      if (x[2] !== y[2]) { return sign * (x[2] < y[2] ? -1 : 1); }
      return 0;
    });
    rows.forEach(function(r){ body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th, i){
      if (i === col) { th.setAttribute('aria-sort', dir); } else { th.removeAttribute('aria-sort'); }
    });
    table.setAttribute('data-sorted', col + ':' + dir);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function(th, i){
      th.setAttribute('title', 'Sort');
      th.addEventListener('click', function(){
        var now = th.getAttribute('aria-sort');
        sortBy(table, i, now === 'descending' ? 'ascending' : (now === 'ascending' ? 'descending'
               : (th.classList.contains('n') ? 'descending' : 'ascending')));
      });
    });
    var first = table.getAttribute('data-default-sort');
    if (first) { var p = first.split(':'); sortBy(table, parseInt(p[0], 10), p[1]); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('input.filter'), function(input){
    var table = document.getElementById(input.getAttribute('data-table'));
    input.addEventListener('input', function(){
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function(r){
        r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
  document.documentElement.setAttribute('data-js', 'ready');
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


#: The page may run its own script and style (by hash) and load nothing at all.
CSP = (f"default-src 'none'; script-src '{_sha256(_JS)}'; style-src '{_sha256(_CSS)}'; img-src 'none'; "
       "base-uri 'none'; form-action 'none'")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _num(n: int | float) -> str:
    return f'<td class="n" data-v="{n}">{n}</td>'


def _table(table_id: str, headers: Sequence[tuple[str, bool]], rows: Sequence[str], *, default_sort: str = "",
           empty: str = "None.", filter_box: bool = False) -> str:
    if not rows:
        return f'<p class="empty" id="{table_id}-empty">{_e(empty)}</p>'
    head = "".join(f'<th{" class=n" if numeric else ""}>{_e(title)}</th>' for title, numeric in headers)
    sort = f' data-default-sort="{_e(default_sort)}"' if default_sort else ""
    box = (f'<input class="filter" type="search" placeholder="Filter rows…" data-table="{table_id}" '
           f'aria-label="Filter">' if filter_box else "")
    return (f'{box}<table class="sortable" id="{table_id}"{sort}><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _bars(chart_id: str, title: str, items: Sequence[tuple[str, int, str]], width: int = 420) -> str:
    """A horizontal bar chart as inline SVG: one bar per (label, value, colour)."""
    row, left, right = 24, 165, 36
    height = max(1, len(items)) * row + 10
    top = max((v for _, v, _ in items), default=0) or 1
    parts = [f'<svg id="{chart_id}" class="bars" role="img" aria-label="{_e(title)}" width="100%" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, value, colour) in enumerate(items):
        y = 5 + i * row
        w = 0 if value == 0 else max(2, round((width - left - right) * value / top))
        shown = name if len(name) <= 25 else name[:24] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{_e(shown)}</text>'
                     f'<rect class="bar" x="{left}" y="{y + 3}" width="{w}" height="{row - 8}" rx="3" '
                     f'fill="{colour}"><title>{_e(name)}: {value}</title></rect>'
                     f'<text x="{left + w + 5}" y="{y + 16}">{value}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><h2>{_e(title)}</h2>{"".join(parts)}</div>'


def _sev(name: str) -> str:
    return f'<span class="sev sev-{_e(name)}">{_e(name)}</span>'


def _rep(rep: dict[str, Any] | None) -> str:
    if not rep:
        return '<span class="empty">no recipe (no call with known needs)</span>'
    where = f" on <code>{_e(rep['resource'])}</code>" if rep.get("resource") else ""
    scopes = " ".join(f"<code>{_e(s)}</code>" for s in rep.get("scopes") or []) or "no scope"
    return f"<b>{_e(rep['label'])}</b>{where}<br>{scopes}"


def _worst(by_severity: dict[str, int]) -> str:
    return next((s for s in SEVERITIES if by_severity.get(s)), "")


def _severity_cell(name: str) -> str:
    """A severity badge, sorting critical first (its index in SEVERITIES), none last."""
    rank = SEVERITIES.index(name) if name in SEVERITIES else len(SEVERITIES)
    return f'<td data-v="{rank}">{_sev(name) if name else ""}</td>'


def render_html(summary: Summary) -> str:
    """The page, as one string (see the module docstring for what it may load: nothing)."""
    s = _clean(summary)
    repos, findings = s["repositories"], s["findings"]
    kpis = [("repositories", repos["total"], False), ("scanned", repos["scanned"], False),
            ("incomplete", repos["incomplete"], repos["incomplete"] > 0),
            ("failed", repos["failed"], repos["failed"] > 0), ("findings", findings["total"], False),
            ("failing the gate", findings["failing"], findings["failing"] > 0),
            ("shared leaks", len(s["shared_leaks"]), bool(s["shared_leaks"])),
            ("app-password uses", len(s["migration"]), bool(s["migration"]))]
    kpi_html = "".join(f'<div class="kpi{" bad" if bad else ""}"><b>{value}</b><span>{_e(name)}</span></div>'
                       for name, value, bad in kpis)

    charts = "".join([
        _bars("chart-severity", "Findings by severity",
              [(name, findings["by_severity"].get(name, 0), _SEVERITY_COLOURS[name]) for name in SEVERITIES]),
        _bars("chart-rules", "Findings by rule (top 12)",
              [(r["rule"], r["findings"], _SEVERITY_COLOURS.get(_worst(r["by_severity"]), "#8a94a6"))
               for r in findings["by_rule"][:12]]),
        _bars("chart-status", "Repositories by status",
              [(name, repos[name], _STATUS_COLOURS[name]) for name in ("scanned", "incomplete", "failed")]),
    ])

    repo_rows = [
        f'<tr><td><b>{_e(r["repo"])}</b><br><code class="loc">{_e(r["location"])}</code></td>'
        f'<td class="st-{_e(r["status"])}" data-v="{_e(r["status"])}">{_e(r["status"])}'
        + (f'<br><small>{_e(r["reason"])}</small>' if r["reason"] else "") + "</td>"
        + _num(r["findings"]) + _num(r["failing"])
        + "".join(_num(r["by_severity"].get(name, 0)) for name in ("critical", "high", "medium", "low"))
        + _num(r["files"]) + _num(r["seconds"]) + "</tr>"
        for r in s["repos"]]
    rule_rows = [
        "<tr><td>" + (f'<a href="{_e(r["docs"])}" rel="noreferrer noopener">{_e(r["rule"])}</a>' if r["docs"]
                      else _e(r["rule"]))
        + f'</td><td>{_e(r["code"])}</td>' + _severity_cell(_worst(r["by_severity"]))
        + _num(r["findings"]) + _num(r["failing"]) + _num(r["repos"]) + "</tr>"
        for r in findings["by_rule"]]
    cred_rows = [
        f'<tr><td>{_e(c["label"])}<br><code>{_e(c["type"])}</code></td>' + _num(c["leaked"]) + _num(c["in_use"])
        + _num(len(c["repos"])) + f'<td>{", ".join(_e(n) for n in c["repos"])}</td></tr>'
        for c in s["credentials"]]
    leak_rows = [
        f'<tr><td><code>{_e(leak["redacted"])}</code><br><small><code>{_e(leak["fingerprint"])}</code></small></td>'
        f'<td>{_e(leak["kind"])}</td>' + _num(len(leak["repos"]))
        + "<td>" + "<br>".join(f'{_e(p["repo"])}: <code>{_e(p["path"])}:{p["line"]}</code>'
                               + (" (history)" if p["scope"] != "tree" else "") for p in leak["places"])
        + "</td></tr>"
        for leak in s["shared_leaks"]]
    migration_rows = [
        f'<tr><td>{_e(m["repo"])}</td><td class="path"><code>{_e(m["path"])}</code></td>' + _num(m["line"])
        + f'<td>{_e(m["credential"] or "")}</td><td>' + (f'<code>{_e(m["call"])}</code>' if m["call"] else "")
        + (f'<small>{_e(m["message"])}</small>' if m["message"] and not m["call"] else "")
        + f'</td><td>{_rep(m["replacement"])}</td></tr>'
        for m in s["migration"]]
    wider_rows = [
        f'<tr><td>{_e(w["repo"])}</td><td class="path"><code>{_e(w["path"])}</code></td>' + _num(w["line"])
        + f'<td>{_e(w["credential"] or "")}</td><td>{_e(w["rule"])}</td>'
        f'<td>{" ".join(f"<code>{_e(x)}</code>" for x in w["scopes"] or []) or _e(w["resource"] or "")}</td>'
        f'<td>{_rep(w["recommended"])}</td></tr>'
        for w in s["wider_tokens"]]

    sections = [
        ("shared", "One leak, many places", "the same secret in several repositories: rotate it once, fix it "
         "everywhere", _table("table-shared", [("Secret", False), ("Kind", False), ("Repos", True),
                                               ("Where", False)], leak_rows,
                              empty="No secret appears in more than one repository.")),
        ("migration", "App-password migration", "every remaining use of an app password or account password, "
         "and the token to use instead", _table(
             "table-migration", [("Repository", False), ("Path", False), ("Line", True), ("Credential", False),
                                 ("Call", False), ("Replace with", False)], migration_rows,
             empty="No app password or account password in use.", filter_box=len(migration_rows) > 10)),
        ("wider", "Tokens wider than their use", "", _table(
            "table-wider", [("Repository", False), ("Path", False), ("Line", True), ("Credential", False),
                            ("Rule", False), ("Has", False), ("Recommended", False)], wider_rows,
            empty="No token is wider than its use.")),
        ("repos", "Repositories", "click a header to sort",
         _table("table-repos", [("Repository", False), ("Status", False), ("Findings", True), ("Failing", True),
                                ("Critical", True), ("High", True), ("Medium", True), ("Low", True),
                                ("Files", True), ("Seconds", True)],
                repo_rows, default_sort="2:descending", empty="No repository.", filter_box=len(repo_rows) > 10)),
        ("rules", "Findings by rule", "", _table(
            "table-rules", [("Rule", False), ("Code", False), ("Severity", False), ("Findings", True),
                            ("Failing", True), ("Repositories", True)], rule_rows, empty="No finding.")),
        ("credentials", "Credentials by type", "leaked: distinct secrets found; in use: credentials calls use",
         _table("table-credentials", [("Type", False), ("Leaked", True), ("In use", True), ("Repos", True),
                                      ("Repositories", False)], cred_rows, empty="No credential.")),
    ]
    body = "".join(f'<section id="{sid}"><h2>{_e(title)}' + (f" <small>{_e(note)}</small>" if note else "")
                   + f"</h2>{table}</section>" for sid, title, note, table in sections)
    tool = s["tool"]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>tokenlint fleet report</title><style>{_CSS}</style></head><body>"
        f"<header><h1>tokenlint fleet report</h1><p>{_e(headline(s))}</p></header><main>"
        f'<div class="kpis">{kpi_html}</div><div class="charts">{charts}</div>{body}</main>'
        f"<footer>{_e(tool['name'])} {_e(tool['version'])} · exit code {s['exit_code']} · "
        f"{s['seconds']} s of scanning</footer>"
        f"<script>{_JS}</script></body></html>\n")


def report_html(summary: Summary, out: Writer, color: bool = False) -> None:
    out.write(redact.Redacted(render_html(summary)))  # every string was redacted before it was escaped


def get(name: str) -> Callable[[Summary, Writer, bool], None]:
    return {"json": report_json, "html": report_html}.get(name, report_text)
