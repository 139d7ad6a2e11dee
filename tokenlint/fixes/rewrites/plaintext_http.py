"""`http://api.bitbucket.org` and `http://bitbucket.org` → `https://`, in any language.

Bitbucket Cloud serves every URL over https, so the edit is the scheme of the URL and nothing
else; it needs no shell or language knowledge and serves scripts, CI YAML and programs alike.
It is refused for a Server or Data Center host (its TLS address and port are the
administrator's, and may differ from the http ones), for a call through the Pipelines proxy
(`localhost:29418`, `host.docker.internal:29418`, which must stay plain http: named on the
command in shell, anywhere in the file in a program), and when the URL is not written on the
call's lines (built from pieces elsewhere).
"""

from __future__ import annotations

import re

from tokenlint.facts import ApiCall, HostKind
from tokenlint.fixes import shellcmd, yamltext
from tokenlint.fixes.model import Edit, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite

_CLOUD_HTTP = re.compile(r"(?i)\bhttp://(?=(?:api\.|www\.)?bitbucket\.org(?:[:/'\"\s?#]|$))")
_PROXY = re.compile(r"(?i)(?:localhost|127\.0\.0\.1|host\.docker\.internal):29418")


@rewrite("plaintext-http")
def to_https(site: Site) -> Rewrite | Refused:
    calls = [f for f in site.facts if isinstance(f, ApiCall) and f.scheme == "http"]
    if any(f.host_kind == HostKind.SERVER for f in calls):
        return Refused("a Bitbucket Server/Data Center URL: its https address and port are the administrator's; "
                       "change it by hand")
    lines = _lines(site)
    # a shell command names its proxy itself (`--proxy`); a program may set one anywhere in the file
    near = "\n".join(site.line_text(n) for n in lines) if site.kind in shellcmd.SHELL_KINDS else site.text
    if _PROXY.search(near):
        return Refused("the call goes through the Pipelines proxy (port 29418), which must stay plain http")
    edits: list[Edit] = []
    for line in lines:
        start, end = site.line_span(line)
        for match in _CLOUD_HTTP.finditer(site.text, start, end):
            placed = yamltext.place(site, match.start(), match.end(), "https://")
            if isinstance(placed, Refused):
                return placed
            edits.extend(placed)
    if not edits:
        return Refused("the http:// URL is not written on the call's line (it is built from pieces elsewhere)")
    return Rewrite(edits)


def _lines(site: Site) -> list[int]:
    """The finding's line, and for shell the lines its command continues on."""
    if site.kind in shellcmd.SHELL_KINDS:
        return shellcmd.logical_lines(site)
    return [site.line]
