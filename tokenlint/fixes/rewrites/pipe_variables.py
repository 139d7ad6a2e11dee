"""A pipe step handed an app password (`BITBUCKET_USERNAME` + `BITBUCKET_APP_PASSWORD`) → the
variable through which the pipe takes a token, and the pipe version that reads it.

What to hand over comes from tokenlint's pipes table, as `suggest` computes it
(recommend.PipeAdvice on the credential): the variable carrying the recommended token
(`BITBUCKET_ACCESS_TOKEN`, or `ATLASSIAN_API_TOKEN` with `ATLASSIAN_ACCOUNT_EMAIL` for an API
token), the variables it replaces, and the version to move to first. The app-password line
becomes the token's line (same indentation, key and value quoting), the username line goes
(or becomes the e-mail line for an API token), and the `pipe:` pin moves to the version named.

The version to move to is one the table has seen taking the token (documented, or used in a
published example): that the pinned version cannot take it may be a guess (TL055's low
confidence), that the newer one can is not. What is refused: a pipe the table does not know,
or knows no token variable for, or rates its variables at low confidence; a pin that is a
digest or no version at all when a move is needed; a step that already passes the token's
variable; values that are not one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tokenlint import pipes
from tokenlint.fixes.model import API_TOKEN, Edit, NewVariable, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.model import Confidence
from tokenlint.parsers.kinds import FileKind
from tokenlint.recommend import PipeAdvice

NAME = "pipe-variables"

_PIPE = re.compile(r"""^(?P<lead>[ \t]*(?:-[ \t]+)?)pipe:[ \t]*(?P<q>["']?)(?P<ref>[^\s"'#]+)(?P=q)[ \t]*(?:#.*)?$""")
_ENTRY = re.compile(r"""^(?P<indent>[ \t]*)(?P<kq>["']?)(?P<name>[A-Za-z_]\w*)(?P=kq)(?P<colon>[ \t]*:[ \t]*)"""
                    r"""(?P<value>.*?)[ \t]*(?:[ \t]#.*)?$""")
_VALUE = re.compile(r"""^(?P<q>["']?)(?P<body>[^"'\s#|>\[{&*!][^"'\s#]*)(?P=q)$""")


@dataclass
class _Step:
    """The lines of one pipe step: its `pipe:` line and each variable's line (0-based indexes)."""

    pipe: int
    variables: dict[str, int]
    continued: set[str]  # variables whose value goes on over the next lines


@rewrite(NAME, kinds=(FileKind.PIPELINE,))
def pipe_step(site: Site) -> Rewrite | Refused:
    lines = site.text.split("\n")
    step = _step(lines, site.line - 1)
    if isinstance(step, Refused):
        return step
    reference = _PIPE.match(lines[step.pipe])
    assert reference is not None  # _step found the line by this pattern
    found = pipes.lookup(reference.group("ref"))
    if found is None:
        return Refused(f"tokenlint's pipes table does not know pipe {reference.group('ref')}")
    entry, version = found
    if entry.sure("variables") == Confidence.LOW:
        return Refused(f"tokenlint's pipes table is not sure which variables pipe {entry.name} reads")
    advice = _advice(site, step) or _from_table(entry, version, tuple(step.variables))
    if advice.variable is None:
        return Refused(f"tokenlint's pipes table knows no variable through which pipe {entry.name} takes a token")
    if advice.variable in step.variables:
        return Refused(f"the step already passes {advice.variable}")
    secret = next((v for v in step.variables if entry.variables.get(v) == "app-password"), None)
    if secret is None:
        return Refused("the step hands the pipe no app password to replace")
    kind = entry.variables.get(advice.variable, "")
    if not version and (entry.since(kind) or kind in entry.observed):
        return Refused(f"the pipe is pinned by digest, not by version: whether it reads {advice.variable} cannot be "
                       "told")
    if continued := sorted({secret, *advice.replaces} & step.continued):
        return Refused(f"the value of {continued[0]} goes on over several lines")
    edits: list[Edit] = []
    if advice.move_to:
        moved = _move(site, step.pipe, reference, version, advice.move_to)
        if isinstance(moved, Refused):
            return moved
        edits.append(moved)
    api = entry.variables.get(advice.variable) == "api-token"
    o = site.options
    token_var = o.api_token_var if api else o.token_var
    swapped = _swap(site, lines, step.variables[secret], advice.variable, token_var)
    if isinstance(swapped, Refused):
        return swapped
    edits.append(swapped)
    email = pipes.partner(entry, advice.variable) if api else None
    if api and (email is None or email in step.variables):
        return Refused(f"the e-mail variable that goes with {advice.variable} is not known or already given")
    users = [v for v in advice.replaces if v != secret and v in step.variables]
    for i, user in enumerate(users):
        if email is not None and i == 0:
            changed = _swap(site, lines, step.variables[user], email, o.email_var)
            if isinstance(changed, Refused):
                return changed
            edits.append(changed)
        else:
            edits.append(_drop(site, step.variables[user]))
    if email is not None and not users:
        return Refused(f"the step has no username line to turn into {email}")
    return Rewrite(sorted(edits), _variables(site, api))


def _step(lines: list[str], at: int) -> _Step | Refused:
    """The pipe step holding line `at` (its `pipe:` line or one of its variables)."""
    pipe = next((i for i in range(at, -1, -1) if _PIPE.match(lines[i])), None)
    if pipe is None:
        return Refused("no pipe: line holds the finding", applies=False)
    lead = _PIPE.match(lines[pipe])
    assert lead is not None
    column = len(lead.group("lead"))
    block: int | None = None
    column_of_entries: int | None = None
    variables: dict[str, int] = {}
    continued: set[str] = set()
    last = ""
    for i in range(pipe + 1, len(lines)):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if indent < column or (indent == column and text.lstrip().startswith("-")):
            break
        if indent == column:
            block = i if text.strip().startswith("variables:") else None
            column_of_entries = None
            if block is not None and text.strip() != "variables:":
                return Refused("the step's variables are not a block mapping, one per line")
            continue
        if block is not None:
            column_of_entries = indent if column_of_entries is None else column_of_entries
            if indent > column_of_entries or text.lstrip().startswith(("]", "}")):  # `]` closing a flow value
                continued.add(last)
                continue  # a value going on over several lines (`EXTRA_ARGS: [`): only its name line matters
            entry = _ENTRY.match(text)
            if entry is None or indent < column_of_entries:
                return Refused(f"line {i + 1} of the step's variables is not one NAME: value")
            last = entry.group("name")
            variables[last] = i
    if pipe > at or (at != pipe and at not in variables.values()):
        return Refused("the finding is not on a pipe step's line", applies=False)
    return _Step(pipe, variables, continued)


def _advice(site: Site, step: _Step) -> PipeAdvice | None:
    """suggest's advice for the step, when the finding is about a credential handed to it."""
    cred = site.credential
    if cred is None:
        return None
    return next((a for a in cred.pipes if a.path == site.path and a.line == step.pipe + 1), None)


def _from_table(entry: pipes.PipeEntry, version: str, given: tuple[str, ...]) -> PipeAdvice:
    """The advice for a finding about the step rather than one credential (TL055): an access
    token where the pipe takes one, as recommend does when suggest recommends one."""
    kinds = entry.token_carries
    kind = "access-token" if "access-token" in kinds else (kinds[0] if kinds else "access-token")
    carriers = entry.carrying(kind)
    variable = carriers[0] if carriers else None
    secret = next((v for v in given if entry.variables.get(v) == "app-password"), "")
    support = pipes.token_support(entry, version, given)
    pair = (secret, pipes.partner(entry, secret))
    replaces = tuple(v for v in pair if v and v in given and v != variable) if variable else ()
    return PipeAdvice("", 0, entry.name, secret, variable, replaces, entry.scopes, entry.granular_scopes,
                      entry.sure("variables"), support.move_to if support else None)


def _move(site: Site, index: int, reference: re.Match[str], version: str, move_to: str) -> Edit | Refused:
    if not version or pipes.parse_version(version) is None:
        return Refused(f"the pipe must move to {move_to}, but its pin is no version to change")
    start, _ = site.line_span(index + 1)
    ref_end = start + reference.end("ref")
    return Edit(ref_end - len(version), ref_end, move_to)


def _swap(site: Site, lines: list[str], index: int, name: str, variable: str) -> Edit | Refused:
    """The variable line at `index` as `name: $variable`, in the line's key and value quoting."""
    entry = _ENTRY.match(lines[index])
    assert entry is not None
    value = _VALUE.match(entry.group("value"))
    if value is None:
        return Refused(f"the value of {entry.group('name')} is not one word on its line")
    start, _ = site.line_span(index + 1)
    q, kq = value.group("q"), entry.group("kq")
    return Edit(start + entry.start("kq"), start + entry.end("value"),
                f"{kq}{name}{kq}{entry.group('colon')}{q}${variable}{q}")


def _drop(site: Site, index: int) -> Edit:
    start, end = site.line_span(index + 1)
    return Edit(start, min(end + 1, len(site.text)), "")


def _variables(site: Site, api: bool) -> list[NewVariable]:
    news = site.new_variables()
    if api == (site.token_type == API_TOKEN):
        return news
    old, fingerprint = site.replaces()
    o = site.options
    if api:
        return [NewVariable(o.email_var, "email"), NewVariable(o.api_token_var, API_TOKEN, old, fingerprint)]
    return [NewVariable(o.token_var, "access-token", old, fingerprint)]
