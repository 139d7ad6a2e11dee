"""What a whole scan returns, whichever source it read: the type reporters and the CLI consume.

It lives low (beside the model) so that reporters, sources and the engine can all name it
without importing the API that produces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tokenlint import escape, redact
from tokenlint.facts import ScriptRun, Usage
from tokenlint.model import Finding, Problem, Severity


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding of a baseline. `anchor` is a secret's hash or, for other findings, their fingerprint."""

    rule: str
    path: str  # "" for secrets: accepted in whatever file they turn up
    anchor: str
    redacted: str = field(default="", compare=False)  # only for secrets: lets a reviewer recognise it

    @classmethod
    def of(cls, finding: Finding) -> Entry:
        if finding.secret is not None:
            return cls(finding.rule, "", finding.secret.fingerprint, finding.secret.redacted)
        # The path as the file can hold it: redacted (a name may hold a token) and valid UTF-8
        # (undecodable bytes as \xNN); findings are matched through this same spelling.
        return cls(finding.rule, redact.text(escape.json_safe(finding.location.path)), finding.fingerprint)

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Entry:
        if "secret" in data:
            return cls(data["rule"], "", data["secret"], data["redacted"])
        return cls(data["rule"], data["path"], data["fingerprint"])

    def to_json(self) -> dict[str, str]:
        if not self.path:
            return {"rule": self.rule, "secret": self.anchor, "redacted": self.redacted}
        return {"rule": self.rule, "path": self.path, "fingerprint": self.anchor}

    def describe(self) -> str:
        if not self.path:
            return f"{self.rule} {self.redacted} {self.anchor}"
        return f"{self.rule} in {self.path} (fingerprint {self.anchor})"


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    suppressed: dict[str, int] = field(default_factory=dict)
    usage: list[tuple[str, Usage | ScriptRun]] = field(default_factory=list)
    stale_baseline: list[Entry] | None = None  # None: no baseline was used

    @property
    def inventory(self) -> list[tuple[str, Usage]]:
        """The calls and remotes users see (script runs only link files for the checks)."""
        return [(path, fact) for path, fact in self.usage if not isinstance(fact, ScriptRun)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def exit_code(self, fail_on: Severity) -> int:
        """3 when something asked for was not scanned, 1 on findings at or above fail_on, else 0.
        Findings about code that does not run (`Finding.gates` false) never count."""
        if self.errors:
            return 3
        return 1 if any(f.severity >= fail_on and f.gates for f in self.findings) else 0
