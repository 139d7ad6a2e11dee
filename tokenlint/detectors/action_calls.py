"""Bitbucket credentials handed to a GitHub action as its inputs.

A mirroring action (`uses: someone/mirror-to-bitbucket@v2` with `username:` and
`password: ${{ secrets.X }}`) logs in to Bitbucket with what it is given: it sends the pair as
Basic auth to the API and to git. That is a credential in use as much as a `curl -u` in a
`run:` block, so it takes part in the auth rules (an app password or account password given
to such an action is one in use). Whether the action is Bitbucket's is read from its name or
from an input that names Bitbucket (`bitbucket_username:`); an action for any other service
that takes a `password:` is none of our business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tokenlint.detectors.calls import make_api_call
from tokenlint.detectors.evidence import by_name, type_fact
from tokenlint.facts import ApiCall, Auth, CredentialKind, Evidence
from tokenlint.parsers.names import kind_from_name
from tokenlint.parsers.regions import ActionInput
from tokenlint.parsers.values import Value

_BITBUCKET = re.compile(r"bitbucket", re.IGNORECASE)
_USER_KEY = re.compile(r"(?:^|[_-])(?:user(?:name)?|login|email)$", re.IGNORECASE)
# what an input that carries a secret for Basic auth is called (`password`, `app_password`, `bitbucket_password`)
_BASIC_KINDS = {CredentialKind.PASSWORD, CredentialKind.APP_PASSWORD}
_PAIRED_KINDS = {CredentialKind.API_TOKEN}  # sent as Basic, but only with a username beside it


def action_input_calls(inputs: Iterable[ActionInput]) -> list[ApiCall]:
    """One call to the Bitbucket API per password-like input of each Bitbucket action, at the
    input's line, with the username input beside it (Basic auth, as such actions log in)."""
    steps: dict[tuple[str, int], list[ActionInput]] = {}
    for given in inputs:
        steps.setdefault((given.action, given.step), []).append(given)
    out: list[ApiCall] = []
    for (action, _), given_all in steps.items():
        names_bitbucket = bool(_BITBUCKET.search(action)) or any(
            _BITBUCKET.search(g.key) and _USER_KEY.search(g.key) for g in given_all)
        if not action or not names_bitbucket:
            continue
        user = next((g for g in given_all if _USER_KEY.search(g.key)), None)
        for given in given_all:
            kind = kind_from_name(given.key)
            if _USER_KEY.search(given.key) or "ssh" in given.key.lower() or not given.value.strip():
                continue
            if kind not in _BASIC_KINDS and not (kind in _PAIRED_KINDS and user is not None):
                continue
            call = make_api_call(f"action {action} (with: {given.key})", "", "https://api.bitbucket.org/2.0",
                                 given.line, given.column, auth=Auth.BASIC, secret=Value(given.value.strip()),
                                 username=None if user is None else Value(user.value.strip()))
            if call is None:
                continue
            own = Value(given.value.strip()).only_ref()
            named = by_name(own) if own is not None and not call.credential_literal else None
            if own is not None and not call.credential_literal and (named is None or named[1] == Evidence.GENERIC_NAME):
                # `password: ${{ secrets.BB }}`: the input's name says what it holds, more than a generic name
                type_fact(call, extra=[(kind, Evidence.NAME)])
            out.append(call)
    return out

