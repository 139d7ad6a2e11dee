"""The effective configuration and where each value came from: what `tokenlint config show` prints.

It lives low, beside the results, so the settings (which fill it) and the reporters (which
print it) can both name it without importing each other. It holds plain values only: names,
levels, patterns and paths, never a secret (a `tokens:` declaration shows its variable or
fingerprint, type, resource, scopes and expiry, which are all a config may hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

#: Where a value came from.
DEFAULT = "default"
CONFIG = "config"
COMMAND_LINE = "command line"

Value: TypeAlias = "str | int | list[str] | dict[str, str | list[str] | None] | None"


@dataclass(frozen=True)
class Setting:
    """One setting's value and its source. A list that both the config and the command line
    extend (`exclude`, `policies`) is two settings of the same name, one per source."""

    name: str  # as the config file spells it: fail-on, min-confidence, exclude, tokens…
    value: Value
    source: str  # DEFAULT, CONFIG or COMMAND_LINE


@dataclass(frozen=True)
class RuleState:
    """An enabled rule with its levels after the config's remaps."""

    code: str
    slug: str
    severity: str
    confidence: str
    source: str  # of the severity: DEFAULT (the policy's) or CONFIG (a `severity:` remap)


@dataclass
class EffectiveConfig:
    config: str | None  # the config file read (`… [tool.tokenlint]` for a pyproject.toml); None: none
    settings: list[Setting] = field(default_factory=list)
    rules: list[RuleState] = field(default_factory=list)

    def origin(self, source: str) -> str:
        """A source in words: `default`, `command line`, or the config file's path."""
        return str(self.config) if source == CONFIG and self.config else source
