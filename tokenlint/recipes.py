"""What a credential should be: the narrowest token type, resource and scopes that make every
call it is used for (the recipe `tokenlint suggest` prints and the scope rules compare against).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tokenlint import scopes
from tokenlint.endpoints import Requirement
from tokenlint.inference import TYPE_LABELS
from tokenlint.uses import THIS_WORKSPACE, Use, named, show

SPLIT_LIMIT = 5  # up to this many repositories, also spell out one repository token per repository


@dataclass
class Recommendation:
    """The least-privilege token for every call whose needs are known.

    `needs` maps each known use to the scopes it needs in the recommended type's system
    (classic for access tokens, granular for API tokens); `granted_by` maps each of those to
    the recipe scope that grants it (`repository` may be granted by `repository:write`).
    """

    type: str
    resource: str | None
    scopes: tuple[str, ...]
    granular_scopes: tuple[str, ...]
    needs: dict[Use, tuple[str, ...]] = field(default_factory=dict)
    reason: str = ""

    @property
    def granular(self) -> bool:
        return self.type == "api-token"

    @property
    def recipe(self) -> tuple[str, ...]:
        """The scopes to tick, in the recommended type's system."""
        return self.granular_scopes if self.granular else self.scopes

    def granted_by(self, scope: str) -> str:
        """The recipe scope that grants `scope`: itself, else the least powerful one implying it,
        preferring its own family (`repository` by `repository:write` over `pullrequest`)."""
        if scope in self.recipe:
            return scope
        family = scope.split(":")[0]
        holders = [r for r in self.recipe if scope in scopes.closure({r})]
        return min(holders, key=lambda r: (r.split(":")[0] != family, len(scopes.closure({r})), r), default=scope)


def _choice(requirement: Requirement, granted: Iterable[str]) -> tuple[str, ...]:
    """The alternative of `requirement` that `granted` satisfies at least privilege."""
    have = scopes.closure(granted)
    fitting = [alt for alt in requirement if alt <= have] or list(requirement)
    if not fitting:
        return ()
    best = min(fitting, key=lambda alt: (len(scopes.closure(alt)), len(alt), sorted(alt)))
    return tuple(sorted(best))


def _cover(uses: list[Use], token_type: str) -> frozenset[str] | None:
    """Least-privileged classic scopes of `token_type` for `uses`; None if it cannot carry them."""
    carry = scopes.closure(scopes.TOKEN_TYPE_SCOPES[token_type])
    requirements: list[list[frozenset[str]]] = []
    for u in uses:
        if u.classic is None:
            continue  # needs unknown: out of the recipe
        alternatives = [alt for alt in u.classic if alt <= carry]
        if u.classic and not alternatives:
            return None
        requirements.append(alternatives)
    return scopes.minimal_cover(requirements)


def _granular_cover(uses: list[Use]) -> frozenset[str]:
    return scopes.minimal_cover(u.granular for u in uses if u.api_tokens and u.granular is not None)


def _recommendation(token_type: str, resource: str | None, uses: list[Use], classic: frozenset[str],
                    reason: str) -> Recommendation:
    granular = _granular_cover(uses)
    rec = Recommendation(token_type, resource, tuple(sorted(classic)), tuple(sorted(granular)), reason=reason)
    for u in uses:
        requirement = u.granular if rec.granular else u.classic
        if requirement is not None:  # always, for the known uses a recommendation is made from
            rec.needs[u] = _choice(requirement, rec.recipe)
    return rec


def _api_token(uses: list[Use], reason: str, notes: list[str]) -> Recommendation:
    for u in uses:
        if not u.api_tokens:
            notes.append(f"{u.where}: {u.describe} is not offered to API tokens either; it needs an OAuth consumer")
    workspaces = sorted({show(u.workspace) for u in uses if u.workspace})
    reach = f" that can reach only {', '.join(workspaces)}" if workspaces else ""
    notes.append(f"an API token acts with all of its owner's access: create it on a dedicated account{reach}, "
                 "with an expiry (at most one year)")
    classic = scopes.minimal_cover(u.classic for u in uses if u.classic is not None)
    return _recommendation("api-token", None, uses, classic, reason)


def recommend(uses: list[Use], notes: list[str]) -> Recommendation | None:
    """The narrowest token type and resource that can make every call, with its scopes.

    Narrowest first: one repository -> repository access token; calls naming only one project
    -> project access token; one workspace -> workspace access token; anything an access token
    cannot do (API-token-only operations, several workspaces, scopes no access token carries)
    -> API token. `notes` receives what the admin should know besides.
    """
    known = [u for u in uses if u.known]
    if not known:
        return None
    api_only = [u for u in known if u.api_token_only]
    if api_only:
        rest = recommend([u for u in uses if not u.api_token_only], [])
        if rest is not None and rest.type != "api-token":
            notes.append(f"narrower: only {', '.join(u.where for u in api_only)} need an API token; the other calls "
                         f"can keep a {TYPE_LABELS[rest.type]} on {rest.resource} with {', '.join(rest.scopes)}")
        return _api_token(known, f"{api_only[0].where}: {api_only[0].describe} accepts API tokens only", notes)
    workspaces = sorted({u.workspace for u in uses if u.workspace})
    if THIS_WORKSPACE in workspaces and len(workspaces) == 2 and all(named(w, THIS_WORKSPACE) for w in workspaces):
        workspaces.remove(THIS_WORKSPACE)
        notes.append(f"assumed $BITBUCKET_WORKSPACE is {workspaces[0]}, the only workspace the calls name")
    if len(workspaces) != 1:
        reason = (f"the calls reach {len(workspaces)} workspaces ({', '.join(map(show, workspaces))}); an access "
                  "token reaches one" if workspaces
                  else "no call names a workspace, and an access token is bound to one")
        return _api_token(known, reason, notes)
    ws = workspaces[0]
    repos = sorted({u.repo for u in uses if u.workspace and u.repo and u.one_repository})
    wide = [u for u in uses if u.workspace and not u.one_repository]
    projects = {u.project for u in wide}
    candidates = []
    if len(repos) == 1 and not wide:
        candidates.append(("repository-access-token", f"{ws}/{repos[0]}", "every call touches this one repository"))
    if not repos and wide and len(projects) == 1 and None not in projects:
        (key,) = projects
        candidates.append(("project-access-token", f"{ws}/{key}", f"every call stays in project {key}"))
    candidates.append(("workspace-access-token", ws, _wide_reason(ws, repos, wide)))
    for token_type, resource, reason in candidates:
        classic = _cover(known, token_type)
        if classic is not None:
            rec = _recommendation(token_type, show(resource), known, classic, reason)
            if token_type != "repository-access-token":
                notes.append(f"{token_type.replace('-', ' ')}s need the Bitbucket Premium plan")
                _split_note(uses, ws, repos, wide, notes)
            if wide and all(u.repo for u in wide):
                for u in wide:
                    notes.append(f"{u.where}: the repository is named by {show(u.repo or '')}, not known here; if "
                                 "it is always one repository, a repository access token would do")
            return rec
    uncarried = sorted(set().union(*(min(u.classic, key=len) for u in known if u.classic))
                       - scopes.TOKEN_TYPE_SCOPES["workspace-access-token"])
    return _api_token(known, f"the calls need {', '.join(uncarried)}, which no access token carries", notes)


def _wide_reason(ws: str, repos: list[str], wide: list[Use]) -> str:
    if wide:
        return f"{wide[0].where}: {wide[0].describe} reaches beyond one repository of {show(ws)}"
    return f"the calls touch {len(repos)} repositories of {show(ws)}: {', '.join(show(f'{ws}/{r}') for r in repos)}"


def _split_note(uses: list[Use], ws: str, repos: list[str], wide: list[Use], notes: list[str]) -> None:
    """Several known repositories and nothing wider: one repository token each is narrower still."""
    if wide or not 1 < len(repos) <= SPLIT_LIMIT:
        return
    parts = []
    for repo in repos:
        mine = [u for u in uses if u.repo == repo]
        cover = _cover([u for u in mine if u.known], "repository-access-token")
        if cover is None or not all(u.known for u in mine):
            return
        parts.append(f"{show(ws)}/{show(repo)}: {', '.join(sorted(cover)) or 'no scope'}")
    notes.append("narrower still: one repository access token per repository (" + "; ".join(parts) + ")")


def used_scopes(granted: Iterable[str], requirements: Iterable[Requirement]) -> frozenset[str]:
    """The scopes the calls use of a grant: the alternative each satisfied requirement takes, and
    for a requirement the grant does not satisfy every granted scope it mentions (conservative:
    a scope that might matter is never called unused)."""
    used: set[str] = set()
    for requirement in requirements:
        if scopes.satisfies(granted, requirement):
            used |= set(_choice(requirement, granted))
        else:
            mentioned = set().union(*requirement)
            used |= {s for s in granted if scopes.closure({s}) & mentioned}
    return frozenset(used)
