"""`?access_token=$T` in a curl or wget URL → the same token in an Authorization header.

Bitbucket rejects tokens in the query string since 2026-05-04. The parameter is taken out of the
URL (the `?` or `&` before it with it, so the other parameters stay as they were) and the call
gets `-H "Authorization: Bearer $T"` (wget: `--header=`) right after the tool's name, reading
the variable the URL used; a literal token is replaced by the new token variable and listed for
rotation. Refused when the parameter is not written in the URL on the command (built in pieces),
when its value is not one variable or literal, and when the call already sends a credential
(two Authorization headers would be worse).
"""

from __future__ import annotations

import re

from tokenlint.facts import ApiCall
from tokenlint.fixes import shellcmd
from tokenlint.fixes.model import ACCESS_TOKEN, NewVariable, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.parsers.kinds import FileKind

_PARAM = re.compile(r"(?P<sep>[?&])access_token=(?P<value>[^&\"'#\s]*)(?P<next>&?)")
_VAR = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})")
_LITERAL = re.compile(r"[A-Za-z0-9._~+/=-]+")


@rewrite("oauth-token-in-query", kinds=(*shellcmd.SHELL_KINDS, FileKind.JENKINSFILE))
def to_header(site: Site) -> Rewrite | Refused:
    refused = shellcmd.unsupported(site)
    if refused is not None:
        return refused
    facts = [f for f in site.facts if isinstance(f, ApiCall)]
    if not any(f.query_token for f in facts):
        return Refused("the OAuth password grant has no mechanical replacement: use the client-credentials or "
                       "authorization-code grant")
    found = shellcmd.calls(site, ("curl", "wget"))
    if isinstance(found, Refused):
        return found
    holders = [(call, word) for call in found for word in call.args if "access_token=" in word.text]
    if len(holders) != 1:
        return Refused("the access_token parameter is not written in one curl/wget URL on the command "
                       "(the URL is built in pieces)")
    call, word = holders[0]
    params = list(_PARAM.finditer(word.text))
    if len(params) != 1 or "'" in word.text:
        return Refused("the URL's access_token parameter is not one plain parameter of a double-quoted or "
                       "unquoted URL")
    param = params[0]
    value = param.group("value")
    tool = call.name
    if call.option("-u", "--user", "--http-user", "--password", "--http-password") or any(
            "authorization" in text.lower() for _, _, text in call.option("-H", "--header")):
        return Refused("the call also sends another credential; which one it needs is not clear")
    variables: list[NewVariable] = []
    if _VAR.fullmatch(value):
        token = value
    elif _LITERAL.fullmatch(value) and "$" not in value:
        token = shellcmd.ref(site, site.options.token_var)
        old, fingerprint = site.replaces()
        variables = [NewVariable(site.options.token_var, ACCESS_TOKEN, old, fingerprint)]
    else:
        return Refused("the access_token value is built at run time; rewrite it by hand")
    if site.kind == FileKind.MAKEFILE and not token.startswith("$$"):
        return Refused("the token is a make variable, which make would print in the build log; rewrite it by hand")
    header = f'"Authorization: Bearer {token}"'
    option = f"--header={header}" if tool == "wget" else f"-H {header}"
    # `?access_token=T&x=1` keeps `?x=1`; `?access_token=T` and `&access_token=T` go whole
    cut_start = word.start + param.start() + (1 if param.group("sep") == "?" and param.group("next") else 0)
    cut_end = word.start + param.end()
    changes = [(call.tool.end, call.tool.end, f" {option}"), (cut_start, cut_end, "")]
    edits = shellcmd.place_all(site, changes)
    if isinstance(edits, Refused):
        return edits
    return Rewrite(edits, variables)
