"""What a variable name says about the credential it holds: the weakest evidence of a type
(tokenlint.detectors.evidence ranks it against the rest), kept apart so every detector and the
evidence ranking can read it without importing each other."""

from __future__ import annotations

import re

from tokenlint.facts import CredentialKind


def kind_from_name(name: str) -> CredentialKind:
    """What a variable name says about the credential it holds."""
    n = name.lower()
    if re.search(r"app[_\-]?pass", n):
        return CredentialKind.APP_PASSWORD
    if re.search(r"api[_\-]?token|atlassian[_\-]?token", n):
        return CredentialKind.API_TOKEN
    if re.search(r"(access|repo|repository|project|workspace)[_\-]?token", n):
        return CredentialKind.ACCESS_TOKEN
    if "token" in n or "bearer" in n or "oauth" in n:
        return CredentialKind.TOKEN
    if "pass" in n or "pwd" in n or "secret" in n:
        return CredentialKind.PASSWORD
    return CredentialKind.UNKNOWN
