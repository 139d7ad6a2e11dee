"""The variable each new access token is read from, when the user named none (`--token-var`).

One name for every credential would make the code send one token where `suggest` recommends
several: a repository access token reaches one repository, so a script that touches this
repository and a mirror needs two. So each distinct recommended token gets its own name: the one
for this repository (or the only one) keeps the default, `BITBUCKET_ACCESS_TOKEN`; the others are
named after their resource (`WEBSITE_MIRROR_ACCESS_TOKEN` for acme/website-mirror,
`ACME_WORKSPACE_ACCESS_TOKEN` for a workspace token of acme).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tokenlint.fixes.model import API_TOKEN
from tokenlint.recommend import CredentialUsage

_SUFFIX = {"repository-access-token": "ACCESS_TOKEN", "project-access-token": "PROJECT_ACCESS_TOKEN",
           "workspace-access-token": "WORKSPACE_ACCESS_TOKEN"}


def token_variables(credentials: Iterable[CredentialUsage], default: str) -> dict[str, str]:
    """Credential key -> the variable its new access token is read from."""
    tokens: dict[tuple[str, str], list[str]] = {}
    for cred in credentials:
        rec = cred.recommendation
        if rec is None or rec.type == API_TOKEN:
            continue
        tokens.setdefault((rec.type, rec.resource or ""), []).append(cred.key)
    if len(tokens) <= 1:
        return {}
    names: dict[str, str] = {}
    taken = {default}
    for (token_type, resource), keys in sorted(tokens.items()):
        name = _name(token_type, resource) or default
        if name != default:
            base, n = name, 2
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            taken.add(name)
        names.update((key, name) for key in keys)
    return names


def _name(token_type: str, resource: str) -> str:
    """The name for a token of `resource`, "" for this repository or a resource not known statically."""
    if not resource or "$" in resource or token_type not in _SUFFIX:
        return ""
    last = resource.rstrip("/").rsplit("/", 1)[-1]
    if token_type == "project-access-token":
        last = resource.replace("/", "_")
    stem = re.sub(r"[^A-Za-z0-9]+", "_", last).strip("_").upper()
    if not stem:
        return ""
    if stem[0].isdigit():
        stem = "BB_" + stem
    return f"{stem}_{_SUFFIX[token_type]}"
