"""`tokenlint rules`: the rule list, and one rule's documentation. Prints; decides nothing."""

from __future__ import annotations

from collections.abc import Iterable

import click

from tokenlint.engine.rule import Policy
from tokenlint.reporters.rule_pages import fix_line


def listing(policies: Iterable[Policy]) -> None:
    """One line per rule: code, slug, severity, summary, and whether it is off by default."""
    for p in policies:
        state = "" if p.enabled else "  (off by default)"
        click.echo(f"{p.code}  {p.slug:34} {p.severity!s:8} {p.summary}{state}")


def document(rule: Policy) -> None:
    """What the rule finds, why it matters, how to fix it, and its before/after example."""
    docs = rule.docs
    click.echo(f"{rule.code} {rule.slug} — {rule.summary}")
    click.echo(f"severity: {rule.severity}   confidence: {rule.confidence}   source: {rule.source.name}\n")
    for title, key in (("What it finds", "what"), ("Why it matters", "why"), ("How to fix", "fix")):
        click.echo(f"{title}\n  {docs[key].strip()}\n")
    if rule.fix:
        click.echo(f"Automatic fix\n  {fix_line(rule)}\n")
    click.echo("Before\n" + _indent(docs["before"]) + "\nAfter\n" + _indent(docs["after"]))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.rstrip("\n").splitlines())
