"""A rule as loaded: the `Policy` type that the judging modules (match, checks, inline
ignores, the finding factory) share. Loading and validating rules is engine.policy's job;
this module imports nothing of the engine, so every judge can name the type without a cycle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tokenlint.model import Confidence, Severity


@dataclass
class Policy:
    code: str
    slug: str
    summary: str
    severity: Severity
    confidence: Confidence
    message: str
    remediation: str
    docs: dict
    examples: list[dict]
    source: Path
    enabled: bool = True
    when: dict | None = None
    check: str | None = None
    builtin: bool = False
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def fact(self) -> str | None:
        return self.when["fact"] if self.when else None
