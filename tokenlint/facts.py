"""Facts the detectors emit and the policies judge. Detectors decide nothing; policies do.

Every closed vocabulary a fact carries is a `StrEnum` here, so the allowed values live in one
place instead of in comments. A member compares equal to its string (`Auth.BASIC == "basic"`),
which is what keeps plain-string detectors and the `match:` values of YAML policies working.
Open-ended fields (`tool`, `method`, `scheme`, `url`, names) stay `str`.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar, TypeAlias

from tokenlint.model import Secret


class FactType(StrEnum):
    """What a fact is; `when.fact` of a policy names one (all but `script-run`)."""

    CREDENTIAL = "credential"
    API_CALL = "api-call"
    GIT_REMOTE = "git-remote"
    LOG_EXPOSURE = "log-exposure"
    SCRIPT_RUN = "script-run"


class CredentialKind(StrEnum):
    """What a secret is: a found `Credential`'s `kind`, or the `credential_kind` of a call or remote.

    The four token shapes come from `tokens.classify`; the rest from context (a header, a
    username, a variable name). `none` means the call carries no credential; `unknown`, that a
    reference's name says nothing about it.
    """

    APP_PASSWORD = "app-password"
    API_TOKEN = "api-token"
    ACCESS_TOKEN = "access-token"
    DATACENTER_TOKEN = "datacenter-token"
    OAUTH_CONSUMER_SECRET = "oauth-consumer-secret"  # a found secret named or used like one
    OAUTH_CONSUMER = "oauth-consumer"  # key:secret sent to /site/oauth2/ by a call
    OAUTH_ACCESS_TOKEN = "oauth-access-token"
    BEARER_TOKEN = "bearer-token"
    TOKEN = "token"  # some token, which kind unknown
    PASSWORD = "password"
    SECRET = "secret"
    UNKNOWN = "unknown"
    NONE = "none"


class Evidence(StrEnum):
    """Which evidence decided a credential's type (`credential_evidence`, `kind_evidence`).

    Precedence, strongest first (tokenlint.detectors.evidence applies it): the value's shape
    (a literal, a `${VAR:-default}` or an assignment in the same file) > the fixed git/Basic
    usernames > explicit names (variable, pipe variable, a comment naming the type, the prompt
    that reads it, a placeholder's words, a legacy 20-character app password) > a literal that
    has no token shape > the endpoint > an email
    username > Basic with a Bitbucket username or a whole `user:secret` login in one variable, a
    comment elsewhere in the file, generic names.
    """

    VALUE_SHAPE = "value shape"
    TOKEN_AUTH_USER = "username x-token-auth"
    API_TOKEN_AUTH_USER = "username x-bitbucket-api-token-auth"
    NAME = "variable name"
    PIPE_VARIABLE = "pipe variable"
    COMMENT = "comment"
    PROMPT = "prompt text"  # `PASS=$(read -p "App password: ")`, `input("…app password…")`: what the user is asked for
    PLACEHOLDER = "placeholder words"  # `'<your app password>'`: no secret, but it names what belongs there
    LEGACY_SHAPE = "legacy 20-character app password"
    NO_TOKEN_SHAPE = "value shape (no token)"
    ENDPOINT = "endpoint"
    EMAIL_USERNAME = "email username"
    BASIC_USERNAME = "Basic with a username"
    LOGIN_PAIR = "user:secret pair in one variable"  # `-u $BITBUCKET_CREDENTIALS`: a login, so a password
    FILE_COMMENT = "comment in the same file"
    GENERIC_NAME = "generic variable name"
    BEARER = "sent as Bearer"  # contradicts a name claiming a Basic-only type; never decides a type
    NONE = ""


class Context(StrEnum):
    """Where a credential was seen."""

    LITERAL = "literal"
    URL = "url"
    GIT_CREDENTIALS = "git-credentials"
    AUTHORIZATION_BASIC = "authorization-basic"
    AUTHORIZATION_BEARER = "authorization-bearer"
    GIT_EXTRAHEADER = "git-extraheader"
    CURL_USER = "curl-user"
    NETRC = "netrc"
    ASSIGNMENT = "assignment"
    SHELL_DEFAULT = "shell-default"
    BASE64 = "base64"  # a base64 string (k8s Secret `data:`, a config value) that decodes to a token or user:secret


class Checksum(StrEnum):
    """A prefixed token's offline check; `none` for shapes without one."""

    VALID = "valid"
    INVALID = "invalid"
    NONE = "none"


class HostKind(StrEnum):
    """Which Bitbucket a URL names."""

    CLOUD_API = "cloud-api"
    CLOUD_WEB = "cloud-web"
    PIPELINES_PROXY = "pipelines-proxy"
    SERVER = "server"


class Api(StrEnum):
    """Which API a path belongs to; empty when the path names none."""

    V2 = "2.0"
    V1 = "1.0"
    INTERNAL = "internal"  # api.bitbucket.org/internal/…, bitbucket.org/!api/internal/…: the web UI's, undocumented
    SERVER = "server"
    NONE = ""


class Auth(StrEnum):
    """The HTTP authentication scheme a call uses."""

    BASIC = "basic"
    BEARER = "bearer"
    DIGEST = "digest"
    JWT = "jwt"
    NTLM = "ntlm"
    NEGOTIATE = "negotiate"
    NONE = "none"
    UNKNOWN = "unknown"


class UsernameKind(StrEnum):
    """What a call's username says about the credential that goes with it."""

    EMAIL = "email"
    ACCESS_TOKEN_USER = "x-token-auth"  # the fixed username git takes with an access token
    API_TOKEN_USER = "x-bitbucket-api-token-auth"  # the fixed username git takes with an API token
    USER = "user"
    REFERENCE = "reference"  # a variable whose name does not say it holds an email
    NONE = "none"


class GitVia(StrEnum):
    """How a git command gets the credential it sends: what the script did to put it there."""

    URL = "url"  # userinfo of the URL the command names or stores
    REMOTE = "remote"  # a named remote whose URL an earlier command stored (`git remote add NAME URL`)
    INSTEAD_OF = "insteadof"  # `url.<base>.insteadOf` rewrites the URL to one carrying a credential
    EXTRAHEADER = "extraheader"  # `http(.<url>).extraHeader: Authorization: …`
    HELPER = "helper"  # a credential helper that prints the credential (`!f() { echo password=…; }; f`)
    STORE = "store"  # a `.git-credentials` entry the script writes


class Exposure(StrEnum):
    """How a credential gets out of the variable that holds it; each rule names the ways it judges.

    To the build log (secret-in-logs): the first group. To a file that outlives the command
    (secret-written-to-disk), into the text of a script by a CI template engine
    (secret-in-script-text), echoed by a prompt (prompt-echoes-secret), into the environment of
    a script fetched from the network (remote-script-with-credentials), into an image's layers
    (secret-in-image).
    """

    ECHO = "echo"
    SET_X = "set-x"
    VERBOSE_HTTP = "verbose-http"
    PRINTLN = "println"
    ENV_DUMP = "env-dump"  # bare `env`, `printenv`, `export`, `set` while a credential is in the environment
    PRINT = "print"  # Python print(), JavaScript console.log()
    LOGGING = "logging"  # Python logging / a logger
    DEBUG_PIPE = "debug-pipe"  # a Pipelines pipe given credentials and DEBUG: "true"
    FILE_WRITE = "file-write"  # echo/printf/cat/tee/open().write() into a file
    GIT_EXTRAHEADER = "git-extraheader"  # `git config http.extraHeader` (persisted in .git/config)
    CREDENTIAL_HELPER_STORE = "credential-helper-store"  # `git config credential.helper store`, then use
    GIT_REMOTE_URL = "git-remote-url"  # `git remote get-url`/`-v` of a remote whose URL holds the credential
    TEMPLATE_EXPRESSION = "template-expression"  # GitHub `${{ secrets.X }}` inside `run:`
    GROOVY_INTERPOLATION = "groovy-interpolation"  # Jenkins `sh "…${SECRET}…"`
    AZURE_MACRO = "azure-macro"  # Azure Pipelines `$(secret)` inside a script
    PROMPT = "prompt"  # shell `read` without -s
    INPUT = "input"  # Python input() instead of getpass
    REMOTE_SCRIPT = "remote-script"  # `curl … | bash` with credentials in the environment
    DOCKERFILE_ARG = "dockerfile-arg"  # ARG holding a credential (docker history shows it)
    DOCKERFILE_ENV = "dockerfile-env"  # ENV holding a credential (every container and layer has it)


# Where a credential was seen, as messages say it.
CONTEXT_LABELS: dict[str, str] = {
    Context.LITERAL: "a literal string",
    Context.URL: "a URL's userinfo",
    Context.GIT_CREDENTIALS: "a git credential store",
    Context.AUTHORIZATION_BASIC: "an Authorization: Basic header",
    Context.AUTHORIZATION_BEARER: "an Authorization: Bearer header",
    Context.GIT_EXTRAHEADER: "git's http.extraHeader",
    Context.CURL_USER: "curl --user",
    Context.NETRC: "a .netrc entry",
    Context.ASSIGNMENT: "an assignment",
    Context.SHELL_DEFAULT: "a shell default value",
    Context.BASE64: "a base64-encoded value",
}

#: A value a policy's `when:` compares and its `message:` formats.
Attribute: TypeAlias = str | bool | int


class _Judged:
    """A fact policies can match: its attributes are its dataclass fields (None shown as ""),
    less `_hidden` (positions, raw values, identities no message may print), plus the
    properties named in `_derived`. Deriving them keeps a new field from being forgotten by
    `when:` and keeps the policy loader's list of allowed names in step with the class."""

    __dataclass_fields__: ClassVar[dict[str, Any]]  # every subclass is a dataclass
    fact: ClassVar[FactType]
    _hidden: ClassVar[frozenset[str]] = frozenset()
    _derived: ClassVar[tuple[str, ...]] = ()

    def attributes(self) -> dict[str, Attribute]:
        """The view a policy's `when:` and `message:` see."""
        attrs: dict[str, Attribute] = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            attrs[name] = "" if value is None else value
        for name in self._derived:
            attrs[name] = getattr(self, name)
        return attrs


_FIELD_NAMES: dict[type[_Judged], tuple[str, ...]] = {}


def _field_names(cls: type[_Judged]) -> tuple[str, ...]:
    """The fields of `cls` that are attributes, computed once per class (this runs per fact)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name not in cls._hidden)
    return names


def attribute_names(cls: type[_Judged]) -> frozenset[str]:
    """The names a policy over `cls` may use in `when:` and `message:`."""
    return frozenset(_field_names(cls)) | frozenset(cls._derived)


def vocabulary(cls: type[_Judged]) -> dict[str, type[StrEnum]]:
    """The attributes of `cls` with a closed set of values, and the enum that lists them."""
    hints = typing.get_type_hints(cls)
    return {name: hint for name in _field_names(cls)
            if isinstance(hint := hints[name], type) and issubclass(hint, StrEnum)}


@dataclass
class Credential(_Judged):
    """A secret seen in a document. `value` stays in memory; only `secret` is ever reported."""

    kind: CredentialKind
    context: Context
    value: str = field(repr=False)
    start: int
    end: int
    line: int = 0
    column: int = 0
    username: str | None = None
    host: str | None = None
    name: str | None = None  # the variable or key that holds it
    checksum: Checksum = Checksum.NONE
    placeholder: bool = False
    commented: bool = False
    kind_evidence: Evidence = Evidence.NONE  # what decided `kind`
    type_conflict: str = ""  # the name claims one type, the value shows another (said without the value)

    fact: ClassVar[FactType] = FactType.CREDENTIAL
    _hidden = frozenset({"value", "start", "end", "line", "column"})
    _derived = ("where", "redacted", "mistyped")

    @property
    def mistyped(self) -> bool:
        return bool(self.type_conflict)

    @property
    def secret(self) -> Secret:
        return Secret.of(self.kind, self.value)

    @property
    def where(self) -> str:
        label = CONTEXT_LABELS.get(self.context, self.context)
        return f"{label} ({self.name})" if self.name else label

    @property
    def redacted(self) -> str:
        return self.secret.redacted


def describe_target(workspace: str | None, repo: str | None) -> str:
    """`acme/app`, `acme`, or "this repository" for the Pipelines built-ins."""
    if workspace and repo:
        if workspace in ("${BITBUCKET_WORKSPACE}", "${BITBUCKET_REPO_OWNER}") and repo == "${BITBUCKET_REPO_SLUG}":
            return "this repository"
        return f"{workspace}/{repo}"
    return workspace or ""


@dataclass
class PipeStep:
    """The pipe a call is made by, as a step names it, and what the step hands it.

    Set on the calls of pipes tokenlint's pipes table knows: `calls` are the operations the table
    says the pipe makes with the credential (resolved against the step's variables), `variable`
    the pipe variable that carries it. Values of credential variables are never kept here.
    """

    reference: str  # as written: atlassian/bitbucket-upload-file:0.3.2
    name: str  # the table's row: atlassian/bitbucket-upload-file
    version: str  # the pinned version, '' when none (or a tag that is no version)
    line: int  # the `pipe:` line
    column: int
    variable: str  # the pipe variable carrying this call's credential: BITBUCKET_APP_PASSWORD
    given: tuple[str, ...] = ()  # every variable the step gives the pipe
    calls: tuple[ApiCall, ...] = ()


@dataclass
class ApiCall(_Judged):
    """One HTTP call to a Bitbucket host, as far as it can be resolved statically.

    `url` keeps unresolved parts as `${NAME}`; `template`/`operation` are set when the path
    matched an operation of the OpenAPI document. `credential` is a variable reference
    (`$NAME`) or a redacted literal, never the raw value.
    """

    tool: str  # curl, wget, requests, axios, pipe <name>, ...: open-ended
    method: str
    url: str
    line: int
    column: int = 1
    scheme: str = "https"
    host: str = ""
    host_kind: HostKind = HostKind.CLOUD_API
    api: Api = Api.NONE
    template: str | None = None
    operation: str | None = None
    deprecated: bool = False
    auth: Auth = Auth.UNKNOWN
    credential: str | None = None
    credential_kind: CredentialKind = CredentialKind.NONE
    credential_literal: bool = False
    credential_fingerprint: str | None = None  # a literal credential's identity across files (never the value)
    username: str | None = None
    username_kind: UsernameKind = UsernameKind.NONE
    workspace: str | None = None
    repo: str | None = None
    insecure: bool = False
    verbose: bool = False
    query_token: bool = False
    password_grant: bool = False
    commented: bool = False
    via: str | None = None  # what ran it: "bitbucket-pipelines.yml:12" for scripts called from a step
    api_token_only: bool = False
    credential_evidence: Evidence = Evidence.NONE  # what decided `credential_kind`
    type_conflict: str = ""  # the credential's name claims one type, its value or use shows another
    # The type the credential's own name (or a comment next to it, or the pipe variable) claims
    # outright, whatever decided `credential_kind`: a name wrongly used still says what it holds.
    claimed_kind: CredentialKind = CredentialKind.NONE
    credential_param: str | None = None  # the script's positional parameter the credential variable was set from
    credential_source: str | None = None  # a file the tool reads the login from: `~/.netrc`, `curl -K ci/curl.cfg`
    # The path may be some operation's, which one is not known statically: an unresolved part
    # that may hold several segments (`$PATH_PART`, `$1`, `$(…)`), or the API's root given to
    # a client as its base. Such a call is no unknown endpoint.
    open_path: bool = False
    malformed: str = ""  # why the URL is broken (`https:/…`, no `/2.0`); matched as meant (detectors.malformed_urls)
    documentation: bool = False  # in a code block of a Markdown or reStructuredText document (detectors.doc_snippets)
    pipe: PipeStep | None = None  # the pipe that makes the call, when tokenlint's pipes table knows it
    pipe_confidence: str = ""  # how sure the pipes table is of what the pipe does with the credential
    # Where the request's credential is attached when that is not the call itself: a session's
    # `auth`, a client's default headers, the library call inside a wrapper function. Rules
    # about the credential (`when.at: credential`) report there, once for all its calls;
    # a negative line: in another file (a base class that file reports), not here.
    auth_line: int = 0
    auth_column: int = 0

    fact: ClassVar[FactType] = FactType.API_CALL
    _hidden = frozenset({"line", "column", "credential_fingerprint", "workspace", "repo", "via", "api_token_only",
                         "credential_source", "pipe", "auth_line", "auth_column", "credential_param"})
    _derived = ("target", "replacement", "mistyped")

    @property
    def mistyped(self) -> bool:
        return bool(self.type_conflict)

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


@dataclass
class GitRemote(_Judged):
    """A git URL pointing at a Bitbucket host (clone, push, remote, insteadOf, config files)."""

    tool: str  # git clone | git push | git remote | git config | config file | ...
    url: str  # with any secret replaced by its reference or redaction
    line: int
    column: int = 1
    host: str = ""
    username: str | None = None
    credential: str | None = None
    credential_kind: CredentialKind = CredentialKind.NONE
    credential_literal: bool = False
    credential_fingerprint: str | None = None
    workspace: str | None = None
    repo: str | None = None
    this_repo: bool = False
    commented: bool = False
    credential_evidence: Evidence = Evidence.NONE  # what decided `credential_kind`
    type_conflict: str = ""  # the credential's name claims one type, its value or use shows another
    claimed_kind: CredentialKind = CredentialKind.NONE  # what its name or a comment claims outright (ApiCall's)
    credential_param: str | None = None  # the script's positional parameter the credential variable was set from
    through: GitVia = GitVia.URL
    remote: str | None = None  # the named remote the command used (`git push mirror`), when it named one
    placed: str | None = None  # where the credential was put when not on this line: "12", or "lib.sh:12" across files
    used: bool = False  # a later git command uses what this one only stores: that command is the use
    bearer_header: bool = False  # sent as `Authorization: Bearer` (an extra header), not as a username and password
    via: str | None = None  # what ran it: "bitbucket-pipelines.yml:12" for scripts called from a step
    documentation: bool = False  # in a code block of a Markdown or reStructuredText document

    fact: ClassVar[FactType] = FactType.GIT_REMOTE
    _hidden = frozenset({"line", "column", "credential_fingerprint", "workspace", "repo", "remote", "placed", "used",
                         "via", "bearer_header", "credential_param"})
    _derived = ("target", "mistyped", "auth", "host_kind", "replacement")

    @property
    def mistyped(self) -> bool:
        return bool(self.type_conflict)

    @property
    def target(self) -> str:
        return describe_target(self.workspace, self.repo)

    @property
    def auth(self) -> Auth:
        """How git sends the credential: Bearer from an extra header, else Basic (userinfo, a
        helper's or a store's username and password, a Basic extra header), so the auth rules
        read a remote as they read a call."""
        if not self.credential:
            return Auth.NONE
        return Auth.BEARER if self.bearer_header else Auth.BASIC

    @property
    def host_kind(self) -> HostKind:
        """Bitbucket Cloud's git host (bitbucket.org) or a Data Center/Server host."""
        return HostKind.CLOUD_WEB if self.host.lower() in ("bitbucket.org", "www.bitbucket.org") else HostKind.SERVER

    @property
    def replacement(self) -> str:
        """Which current credential git takes in its place."""
        return ("an access token with username x-token-auth (automation) or an API token with username "
                "x-bitbucket-api-token-auth (a person)")


@dataclass
class LogExposure(_Judged):
    """A credential that a command exposes: to a log (echo of a secret, set -x, curl -v), and,
    by `how`, to a file, to script text, to a prompt, to a remote script or to an image.
    `credential` is a reference (`$NAME`) or a redaction, never a raw value."""

    how: Exposure
    credential: str
    line: int
    column: int = 1
    commented: bool = False
    target: str = ""  # where it goes, as written: the file, the shell, the expression, the build arg
    documentation: bool = False  # in a code block of a Markdown or reStructuredText document
    # " when the debug switch is on (`[ -n "$DEBUG" ]`)": the condition under which it happens, as
    # the message says it ("" when it always happens)
    condition: str = ""
    # Why the credential is not known to be a Bitbucket one ("" when it is): named for another
    # service, or a value the script generates. tokenlint.detectors.leak_scope decides.
    out_of_scope: str = ""

    fact: ClassVar[FactType] = FactType.LOG_EXPOSURE
    _hidden = frozenset({"line", "column"})


@dataclass
class ScriptRun:
    """A step or script that runs another script, and which credentials it hands over under
    which names (`TOKEN=$RELEASE_TOKEN ./release.sh`): the link between a pipeline and the calls
    its scripts make. Cross-file analysis reads it; no policy matches it."""

    script: str  # as written: ./scripts/release.sh
    line: int
    column: int = 1
    renames: dict[str, str] = field(default_factory=dict)  # name in the script -> name outside
    args: list[str] = field(default_factory=list)  # positional arguments as resolved here: `$1` … inside

    fact: ClassVar[FactType] = FactType.SCRIPT_RUN


#: Any fact a detector emits.
Fact: TypeAlias = Credential | ApiCall | GitRemote | LogExposure | ScriptRun
#: A fact that says how Bitbucket is used (inventory, `suggest`, cross-file checks).
Usage: TypeAlias = ApiCall | GitRemote
#: The fact types a policy's `when:` can match, each with its attributes.
JUDGED: tuple[type[Credential] | type[ApiCall] | type[GitRemote] | type[LogExposure], ...] = (
    Credential, ApiCall, GitRemote, LogExposure)
