"""Generate CI configuration and scripts that call the Bitbucket API (the usage-analysis case).

Unlike the tree case, every file here is about Bitbucket, so every file passes tokenlint's
literal prefilter and reaches the detectors: this measures the slow path. Files are built from
blocks in the styles teams really write (Pipelines YAML with script steps and anchors, shell
helpers with curl and jq, Python requests clients, Jenkinsfiles, a little Node), with a mix of
endpoints, auth schemes and credential references. A few shell scripts hold a literal credential.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import content
import plants

FORMAT = 1
API = "https://api.bitbucket.org/2.0"
ENDPOINTS = (
    ("GET", "/repositories/{ws}/{repo}/pullrequests?state=OPEN"),
    ("POST", "/repositories/{ws}/{repo}/pullrequests"),
    ("POST", "/repositories/{ws}/{repo}/pullrequests/{pr}/comments"),
    ("POST", "/repositories/{ws}/{repo}/commit/{commit}/statuses/build"),
    ("PUT", "/repositories/{ws}/{repo}/commit/{commit}/reports/{report}"),
    ("POST", "/repositories/{ws}/{repo}/commit/{commit}/reports/{report}/annotations"),
    ("GET", "/repositories/{ws}/{repo}/src/{commit}/{file}"),
    ("GET", "/repositories/{ws}/{repo}/refs/tags?sort=-target.date"),
    ("POST", "/repositories/{ws}/{repo}/refs/tags"),
    ("POST", "/repositories/{ws}/{repo}/downloads"),
    ("GET", "/repositories/{ws}/{repo}/pipelines_config/variables"),
    ("POST", "/repositories/{ws}/{repo}/pipelines/"),
    ("GET", "/repositories/{ws}/{repo}/deploy-keys"),
    ("POST", "/repositories/{ws}/{repo}/hooks"),
    ("GET", "/workspaces/{ws}/projects"),
    ("GET", "/repositories/{ws}?role=member&pagelen=100"),
    ("DELETE", "/repositories/{ws}/{repo}/refs/branches/{branch}"),
    ("GET", "/user"),
)
REFS = {
    "ws": ("$BITBUCKET_WORKSPACE", "acme", "${WORKSPACE}", "$BB_WORKSPACE"),
    "repo": ("$BITBUCKET_REPO_SLUG", "web-app", "${REPO}", "billing-service"),
    "pr": ("$BITBUCKET_PR_ID", "${PR_ID}", "42"),
    "commit": ("$BITBUCKET_COMMIT", "${GIT_COMMIT}", "$(git rev-parse HEAD)"),
    "report": ("security-scan", "coverage", "${REPORT_ID}"),
    "file": ("README.md", "package.json"),
    "branch": ("${BRANCH}", "feature/old"),
}
SHELL_AUTH = ('-u "$BB_USER:$BB_APP_PASSWORD"', '-u "${BITBUCKET_USERNAME}:${BITBUCKET_API_TOKEN}"',
              '-H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN"', '-H "Authorization: Bearer ${REPO_TOKEN}"',
              '--user "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN"', '--proxy http://localhost:29418')


def _fill(rng: random.Random, template: str) -> str:
    return template.format(**{k: rng.choice(v) for k, v in REFS.items()})


def _curl(rng: random.Random, indent: str = "") -> list[str]:
    method, path = rng.choice(ENDPOINTS)
    auth = rng.choice(SHELL_AUTH)
    url = _fill(rng, API + path)
    if auth.startswith("--proxy"):
        url = url.replace("https://", "http://")
    lines = [f'{indent}curl -sSf -X {method} {auth} \\']
    if method in ("POST", "PUT"):
        lines.append(f"{indent}  -H 'Content-Type: application/json' -d @payload.json \\")
    lines.append(f'{indent}  "{url}"')
    return lines


def _one_line(cmd: list[str]) -> str:
    """A multi-line curl joined for a YAML list item."""
    return " ".join(part.strip().removesuffix("\\").strip() for part in cmd)


def _pipelines(rng: random.Random) -> list[str]:
    out = [f"image: {rng.choice(('python:3.11', 'node:20', 'atlassian/default-image:4', 'golang:1.22'))}", "",
           "definitions:", "  caches:", "    deps: ~/.cache/deps", "  steps:", "    - step: &build",
           "        name: Build and test", "        caches: [deps]", "        script:"]
    for line in rng.sample(("make deps", "make test", "pytest -q", "npm ci", "npm test", "go test ./..."), 3):
        out.append(f"          - {line}")
    out += ["", "pipelines:", "  default:", "    - step: *build"]
    for _ in range(rng.randint(1, 5)):
        out += ["    - step:", f"        name: {content._sentence(rng, 2, 4)[:-1]}"]
        if rng.random() < 0.3:
            out.append("        oidc: true")
        out.append("        script:")
        for _ in range(rng.randint(1, 3)):
            out.append("          - " + _one_line(_curl(rng)))
        if rng.random() < 0.3:
            out += ["          - pipe: atlassian/bitbucket-upload-file:0.7.1", "            variables:",
                    "              BITBUCKET_USERNAME: $BITBUCKET_USERNAME",
                    "              BITBUCKET_APP_PASSWORD: $BITBUCKET_APP_PASSWORD", "              FILENAME: 'dist/*.zip'"]
        if rng.random() < 0.3:
            out.append("          - git push https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/$BITBUCKET_REPO_FULL_NAME.git --tags")
    out += ["  branches:", "    main:", "      - step:", "          name: Deploy", "          deployment: production",
            "          script:"]
    for _ in range(rng.randint(1, 3)):
        out.append("            - " + _one_line(_curl(rng)))
    return out


def _shell(rng: random.Random) -> list[str]:
    out = ["#!/usr/bin/env bash", "set -euo pipefail", f'API="{API}"',
           ': "${BITBUCKET_WORKSPACE:?set BITBUCKET_WORKSPACE}"', ""]
    for _ in range(rng.randint(2, 8)):
        fn = f"{rng.choice(('list', 'create', 'update', 'sync', 'report', 'tag'))}_{rng.choice(content.IDENT)}"
        out += [f"{fn}() {{", f'  local page="${{1:-1}}"  # {content._sentence(rng, 3, 8)}']
        out += _curl(rng, "  ")
        out += ["  | jq -r '.values[] | .name'" if rng.random() < 0.5 else "  >/dev/null", "}", ""]
    out.append(f"{fn} \"$@\"")
    return out


def _python(rng: random.Random) -> list[str]:
    out = ['"""Bitbucket helper: ' + content._sentence(rng, 4, 9) + '"""', "import os", "", "import requests",
           "from requests.auth import HTTPBasicAuth", "", f'API = "{API}"',
           'WORKSPACE = os.environ.get("BITBUCKET_WORKSPACE", "acme")', ""]
    for n in range(rng.randint(2, 7)):
        method, path = rng.choice(ENDPOINTS)
        path = path.replace("{ws}", "{WORKSPACE}").replace("{repo}", "{repo}").replace("{pr}", "{pr_id}")
        path = path.replace("{commit}", "{sha}").replace("{report}", "{report_id}").replace("{file}", "{name}")
        path = path.replace("{branch}", "{branch}")
        auth = rng.choice((
            'auth=HTTPBasicAuth(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"])',
            'auth=(os.environ["ATLASSIAN_EMAIL"], os.environ["ATLASSIAN_API_TOKEN"])',
            'headers={"Authorization": f"Bearer {os.environ[\'BITBUCKET_ACCESS_TOKEN\']}"}',
        ))
        name = f"{method.lower()}_{rng.choice(content.IDENT)}_{n}"
        out += [f"def {name}(repo, pr_id=None, sha=None, report_id=None, name=None, branch=None, payload=None):",
                f"    url = f\"{{API}}{path}\"",
                f"    resp = requests.request({method!r}, url, {auth}, json=payload, timeout=30)",
                "    resp.raise_for_status()",
                "    return resp.json() if resp.content else None", ""]
        if rng.random() < 0.4:
            out += ["def paginate(url, **kw):", "    while url:", "        page = requests.get(url, timeout=30, **kw).json()",
                    "        yield from page.get(\"values\", [])", "        url = page.get(\"next\")", ""]
    return out


def _jenkins(rng: random.Random) -> list[str]:
    out = ["pipeline {", "  agent any", "  environment {", "    BB = credentials('bitbucket-app-password')",
           "    BB_WORKSPACE = 'acme'", "  }", "  stages {"]
    for _ in range(rng.randint(2, 5)):
        out += [f"    stage('{content._sentence(rng, 1, 3)[:-1]}') {{", "      steps {"]
        if rng.random() < 0.5:
            out += ["        withCredentials([usernamePassword(credentialsId: 'bitbucket', usernameVariable: 'BB_USER', "
                    "passwordVariable: 'BB_APP_PASSWORD')]) {", "          sh '''"]
            out += _curl(rng, "            ")
            out += ["          '''", "        }"]
        else:
            method, path = rng.choice(ENDPOINTS)
            out.append(f"        sh \"curl -sf -u $BB_USR:$BB_PSW -X {method} {_fill(rng, API + path)}\"")
        out += ["      }", "    }"]
    out += ["  }", "}"]
    return out


def _node(rng: random.Random) -> list[str]:
    method, path = rng.choice(ENDPOINTS)
    return ["const axios = require('axios');", "",
            "const client = axios.create({", f"  baseURL: '{API}',",
            "  headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },", "});", "",
            "module.exports.call = async (repo) => {",
            f"  const res = await client.request({{ method: '{method}', url: `{_fill(rng, path)}` }});",
            "  return res.data;", "};"]


SHELL_PLANTS = ("url-userinfo", "curl-user", "authorization-basic", "client-secret", "shell-default")
KINDS = ((_pipelines, "bitbucket-pipelines.yml", 25), (_shell, "ci/{n}.sh", 30), (_python, "tools/{n}.py", 25),
         (_jenkins, "Jenkinsfile", 15), (_node, "scripts/{n}.js", 5))


@dataclass(frozen=True)
class CISpec:
    files: int
    seed: int = 3

    @property
    def key(self) -> str:
        return f"ci-f{self.files}-s{self.seed}-v{FORMAT}"


def generate(spec: CISpec, root: Path) -> dict:
    rng = random.Random(spec.seed)
    if root.exists():
        shutil.rmtree(root)
    total = planted = 0
    weights = [w for _, _, w in KINDS]
    for i in range(spec.files):
        make, pattern, _ = rng.choices(KINDS, weights)[0]
        # One pipelines file and one Jenkinsfile per project folder, as in real repositories.
        rel = f"project{i:04d}/" + pattern.format(n=f"{rng.choice(content.IDENT)}_{i}")
        lines = make(rng)
        if make is _shell and rng.random() < 0.1:
            # Only forms that are valid shell, right after `set -euo pipefail`: parsers see real shell.
            plant = plants.IN_TEXT[rng.choice(SHELL_PLANTS)](rng)
            lines[2:2] = plant.lines
            planted += 1
        data = ("\n".join(lines) + "\n").encode()
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return {"files": spec.files, "bytes": total, "planted": planted}


def ensure(spec: CISpec, workdir: Path, regen: bool = False) -> tuple[Path, dict]:
    root = workdir / spec.key
    manifest_path = workdir / f"{spec.key}.manifest.json"
    if not regen and root.is_dir() and manifest_path.is_file():
        return root, json.loads(manifest_path.read_text())
    manifest = generate(spec, root)
    manifest_path.write_text(json.dumps(manifest))
    return root, manifest
