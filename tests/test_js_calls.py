"""Bitbucket API calls found in JavaScript and TypeScript, with exact positions and resolved auth."""

from __future__ import annotations

from types import SimpleNamespace

from tokenlint.detectors import program_calls
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers import lower_javascript
from tokenlint.parsers import program as ir
from tokenlint.parsers.kinds import FileKind

import callrows
from callrows import PRS, REPO
from tokengen import make


def _detect(doc: Document):
    """JavaScript through the one evaluator, as the registry runs it."""
    return program_calls.detect_reading(Reading(doc, FileKind.JAVASCRIPT))


js_calls = SimpleNamespace(detect=_detect)


def detect(source: str, path: str = "client.js"):
    return callrows.run(js_calls, source, path)


def facts(source: str, path: str = "client.js") -> list[tuple]:
    return callrows.rows(js_calls, source, path)


def test_fetch_with_bearer_from_process_env():
    calls, _ = detect("""
        const fetch = require('node-fetch');
        const BASE = 'https://api.bitbucket.org/2.0';
        const workspace = "acme", repo = 'widgets';

        async function open() {
          const res = await fetch(`${BASE}/repositories/${workspace}/${repo}/pullrequests`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${process.env.BB_ACCESS_TOKEN}` },
            body: JSON.stringify({ title: 'release' }),
          });
        }
    """)
    assert [(c.line, c.column, c.tool, c.method, c.url, c.template, c.auth, c.credential, c.credential_kind,
             c.workspace, c.repo, c.insecure) for c in calls] == [
        (6, 21, "fetch", "POST", "https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests", PRS,
         "bearer", "$BB_ACCESS_TOKEN", "access-token", "acme", "widgets", False)]


def test_axios_with_auth_object_and_data_argument():
    assert facts("""
        import axios from 'axios';
        const { BB_USER, BB_APP_PASSWORD } = process.env;
        const api = 'https://api.bitbucket.org/2.0/repositories/' + 'acme' + '/widgets';
        axios.get(api, { auth: { username: BB_USER, password: BB_APP_PASSWORD } });
        axios.post(api + '/pullrequests', { title: 't' }, { auth: { username: 'me@example.com', password: process.env.API_TOKEN } });
        axios({ method: 'delete', url: api, headers: { Authorization: 'Bearer ' + process.env.REPO_TOKEN } });
    """) == [
        (4, "axios", "GET", REPO, "basic", "$BB_APP_PASSWORD", "app-password", "reference", "acme", "widgets", False),
        (5, "axios", "POST", PRS, "basic", "$API_TOKEN", "api-token", "email", "acme", "widgets", False),
        (6, "axios", "DELETE", REPO, "bearer", "$REPO_TOKEN", "access-token", "none", "acme", "widgets", False),
    ]


def test_axios_instance_and_global_defaults():
    assert facts("""
        const axios = require('axios');
        const https = require('https');
        axios.defaults.headers.common['Authorization'] = `Bearer ${process.env.BB_TOKEN}`;
        axios.get('https://api.bitbucket.org/2.0/repositories/acme/widgets');
        const client = axios.create({
          baseURL: 'https://api.bitbucket.org/2.0',
          auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
          httpsAgent: new https.Agent({ rejectUnauthorized: false }),
        });
        client.get<Repo[]>('/repositories/acme/widgets/pullrequests');
    """, "client.ts") == [
        (4, "axios", "GET", REPO, "bearer", "$BB_TOKEN", "token", "none", "acme", "widgets", False),
        (10, "axios", "GET", PRS, "basic", "$BB_APP_PASSWORD", "app-password", "reference", "acme", "widgets", True),
    ]


def test_got_with_username_and_password():
    assert facts("""
        import got from 'got';
        await got.post(`https://api.bitbucket.org/2.0/repositories/acme/${process.env.BITBUCKET_REPO_SLUG}/pullrequests`, {
          username: process.env.ATLASSIAN_EMAIL,
          password: process.env.ATLASSIAN_API_TOKEN,
          https: { rejectUnauthorized: false },
          json: { title: 'x' },
        });
    """, "release.mjs") == [(2, "got", "POST", PRS, "basic", "$ATLASSIAN_API_TOKEN", "api-token", "email", "acme",
                             "${BITBUCKET_REPO_SLUG}", True)]


def test_basic_header_from_buffer_and_btoa():
    assert facts("""
        const auth = Buffer.from(`${process.env.BB_USER}:${process.env.BB_APP_PASSWORD}`).toString('base64');
        fetch('https://api.bitbucket.org/2.0/user', { headers: { Authorization: 'Basic ' + auth } });
        fetch('https://api.bitbucket.org/2.0/user', { headers: { Authorization: `Basic ${btoa(EMAIL + ':' + API_TOKEN)}` } });
    """) == [
        (2, "fetch", "GET", "/user", "basic", "$BB_APP_PASSWORD", "app-password", "reference", None, None, False),
        (3, "fetch", "GET", "/user", "basic", "$API_TOKEN", "api-token", "email", None, None, False),
    ]


def test_node_https_request_with_options():
    assert facts("""
        import * as https from 'node:https';
        const req = https.request({
          hostname: 'api.bitbucket.org',
          path: '/2.0/repositories/acme/widgets',
          method: 'DELETE',
          auth: `${process.env.BB_USER}:${process.env.BB_APP_PASSWORD}`,
        }, (res) => res.resume());
    """) == [(2, "https.request", "DELETE", REPO, "basic", "$BB_APP_PASSWORD", "app-password", "reference", "acme",
              "widgets", False)]


def test_bitbucket_npm_client():
    # the client's requests are its methods, not seen here: no method, so no unknown endpoint either
    assert facts("""
        const { Bitbucket } = require('bitbucket');
        const basic = new Bitbucket({ auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD } });
        const bearer = new Bitbucket({ auth: { token: process.env.BB_WORKSPACE_TOKEN } });
    """) == [
        (2, "bitbucket", "", None, "basic", "$BB_APP_PASSWORD", "app-password", "reference", None, None, False),
        (3, "bitbucket", "", None, "bearer", "$BB_WORKSPACE_TOKEN", "access-token", "none", None, None, False),
    ]


def test_literal_token_is_classified_and_never_shown_whole():
    token = make("access-token", seed=5)
    calls, _ = detect(f"""
        fetch("https://api.bitbucket.org/2.0/repositories/acme/widgets", {{ headers: {{ Authorization: "Bearer {token}" }} }});
    """)
    (call,) = calls
    assert (call.auth, call.credential_kind, call.credential_literal) == ("bearer", "access-token", True)
    assert call.credential.startswith("ATCTT3xFfGN0") and token not in repr(call)


def test_unknown_values_stay_references():
    assert facts("""
        const url = getUrl();
        fetch(url);
        fetch(`https://api.bitbucket.org/2.0/repositories/${cfg.workspace}/${repoSlug}`, { headers: { Authorization: header } });
    """) == [(3, "fetch", "GET", REPO, "unknown", "$header", "unknown", "none", "${workspace}", "${repoSlug}", False)]


def test_non_bitbucket_url_gives_nothing():
    assert facts("""
        // not bitbucket: github
        fetch('https://api.github.com/repos/acme/widgets', { headers: { Authorization: `Bearer ${process.env.TOKEN}` } });
    """) == []


def test_commented_out_calls_are_reported_as_commented():
    calls, notes = detect("""
        const token = process.env.BB_TOKEN;
        // await fetch('https://api.bitbucket.org/2.0/repositories/acme/widgets', {
        //   method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
        /* axios.get('https://api.bitbucket.org/2.0/user', { auth: { username: u, password: p } }) */
        const s = "// fetch('https://api.bitbucket.org/2.0/user')";
    """)
    assert notes == []
    assert [(c.line, c.column, c.tool, c.method, c.template, c.auth, c.credential, c.commented) for c in calls] == [
        (2, 10, "fetch", "DELETE", REPO, "bearer", "$BB_TOKEN", True),
        (4, 4, "axios", "GET", "/user", "basic", "$p", True),
    ]


def test_broken_source_does_not_crash():
    calls, notes = detect("""
        const a = `unterminated ${ fetch('https://api.bitbucket.org/2.0/user'
        const b = "also unterminated
        let re = /[/ + ) ] } ( { "'
    """)
    assert notes == []
    assert calls == []


def test_deeply_nested_template_literals_leave_a_note():
    source = "const u = 'https://api.bitbucket.org/2.0/user';" + "`${" * 200 + "x" + "}`" * 200
    calls, notes = js_calls.detect(Document("nested.js", source))
    assert calls == [] and notes == ["nested.js: nested more than 150 levels deep; what lies deeper was not read"]


def test_minified_5mb_one_liner_is_read_up_to_its_limit():
    """Its time budget (2 s) is checked by bench/budgets.py, not here: a loaded machine is no bug."""
    chunk = 'var a{i}=function(e,t){{return e+t*2/3}},b{i}={{x:"q\\"s",y:[1,2],z:`t${{a{i}}}`}};if(/[/]x/g.test(c{i}))d{i}(b{i});'
    filler = "".join(chunk.format(i=i) for i in range(20_000))
    call = 'fetch("https://api.bitbucket.org/2.0/repositories/acme/widgets",{headers:{Authorization:"Bearer "+process.env.BB_TOKEN}});'
    source = filler * 3 + call + filler * 3
    assert len(source) > 5_000_000 and "\n" not in source
    calls, notes = js_calls.detect(Document("dist/app.min.js", source))
    assert [(c.line, c.column, c.template, c.auth, c.credential) for c in calls] == [
        (1, len(filler) * 3 + 1, REPO, "bearer", "$BB_TOKEN")]
    assert len(notes) == 1 and notes[0].startswith(f"dist/app.min.js: {len(source)} characters; read only ")


def test_runaway_nesting_is_cut_off_with_a_note():
    """The nesting limit, not a clock, cuts it off; its time budget is checked by bench/budgets.py."""
    source = "const u = 'https://api.bitbucket.org/2.0/user';" + "fetch(u, " * 20_000 + ")" * 20_000
    calls, notes = js_calls.detect(Document("nested.js", source))
    assert notes == ["nested.js: nested more than 150 levels deep; what lies deeper was not read"]
    assert calls and all(c.template == "/user" for c in calls)


def test_front_end_keeps_regex_division_and_templates_apart():
    """What the hand-written tokenizer had to get right, the grammar does: `/` as division and as
    a regex, a quote inside a regex, templates nested in a template's `${…}`."""
    source = "x = a / b / c; y = /'/g; z = `a${b + `c${d}`}e`"
    program = lower_javascript.read(source, "t.js")
    assert [type(s).__name__ for s in program.body] == ["Assign", "Assign", "Assign"]
    x, y, z = (s.value for s in program.body if isinstance(s, ir.Assign))
    assert isinstance(x, ir.Unknown) and isinstance(y, ir.Unknown)
    assert isinstance(z, ir.Concat)
    a, inner, e = z.parts
    col = {text: source.index(text) + 1 for text in ("a$", "b +", "c$", "d}", "e`")}
    assert (a, e) == (ir.Const(1, col["a$"], "a"), ir.Const(1, col["e`"], "e"))
    assert isinstance(inner, ir.Concat)  # `b + `c${d}``: one concatenation
    assert inner.parts == [ir.Name(1, col["b +"], "b"), ir.Const(1, col["c$"], "c"), ir.Name(1, col["d}"], "d")]


def test_request_library_chained_auth_and_a_configured_base():
    calls, _ = detect("""
        const request = require('request');
        const settings = require('./settings.json');
        request
          .del({ url: settings.bitbucket_api_url + '/repositories/acme/widgets' }, done)
          .auth(settings.user, process.env.BITBUCKET_APP_PASSWORD, true);
        request({ url: 'https://api.bitbucket.org/2.0/user', auth: { bearer: process.env.BB_TOKEN } });
    """)
    assert [(c.line, c.column, c.method, c.url, c.auth, c.credential, c.auth_line, c.auth_column) for c in calls] == [
        (4, 4, "DELETE", "https://api.bitbucket.org/2.0/repositories/acme/widgets", "basic", "$BITBUCKET_APP_PASSWORD",
         5, 4),
        (6, 1, "GET", "https://api.bitbucket.org/2.0/user", "bearer", "$BB_TOKEN", 0, 0),
    ]


def test_helper_return_values_ternaries_and_url_defaults():
    calls, _ = detect("""
        const BASE = process.env.BB_API || 'https://api.bitbucket.org/2.0';
        const client = axios.create({ baseURL: BASE, headers: { Authorization: basic() } });
        export const get = (path) => client.get(path instanceof URL ? path : `/repositories/${path}`);
        function basic() {
          const pair = process.env.BB_USER + ':' + process.env.BITBUCKET_APP_PASSWORD;
          return 'Basic ' + new Buffer.from(pair).toString('base64');
        }
    """, "client.ts")
    assert [(c.line, c.method, c.url, c.credential, c.credential_kind, c.auth_line) for c in calls] == [
        (3, "GET", "https://api.bitbucket.org/2.0/repositories/${path}", "$BITBUCKET_APP_PASSWORD", "app-password", 2)]


def test_defaults_and_instances_place_their_credential_where_it_is_set():
    calls, _ = detect("""
        const axios = require('axios');
        axios.defaults.headers.common['Authorization'] = `Bearer ${process.env.BB_TOKEN}`;
        axios.get('https://api.bitbucket.org/2.0/repositories/acme/widgets');
        const client = axios.create({
          baseURL: 'https://api.bitbucket.org/2.0',
          auth: { username: process.env.BB_USER, password: btoa(process.env.BB_APP_PASSWORD) },
        });
        client.get('/repositories/acme/widgets/pullrequests');
        client.get('/user', { auth: { username: process.env.EMAIL, password: process.env.API_TOKEN } });
    """)
    assert [(c.line, c.credential, c.auth_line, c.auth_column) for c in calls] == [
        (3, "$BB_TOKEN", 2, 1), (8, "base64(…)", 4, 16), (9, "$API_TOKEN", 0, 0)]


def test_typescript_types_casts_and_non_null_are_the_values_they_qualify():
    calls, notes = detect("""
        import fetch, { RequestInit } from 'node-fetch';
        const API = (import.meta.env.VITE_BB_API as string) ?? 'https://api.bitbucket.org/2.0';
        export async function repo<T>(ws: string, init?: RequestInit): Promise<T> {
          const headers = { Authorization: `Bearer ${Deno.env.get('BB_ACCESS_TOKEN')!}` } satisfies Record<string, string>;
          const res = await fetch(<string>`${API}/repositories/${ws}/widgets`, { ...init, method: 'PUT', headers });
          return (await res.json()) as T;
        }
    """, "src/repo.ts")
    assert notes == []
    assert [(c.line, c.method, c.url, c.auth, c.credential) for c in calls] == [
        (5, "PUT", "https://api.bitbucket.org/2.0/repositories/${ws}/widgets", "bearer", "$BB_ACCESS_TOKEN")]


def test_tsx_and_jsx_read_with_their_grammars():
    source = """
        export const Button = () => <button onClick={() => fetch('https://api.bitbucket.org/2.0/user', {
          headers: { Authorization: `Bearer ${process.env.BB_TOKEN}` } })}>me</button>;
    """
    for path in ("src/Button.tsx", "src/Button.jsx"):
        calls, notes = detect(source, path)
        assert notes == [] and [(c.line, c.template, c.credential) for c in calls] == [(1, "/user", "$BB_TOKEN")]


def test_node_https_with_an_agent_that_skips_tls_checks():
    assert facts("""
        const https = require('https');
        const agent = new https.Agent({ rejectUnauthorized: false });
        https.get({ host: 'api.bitbucket.org', path: '/2.0/repositories/acme/widgets', agent,
                    headers: { Authorization: 'Bearer ' + process.env.BB_TOKEN } }, (res) => res.resume());
    """) == [(3, "https.get", "GET", REPO, "bearer", "$BB_TOKEN", "token", "none", "acme", "widgets", True)]
