"""`tokenlint fix` end to end: real subprocesses in real git repositories, exact output.

The golden files (tests/test_fix_golden.py) pin each rewrite; this module pins what is around
them: the migration checklist (text and schema-valid JSON, and where it says to store each
variable), no secret in a diff even without a token shape, files that are never written
(symbolic links, non-UTF-8, a file changed after the scan), CRLF and the executable bit kept,
`fix -` refused, and the exit codes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint import cli
from tokenlint.fixes import checklist, diff, plan, write
from tokenlint.fixes.model import FileFix, FixPlan, NewVariable, Refused
from tokenlint.model import Confidence, Finding, Location, Severity, fingerprint
from tokenlint.resources import schema
from tokenlint.scanner import secret_values

PASSWORD = "hunter2pass"  # a password of no token shape: only its value can hide it
CALL = "https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tokenlint", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)


def _repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "repo"
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _script(secret: str = '"$BB_USER:$BB_APP_PASSWORD"') -> str:
    return f"#!/bin/sh\nset -eu\ncurl -s -u {secret} -X POST {CALL}\n"


FIXED = f'#!/bin/sh\nset -eu\ncurl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -X POST {CALL}\n'


def _pipeline(step_extra: str = "") -> str:
    return ("pipelines:\n  branches:\n    main:\n      - step:\n          name: release\n" + step_extra +
            "          script:\n            - ./scripts/release.sh\n")


def _checklist(root: Path, *args: str) -> dict[str, object]:
    done = _run("fix", "--write", "--checklist", "json", *args, cwd=root)
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    jsonschema.validate(data, schema("checklist"))
    return data


# --- the checklist -------------------------------------------------------------------------


def test_checklist_json_a_script_a_pipeline_step_runs_reads_a_repository_variable(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": _pipeline(), "scripts/release.sh": _script()})
    data = _checklist(root)
    assert data == {"written": True, "left": 0, "credentials": [{
        "variable": "BITBUCKET_ACCESS_TOKEN", "token": "access-token", "email_variable": None,
        "create": {"type": "repository-access-token", "resource": "acme/app",
                   "scopes": ["repository:write"], "reason": "every call touches this one repository"},
        "store": {"level": "repository", "environments": [], "secured": True,
                  "where": "a secured repository variable BITBUCKET_ACCESS_TOKEN "
                           "(Repository settings > Repository variables)"},
        "files": ["scripts/release.sh"],
        "replaces": {"credential": "$BB_APP_PASSWORD", "type": "app password", "fingerprint": None,
                     "revoke": "after-merge", "still_used": []},
        "notes": [],
    }]}
    assert (root / "scripts/release.sh").read_text(encoding="utf-8") == FIXED


def test_checklist_a_deploying_step_reads_a_deployment_variable(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": _pipeline("          deployment: production\n"),
                            "scripts/release.sh": _script()})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert item["store"] == {"level": "deployment", "environments": ["production"], "secured": True,
                             "where": "a secured deployment variable BITBUCKET_ACCESS_TOKEN of the environment "
                                      "production (Repository settings > Deployments)"}


def test_checklist_a_step_merged_into_a_deploying_one_reads_a_deployment_variable(tmp_path: Path) -> None:
    pipeline = ("definitions:\n  steps:\n    - step: &release\n        name: release\n        script:\n"
                "          - ./scripts/release.sh\n"
                "pipelines:\n  branches:\n    main:\n      - step:\n          <<: *release\n"
                "          deployment: staging\n")
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": pipeline, "scripts/release.sh": _script()})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert (item["store"]["level"], item["store"]["environments"]) == ("deployment", ["staging"])


def test_checklist_a_step_used_as_it_is_and_deploying_elsewhere_reads_a_repository_variable(tmp_path: Path) -> None:
    pipeline = ("definitions:\n  steps:\n    - step: &release\n        name: release\n        script:\n"
                "          - ./scripts/release.sh\n"
                "pipelines:\n  branches:\n    main:\n      - step:\n          <<: *release\n"
                "          deployment: production\n    dev:\n      - step: *release\n")
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": pipeline, "scripts/release.sh": _script()})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert item["store"]["level"] == "repository"
    assert item["notes"] == ["steps of the deployment environments production read it too, and so does a step "
                             "without `deployment:`: a repository variable serves both"]


def test_checklist_a_workspace_token_in_pipelines_reads_a_workspace_variable(tmp_path: Path) -> None:
    script = ("#!/bin/sh\ncurl -u \"$BB_USER:$BB_APP_PASSWORD\" "
              "https://api.bitbucket.org/2.0/workspaces/acme/members\n")
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": _pipeline(), "scripts/release.sh": script})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert (item["create"]["type"], item["create"]["resource"]) == ("workspace-access-token", "acme")
    assert item["store"]["level"] == "workspace"
    assert item["store"]["where"] == ("a secured workspace variable BITBUCKET_ACCESS_TOKEN "
                                      "(Workspace settings > Workspace variables)")


def test_checklist_a_script_nothing_runs_reads_its_environment(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": _script()})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert item["store"]["level"] == "elsewhere"
    assert item["store"]["where"].startswith("a secret BITBUCKET_ACCESS_TOKEN in the environment of whatever runs "
                                             "release.sh")


def test_checklist_keeps_the_old_credential_while_a_use_is_left(tmp_path: Path) -> None:
    left = ('#!/bin/sh\nOPTS="-u $BB_USER:$BB_APP_PASSWORD"\n'
            'curl $OPTS https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests\n')
    root = _repo(tmp_path, {"release.sh": _script(), "list.sh": left})
    done = _run("fix", "--write", "--checklist", "json", cwd=root)
    assert done.returncode == 1, done.stderr  # something was left
    [item] = json.loads(done.stdout)["credentials"]
    assert item["replaces"]["revoke"] == "not-yet"
    assert item["replaces"]["still_used"] == ["list.sh:3"]
    assert ("tokenlint: not fixed: list.sh:3: TL021 app-password-in-use: the call's credential is not a -u/--user "
            "(or wget --user/--password, httpie -a) written on its command: it is set elsewhere (a variable, an "
            "array of options, a wrapper function), so the place to change is not clear") in done.stderr.splitlines()


def test_a_git_remote_is_no_curl_call_and_says_so() -> None:
    """auth-header's own answer (other rewrites may answer the same rule for git remotes)."""
    from tokenlint.facts import GitRemote
    from tokenlint.fixes.model import FixOptions, Site
    from tokenlint.fixes.rewrites import curl_auth

    text = "#!/bin/sh\ngit push https://bot:[redacted]@bitbucket.org/acme/app.git\n"
    finding = Finding(rule="account-password-in-use", code="TL022", severity=Severity.HIGH,
                      confidence=Confidence.MEDIUM, message="m", location=Location("mirror.sh", 2))
    remote = GitRemote(tool="git push", url="https://bitbucket.org/acme/app.git", line=2)
    site = Site("mirror.sh", text, "shell", finding, [remote], FixOptions())
    assert curl_auth.shell(site) == Refused("the finding is not about a curl, wget or httpie call", applies=False)


def test_checklist_a_committed_literal_is_to_be_rotated_now(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": f'#!/bin/sh\nBB_PASS="{PASSWORD}"\ncurl -u "jdoe:$BB_PASS" {CALL}\n'})
    done = _run("fix", "--write", "--checklist", cwd=root)
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert ("   revoke:  rotate: it was committed ([redacted, 8-15 chars], " + fingerprint(PASSWORD) +
            "); revoke it in Bitbucket now, whatever else happens: it stays in the git history\n") in done.stdout
    assert ("   note: its value is still written in release.sh (where the rewritten line read it from): "
            "delete it there\n") in done.stdout


def test_checklist_text_goes_to_stderr_with_diff_and_to_a_file_when_asked(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": _script()})
    shown = _run("fix", "--checklist", cwd=root)
    assert shown.returncode == 1
    assert shown.stdout.startswith("--- a/release.sh\n+++ b/release.sh\n")
    assert "Migration checklist" not in shown.stdout
    assert "Migration checklist: 1 new credential (once the diff is applied: `tokenlint fix --write`)" in shown.stderr
    assert "1. BITBUCKET_ACCESS_TOKEN  replaces $BB_APP_PASSWORD\n" in shown.stderr

    filed = _run("fix", "--checklist", "json", "--checklist-output", "out/checklist.json", cwd=root)
    data = json.loads((root / "out/checklist.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema("checklist"))
    assert data["written"] is False and [i["files"] for i in data["credentials"]] == [["release.sh"]]
    assert "Migration checklist" not in filed.stderr


def test_checklist_flag_then_a_path(tmp_path: Path) -> None:
    """`fix --checklist examples/`: a word after --checklist that is no format is a path."""
    root = _repo(tmp_path, {"sub/release.sh": _script()})
    done = _run("fix", "--write", "--checklist", "sub", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Migration checklist: 1 new credential\n")
    assert "   read by: sub/release.sh\n" in done.stdout


# --- no secret in the diff ------------------------------------------------------------------


def test_the_diff_hides_a_password_of_no_token_shape_by_value(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": f'#!/bin/sh\nBB_PASS="{PASSWORD}"\ncurl -u "jdoe:$BB_PASS" {CALL}\n'})
    done = _run("fix", cwd=root)
    assert done.returncode == 1
    assert PASSWORD not in done.stdout + done.stderr
    assert done.stdout == ('--- a/release.sh\n+++ b/release.sh\n@@ -1,3 +1,3 @@\n #!/bin/sh\n'
                           ' BB_PASS="[redacted, 8-15 chars]"\n'
                           f'-curl -u "jdoe:$BB_PASS" {CALL}\n'
                           f'+curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" {CALL}\n')


def test_secret_values_finds_a_python_literal_by_its_fingerprint() -> None:
    text = f'import requests\nrequests.get(u, auth=("jdoe", "{PASSWORD}"))\n'
    assert secret_values("a.py", text) == []  # no credential detector knows it: the call keeps a hash only
    assert secret_values("a.py", text, [fingerprint(PASSWORD)]) == [PASSWORD]


def test_unified_hides_the_secrets_it_is_given() -> None:
    before = f'import requests\nrequests.get(u, auth=("jdoe", "{PASSWORD}"))\n'
    after = 'import os\nimport requests\nrequests.get(u, headers={"Authorization": f"Bearer {T}"})\n'
    fix = FileFix("a.py", before, after)
    assert PASSWORD in "".join(diff.unified(fix))  # the shapes alone do not know it
    shown = "".join(diff.unified(fix, [PASSWORD]))
    assert PASSWORD not in shown
    assert '-requests.get(u, auth=("jdoe", "[redacted, 8-15 chars]"))\n' in shown


# --- files never written, files kept as they were ---------------------------------------------


def test_a_symbolic_link_is_never_written(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"real/release.sh": _script()})
    (root / "link.sh").symlink_to("real/release.sh")
    done = _run("fix", "--write", "link.sh", cwd=root)
    assert done.returncode == 0, done.stderr  # the scan skips links: nothing to fix there
    assert (root / "link.sh").is_symlink()
    assert (root / "real/release.sh").read_text(encoding="utf-8") == _script()
    assert plan.read_text(str(root / "link.sh"))[0] is None


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_line(tmp_path: Path) -> None:
    latin1 = ("#!/bin/sh\n# d\xe9ploiement\n" + f'curl -u "$BB_USER:$BB_APP_PASSWORD" {CALL}\n').encode("latin-1")
    root = _repo(tmp_path, {"release.sh": latin1})
    done = _run("fix", "--write", cwd=root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "tokenlint: not fixed: release.sh:3: TL021 app-password-in-use: it is not UTF-8 text, and `tokenlint fix` "
        "rewrites UTF-8 files only (convert it, or change it by hand)"]
    assert (root / "release.sh").read_bytes() == latin1


def test_crlf_is_kept_and_the_diff_applies(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": _script().replace("\n", "\r\n")})
    shown = subprocess.run([sys.executable, "-m", "tokenlint", "fix"], cwd=root, capture_output=True, check=False)
    assert shown.returncode == 1
    assert b'+curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -X POST ' + CALL.encode() + b"\r\n" \
        in shown.stdout
    (root / "p.diff").write_bytes(shown.stdout)
    subprocess.run(["git", "apply", "--check", "p.diff"], cwd=root, check=True)
    (root / "p.diff").unlink()
    assert _run("fix", "--write", cwd=root).returncode == 0
    assert (root / "release.sh").read_bytes() == FIXED.replace("\n", "\r\n").encode()


def test_the_executable_bit_is_kept(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": _script()})
    (root / "release.sh").chmod(0o750)
    assert _run("fix", "--write", cwd=root).returncode == 0
    assert (root / "release.sh").stat().st_mode & 0o777 == 0o750
    assert (root / "release.sh").read_text(encoding="utf-8") == FIXED


def test_a_file_changed_after_the_scan_is_not_written_and_exits_3(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, {"release.sh": _script()})
    real = plan.plan

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        planned = real(*args, **kwargs)  # type: ignore[arg-type]
        with open(root / "release.sh", "a", encoding="utf-8") as handle:
            handle.write("echo saved by an editor\n")
        return planned

    monkeypatch.chdir(root)
    monkeypatch.setattr(plan, "plan", edited_meanwhile)
    done = CliRunner().invoke(cli.main, ["fix", "--write"])
    assert done.exit_code == 3, done.output
    assert "tokenlint: error: release.sh: changed since it was scanned; not rewritten (run `tokenlint fix` again)" \
        in done.output
    assert (root / "release.sh").read_text(encoding="utf-8") == _script() + "echo saved by an editor\n"


def test_write_refuses_a_file_whose_text_is_not_the_planned_one(tmp_path: Path) -> None:
    path = tmp_path / "a.sh"
    path.write_text("new\n", encoding="utf-8")
    with pytest.raises(write.Changed):
        write.write(FileFix(str(path), "old\n", "fixed\n"))
    assert path.read_text(encoding="utf-8") == "new\n"


def test_fix_refuses_standard_input(tmp_path: Path) -> None:
    done = _run("fix", "-", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("tokenlint: error: `tokenlint fix` rewrites files, and standard input ('-') is no file: "
                           "name the files or folders to fix\n")


# --- exit codes --------------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    clean = _repo(tmp_path / "a", {"ok.sh": f'#!/bin/sh\ncurl -H "Authorization: Bearer $T" {CALL}\n'})
    assert (_run("fix", cwd=clean).returncode, _run("fix", "--write", cwd=clean).returncode) == (0, 0)

    root = _repo(tmp_path / "b", {"release.sh": _script()})
    assert _run("fix", cwd=root).returncode == 1  # a diff was printed
    assert _run("fix", "--write", cwd=root).returncode == 0  # everything rewritten
    assert _run("fix", cwd=root).returncode == 0  # and a second run has nothing to change

    missing = _run("fix", "--write", "nowhere", cwd=root)
    assert missing.returncode == 3, missing.stderr


def test_help_documents_the_exit_codes() -> None:
    done = CliRunner().invoke(cli.main, ["fix", "--help"])
    assert "--diff   0 nothing to change; 1 a diff was printed, or a finding with a fix was left" in done.output
    assert "--write  0 every finding with a fix was rewritten; 1 something was left" in done.output


def test_a_link_named_on_the_command_line_is_not_followed(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"real.sh": _script()})
    (root / "link.sh").symlink_to(root / "real.sh")
    done = _run("fix", "--write", str(root / "link.sh"), cwd=root)
    assert (root / "real.sh").read_text(encoding="utf-8") == _script()
    assert (root / "link.sh").is_symlink()
    assert "fixed" not in done.stderr


def test_checklist_an_api_token_goes_with_the_account_email(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"me.sh": '#!/bin/sh\ncurl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/user\n'})
    done = _run("fix", "--write", "--checklist", "--api-token-var", "MY_API_TOKEN", "--email-var", "MY_EMAIL", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "me.sh").read_text(encoding="utf-8") == \
        '#!/bin/sh\ncurl -u "$MY_EMAIL:$MY_API_TOKEN" https://api.bitbucket.org/2.0/user\n'
    assert done.stdout.splitlines()[2:7] == [
        "1. MY_API_TOKEN  replaces $BB_APP_PASSWORD",
        "   create:  API token  (me.sh:2: GET /user accepts API tokens only)",
        "   scopes:  read:user:bitbucket",
        "   store:   a secret MY_API_TOKEN in the environment of whatever runs me.sh (its CI system's secret store or "
        "the shell's environment; never a file in the repository)",
        "            and the token owner's Atlassian account e-mail as MY_EMAIL",
    ]


@pytest.mark.parametrize(("path", "where"), [
    (".github/workflows/release.yml", "a GitHub Actions secret BITBUCKET_ACCESS_TOKEN (Settings > Secrets and "
                                      "variables > Actions)"),
    (".gitlab-ci.yml", "a masked GitLab CI/CD variable BITBUCKET_ACCESS_TOKEN (Settings > CI/CD > Variables)"),
])
def test_checklist_other_ci_systems_get_their_own_secrets(path: str, where: str) -> None:
    variable = NewVariable("BITBUCKET_ACCESS_TOKEN", "access-token", "$BB_APP_PASSWORD")
    listed = checklist.build(FixPlan(files=[FileFix(path, "a\n", "b\n", variables=[variable])]), written=True)
    [item] = listed.items
    assert (item.store, item.store_where, item.files, item.revoke) == ("elsewhere", where, [path], "after-merge")
    assert item.create is None  # no credential analysed: nothing derived, the text says to run suggest


def test_an_absolute_path_is_named_relative_in_the_diff(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.sh": _script()})
    done = _run("fix", str(root / "release.sh"), cwd=root)
    assert done.stdout.startswith("--- a/release.sh\n+++ b/release.sh\n")
    outside = _run("fix", str(root / "release.sh"), cwd=tmp_path.parent)
    assert outside.stdout.startswith(f"--- a/{tmp_path.name}/repo/release.sh\n")


def test_checklist_a_step_handing_the_old_credential_over_is_named(tmp_path: Path) -> None:
    pipeline = ("pipelines:\n  default:\n    - step:\n        script:\n"
                "          - TOKEN=$BB_APP_PASSWORD ./scripts/release.sh\n")
    root = _repo(tmp_path, {"bitbucket-pipelines.yml": pipeline,
                            "scripts/release.sh": _script('"$BB_USER:$TOKEN"')})
    [item] = _checklist(root)["credentials"]  # type: ignore[misc]
    assert (item["replaces"]["credential"], item["store"]["level"]) == ("$BB_APP_PASSWORD", "repository")
    assert item["notes"] == ["bitbucket-pipelines.yml:5 hands $BB_APP_PASSWORD to a script under another name: where "
                             "that script was rewritten it reads BITBUCKET_ACCESS_TOKEN itself, so drop the hand-over "
                             "there"]
    assert (root / "scripts/release.sh").read_text(encoding="utf-8") == FIXED


def test_plan_carries_a_python_literal_password_to_the_diff_and_no_further(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The path from the scan to the diff for a password only a fingerprint knows: the call keeps
    its hash, plan finds the value again (scanner.secret_values), the diff hides it by value. A
    stand-in rewrite for Python files takes the place of the real one (another module's)."""
    from tokenlint import api
    from tokenlint.fixes import registry
    from tokenlint.fixes.model import Edit, FixOptions, Rewrite, Site

    call = f'requests.get("{CALL}", auth=("jdoe", "{PASSWORD}"))'
    root = _repo(tmp_path, {"app.py": f"import requests\n{call}\n"})

    def headers(site: Site) -> Rewrite:
        start, end = site.line_span(site.line)
        return Rewrite([Edit(start, end, f'requests.get("{CALL}", headers=HEADERS)')], site.new_variables())

    real_get = registry.get
    monkeypatch.setattr(registry, "get", lambda name, kind: headers if kind == "python" else real_get(name, kind))
    monkeypatch.chdir(root)
    planned = plan.plan(api.load_settings(["."], progress=False), FixOptions())
    [fix] = planned.files
    assert fix.secrets == [PASSWORD]
    shown = "".join(diff.unified(fix, fix.secrets))
    assert PASSWORD not in shown
    assert f'-requests.get("{CALL}", auth=("jdoe", "[redacted, 8-15 chars]"))\n' in shown
    [item] = checklist.build(planned, written=False).items
    assert (item.replaces, item.fingerprint, item.revoke) == ("[redacted, 8-15 chars]", fingerprint(PASSWORD), "now")
