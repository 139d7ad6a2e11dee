"""Bitbucket Cloud scope knowledge, in one place (facts doc section 3).

Two independent systems:

* classic scopes (OAuth consumers, Connect apps, repository/project/workspace access
  tokens), some of which imply others;
* granular scopes (Atlassian API tokens, Forge apps), which imply nothing:
  ``write:repository:bitbucket`` does not give ``read:repository:bitbucket``.

The scope *names* are not typed here: they come from the spec's "Authentication methods"
narrative via the generated ``endpoints.json``. The *implications* are prose in that
narrative and in the facts doc, so they are written out below, each with its source.

A requirement is a tuple of alternatives (any one suffices), each a set of scopes that are
all needed; the empty tuple needs nothing. That is the shape of ``Operation.classic`` and
``Operation.granular`` in :mod:`tokenlint.endpoints`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import product
from types import MappingProxyType

from tokenlint.endpoints import Requirement, read_data

_DATA = read_data()

#: The 22 current classic scopes (``project:write`` is deprecated and left out).
CLASSIC_SCOPES: frozenset[str] = frozenset(_DATA["classic_scopes"])
#: Classic names the spec still declares but no current operation uses
#: (``project:write``, ``team``, ``team:write``, ``test``, ``test:write``).
LEGACY_CLASSIC_SCOPES: frozenset[str] = frozenset(_DATA["classic_legacy_scopes"])
#: The 35 granular scopes of API tokens and Forge apps.
GRANULAR_SCOPES: frozenset[str] = frozenset(_DATA["granular_scopes"])

#: Scopes each credential type may carry. The three access-token types carry classic
#: scopes (spec narrative, same lists as the facts doc); an API token carries granular ones.
TOKEN_TYPE_SCOPES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        **{kind: frozenset(names) for kind, names in _DATA["access_token_scopes"].items()},
        "api-token": GRANULAR_SCOPES,
    }
)

#: Implications stated by Atlassian (spec narrative and facts doc). ``project`` reads every
#: repository of its project(s). Admin and delete scopes imply nothing
#: (``repository:admin`` gives no read or write; ``project:admin`` does not give
#: ``project``). ``account:write`` is *not* listed: neither source says it implies
#: ``account``, and assuming it could tell a user to drop a scope they need.
DOCUMENTED_IMPLICATIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "repository:write": frozenset({"repository"}),
        "pullrequest": frozenset({"repository"}),
        "pullrequest:write": frozenset({"pullrequest", "repository:write"}),
        "project": frozenset({"repository"}),
        "issue:write": frozenset({"issue"}),
        "snippet:write": frozenset({"snippet"}),
    }
)
#: Observed, undocumented (facts doc section 3 says "widely observed but undocumented").
OBSERVED_IMPLICATIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pipeline:variable": frozenset({"pipeline:write"}),
        "pipeline:write": frozenset({"pipeline"}),
        "runner:write": frozenset({"runner"}),
    }
)
#: Direct implications used by :func:`closure` (documented plus observed).
IMPLICATIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {**DOCUMENTED_IMPLICATIONS, **OBSERVED_IMPLICATIONS}
)

# Above this many combinations of alternatives, minimal_cover picks greedily.
_EXHAUSTIVE_LIMIT = 4096


def closure(scopes: Iterable[str]) -> frozenset[str]:
    """``scopes`` plus everything they imply, transitively. Unknown names pass through."""
    seen: set[str] = set()
    stack = list(scopes)
    while stack:
        scope = stack.pop()
        if scope not in seen:
            seen.add(scope)
            stack.extend(IMPLICATIONS.get(scope, ()))
    return frozenset(seen)


def _alternatives(requirement: Iterable[Iterable[str]]) -> Requirement:
    """Normalise to a sorted tuple of frozensets; ``()`` if any alternative is empty."""
    alts = []
    for alt in requirement:
        if isinstance(alt, str):
            raise TypeError(
                "a requirement is a collection of alternatives, each a set of scopes; "
                f"got the bare scope {alt!r} (wrap it: [{{{alt!r}}}])"
            )
        alts.append(frozenset(alt))
    if not alts or frozenset() in alts:
        return ()
    return tuple(sorted(set(alts), key=sorted))


def _reduce(scopes: frozenset[str]) -> frozenset[str]:
    """Drop the scopes implied by the others (the maximal elements remain)."""
    return frozenset(s for s in scopes if s not in closure(scopes - {s}))


def _cost(scopes: frozenset[str]) -> tuple[int, int, list[str]]:
    """Lower is better: least privilege first, then fewest names, then alphabetical."""
    reduced = _reduce(scopes)
    return (len(closure(scopes)), len(reduced), sorted(reduced))


def satisfies(granted: Iterable[str], requirement: Iterable[Iterable[str]]) -> bool:
    """Whether ``granted`` (with implications) covers one alternative of ``requirement``."""
    alts = _alternatives(requirement)
    have = closure(granted)
    return not alts or any(alt <= have for alt in alts)


def missing(granted: Iterable[str], requirement: Iterable[Iterable[str]]) -> frozenset[str]:
    """What ``granted`` lacks for the easiest alternative (fewest, then least privileged)."""
    alts = _alternatives(requirement)
    if not alts:
        return frozenset()
    have = closure(granted)
    return min((alt - have for alt in alts), key=lambda gap: (len(gap), _cost(gap)))


def minimal_cover(requirements: Iterable[Iterable[Iterable[str]]]) -> frozenset[str]:
    """The least-privileged scope set satisfying every requirement, with no redundancy.

    Least privilege beats fewest names: ``pullrequest`` + ``repository:write`` is returned
    rather than ``pullrequest:write``, which would add PR write access nobody asked for.
    Scopes implied by others in the result are dropped. Works for granular scopes too (they
    imply nothing, so it is a plain union). Requirements with several alternatives are
    tried exhaustively up to a limit, then greedily.
    """
    reqs = {alts for r in requirements if (alts := _alternatives(r))}
    fixed = frozenset().union(*(r[0] for r in reqs if len(r) == 1))
    open_reqs = sorted((r for r in reqs if len(r) > 1 and not satisfies(fixed, r)), key=repr)
    combos = 1
    for r in open_reqs:
        combos *= len(r)
    if combos <= _EXHAUSTIVE_LIMIT:
        best = min(
            (fixed.union(*choice) for choice in product(*open_reqs)),
            key=_cost,
        )
    else:
        best = fixed
        for r in open_reqs:
            if not satisfies(best, r):
                best = min((best | alt for alt in r), key=_cost)
    return _reduce(best)


def unused(
    granted: Iterable[str], requirements: Iterable[Iterable[Iterable[str]]]
) -> frozenset[str]:
    """Granted scopes that contribute to no alternative of any requirement.

    A scope counts as used when it or something it implies appears in some alternative
    (``pullrequest:write`` is used by a need for ``repository``). Deliberately
    conservative: a scope in any alternative counts, satisfied or not, so it is never
    reported when it could matter. Over-broad grants are not "unused"; compare with
    :func:`minimal_cover` for those.
    """
    needed: set[str] = set()
    for r in requirements:
        for alt in _alternatives(r):
            needed |= alt
    return frozenset(s for s in granted if not closure({s}) & needed)


def unknown_scopes(names: Iterable[str]) -> list[str]:
    """Names that are neither a current classic nor a granular scope, in input order.

    Legacy classic names (:data:`LEGACY_CLASSIC_SCOPES`) are reported too: no current
    operation accepts them, so naming one is a mistake; callers can check that set to word
    the message.
    """
    known = CLASSIC_SCOPES | GRANULAR_SCOPES
    return [n for n in dict.fromkeys(names) if n not in known]
