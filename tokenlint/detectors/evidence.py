"""What a credential is, from every piece of evidence a file gives, and which evidence decided.

A variable's name is the weakest evidence there is: real scripts keep an app password in
`API_TOKEN`, an API token in `BB_PASS`, and `password="$2"` says nothing. So each call, remote
and found secret is typed from all of its evidence, each with a rank, and the strongest wins:

1. the value's shape (`ATBB…`, `ATATT3…`, `ATCTT3…`, `BBDC-…`, a JWT), where the value is a
   literal, a `${VAR:-default}` or an assignment in the same file;
2. the fixed usernames: `x-token-auth` (access or OAuth token), `x-bitbucket-api-token-auth`
   (API token);
3. explicit names: the variable (`APP_PASSWORD`, `API_TOKEN`, `REPO_ACCESS_TOKEN`), the pipe
   variable it is passed as (`BITBUCKET_APP_PASSWORD`), a comment next to it naming a type
   (`# Bitbucket app password`), the prompt that reads it (`read -p "App password: " PASS`,
   `input("Enter your app password: ")`), the words of a placeholder standing in for it
   (`'<your app password>'`: no secret, but it says what belongs there), a literal of the
   legacy 20-character app password shape;
4. a literal with no token shape (a password, not a token);
5. the endpoint: on an operation only API tokens can call (`GET /2.0/user`), a generic
   `TOKEN` sent as Basic is an API token;
6. an email username: an API token, or the account password when the name says password;
7. a comment elsewhere in the file naming one type; Basic with a Bitbucket username (a
   password: app password or account password); a whole `user:secret` pair in one variable
   whose name says it is a login (`-u $BITBUCKET_CREDENTIALS`, `--user $BB_AUTH`): the secret
   half of a username-and-secret login that nothing shows to be a token is a password;
8. generic names (`TOKEN`, `PASS`, `SECRET`): `password` alone is the weakest reading there is,
   an account password only when nothing else speaks.

A name is read by its last meaningful part (`self.app_password`, `config.bitbucket.appPassword`,
`opts.appPw`) and its usual abbreviations (`app_pw`, `AppPW`): tokenlint.parsers.names.

How a credential is sent as Bearer decides nothing (a wrongly sent credential still is what
was stored), but it contradicts a name claiming a type that only goes in Basic: an API token
or an app password sent as Bearer is named as another type, or the call fails.

Detectors decide nothing: the kind chosen here is what the fact says the credential is, and
`type_conflict` says, without the value, when its name claims one type while stronger
evidence (value shape, a fixed username, an email username, a comment) shows another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from tokenlint import tokens
from tokenlint.detectors.values import is_placeholder
from tokenlint.document import Document
from tokenlint.facts import (
    ApiCall,
    Auth,
    Credential,
    CredentialKind,
    Evidence,
    Fact,
    GitRemote,
    UsernameKind,
)
from tokenlint.parsers.names import kind_from_name, last_part

K = CredentialKind
E = Evidence
#: A piece of evidence: the kind it points to, and what it is.
Proposal: TypeAlias = tuple[CredentialKind, Evidence]

RANK: dict[Evidence, int] = {
    E.VALUE_SHAPE: 90, E.TOKEN_AUTH_USER: 80, E.API_TOKEN_AUTH_USER: 80,
    E.NAME: 70, E.PIPE_VARIABLE: 70, E.COMMENT: 70, E.PROMPT: 70, E.PLACEHOLDER: 70, E.LEGACY_SHAPE: 70,
    E.NO_TOKEN_SHAPE: 60, E.ENDPOINT: 50, E.EMAIL_USERNAME: 40,
    E.FILE_COMMENT: 25, E.BASIC_USERNAME: 20, E.LOGIN_PAIR: 20, E.GENERIC_NAME: 10, E.BEARER: 0, E.NONE: 0,
}
#: Kinds a name can claim outright (anything else a name says is generic).
EXPLICIT = frozenset((K.APP_PASSWORD, K.API_TOKEN, K.ACCESS_TOKEN))
_SPECIFIC = EXPLICIT | {K.DATACENTER_TOKEN, K.OAUTH_CONSUMER_SECRET, K.OAUTH_CONSUMER, K.OAUTH_ACCESS_TOKEN}
# Evidence that can contradict what a name claims (weaker hints only narrow a generic name).
_CONTRADICTS = frozenset((E.VALUE_SHAPE, E.TOKEN_AUTH_USER, E.API_TOKEN_AUTH_USER, E.EMAIL_USERNAME, E.COMMENT,
                          E.PROMPT, E.PLACEHOLDER, E.LEGACY_SHAPE, E.PIPE_VARIABLE, E.BEARER))

LABELS: dict[str, str] = {
    K.APP_PASSWORD: "an app password", K.API_TOKEN: "an API token", K.ACCESS_TOKEN: "an access token",
    K.DATACENTER_TOKEN: "a Data Center token", K.OAUTH_ACCESS_TOKEN: "an OAuth access token",
    K.OAUTH_CONSUMER_SECRET: "an OAuth consumer secret", K.OAUTH_CONSUMER: "an OAuth consumer",
    K.PASSWORD: "a password (app password or account password)",
}
_SHOWN_BY: dict[str, str] = {
    E.VALUE_SHAPE: "its value has the shape of {kind}",
    E.TOKEN_AUTH_USER: "it is sent with username x-token-auth, which only access and OAuth tokens take",
    E.API_TOKEN_AUTH_USER: "it is sent with username x-bitbucket-api-token-auth, which only API tokens take",
    E.EMAIL_USERNAME: "it is sent with an email username, as {kind} is",
    E.COMMENT: "a comment next to it calls it {kind}",
    E.PROMPT: "the prompt that reads it asks for {kind}",
    E.PLACEHOLDER: "the placeholder standing in for it names {kind}",
    E.LEGACY_SHAPE: "its value has the shape of a legacy 20-character app password",
    E.PIPE_VARIABLE: "it is passed to the pipe as {kind}",
    E.BEARER: "it is sent as `Authorization: Bearer`, which only access tokens and OAuth tokens take",
}

_LEGACY = re.compile(r"(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{20}")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")


def by_value(text: str) -> Proposal:
    """What a literal secret's shape says."""
    kind = tokens.classify(text)
    if kind is not None:
        return kind, E.VALUE_SHAPE
    if _JWT.fullmatch(text):
        return K.OAUTH_ACCESS_TOKEN, E.VALUE_SHAPE
    if _LEGACY.fullmatch(text):
        return K.APP_PASSWORD, E.LEGACY_SHAPE
    if is_placeholder(text):  # `<your app password>`: no secret, but its words say what goes there
        named = kinds_named(text)
        if len(named) == 1:
            return next(iter(named)), E.PLACEHOLDER
    return K.PASSWORD, E.NO_TOKEN_SHAPE


def by_name(name: str) -> Proposal | None:
    """What a variable name says: explicit (`APP_PASSWORD`) or generic (`TOKEN`, `PASS`)."""
    kind = kind_from_name(name)
    if kind == K.UNKNOWN:
        return None
    return kind, (E.NAME if kind in EXPLICIT else E.GENERIC_NAME)


def decide(proposals: Iterable[Proposal]) -> Proposal:
    """The strongest evidence (the first of equals): the kind and what decided it."""
    best: Proposal = (K.UNKNOWN, E.NONE)
    for kind, evidence in proposals:
        if RANK[evidence] > RANK[best[1]]:
            best = (kind, evidence)
    return best


def conflict(name: str, proposals: Sequence[Proposal]) -> str:
    """How `name` claims one type while stronger-than-generic evidence shows another ('' if not)."""
    claimed = kind_from_name(name)
    if claimed not in EXPLICIT:
        return ""
    for kind, evidence in proposals:
        if evidence not in _CONTRADICTS or kind == claimed or kind not in _SPECIFIC | {K.PASSWORD}:
            continue
        if evidence == E.EMAIL_USERNAME and claimed == K.API_TOKEN:
            continue  # an API token goes with the account email: what the name says
        shown = _SHOWN_BY[evidence].format(kind=LABELS.get(kind, kind))
        return f"{name} is named as {LABELS[claimed]}, but {shown} (evidence: {evidence})"
    return ""


def _ref(fact: ApiCall | GitRemote) -> str | None:
    """The variable a call's credential is read from, when it is not a literal."""
    if not fact.credential or fact.credential_literal or not fact.credential.startswith("$"):
        return None
    return fact.credential[1:]


def proposals_of(fact: ApiCall | GitRemote, extra: Iterable[Proposal] = ()) -> list[Proposal]:
    """Every piece of evidence the fact itself holds (its name, username, endpoint), plus `extra`
    (the literal's shape, or what the rest of the file says)."""
    out = list(extra)
    if fact.credential_evidence == E.PIPE_VARIABLE:  # what the pipe does with it outranks its name
        out.append((fact.credential_kind, E.PIPE_VARIABLE))
    name = _ref(fact)
    named = by_name(name) if name else None
    if named is not None:
        out.append(named)
    username = (fact.username or "").removeprefix("$")
    basic = isinstance(fact, GitRemote) or fact.auth == Auth.BASIC
    kind_of_user = fact.username_kind if isinstance(fact, ApiCall) else _git_username_kind(fact.username)
    if username == UsernameKind.ACCESS_TOKEN_USER:
        out.append((K.ACCESS_TOKEN, E.TOKEN_AUTH_USER))
    elif username == UsernameKind.API_TOKEN_USER:
        out.append((K.API_TOKEN, E.API_TOKEN_AUTH_USER))
    elif basic and kind_of_user == UsernameKind.EMAIL:
        says_password = any(k == K.PASSWORD and e in (E.GENERIC_NAME, E.NO_TOKEN_SHAPE) for k, e in out)
        out.append((K.PASSWORD if says_password else K.API_TOKEN, E.EMAIL_USERNAME))
    elif basic and kind_of_user in (UsernameKind.USER, UsernameKind.REFERENCE) and named in (None, (K.PASSWORD,
                                                                                                E.GENERIC_NAME)):
        out.append((K.PASSWORD, E.BASIC_USERNAME))  # a generic TOKEN stays some token: which one, nothing says
    elif isinstance(fact, ApiCall) and basic and kind_of_user == UsernameKind.NONE and name \
            and named in (None, (K.PASSWORD, E.GENERIC_NAME)) and _LOGIN_NAME.search(name) \
            and not _USER_NAME.search(name):
        # a login handed to the tool whole (`curl -u $BITBUCKET_CREDENTIALS`); a prebuilt header
        # value (git's `Authorization: Basic $H`) may encode `x-token-auth:…` as well: no evidence
        out.append((K.PASSWORD, E.LOGIN_PAIR))
    if (fact.auth if isinstance(fact, ApiCall) else Auth.BEARER if fact.bearer_header else None) == Auth.BEARER:
        # how it is sent: contradicts a name that claims a Basic-only type (API token, app
        # password), never decides the type (rank 0): `Bearer $API_TOKEN` still holds what was stored
        out.append((K.ACCESS_TOKEN, E.BEARER))
    if isinstance(fact, ApiCall) and fact.auth == Auth.BASIC and fact.api_token_only and named == (K.TOKEN,
                                                                                                   E.GENERIC_NAME):
        out.append((K.API_TOKEN, E.ENDPOINT))
    return out


#: Names of one variable holding a whole `user:secret` login (`BITBUCKET_CREDENTIALS`, `BB_AUTH`, `_auth`).
_LOGIN_NAME = re.compile(r"cred|auth|login|user_?pass|usr_?pwd|basic", re.IGNORECASE)
_USER_NAME = re.compile(r"(?:user|username|email|mail|_id)$", re.IGNORECASE)  # `-u $AUTH_USER`: a username alone


def _git_username_kind(username: str | None) -> UsernameKind:
    if not username:
        return UsernameKind.NONE
    if "@" in username or "mail" in username.lower():
        return UsernameKind.EMAIL
    return UsernameKind.REFERENCE if username.startswith("$") else UsernameKind.USER


def type_fact(fact: ApiCall | GitRemote, extra: Iterable[Proposal] = (), reported: Iterable[Proposal] = ()) -> None:
    """Set the fact's credential kind, the evidence that decided it, and any name/evidence conflict.

    `extra` decides without being called a conflict here: a value's shape found elsewhere in the
    file is reported on the credential itself, where the value is."""
    if not fact.credential:
        return
    if isinstance(fact, ApiCall) and fact.credential_kind == K.OAUTH_CONSUMER:
        fact.credential_evidence = E.ENDPOINT  # key:secret sent to /site/oauth2/: nothing else matters
        return
    own = proposals_of(fact, reported)
    kind, evidence = decide([*extra, *own])
    if evidence != E.NONE:
        fact.credential_kind, fact.credential_evidence = kind, evidence
    name = _ref(fact)
    if any(e == E.VALUE_SHAPE for _, e in extra):  # the value's line reports its name; the use adds nothing
        own = [p for p in own if p[1] != E.BEARER]
    fact.type_conflict = conflict(name, own) if name else ""
    fact.claimed_kind = claimed(own)


#: Evidence that says what a credential is meant to be (as opposed to how it is sent or shaped).
_CLAIMS = (E.PIPE_VARIABLE, E.NAME, E.COMMENT, E.PROMPT, E.PLACEHOLDER)


def claimed(proposals: Iterable[Proposal]) -> CredentialKind:
    """The type the credential's own name, pipe variable or a comment next to it claims outright
    (NONE when none does). A use that contradicts the claim (`x-token-auth:$APP_PASSWORD`) shows
    a wrong pairing, not a different credential: rules about what the credential is (an app
    password in use) read the claim when only the way it is sent says otherwise."""
    best: Proposal = (K.NONE, E.NONE)
    for kind, evidence in proposals:
        if evidence in _CLAIMS and kind in EXPLICIT and RANK[evidence] > RANK[best[1]]:
            best = (kind, evidence)
    return best[0]


# --- what the rest of the file says -------------------------------------------------------------

_PHRASES: tuple[tuple[re.Pattern[str], CredentialKind], ...] = (
    (re.compile(r"\bapp[ _-]?(?:passwords?|pw|pwd)\b", re.I), K.APP_PASSWORD),  # `App-PW` too
    (re.compile(r"\b(?:atlassian )?api[ _-]?tokens?\b", re.I), K.API_TOKEN),
    # (an "OAuth access token" is an OAuth grant's, no repository, project or workspace access token)
    (re.compile(r"(?<!oauth )(?<!oauth2 )(?<!oauth_)\b(?:(?:repository|repo|project|workspace) )?access[ _-]?tokens?\b",
                re.I), K.ACCESS_TOKEN),
    (re.compile(r"\baccount[ _-]?passwords?\b", re.I), K.PASSWORD),
)
_SLUG_AFTER = re.compile(r"-\w")
_COMMENT_START = re.compile(r"(?:^|\s)(?:#|//|/\*|<!--|--\s)|^\s*\*")
# What the program tells its user counts as documentation too: `print('Generate an app password
# at …')`, `echo "API token:"`, `help="Bitbucket app password"`, `console.error(…)`.
_MESSAGE_START = re.compile(r"(?<![\w.])(?:print|echo|printf|puts|die|warn|error|fatal|exit|click\.echo|"
                            r"console\.\w+|log(?:ger|ging)?\.\w+)\b[ \t(]|(?<!\w)(?:help|description|"
                            r"prompt|message)[ \t]*[=:]")


def comment_types(doc: Document) -> dict[int, set[CredentialKind]]:
    """Line -> the credential types that comments, or messages the program prints, on that line
    name (only where some do)."""
    out: dict[int, set[CredentialKind]] = {}
    lower = doc.lower
    if not any(w in lower for w in ("password", "token")):
        return out
    for rx, kind in _PHRASES:
        for m in rx.finditer(doc.text):
            if _SLUG_AFTER.match(doc.text, m.end()) or (m.start() and doc.text[m.start() - 1] == "-"):
                continue  # part of a rule's slug (`tokenlint: ignore[app-password-in-use]`), not a description
            line, col = doc.line_col(m.start())
            head = doc.line_text(line)[:col - 1]
            if _COMMENT_START.search(head) or (_MESSAGE_START.search(head) and _prose(doc.text, m)):
                out.setdefault(line, set()).add(kind)
    return out


def _prose(text: str, m: re.Match[str]) -> bool:
    """A phrase a message says in words (`"Generate an app password"`), not a variable it prints
    (`echo "$accesstoken"`, `print(app_password)`)."""
    before = text[m.start() - 1] if m.start() else " "
    return before not in "$.{_" and any(c in m.group(0) for c in " -")


def kinds_named(text: str) -> set[CredentialKind]:
    """The credential types a short text (a placeholder, a prompt) names: `<your app password>`,
    `your_app_password`, `Bitbucket API token: `."""
    spaced = re.sub(r"[_<>{}\[\]]+", " ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text))
    return {kind for rx, kind in _PHRASES if rx.search(spaced)}


# What reads a secret from the person running the script, with the text it asks with:
# `password = input("…")`, `getpass(prompt="…")`, `await rl.question("…")`, `click.prompt("…")`,
# `$p = Read-Host -Prompt "…"`, and shell `read -p "…" NAME` or an `echo`/`printf` prompt
# just before a `read NAME`.
_CALL_PROMPT = re.compile(
    r"(?<![\w.$])(?P<name>[A-Za-z_$][\w.$]{0,80})[ \t]*(?::[ \t]*\w+[ \t]*)?=[ \t]*(?:await[ \t]+)?"
    r"(?:[A-Za-z_][\w.]{0,80}\.)?(?:input|raw_input|getpass|prompt|question|password|ask|readline|Read-Host)"
    r"""[ \t]*\(?[ \t]*(?:-Prompt[ \t]+|[A-Za-z_]\w{0,20}[ \t]*=[ \t]*)?[fbru]{0,2}(?P<q>['"`])"""
    r"""(?P<text>[^'"`\n]{1,200})(?P=q)""")
_READ_PROMPT = re.compile(
    r"""\bread(?:[ \t]+-[A-Za-z]{1,4}){0,4}[ \t]+-[A-Za-z]{0,4}p[ \t]*(?P<q>['"])(?P<text>[^'"\n]{1,200})(?P=q)"""
    r"(?P<rest>[^\n;|&]{0,200})"
    r"""|\b(?:echo|printf)(?:[ \t]+-[A-Za-z]{1,4}){0,3}[ \t]+(?P<q2>['"])(?P<text2>[^'"\n]{1,200})(?P=q2)"""
    r"(?:[^\n;|&]|&(?!&)){0,40}(?:;|&&|\n)[ \t]*read\b(?P<rest2>[^\n;|&]{0,200})")
_PROMPT_HINT = re.compile(r"input|getpass|prompt|question|password|ask|readline|Read-Host|\bread\b", re.I)


def _read_target(rest: str) -> str | None:
    """The variable a `read` fills: its last word before any redirection (`read -s PASS < /dev/tty`)."""
    words: list[str] = []
    for word in rest.split():
        if word.startswith(("<", ">", "0<", "2>")):
            break
        words.append(word)
    return words[-1] if words and re.fullmatch(r"[A-Za-z_]\w*", words[-1]) else None


def prompt_types(doc: Document) -> dict[str, set[CredentialKind]]:
    """Variable -> the credential types the prompts that fill it ask for: the text a script shows
    the person typing the secret is explicit evidence of what the variable holds. Linear: one pass
    of two patterns over the file, only when it has a prompting call at all."""
    out: dict[str, set[CredentialKind]] = {}
    if not _PROMPT_HINT.search(doc.text):
        return out
    found: list[tuple[str | None, str]] = []
    for m in _CALL_PROMPT.finditer(doc.text):
        found.append((last_part(m.group("name")).lstrip("$"), m.group("text")))
    for m in _READ_PROMPT.finditer(doc.text):
        if m.group("text") is not None:
            found.append((_read_target(m.group("rest")), m.group("text")))
        else:
            found.append((_read_target(m.group("rest2")), m.group("text2")))
    for name, text in found:
        kinds = kinds_named(text)
        if name and kinds:
            out.setdefault(name, set()).update(kinds)
    return out


def _near_comment(doc: Document, name: str, comments: dict[int, set[CredentialKind]]) -> CredentialKind | None:
    """The one type a comment on a line that mentions `name`, or on the line just above it, names."""
    lines = {doc.line_col(m.start())[0] for m in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])",
                                                                doc.text)}
    kinds: set[CredentialKind] = set()
    for line in sorted(lines):
        for at in (line, line - 1):
            found = comments.get(at, set())
            if len(found) == 1:
                kinds |= found
    return next(iter(kinds)) if len(kinds) == 1 else None


def apply(doc: Document, facts: Sequence[Fact]) -> None:
    """Type each call and remote of `doc` that reads a variable, with what the rest of the file
    says about that variable: a `${VAR:-ATBB…}` default or `VAR=ATBB…` assignment (value shape),
    a comment next to it, or one credential type named by the file's comments."""
    usage = [f for f in facts if isinstance(f, (ApiCall, GitRemote)) and _ref(f)]
    if not usage:
        return
    shapes: dict[str, CredentialKind] = {}
    for cred in facts:
        if isinstance(cred, Credential) and cred.name and cred.kind_evidence == E.VALUE_SHAPE:
            shapes.setdefault(cred.name, cred.kind)
    comments = comment_types(doc)
    in_file = set().union(*comments.values()) if comments else set()
    prompts = prompt_types(doc)
    near_by_name: dict[str, CredentialKind | None] = {}  # one look through the file per variable
    for fact in usage:
        name = _ref(fact) or ""
        shaped = [(shapes[name], E.VALUE_SHAPE)] if name in shapes else []
        said: list[Proposal] = []
        if comments and name not in near_by_name and not name.isdigit():  # `$2` is no name a comment can mention
            near_by_name[name] = _near_comment(doc, name, comments)
        near = near_by_name.get(name)
        if near is not None:
            said.append((near, E.COMMENT))
        elif len(in_file) == 1:
            said.append((next(iter(in_file)), E.FILE_COMMENT))
        asked = prompts.get(name, set())
        if len(asked) == 1:
            said.append((next(iter(asked)), E.PROMPT))
        if shaped or said:
            type_fact(fact, shaped, said)
