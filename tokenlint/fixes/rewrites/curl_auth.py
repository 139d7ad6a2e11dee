"""Basic auth with a password where a token will do → the token, in every shell host.

An access token goes as a Bearer header: curl `-u user:secret` (`--user`, `--user=`, `-uX`, or an
`Authorization: Basic …` header made of one variable or of `$(echo -n "$U:$P" | base64)`) becomes
`-H "Authorization: Bearer $TOKEN"`; wget's `--user`/`--password` (or `--http-user`/
`--http-password`) become `--header="Authorization: Bearer $TOKEN"`; httpie's `-a user:secret`
becomes `-A bearer -a "$TOKEN"` (httpie 3.0 and later). An API token (what `suggest` recommends
for user endpoints) stays Basic, with the account e-mail: `-u "$EMAIL:$TOKEN"`, wget
`--user "$EMAIL" --password "$TOKEN"`, httpie `-a "$EMAIL:$TOKEN"`. `--digest`/`--anyauth` go
too: Bitbucket takes neither, and they would keep curl from sending the new credential as meant.

Only a call whose credential is written out on its command is rewritten: one user:secret pair,
of literals and plain variables. Anything built at run time (`-u "$(cat creds)"`, `-u $LOGIN`
holding both halves, `${P+:$P}`), two candidate calls, or two credentials on one call is
refused. A literal secret is replaced by the variable, never written anywhere.
"""

from __future__ import annotations

import itertools
import re

from tokenlint.facts import ApiCall
from tokenlint.fixes import shellcmd
from tokenlint.fixes.model import API_TOKEN, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.fixes.shellcmd import Call, Word
from tokenlint.parsers.kinds import FileKind

Change = tuple[int, int, str]
_TOOLS = ("curl", "wget", "http", "https")
_BASIC_HEADER = re.compile(r"(?i)authorization:\s*basic\s+(?P<value>.+)")
_USERINFO = re.compile(r"""(?i)https?://(?P<userinfo>[^/@\s"':]+:[^/@\s"']+)@(?=(?:api\.|www\.)?bitbucket\.org[/:"'\s]|(?:api\.|www\.)?bitbucket\.org$)""")
_BUNDLED = re.compile(r"-[sSfkvLiIgnNqZjJOR#]+u")  # flags of curl that take no value, then -u
_ONE_VAR = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})")
_ENCODED = re.compile(r"""\$\((?:echo\s+-n|printf\s+(?:%s\s+)?)\s*"?(?P<pair>[^"|()`]*)"?\s*\|\s*base64[^()`]*\)""")


@rewrite("auth-header", kinds=(*shellcmd.SHELL_KINDS, FileKind.JENKINSFILE))
def shell(site: Site) -> Rewrite | Refused:
    """Rewrite the credential of the call the finding is about."""
    refused = shellcmd.unsupported(site)
    if refused is not None:
        return refused
    tools = {f.tool for f in site.facts if isinstance(f, ApiCall)}
    if not tools & set(_TOOLS):
        return Refused("the finding is not about a curl, wget or httpie call", applies=False)
    found = shellcmd.calls(site, _TOOLS)
    if isinstance(found, Refused):
        return found
    answers = [a for a in (credential_changes(site, call) for call in found) if a is not None]
    if not answers:
        return Refused("the call's credential is not a -u/--user (or wget --user/--password, httpie -a) "
                       "written on its command: it is set elsewhere (a variable, an array of options, a wrapper "
                       "function), so the place to change is not clear")
    if len(answers) > 1:
        return Refused("several calls on this command send credentials; which one the finding is about is not clear")
    changes = answers[0]
    if isinstance(changes, Refused):
        return changes
    edits = shellcmd.place_all(site, changes)
    if isinstance(edits, Refused):
        return edits
    return Rewrite(edits, site.new_variables())


def credential_changes(site: Site, call: Call) -> list[Change] | Refused | None:
    """The changes that make `call` send the recommended token instead of its credential;
    None when the call sends no credential this module reads."""
    name = call.name
    if name == "curl":
        return _curl(site, call)
    if name == "wget":
        return _wget(site, call)
    return _httpie(site, call)


def _bearer(site: Site) -> str:
    return f'"Authorization: Bearer {shellcmd.ref(site, site.options.token_var)}"'


def _email_token(site: Site) -> str:
    o = site.options
    return f'"{shellcmd.ref(site, o.email_var)}:{shellcmd.ref(site, o.api_token_var)}"'


def _check_pair(value: str, what: str) -> Refused | None:
    if not shellcmd.simple_value(value):
        return Refused(f"the {what} value is built at run time (a command substitution or an expansion "
                       "with an operator); rewrite it by hand")
    if not shellcmd.split_user_secret(value):
        return Refused(f"the {what} value is not user:secret written out on the command (a login in one "
                       "variable, or more than one colon)")
    return None


def _curl(site: Site, call: Call) -> list[Change] | Refused | None:
    if any("oauth2/access_token" in arg.text for arg in call.args):
        return Refused("an OAuth token request sends the consumer's key and secret as Basic, as it must; "
                       "leave it")
    bundled = _bundled_u(call)
    if isinstance(bundled, Refused):
        return bundled
    if bundled is not None:
        found = _bundled_changes(site, *bundled)
        if isinstance(found, Refused):
            return found
        return _disjoint(found + _no_digest(site, call))
    users = call.option("-u", "--user")
    headers = [(w, v, text) for w, v, text in call.option("-H", "--header")
               if _BASIC_HEADER.match(_unquote(text))]
    if not users and not headers:
        return _userinfo(site, call)
    if len(users) + len(headers) > 1:
        return Refused("the call sends more than one credential (-u/--user or Authorization headers); "
                       "which one to replace is not clear")
    api = site.token_type == API_TOKEN
    changes: list[Change] = []
    if users:
        option, value, text = users[0]
        problem = _check_pair(text, "-u")
        if problem is not None:
            return problem
        end = (value or option).end
        if not api:
            changes.append((option.start, end, f"-H {_bearer(site)}"))
        elif value is not None:
            changes.append((value.start, value.end, _email_token(site)))
        elif option.text.startswith("--user="):
            changes.append((option.start, end, f"--user={_email_token(site)}"))
        else:
            changes.append((option.start, end, f"-u {_email_token(site)}"))
    else:
        option, value, text = headers[0]
        match = _BASIC_HEADER.match(_unquote(text))
        assert match is not None
        basic = match.group("value").strip()
        encoded = _ENCODED.fullmatch(basic)
        if not _ONE_VAR.fullmatch(basic) and not (encoded and shellcmd.split_user_secret(encoded.group("pair"))
                                                  and shellcmd.simple_value(encoded.group("pair"))):
            return Refused("the Authorization: Basic header is not one variable or $(echo -n \"$U:$P\" | base64); "
                           "what it holds is not clear")
        end = (value or option).end
        changes.append((option.start, end, f"-u {_email_token(site)}" if api else f"-H {_bearer(site)}"))
    return _disjoint(changes + _no_digest(site, call))


def _no_digest(site: Site, call: Call) -> list[Change]:
    """`--digest`/`--anyauth` out: Bitbucket takes neither, and they change how curl sends -u."""
    return [(*shellcmd.drop(site, option.start, option.end), "") for option in call.flags("--digest", "--anyauth")]


def _bundled_u(call: Call) -> tuple[Word, Word] | Refused | None:
    """`curl -su "$U:$P"`: a -u bundled after flags that take no value (its value the next word)."""
    found = [(word, call.args[i + 1]) for i, word in enumerate(call.args[:-1]) if _BUNDLED.fullmatch(word.text)]
    if not found:
        return None
    if len(found) > 1 or call.option("-u", "--user") or any(
            _BASIC_HEADER.match(_unquote(t)) for _, _, t in call.option("-H", "--header")):
        return Refused("the call sends more than one credential; which one to replace is not clear")
    return found[0]


def _bundled_changes(site: Site, word: Word, value: Word) -> list[Change] | Refused:
    problem = _check_pair(value.text, "-u")
    if problem is not None:
        return problem
    if site.text.count("\n", word.start, value.end):
        return Refused("the -u and its value are on different lines; rewrite it by hand")
    if site.token_type == API_TOKEN:
        return [(value.start, value.end, _email_token(site))]
    return [(word.end - 1, value.end, f" -H {_bearer(site)}")]  # -su "$U:$P" → -s -H "Authorization: …"


def _userinfo(site: Site, call: Call) -> list[Change] | Refused | None:
    """`curl https://user:secret@api.bitbucket.org/…`: the userinfo out of the URL, the header in."""
    found = [(word, m) for word in call.args for m in _USERINFO.finditer(word.text)]
    if not found:
        return None
    if len(found) > 1:
        return Refused("several URLs of the call carry a login; which one to rewrite is not clear")
    word, match = found[0]
    if not shellcmd.simple_value(match.group("userinfo")) or "'" in word.text:
        return Refused("the login in the URL is built at run time; rewrite it by hand")
    name = call.name
    if site.token_type == API_TOKEN:
        option = f"--user={_email_token(site)}" if name == "wget" else f"-u {_email_token(site)}"
    else:
        option = f"--header={_bearer(site)}" if name == "wget" else f"-H {_bearer(site)}"
    return [(call.tool.end, call.tool.end, f" {option}"),
            (word.start + match.start("userinfo"), word.start + match.end(), "")]


def _wget(site: Site, call: Call) -> list[Change] | Refused | None:
    users = call.option("--user", "--http-user")
    passwords = call.option("--password", "--http-password")
    if not users and not passwords:
        return _userinfo(site, call)
    if len(users) != 1 or len(passwords) != 1:
        return Refused("wget is not given exactly one --user and one --password; which credential to replace "
                       "is not clear")
    for _, _, text in users + passwords:
        if not shellcmd.simple_value(text):
            return Refused("the wget credential is built at run time; rewrite it by hand")
    (u_opt, u_val, _), (p_opt, p_val, _) = users[0], passwords[0]
    if site.token_type == API_TOKEN:
        o = site.options
        return _disjoint([_wget_value(u_opt, u_val, f'"{shellcmd.ref(site, o.email_var)}"'),
                          _wget_value(p_opt, p_val, f'"{shellcmd.ref(site, o.api_token_var)}"')])
    if site.text.count("\n", p_opt.start, (p_val or p_opt).end):
        return Refused("wget's --password and its value are on different lines; rewrite it by hand")
    return _disjoint([(u_opt.start, (u_val or u_opt).end, f"--header={_bearer(site)}"),
                      (*shellcmd.drop(site, p_opt.start, (p_val or p_opt).end), "")])


def _wget_value(option: Word, value: Word | None, new: str) -> Change:
    if value is not None:
        return value.start, value.end, new
    name = option.text.split("=", 1)[0]
    return option.start, option.end, f"{name}={new}"


def _httpie(site: Site, call: Call) -> list[Change] | Refused | None:
    auths = call.option("-a", "--auth")
    if not auths:
        return None
    if len(auths) > 1 or call.option("-A", "--auth-type"):
        return Refused("httpie is given more than one credential or an --auth-type; rewrite it by hand")
    option, value, text = auths[0]
    problem = _check_pair(text, "-a")
    if problem is not None:
        return problem
    end = (value or option).end
    name = option.text.split("=", 1)[0] if option.text.startswith("--") else option.text[:2]
    glue = "=" if "=" in option.text else " "
    secret = _email_token(site) if site.token_type == API_TOKEN else f'"{shellcmd.ref(site, site.options.token_var)}"'
    prefix = "" if site.token_type == API_TOKEN else "-A bearer "
    return [(option.start, end, f"{prefix}{name}{glue}{secret}")]


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _disjoint(changes: list[Change]) -> list[Change] | Refused:
    ordered = sorted(changes)
    for a, b in itertools.pairwise(ordered):
        if a[1] > b[0]:
            return Refused("the call's options overlap in a way this rewrite cannot follow")
    return ordered
