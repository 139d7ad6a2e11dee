"""Every credential kind in every context: exact (rule, line); references and placeholders stay quiet."""

from __future__ import annotations

import base64

import pytest

from tokenlint.engine.policy import load_all
from tokenlint.model import Confidence
from tokenlint.scanner import scan_bytes

from tokengen import fill, make

POLICIES = load_all()


def findings(path: str, content: str, floor: Confidence = Confidence.MEDIUM) -> set[tuple[str, int]]:
    result = scan_bytes(path, content.encode(), POLICIES)
    return {(f.rule, f.location.line) for f in result.findings if f.confidence >= floor}


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


CASES = [
    ("app password literal", "deploy.sh", "X=1\nAPP=TOKEN(app-password)\n", {("app-password", 2)}),
    ("api token in python", "cfg.py", 'T = "TOKEN(api-token)"\n', {("api-token", 1)}),
    ("access token in yaml", "values.yaml", "a: 1\ntoken: TOKEN(access-token)\n", {("access-token", 2)}),
    ("datacenter token", "Jenkinsfile", "env.X = 'TOKEN(datacenter-token)'\n", {("datacenter-token", 1)}),
    ("token in url is reported once, as the token", "clone.sh",
     "git clone https://x-token-auth:TOKEN(access-token)@bitbucket.org/acme/app.git\n", {("access-token", 1)}),
    ("password in bitbucket url", "push.sh", "\n\ngit push https://deploy:Zq8vPm2Lk9Tr@bitbucket.org/acme/app.git\n",
     {("credential-in-url", 3), ("account-password-in-use", 3)}),  # a password used for git is one in use
    ("git credential store", ".git-credentials", "https://jdoe:Zq8vPm2Lk9Tr@bitbucket.org\n", {("credential-store-entry", 1)}),
    ("netrc", ".netrc", "machine github.com login a password b1b2b3b4b5\nmachine bitbucket.org\nlogin jdoe\npassword Zq8vPm2Lk9Tr\n",
     {("credential-store-entry", 4)}),
    ("curl user literal", "status.sh", "curl -u ci-bot:Wq7rT2pLm4Kx https://api.bitbucket.org/2.0/user\n",
     {("hardcoded-authorization-header", 1), ("account-password-in-use", 1)}),
    ("bearer literal", "call.sh", 'curl -H "Authorization: Bearer q8Zr2vLmPk9Tw3Xy7Bn4Hd6J" https://api.bitbucket.org/2.0/user\n',
     {("hardcoded-authorization-header", 1)}),
    ("extraheader in git config", "config", '[http "https://bitbucket.org/"]\n\textraheader = AUTHORIZATION: bearer q8Zr2vLmPk9Tw3Xy7Bn4Hd6J\n',
     {("hardcoded-authorization-header", 2)}),
    ("oauth consumer via curl", "oauth.sh",
     "curl -X POST -u Kq8vPm2Lk9TrAbCdEf:Hk39sLq0Pz7Wm2Nv8Rt5Yx1Bc4Df6Gj https://bitbucket.org/site/oauth2/access_token\n",
     {("oauth-consumer-secret", 1)}),
    ("oauth consumer by name", ".env", "BITBUCKET_CLIENT_SECRET=Hk39sLq0Pz7Wm2Nv8Rt5Yx1Bc4Df6Gj\n", {("oauth-consumer-secret", 1)}),
    ("named assignment", "settings.py", 'BITBUCKET_PASSWORD = "S3cr3tPa55w0rdZ"\n', {("hardcoded-bitbucket-secret", 1)}),
    ("shell default", "env.sh", "export BB_TOKEN=${BB_TOKEN:-S3cr3tT0kenValue9}\n", {("hardcoded-bitbucket-secret", 1)}),
    ("escaped = in api token", "a.properties", "token=TOKEN(api-token)\n", {("api-token", 1)}),
    ("assignment after a line ending in a colon", "settings.py",
     'class Settings:\n    BITBUCKET_APP_PASSWORD = "S3cr3tPa55w0rdZ"\n', {("hardcoded-bitbucket-secret", 2)}),
    ("BitBucket spelling", "Config.java", 'String BitBucketPassword = "S3cr3tPa55w0rdZ";\n', {("hardcoded-bitbucket-secret", 1)}),
]


@pytest.mark.parametrize("name,path,content,expected", CASES, ids=[c[0] for c in CASES])
def test_credential_contexts(name, path, content, expected):
    assert findings(path, fill(content)) == expected


def test_basic_header_is_decoded_to_the_app_password_inside():
    header = b64("jdoe:" + make("app-password"))
    text = f'curl -H "Authorization: Basic {header}" https://api.bitbucket.org/2.0/user\n'
    assert findings("h.sh", text) >= {("app-password", 1)}


def test_basic_header_with_plain_password():
    header = b64("jdoe:Wq7rT2pLm4Kx")
    text = f"\nAUTH='Basic {header}'\ncurl -H \"Authorization: $AUTH\" https://api.bitbucket.org/2.0/user\n"
    assert findings("h.sh", text) == {("hardcoded-authorization-header", 2), ("account-password-in-use", 3)}


def test_on_a_megabyte_line_what_sits_next_to_a_bitbucket_key_is_still_found():
    """Long lines are searched in a window around each needle (bounded time): a minified JSON
    config still gives up the encoded app password under its Bitbucket key, far into the line."""
    filler = ", ".join(f'"k{i}": "{"v" * 40}"' for i in range(20_000))
    text = '{' + filler + f', "bitbucket_token": "{b64(make("app-password"))}"' + "}\n"
    assert len(text) > 1_000_000
    assert findings("config.json", text) >= {("app-password", 1)}


@pytest.mark.parametrize("escape", ["\\=", "%3D", "%3d"])
def test_escaped_equals_still_checks_out(escape):
    token = make("api-token")
    assert findings("x.txt", "t=" + token.replace("=", escape) + "\n") == {("api-token", 1)}


REFERENCES = [
    "curl -u \"$BB_USER:$BB_APP_PASSWORD\" https://api.bitbucket.org/2.0/user\n",
    "BITBUCKET_TOKEN: ${{ secrets.BITBUCKET_TOKEN }}\n",
    "bitbucket_password = os.environ['BITBUCKET_PASSWORD']\n",
    "const bbToken = process.env.BITBUCKET_TOKEN;\n",
    "withCredentials([string(credentialsId: 'bitbucket-token', variable: 'BB_TOKEN')]) {}\n",
    "bitbucket_token: '{{ .Env.BITBUCKET_TOKEN }}'\n",
    "git clone https://x-token-auth:${REPO_TOKEN}@bitbucket.org/acme/app.git\n",
    "export BITBUCKET_PASSWORD=${BITBUCKET_PASSWORD:?set it}\n",
    "machine bitbucket.org login jdoe password $BB_PASSWORD\n",
]


@pytest.mark.parametrize("text", REFERENCES)
def test_references_are_not_exposures(text):
    assert {r for r in findings("ref.sh", text) if r[0] in {p.slug for p in POLICIES if p.code < "TL010"}} == set()


@pytest.mark.parametrize("kind,rule", [("app-password", "app-password"), ("api-token", "api-token"),
                                       ("access-token", "access-token"), ("datacenter-token", "datacenter-token")])
def test_placeholder_with_bad_checksum_is_quiet_by_default_and_low_when_asked(kind, rule):
    text = "sample: " + make(kind, valid=False) + "\n"
    assert findings("docs.md", text) == set()
    assert findings("docs.md", text, floor=Confidence.LOW) == {(rule, 1)}


def test_no_output_contains_the_secret():
    token = make("api-token")
    result = scan_bytes("x.py", f'T = "{token}"\n'.encode(), POLICIES)
    (finding,) = result.findings
    assert token not in repr(finding) and token[12:] not in finding.message
    assert finding.secret.redacted == token[:15] + "…"
