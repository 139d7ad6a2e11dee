"""The Groovy and HCL/Terraform front ends: lowerings the grammars do not give for free, what the
one evaluator then reads from them, and hostile input (never an exception)."""

from __future__ import annotations

import random

import pytest

from tokenlint.engine.policy import load_all
from tokenlint.facts import ApiCall
from tokenlint.parsers import lower_groovy, lower_hcl
from tokenlint.parsers import program as ir
from tokenlint.scanner import scan_bytes


def calls(path: str, text: str) -> list[tuple[int, str, str, str, str]]:
    """(line, method, url, auth, credential) of the calls a scan shows."""
    result = scan_bytes(path, text.encode(), list(load_all()))
    return [(f.line, f.method, f.url, str(f.auth), f.credential or "") for f in result.usage
            if isinstance(f, ApiCall)]


def only(text: str) -> ir.Stmt:
    body = lower_groovy.read(text).body
    assert len(body) == 1, body
    return body[0]


# --- Groovy ------------------------------------------------------------------------------------

def test_a_gstring_is_a_concat_of_its_literal_text_and_interpolations():
    stmt = only('def u = "${env.API}/repositories/$workspace/x"')
    assert isinstance(stmt, ir.Assign) and isinstance(stmt.value, ir.Concat)
    parts = stmt.value.parts
    assert isinstance(parts[0], ir.Attr) and parts[0].name == "API"
    assert isinstance(parts[1], ir.Const) and parts[1].value == "/repositories/"
    assert isinstance(parts[2], ir.Name) and parts[2].name == "workspace"
    assert isinstance(parts[3], ir.Const) and parts[3].value == "/x"


def test_single_quoted_and_escaped_dollars_are_not_interpolated():
    stmt = only("def a = '${x}' + \"\\${y}\"")
    assert isinstance(stmt, ir.Assign) and isinstance(stmt.value, ir.Concat)
    assert [p.value for p in stmt.value.parts if isinstance(p, ir.Const)] == ["${x}", "${y}"]


def test_a_command_used_as_a_value_is_a_call_with_named_arguments():
    stmt = only("def r = httpRequest url: u,\n    httpMode: 'POST' // a comment\n")
    assert isinstance(stmt, ir.Assign) and isinstance(stmt.value, ir.Call)
    assert isinstance(stmt.value.func, ir.Name) and stmt.value.func.name == "httpRequest"
    assert sorted(stmt.value.named) == ["httpMode", "url"]


def test_safe_navigation_elvis_and_casts_are_read():
    body = lower_groovy.read("a = b?.c\nd = e ?: 'f'\ndef g = h.openConnection() as HttpURLConnection\n").body
    assert isinstance(body[0], ir.Assign) and isinstance(body[0].value, ir.Attr)
    assert isinstance(body[1], ir.Assign) and isinstance(body[1].value, ir.Either)
    assert isinstance(body[2], ir.Assign) and isinstance(body[2].value, ir.Call)


def test_to_url_is_new_url_and_a_list_of_maps_stays_a_list():
    stmt = only("x = u.toURL()")
    assert isinstance(stmt, ir.Assign) and isinstance(stmt.value, ir.Call) and stmt.value.new
    stmt = only("h = [[name: 'Authorization', value: v]]")
    assert isinstance(stmt, ir.Assign) and isinstance(stmt.value, ir.Seq)
    assert isinstance(stmt.value.items[0], ir.Dict)


def test_untyped_parameters_implicit_returns_and_constructors_named_after_the_class():
    body = lower_groovy.read("class A {\n  A(script, user) { this.user = user }\n"
                             "  def get(path, Map opts = [:]) { path }\n}\n").body
    cls = body[0]
    assert isinstance(cls, ir.Class)
    funcs = {f.name: f for f in cls.body if isinstance(f, ir.Func)}
    assert funcs["constructor"].params == ["script", "user"]
    assert funcs["get"].params == ["path", "opts"]
    assert isinstance(funcs["get"].body[-1], ir.Return)


def test_jenkins_calls_through_the_evaluator():
    text = """
def call(String commit) {
    def base = ['https://api.bitbucket.org', '2.0', 'repositories', 'acme', 'app'].join('/')
    httpRequest url: "${base}/commit/${commit}/statuses/build", httpMode: 'POST',
                authentication: 'bitbucket-app-password', ignoreSslErrors: true
    def conn = "${base}/refs/tags".toURL().openConnection()
    conn.requestMethod = 'POST'
    conn.setRequestProperty('Authorization', 'Bearer ' + env.BB_TOKEN)
    conn.outputStream << '{}'
}
"""
    found = calls("vars/bb.groovy", text)
    assert found == [
        (4, "POST", "https://api.bitbucket.org/2.0/repositories/acme/app/commit/${commit}/statuses/build",
         "basic", "$bitbucket_app_password"),
        (6, "POST", "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", "bearer", "$BB_TOKEN"),
    ]


# --- HCL ---------------------------------------------------------------------------------------

def test_variables_and_locals_come_first_and_locals_may_name_later_ones():
    text = """
provider "restapi" {
  uri      = local.api
  username = var.user
  password = local.secret
}
locals {
  api    = "${local.host}/2.0"
  host   = "https://api.bitbucket.org"
  secret = var.bitbucket_app_password
}
variable "user" { default = "ci-bot" }
variable "bitbucket_app_password" { default = "" }
"""
    # the API's root given to a client: which endpoints it calls is not in the file (method unseen)
    assert calls("infra/api.tf", text) == [(2, "", "https://api.bitbucket.org/2.0", "basic",
                                             "$bitbucket_app_password")]


def test_heredoc_and_template_text_keep_their_spaces():
    body = lower_hcl.read('x "y" {\n  a = "Basic ${var.t}"\n  b = <<-EOT\n    https://x/${var.p}\n  EOT\n}\n').body
    call = body[-1]
    assert isinstance(call, ir.Do) and isinstance(call.expr, ir.Call)
    a, b = call.expr.named["a"], call.expr.named["b"]
    assert isinstance(a, ir.Concat) and isinstance(a.parts[0], ir.Const) and a.parts[0].value == "Basic "
    assert isinstance(b, ir.Concat) and isinstance(b.parts[0], ir.Const) and b.parts[0].value == "https://x/"


def test_a_bitbucket_provider_with_a_token_is_bearer_and_one_without_credentials_is_nothing():
    text = 'provider "bitbucket" {\n  oauth_token = var.bitbucket_access_token\n}\nprovider "bitbucket" {}\n'
    assert calls("main.tf", text) == [(1, "GET", "https://api.bitbucket.org/2.0/user", "bearer",
                                       "$bitbucket_access_token")]


# --- hostile input -----------------------------------------------------------------------------

_rng = random.Random(11)
HOSTILE = [
    "{" * 20_000, "[" * 20_000, "(" * 20_000, '"${' * 5_000, "def x = " + "a." * 20_000 + "b",
    "x = " + "[" * 3_000 + "]" * 3_000, "httpRequest " + "a: [" * 5_000,
    "".join(chr(_rng.randrange(0, 0x2FF)) for _ in range(20_000)),
    bytes(_rng.randrange(256) for _ in range(20_000)).decode("latin-1"),
    'provider "bitbucket" {' * 5_000, "locals { a = " + "{ b = " * 5_000, "x = <<EOT\n" + "${" * 5_000,
    "bitbucket " * 10 + "\x00\xff\ud800"[:2],
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("path", ["Jenkinsfile", "vars/x.groovy", "main.tf"])
def test_hostile_input_never_raises(path: str, text: str):
    text = "// https://api.bitbucket.org/2.0 bitbucket\n" + text
    scan_bytes(path, text.encode("utf-8", "surrogatepass"), list(load_all()))
    (lower_hcl if path.endswith(".tf") else lower_groovy).read(text)


def test_a_terracurl_request_sends_its_method_url_and_headers():
    text = ('data "terracurl_request" "tags" {\n  method = "POST"\n'
            '  url    = "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags"\n'
            '  headers = {\n    Authorization = "Bearer ${var.bitbucket_access_token}"\n  }\n}\n')
    assert calls("tags.tf", text) == [(1, "POST", "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags",
                                       "bearer", "$bitbucket_access_token")]


def test_an_empty_single_quoted_string_does_not_lose_the_rest_of_the_file():
    # tree-sitter-groovy reads `''` as an error: everything after it used to be lost
    text = """def branches(String ws, String repo) {
    PASSWORD = PASSWORD.toString().replace(',', '').replace('[', '')
    String basic = "Basic " + "${USER}:${PASSWORD}".bytes.encodeBase64().toString()
    URLConnection c = new URL("https://api.bitbucket.org/2.0/repositories/${ws}/${repo}/refs/branches").openConnection()
    c.setRequestProperty("Authorization", basic)
    return c.inputStream.text
}
"""
    assert calls("vars/bitbucket.groovy", text) == [
        (4, "GET", "https://api.bitbucket.org/2.0/repositories/${ws}/${repo}/refs/branches", "basic", "$PASSWORD")]
