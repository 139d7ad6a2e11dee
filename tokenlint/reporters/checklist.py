"""`tokenlint fix --checklist`: what a person must do so that the rewritten code works, in order:
create each new token (the `suggest` recipe), store it as a secured variable where the code
that reads it runs, merge, then revoke the credential it replaces.

Like every reporter it prints and decides nothing: tokenlint.fixes.checklist builds the rows
from the fix plan and `suggest`'s analysis. Text for people, JSON for tools
(schemas/checklist.schema.json). Every string here passes the redaction stream output.emit
wraps the writer in; a literal credential appears only as its redaction and fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from tokenlint import escape
from tokenlint.inference import TYPE_LABELS
from tokenlint.reporters import Writer
from tokenlint.reporters.json import JsonObject, dumps

# Where a secured variable is added (Bitbucket's words: Pipelines variables are workspace,
# repository or deployment variables); ELSEWHERE is any other runner's secret store.
REPOSITORY = "repository"
DEPLOYMENT = "deployment"
WORKSPACE = "workspace"
ELSEWHERE = "elsewhere"

# When the old credential can go: it was committed (revoke now), every use was rewritten
# (revoke once the change is merged), or some use is left (keep it until those change too).
REVOKE_NOW = "now"
REVOKE_AFTER_MERGE = "after-merge"
REVOKE_NOT_YET = "not-yet"
REVOKE_NOTHING = "nothing"  # the rewritten code replaced no credential tokenlint could name


@dataclass
class Item:
    """One new credential: the token to create, the secured variable that holds it and where, the
    files that read it, and the credential it replaces."""

    variable: str
    token: str  # what the variable holds: "access-token" or "api-token" (tokenlint.fixes.model)
    create: str | None  # the token type to create (`suggest`'s recommendation); None: nothing derived
    resource: str | None
    scopes: list[str]
    reason: str
    store: str  # REPOSITORY, DEPLOYMENT, WORKSPACE or ELSEWHERE
    store_where: str  # that place in words
    files: list[str]
    replaces: str  # `$BB_APP_PASSWORD`, or a literal's redaction
    fingerprint: str | None
    revoke: str  # REVOKE_*
    email_variable: str | None = None  # an API token goes with the account's e-mail (Basic)
    replaces_type: str = ""  # what the old credential is, as people say it ("app password")
    environments: list[str] = field(default_factory=list)  # deployment environments, for DEPLOYMENT
    still_used: list[str] = field(default_factory=list)  # `path:line` uses of the old credential left as they are
    notes: list[str] = field(default_factory=list)


@dataclass
class Checklist:
    """The rows for one `fix` run, and whether its rewrites were written or only shown."""

    items: list[Item]
    written: bool
    left: int = 0  # findings with a fix left as they are (they are listed on stderr)


def item_dict(item: Item) -> JsonObject:
    return {
        "variable": item.variable, "token": item.token, "email_variable": item.email_variable,
        "create": {"type": item.create, "resource": item.resource, "scopes": list(item.scopes),
                   "reason": item.reason} if item.create else None,
        "store": {"level": item.store, "where": item.store_where, "environments": list(item.environments),
                  "secured": True},
        "files": list(item.files),
        "replaces": {"credential": item.replaces or None, "type": item.replaces_type or None,
                     "fingerprint": item.fingerprint,
                     "revoke": item.revoke, "still_used": list(item.still_used)},
        "notes": list(item.notes),
    }


def document(checklist: Checklist) -> JsonObject:
    return {"written": checklist.written, "left": checklist.left,
            "credentials": [item_dict(i) for i in checklist.items]}


def report_json(checklist: Checklist, out: Writer, color: bool = False) -> None:
    out.write(dumps(document(checklist)))


def _revoke_text(item: Item) -> str:
    old = item.replaces
    if item.revoke == REVOKE_NOW:
        return (f"rotate: it was committed ({old}, {item.fingerprint}); revoke it in Bitbucket now, whatever "
                "else happens: it stays in the git history")
    if item.revoke == REVOKE_NOT_YET:
        verb = "still uses" if len(item.still_used) == 1 else "still use"
        return (f"keep {old} for now: {', '.join(item.still_used)} {verb} it (not rewritten); "
                "revoke it once they no longer do")
    if item.revoke == REVOKE_NOTHING:
        return "nothing tokenlint could name"
    name = old.removeprefix("$")
    what = item.replaces_type or "credential"
    return f"the {what} in {old}, once this change is merged; then delete the variable {name}"


def report_text(checklist: Checklist, out: Writer, color: bool = False) -> None:
    def style(text: str, **kw: Any) -> str:  # click.style's keywords, passed through
        return click.style(text, **kw) if color else text

    T = escape.text  # names and paths come from the scanned files
    n = len(checklist.items)
    verb = "" if checklist.written else " (once the diff is applied: `tokenlint fix --write`)"
    out.write(style(f"Migration checklist: {n} new credential{'' if n == 1 else 's'}{verb}", bold=True) + "\n")
    for number, item in enumerate(checklist.items, 1):
        title = f"{number}. {item.variable}"
        if item.replaces:
            title += f"  replaces {item.replaces}"
        out.write("\n" + style(T(title), bold=True) + "\n")
        if item.create:
            where = f" on {item.resource}" if item.resource else ""
            reason = f"  ({item.reason})" if item.reason else ""
            out.write(f"   create:  {T(TYPE_LABELS.get(item.create, item.create) + where)}{T(reason)}\n")
            out.write("   scopes:  " + style(", ".join(item.scopes) or "(none)", bold=True) + "\n")
        else:
            out.write(f"   create:  {'an API token' if item.token == 'api-token' else 'an access token'} "
                      "(no call's needs are known: run `tokenlint suggest` on the files below)\n")
        out.write(f"   store:   {T(item.store_where)}\n")
        if item.email_variable:
            out.write(f"            and the token owner's Atlassian account e-mail as {T(item.email_variable)}\n")
        out.write(f"   read by: {T(', '.join(item.files))}\n")
        out.write(f"   revoke:  {T(_revoke_text(item))}\n")
        for note in item.notes:
            out.write(style(f"   note: {T(note)}", dim=True) + "\n")
    if checklist.left:
        out.write(f"\n{checklist.left} finding(s) with a fix were left as they are (listed above, with why): "
                  "change them by hand\n")


def get(name: str) -> Callable[[Checklist, Writer, bool], None]:
    return report_json if name == "json" else report_text
