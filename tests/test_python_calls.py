"""Bitbucket API calls found in Python source, with exact positions and resolved auth."""

from __future__ import annotations

import base64
import textwrap

from tokenlint.detectors import python_calls
from tokenlint.document import Document

import callrows
from callrows import PRS, REPO
from tokengen import make


def detect(source: str, path: str = "client.py"):
    return callrows.run(python_calls, source, path)


def facts(source: str, path: str = "client.py") -> list[tuple]:
    return callrows.rows(python_calls, source, path)


def test_requests_with_auth_tuple_of_environment_variables():
    assert facts("""
        import os
        import requests

        resp = requests.get(
            "https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests",
            auth=(os.environ["BB_USERNAME"], os.environ.get("BB_APP_PASSWORD")),
        )
    """) == [(4, "requests", "GET", PRS, "basic", "$BB_APP_PASSWORD", "app-password", "reference", "acme", "widgets",
              False)]


def test_fstring_url_from_constants_follows_reassignment_order():
    calls, _ = detect("""
        import requests as r

        BASE = "https://api.bitbucket.org/2.0"
        WORKSPACE = "old-team"
        WORKSPACE = "acme"
        REPO_SLUG = "widgets"
        r.post(f"{BASE}/repositories/{WORKSPACE}/{REPO_SLUG}/pullrequests", auth=(USER, TOKEN), json={"title": "x"})
    """)
    (call,) = calls
    assert (call.line, call.column, call.method, call.url, call.template, call.workspace, call.repo) == (
        7, 1, "POST", "https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests", PRS, "acme", "widgets")
    assert (call.credential, call.credential_kind, call.username, call.username_kind) == ("$TOKEN", "token", "$USER",
                                                                                        "reference")


def test_percent_format_and_concatenation_resolve():
    assert facts("""
        import requests
        API = "https://api.bitbucket.org/2.0/"
        ws, repo = "acme", "widgets"
        requests.get(API + "repositories/%s/%s" % (ws, repo), auth=AUTH)
        requests.delete("{0}repositories/{ws}/{r}".format(API, ws=ws, r=repo), headers={"Authorization": "JWT " + JWT})
    """) == [
        (4, "requests", "GET", REPO, "unknown", "$AUTH", "unknown", "none", "acme", "widgets", False),
        (5, "requests", "DELETE", REPO, "jwt", "$JWT", "unknown", "none", "acme", "widgets", False),
    ]


def test_digest_auth_and_disabled_tls_verification():
    assert facts("""
        import requests
        from requests.auth import HTTPDigestAuth

        requests.put("https://api.bitbucket.org/2.0/repositories/acme/widgets", auth=HTTPDigestAuth(user, app_password),
                     verify=False)
    """) == [(4, "requests", "PUT", REPO, "digest", "$app_password", "app-password", "reference", "acme", "widgets",
              True)]


def test_bearer_header_from_environment():
    assert facts("""
        import os, requests
        token = os.getenv("BITBUCKET_ACCESS_TOKEN")
        headers = {"Accept": "application/json"}
        headers["Authorization"] = f"Bearer {token}"
        requests.get("https://api.bitbucket.org/2.0/repositories/acme/widgets", headers=headers)
    """) == [(5, "requests", "GET", REPO, "bearer", "$BITBUCKET_ACCESS_TOKEN", "access-token", "none", "acme",
              "widgets", False)]


def test_basic_header_built_from_base64_keeps_user_and_secret():
    assert facts("""
        import base64, os, requests
        pair = f"{os.environ['BB_EMAIL']}:{os.environ['BB_API_TOKEN']}"
        basic = base64.b64encode(pair.encode()).decode()
        requests.get("https://api.bitbucket.org/2.0/user", headers={"Authorization": "Basic " + basic})
    """) == [(4, "requests", "GET", "/user", "basic", "$BB_API_TOKEN", "api-token", "email", None, None, False)]


def test_session_inherits_auth_headers_and_verify():
    assert facts("""
        import requests

        s = requests.Session()
        s.auth = (USERNAME, APP_PASSWORD)
        s.verify = False
        s.get("https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests")
        with requests.Session() as other:
            other.headers.update({"Authorization": "Bearer " + REPO_TOKEN})
            other.delete("https://api.bitbucket.org/2.0/repositories/acme/widgets")
    """) == [
        (6, "requests", "GET", PRS, "basic", "$APP_PASSWORD", "app-password", "reference", "acme", "widgets", True),
        (9, "requests", "DELETE", REPO, "bearer", "$REPO_TOKEN", "access-token", "none", "acme", "widgets", False),
    ]


def test_session_set_up_in_init_is_used_by_other_methods():
    assert facts("""
        import requests

        API = "https://api.bitbucket.org/2.0"

        class Bitbucket:
            def pull_requests(self, workspace, repo):
                return self.session.get(f"{API}/repositories/{workspace}/{repo}/pullrequests").json()

            def __init__(self, token):
                self.session = requests.Session()
                self.session.headers["Authorization"] = "Bearer " + token
    """) == [(7, "requests", "GET", PRS, "bearer", "$token", "token", "none", "${workspace}", "${repo}", False)]


def test_httpx_client_with_digest_auth_and_base_url():
    assert facts("""
        import httpx

        with httpx.Client(base_url="https://api.bitbucket.org/2.0", auth=httpx.DigestAuth(USER, PASSWORD)) as client:
            client.get("/repositories/acme/widgets")
        httpx.post("https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests", auth=httpx.BasicAuth(U, P),
                   verify=False)
    """) == [
        (4, "httpx", "GET", REPO, "digest", "$PASSWORD", "password", "reference", "acme", "widgets", False),
        # Basic with a username and a secret whose name says nothing: a password (app or account)
        (5, "httpx", "POST", PRS, "basic", "$P", "password", "reference", "acme", "widgets", True),
    ]


def test_atlassian_python_api_clients():
    # a client object: its requests are its methods, not seen here (no method, so no unknown endpoint)
    assert facts("""
        import os
        from atlassian import Bitbucket
        from atlassian.bitbucket import Cloud

        cloud = Cloud(url="https://api.bitbucket.org/", username=os.environ["BB_USER"],
                      password=os.environ["BB_APP_PASSWORD"])
        scoped = Cloud(url="https://api.bitbucket.org", token=os.environ["BB_WORKSPACE_TOKEN"])
        legacy = Bitbucket(url="https://bitbucket.org", username="me", password=os.environ["BB_PASSWORD"], cloud=True)
    """) == [
        (5, "atlassian-python-api", "", None, "basic", "$BB_APP_PASSWORD", "app-password", "reference", None, None,
         False),
        (7, "atlassian-python-api", "", None, "bearer", "$BB_WORKSPACE_TOKEN", "access-token", "none", None, None,
         False),
        (8, "atlassian-python-api", "", None, "basic", "$BB_PASSWORD", "password", "user", None, None, False),
    ]
    calls, _ = detect("""
        from atlassian.bitbucket import Cloud
        Cloud(url="https://api.bitbucket.org/", username="me", password="pw")
    """)
    assert [(c.url, c.api, c.host_kind) for c in calls] == [("https://api.bitbucket.org/2.0", "2.0", "cloud-api")]


def test_pybitbucket_basic_authenticator():
    assert facts("""
        from pybitbucket.auth import BasicAuthenticator
        from pybitbucket.bitbucket import Client

        client = Client(BasicAuthenticator(USERNAME, APP_PASSWORD, "me@example.com"))
    """) == [(4, "pybitbucket", "", None, "basic", "$APP_PASSWORD", "app-password", "reference", None, None, False)]


def test_urllib_request_and_aiohttp():
    assert facts("""
        import aiohttp
        import urllib.request

        req = urllib.request.Request("https://api.bitbucket.org/2.0/repositories/acme/widgets", method="DELETE")
        req.add_header("Authorization", "Bearer " + ACCESS_TOKEN)
        urllib.request.urlopen(req)

        async def main():
            async with aiohttp.ClientSession(auth=aiohttp.BasicAuth(EMAIL, API_TOKEN)) as session:
                async with session.get("https://api.bitbucket.org/2.0/repositories/acme/widgets", ssl=False) as r:
                    return await r.json()
    """) == [
        (6, "urllib", "DELETE", REPO, "bearer", "$ACCESS_TOKEN", "access-token", "none", "acme", "widgets", False),
        (10, "aiohttp", "GET", REPO, "basic", "$API_TOKEN", "api-token", "email", "acme", "widgets", True),
    ]


def test_params_access_token_is_a_query_token():
    calls, _ = detect("""
        import requests
        requests.get("https://api.bitbucket.org/2.0/repositories/acme/widgets", params={"access_token": TOKEN})
    """)
    assert [(c.auth, c.query_token, c.template) for c in calls] == [("bearer", True, REPO)]


def test_literal_token_is_classified_and_never_shown_whole():
    app_password = make("app-password", seed=3)
    calls, _ = detect(f"""
        import requests
        requests.get("https://api.bitbucket.org/2.0/repositories/acme/widgets", auth=("me", "{app_password}"))
    """)
    (call,) = calls
    assert (call.auth, call.credential_kind, call.credential_literal, call.username, call.username_kind) == (
        "basic", "app-password", True, "me", "user")
    assert call.credential.startswith("ATBB") and app_password not in repr(call)


def test_literal_basic_header_is_decoded():
    encoded = base64.b64encode(f"me@example.com:{make('api-token', seed=4)}".encode()).decode()
    calls, _ = detect(f"""
        import requests
        HEADERS = {{"Authorization": "Basic {encoded}"}}
        requests.get("https://api.bitbucket.org/2.0/user", headers=HEADERS)
    """)
    assert [(c.auth, c.credential_kind, c.credential_literal, c.username, c.username_kind) for c in calls] == [
        ("basic", "api-token", True, "me@example.com", "email")]


def test_non_bitbucket_url_gives_nothing():
    assert facts("""
        import requests  # talks to github, not bitbucket
        requests.get("https://api.github.com/repos/acme/widgets", auth=(USER, TOKEN))
    """) == []


def test_python2_source_is_read_with_a_note():
    calls, notes = detect("""
        import urllib2
        print "calling bitbucket"
        try:
            urllib2.urlopen("https://api.bitbucket.org/1.0/user/repositories")
        except urllib2.HTTPError, e:
            print >>sys.stderr, e
        exec "x = 1"
    """, "legacy.py")
    assert [(c.line, c.method, c.api) for c in calls] == [(4, "GET", "1.0")]
    assert notes == ["legacy.py: Python source does not parse (line 2): Missing parentheses in call to 'print'. "
                     "Did you mean print(...)?; read with 4 line(s) rewritten or left out"]


def test_source_that_cannot_be_repaired_is_read_by_the_fallback_with_one_note():
    garbage = "".join(f"x{n} = = {n}\n" for n in range(45))  # more broken lines than are ever left out
    calls, notes = detect('import urllib2\nurllib2.urlopen("https://api.bitbucket.org/2.0/user")\n' + garbage,
                          "broken.py")
    assert [(c.line, c.column, c.method, c.url, c.tool) for c in calls] == [
        (2, 1, "GET", "https://api.bitbucket.org/2.0/user", "urllib")]
    assert notes == ["broken.py: Python source does not parse (line 3): invalid syntax; read with the tree-sitter "
                     "fallback"]


def test_a_template_rendered_into_python_is_read_with_its_directives_left_out():
    calls, notes = detect("""
        import requests
        BB_USER = "{{ cookiecutter.bitbucket_user }}"
        REPOS = [
        {% for repo in cookiecutter.repositories %}
            "{{ repo }}",
        {% endfor %}
        ]
        {% if cookiecutter.legacy %}
        def privileges(owner):
            return requests.get("https://api.bitbucket.org/1.0/privileges/" + owner,
                                auth=(BB_USER, "{{ cookiecutter.bitbucket_app_password | trim }}"))
        {% endif %}
    """, "tpl.py")
    assert [(c.line, c.url, c.username, c.credential, c.credential_kind) for c in calls] == [
        (10, "https://api.bitbucket.org/1.0/privileges/${owner}", "$bitbucket_user", "$bitbucket_app_password",
         "app-password")]
    assert notes == ["tpl.py: Python source does not parse (line 4): invalid syntax; read with 4 line(s) rewritten "
                     "or left out"]


def test_a_template_ast_cannot_read_even_repaired_is_read_by_the_tree_sitter_fallback():
    source = "\n".join([
        "import requests",
        "from requests.auth import HTTPDigestAuth",
        "from urllib.parse import urljoin",
        "{% if cookiecutter.api == 'v1' %}",
        "API = 'https://api.bitbucket.org/1.0'",
        "{% else %}",
        "API = 'https://api.bitbucket.org/2.0'",
        "{% endif %}",
        "USER, SECRET = '{{ cookiecutter.bb_user }}', os.environ.get('BB_APP_PASSWORD')",
        "s = requests.session()",
        "s.auth = (USER, SECRET)",
        "s.headers.update({'X-Team': '{{ cookiecutter.team | lower }}'})",
        "with requests.Session() as other:",
        "    other.get(urljoin(API + '/', 'user'), auth=HTTPDigestAuth(USER, SECRET))",
        "def members(team):",
        "        url = '%s/teams/%s/members' % (API, team)",
        "\treturn s.get(url, verify=False)",  # a tab after spaces: no repair of a line makes that Python
        "print '{{ cookiecutter.team }}: %d' % len(members('{{ cookiecutter.team }}'))",
    ])
    calls, notes = python_calls.detect(Document("tpl.py", source))
    # `members` builds its own URL: its request is reported once, where it is sent
    assert [(c.line, c.column, c.method, c.url, c.auth, c.credential, c.insecure) for c in calls] == [
        (14, 5, "GET", "https://api.bitbucket.org/2.0/user", "digest", "$BB_APP_PASSWORD", False),
        (17, 9, "GET", "https://api.bitbucket.org/2.0/teams/${team}/members", "basic", "$BB_APP_PASSWORD", True),
    ]
    assert notes == ["tpl.py: Python source does not parse (line 4): invalid syntax; read with the tree-sitter "
                     "fallback"]


def test_commented_out_calls_are_reported_as_commented():
    calls, notes = detect("""
        import requests
        # requests.get("https://api.bitbucket.org/2.0/repositories/acme/widgets", auth=(USER, PASSWORD))
        #requests.post(
        #    "https://api.bitbucket.org/2.0/repositories/acme/widgets/pullrequests",
        #    headers={"Authorization": f"Bearer {TOKEN}"})
        # See https://bitbucket.org/acme/widgets (the docs) for details.
        DOC = '''
        # requests.get("https://api.bitbucket.org/2.0/user")
        '''
    """)
    assert notes == []
    assert [(c.line, c.column, c.method, c.template, c.auth, c.credential, c.commented) for c in calls] == [
        (2, 3, "GET", REPO, "basic", "$PASSWORD", True),
        (3, 2, "POST", PRS, "bearer", "$TOKEN", True),
    ]


def test_columns_are_characters_not_bytes():
    calls, _ = detect("""
        import requests
        résumé = "é"; requests.get("https://api.bitbucket.org/2.0/user")
    """)
    assert [(c.line, c.column) for c in calls] == [(2, 15)]


def test_no_bitbucket_mention_is_not_parsed():
    assert python_calls.detect(Document("x.py", "print 'not python 3'")) == ([], [])


def test_wrapper_requests_are_made_at_their_call_sites_with_the_credential_where_it_is_attached():
    calls, notes = detect("""
        import requests

        class Client:  # Bitbucket
            def _get(self, endpoint):
                return requests.get(self.BASE_URL + endpoint, auth=(self.user, self.app_password))

            def _put(self, endpoint, data):
                return requests.put(self.BASE_URL + endpoint, json=data, auth=(self.user, self.app_password))

            def me(self):
                return self._get("2.0/user")

            def privileges(self, owner):
                return self._get("1.0/privileges/{}".format(owner))
    """)
    assert notes == []
    assert [(c.line, c.method, c.url, c.api, c.credential, c.auth_line) for c in calls] == [
        (8, "", "https://api.bitbucket.org/${endpoint}", "", "$app_password", 0),  # called nowhere: as written
        (11, "GET", "https://api.bitbucket.org/2.0/user", "2.0", "$app_password", 5),
        (14, "GET", "https://api.bitbucket.org/1.0/privileges/${owner}", "1.0", "$app_password", 5),
    ]


def test_session_credential_is_placed_where_it_is_set():
    calls, _ = detect("""
        import requests
        s = requests.Session()
        s.headers.update({"Accept": "application/json"})
        s.headers["Authorization"] = "Bearer " + BB_ACCESS_TOKEN
        s.get("https://api.bitbucket.org/2.0/repositories/acme")
        s.get("https://api.bitbucket.org/2.0/user", auth=(EMAIL, API_TOKEN))
    """)
    assert [(c.line, c.credential, c.auth_line, c.auth_column) for c in calls] == [
        (5, "$BB_ACCESS_TOKEN", 4, 1), (6, "$API_TOKEN", 0, 0)]


def test_values_named_after_where_they_come_from():
    assert facts("""
        import base64, os, requests
        from bitbucket_pipes_toolkit import Pipe

        pipe = Pipe(schema={})
        app_pass = pipe.get_variable("BB_APP_PASSWORD")
        secret = base64.b64decode(os.environ["ENCODED"]).decode("ascii")
        url = os.path.join(pipe.get_variable("BITBUCKET_API"), "repositories", "acme", "widgets")
        requests.get(url, auth=("me", app_pass))
        requests.get(url, auth=("me", secret))
    """) == [
        (8, "requests", "GET", REPO, "basic", "$BB_APP_PASSWORD", "app-password", "user", "acme", "widgets", False),
        (9, "requests", "GET", REPO, "basic", "$secret", "password", "user", "acme", "widgets", False),
    ]


def test_wrappers_of_wrappers_are_followed_within_a_bound_with_a_note():
    source = "import requests  # bitbucket\ndef _get(p):\n    return requests.get(BASE + p, auth=(U, P))\n"
    source += "".join(f"def f{n}(q):\n" + "".join(f"    _get(q + '/{m}')\n" for m in range(50)) for n in range(50))
    source += "".join(f"f{n}('2.0/repositories/acme/r{k}')\n" for n in range(50) for k in range(20))
    calls, notes = python_calls.detect(Document("fan.py", source))
    assert 0 < len(calls) <= python_calls._MAX_BOUND
    assert notes == [f"fan.py: more than {python_calls._MAX_BOUND} requests through wrapper functions; the rest "
                     "were not followed"]


def test_a_base_class_in_another_file_gives_its_attributes_and_wrappers_to_the_subclass():
    base = textwrap.dedent("""
        import requests
        API_ROOT = "https://api.bitbucket.org/1.0"

        class BaseClient(object):
            def __init__(self, user, password):
                self.base = API_ROOT
                self.user, self.password = user, password

            def _get(self, path):
                return requests.get(self.base + path, auth=(self.user, self.password))

            def whoami(self):
                return self._get("/user")
    """)
    sub = textwrap.dedent("""
        from bbtools.base import BaseClient

        class Client(BaseClient):
            def followers(self, name):
                return self._get("/users/%s/followers" % name)
    """).lstrip("\n")
    calls, notes = python_calls.detect(Document("bbtools/client.py", sub), classes={"BaseClient": base})
    # the subclass's call only: what the base's own methods send is the base file's to report
    assert [(c.line, c.column, c.url, c.auth, c.credential, c.auth_line) for c in calls] == [
        (5, 16, "https://api.bitbucket.org/1.0/users/${name}/followers", "basic", "$password", 0)]
    assert notes == []
    assert python_calls.detect(Document("bbtools/client.py", sub)) == ([], [])
