"""curl's `-u user:secret` with a password where a token will do → the token's header.

An access token goes as `-H "Authorization: Bearer $TOKEN"`; an API token (what `suggest`
recommends for user endpoints) stays Basic, with the account e-mail: `-u "$EMAIL:$TOKEN"`.
Only a `-u`/`--user` word the line holds once, after the call's curl, is rewritten; anything
built at run time (`-u "$(cat creds)"`, `-u $LOGIN` holding both halves) is left alone.
"""

from __future__ import annotations

import re

from tokenlint.facts import ApiCall
from tokenlint.fixes.model import API_TOKEN, Edit, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.parsers.kinds import FileKind

# -u WORD, -uWORD, --user WORD, --user=WORD; WORD one shell word of quoted and unquoted parts
_USER = re.compile(r"""(?<![\w-])(?P<opt>-u|--user)(?P<sep>=|[ \t]+|)"""
                   r"""(?P<arg>(?:"[^"\n]*"|'[^'\n]*'|[^\s"'|;&<>()])+)""")


@rewrite("auth-header", kinds=(FileKind.SHELL,))
def shell(site: Site) -> Rewrite | Refused:
    start, end = site.line_span(site.line)
    line = site.text[start:end]
    found = list(_USER.finditer(line))
    if not found and site.facts and not any(isinstance(f, ApiCall) for f in site.facts):
        return Refused("the credential is in a git remote, not a curl -u/--user; auth-header rewrites curl only")
    if not found:
        return Refused("the call's curl has no -u/--user on this line (it is set elsewhere: a variable, an array "
                       "of options or a wrapper function), so the place to change is not clear")
    if len(found) != 1:
        return Refused("the line has several -u/--user options; which one is the call's is not clear")
    match = found[0]
    arg = match.group("arg")
    if "$(" in arg or "`" in arg or ":" not in arg:
        return Refused("the -u value is not user:secret written out on the line (built at run time, or a "
                       "login in one variable)")
    if site.token_type == API_TOKEN:
        o = site.options
        new = f'{match.group("opt")}{match.group("sep") or " "}"${o.email_var}:${o.api_token_var}"'
    else:
        new = f'-H "Authorization: Bearer ${site.options.token_var}"'
    return Rewrite([Edit(start + match.start(), start + match.end(), new)], site.new_variables())
