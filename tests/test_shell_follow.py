"""How the shell front end follows a call wherever a script puts it: what `tests/rules/`
situations cannot show (how many calls, which fields, what stays bounded)."""

from __future__ import annotations

import textwrap

from tokenlint.detectors import shell_calls
from tokenlint.facts import ApiCall
from tokenlint.parsers.shell import MAX_CALL_DEPTH, analyze
from tokenlint.parsers.values import Value, Words, url_userinfo


def api_calls(text: str) -> list[ApiCall]:
    script = analyze(textwrap.dedent(text))
    return [f for f in shell_calls.detect(script) if isinstance(f, ApiCall)]


def test_a_function_that_writes_its_url_reports_one_call_at_its_curl_line_however_often_it_runs():
    calls = api_calls("""\
        st() {
          curl -X POST -H "Authorization: Bearer $T" "https://api.bitbucket.org/2.0/repositories/acme/$1/commit/$2/statuses/build"
        }
        st app "$C"
        st app "$C"
        """)
    assert [(c.line, c.url) for c in calls] == [
        (2, "https://api.bitbucket.org/2.0/repositories/acme/app/commit/${C}/statuses/build")]


def test_a_path_handed_to_a_function_is_reported_at_the_outermost_call_that_wrote_it():
    calls = api_calls("""\
        API=https://api.bitbucket.org/2.0
        bb() { curl -s -u "$U:$P" "$API$1"; }
        get() { local p="$1"; bb "$p"; }
        get /repositories/acme/a
        bb /repositories/acme/b
        """)
    assert [(c.line, c.repo, c.username, c.credential) for c in calls] == [
        (4, "a", "$U", "$P"), (5, "b", "$U", "$P")]


def test_locals_go_out_of_scope_and_shift_moves_the_arguments():
    script = analyze(textwrap.dedent("""\
        X=outer
        f() { local X="$1"; shift; curl "https://api.bitbucket.org/2.0/$X/$1"; }
        f repositories acme
        echo "$X"
        """))
    assert [(c.name, [a.text for a in c.args]) for c in script.commands] == [
        ("curl", ["https://api.bitbucket.org/2.0/repositories/acme"]), ("echo", ["outer"])]


def test_recursion_and_fan_out_stay_bounded():
    fan = "\n".join(f'f{i}() {{ f{i + 1} "$@" a; f{i + 1} "$@" b; f{i + 1} "$@" c; }}' for i in range(30))
    text = fan + '\nf30() { curl "https://api.bitbucket.org/2.0/repositories/$1"; }\nf0 acme\n' \
        + 'r() { r "$@"; curl "https://api.bitbucket.org/2.0/$1"; }\nr user\n'
    script = analyze(text)
    curls = [c for c in script.commands if c.name == "curl"]
    # depth-capped (3**8 paths at most) and deduplicated: one curl line, one URL, no explosion
    assert len({(c.line, c.args[0].text) for c in curls}) == len(curls) <= 3 ** MAX_CALL_DEPTH
    assert {c.line for c in curls} == {31, 33}


def test_eval_inside_eval_is_followed_a_few_levels_only():
    text = 'X="curl https://api.bitbucket.org/2.0/user"\n' + 'X="eval \\"$X\\""\n' * 10 + 'eval "$X"\n'
    assert analyze(text).commands == []  # ten evals deep: not followed, and no error
    assert [c.name for c in analyze('X="curl -s https://api.bitbucket.org/2.0/user"\neval "eval $X"\n').commands] \
        == ["curl"]


def test_arrays_appends_and_elements():
    script = analyze(textwrap.dedent("""\
        A=(-u "$U:$P")
        A+=(--silent)
        declare -a B=("${A[@]}" -v)
        echo "${A[1]}" "${B[*]}" $A
        """))
    assert script.env["A"] == Words.of(["-u", "${U}:${P}", "--silent"])
    assert [a.text for a in script.commands[0].args] == ["${U}:${P}", "-u ${U}:${P} --silent -v", "-u"]


def test_command_lookups_are_no_calls_and_wrappers_are_unwrapped():
    script = analyze('command -v curl\nsudo -E -u ci env A=1 timeout -s 9 10 curl https://x\n')
    assert [(c.name, [a.text for a in c.args]) for c in script.commands] == [
        ("command", ["-v", "curl"]), ("curl", ["https://x"])]
    assert script.commands[1].env["A"] == Value("1")


def test_a_quoted_heredoc_delimiter_keeps_variables_unexpanded():
    script = analyze("U=me\ncat <<'EOF' > a\n$U\nEOF\ncat <<EOF > b\n$U $V\nEOF\n")
    assert script.files == {"a": "$U\n\n", "b": "me ${V}\n\n"}


def test_a_login_from_a_file_the_script_does_not_write_is_recorded_as_that_file():
    call, = api_calls("curl --netrc-file ci/netrc https://api.bitbucket.org/2.0/repositories/acme/app\n")
    assert (call.auth, call.credential, call.credential_source) == ("basic", None, "ci/netrc")
    call, = api_calls("curl -K ci/curl.cfg https://api.bitbucket.org/2.0/repositories/acme/app\n")
    assert call.credential_source == "ci/curl.cfg"


def test_userinfo_of_a_url():
    assert url_userinfo("https://${U}:${P}@api.bitbucket.org/2.0") == (Value("${U}"), Value("${P}"))
    assert url_userinfo("https://${AUTH}@api.bitbucket.org/2.0") == (None, Value("${AUTH}"))
    assert url_userinfo("https://api.bitbucket.org/2.0/x@y") is None
    assert url_userinfo("https://git@bitbucket.org/a/b") == (Value("git"), None)


def test_a_variable_set_from_a_substitution_or_an_argument_keeps_its_name():
    script = analyze('TOKEN=$(cat t)\npassword="$2"\nORG=\nR=$(curl -s https://api.bitbucket.org/2.0/user)\n')
    assert {k: v.text for k, v in script.env.items()} == {
        "TOKEN": "${TOKEN}", "password": "${password}", "ORG": "${ORG}", "R": "${R}"}
    assert [c.name for c in script.commands] == ["cat", "curl"]
