"""The Go and C# front ends: the lowerings real code needs (several targets, receivers, struct
literals, interpolation, object initialisers), the calls they give with exact positions, and
hostile input that must never raise."""

from __future__ import annotations

import textwrap

import pytest

from tokenlint.detectors.program_calls import detect_reading
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers import lower_csharp, lower_go
from tokenlint.parsers import program as ir
from tokenlint.parsers.kinds import FileKind


def calls(kind: FileKind, path: str, source: str) -> list[tuple]:
    found, notes = detect_reading(Reading(Document(path, textwrap.dedent(source).lstrip("\n")), kind))
    assert notes == []
    return [(c.line, c.tool, c.method, c.url, c.auth, c.credential, c.insecure) for c in found]


def method(cls: ir.Class, name: str) -> ir.Func:
    return next(s for s in cls.body if isinstance(s, ir.Func) and s.name == name)


# --- Go ------------------------------------------------------------------------------------------

def test_go_several_targets_assign_pairwise_and_a_call_to_the_first():
    prog = lower_go.read('package m\nfunc f() {\n\treq, err := http.NewRequest("GET", u, nil)\n\ta, b = "x", "y"\n}\n')
    func = prog.body[0]
    assert isinstance(func, ir.Func)
    first, *rest = func.body
    assert isinstance(first, ir.Assign) and first.target == ir.Name(3, 2, "req")
    assert isinstance(first.value, ir.Call) and first.value.func == ir.Attr(3, 14, ir.Name(3, 14, "http"), "NewRequest")
    assert [(s.target, s.value) for s in rest if isinstance(s, ir.Assign)] == [
        (ir.Name(4, 2, "a"), ir.Const(4, 9, "x")), (ir.Name(4, 5, "b"), ir.Const(4, 14, "y"))]


def test_go_methods_gather_into_their_struct_with_the_receiver_as_this():
    prog = lower_go.read(textwrap.dedent("""
        package m
        func (c *Client) get(path string) string { return c.base + path }
        type Client struct {
            base, user string
        }
    """))
    cls = next(s for s in prog.body if isinstance(s, ir.Class))
    assert cls.name == "Client"
    ctor = method(cls, "constructor")
    assert ctor.params == ["base", "user"]
    get = method(cls, "get")
    ret = get.body[0]
    assert isinstance(ret, ir.Return) and isinstance(ret.value, ir.Concat)
    assert ret.value.parts[0] == ir.Attr(3, 51, ir.Name(3, 51, "this"), "base")


def test_go_struct_literals_are_constructor_calls_with_named_fields_and_maps_are_dicts():
    prog = lower_go.read('package m\nvar c = &Client{base: "https://x", http: &http.Client{}}\n'
                         'var h = map[string]string{"Accept": "json"}\nvar s = []string{"a"}\n')
    values = [s.value for s in prog.body if isinstance(s, ir.Assign)]
    client, headers, seq = values
    assert isinstance(client, ir.Call) and client.new and client.func == ir.Name(2, 10, "Client")
    assert client.named["base"] == ir.Const(2, 23, "https://x")
    assert isinstance(client.named["http"], ir.Call) and client.named["http"].new
    assert headers == ir.Dict(3, 26, [(ir.Const(3, 27, "Accept"), ir.Const(3, 37, "json"))])
    assert seq == ir.Seq(4, 17, [ir.Const(4, 18, "a")])


def test_go_imports_bind_the_package_name_and_aliases():
    prog = lower_go.read('package m\nimport (\n\t"net/http"\n\tr "github.com/go-resty/resty/v2"\n'
                         '\t"github.com/go-resty/resty/v2"\n\t_ "embed"\n)\n')
    assert [(s.name, s.module) for s in prog.body if isinstance(s, ir.Import)] == [
        ("http", "http"), ("r", "resty"), ("resty", "resty")]


def test_go_strings_raw_interpreted_and_sprintf():
    assert calls(FileKind.GO, "main.go", """
        package main

        import (
            b64 "encoding/base64"
            "fmt"
            "net/http"
            "os"
        )

        const api = `https://api.bitbucket.org/2.0`

        func main() {
            auth := b64.StdEncoding.EncodeToString([]byte(os.Getenv("BB_USER") + ":" + os.Getenv("BB_APP_PASSWORD")))
            req, _ := http.NewRequest(http.MethodDelete, fmt.Sprintf("%s/repositories/%s/%s", api, "acme", "web"), nil)
            req.Header["Authorization"] = []string{"Basic " + auth}
            http.DefaultClient.Do(req)
            http.Get(api + "/user\\x2e")
        }
    """) == [(16, "net/http", "DELETE", "https://api.bitbucket.org/2.0/repositories/acme/web", "basic",
              "$BB_APP_PASSWORD", False),
             (17, "net/http", "GET", "https://api.bitbucket.org/2.0/user.", "none", None, False)]


def test_go_method_calls_through_the_struct_and_an_embedded_base():
    assert calls(FileKind.GO, "client.go", """
        package bb

        import (
            "net/http"
            "os"
        )

        type base struct {
            root string
            hc   *http.Client
        }

        func (b *base) send(path, token string) {
            req, _ := http.NewRequest("GET", b.root+path, nil)
            req.Header.Set("Authorization", "Bearer "+token)
            b.hc.Do(req)
        }

        type Repos struct {
            *base
            token string
        }

        func (r Repos) List(ws string) { r.send("/repositories/"+ws, r.token) }

        func main() {
            r := Repos{base: &base{root: "https://api.bitbucket.org/2.0", hc: http.DefaultClient}, token: os.Getenv("T")}
            r.List("acme")
        }
    """) == [(24, "net/http", "GET", "https://api.bitbucket.org/2.0/repositories/acme", "bearer", "$T", False),
             (24, "net/http", "GET", "https://api.bitbucket.org/2.0/repositories/${ws}", "bearer", "$T", False)]


# --- C# ------------------------------------------------------------------------------------------

def test_csharp_interpolation_verbatim_and_raw_strings():
    prog = lower_csharp.read('var a = $"{Base}/repositories/{ws:D}";\nvar b = @"C:\\x""y";\nvar c = """raw""";\n')
    values = [s.value for s in prog.body if isinstance(s, ir.Assign)]
    assert values[0] == ir.Concat(1, 9, [ir.Name(1, 12, "Base"), ir.Const(1, 17, "/repositories/"),
                                         ir.Name(1, 32, "ws")])
    assert values[1] == ir.Const(2, 9, 'C:\\x"y')
    assert values[2] == ir.Const(3, 9, "raw")


def test_csharp_object_initialisers_are_named_arguments_and_nested_ones_maps():
    prog = lower_csharp.read('var c = new System.Net.Http.HttpClient(h) { BaseAddress = u, '
                             'DefaultRequestHeaders = { Authorization = v } };\n')
    call = prog.body[0].value  # type: ignore[union-attr]
    assert isinstance(call, ir.Call) and call.new and call.func == ir.Name(1, 9, "HttpClient")
    assert call.args == [ir.Name(1, 40, "h")]
    assert call.named["BaseAddress"] == ir.Name(1, 59, "u")
    assert call.named["DefaultRequestHeaders"] == ir.Dict(1, 86, [(ir.Const(1, 88, "Authorization"),
                                                                   ir.Name(1, 104, "v"))])


def test_csharp_a_field_assigned_bare_in_a_constructor_is_the_field():
    prog = lower_csharp.read(textwrap.dedent("""
        class C {
            private HttpClient _http;
            public C(string _local) { _http = new HttpClient(); var x = 1; _local = "y"; }
        }
    """))
    cls = prog.body[0]
    assert isinstance(cls, ir.Class)
    targets = [s.target for s in method(cls, "constructor").body if isinstance(s, ir.Assign)]
    assert targets == [ir.Attr(4, 31, ir.Name(4, 31, "this"), "_http"), ir.Name(4, 61, "x"),
                       ir.Name(4, 68, "_local")]


def test_csharp_properties_with_initialisers_and_arrow_bodies_are_fields():
    assert calls(FileKind.CSHARP, "Api.cs", """
        using Http = System.Net.Http;

        public class Api : BaseApi
        {
            protected virtual string Root => "https://api.bitbucket.org/2.0";
            public string Workspace { get; set; } = "acme";
            private string Token { get { return Environment.GetEnvironmentVariable("BITBUCKET_ACCESS_TOKEN"); } }

            public async Task<string> Repos()
            {
                using (var client = new Http.HttpClient())
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {Token}");
                    return await client.GetStringAsync($"{Root}/repositories/{Workspace}");
                }
            }
        }
    """) == [(14, "HttpClient", "GET", "https://api.bitbucket.org/2.0/repositories/acme", "bearer",
              "$BITBUCKET_ACCESS_TOKEN", False)]


def test_csharp_request_messages_and_injected_clients():
    assert calls(FileKind.CSHARP, "Svc.cs", """
        public class Svc
        {
            private readonly HttpClient _client;
            public Svc(IHttpClientFactory factory) { _client = factory.CreateClient("bb"); }

            public Task Merge(string id)
            {
                var msg = new HttpRequestMessage
                {
                    Method = HttpMethod.Post,
                    RequestUri = new Uri("https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/" + id + "/merge"),
                };
                msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("BB_TOKEN"));
                return _client.SendAsync(msg);
            }
        }
    """) == [(14, "HttpClient", "POST", "https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests/${id}/merge",
              "bearer", "$BB_TOKEN", False)]


# --- hostile input -------------------------------------------------------------------------------

HOSTILE = [
    "(" * 5000 + "bitbucket.org" + ")" * 5000,
    "{" * 3000 + "}" * 10,
    "\x00\xff\ufffd garbage \x1b[31m http.NewRequest( HttpClient( $\"{{{{ \" @\"\"\" `",
    "func (",
    "class : : { new { = } }",
    'x := ' + '&T{a: ' * 2000 + '1' + '}' * 2000,
    'var x = new C { A = ' * 1500 + '1' + ' }' * 1500 + ';',
    '"' + "a" * 200_000,
]


@pytest.mark.parametrize("kind, path", [(FileKind.GO, "x.go"), (FileKind.CSHARP, "X.cs")])
@pytest.mark.parametrize("junk", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(kind: FileKind, path: str, junk: str):
    text = "// bitbucket.org httpclient newrequest\n" + junk
    found, notes = detect_reading(Reading(Document(path, text), kind))
    assert isinstance(found, list) and all(isinstance(n, str) for n in notes)
