"""Facts the detectors emit and the policies judge. Detectors decide nothing; policies do."""

from __future__ import annotations

from dataclasses import dataclass, field

from tokenlint.model import Secret

# Where a credential was seen; policies and messages use these names.
CONTEXT_LABELS = {
    "literal": "a literal string",
    "url": "a URL's userinfo",
    "git-credentials": "a git credential store",
    "authorization-basic": "an Authorization: Basic header",
    "authorization-bearer": "an Authorization: Bearer header",
    "git-extraheader": "git's http.extraHeader",
    "curl-user": "curl --user",
    "netrc": "a .netrc entry",
    "assignment": "an assignment",
    "shell-default": "a shell default value",
}


@dataclass
class Credential:
    """A secret seen in a document. `value` stays in memory; only `secret` is ever reported."""

    kind: str  # app-password, api-token, access-token, datacenter-token, oauth-consumer-secret,
    #            oauth-access-token, bearer-token, password
    context: str
    value: str = field(repr=False)
    start: int
    end: int
    line: int = 0
    column: int = 0
    username: str | None = None
    host: str | None = None
    name: str | None = None  # the variable or key that holds it
    checksum: str = "none"  # valid | invalid | none (no checksum for this shape)
    placeholder: bool = False
    commented: bool = False

    fact = "credential"

    @property
    def secret(self) -> Secret:
        return Secret.of(self.kind, self.value)

    @property
    def where(self) -> str:
        label = CONTEXT_LABELS.get(self.context, self.context)
        return f"{label} ({self.name})" if self.name else label

    def attributes(self) -> dict:
        """The view a policy's `when:` and `message:` see."""
        return {
            "kind": self.kind,
            "context": self.context,
            "checksum": self.checksum,
            "placeholder": self.placeholder,
            "commented": self.commented,
            "username": self.username or "",
            "host": self.host or "",
            "name": self.name or "",
            "where": self.where,
            "redacted": self.secret.redacted,
        }
