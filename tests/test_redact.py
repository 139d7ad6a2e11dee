"""The redaction step (tokenlint.redact): what it hides, what it leaves readable, and that the
scanner applies it to everything a file's results carry."""

from __future__ import annotations

import base64
import re
from urllib.parse import quote

import pytest

from tokenlint import escape, redact, validation
from tokenlint.engine.policy import load_all
from tokenlint.model import Secret
from tokenlint.reporters import json as reporters_json
from tokenlint.scanner import scan_bytes

from tokengen import make

API = "https://api.bitbucket.org/2.0/repositories/acme/app"
PASSWORD = "hG7kQ2vX9mLp4sWz"  # made up, no known prefix
MASKS = {"[redacted, 1-7 chars]", "[redacted, 8-15 chars]", "[redacted, 16-31 chars]", "[redacted, 32+ chars]"}


@pytest.mark.parametrize("value,shown", [
    ("abc", "[redacted, 1-7 chars]"), ("x" * 8, "[redacted, 8-15 chars]"), ("x" * 16, "[redacted, 16-31 chars]"),
    ("x" * 32, "[redacted, 32+ chars]"), (PASSWORD, "[redacted, 16-31 chars]"),
])
def test_an_unprefixed_secret_shows_no_character(value, shown):
    secret = Secret.of("password", value)
    assert secret.redacted == shown and len(secret.redacted) <= 24  # the baseline and report schemas' maxLength
    assert secret.fingerprint.startswith("sha256:")


@pytest.mark.parametrize("kind,keep", [("app-password", 8), ("api-token", 15), ("access-token", 15), ("datacenter-token", 9)])
def test_a_prefixed_token_keeps_its_prefix_and_at_most_four_characters_never_16(kind, keep):
    token = make(kind)
    assert Secret.of(kind, token).redacted == token[:keep] + "…"
    assert redact.text(f"x {token} y") == f"x {token[:keep]}… y"


@pytest.mark.parametrize("token", [make("api-token", valid=False), make("access-token")[:60], make("app-password")[:20],
                                   make("access-token").replace("=", "%3D"), make("access-token").replace("=", "\\=")])
def test_every_token_shape_is_hidden_checksum_or_not(token):
    out = redact.text(f"see {token}.")
    assert re.match(r"see (ATATT3xFfGF0[\w-]{3}|ATCTT3xFfGN0[\w-]{3}|ATBB[\w-]{4})…", out), out
    assert out.endswith(".") and len(out) <= len("see ATATT3xFfGF0abcd…\\=01234567.")


@pytest.mark.parametrize("text,expected", [
    (f"{API}?access_token={PASSWORD}", f"{API}?access_token=[redacted, 16-31 chars]"),
    (f"{API}?pagelen=10&ACCESS_TOKEN={PASSWORD}&q=1", f"{API}?pagelen=10&ACCESS_TOKEN=[redacted, 16-31 chars]&q=1"),
    (f"{API}?password={PASSWORD}", f"{API}?password=[redacted, 16-31 chars]"),
    (f"{API}?pass={PASSWORD}", f"{API}?pass=[redacted, 16-31 chars]"),
    (f"{API}?client_secret={PASSWORD}", f"{API}?client_secret=[redacted, 16-31 chars]"),
    (f"{API}?key={PASSWORD}", f"{API}?key=[redacted, 16-31 chars]"),
    (f"{API}#token={PASSWORD}", f"{API}#token=[redacted, 16-31 chars]"),
    (f"https://bob:{PASSWORD}@bitbucket.org/acme/app.git", "https://bob:[redacted, 16-31 chars]@bitbucket.org/acme/app.git"),
    (f"curl -H 'Authorization: Bearer {PASSWORD}' {API}", f"curl -H 'Authorization: Bearer [redacted, 16-31 chars]' {API}"),
    (f'"authorization": "token {PASSWORD}"', '"authorization": "token [redacted, 16-31 chars]"'),
    (f"sent as Basic {base64.b64encode(b'bob:pw123456').decode()} here", "sent as Basic [redacted, 16-31 chars] here"),
    (f"curl -u bob:{PASSWORD} {API}", f"curl -u bob:[redacted, 16-31 chars] {API}"),
    (f"curl --user=bob:{PASSWORD} {API}", f"curl --user=bob:[redacted, 16-31 chars] {API}"),
    (f"{API}?access_token={PASSWORD}: rejected", f"{API}?access_token=[redacted, 16-31 chars]: rejected"),
])
def test_secret_positions_are_hidden(text, expected):
    assert redact.text(text) == expected
    assert redact.text(expected) == expected  # idempotent: a second pass changes nothing


@pytest.mark.parametrize("text", [
    f"{API}?access_token=${{TOKEN}}", f"{API}?access_token=$TOKEN", "https://bob:${BB_PASS}@bitbucket.org/a/b.git",
    "curl -u \"$USER:$PASS\" x", "Authorization: Bearer $TOKEN", f"{API}?pagelen=100&q=name", "send an Authorization: Basic header",
    "Send OAuth tokens as 'Authorization: Bearer'; obtain them", "Basic authentication with credentials.",
    "curl --user-agent: x", "auth=bearer credential=[redacted, 32+ chars] (token)", "auth=basic user=bob", "https://api.bitbucket.org/2.0/repositories/{workspace}/{repo_slug}",
])
def test_references_and_prose_stay_readable(text):
    assert redact.text(text) == text


def test_no_builtin_rule_text_is_redacted():
    """Messages, remediations and docs of the built-in rules read the same after redaction (the
    'before' examples show secrets on purpose)."""
    for policy in load_all([]):
        for text in (policy.message, policy.remediation, *(policy.docs[k] for k in ("what", "why", "fix"))):
            assert redact.text(text) == text, (policy.slug, text)


def test_known_values_are_hidden_in_every_spelling():
    secret = "pw/with+special=chars"
    redactor = redact.Redactor([secret])
    for spelling in (secret, quote(secret, safe=""), secret.replace("=", "\\=")):
        assert redactor.text(f"a {spelling} b") == "a [redacted, 16-31 chars] b"
    assert redact.Redactor(["abc"]).text("abc abc") == "abc abc"  # too short to hide as a substring


def test_scan_bytes_redacts_findings_and_usage_of_the_document():
    """The issue's reproduction: a token in a URL's query, path and fragment."""
    token, other = make("access-token", 3), make("access-token", 4)
    text = (f'curl "{API}?access_token={token}"\n'
            f'curl "https://api.bitbucket.org/1.0/repositories/acme/{other}"\n'
            f'curl "{API}/downloads#{token}"\n')
    result = scan_bytes("ci.sh", text.encode(), load_all([]))
    rules = {(f.rule, f.location.line) for f in result.findings}
    assert {("oauth-token-in-query", 1), ("removed-api", 2)} <= rules
    shown = " ".join([f.message for f in result.findings] + [u.url for u in result.usage] + result.notes)
    assert token[15:] not in shown and other[15:] not in shown and token[:15] + "…" in shown
    assert [u.url for u in result.usage if u.line == 1] == [f"{API}?access_token={token[:15]}…"]


def test_scan_bytes_hides_a_known_password_wherever_it_is_repeated():
    password = "Zr8mQ1xV7pKd"
    text = f'git clone https://bob:{password}@bitbucket.org/acme/app.git\n'
    result = scan_bytes("ci.sh", text.encode(), load_all([]))
    assert result.findings and all(password not in f.message for f in result.findings)
    assert [u.url for u in result.usage] == ["https://bob:[redacted, 8-15 chars]@bitbucket.org/acme/app.git"]


@pytest.mark.parametrize("value,shown", [
    ("high", "'high'"), ("app-password", "'app-password'"), ("2027-02-30", "'2027-02-30'"), (3, "3"), ("", "an empty string"),
    (PASSWORD, "a 16-character string (value not shown: it may be a secret)"),
    ("hunter2Hunter", "a 13-character string (value not shown: it may be a secret)"),
    ("x" * 21, "a 21-character string (value not shown: it may be a secret)"),
    ([1, 2], "a list of 2 item(s)"),
])
def test_show_value_echoes_only_plain_short_values(value, shown):
    assert redact.show_value(value) == shown


def test_a_token_in_a_config_is_never_echoed_and_the_constraint_is_named():
    token = make("api-token")
    error = validation.first_error("config", {"tokens": [{"fingerprint": token, "type": "api-token"}]})
    assert validation.describe(error) == (
        "at tokens.0.fingerprint: a 192-character string (value not shown: it may be a secret) is not valid "
        "(expected a string matching the pattern ^sha256:[0-9a-f]{20}$)")
    error = validation.first_error("config", {"baseline": ""})
    assert validation.describe(error) == "at baseline: an empty string is not valid (expected a string of at least 1 character(s))"
    error = validation.first_error("config", {"fail-on": "loud"})
    assert validation.describe(error) == "at fail-on: 'loud' is not valid (expected one of: info, low, medium, high, critical)"
    error = validation.first_error("config", {token: 1})
    assert token[12:] not in validation.describe(error)


@pytest.mark.parametrize("name,text,path", [
    ("a\nb", "a\\nb", '"a\\nb"'), ("a\x1b[31mb", "a\\e[31mb", '"a\\e[31mb"'), ("a\rb\tc", "a\\rb\\tc", '"a\\rb\\tc"'),
    ("bad\udcff\udcfe", "bad\\xff\\xfe", '"bad\\xff\\xfe"'), ("rtl\u202eabc", "rtl\\u202eabc", '"rtl\\u202eabc"'),
    ('q"uo\\te', 'q"uo\\te', 'q"uo\\te'), ("plain/é.sh", "plain/é.sh", "plain/é.sh"),
    ('a\n"b\\', 'a\\n"b\\', '"a\\n\\"b\\\\"'),
])
def test_escaping_for_text_output(name, text, path):
    assert escape.text(name) == text and escape.path(name) == path


def test_json_strings_hold_no_lone_surrogate():
    assert escape.json_safe({"p": ["bad\udcff"], "k\udc80": 1}) == {"p": ["bad\\xff"], "k\\x80": 1}
    assert escape.encodable("x\udcff") == "x\ufffd"


def test_the_stream_redacts_text_but_passes_a_document_redacted_already():
    import io

    token = make("access-token")
    sink = io.StringIO()
    stream = redact.Stream(sink)
    stream.write(f"plain {token}\n")
    document = reporters_json.dumps({"url": f"{API}?access_token={token}"})
    stream.write(document)
    assert token[15:] not in sink.getvalue()
    assert sink.getvalue().endswith(document) and isinstance(document, redact.Redacted)
