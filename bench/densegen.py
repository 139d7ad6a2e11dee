"""Generate a Bitbucket-dense repository: a Python API client and deploy scripts (issue 12).

Where `historygen` writes mostly filler, every file here talks to Bitbucket, as in an API
client (atlassian-python-api), a generated client or a merge bot: a package `bbclient/`
with a base client that holds the session and the credential, resource modules whose classes
have many methods each calling the API with a URL built from its parameters (simple calls,
paged loops, `try`/`with` blocks, direct `requests` calls), and deploy tooling (shell with
curl, `bitbucket-pipelines.yml`, a Python deploy script using requests). So every version of
every file goes through usage analysis: the case where tokenlint's cost is.

Each commit edits one to three files by a few lines (adds a method, changes a URL, renames a
parameter, adds a curl call or a pipeline step); files are added now and then. A few commits
add a credential (token-shaped strings made at run time by `tokenlint.tokens.synthesize`)
that a later commit removes; the manifest records path, line, kind and introducing commit,
never the value. Files are kept as small models (methods, calls, steps) and rendered whole
for every version, so a planted line sits at a known line number.

Deterministic (seeded) and written through one `git fast-import` stream, like historygen.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import historygen
import plants

from tokenlint import tokens

FORMAT = 1
RESOURCES = ("repositories", "pullrequests", "pipelines", "branches", "commits", "deployments", "issues",
             "hooks", "workspaces", "projects", "users", "snippets", "downloads", "variables",
             "branch_restrictions", "default_reviewers", "statuses", "tags", "environments", "reports",
             "permissions", "members", "diffstat", "refs", "runners", "caches", "schedules", "keys")
# Real Bitbucket Cloud operations (a fixed sample of the OpenAPI spec), so that the calls are
# what a real client makes and tokenlint resolves them, rather than reporting unknown endpoints.
OPERATIONS = (
    ("GET", "/repositories/{workspace}/{repo_slug}/branch-restrictions"),
    ("GET", "/repositories/{workspace}/{repo_slug}/branch-restrictions/{id}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/branching-model"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/branching-model/settings"),
    ("GET", "/repositories/{workspace}/{repo_slug}/branching-model/settings"),
    ("GET", "/repositories/{workspace}/{repo_slug}/commit/{commit}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/commit/{commit}/properties/{app_key}/{property_name}"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations"),
    ("POST", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations"),
    ("GET", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations/{annotationId}"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}/annotations/{annotationId}"),
    ("POST", "/repositories/{workspace}/{repo_slug}/commit/{commit}/statuses/build"),
    ("POST", "/repositories/{workspace}/{repo_slug}/commits"),
    ("GET", "/repositories/{workspace}/{repo_slug}/deploy-keys"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/deploy-keys/{key_id}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/deployments/{deployment_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables"),
    ("GET", "/repositories/{workspace}/{repo_slug}/diffstat/{spec}"),
    ("POST", "/repositories/{workspace}/{repo_slug}/downloads"),
    ("GET", "/repositories/{workspace}/{repo_slug}/downloads/{filename}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/effective-branching-model"),
    ("GET", "/repositories/{workspace}/{repo_slug}/effective-default-reviewers"),
    ("GET", "/repositories/{workspace}/{repo_slug}/environments/{environment_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/file-conflicts/{spec}"),
    ("POST", "/repositories/{workspace}/{repo_slug}/forks"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/hooks/{uid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/merge-base/{revspec}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/override-settings"),
    ("GET", "/repositories/{workspace}/{repo_slug}/patch/{spec}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines-config/caches"),
    ("POST", "/repositories/{workspace}/{repo_slug}/pipelines-config/runners"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pipelines-config/runners/{runner_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/test_reports/test_cases"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines_config"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pipelines_config/build_number"),
    ("POST", "/repositories/{workspace}/{repo_slug}/pipelines_config/schedules"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines_config/schedules/{schedule_uuid}/executions"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/known_hosts/{known_host_uuid}"),
    ("POST", "/repositories/{workspace}/{repo_slug}/pipelines_config/variables"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pipelines_config/variables/{variable_uuid}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pipelines_config/variables/{variable_uuid}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/properties/{app_key}/{property_name}"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/properties/{app_key}/{property_name}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/properties/{app_key}/{property_name}"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve"),
    ("POST", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}"),
    ("PUT", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}/resolve"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/diffstat"),
    ("POST", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/merge"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/request-changes"),
    ("GET", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/tasks/{task_id}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/pullrequests/{pullrequest_id}/properties/{app_key}/{property_name}"),
    ("GET", "/repositories/{workspace}/{repo_slug}/refs/branches"),
    ("GET", "/repositories/{workspace}/{repo_slug}/refs/branches/{name}"),
    ("DELETE", "/repositories/{workspace}/{repo_slug}/refs/tags/{name}"),
    ("POST", "/repositories/{workspace}/{repo_slug}/src"),
    ("GET", "/repositories/{workspace}/{repo_slug}/src/{commit}/{path}"),
    ("GET", "/workspaces/{workspace}/hooks"),
    ("POST", "/workspaces/{workspace}/hooks"),
    ("GET", "/workspaces/{workspace}/hooks/{uid}"),
    ("GET", "/workspaces/{workspace}/members"),
    ("GET", "/workspaces/{workspace}/members/{member}"),
    ("POST", "/workspaces/{workspace}/pipelines-config/runners"),
    ("DELETE", "/workspaces/{workspace}/pipelines-config/runners/{runner_uuid}"),
    ("GET", "/workspaces/{workspace}/pipelines-config/runners/{runner_uuid}"),
    ("GET", "/workspaces/{workspace}/pipelines-config/variables"),
    ("POST", "/workspaces/{workspace}/pipelines-config/variables"),
    ("POST", "/workspaces/{workspace}/projects"),
    ("GET", "/workspaces/{workspace}/projects/{project_key}/branching-model"),
    ("PUT", "/workspaces/{workspace}/projects/{project_key}/branching-model/settings"),
    ("POST", "/workspaces/{workspace}/projects/{project_key}/deploy-keys"),
    ("GET", "/workspaces/{workspace}/projects/{project_key}/deploy-keys"),
    ("GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups"),
    ("GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}"),
    ("PUT", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}"),
    ("GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}"),
)
PARAMS = ("workspace", "repo_slug", "pull_request_id", "comment_id", "commit", "pipeline_uuid",
          "step_uuid", "branch_name", "tag_name", "environment_uuid", "variable_uuid", "hook_uid",
          "issue_id", "task_id", "report_id", "schedule_uuid", "key_id", "project_key", "username",
          "selected_user", "node", "file_path", "restriction_id", "runner_uuid")
STYLES = {"get": ("simple", "simple", "paged", "paged", "direct", "guarded"), "post": ("create", "create", "direct", "simple"),
          "put": ("create", "direct", "simple"), "delete": ("simple", "direct")}
USERS = plants.USERS


@dataclass(frozen=True)
class DenseSpec:
    commits: int
    files: int  # files in the first commit; about a third more are added over the history
    plants: int
    seed: int = 3

    @property
    def key(self) -> str:
        return f"dense-c{self.commits}-f{self.files}-p{self.plants}-s{self.seed}-v{FORMAT}"


# ---------------------------------------------------------------- file models

@dataclass
class Method:
    name: str
    verb: str
    style: str
    segments: list[str]  # literal path segments and "{param}" placeholders
    extra: list[str]  # optional keyword parameters (query or body fields)

    def params(self) -> list[str]:
        return [s[1:-1] for s in self.segments if s.startswith("{")]


@dataclass
class PyModule:
    """A resource module (a class of methods) or a deploy script (module-level functions)."""

    cls: str | None
    doc: str
    methods: list[Method]
    planted: list[str] = field(default_factory=list)

    def header(self) -> list[str]:
        lines = ['"""' + self.doc + '"""', "", "from __future__ import annotations", "", "import os", "",
                 "import requests", ""]
        if self.cls:
            lines += ["from .base import BitbucketBase", ""]
        else:
            lines += ['API = os.environ.get("BITBUCKET_API", "https://api.bitbucket.org/2.0")',
                      'HEADERS = {"Authorization": "Bearer " + os.environ["BITBUCKET_TOKEN"], "Accept": "application/json"}',
                      ""]
        return lines

    def render(self) -> list[str]:
        lines = self.header() + self.planted
        if self.planted:
            lines.append("")
        if self.cls:
            lines += ["", f"class {self.cls}(BitbucketBase):", f'    """{self.doc}"""', ""]
            for m in self.methods:
                lines += [*_method(m, "    ", True), ""]
        else:
            for m in self.methods:
                lines += ["", *_method(m, "", False), ""]
            lines += ["", 'if __name__ == "__main__":',
                      f'    {self.methods[0].name}({", ".join(repr(p) for p in self.methods[0].params())})']
        return lines


def _url(m: Method, in_class: bool) -> str:
    path = "/".join(m.segments)
    return f'f"{{self.api_root}}/{path}"' if in_class else f'f"{{API}}/{path}"'


def _method(m: Method, ind: str, in_class: bool) -> list[str]:
    """One method in one of several shapes real clients have; nesting varies on purpose."""
    args = (["self"] if in_class else []) + m.params() + [f"{e}=None" for e in m.extra]
    b = ind + "    "
    call = "self.session" if in_class else "requests"
    auth = "" if in_class else ", headers=HEADERS"
    out = [f"{ind}def {m.name}({', '.join(args)}):", f'{b}"""{m.verb.upper()} /{"/".join(m.segments)}."""']
    if m.style == "paged" or (m.style == "simple" and m.extra):
        out += [f"{b}params = {{}}"]
        for e in m.extra:
            out += [f"{b}if {e} is not None:", f'{b}    params["{e}"] = {e}']
    if m.style == "simple":
        kw = ", params=params" if m.extra else ""
        if in_class:
            out += [f"{b}return self.{m.verb}({_url(m, True)}{kw})"]
        else:
            out += [f"{b}response = requests.{m.verb}({_url(m, False)}{kw}{auth}, timeout=30)",
                    f"{b}response.raise_for_status()", f"{b}return response.json()"]
    elif m.style == "paged":
        out += [f"{b}url = {_url(m, in_class)}", f"{b}while url:",
                f"{b}    response = {call}.get(url, params=params{auth}, timeout=30)",
                f"{b}    response.raise_for_status()", f"{b}    data = response.json()",
                f'{b}    for value in data.get("values", []):',
                f'{b}        if value.get("type") and not value.get("deleted"):',
                f"{b}            yield value", f'{b}    url = data.get("next")', f"{b}    params = None"]
    elif m.style == "create":
        fields = m.extra or ["name"]
        out += [f'{b}data = {{"type": "{m.segments[-1].strip("{}")}"}}']
        for e in fields:
            out += [f"{b}if {e}:", f'{b}    data["{e}"] = {e}']
        verb = m.verb if m.verb in ("post", "put") else "post"
        if in_class:
            out += [f"{b}return self.{verb}({_url(m, True)}, json=data)"]
        else:
            out += [f"{b}response = requests.{verb}({_url(m, False)}, json=data{auth}, timeout=30)",
                    f"{b}response.raise_for_status()", f"{b}return response.json()"]
    elif m.style == "direct":
        path = " + \"/\" + ".join(f'"{s}"' if not s.startswith("{") else s[1:-1] for s in m.segments)
        hdr = 'headers={"Authorization": "Bearer " + self.token}' if in_class else "headers=HEADERS"
        out += [f'{b}response = requests.{m.verb}("https://api.bitbucket.org/2.0/" + {path}, {hdr}, timeout=30)',
                f"{b}if response.status_code == 404:", f"{b}    return None",
                f"{b}response.raise_for_status()", f"{b}return response.json() if response.content else None"]
    else:  # guarded
        out += [f"{b}try:", f"{b}    with {call}.{m.verb}({_url(m, in_class)}{auth}, stream=True, timeout=30) as response:",
                f"{b}        response.raise_for_status()", f"{b}        for chunk in response.iter_content(65536):",
                f"{b}            if chunk:", f"{b}                yield chunk",
                f"{b}except requests.HTTPError as err:",
                f"{b}    if err.response is not None and err.response.status_code in (404, 410):",
                f"{b}        return", f"{b}    raise"]
    return out


BASE = '''"""Base client: one requests session, the credential, and the verbs every resource uses."""

from __future__ import annotations

import os

import requests


class BitbucketBase:
    """Holds the session; resources build their URLs from api_root and their parameters."""

    api_root = "https://api.bitbucket.org/2.0"

    def __init__(self, token=None, username=None, api_token=None, timeout=30, session=None):
        self.session = session or requests.Session()
        self.token = token or os.environ.get("BITBUCKET_TOKEN")
        self.timeout = timeout
        if self.token:
            self.session.headers["Authorization"] = f"Bearer {self.token}"
        elif username and api_token:
            self.session.auth = (username, api_token)
        self.session.headers["Accept"] = "application/json"

    def _request(self, method, url, **kwargs):
        response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        if response.status_code == 429:
            retry = int(response.headers.get("Retry-After", "1"))
            raise RuntimeError(f"rate limited, retry after {retry} s")
        response.raise_for_status()
        return response.json() if response.content else None

    def get(self, url, **kwargs):
        return self._request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self._request("POST", url, **kwargs)

    def put(self, url, **kwargs):
        return self._request("PUT", url, **kwargs)

    def delete(self, url, **kwargs):
        return self._request("DELETE", url, **kwargs)
'''


@dataclass
class Shell:
    """A deploy script: functions of curl calls to the API."""

    calls: list[str]
    planted: list[str] = field(default_factory=list)

    def render(self) -> list[str]:
        lines = ["#!/usr/bin/env bash", "set -euo pipefail", "", 'API="${BITBUCKET_API:-https://api.bitbucket.org/2.0}"',
                 'WORKSPACE="${BITBUCKET_WORKSPACE:-acme}"', *self.planted,
                 'AUTH=(-H "Authorization: Bearer ${BITBUCKET_TOKEN}")', ""]
        for i in range(0, len(self.calls), 4):
            lines += [f"step_{i // 4}() {{", *("  " + c for c in self.calls[i:i + 4]), "}", ""]
        lines += [f"step_{i} \"$@\"" for i in range((len(self.calls) + 3) // 4)]
        return lines


@dataclass
class Pipeline:
    steps: list[tuple[str, list[str]]]
    planted: list[str] = field(default_factory=list)

    def render(self) -> list[str]:
        lines = ["image: python:3.12", "", "definitions:", "  caches:", "    pip: ~/.cache/pip", "", "pipelines:",
                 "  default:"]
        for name, script in self.steps:
            lines += ["    - step:", f"        name: {name}", "        script:", *(f"          - {_yaml(s)}" for s in script)]
        if self.planted:
            lines += ["    - step:", "        name: notify", "        script:", *(f"          - {_yaml(s)}" for s in self.planted)]
        return lines

    def planted_offset(self) -> int:
        return len(self.render()) - len(self.planted)


def _yaml(command: str) -> str:
    """A script line as YAML: quoted when a plain scalar would turn into a mapping."""
    return "'" + command.replace("'", "''") + "'" if ": " in command or command.startswith(("{", "[", "'", '"')) else command


# ---------------------------------------------------------------- generators

def _new_method(rng: random.Random, resource: str, taken: set[str]) -> Method:
    verb, template = rng.choice(OPERATIONS)
    verb = verb.lower()
    segs = template.strip("/").split("/")
    extra = rng.sample(("q", "sort", "pagelen", "fields", "state", "title", "description", "message", "target",
                        "source", "reviewers", "close_source_branch"), rng.randint(0, 3))
    base = {"get": "get", "post": "create", "put": "update", "delete": "delete"}[verb]
    last = [x for x in segs if not x.startswith("{")][-1]
    name = f"{base}_{_singular(resource)}_{last.replace('-', '_').replace('.', '_')}"
    n, i = name, 2
    while n in taken:
        n, i = f"{name}_{i}", i + 1
    taken.add(n)
    return Method(n, verb, rng.choice(STYLES[verb]), segs, extra)


def _singular(resource: str) -> str:
    return resource[:-2] if resource.endswith(("ches", "ses")) else resource.removesuffix("s")


def _curl(rng: random.Random) -> str:
    verb, template = rng.choice(OPERATIONS)
    path = "/".join("$WORKSPACE" if s == "{workspace}" else f"${{{s[1:-1].upper()}}}" if s.startswith("{") else s
                    for s in template.strip("/").split("/"))
    data = " -d @payload.json -H 'Content-Type: application/json'" if verb in ("POST", "PUT") else ""
    tail = " | jq -r '.values[].uuid'" if verb == "GET" and rng.random() < 0.5 else ""
    return f'curl -sf -X {verb} "${{AUTH[@]}}" "$API/{path}"{data}{tail}'


def _step(rng: random.Random, n: int) -> tuple[str, list[str]]:
    script = rng.choice((
        ["pip install -r requirements.txt", "python deploy/deploy.py"],
        ["./deploy/release.sh"],
        ['curl -sf -X POST -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" '
         '"https://api.bitbucket.org/2.0/repositories/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG/commit/'
         '$BITBUCKET_COMMIT/statuses/build" -d "{\\"state\\": \\"INPROGRESS\\", \\"key\\": \\"deploy\\"}"'],
        ["python -m bbclient.cli sync --workspace $BITBUCKET_WORKSPACE"],
    ))
    return f"step {n}", list(script)


def _plant_lines(rng: random.Random, kind: str, ftype: str) -> tuple[list[str], int]:
    """Lines holding a credential that suit the file type, and which of them holds it."""
    if kind in ("app-password", "api-token", "access-token", "datacenter-token"):
        tok = tokens.synthesize({"app-password": tokens.APP_PASSWORD, "api-token": tokens.API_TOKEN,
                                 "access-token": tokens.ACCESS_TOKEN,
                                 "datacenter-token": tokens.DATACENTER_TOKEN}[kind], rng)
        if ftype == "py":
            return [f'DEFAULT_TOKEN = "{tok}"  # TODO read from the environment'], 0
        if ftype == "sh":
            return [f"export BITBUCKET_TOKEN={tok}"], 0
        return [f"curl -sf -H \"Authorization: Bearer {tok}\" https://api.bitbucket.org/2.0/user"], 0
    if kind == "curl-user":
        return [plants.IN_TEXT["curl-user"](rng).lines[0]], 0
    if kind == "url-userinfo":
        return [plants.IN_TEXT["url-userinfo"](rng).lines[0]], 0
    raise ValueError(kind)


KINDS_FOR = {"py": ("app-password", "api-token", "access-token", "datacenter-token"),
             "sh": ("app-password", "access-token", "curl-user", "url-userinfo", "api-token"),
             "yml": ("access-token", "curl-user", "app-password")}


def generate(spec: DenseSpec, root: Path) -> dict:
    root = root.resolve()
    rng = random.Random(spec.seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    git = ["git", *historygen.GIT_ENV_CONFIG]
    subprocess.run([*git, "init", "-q", "-b", "main", str(root)], check=True)
    marks = root / ".git" / "bench-marks"
    proc = subprocess.Popen([*git, "-C", str(root), "fast-import", "--quiet", f"--export-marks={marks}"],
                            stdin=subprocess.PIPE)
    stream = historygen._Stream(proc.stdin)

    models: dict[str, PyModule | Shell | Pipeline] = {}
    taken: set[str] = set()
    resources = list(RESOURCES)
    rng.shuffle(resources)

    def add_module() -> str | None:
        if not resources:
            return None
        res = resources.pop()
        cls = "".join(p.title() for p in res.split("_"))
        path = f"bbclient/{res}.py"
        models[path] = PyModule(cls, f"Bitbucket Cloud {res.replace('_', ' ')}: one method per endpoint.",
                                [_new_method(rng, res, taken) for _ in range(rng.randint(10, 24))])
        return path

    n_scripts = max(3, spec.files // 6)
    for _ in range(max(1, spec.files - n_scripts - 4)):
        add_module()
    models["deploy/deploy.py"] = PyModule(None, "Deploy: tag, wait for the pipeline, post the status.",
                                          [_new_method(rng, "deploy", taken) for _ in range(8)])
    for i in range(n_scripts):
        models[f"deploy/{('release', 'mirror', 'status', 'cleanup', 'promote', 'rollback')[i % 6]}{i // 6 or ''}.sh"] = \
            Shell([_curl(rng) for _ in range(rng.randint(6, 14))])
    models["bitbucket-pipelines.yml"] = Pipeline([_step(rng, i) for i in range(4)])
    fixed = {"bbclient/base.py": BASE,
             "bbclient/__init__.py": '"""bbclient: a small Bitbucket Cloud client."""\n\nfrom .base import BitbucketBase\n',
             "README.md": "# bbclient\n\nA Bitbucket Cloud client and the deploy scripts that use it.\n"
                          "Set BITBUCKET_TOKEN to a repository access token.\n"}

    def render(path: str) -> bytes:
        return historygen._encode(models[path].render())

    def ftype(path: str) -> str:
        return path.rsplit(".", 1)[-1]

    when = 1_700_000_000
    stream.commit(1, historygen.AUTHORS[0], when, "Initial import\n",
                  {**{p: t.encode() for p, t in fixed.items()}, **{p: render(p) for p in models}})

    intro = sorted(rng.sample(range(5, max(6, spec.commits - 30)), spec.plants))
    removals: dict[int, list[str]] = {}
    holding: set[str] = set()
    expected = []
    for mark in range(2, spec.commits + 1):
        when += rng.randint(300, 30000)
        touched: set[str] = set()
        for path in rng.sample(sorted(models), rng.randint(1, 3)):
            _edit(rng, models[path], taken)
            touched.add(path)
        if rng.random() < 0.03:
            new = add_module()
            if new:
                touched.add(new)
        for path in removals.pop(mark, ()):
            models[path].planted = []
            holding.discard(path)
            touched.add(path)
        if intro and intro[0] == mark:
            intro.pop(0)
            path = rng.choice([p for p in sorted(models) if p not in holding])
            kind = rng.choice(KINDS_FOR[ftype(path)])
            lines, which = _plant_lines(rng, kind, ftype(path))
            model = models[path]
            model.planted = lines
            holding.add(path)
            touched.add(path)
            if isinstance(model, PyModule):
                offset = len(model.header())
            elif isinstance(model, Shell):
                offset = 5
            else:
                offset = model.planted_offset()
            expected.append({"path": path, "line": offset + which + 1, "kind": kind, "mark": mark})
            removals.setdefault(min(spec.commits, mark + rng.randint(10, 150)), []).append(path)
        stream.commit(mark, rng.choice(historygen.AUTHORS), when, _message(rng, touched) + "\n",
                      {p: render(p) for p in touched})
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import failed for {root}")
    shas = dict(line.split() for line in marks.read_text().splitlines())
    for e in expected:
        e["commit"] = shas[f":{e.pop('mark')}"]
    subprocess.run([*git, "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    return {"spec": asdict(spec), "key": spec.key, "commits": spec.commits, "blob_bytes": stream.blob_bytes,
            "files_at_head": len(models) + len(fixed), "expected": expected}


def _message(rng: random.Random, touched: set[str]) -> str:
    what = rng.choice(("Add", "Fix", "Rename parameter in", "Update URL in", "Tidy", "Support pagination in"))
    return f"{what} {', '.join(sorted(Path(p).stem for p in touched))}"


def _edit(rng: random.Random, model: PyModule | Shell | Pipeline, taken: set[str]) -> None:
    """A few lines' change: what everyday commits to a client and its scripts look like."""
    if isinstance(model, PyModule):
        op = rng.random()
        m = rng.choice(model.methods)
        if op < 0.35:
            model.methods.insert(rng.randrange(len(model.methods) + 1),
                                 _new_method(rng, model.cls.lower() if model.cls else "deploy", taken))
        elif op < 0.6:  # point the method at another operation of the same verb
            template = rng.choice([t for v, t in OPERATIONS if v.lower() == m.verb])
            m.segments = template.strip("/").split("/")
        elif op < 0.8:  # rename a parameter
            ps = [i for i, s in enumerate(m.segments) if s.startswith("{") and s != "{workspace}"]
            new = "{" + rng.choice(PARAMS[2:]) + "}"
            if ps and new not in m.segments:
                m.segments[rng.choice(ps)] = new
            elif m.extra:
                m.extra[rng.randrange(len(m.extra))] += "_value"
        elif op < 0.9:
            m.style = rng.choice(STYLES[m.verb])
        elif len(model.methods) > 4:
            model.methods.remove(m)
    elif isinstance(model, Shell):
        op = rng.random()
        if op < 0.5:
            model.calls.insert(rng.randrange(len(model.calls) + 1), _curl(rng))
        elif op < 0.85 or len(model.calls) < 4:
            model.calls[rng.randrange(len(model.calls))] = _curl(rng)
        else:
            del model.calls[rng.randrange(len(model.calls))]
    else:
        if rng.random() < 0.5 or len(model.steps) < 3:
            model.steps.append(_step(rng, len(model.steps)))
        else:
            i = rng.randrange(len(model.steps))
            model.steps[i] = _step(rng, i)


def ensure(spec: DenseSpec, workdir: Path, regen: bool = False) -> tuple[Path, dict]:
    root = workdir / f"repo-{spec.key}"
    manifest_path = workdir / f"repo-{spec.key}.manifest.json"
    if not regen and (root / ".git").is_dir() and manifest_path.is_file():
        return root, json.loads(manifest_path.read_text())
    manifest = generate(spec, root)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return root, manifest
