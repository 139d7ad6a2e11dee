"""The pipe-variables and git-remote-credential rewrites on shapes the golden cases cannot reach
(a pipes table row the bundled table does not have), and the YAML helpers they rely on."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from tokenlint import pipes
from tokenlint.fixes.model import FixOptions, Refused, Rewrite, Site
from tokenlint.fixes.plan import apply
from tokenlint.fixes.rewrites.pipe_variables import pipe_step
from tokenlint.fixes.yamltext import place, shell_text
from tokenlint.model import Confidence, Finding, Location, Severity
from tokenlint.parsers.kinds import FileKind

STEP = """\
pipelines:
  default:
    - step:
        script:
          - pipe: acme/api-pipe:{version}
            variables:
              BITBUCKET_USERNAME: $BB_USER
              BITBUCKET_APP_PASSWORD: $BB_APP_PASSWORD
              TARGET: prod
"""


def _site(text: str, line: int, kind: str = FileKind.PIPELINE, path: str = "bitbucket-pipelines.yml") -> Site:
    finding = Finding("pipe-cannot-take-token", "TL055", Severity.MEDIUM, Confidence.MEDIUM,
                      Location(path, line, 1), "message")
    return Site(path, text, str(kind), finding, [], FixOptions())


def _table(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], confidence: str = "high",
           api_token_since: str | None = "2.0.0") -> None:
    entry = pipes.PipeEntry(
        name="acme/api-pipe", auth="credentials", variables=MappingProxyType(variables), operations=(),
        scopes=("repository:write",), granular_scopes=(), access_token_since=None, api_token_since=api_token_since,
        observed=MappingProxyType({}), confidence=MappingProxyType({"variables": confidence, "versions": confidence}))
    resolver = {"6.2.0": (("ATLASSIAN_ACCOUNT_EMAIL", "ATLASSIAN_API_TOKEN"), ("BITBUCKET_ACCESS_TOKEN",),
                          ("BITBUCKET_USERNAME", "BITBUCKET_APP_PASSWORD"))}
    table = pipes.Table(MappingProxyType({"acme/api-pipe": entry}), MappingProxyType(resolver))
    monkeypatch.setattr(pipes, "load", lambda: table)


API_PIPE = {"BITBUCKET_USERNAME": "username", "BITBUCKET_APP_PASSWORD": "app-password",
            "ATLASSIAN_ACCOUNT_EMAIL": "username", "ATLASSIAN_API_TOKEN": "api-token"}


def test_a_pipe_that_takes_only_an_api_token_gets_the_email_and_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    text = STEP.format(version="1.4.0")
    answer = pipe_step(_site(text, 5))
    assert isinstance(answer, Rewrite)
    assert apply(text, answer.edits) == text.replace("api-pipe:1.4.0", "api-pipe:2.0.0").replace(
        "BITBUCKET_USERNAME: $BB_USER", "ATLASSIAN_ACCOUNT_EMAIL: $ATLASSIAN_EMAIL").replace(
        "BITBUCKET_APP_PASSWORD: $BB_APP_PASSWORD", "ATLASSIAN_API_TOKEN: $ATLASSIAN_API_TOKEN")
    assert [(v.name, v.token) for v in answer.variables] == [("ATLASSIAN_EMAIL", "email"),
                                                             ("ATLASSIAN_API_TOKEN", "api-token")]


def test_a_row_unsure_of_the_variables_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE, confidence="low")
    answer = pipe_step(_site(STEP.format(version="1.4.0"), 5))
    assert answer == Refused("tokenlint's pipes table is not sure which variables pipe acme/api-pipe reads")


def test_a_digest_pin_that_must_move_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    text = STEP.format(version="1.4.0").replace("acme/api-pipe:1.4.0", "acme/api-pipe@sha256:" + "ab" * 32)
    answer = pipe_step(_site(text, 5))
    assert answer == Refused("the pipe is pinned by digest, not by version: whether it reads ATLASSIAN_API_TOKEN "
                             "cannot be told")


def test_a_step_already_passing_the_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    text = STEP.format(version="2.1.0").replace("TARGET: prod", "ATLASSIAN_API_TOKEN: $T")
    assert pipe_step(_site(text, 8)) == Refused("the step already passes ATLASSIAN_API_TOKEN")


def test_a_line_outside_the_step_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    assert pipe_step(_site(STEP.format(version="2.1.0"), 3)) == Refused("no pipe: line holds the finding", applies=False)


@pytest.mark.parametrize(("line", "shell"), [
    ("    - 'git push it''s'", "git push it's"),
    ('    - "git push \\"x\\" \\\\"', 'git push "x" \\'),
    ("    - git push 'x'", "git push 'x'"),
])
def test_shell_text_undoes_the_yaml_scalar_escapes(line: str, shell: str) -> None:
    text = f"script:\n{line}\n"
    start = text.index("git")
    end = text.index("\n", start) - (1 if line.endswith(("'", '"')) and not line.endswith("'x'") else 0)
    assert shell_text(_site(text, 2, FileKind.WORKFLOW, ".gitlab-ci.yml"), start, end) == shell


def test_shell_text_refuses_escapes_it_does_not_undo() -> None:
    text = 'script:\n  - "git push \\t x"\n'
    start = text.index("git")
    assert isinstance(shell_text(_site(text, 2, FileKind.WORKFLOW, ".gitlab-ci.yml"), start, start + 12), Refused)


def test_a_sibling_key_under_a_run_item_does_not_continue_its_plain_scalar() -> None:
    text = "steps:\n  - run: git push x\n    env:\n      A: b\n"
    start = text.index("git push")
    edits = place(_site(text, 2, FileKind.WORKFLOW, ".github/workflows/a.yml"), start, start + 3,
                  'git -c http.extraHeader="Authorization: Bearer $T"')
    assert isinstance(edits, list)
    assert apply(text, edits) == ("""steps:\n  - run: 'git -c http.extraHeader="Authorization: Bearer $T" push x'\n"""
                                  "    env:\n      A: b\n")


def test_a_plain_scalar_really_continued_is_still_refused() -> None:
    text = "steps:\n  - run: git push x\n      more words\n"
    start = text.index("git push")
    answer = place(_site(text, 2, FileKind.WORKFLOW, ".github/workflows/a.yml"), start, start + 3, "a: b")
    assert answer == Refused("the command is a plain YAML scalar continued on the next line")


def test_a_value_over_several_lines_elsewhere_in_the_step_is_stepped_over(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    text = STEP.format(version="2.1.0").replace("TARGET: prod", "EXTRA_ARGS: [\n                '-v',\n              ]")
    answer = pipe_step(_site(text, 8))
    assert isinstance(answer, Rewrite)
    assert "EXTRA_ARGS: [\n                '-v',\n              ]" in apply(text, answer.edits)
    assert "ATLASSIAN_API_TOKEN: $ATLASSIAN_API_TOKEN\n" in apply(text, answer.edits)


def test_a_replaced_value_over_several_lines_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _table(monkeypatch, API_PIPE)
    text = STEP.format(version="2.1.0").replace("BITBUCKET_USERNAME: $BB_USER", "BITBUCKET_USERNAME: >\n                jdoe")
    assert pipe_step(_site(text, 9)) == Refused("the value of BITBUCKET_USERNAME goes on over several lines")
