"""One credential, two ways of sending it: as Bearer in one place and as Basic in another.

Bitbucket accepts each credential type one way only (access tokens: Bearer; API tokens: Basic
with the account email), so whichever half is wrong fails with 401 — typically the half that
runs less often, like a release job. git counts as well: a remote URL's userinfo, a helper's or
a store's login and a Basic extra header send the credential as Basic, a Bearer extra header as
Bearer; only `x-token-auth` is the Basic an access token does take (git's way for it).
"""

from __future__ import annotations

from collections.abc import Iterator

from tokenlint.checks import Context
from tokenlint.facts import ApiCall, Auth, GitRemote, HostKind, UsernameKind
from tokenlint.model import Finding

SCHEMES = (Auth.BASIC, Auth.BEARER)


def check(ctx: Context) -> Iterator[Finding]:
    # API calls group by the credential's variable across every file (a pipeline step hands it to
    # its scripts); a git remote joins the calls of its own file only: many unrelated scripts of
    # one repository name their token BITBUCKET_TOKEN, and git needs no API call to work
    by_credential: dict[tuple[str, str], dict[str, list[tuple[str, ApiCall | GitRemote]]]] = {}
    api_files: set[tuple[str, str]] = set()
    remotes: list[tuple[str, GitRemote]] = []
    for path, fact in ctx.usage:
        if isinstance(fact, ApiCall) and fact.credential and not fact.credential_literal and fact.auth in SCHEMES \
                and fact.host_kind in (HostKind.CLOUD_API, HostKind.CLOUD_WEB):
            by_credential.setdefault((fact.credential, ""), {}).setdefault(fact.auth, []).append((path, fact))
            api_files.add((fact.credential, path))
        elif isinstance(fact, GitRemote) and _sends_one_way(fact):
            remotes.append((path, fact))
    for path, remote in remotes:
        credential = remote.credential or ""
        key = (credential, "" if (credential, path) in api_files else path)
        by_credential.setdefault(key, {}).setdefault(remote.auth, []).append((path, remote))
    for (credential, _), schemes in sorted(by_credential.items()):
        if len(schemes) < 2:
            continue
        basic, bearer = sorted(schemes["basic"], key=_order), sorted(schemes["bearer"], key=_order)
        path, first = basic[0]
        related = [(p, f.line, f"sent as {f.auth} here") for p, f in bearer + basic[1:]]
        yield ctx.finding(path, first.line, first.column, related=related, credential=credential,
                          basic=len(basic), bearer=len(bearer), other=f"{bearer[0][0]}:{bearer[0][1].line}")


def _order(item: tuple[str, ApiCall | GitRemote]) -> tuple[str, int]:
    return item[0], item[1].line


def _sends_one_way(remote: GitRemote) -> bool:
    """A Bitbucket Cloud git remote whose credential goes out in a way only some types take:
    Bearer, or Basic under a username other than `x-token-auth` (a username that is not the
    account's own fails for an access token; `x-token-auth` is right for one and so mixes with
    Bearer calls of the same token). A remote that only stores the URL for a later command
    counts once, where that command is."""
    if not remote.credential or remote.credential_literal or remote.commented or remote.host_kind != HostKind.CLOUD_WEB:
        return False
    if remote.bearer_header:
        return True
    return bool(remote.username) and remote.username != UsernameKind.ACCESS_TOKEN_USER
