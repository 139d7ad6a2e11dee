"""The one evaluator (tokenlint.detectors.program_calls) on Java, the reference front end: values
that travel through fields, injected clients known by their declared type, builders, wrappers
reported where their callers give the path, and functions that build their own URL reported once."""

from __future__ import annotations

import textwrap

from tokenlint.detectors import program_calls
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers.kinds import FileKind


def calls(source: str, path: str = "Client.java", notes: list[str] | None = None):
    found, said = program_calls.detect_reading(
        Reading(Document(path, textwrap.dedent(source).lstrip("\n")), FileKind.JAVA))
    assert said == (notes or [])
    return [(c.line, c.tool, c.method, c.url, c.auth, c.credential, c.auth_line) for c in found]


def test_an_injected_builder_is_known_by_its_declared_type_and_each_build_keeps_its_own_root():
    rows = calls("""
        class Service {
            private RestTemplate legacy;
            private RestTemplate template;
            Service(final Team team, final RestTemplateBuilder builder) {
                legacy = builder.basicAuthorization(team.getUser(), team.getPass())
                        .rootUri("https://api.bitbucket.org/1.0").build();
                template = builder.rootUri("https://api.bitbucket.org/2.0").build();
            }
            void comment(String url) {
                legacy.postForObject(url + "/comments", "x", String.class);
                template.getForObject("/user", String.class);
            }
        }
    """)
    assert rows == [
        (10, "RestTemplate", "", "https://api.bitbucket.org/1.0/${url}/comments", "basic", "$getPass", 5),
        (11, "RestTemplate", "GET", "https://api.bitbucket.org/2.0/user", "basic", "$getPass", 5),
    ]


def test_a_wrapper_is_reported_where_callers_give_the_path_and_a_complete_url_once_where_sent():
    rows = calls("""
        class Api {
            static final String BASE = "https://api.bitbucket.org/2.0";
            private final OkHttpClient http = new OkHttpClient();
            String get(String path) throws Exception {
                Request r = new Request.Builder().url(BASE + path)
                    .header("Authorization", "Bearer " + System.getenv("BB_TOKEN")).build();
                return http.newCall(r).execute().body().string();
            }
            String user() throws Exception { return get("/user"); }
            String repos(String ws) throws Exception { return get("/repositories/" + ws); }
            void approve(String ws, String repo, String id) throws Exception {
                String url = String.format("%s/repositories/%s/%s/pullrequests/%s/approve", BASE, ws, repo, id);
                http.newCall(new Request.Builder().url(url).post(body()).build()).execute();
            }
            void approveAll() throws Exception { approve("acme", "app", "1"); approve("acme", "web", "2"); }
        }
    """)
    assert rows == [
        (9, "OkHttp", "GET", "https://api.bitbucket.org/2.0/user", "bearer", "$BB_TOKEN", 6),
        (10, "OkHttp", "GET", "https://api.bitbucket.org/2.0/repositories/${ws}", "bearer", "$BB_TOKEN", 6),
        (13, "OkHttp", "POST",
         "https://api.bitbucket.org/2.0/repositories/${ws}/${repo}/pullrequests/${id}/approve", "none", None, 0),
    ]


def test_a_method_only_one_class_of_the_file_defines_is_followed_through_an_unknown_receiver():
    rows = calls("""
        public class Approver {
            void run(String url) throws Exception {
                Request request = new Request.Builder()
                    .header("Authorization", getDescriptor().getBasicAuth())
                    .url("https://api.bitbucket.org/2.0/user").build();
                client.newCall(request).execute();
            }
            public static final class DescriptorImpl {
                private String user;
                private String password;
                public boolean configure(Object req, JSONObject form) {
                    user = form.getString("user");
                    password = form.getString("password");
                    return true;
                }
                public String getBasicAuth() { return Credentials.basic(user, password); }
            }
        }
    """)
    assert rows == [(6, "OkHttp", "GET", "https://api.bitbucket.org/2.0/user", "basic", "$password", 4)]


def test_hostile_nesting_and_junk_give_no_exception():
    deep = "class A { void f() { String s = " + "(" * 5000 + "\"x\"" + ")" * 5000 + "; } }"
    assert calls(deep + " // bitbucket.org", notes=[
        "Client.java: nested more than 150 levels deep; what lies deeper was not read"]) == []
    junk = "\x00\xff bitbucket.org HttpClient {{{{ ((( \"unterminated"
    assert calls(junk) == []


def test_a_value_read_by_key_from_configuration_is_named_after_its_key():
    rows = calls("""
        class Sync {
            void run(Properties props) throws Exception {
                HttpHeaders headers = new HttpHeaders();
                headers.setBasicAuth(props.getProperty("bitbucket.user"), config("bitbucket.app_password"));
                rest.exchange("https://api.bitbucket.org/2.0/user", HttpMethod.GET, new HttpEntity<>(headers), String.class);
            }
        }
    """)
    assert rows == [(5, "RestTemplate", "GET", "https://api.bitbucket.org/2.0/user", "basic",
                     "$bitbucket_app_password", 4)]


def test_a_wrapper_with_no_caller_in_a_client_named_after_bitbucket_sends_its_credential_to_bitbucket():
    rows = calls("""
        public class BitbucketClient {
            private final String user = System.getenv("BB_USER");
            private final String password = System.getenv("BB_APP_PASSWORD");
            public String send(String url) throws Exception {
                Request r = new Request.Builder().url(url)
                    .header("Authorization", Credentials.basic(user, password)).build();
                return http.newCall(r).execute().body().string();
            }
        }
    """, path="src/main/java/com/acme/BitbucketClient.java")
    assert rows == [(7, "OkHttp", "", "https://api.bitbucket.org/${url}", "basic", "$BB_APP_PASSWORD", 6)]


def test_the_same_wrapper_in_a_client_of_no_name_stays_unplaced():
    rows = calls("""
        public class HttpHelper {
            public String send(String url, String user, String password) throws Exception {
                Request r = new Request.Builder().url(url).header("Authorization", Credentials.basic(user, password)).build();
                return http.newCall(r).execute().body().string();
            }
        }
    """, path="src/main/java/com/acme/HttpHelper.java")
    assert rows == []


def test_a_grammar_that_runs_past_its_deadline_gives_a_note_not_a_hang(monkeypatch):
    from tokenlint.parsers import lowering

    monkeypatch.setattr(lowering, "PARSE_SECONDS", -1.0)  # every parse is already late
    # tree-sitter asks whether to go on every so many steps: a file of some size is asked often
    source = "class A { void f() {" + ' http.get("https://api.bitbucket.org/1.0/user");' * 300 + " } }"
    assert calls(source, notes=["Client.java: the java grammar could not parse it in time (malformed input?); "
                                "its calls were not read (credentials were still checked)"]) == []
    monkeypatch.undo()  # the next file read by the same parser starts afresh, not where the cancelled one stopped
    assert calls(source)[0][:4] == (1, "get", "GET", "https://api.bitbucket.org/1.0/user")


def test_a_secret_handed_where_a_key_or_a_credentials_id_belongs_is_never_printed_as_a_name(tmp_path):
    import random
    import string
    import subprocess
    import sys

    rng = random.Random(11)
    secret = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24))
    (tmp_path / "Sync.java").write_text(textwrap.dedent(f"""
        class Sync {{
            void run(Properties props) throws Exception {{
                HttpHeaders headers = new HttpHeaders();
                headers.setBasicAuth("ci", props.getProperty("{secret}"));
                rest.exchange("https://api.bitbucket.org/2.0/user", HttpMethod.GET, new HttpEntity<>(headers), String.class);
            }}
        }}
    """))
    (tmp_path / "Jenkinsfile").write_text(f"httpRequest url: 'https://api.bitbucket.org/2.0/user', authentication: '{secret}'\n")
    for fmt in ("text", "json"):
        proc = subprocess.run([sys.executable, "-m", "tokenlint", "scan", "--format", fmt, "--show-usage",
                               "--min-confidence", "low", "."], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 1, proc.stderr  # the calls were read: the Basic credential is judged
        assert secret[:16] not in proc.stdout + proc.stderr, fmt
