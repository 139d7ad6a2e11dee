"""`curl --digest -u …` (or `--anyauth`) → the scheme Bitbucket Cloud takes: it has no Digest.

An API token is already the right credential for Basic: only the flag goes. Any other
credential gets what `auth-header` makes of it (a Bearer access token, or Basic with the account
e-mail and an API token), the flag going with it, with the very edits `auth-header` makes, so
a call reported by both rules is rewritten once. Server and Data Center hosts are refused:
which scheme such a server accepts is its administrator's choice.
"""

from __future__ import annotations

from tokenlint.facts import ApiCall, CredentialKind, HostKind
from tokenlint.fixes import shellcmd
from tokenlint.fixes.model import NewVariable, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.fixes.rewrites.curl_auth import credential_changes
from tokenlint.parsers.kinds import FileKind


@rewrite("digest-auth", kinds=(*shellcmd.SHELL_KINDS, FileKind.JENKINSFILE))
def to_basic_or_bearer(site: Site) -> Rewrite | Refused:
    refused = shellcmd.unsupported(site)
    if refused is not None:
        return refused
    facts = [f for f in site.facts if isinstance(f, ApiCall)]
    if any(f.host_kind == HostKind.SERVER for f in facts):
        return Refused("a Bitbucket Server/Data Center host: which scheme it accepts is its administrator's "
                       "choice; change it by hand")
    found = shellcmd.calls(site, ("curl",))
    if isinstance(found, Refused):
        return found
    digest = [call for call in found if call.flags("--digest", "--anyauth")]
    if len(digest) != 1:
        return Refused("the command has no single curl --digest/--anyauth call to rewrite")
    call = digest[0]
    if any(f.credential_kind == CredentialKind.API_TOKEN for f in facts):
        changes = [(*shellcmd.drop(site, w.start, w.end), "") for w in call.flags("--digest", "--anyauth")]
        variables: list[NewVariable] = []
    else:
        answer = credential_changes(site, call)
        if answer is None:
            return Refused("the call's credential is not a -u/--user written on its command")
        if isinstance(answer, Refused):
            return answer
        changes, variables = answer, site.new_variables()
    edits = shellcmd.place_all(site, changes)
    if isinstance(edits, Refused):
        return edits
    return Rewrite(edits, variables)
