"""The migration checklist: per new credential the rewritten code reads, what to create, where to
store it, and what to revoke (rendered by tokenlint.reporters.checklist).

Where the secured variable goes is decided from where the code that reads it runs:

- code in `bitbucket-pipelines.yml`, or a script a step of it runs (the call's `via`), reads
  Pipelines variables. When every step that reads it deploys (`deployment:`), a **deployment
  variable** of those environments: the narrowest place, seen by those steps only. Else, for
  a workspace access token, a **workspace variable** (the token serves the workspace's
  repositories, and one copy is rotated once); else a **repository variable**: a step without
  `deployment:` cannot read deployment variables, and a repository or project token belongs to
  this repository's pipeline.
- a GitHub or GitLab workflow reads that system's secrets; anything else (a script run by hand,
  a Dockerfile, a program) reads its environment, so the checklist says so rather than guess
  which secret store fills it.

The old credential is revoked once the change is merged when every use of it was rewritten;
while some use is left, it is kept, and the checklist says where; a literal that was
committed is to be rotated now, whatever else happens.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

import yaml

from tokenlint.fixes.model import API_TOKEN, FixPlan
from tokenlint.model import fingerprint
from tokenlint.parsers.kinds import FileKind, classify
from tokenlint.recommend import CredentialUsage
from tokenlint.reporters.checklist import (
    DEPLOYMENT,
    ELSEWHERE,
    REPOSITORY,
    REVOKE_AFTER_MERGE,
    REVOKE_NOT_YET,
    REVOKE_NOTHING,
    REVOKE_NOW,
    WORKSPACE,
    Checklist,
    Item,
)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WORKSPACE_TOKEN = "workspace-access-token"


@dataclass(frozen=True)
class _Key:
    name: str
    token: str
    replaces: str
    fingerprint: str | None


def build(plan: FixPlan, written: bool) -> Checklist:
    """The checklist of a fix plan: one item per new variable and the credential it replaces."""
    files: dict[_Key, list[str]] = defaultdict(list)
    emails: dict[_Key, str] = {}
    for fix in plan.files:
        email = next((v.name for v in fix.variables if v.token == "email"), None)
        for v in fix.variables:
            if v.token == "email":
                continue
            key = _Key(v.name, v.token, v.replaces, v.fingerprint)
            files[key].append(fix.path)
            if email and v.token == API_TOKEN:
                emails[key] = email
    fixed_lines = {(f.location.path, f.location.line) for fix in plan.files for f in fix.fixed}
    items = [_item(key, sorted(set(paths)), emails.get(key), _credential(plan.credentials, key), fixed_lines)
             for key, paths in files.items()]
    for item in items:
        kept = [fix.path for fix in plan.files
                if item.fingerprint and any(fingerprint(v) == item.fingerprint and v in fix.after for v in fix.secrets)]
        if kept:
            item.notes.append(f"its value is still written in {', '.join(kept)} (where the rewritten line read it "
                              "from): delete it there")
    _note_shared_names(items)
    items.sort(key=lambda i: (i.variable, i.replaces))
    return Checklist(items, written, len(plan.left))


def _credential(credentials: list[CredentialUsage], key: _Key) -> CredentialUsage | None:
    for c in credentials:
        if (c.literal and key.fingerprint and c.fingerprint == key.fingerprint) or \
                (not c.literal and key.replaces == f"${c.name}"):
            return c
    return None


def _item(key: _Key, paths: list[str], email: str | None, cred: CredentialUsage | None,
          fixed_lines: set[tuple[str, int]]) -> Item:
    rec = cred.recommendation if cred is not None else None
    still: list[str] = []
    notes: list[str] = []
    if cred is not None:
        for use in cred.uses:
            lines = {use.line, getattr(use.fact, "auth_line", 0)}
            if not any((use.path, line) in fixed_lines for line in lines):
                still.append(f"{use.path}:{use.line}")
        for path, line in cred.handovers:
            notes.append(f"{path}:{line} hands {key.replaces} to a script under another name: where that script "
                         f"was rewritten it reads {key.name} itself, so drop the hand-over there")
    still = sorted(set(still), key=_by_place)
    if not key.replaces:
        revoke = REVOKE_NOTHING
    elif key.fingerprint:
        revoke = REVOKE_NOW
    else:
        revoke = REVOKE_NOT_YET if still else REVOKE_AFTER_MERGE
    if key.fingerprint and still:
        notes.append(f"the same literal is still written at {', '.join(still)}: remove it there too")
    store, where, envs, store_notes = _store(key.name, paths, cred, rec.type if rec else None, fixed_lines)
    return Item(variable=key.name, token=key.token, create=rec.type if rec else None,
                resource=rec.resource if rec else None, scopes=list(rec.recipe) if rec else [],
                reason=rec.reason if rec else "", store=store, store_where=where, files=paths,
                replaces=key.replaces, replaces_type=cred.label if cred else "",
                fingerprint=key.fingerprint, revoke=revoke, email_variable=email,
                environments=envs, still_used=still, notes=notes + store_notes)


def _by_place(where: str) -> tuple[str, int]:
    path, _, line = where.rpartition(":")
    return path, int(line) if line.isdigit() else 0


def _store(name: str, paths: list[str], cred: CredentialUsage | None, create: str | None,
           fixed_lines: set[tuple[str, int]]) -> tuple[str, str, list[str], list[str]]:
    """Where the secured variable goes: the level, in words, the deployment environments, notes.
    What decides is where the rewritten lines run (the uses of the old credential on them)."""
    steps: list[tuple[str, int]] = []  # (pipeline, line) of each step that reads it
    others: list[str] = []
    for path in paths:
        rewritten = [u for u in (cred.uses if cred else [])
                     if u.path == path and {(path, u.line), (path, getattr(u.fact, "auth_line", 0))} & fixed_lines]
        if _kind(path) == FileKind.PIPELINE:
            steps.extend((path, line) for p, line in sorted(fixed_lines) if p == path)
            continue
        vias = {u.fact.via for u in rewritten if u.fact.via}
        runners = [_split(v) for v in sorted(vias)]
        if runners and all(_kind(p) == FileKind.PIPELINE for p, _ in runners):
            steps.extend(runners)
        else:
            others.append(path)
    if others:
        return ELSEWHERE, _elsewhere(name, others), [], []
    envs: list[str] = []
    plain = False
    for pipeline, line in steps:
        found, without = _deployments(pipeline, line)
        plain = plain or without
        envs.extend(e for e in found if e not in envs)
    notes: list[str] = []
    if envs and not plain:
        where = (f"a secured deployment variable {name} of the environment{'s' if len(envs) > 1 else ''} "
                 f"{', '.join(envs)} (Repository settings > Deployments)")
        return DEPLOYMENT, where, envs, notes
    if envs:
        notes.append(f"steps of the deployment environments {', '.join(envs)} read it too, and so does a step "
                     "without `deployment:`: a repository variable serves both")
    if create == WORKSPACE_TOKEN:
        return WORKSPACE, f"a secured workspace variable {name} (Workspace settings > Workspace variables)", [], notes
    return REPOSITORY, f"a secured repository variable {name} (Repository settings > Repository variables)", [], notes


def _elsewhere(name: str, paths: list[str]) -> str:
    if all(p.startswith(".github/") or "/.github/" in p for p in paths):
        return f"a GitHub Actions secret {name} (Settings > Secrets and variables > Actions)"
    if all(posixpath.basename(p) == ".gitlab-ci.yml" for p in paths):
        return f"a masked GitLab CI/CD variable {name} (Settings > CI/CD > Variables)"
    return (f"a secret {name} in the environment of whatever runs {', '.join(paths)} (its CI system's secret "
            "store or the shell's environment; never a file in the repository)")


def _kind(path: str) -> str:
    return str(classify(path, _read(path)))


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _split(via: str) -> tuple[str, int]:
    path, _, line = via.rpartition(":")
    return (path, int(line)) if line.isdigit() else (via, 0)


def _deployments(pipeline: str, line: int) -> tuple[list[str], bool]:
    """The deployment environments of the steps of `pipeline` that run `line` (1-based), and
    whether one of them has no `deployment:` (or the step is not found), so it cannot read
    deployment variables. A step defined under `definitions:` runs where it is used
    (`- step: *release`, or `<<: *release` beside a `deployment:`)."""
    try:
        roots = list(yaml.compose_all(_read(pipeline), Loader=_LOADER))
    except yaml.YAMLError:
        return [], True
    steps: list[tuple[yaml.MappingNode, yaml.MappingNode]] = []  # (step mapping, the mapping holding `step:`)
    for root in roots:
        _steps(root, steps, set())
    target = [s for s, _ in steps if _spans(s, line)]
    if not target or line == 0:
        return [], True
    innermost = min(target, key=lambda s: s.end_mark.index - s.start_mark.index)
    envs: list[str] = []
    plain = False
    for step, _ in steps:
        if step is not innermost and innermost not in _merged(step):
            continue
        if step is innermost and _defined_only(step, steps):
            continue
        env = _value(step, "deployment")
        if env is None:
            plain = True
        elif env not in envs:
            envs.append(env)
    return envs, plain or not envs


def _spans(node: yaml.Node, line: int) -> bool:
    """Whether 1-based `line` lies in `node` (its end mark sits where the next token starts)."""
    start, end = node.start_mark, node.end_mark
    return start.line < line and (line - 1 < end.line or (line - 1 == end.line and end.column > 0))


def _steps(node: yaml.Node, out: list[tuple[yaml.MappingNode, yaml.MappingNode]], seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "step" and isinstance(v, yaml.MappingNode):
                out.append((v, node))
            _steps(v, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _steps(v, out, seen)


def _merged(step: yaml.MappingNode) -> list[yaml.Node]:
    return [v for k, v in step.value if isinstance(k, yaml.ScalarNode) and k.value == "<<"]


def _defined_only(step: yaml.MappingNode, steps: list[tuple[yaml.MappingNode, yaml.MappingNode]]) -> bool:
    """Whether the step is a definition others merge (`<<: *release`) and is run nowhere as it is."""
    merged_by_others = any(step in _merged(s) for s, _ in steps if s is not step)
    holders = [h for s, h in steps if s is step]
    return merged_by_others and len(holders) <= 1


def _value(mapping: yaml.MappingNode, key: str) -> str | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.ScalarNode):
            return str(v.value)
    return None


def _note_shared_names(items: list[Item]) -> None:
    """One variable read for credentials that need different tokens cannot hold both: say so."""
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_name[item.variable].append(item)
    for name, group in by_name.items():
        recipes = {(i.create, i.resource) for i in group}
        if len(recipes) < 2:
            continue
        for item in group:
            others = [o.replaces or "another credential" for o in group if o is not item]
            item.notes.append(f"{name} also stands in for {', '.join(others)}, which needs a different token: "
                              "one variable holds one token, so give each its own name (run `tokenlint fix` per "
                              "folder with --token-var) or create one token that covers every call")
