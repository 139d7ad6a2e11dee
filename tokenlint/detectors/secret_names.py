"""Which names hold a secret: what the leak detectors (shell, Python, JavaScript, Groovy,
Dockerfile) follow when they look for a credential printed, written or baked somewhere.

A name says it holds a secret when `parsers.names.kind_from_name` gives it a credential kind, unless
it names something about a secret rather than the secret itself (`TOKEN_URL`, `PASSWORD_FILE`,
`BB_USER`): printing those leaks nothing.
"""

from __future__ import annotations

import re
from functools import cache

from tokenlint.facts import CredentialKind
from tokenlint.parsers.names import kind_from_name

# Suffixes of a name that holds something about a secret, not the secret.
_ABOUT = re.compile(
    r"(?:^|[_\-.])(?:user|username|login|url|uri|file|path|dir|name|id|arn|endpoint|length|len|expiry|expires|"
    r"expiration|type|kind|scope|scopes|header_name|var|variable|env|ttl|prefix|hash|hashed|salt|policy|"
    r"required|enabled|valid|prompt|label|help|field|count|set)$|username$|^is_|^has_|^no_",
    re.IGNORECASE)
# Variables the shell itself sets: `$PWD` is the working directory, not a password.
_SHELL_VARIABLES = frozenset(("PWD", "OLDPWD"))
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_REF = re.compile(r"(?<!\\)\$\{?([A-Za-z_][A-Za-z0-9_]*)")


@cache  # a pure function of a name, asked for the same few names thousands of times per file
def is_secret_name(name: str) -> bool:
    """Whether a variable, key or attribute of this name holds a secret."""
    if not name or len(name) > 200 or name in _SHELL_VARIABLES:
        return False
    snake = _CAMEL.sub(r"\1_\2", name)  # appTokenUrl -> app_Token_Url
    return kind_from_name(name) != CredentialKind.UNKNOWN and not _ABOUT.search(snake)


def secret_refs(text: str) -> list[str]:
    """`$NAME` / `${NAME}` references to secret names in raw text (a here-document, a YAML
    value), in order, each once. An escaped `\\$NAME` is text, no reference."""
    out: dict[str, None] = {}  # ordered, each once
    for name in _REF.findall(text):
        if name not in out and is_secret_name(name):
            out[name] = None
    return list(out)


# What the words of a credential's name say about whose credential it is (`service_of`). The
# generic words name a kind of secret or a role in a pipeline, never a service; the other
# services are the ones build scripts most often hold credentials for besides Bitbucket.
_BITBUCKET_WORDS = frozenset(("bitbucket", "bb", "bbucket", "atlassian", "bitbucketorg"))
_GENERIC_WORDS = frozenset((
    "token", "tokens", "password", "passwd", "pass", "pwd", "pw", "passphrase", "secret", "secrets", "key", "apikey",
    "api", "app", "access", "auth", "authorization", "bearer", "basic", "oauth", "oauth2", "client", "consumer",
    "refresh", "personal", "private", "repo", "repository", "workspace", "project", "git", "scm", "vcs", "ci", "cd",
    "pipeline", "pipelines", "pipe", "build", "deploy", "deployment", "release", "mirror", "sync", "push", "pull",
    "clone", "remote", "origin", "source", "src", "target", "dest", "destination", "user", "account", "service",
    "svc", "bot", "my", "the", "your", "new", "old", "default", "main", "prod", "production", "dev", "staging",
    "test", "env", "var", "value", "cred", "creds", "credential", "credentials", "login", "http", "https", "rest",
    "pat", "id", "tmp", "temp", "encoded", "b64", "base64", "raw", "plain", "x", "upload", "download", "read",
    "write", "self", "this", "cfg", "config", "conf", "args", "opts", "options", "settings", "input", "inputs",
    "secured", "masked", "sensitive", "team", "org", "organization", "a", "s", "p", "t", "u", "v", "1", "2",
))
_OTHER_SERVICE_WORDS = frozenset((
    "docker", "dockerhub", "hub", "registry", "npm", "npmjs", "yarn", "pypi", "twine", "gem", "rubygems", "nuget",
    "maven", "gradle", "sonatype", "nexus", "artifactory", "jfrog", "github", "gh", "gitlab", "gitea", "azure",
    "ado", "aws", "s3", "ecr", "gcp", "gcloud", "google", "gcr", "firebase", "heroku", "netlify", "vercel",
    "cloudflare", "digitalocean", "slack", "teams", "discord", "telegram", "twilio", "sendgrid", "mailgun", "smtp",
    "mail", "sentry", "datadog", "newrelic", "sonar", "sonarqube", "sonarcloud", "snyk", "codecov", "coveralls",
    "jira", "confluence", "trello", "jenkins", "circleci", "travis", "teamcity", "octopus", "vault", "consul",
    "db", "database", "mysql", "postgres", "postgresql", "pg", "psql", "mongo", "mongodb", "redis", "rabbitmq",
    "amqp", "kafka", "elastic", "elasticsearch", "ldap", "wp", "wordpress", "admin", "root", "ftp", "sftp",
    "ssh", "gpg", "pgp", "keystore", "signing", "jks", "apple", "appstore", "fastlane", "expo", "openai",
    "stripe", "paypal", "shopify", "kube", "kubernetes", "k8s", "helm", "argocd", "terraform", "tf", "ansible",
    "quay", "harbor", "ghcr", "acr", "gar", "codeartifact", "jwt", "cookie", "session", "csrf", "vnc", "rdp",
))
_WORD = re.compile(r"[A-Za-z]+|\d+")

BITBUCKET, GENERIC, OTHER, QUALIFIED = "bitbucket", "generic", "other", "qualified"


def service_of(name: str) -> str:
    """Whose credential a name says it holds: BITBUCKET (`BB_TOKEN`, `bitbucketPassword`,
    `ATLASSIAN_API_TOKEN`), OTHER (named for another service: `DOCKERHUB_PASSWORD`, `gh_token`,
    `DB_PASS`), GENERIC (`PASSWORD`, `APP_PASSWORD`, `REPO_TOKEN`: only its use tells), or
    QUALIFIED (a word tokenlint does not know: `METERIAN_API_TOKEN`; whose depends on the file)."""
    lower = name.lower()
    if "bitbucket" in lower or "atlassian" in lower:
        return BITBUCKET
    words = [w.lower() for w in _WORD.findall(_CAMEL.sub(r"\1_\2", name))]
    if any(w in _BITBUCKET_WORDS for w in words):
        return BITBUCKET
    if any(w in _OTHER_SERVICE_WORDS for w in words):
        return OTHER
    if all(w in _GENERIC_WORDS or kind_from_name(w) != CredentialKind.UNKNOWN for w in words):
        return GENERIC
    return QUALIFIED
