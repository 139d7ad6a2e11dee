"""What `fix` would change: scan, ask each finding's rewrites, keep what is never worse."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from tokenlint import api
from tokenlint.engine.rule import Policy
from tokenlint.engine.settings import Settings
from tokenlint.facts import ApiCall, GitRemote, Usage
from tokenlint.fixes import names, registry, verify
from tokenlint.fixes.model import Edit, FileFix, FixOptions, FixPlan, Left, NewVariable, Refused, Rewrite, Site
from tokenlint.model import Finding
from tokenlint.parsers.kinds import classify
from tokenlint.recommend import CredentialUsage
from tokenlint.scanner import secret_values
from tokenlint.uses import credential_key, uses_of

OVERLAP = "another fix rewrites the same text; run `tokenlint fix` again after this one is applied"


def plan(settings: Settings, options: FixOptions) -> FixPlan:
    """Every rewrite `fix` would make under `settings`, checked, with nothing written yet."""
    settings = replace(settings, inventory=True)
    result = api.scan(settings)
    out = FixPlan(credentials=api.credentials(result, settings),
                  errors=[f"{p.path}: {p.reason}" for p in result.errors])
    by_key = {c.key: c for c in out.credentials}
    named = names.token_variables(out.credentials, options.token_var) if options.derive_token_var else {}
    policies = {p.slug: p for p in settings.policies}
    usage: dict[str, list[Usage]] = defaultdict(list)
    for path, fact in result.usage:
        if isinstance(fact, (ApiCall, GitRemote)):  # a ScriptRun carries no credential
            usage[path].append(fact)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        policy = policies.get(f.rule)
        if policy is not None and policy.fix and _chosen(policy, options):
            findings[f.location.path].append(f)
    for path in sorted(findings):
        _plan_file(path, findings[path], usage[path], policies, by_key, named, options, settings, out)
    return out


def _chosen(policy: Policy, options: FixOptions) -> bool:
    return not options.rules or bool({policy.code, policy.slug} & options.rules)


def _plan_file(path: str, found: list[Finding], facts: list[Usage], policies: dict[str, Policy],
               by_key: dict[str, CredentialUsage], named: dict[str, str], options: FixOptions, settings: Settings,
               out: FixPlan) -> None:
    text, reason = read_text(path)
    if text is None:
        out.left.extend(Left(f, reason) for f in found)
        return
    kind = str(classify(path, text))
    edits: list[Edit] = []
    fixed: list[Finding] = []
    kept: list[Finding] = []  # left as they are: a re-scan may still report them
    variables: list[NewVariable] = []
    for finding in sorted(found, key=lambda f: (f.location.line, f.location.column, f.code)):
        here = [f for f in facts if finding.location.line in (f.line, getattr(f, "auth_line", 0))]
        credential = _credential_of(path, here, by_key)
        own = named.get(credential.key) if credential is not None else None
        site = Site(path, text, kind, finding, here, replace(options, token_var=own) if own else options, credential)
        answer = _ask(policies[finding.rule], site)
        if isinstance(answer, Refused):
            out.left.append(Left(finding, answer.reason))
            kept.append(finding)
            continue
        new = [e for e in answer.edits if e not in edits]
        if any(_overlaps(e, old) for e in new for old in edits):
            out.left.append(Left(finding, OVERLAP))
            kept.append(finding)
            continue
        edits.extend(new)
        fixed.append(finding)
        variables.extend(v for v in answer.variables if v not in variables)
    if not edits:
        return
    after = apply(text, edits)
    problem = verify.never_worse(path, kind, text, after, fixed, settings, kept)
    if problem:
        out.left.extend(Left(f, problem) for f in fixed)
        return
    fingerprints = {f.credential_fingerprint for f in facts if f.credential_literal and f.credential_fingerprint}
    fingerprints.update(f.secret.fingerprint for f in found if f.secret is not None)
    out.files.append(FileFix(path, text, after, fixed, variables, secret_values(path, text, fingerprints)))


NOT_UTF8 = "it is not UTF-8 text, and `tokenlint fix` rewrites UTF-8 files only (convert it, or change it by hand)"


def read_text(path: str) -> tuple[str | None, str]:
    """A file's text as written (CRLF line ends kept), or None and why it cannot be rewritten. Only
    UTF-8 is rewritten: the scan reads Latin-1 and UTF-16 too, but writing them back in their own
    encoding, byte for byte the same elsewhere, is not worth the risk of a file no tool reads."""
    if os.path.islink(path):
        return None, "it is a symbolic link, and `tokenlint fix` never writes through links (fix the file it names)"
    try:
        with open(path, encoding="utf-8", newline="") as handle:  # newline="": keep \r\n as written
            return handle.read(), ""
    except UnicodeDecodeError:
        return None, NOT_UTF8
    except OSError as exc:
        return None, f"cannot read it again to rewrite it: {exc.strerror or exc}"


def _ask(policy: Policy, site: Site) -> Rewrite | Refused:
    """The first rewrite of the policy's `fix:` list that can rewrite the site; else the reason
    of the last one that applies to it (the git rewrite's for a git URL in a store, not the pipe
    rewrite's), else the first reason given (a kind no rewrite reads yet)."""
    refusals: list[Refused] = []
    for name in policy.fix:
        function = registry.get(name, site.kind)
        if function is None:
            known = registry.exists(name)
            refusals.append(Refused(f"{name} does not rewrite {site.kind} files yet" if known
                                    else f"{policy.source}: no rewrite named {name!r}", applies=not known))
            continue
        answer = function(site)
        if isinstance(answer, Rewrite) and answer.edits:
            return answer
        refusals.append(answer if isinstance(answer, Refused) else Refused("the rewrite found nothing to change"))
    applying = [r for r in refusals if r.applies]
    return applying[-1] if applying else refusals[0] if refusals else Refused("no fix")


def _credential_of(path: str, facts: Iterable[Usage], by_key: dict[str, CredentialUsage]) -> CredentialUsage | None:
    for fact in facts:
        for use in uses_of(path, fact):
            found = by_key.get(credential_key(use))
            if found is not None:
                return found
    return None


def _overlaps(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or (a.start == a.end == b.start == b.end)


def apply(text: str, edits: Iterable[Edit]) -> str:
    """`text` with `edits` made (they must not overlap)."""
    parts: list[str] = []
    last = 0
    for edit in sorted(edits):
        parts.append(text[last:edit.start])
        parts.append(edit.new)
        last = edit.end
    parts.append(text[last:])
    return "".join(parts)
