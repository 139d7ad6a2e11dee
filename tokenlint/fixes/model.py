"""What a fix is made of: edits to a file's text, the site a rewrite reads, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tokenlint.facts import Usage
from tokenlint.model import Finding

if TYPE_CHECKING:
    from tokenlint.recommend import CredentialUsage

ACCESS_TOKEN = "access-token"
API_TOKEN = "api-token"
DEFAULT_TOKEN_VAR = "BITBUCKET_ACCESS_TOKEN"
DEFAULT_API_TOKEN_VAR = "ATLASSIAN_API_TOKEN"
DEFAULT_EMAIL_VAR = "ATLASSIAN_EMAIL"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace `text[start:end]` of a file with `new`. Offsets are into the decoded text."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class NewVariable:
    """A variable the rewritten code reads, which must exist before the change is merged: a row
    of the checklist. `token` is what it holds (ACCESS_TOKEN, API_TOKEN, or "email");
    `replaces` the credential it stands in for as reports show it (`$BB_APP_PASSWORD`, or a
    literal's redaction, which must then be revoked), `fingerprint` a literal's identity."""

    name: str
    token: str
    replaces: str = ""
    fingerprint: str | None = None


@dataclass(frozen=True)
class Refused:
    """A rewrite's answer when the site is not the shape it can rewrite safely: the reason, as
    the user reads it ("the -u argument is built by a command substitution"). `applies` is False
    when the site is not about what the rewrite rewrites at all (a curl call asked to the git
    rewrite): the reason of a rewrite it applies to is then the one worth showing."""

    reason: str
    applies: bool = True


@dataclass
class Rewrite:
    """A rewrite's answer when it can: the edits, and the variables they make the code read."""

    edits: list[Edit]
    variables: list[NewVariable] = field(default_factory=list)


@dataclass(frozen=True)
class FixOptions:
    """What the user chose for the new code: the variable names it reads, and which rules to fix
    (empty: every rule that has a fix)."""

    token_var: str = DEFAULT_TOKEN_VAR
    api_token_var: str = DEFAULT_API_TOKEN_VAR
    email_var: str = DEFAULT_EMAIL_VAR
    rules: frozenset[str] = frozenset()  # codes or slugs
    # No --token-var: credentials that need different access tokens (other repositories) each get a
    # name of their own, derived from the token's resource (tokenlint.fixes.names)
    derive_token_var: bool = False


@dataclass
class Site:
    """One finding as a rewrite sees it: the file's whole text and kind, the usage facts on the
    finding's line (calls and git remotes, credentials already redacted), and what `suggest`
    recommends for the credential the finding is about (None when it is about none)."""

    path: str
    text: str
    kind: str  # tokenlint.parsers.kinds.FileKind
    finding: Finding
    facts: list[Usage]
    options: FixOptions
    credential: CredentialUsage | None = None

    @cached_property
    def _starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, c in enumerate(self.text) if c == "\n")
        return starts

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of line `line` (1-based), without its newline."""
        start = self._starts[line - 1]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]

    @property
    def line(self) -> int:
        return self.finding.location.line

    @property
    def token_type(self) -> str:
        """Which token the new code sends: an API token (with the account e-mail, Basic) when
        `suggest` recommends one for this credential (user endpoints), else an access token."""
        rec = self.credential.recommendation if self.credential is not None else None
        return API_TOKEN if rec is not None and rec.type == API_TOKEN else ACCESS_TOKEN

    def replaces(self) -> tuple[str, str | None]:
        """The old credential as the checklist names it, and a literal's fingerprint."""
        if self.credential is None:
            secret = self.finding.secret
            return (secret.redacted, secret.fingerprint) if secret is not None else ("", None)
        if self.credential.literal:
            return self.credential.name, self.credential.fingerprint
        return f"${self.credential.name}", None

    def new_variables(self) -> list[NewVariable]:
        """The variables a rewrite to `token_type` makes the code read."""
        old, fingerprint = self.replaces()
        if self.token_type == API_TOKEN:
            return [NewVariable(self.options.email_var, "email"),
                    NewVariable(self.options.api_token_var, API_TOKEN, old, fingerprint)]
        return [NewVariable(self.options.token_var, ACCESS_TOKEN, old, fingerprint)]


@dataclass
class Left:
    """A finding a fix exists for that was left as it is, and why."""

    finding: Finding
    reason: str


@dataclass
class FileFix:
    """One file's rewrite: its text before and after, the findings it answers, the variables the
    new text reads."""

    path: str
    before: str
    after: str
    fixed: list[Finding] = field(default_factory=list)
    variables: list[NewVariable] = field(default_factory=list)
    # The secret values `before` holds (tokenlint.scanner.secret_values): the diff hides them even
    # where they have no token shape. In memory only: never printed, never in a report.
    secrets: list[str] = field(default_factory=list, repr=False, compare=False)


@dataclass
class FixPlan:
    """Everything `fix` would do, before anything is written."""

    files: list[FileFix] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    credentials: list[CredentialUsage] = field(default_factory=list)  # suggest's analysis, for the checklist
    errors: list[str] = field(default_factory=list)  # paths that could not be scanned or read, with why
