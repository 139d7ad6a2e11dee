"""Which Jenkins credential a Groovy variable holds: `withCredentials` bindings.

Jenkinsfiles and shared libraries are read for calls by the Groovy front end
(tokenlint.parsers.lower_groovy) and the one evaluator with the Groovy table
(tokenlint.detectors.http_libraries.groovy). What those calls cannot see is which credential a
bound variable holds: `withCredentials([usernamePassword(credentialsId: 'bitbucket-app-password',
passwordVariable: 'P')])` says it in the id. A credentials id that names a type is the
variable's name as far as typing goes, for the Groovy calls and for the shell of `sh` steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tokenlint.detectors.evidence import by_name, type_fact
from tokenlint.facts import ApiCall, Fact, GitRemote


def _identifier(name: str) -> str:
    """A credentials id as a reference name (`bitbucket-app-password` -> `bitbucket_app_password`)."""
    ident = re.sub(r"\W", "_", name.strip("${}")) or "_"
    return ident if not ident[0].isdigit() else "_" + ident


# --- withCredentials: which variable holds which credential --------------------------------------

_BINDING = re.compile(r"\b(?:usernamePassword|string|usernameColonPassword)\s*\(([^()]*)\)")
_ARG = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\")")


def credential_bindings(text: str) -> dict[str, str]:
    """Variable -> the credentials id `withCredentials` binds it to (`passwordVariable: 'P'`,
    `variable: 'T'`), where the id is written literally."""
    out: dict[str, str] = {}
    for m in _BINDING.finditer(text):
        args = {a.group(1): a.group(2) if a.group(2) is not None else a.group(3) for a in _ARG.finditer(m.group(1))}
        cred_id = args.get("credentialsId", "")
        if not cred_id or "$" in cred_id:
            continue
        for key in ("passwordVariable", "variable"):
            if args.get(key):
                out[args[key]] = cred_id
    return out


def type_by_credentials_id(facts: Iterable[Fact], bindings: dict[str, str]) -> None:
    """Type the calls and remotes whose credential variable `withCredentials` binds to a
    credentials id that names a type: the id is what the variable holds, as a name says."""
    for fact in facts:
        if not isinstance(fact, (ApiCall, GitRemote)) or not fact.credential or fact.credential_literal:
            continue
        cred_id = bindings.get(fact.credential.removeprefix("$").strip("{}"))
        said = by_name(_identifier(cred_id)) if cred_id else None
        if said is not None and said[0] != fact.credential_kind:
            type_fact(fact, (), [said])
