"""The one summary of a fleet run: what a security team asks of many repositories at once.

`summarize` reads nothing but the records (one per repository, as `results.jsonl` holds them),
so a resumed run, a merge of shards from other machines and the run that just finished all give
the same summary from the same records. It answers, in a deterministic order: how many
repositories were scanned, failed or left incomplete (and why); findings by rule and severity;
which credential types sit where; the same secret leaked in several repositories; every
remaining use of an app password or account password with the token `suggest` recommends in
its place; and tokens wider than their use. The dict is JSON (schemas/fleet.schema.json) and
every renderer (tokenlint.reporters.fleet) prints it as it is: deciding happens here.

Records come from files a run wrote, possibly on another machine, possibly by another version:
a missing or odd-typed field is read as empty rather than failing the summary.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tokenlint import __version__
from tokenlint.fleet.model import Record
from tokenlint.inference import TYPE_LABELS

#: The version of the summary's shape (`version` in summary.json; schemas/fleet.schema.json).
SUMMARY_VERSION = 1

SEVERITIES = ("critical", "high", "medium", "low", "info")

#: Rules whose findings are a remaining use of a password-type credential Bitbucket rejects.
MIGRATION_RULES = ("app-password-in-use", "account-password-in-use")
#: `suggest`'s current types that are such credentials (`password`: app or account password).
MIGRATION_TYPES = ("app-password", "password", "account-password")
#: Rules whose findings say a token is wider than what its calls use.
WIDER_RULES = ("token-wider-than-repository", "scope-beyond-use")

#: Labels of the secret kinds that `suggest` has no label for (tokenlint.facts.CredentialKind).
_KIND_LABELS = {
    "app-password": "app password", "api-token": "API token", "access-token": "access token",
    "datacenter-token": "Data Center token", "oauth-consumer-secret": "OAuth consumer secret",
    "oauth-consumer": "OAuth consumer", "oauth-access-token": "OAuth access token", "bearer-token": "bearer token",
    "token": "token of unknown kind", "password": "password", "secret": "secret", "unknown": "unknown",
}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _num(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def label(kind: str) -> str:
    """How people call a credential type or secret kind."""
    return TYPE_LABELS.get(kind) or _KIND_LABELS.get(kind) or kind


def status(record: Mapping[str, Any]) -> str:
    """"failed" (nothing scanned), "incomplete" (scanned, but something asked for could not be:
    the repository's scan would have exited 3) or "scanned"."""
    if record.get("status") != "scanned":
        return "failed"
    if record.get("exit_code") == 3 or any(_dict(p).get("error") for p in _list(record.get("problems"))):
        return "incomplete"
    return "scanned"


def _reason(record: Mapping[str, Any], state: str) -> str | None:
    if state == "failed":
        return _str(record.get("reason")) or "no reason recorded"
    if state == "incomplete":
        errors = [_dict(p) for p in _list(record.get("problems")) if _dict(p).get("error")]
        if not errors:
            return "the scan was incomplete"
        first = f"{_str(errors[0].get('path'))}: {_str(errors[0].get('reason'))}"
        return first + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    return None


def _docs_links() -> dict[tuple[str, str], str]:
    """(code, slug) -> the page of each built-in rule, for the reports' links."""
    from tokenlint import api  # start-up: the policies load only when a summary is made

    links: dict[tuple[str, str], str] = {}
    for policy in api.rules():
        info = policy.info()
        if info.help_uri:
            links[(info.code, info.slug)] = info.help_uri
    return links


def _places(credentials: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """(path, line) -> the credential used or handed over there (first one wins: sorted input)."""
    at: dict[tuple[str, int], dict[str, Any]] = {}
    for c in credentials:
        for w in _list(c.get("where")) + _list(c.get("calls")):
            w = _dict(w)
            at.setdefault((_str(w.get("path")), _int(w.get("line"))), c)
    return at


def _call_at(credential: dict[str, Any] | None, path: str, line: int) -> str | None:
    if credential is None:
        return None
    for call in _list(credential.get("calls")):
        call = _dict(call)
        if _str(call.get("path")) == path and _int(call.get("line")) == line:
            text = f"{_str(call.get('method'))} {_str(call.get('endpoint'))}".strip()
            pipe = _str(call.get("pipe"))
            return f"{text} (pipe {pipe})" if pipe else text or None
    return None


def _replacement(credential: dict[str, Any] | None) -> dict[str, Any] | None:
    rec = _dict(credential.get("recommended")) if credential else {}
    if not rec:
        return None
    kind = _str(rec.get("type"))
    return {"type": kind, "label": label(kind), "resource": rec.get("resource") if isinstance(rec.get("resource"), str)
            else None, "scopes": [s for s in _list(rec.get("scopes")) if isinstance(s, str)]}


def _severity_counts(findings: Iterable[dict[str, Any]]) -> dict[str, int]:
    counted = Counter(_str(f.get("severity")) for f in findings)
    return {s: counted.get(s, 0) for s in SEVERITIES}


def _repo_sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def summarize(records: Iterable[Record]) -> dict[str, Any]:
    """The fleet summary of `records` (one per repository; a repository named twice counts
    once, the later record winning, as a resumed run or a merge means). JSON-able, valid against
    schemas/fleet.schema.json, and in a deterministic order whatever order the records came in."""
    by_repo: dict[str, Record] = {}
    for record in records:
        if isinstance(record, dict):
            by_repo[_str(record.get("repo"), "(unnamed)")] = record
    names = sorted(by_repo, key=_repo_sort_key)
    docs = _docs_links()

    repos: list[dict[str, Any]] = []
    states: Counter[str] = Counter()
    rule_rows: dict[str, dict[str, Any]] = {}
    rule_repos: dict[str, set[str]] = defaultdict(set)
    kinds_leaked: dict[str, set[str]] = defaultdict(set)
    kinds_in_use: Counter[str] = Counter()
    kind_repos: dict[str, set[str]] = defaultdict(set)
    leaks: dict[str, dict[str, Any]] = {}
    seen_places: set[tuple[str, str, str, int, str]] = set()
    migration: dict[tuple[str, str, int], dict[str, Any]] = {}
    wider: list[dict[str, Any]] = []
    all_findings = 0
    failing = 0
    severities: Counter[str] = Counter()
    seconds = 0.0
    exit_code = 0

    for name in names:
        record = by_repo[name]
        state = status(record)
        states[state] += 1
        findings = [_dict(f) for f in _list(record.get("findings"))]
        credentials = sorted((_dict(c) for c in _list(record.get("credentials"))),
                             key=lambda c: (_str(c.get("name")), _str(c.get("fingerprint"))))
        repo_failing = sum(1 for f in findings if f.get("fails"))
        seconds += _num(record.get("seconds"))
        if state != "scanned":
            exit_code = 3
        elif repo_failing and exit_code == 0:
            exit_code = 1
        repos.append({
            "repo": name, "location": _str(record.get("location")), "status": state, "reason": _reason(record, state),
            "findings": len(findings), "failing": repo_failing, "by_severity": _severity_counts(findings),
            "history": bool(record.get("history")), "branch": record.get("branch") if isinstance(
                record.get("branch"), str) else None,
            "head": record.get("head") if isinstance(record.get("head"), str) else None,
            "files": _int(_dict(record.get("summary")).get("files_scanned")),
            "seconds": round(_num(record.get("seconds")), 2),
        })
        all_findings += len(findings)
        failing += repo_failing
        severities.update(_str(f.get("severity")) for f in findings)
        at = _places(credentials)

        for f in findings:
            rule, path, line = _str(f.get("rule"), "?"), _str(f.get("path")), _int(f.get("line"))
            row = rule_rows.setdefault(rule, {"rule": rule, "code": _str(f.get("code")), "findings": 0, "failing": 0,
                                              "by_severity": dict.fromkeys(SEVERITIES, 0),
                                              "docs": docs.get((_str(f.get("code")), rule))})
            row["findings"] += 1
            row["failing"] += 1 if f.get("fails") else 0
            if _str(f.get("severity")) in row["by_severity"]:
                row["by_severity"][_str(f.get("severity"))] += 1
            rule_repos[rule].add(name)
            scope = _str(f.get("scope"), "tree")

            secret = _dict(f.get("secret"))
            fingerprint = _str(secret.get("fingerprint"))
            if fingerprint:
                kind = _str(secret.get("kind"), "unknown")
                kinds_leaked[kind].add(fingerprint)
                kind_repos[kind].add(name)
                leak = leaks.setdefault(fingerprint, {"fingerprint": fingerprint,
                                                      "redacted": _str(secret.get("redacted")), "kind": kind,
                                                      "places": []})
                if (fingerprint, name, path, line, scope) not in seen_places:
                    seen_places.add((fingerprint, name, path, line, scope))
                    leak["places"].append({"repo": name, "path": path, "line": line, "scope": scope})

            if scope != "tree":
                continue  # what the default branch holds today: history findings are no remaining use
            credential = at.get((path, line))
            if rule in MIGRATION_RULES:
                migration[(name, path, line)] = {
                    "repo": name, "path": path, "line": line, "rule": rule,
                    "credential": _str(credential.get("name")) if credential else None,
                    "current": _str(_dict(credential.get("current")).get("type")) or None if credential else None,
                    "call": _call_at(credential, path, line), "message": _str(f.get("message")),
                    "replacement": _replacement(credential)}
            elif rule in WIDER_RULES:
                current = _dict(credential.get("current")) if credential else {}
                wider.append({
                    "repo": name, "path": path, "line": line, "rule": rule,
                    "credential": _str(credential.get("name")) if credential else None,
                    "scopes": [s for s in _list(current.get("scopes")) if isinstance(s, str)]
                    if isinstance(current.get("scopes"), list) else None,
                    "resource": current.get("resource") if isinstance(current.get("resource"), str) else None,
                    "message": _str(f.get("message")), "recommended": _replacement(credential)})

        for c in credentials:
            ctype = _str(_dict(c.get("current")).get("type"), "unknown")
            kinds_in_use[ctype] += 1
            kind_repos[ctype].add(name)
            if ctype not in MIGRATION_TYPES:
                continue
            for call in _list(c.get("calls")):  # uses no rule reported (a finding covers its line already)
                call = _dict(call)
                path, line = _str(call.get("path")), _int(call.get("line"))
                migration.setdefault((name, path, line), {
                    "repo": name, "path": path, "line": line, "rule": None, "credential": _str(c.get("name")),
                    "current": ctype, "call": _call_at(c, path, line), "message": None,
                    "replacement": _replacement(c)})

    shared = [leak for leak in leaks.values() if len({p["repo"] for p in leak["places"]}) > 1]
    for leak in shared:
        leak["places"].sort(key=lambda p: (_repo_sort_key(p["repo"]), p["path"], p["line"], p["scope"]))
        leak["repos"] = sorted({p["repo"] for p in leak["places"]}, key=_repo_sort_key)
    shared.sort(key=lambda leak: (-len(leak["repos"]), leak["fingerprint"]))

    return {
        "version": SUMMARY_VERSION,
        "tool": {"name": "tokenlint", "version": __version__},
        "exit_code": exit_code,
        "repositories": {"total": len(names), "scanned": states["scanned"], "incomplete": states["incomplete"],
                         "failed": states["failed"],
                         "with_findings": sum(1 for r in repos if r["findings"])},
        "findings": {"total": all_findings, "failing": failing,
                     "by_severity": {s: severities.get(s, 0) for s in SEVERITIES},
                     "by_rule": sorted(({**row, "repos": len(rule_repos[rule])} for rule, row in rule_rows.items()),
                                       key=lambda r: (-r["findings"], r["rule"]))},
        "credentials": sorted(({"type": kind, "label": label(kind), "leaked": len(kinds_leaked.get(kind, ())),
                                "in_use": kinds_in_use.get(kind, 0),
                                "repos": sorted(kind_repos[kind], key=_repo_sort_key)} for kind in kind_repos),
                              key=lambda r: (-len(r["repos"]), r["type"])),
        "shared_leaks": shared,
        "migration": [migration[k] for k in sorted(migration, key=lambda k: (_repo_sort_key(k[0]), k[1], k[2]))],
        "wider_tokens": sorted(wider, key=lambda w: (_repo_sort_key(w["repo"]), w["path"], w["line"], w["rule"])),
        "repos": repos,
        "seconds": round(seconds, 2),
    }


def finish(records: list[Record], out_dir: Path, color: str, fmt: str = "text") -> dict[str, Any]:
    """The end of a run (or of a merge): summarize, write `out_dir/summary.json` and
    `out_dir/report.html` (safe writes: a temp file renamed over, no link followed), and print
    the summary on standard output (`fmt`: text, or json); every byte goes through the
    redacting stream. Returns the summary (its `exit_code` is the run's)."""
    from tokenlint.reporters import fleet as fleet_report  # start-up: the renderers load at the end only
    from tokenlint.reporters.output import emit, say

    summary = summarize(records)
    emit(fleet_report.report_json, summary, str(out_dir / "summary.json"), "never")
    emit(fleet_report.report_html, summary, str(out_dir / "report.html"), "never")
    emit(fleet_report.get(fmt), summary, None, color)
    say(f"tokenlint: fleet summary written: {out_dir / 'summary.json'}, {out_dir / 'report.html'}")
    return summary
