"""The shell command reader of the shell rewrites (tokenlint.fixes.shellcmd) and the YAML
placing it relies on (tokenlint.fixes.yamltext): exact words, offsets and edits."""

from __future__ import annotations

from tokenlint.fixes import shellcmd, yamltext
from tokenlint.fixes.model import Edit, FixOptions, Refused, Site
from tokenlint.fixes.plan import apply
from tokenlint.model import Confidence, Finding, Location, Severity
from tokenlint.parsers.kinds import FileKind


def _site(text: str, line: int, kind: str = FileKind.SHELL, path: str = "x.sh") -> Site:
    finding = Finding("app-password-in-use", "TL021", Severity.HIGH, Confidence.MEDIUM, Location(path, line), "m")
    return Site(path, text, kind, finding, [], FixOptions())


def _calls(text: str, line: int, kind: str = FileKind.SHELL) -> list[tuple[str, list[str]]]:
    found = shellcmd.calls(_site(text, line, kind), ("curl", "wget"))
    assert not isinstance(found, Refused), found
    return [(c.name, [a.text for a in c.args]) for c in found]


def test_a_command_continued_over_lines_is_one_call() -> None:
    text = 'echo start\ncurl -s \\\n  -u "$U:$P" \\\n  https://api.bitbucket.org/2.0/user\necho done\n'
    assert _calls(text, 2) == [("curl", ["-s", "-u", '"$U:$P"', "https://api.bitbucket.org/2.0/user"])]
    assert _calls(text, 3) == _calls(text, 2)  # from a continuation line too


def test_the_words_offsets_are_the_files() -> None:
    text = 'set -e\n  curl -u "$U:$P" https://api.bitbucket.org/2.0/user\n'
    found = shellcmd.calls(_site(text, 2), ("curl",))
    assert not isinstance(found, Refused)
    word = found[0].args[1]
    assert text[word.start:word.end] == '"$U:$P"'


def test_a_call_in_a_command_substitution_is_read() -> None:
    assert _calls('R=$(curl -s -u "$U:$P" "$API/user")\n', 1) == [("curl", ["-s", "-u", '"$U:$P"', '"$API/user"'])]
    assert _calls('R="$(curl -s -u "$U:$P" "$API")" && echo\n', 1) == [("curl", ["-s", "-u", '"$U:$P"', '"$API"'])]
    assert _calls("if curl -f -u $U:$P $API; then echo; fi\n", 1) == [("curl", ["-f", "-u", "$U:$P", "$API"])]


def test_a_tool_name_as_an_argument_is_no_call() -> None:
    assert _calls("apk add curl wget && echo ok\n", 1) == []
    assert _calls("RUN apk add curl && curl -u $U:$P $API\n", 1, FileKind.DOCKERFILE) == [
        ("curl", ["-u", "$U:$P", "$API"])]


def test_a_makefile_variable_is_part_of_a_word() -> None:
    text = "up:\n\t@curl --user $(AUTH) --form f=@x $(API)/downloads\n"
    assert _calls(text, 2, FileKind.MAKEFILE) == [("curl", ["--user", "$(AUTH)", "--form", "f=@x", "$(API)/downloads"])]


def test_what_it_cannot_follow_is_refused() -> None:
    assert isinstance(shellcmd.calls(_site("curl -d @- $API <<EOF\n{}\nEOF\n", 1), ("curl",)), Refused)
    assert shellcmd.calls(_site("curl -u $U:$P -d '{\n  \"a\": 1\n", 1), ("curl",)) == shellcmd.UNCLOSED


def test_a_quoted_body_over_several_lines_is_part_of_the_command() -> None:
    text = "if curl -X POST $API \\\n  --user $U:$P \\\n  -d '{\n    \"a\": 1\n  }'; then\n  echo ok\nfi\n"
    assert _calls(text, 1) == [("curl", ["-X", "POST", "$API", "--user", "$U:$P", "-d", "'{\n    \"a\": 1\n  }'"])]


def test_options_glued_and_separate() -> None:
    found = shellcmd.calls(_site("curl -uA:B --user=C:D --user E:F $API\n", 1), ("curl",))
    assert not isinstance(found, Refused)
    assert [(o.text, v.text if v else None, t) for o, v, t in found[0].option("-u", "--user")] == [
        ("-uA:B", None, "A:B"), ("--user=C:D", None, "C:D"), ("--user", "E:F", "E:F")]


def test_values_built_at_run_time() -> None:
    assert shellcmd.simple_value('"$U:${P}"')
    assert not shellcmd.simple_value('"$U${P+:$P}"')
    assert not shellcmd.simple_value('"$(cat creds)"')
    assert shellcmd.split_user_secret('"$U":"$P"')
    assert not shellcmd.split_user_secret("$LOGIN")


def test_a_variable_reference_in_a_makefile_is_the_shells() -> None:
    assert shellcmd.ref(_site("x", 1, FileKind.MAKEFILE, "Makefile"), "T") == "$$T"
    assert shellcmd.ref(_site("x", 1), "T") == "$T"


def test_jenkinsfile_is_refused_with_why() -> None:
    refused = shellcmd.unsupported(_site('sh "curl -u $U:$P $API"\n', 1, FileKind.JENKINSFILE, "Jenkinsfile"))
    assert refused == Refused(shellcmd.JENKINS_REFUSAL)


PIPELINE = """pipelines:
  default:
    - step:
        script:
          - |
            curl -s \\
              -u "$U:$P" \\
              $API
          - curl -u "$U:$P" $API
"""


def test_a_continued_line_of_a_block_item_is_in_the_block() -> None:
    site = _site(PIPELINE, 7, FileKind.PIPELINE, "bitbucket-pipelines.yml")
    start = PIPELINE.index('-u "$U:$P" \\')
    placed = yamltext.place(site, start, start + len('-u "$U:$P"'), '-H "Authorization: Bearer $T"')
    assert placed == [Edit(start, start + len('-u "$U:$P"'), '-H "Authorization: Bearer $T"')]


def test_a_plain_item_is_quoted_with_separate_edits_that_merge() -> None:
    site = _site(PIPELINE, 9, FileKind.PIPELINE, "bitbucket-pipelines.yml")
    line_start = PIPELINE.index('- curl -u "$U:$P" $API')
    u = PIPELINE.index('-u "$U:$P"', line_start)
    api = PIPELINE.index("$API", u)
    first = yamltext.place(site, u, u + len('-u "$U:$P"'), '-H "Authorization: Bearer $T"')
    second = yamltext.place(site, api, api + 4, "https://x: y")
    assert isinstance(first, list) and isinstance(second, list)
    merged = sorted(set(first) | set(second))
    out = apply(PIPELINE, merged)
    assert "          - 'curl -H \"Authorization: Bearer $T\" https://x: y'\n" in out


def test_scalar_region_of_quoted_and_plain_items() -> None:
    text = "script:\n  - 'curl -u \"$U:$P\" $API'\n  - curl $API # note\n"
    s1, e1 = text.index("'curl"), text.index("$API'") + 5
    assert yamltext.scalar_region(text, text.index("  - 'curl"), text.index("\n", s1)) == (s1 + 1, e1 - 1, "'")
    s2 = text.index("curl $API #")
    assert yamltext.scalar_region(text, text.index("  - curl $API"), len(text) - 1) == (s2, s2 + len("curl $API"), "")
