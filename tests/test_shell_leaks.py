"""Where shell output goes, as the leak rules need it: the parser's view of a command's
redirections, pipeline, capture and guard, and the exposures a whole script yields (a
`#!/bin/bash -x` shebang cannot carry an `expect:` line above it, so it is tested here)."""

from __future__ import annotations

from pathlib import Path

from tokenlint import api
from tokenlint.detectors import shell_leaks
from tokenlint.engine.policy import load_all
from tokenlint.facts import Exposure
from tokenlint.parsers.shell import analyze


def _by_line(text: str) -> dict[int, list]:
    out: dict[int, list] = {}
    for cmd in analyze(text).commands:
        out.setdefault(cmd.line, []).append(cmd)
    return out


def test_the_parser_says_where_output_goes_and_what_guards_a_command():
    cmds = _by_line('echo "$T" > f\n'
                    'echo "$T" | base64 >> out\n'
                    '[ -n "$DEBUG" ] && set -x\n'
                    'bash <(curl -s https://example.com/x.sh)\n'
                    'echo "$T" >&2\n'
                    'export -p\n')
    assert cmds[1][0].redirects == [(">", "f")]
    echo, b64 = cmds[2]
    assert echo.pipeline == b64.pipeline != 0 and (echo.pipe_position, b64.pipe_position) == (0, 1)
    assert echo.redirects == [] and b64.redirects == [(">>", "out")]
    assert cmds[3][0].guard == '[ -n "$DEBUG" ] &&'
    bash, curl = cmds[4]
    assert bash.substituted_into is None and curl.substituted_into == "bash"
    assert cmds[5][0].redirects == [(">&", "2")]
    assert cmds[6][0].name == "export" and [a.text for a in cmds[6][0].args] == ["-p"]


def test_an_if_guards_its_body_but_not_its_condition():
    cmds = _by_line('if curl -s https://example.com; then\n  echo ok\nfi\n')
    assert cmds[1][0].guard == ""
    assert cmds[2][0].guard == "curl -s https://example.com"


def test_a_traced_shebang_exposes_the_first_command_that_expands_a_credential():
    text = '#!/bin/bash -ex\ngit push "https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/acme/app.git"\n'
    assert shell_leaks.shebang_xtrace(text)
    facts = shell_leaks.detect(analyze(text), xtrace_line=1)
    assert [(f.how, f.line, f.credential) for f in facts] == [(Exposure.SET_X, 1, "$REPO_ACCESS_TOKEN")]
    assert not shell_leaks.shebang_xtrace("#!/bin/bash -e\n")


def test_debug_gated_xtrace_is_reported_at_the_rules_confidence_and_says_when(tmp_path: Path):
    (tmp_path / "mirror.sh").write_text('#!/bin/bash\n[ -n "${DEBUG:-}" ] && set -x\n'
                                        'git push "https://x-token-auth:$BB_TOKEN@bitbucket.org/acme/app.git"\n')
    policy = next(p for p in load_all() if p.slug == "secret-in-logs")
    settings = api.load_settings([str(tmp_path)], jobs=1)
    settings.policies = [policy]
    result = api.scan(settings)
    assert [(f.rule, f.location.line, str(f.confidence)) for f in result.findings] == [("secret-in-logs", 2, "medium")]
    assert 'when the debug switch is on ([ -n "${DEBUG:-}" ])' in result.findings[0].message


def test_a_trace_block_names_its_bitbucket_credential_and_other_services_stay_low(tmp_path: Path):
    (tmp_path / "mirror.sh").write_text(
        '#!/bin/bash\nset -x\n'
        'git clone --mirror "https://x-access-token:$GITHUB_TOKEN@github.com/acme/app.git" app\n'
        'git -C app push --mirror "https://x-token-auth:$REPO_TOKEN@bitbucket.org/acme/app.git"\n'
        'echo "$DOCKERHUB_PASSWORD"\n')
    policy = next(p for p in load_all() if p.slug == "secret-in-logs")
    settings = api.load_settings([str(tmp_path)], jobs=1)
    settings.policies = [policy]
    settings.min_confidence = type(settings.min_confidence).LOW
    result = api.scan(settings)
    assert [(f.location.line, str(f.confidence), f.message.split(" ")[0]) for f in result.findings] == [
        (2, "medium", "$REPO_TOKEN"), (5, "low", "$DOCKERHUB_PASSWORD")]
