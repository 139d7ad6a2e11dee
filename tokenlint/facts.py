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


def describe_target(workspace: str | None, repo: str | None) -> str:
    """`acme/app`, `acme`, or "this repository" for the Pipelines built-ins."""
    if workspace and repo:
        if workspace in ("${BITBUCKET_WORKSPACE}", "${BITBUCKET_REPO_OWNER}") and repo == "${BITBUCKET_REPO_SLUG}":
            return "this repository"
        return f"{workspace}/{repo}"
    return workspace or ""


@dataclass
class ApiCall:
    """One HTTP call to a Bitbucket host, as far as it can be resolved statically.

    `url` keeps unresolved parts as `${NAME}`; `template`/`operation` are set when the path
    matched an operation of the OpenAPI document. `credential` is a variable reference
    (`$NAME`) or a redacted literal, never the raw value.
    """

    tool: str
    method: str
    url: str
    line: int
    column: int = 1
    scheme: str = "https"
    host: str = ""
    host_kind: str = "cloud-api"  # cloud-api | cloud-web | pipelines-proxy | server
    api: str = ""  # 2.0 | 1.0 | server
    template: str | None = None
    operation: str | None = None
    deprecated: bool = False
    auth: str = "unknown"  # basic | bearer | digest | jwt | none | unknown
    credential: str | None = None
    credential_kind: str = "none"  # app-password | api-token | access-token | token | password | unknown | none
    credential_literal: bool = False
    credential_fingerprint: str | None = None  # a literal credential's identity across files (never the value)
    username: str | None = None
    username_kind: str = "none"  # email | x-token-auth | x-bitbucket-api-token-auth | user | reference | none
    workspace: str | None = None
    repo: str | None = None
    insecure: bool = False
    verbose: bool = False
    query_token: bool = False
    password_grant: bool = False
    commented: bool = False
    via: str | None = None  # what ran it: "bitbucket-pipelines.yml:12" for scripts called from a step
    api_token_only: bool = False

    fact = "api-call"

    @property
    def target(self) -> str:
        return describe_target(self.workspace, self.repo)

    @property
    def replacement(self) -> str:
        """Which current credential would make this call, as far as the call itself tells."""
        if self.api_token_only:
            return "an API token with scopes (this endpoint accepts API tokens only)"
        if self.workspace and self.repo:
            return f"a repository access token for {self.target} (automation) or an API token with scopes (a person)"
        return "an access token (automation) or an API token with scopes (a person)"

    def attributes(self) -> dict:
        return {
            "tool": self.tool, "method": self.method, "url": self.url, "scheme": self.scheme,
            "host": self.host, "host_kind": self.host_kind, "api": self.api,
            "template": self.template or "", "operation": self.operation or "",
            "deprecated": self.deprecated, "auth": self.auth, "credential": self.credential or "",
            "credential_kind": self.credential_kind, "credential_literal": self.credential_literal,
            "username": self.username or "", "username_kind": self.username_kind,
            "target": self.target, "insecure": self.insecure, "verbose": self.verbose,
            "query_token": self.query_token, "password_grant": self.password_grant,
            "commented": self.commented, "replacement": self.replacement,
        }


@dataclass
class GitRemote:
    """A git URL pointing at a Bitbucket host (clone, push, remote, insteadOf, config files)."""

    tool: str  # git clone | git push | git remote | git config | config file | ...
    url: str  # with any secret replaced by its reference or redaction
    line: int
    column: int = 1
    host: str = ""
    username: str | None = None
    credential: str | None = None
    credential_kind: str = "none"
    credential_literal: bool = False
    credential_fingerprint: str | None = None
    workspace: str | None = None
    repo: str | None = None
    this_repo: bool = False
    commented: bool = False

    fact = "git-remote"

    @property
    def target(self) -> str:
        return describe_target(self.workspace, self.repo)

    def attributes(self) -> dict:
        return {
            "tool": self.tool, "url": self.url, "host": self.host, "username": self.username or "",
            "credential": self.credential or "", "credential_kind": self.credential_kind,
            "credential_literal": self.credential_literal, "target": self.target,
            "this_repo": self.this_repo, "commented": self.commented,
        }


@dataclass
class LogExposure:
    """A credential that a command writes to a log: echo of a secret, set -x, curl -v."""

    how: str  # echo | set-x | verbose-http | println
    credential: str
    line: int
    column: int = 1
    commented: bool = False

    fact = "log-exposure"

    def attributes(self) -> dict:
        return {"how": self.how, "credential": self.credential, "commented": self.commented}


@dataclass
class ScriptRun:
    """A step or script that runs another script, and which credentials it hands over under
    which names (`TOKEN=$RELEASE_TOKEN ./release.sh`): the link between a pipeline and the calls
    its scripts make."""

    script: str  # as written: ./scripts/release.sh
    line: int
    column: int = 1
    renames: dict[str, str] = field(default_factory=dict)  # name in the script -> name outside

    fact = "script-run"
