"""Scope vocabularies, implications and set arithmetic (facts doc section 3)."""

from __future__ import annotations

import pytest

from tokenlint import scopes as S
from tokenlint.endpoints import load

# Expected values are copied from docs/bitbucket-facts.md section 3; the code derives them
# from the spec, so these assertions check the generator as much as the module.
FACTS_CLASSIC = {
    "repository", "repository:write", "repository:admin", "repository:delete",
    "pullrequest", "pullrequest:write", "project", "project:admin", "issue", "issue:write",
    "wiki", "webhook", "snippet", "snippet:write", "email", "account", "account:write",
    "pipeline", "pipeline:write", "pipeline:variable", "runner", "runner:write",
}  # fmt: skip
REPO_TOKEN = {
    "repository", "repository:write", "repository:admin", "repository:delete",
    "pullrequest", "pullrequest:write", "webhook", "pipeline", "pipeline:write",
    "pipeline:variable", "runner", "runner:write",
}  # fmt: skip


def _granular_from_facts_doc() -> set[str]:
    named = {
        "read:repository", "write:repository", "admin:repository", "delete:repository",
        "read:pullrequest", "write:pullrequest", "read:project", "admin:project",
        "read:workspace", "admin:workspace", "read:user", "write:user",
        "read:pipeline", "write:pipeline", "admin:pipeline", "read:runner", "write:runner",
    }  # fmt: skip
    for kind in ("issue", "webhook", "snippet", "ssh-key", "gpg-key", "permission"):
        named |= {f"{level}:{kind}" for level in ("read", "write", "delete")}
    return {f"{n}:bitbucket" for n in named}


def test_classic_vocabulary_matches_facts_doc():
    assert S.CLASSIC_SCOPES == FACTS_CLASSIC
    assert S.LEGACY_CLASSIC_SCOPES == {"project:write", "team", "team:write", "test", "test:write"}


def test_granular_vocabulary_matches_facts_doc():
    expected = _granular_from_facts_doc()
    assert len(expected) == 35
    assert S.GRANULAR_SCOPES == expected


def test_token_type_scopes():
    assert S.TOKEN_TYPE_SCOPES == {
        "repository-access-token": REPO_TOKEN,
        "project-access-token": REPO_TOKEN | {"project"},
        "workspace-access-token": REPO_TOKEN | {"project", "project:admin", "account"},
        "api-token": S.GRANULAR_SCOPES,
    }


def test_implication_tables_only_name_known_classic_scopes():
    for source, targets in S.IMPLICATIONS.items():
        assert source in S.CLASSIC_SCOPES
        assert targets <= S.CLASSIC_SCOPES


@pytest.mark.parametrize(
    ("granted", "expected"),
    [
        ({"repository:write"}, {"repository:write", "repository"}),
        ({"pullrequest"}, {"pullrequest", "repository"}),
        (
            {"pullrequest:write"},
            {"pullrequest:write", "pullrequest", "repository:write", "repository"},
        ),
        ({"project"}, {"project", "repository"}),
        ({"issue:write"}, {"issue:write", "issue"}),
        ({"snippet:write"}, {"snippet:write", "snippet"}),
        # observed, undocumented
        ({"pipeline:variable"}, {"pipeline:variable", "pipeline:write", "pipeline"}),
        ({"pipeline:write"}, {"pipeline:write", "pipeline"}),
        ({"runner:write"}, {"runner:write", "runner"}),
        # admin (and delete) scopes imply nothing
        ({"repository:admin"}, {"repository:admin"}),
        ({"project:admin"}, {"project:admin"}),
        ({"repository:delete"}, {"repository:delete"}),
        # not stated anywhere, so not assumed
        ({"account:write"}, {"account:write"}),
        ({"webhook", "wiki", "email"}, {"webhook", "wiki", "email"}),
        # granular scopes imply nothing
        ({"write:repository:bitbucket"}, {"write:repository:bitbucket"}),
        ({"admin:pipeline:bitbucket"}, {"admin:pipeline:bitbucket"}),
        ({"no-such-scope"}, {"no-such-scope"}),
        (set(), set()),
    ],
)
def test_closure(granted, expected):
    assert S.closure(granted) == frozenset(expected)


def test_satisfies():
    assert S.satisfies({"pullrequest:write"}, [{"repository"}]) is True
    assert S.satisfies({"project"}, [{"repository"}]) is True
    assert S.satisfies({"repository:admin"}, [{"repository"}]) is False
    assert S.satisfies({"repository"}, [{"repository", "repository:admin"}]) is False
    assert S.satisfies({"repository", "repository:admin"}, [{"repository", "repository:admin"}])
    assert S.satisfies({"issue"}, [{"repository"}, {"issue"}]) is True
    assert S.satisfies(set(), ()) is True
    assert S.satisfies(set(), [set()]) is True
    assert S.satisfies({"write:pullrequest:bitbucket"}, [{"read:pullrequest:bitbucket"}]) is False


def test_bare_scope_string_is_rejected():
    with pytest.raises(TypeError, match="bare scope 'repository'"):
        S.satisfies({"repository"}, ["repository"])


def test_missing():
    assert S.missing({"repository"}, [{"pullrequest:write"}]) == {"pullrequest:write"}
    assert S.missing({"pullrequest:write"}, [{"repository"}]) == frozenset()
    assert S.missing(set(), ()) == frozenset()
    granted = {"write:pullrequest:bitbucket"}
    requirement = [{"read:pullrequest:bitbucket", "write:pullrequest:bitbucket"}]
    assert S.missing(granted, requirement) == {"read:pullrequest:bitbucket"}
    # the alternative with the smallest gap wins
    assert S.missing({"issue"}, [{"repository", "account"}, {"issue", "account"}]) == {"account"}
    # equal gaps: the least privileged one wins (pullrequest < pullrequest:write)
    assert S.missing(set(), [{"pullrequest:write"}, {"pullrequest"}]) == {"pullrequest"}


def test_minimal_cover_drops_implied_scopes():
    assert S.minimal_cover([[{"repository"}], [{"repository:write"}]]) == {"repository:write"}
    assert S.minimal_cover([[{"pipeline"}], [{"pipeline:variable"}]]) == {"pipeline:variable"}
    assert S.minimal_cover([[{"repository"}], [{"pullrequest"}]]) == {"pullrequest"}


def test_minimal_cover_prefers_lower_privilege_over_fewer_names():
    cover = S.minimal_cover([[{"pullrequest"}], [{"repository:write"}]])
    assert cover == {"pullrequest", "repository:write"}


def test_minimal_cover_admin_does_not_absorb_read():
    cover = S.minimal_cover([[{"repository"}], [{"repository", "repository:admin"}]])
    assert cover == {"repository", "repository:admin"}


def test_minimal_cover_alternatives_and_empty_requirements():
    # the pullrequest alternative adds less privilege than pullrequest:write
    reqs = [[{"repository:write"}], [{"pullrequest:write"}, {"pullrequest"}], []]
    assert S.minimal_cover(reqs) == {"pullrequest", "repository:write"}
    # an alternative already covered costs nothing
    assert S.minimal_cover([[{"repository:write"}], [{"issue"}, {"repository"}]]) == {
        "repository:write"
    }
    assert S.minimal_cover([]) == frozenset()


def test_minimal_cover_granular_is_a_plain_union():
    reqs = [[{"read:pullrequest:bitbucket", "write:pullrequest:bitbucket"}], [{"read:repository:bitbucket"}]]
    assert S.minimal_cover(reqs) == {
        "read:pullrequest:bitbucket",
        "write:pullrequest:bitbucket",
        "read:repository:bitbucket",
    }


def test_minimal_cover_for_a_code_insights_pipeline_step():
    table = load()
    calls = [
        ("PUT", "https://api.bitbucket.org/2.0/repositories/ws/r/commit/abc/reports/scan-1"),
        ("POST", "https://api.bitbucket.org/2.0/repositories/ws/r/commit/abc/reports/scan-1/annotations"),
        ("POST", "https://api.bitbucket.org/2.0/repositories/ws/r/commit/abc/statuses/build"),
    ]
    ops = [table.match(m, u) for m, u in calls]
    assert S.minimal_cover(op.classic for op in ops) == {"repository"}
    assert S.minimal_cover(op.granular for op in ops) == {"read:repository:bitbucket"}


def test_unused():
    granted = {"repository", "repository:admin", "pipeline"}
    assert S.unused(granted, [[{"repository"}]]) == {"repository:admin", "pipeline"}
    # used through implication
    assert S.unused({"pullrequest:write"}, [[{"repository"}]]) == frozenset()
    # a scope in any alternative counts as used
    assert S.unused({"issue", "repository"}, [[{"issue"}, {"repository"}]]) == frozenset()
    assert S.unused({"webhook"}, [[]]) == {"webhook"}
    assert S.unused({"write:repository:bitbucket"}, [[{"read:repository:bitbucket"}]]) == {
        "write:repository:bitbucket"
    }


def test_unknown_scopes():
    names = ["repository", "read:repository:bitbucket", "repo", "team", "repo", "write:repository"]
    assert S.unknown_scopes(names) == ["repo", "team", "write:repository"]
    assert S.unknown_scopes([]) == []
