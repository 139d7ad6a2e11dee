"""`tokenlint history`: real git repositories built in temp dirs, exact (rule, path, line, commit)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tokenlint import api, scanner
from tokenlint.cli import main
from tokenlint.resources import schema
from tokenlint.sources.history import scan_history

from tokengen import make

ADA = ("Ada Lovelace", "ada@example.test")
GRACE = ("Grace Hopper", "grace@example.test")


def git_env(clock: int = 0, who: tuple[str, str] = ADA) -> dict[str, str]:
    """Git for building test repositories: no user or system config, no signing, fixed dates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    stamp = f"{1_700_000_000 + clock * 3600} +0000"
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME=who[0],
               GIT_AUTHOR_EMAIL=who[1], GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1],
               GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    return env


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    out = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "protocol.file.allow=always",
                          *args], cwd=cwd, env=env or git_env(), check=True, capture_output=True)
    return out.stdout.decode().strip()


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 0
        root.mkdir(parents=True)
        git(root, "init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        return git(self.root, *args, env=git_env(self.clock))

    def commit(self, files: dict[str, str | bytes | None], message: str = "change", who=ADA) -> str:
        for rel, content in files.items():
            path = self.root / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        self.clock += 1
        git(self.root, "add", "-A", env=git_env(self.clock, who))
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=git_env(self.clock, who))
        return self.git("rev-parse", "HEAD")

    def blob(self, rev: str, path: str) -> str:
        return self.git("rev-parse", f"{rev}:{path}")

    def object_file(self, oid: str) -> Path:
        return self.root / ".git" / "objects" / oid[:2] / oid[2:]


def settings(repo: Path, **kw) -> api.Settings:
    return api.load_settings([str(repo)], **kw)


def rows(result) -> set[tuple[str, str, int, str]]:
    return {(f.rule, f.location.path, f.location.line, f.origin["commit"]) for f in result.findings}


def in_head(result) -> dict[tuple[str, str], bool]:
    return {(f.rule, f.location.path): f.origin["in_head"] for f in result.findings}


def cli(*args: str):
    return CliRunner().invoke(main, ["history", *args])


def cli_json(*args: str) -> tuple[dict, object]:
    res = cli("--format", "json", *args)
    data = json.loads(res.stdout)
    jsonschema.validate(data, schema("report"))
    return data, res


def json_rows(data: dict) -> set[tuple[str, str, int, str]]:
    return {(f["rule"], f["path"], f["line"], f["origin"]["commit"]) for f in data["findings"]}


TOKEN = make("app-password", seed=11)
OTHER = make("app-password", seed=12)
THIRD = make("app-password", seed=13)


def cfg(token: str, before: str = "") -> str:
    """A config file whose line (1 + lines in `before`) + 1 holds the token."""
    return f"{before}name: demo\nbitbucket_app_password: {token}\n"


# --- attribution -------------------------------------------------------------------------------


def test_secret_added_then_removed_is_attributed_to_the_commit_that_added_it(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    repo.commit({"README.md": "hello\n"})
    c2 = repo.commit({"deploy/config.yml": cfg(TOKEN)}, who=GRACE)
    repo.commit({"deploy/config.yml": cfg(TOKEN, before="# top\n")})  # same secret, new blob, line 3
    c4 = repo.commit({"deploy/config.yml": "name: demo\n"})
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "deploy/config.yml", 2, c2)}
    (f,) = result.findings
    assert f.origin == {"commit": c2, "blob": repo.blob(f"{c4}~2", "deploy/config.yml"), "author": "Grace Hopper",
                        "email": "grace@example.test", "date": "2023-11-15T00:13:20+00:00", "in_head": False}
    assert result.errors == [] and result.exit_code(settings(repo.root).fail_on) == 1


def test_same_blob_at_two_paths_and_secret_still_at_head(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"src/app.cfg": cfg(TOKEN), "gone.cfg": cfg(OTHER)})
    c2 = repo.commit({"lib/app.cfg": cfg(TOKEN)})  # the very same blob, another folder
    repo.commit({"src/app.cfg": None, "gone.cfg": None})
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "src/app.cfg", 2, c1), ("app-password", "lib/app.cfg", 2, c2),
                            ("app-password", "gone.cfg", 2, c1)}
    # src/app.cfg is gone, but its secret is still in HEAD (at lib/app.cfg); gone.cfg's is not
    assert in_head(result) == {("app-password", "src/app.cfg"): True, ("app-password", "lib/app.cfg"): True,
                               ("app-password", "gone.cfg"): False}


def test_secret_moved_into_another_file_at_head_counts_as_in_head(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN)})
    c2 = repo.commit({"a.cfg": None, "b.env": f"X=1\nBITBUCKET_APP_PASSWORD={TOKEN}\n"})
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "a.cfg", 2, c1), ("app-password", "b.env", 2, c2)}
    assert in_head(result) == {("app-password", "a.cfg"): True, ("app-password", "b.env"): True}


def test_blob_introduced_by_a_merge_is_attributed_to_the_merge(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    repo.commit({"README.md": "base\n"})
    repo.git("checkout", "-q", "-b", "side")
    c_side = repo.commit({"side.cfg": cfg(OTHER)})
    repo.git("checkout", "-q", "main")
    repo.commit({"main.txt": "main\n"})
    repo.clock += 1
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
    (repo.root / "evil.cfg").write_text(cfg(TOKEN))  # only the merge commit holds this blob
    repo.git("add", "evil.cfg")
    repo.git("commit", "-q", "-m", "merge")
    merge = repo.git("rev-parse", "HEAD")
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "side.cfg", 2, c_side), ("app-password", "evil.cfg", 2, merge)}


# --- each blob read and scanned once --------------------------------------------------------------


def _count_scans(monkeypatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []
    real = scanner.scan_bytes

    def counting(path, data, policies, **kw):
        calls.append((path.rsplit("/", 1)[-1], hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()))
        return real(path, data, policies, **kw)

    monkeypatch.setattr(scanner, "scan_bytes", counting)
    return calls


def test_each_blob_is_scanned_once(tmp_path: Path, monkeypatch):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"README.md": "v1\n", "src/app.cfg": cfg(TOKEN)})
    repo.commit({"README.md": "v2\n"})
    c3 = repo.commit({"README.md": "v1\n", "src/app.cfg": None, "lib/app.cfg": cfg(TOKEN)})  # revert, move
    repo.commit({"README.md": "v2\n"})
    repo.git("checkout", "-q", "-b", "side", c1)
    repo.commit({"README.md": "v3\n"})
    repo.git("checkout", "-q", "main")
    calls = _count_scans(monkeypatch)
    result = scan_history(repo.root, settings(repo.root))
    assert sorted(calls) == sorted([
        ("README.md", repo.blob(c1, "README.md")), ("README.md", repo.blob("main~2", "README.md")),
        ("README.md", repo.blob("side", "README.md")), ("app.cfg", repo.blob(c1, "src/app.cfg")),
    ])
    assert rows(result) == {("app-password", "src/app.cfg", 2, c1), ("app-password", "lib/app.cfg", 2, c3)}
    assert result.files_scanned == 4


def test_a_blob_under_a_name_the_scanner_reads_differently_is_scanned_again(tmp_path: Path, monkeypatch):
    line = "https://jdoe:Zq8vR2mK9pL4xW7t@bitbucket.org\n"
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"notes.txt": line})
    c2 = repo.commit({"home/.git-credentials": line})
    calls = _count_scans(monkeypatch)
    result = scan_history(repo.root, settings(repo.root))
    blob = repo.blob(c1, "notes.txt")
    assert sorted(calls) == [(".git-credentials", blob), ("notes.txt", blob)]
    assert rows(result) == {("credential-in-url", "notes.txt", 1, c1),
                            ("credential-store-entry", "home/.git-credentials", 1, c2)}


# --- choosing commits ----------------------------------------------------------------------------


@pytest.fixture
def branchy(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """main: c1 - cm (secret M) - c3;  feature (from c1): cf (secret F)."""
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"README.md": "base\n"})
    repo.git("checkout", "-q", "-b", "feature")
    cf = repo.commit({"feature.cfg": cfg(OTHER)})
    repo.git("checkout", "-q", "main")
    cm = repo.commit({"main.cfg": cfg(TOKEN)})
    c3 = repo.commit({"README.md": "more\n"})
    return repo, {"c1": c1, "cf": cf, "cm": cm, "c3": c3}


def test_branch_range_since_and_max_count(branchy):
    repo, c = branchy
    m = ("app-password", "main.cfg", 2, c["cm"])
    f = ("app-password", "feature.cfg", 2, c["cf"])
    cases = {
        (): {m, f},
        ("--branch", "main"): {m},
        ("--branch", "feature"): {f},
        ("--branch", "main", "--branch", "feature"): {m, f},
        ("--range", "main..feature"): {f},
        ("--range", f"{c['c1']}..main"): {m},
        ("--since-commit", c["cm"]): {f},
        ("--branch", "main", "--since-commit", c["c1"]): {m},
        ("--branch", "main", "--max-count", "1"): set(),
        ("--branch", "main", "--max-count", "2"): {m},
    }
    for args, expected in cases.items():
        data, res = cli_json(str(repo.root), *args)
        assert json_rows(data) == expected, args
        assert res.exit_code == (1 if expected else 0), args


def test_in_head_looks_at_head_even_outside_the_scanned_range(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    repo.commit({"a.cfg": cfg(TOKEN), "c.cfg": cfg(THIRD)})
    repo.git("checkout", "-q", "-b", "feature")
    cf = repo.commit({"b.cfg": cfg(TOKEN, before="# copied\n"), "d.cfg": cfg(OTHER)})
    repo.git("checkout", "-q", "main")  # HEAD holds TOKEN (a.cfg), a blob the range never lists
    result = scan_history(repo.root, settings(repo.root), revs=["main..feature"])
    assert rows(result) == {("app-password", "b.cfg", 3, cf), ("app-password", "d.cfg", 2, cf)}
    assert in_head(result) == {("app-password", "b.cfg"): True, ("app-password", "d.cfg"): False}


def test_detached_head_and_commits_only_it_reaches(branchy):
    repo, c = branchy
    repo.git("checkout", "-q", "--detach", c["c1"])
    cd = repo.commit({"detached.cfg": cfg(THIRD)})
    result = scan_history(repo.root, settings(repo.root))
    assert ("app-password", "detached.cfg", 2, cd) in rows(result)
    assert in_head(result) == {("app-password", "detached.cfg"): True, ("app-password", "main.cfg"): False,
                               ("app-password", "feature.cfg"): False}


def test_range_or_branch_that_does_not_resolve_is_a_usage_error(branchy, tmp_path: Path):
    repo, _ = branchy
    res = cli(str(repo.root), "--range", "main..nope")
    assert res.exit_code == 2
    assert res.stderr.strip() == f"tokenlint: error: 'nope' (in 'main..nope') does not name a commit in {repo.root}"
    res = cli(str(repo.root), "--branch", "nope")
    assert res.exit_code == 2 and "'nope' does not name a commit" in res.stderr
    res = cli(str(repo.root), "--since-commit", "0" * 40)
    assert res.exit_code == 2 and "does not name a commit" in res.stderr
    res = cli(str(repo.root), "--branch", "")
    assert res.exit_code == 2 and "empty revision" in res.stderr
    res = cli(str(repo.root), "--range", "main..feature", "--branch", "main")
    assert res.exit_code == 2 and "cannot be combined" in res.stderr
    # a revision that looks like a git option is not passed to git as one
    res = cli(str(repo.root), "--branch", f"--output={tmp_path / 'pwned'}")
    assert res.exit_code == 2 and not (tmp_path / "pwned").exists()


# --- the scanned repository cannot run anything ----------------------------------------------------


def _trap(markers: Path, name: str, tail: str) -> str:
    script = markers.parent / f"trap-{name}.sh"
    script.write_text(f"#!/bin/sh\ntouch '{markers / name}'\n{tail}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_untrusted_repository_config_runs_nothing(tmp_path: Path):
    markers = tmp_path / "markers"
    markers.mkdir()
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"app.cfg": cfg(TOKEN), ".gitattributes": "* filter=x diff=x\n", "notes.txt": "one\n"})
    c2 = repo.commit({"notes.txt": "two\n"})
    # a signed-looking commit on top, so log.showSignature has something to verify
    head = repo.git("rev-parse", "HEAD")
    body = (f"tree {repo.git('rev-parse', 'HEAD^{tree}')}\nparent {head}\n"
            "author Eve <eve@example.test> 1700100000 +0000\ncommitter Eve <eve@example.test> 1700100000 +0000\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n")
    signed = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo.root, input=body.encode(),
                            env=git_env(), check=True, capture_output=True).stdout.decode().strip()
    repo.git("update-ref", "refs/heads/main", signed)
    hooks = repo.root / ".git" / "hooks"
    for hook in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "pre-push"):
        shutil.copy(_trap(markers, f"hook-{hook}", "exit 0"), hooks / hook)
    config = {
        "core.fsmonitor": _trap(markers, "fsmonitor", "exit 1"),
        "filter.x.clean": _trap(markers, "clean", "cat"),
        "filter.x.smudge": _trap(markers, "smudge", "cat"),
        "diff.x.textconv": _trap(markers, "textconv", 'cat "$1"'),
        "diff.external": _trap(markers, "external", "exit 0"),
        "core.sshCommand": _trap(markers, "ssh", "exit 1"),
        "core.pager": _trap(markers, "pager", "cat"),
        "pager.log": _trap(markers, "pager-log", "cat"),
        "log.showSignature": "true",
        "gpg.program": _trap(markers, "gpg", "exit 1"),
        "core.alternateRefsCommand": _trap(markers, "alternate-refs", "exit 0"),
        "credential.helper": "!" + _trap(markers, "credential", "exit 0"),
        "color.ui": "always",
        "log.showRoot": "false",
        "log.diffMerges": "separate",
    }
    for key, value in config.items():
        repo.git("config", key, value)

    # control: plain git in this repository does run them
    plain = git_env()
    subprocess.run(["git", "status"], cwd=repo.root, env=plain, capture_output=True)
    subprocess.run(["git", "log", "-1", "--format=%H"], cwd=repo.root, env=plain, capture_output=True)
    subprocess.run(["git", "log", "-p", "-1", c2], cwd=repo.root, env=plain, capture_output=True)
    subprocess.run(["git", "diff", c1, c2], cwd=repo.root, env=plain, capture_output=True)
    assert {"fsmonitor", "gpg", "textconv", "external"} <= {p.name for p in markers.iterdir()}
    for p in markers.iterdir():
        p.unlink()

    for command in (["history", str(repo.root), "--format", "json"], ["scan", str(repo.root), "--format", "json"]):
        proc = subprocess.run([sys.executable, "-m", "tokenlint", *command], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        data = json.loads(proc.stdout)
        assert {(f["rule"], f["path"].rsplit("/", 1)[-1], f["line"]) for f in data["findings"]} == {
            ("app-password", "app.cfg", 2)}, command
        if command[0] == "history":
            assert json_rows(data) == {("app-password", "app.cfg", 2, c1)}
        assert sorted(p.name for p in markers.iterdir()) == [], command


# --- bad input and odd repositories -----------------------------------------------------------------


def test_not_a_repository_and_missing_path(tmp_path: Path):
    (tmp_path / "plain").mkdir()
    res = cli(str(tmp_path / "plain"))
    assert res.exit_code == 2
    assert res.stderr == f"tokenlint: error: {tmp_path / 'plain'}: not a git repository (neither a work tree nor a bare repository)\n"
    res = cli(str(tmp_path / "nowhere"))
    assert res.exit_code == 2 and res.stderr == f"tokenlint: error: {tmp_path / 'nowhere'}: no such directory\n"


def test_empty_repository_says_so_and_exits_3(tmp_path: Path):
    Repo(tmp_path / "r")
    res = cli(str(tmp_path / "r"))
    assert res.exit_code == 3
    assert f"error: {tmp_path / 'r'}: no commits to scan: the repository is empty" in res.stdout


def test_missing_object_is_an_error_and_the_rest_is_scanned(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"keep.cfg": cfg(TOKEN), "lost.txt": "this blob will vanish\n"})
    c2 = repo.commit({"later.cfg": cfg(OTHER)})
    lost = repo.blob(c1, "lost.txt")
    repo.object_file(lost).unlink()
    data, res = cli_json(str(repo.root))
    assert res.exit_code == 3
    assert json_rows(data) == {("app-password", "keep.cfg", 2, c1), ("app-password", "later.cfg", 2, c2)}
    assert data["problems"] == [{"path": f"{c1[:12]}:lost.txt", "reason": f"object {lost} is missing or corrupt", "error": True}]


def test_corrupt_object_that_kills_cat_file_is_an_error_and_the_rest_is_scanned(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    big = "".join(f"line {i} of a large file that will be cut in half on disk\n" for i in range(6000))
    c1 = repo.commit({"big.txt": big, "a.cfg": cfg(TOKEN)})
    c2 = repo.commit({"b.cfg": cfg(OTHER)})
    oid = repo.blob(c1, "big.txt")
    obj = repo.object_file(oid)
    obj.chmod(0o644)
    obj.write_bytes(obj.read_bytes()[: obj.stat().st_size // 2])
    data, res = cli_json(str(repo.root))
    assert res.exit_code == 3
    assert json_rows(data) == {("app-password", "a.cfg", 2, c1), ("app-password", "b.cfg", 2, c2)}
    (problem,) = data["problems"]
    assert problem["path"] == f"{c1[:12]}:big.txt" and problem["error"] is True
    assert problem["reason"].startswith(f"cannot read object {oid}: git cat-file stopped (")


def test_shallow_clone_is_scanned_and_said_to_be_truncated(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    repo.commit({"old.cfg": cfg(TOKEN)})
    c2 = repo.commit({"README.md": "two\n"})
    repo.commit({"README.md": "three\n"})
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo.root}", "shallow")
    result = scan_history(tmp_path / "shallow", settings(tmp_path / "shallow"))
    # the boundary commit is the oldest this clone knows: everything in it is introduced there
    assert rows(result) == {("app-password", "old.cfg", 2, c2)}
    assert any(n.startswith("history is truncated:") and "shallow clone" in n for n in result.notes)


def test_submodule_gitlink_is_skipped(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN)})
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},vendor/lib")
    repo.clock += 1
    repo.git("commit", "-q", "-m", "add submodule")
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "a.cfg", 2, c1)}
    assert result.errors == []
    assert "history: skipped 1 submodule (gitlink) entry; scan each submodule's repository on its own" in result.notes


def test_binary_blob_is_skipped_and_counted(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"img.bin": b"\x89PNG\0\0" + TOKEN.encode(), "a.cfg": cfg(TOKEN)})
    data, res = cli_json(str(repo.root))
    assert res.exit_code == 1
    assert json_rows(data) == {("app-password", "a.cfg", 2, c1)}
    assert data["problems"] == [{"path": f"{c1[:12]}:img.bin", "reason": "binary (PNG image)", "error": False}]
    assert data["summary"]["skipped"] == {"binary": 1}


def test_blob_over_the_size_limit_is_an_error_and_the_rest_is_scanned(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"huge.log": "x" * 5000 + "\n", "a.cfg": cfg(TOKEN)})
    c2 = repo.commit({"b.cfg": cfg(OTHER)})
    data, res = cli_json(str(repo.root), "--max-file-size", "4KB")
    assert res.exit_code == 3
    assert json_rows(data) == {("app-password", "a.cfg", 2, c1), ("app-password", "b.cfg", 2, c2)}
    assert data["problems"] == [{
        "path": f"{c1[:12]}:huge.log", "error": True,
        "reason": "larger than the size limit (5001 > 4096 bytes; raise --max-file-size or exclude it)"}]


def test_bare_repository(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN)})
    git(tmp_path, "clone", "-q", "--bare", str(repo.root), "bare.git")
    result = scan_history(tmp_path / "bare.git", settings(tmp_path / "bare.git"))
    assert rows(result) == {("app-password", "a.cfg", 2, c1)}
    assert in_head(result) == {("app-password", "a.cfg"): True}


# --- reports ---------------------------------------------------------------------------------------


def test_text_report_names_commit_author_and_date_and_never_the_secret(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN)}, who=GRACE)
    repo.commit({"a.cfg": None})
    res = cli(str(repo.root))
    assert res.exit_code == 1
    assert (f"      introduced in {c1[:12]} by Grace Hopper <grace@example.test> on 2023-11-14T23:13:20+00:00; "
            "not in HEAD (history only)\n") in res.stdout
    assert "note: history: 1 commit(s) introduced 1 distinct blob(s) scanned\n" in res.stdout
    assert TOKEN not in res.stdout and TOKEN not in res.stderr
    data, _ = cli_json(str(repo.root))
    assert TOKEN not in json.dumps(data)


def test_odd_paths_are_reported_exactly(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    odd = "conf dir/tab\there ünï.cfg"
    c1 = repo.commit({odd: cfg(TOKEN)})
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", odd, 2, c1)}


def test_replace_refs_cannot_hide_a_blob(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN), "harmless.txt": "nothing here\n"})
    repo.git("replace", repo.blob(c1, "a.cfg"), repo.blob(c1, "harmless.txt"))
    assert repo.git("show", f"{c1}:a.cfg") == "nothing here"  # what plain git now shows
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "a.cfg", 2, c1)}


def test_config_exclude_applies_to_history(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"a.cfg": cfg(TOKEN), "vendor/b.cfg": cfg(OTHER), ".tokenlint.yml": "exclude: [vendor]\n"})
    result = scan_history(repo.root, settings(repo.root))
    assert rows(result) == {("app-password", "a.cfg", 2, c1)}


# --- cross-file checks: per snapshot, never every version at once ----------------------------------

API = "https://api.bitbucket.org/2.0/repositories/acme/app"
BEARER = f'curl -H "Authorization: Bearer $BB_TOKEN" {API}/refs/tags\n'
BASIC = f'curl -u "$BB_USER:$BB_TOKEN" {API}/refs/branches\n'  # Basic (x-token-auth would be a wrong pairing too)
PLAIN_BASIC = BASIC.replace("https://", "http://")
PIPELINE = """pipelines:
  default:
    - step:
        script:
          - ./deploy.sh
"""


def sh(*calls: str) -> str:
    return "#!/bin/sh\n" + "".join(calls)


def cross(result) -> set[tuple]:
    """The mixed-auth-scheme findings: (path, line, commit, in_head, snapshot)."""
    return {(f.location.path, f.location.line, f.origin["commit"], f.origin["in_head"], f.origin["snapshot"])
            for f in result.findings if f.rule == "mixed-auth-scheme"}


def test_script_fixed_from_basic_to_bearer_is_no_mixed_auth_scheme(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"release.sh": sh(PLAIN_BASIC, BASIC)})
    repo.commit({"release.sh": sh(BEARER, BEARER)})  # the fix: Basic is history now
    result = scan_history(repo.root, settings(repo.root))
    # the old version's per-file finding stays, from the commit that had it; no TL030 from two versions
    assert rows(result) == {("plaintext-http", "release.sh", 2, c1)}
    assert result.errors == []


def test_cross_file_finding_on_head_is_reported_once_with_its_introducing_commit(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    repo.commit({"ci.sh": sh(BEARER)})
    c2 = repo.commit({"release.sh": sh("set -e\n", BASIC)}, who=GRACE)  # now the credential is used both ways
    repo.commit({"ci.sh": sh("set -e\n", BEARER)})  # another version of the Bearer half
    head = repo.commit({"README.md": "docs\n"})
    data, res = cli_json(str(repo.root))
    (f,) = data["findings"]
    assert (f["rule"], f["path"], f["line"]) == ("mixed-auth-scheme", "release.sh", 3)
    assert f["origin"] == {"commit": c2, "blob": repo.blob(head, "release.sh"), "author": "Grace Hopper",
                           "email": "grace@example.test", "date": "2023-11-15T00:13:20+00:00", "in_head": True,
                           "snapshot": head}
    assert [(r["path"], r["line"]) for r in f["related"]] == [("ci.sh", 3)]  # HEAD's version only
    assert res.exit_code == 1
    # the inventory is HEAD's calls, each once
    assert sorted((u["path"], u["line"]) for u in data["usage"]) == [("ci.sh", 3), ("release.sh", 3)]


@pytest.fixture
def mixed_then_fixed(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """main: c1 (ci.sh Bearer) - c2 (release.sh Basic: mixed) - c3 (release.sh fixed to Bearer);
    branch `hotfix` from c2 (still mixed) with one commit of its own; tag `v1` on c2."""
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"ci.sh": sh(BEARER)})
    c2 = repo.commit({"release.sh": sh(BASIC)})
    repo.git("tag", "v1", c2)
    c3 = repo.commit({"release.sh": sh(BEARER)})
    repo.git("checkout", "-q", "-b", "hotfix", c2)
    hf = repo.commit({"notes.txt": "hotfix\n"})
    repo.git("checkout", "-q", "main")
    return repo, {"c1": c1, "c2": c2, "c3": c3, "hf": hf}


def test_mixed_use_only_in_old_versions_is_not_reported_but_a_live_branch_is(mixed_then_fixed):
    repo, c = mixed_then_fixed
    # main's HEAD is fixed; the tag v1 (a past release) is not checked; --branch main sees no mix
    assert cross(scan_history(repo.root, settings(repo.root), revs=["main"])) == set()
    assert cross(scan_history(repo.root, settings(repo.root), revs=[f"{c['c1']}..main"])) == set()
    # every ref (the default): the local branch hotfix still mixes them, and it is live code
    result = scan_history(repo.root, settings(repo.root))
    assert cross(result) == {("release.sh", 2, c["c2"], False, c["hf"])}
    assert cross(scan_history(repo.root, settings(repo.root), revs=["hotfix"])) == {
        ("release.sh", 2, c["c2"], False, c["hf"])}
    # once hotfix has the fix too, nothing is left anywhere
    repo.git("branch", "-D", "hotfix")
    assert cross(scan_history(repo.root, settings(repo.root))) == set()


def test_range_reports_a_cross_file_finding_only_through_what_it_introduced(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"release.sh": sh(BASIC)})
    c2 = repo.commit({"README.md": "docs\n"})
    c3 = repo.commit({"ci.sh": sh(BEARER)})  # the range c2..main brings the Bearer half
    head = repo.git("rev-parse", "HEAD")
    # the primary location (release.sh, Basic) predates the range: the finding goes to the
    # commit of the range that introduced its other half
    result = scan_history(repo.root, settings(repo.root), revs=[f"{c2}..main"])
    assert cross(result) == {("release.sh", 2, c3, True, head)}
    assert cross(scan_history(repo.root, settings(repo.root), exclude=[c2])) == {("release.sh", 2, c3, True, head)}
    result = scan_history(repo.root, settings(repo.root), max_count=1)
    assert cross(result) == {("release.sh", 2, c3, True, head)}
    # a range that introduced neither half reports nothing
    result = scan_history(repo.root, settings(repo.root), revs=[f"{c1}..{c2}"])
    assert cross(result) == set() and result.errors == []
    # ... also when it introduced other calls, and then it says so
    c4 = repo.commit({"other.sh": sh(BEARER.replace("$BB_TOKEN", "$OTHER_TOKEN"))})
    result = scan_history(repo.root, settings(repo.root), revs=[f"{c3}..{c4}"])
    assert cross(result) == set() and result.errors == []
    assert ("history: 1 cross-file finding(s) of the checked snapshots involve no file version the scanned commits "
            "introduced; not reported (scan the whole history to see them)") in result.notes


def test_cross_file_checks_see_only_the_snapshot_not_every_version(tmp_path: Path, monkeypatch):
    from tokenlint import checks

    repo = Repo(tmp_path / "r")
    repo.commit({"bitbucket-pipelines.yml": PIPELINE, "deploy.sh": sh(*(BEARER for _ in range(5)))})
    for n in range(20):  # 20 more versions of a script of 5 calls
        repo.commit({"deploy.sh": sh(f"# v{n}\n", *(BEARER for _ in range(5)))})
    seen: list[list[tuple[str, int, str]]] = []
    real = checks.run

    def counting(policies, usage, config):
        seen.append(sorted((path, fact.line, fact.fact) for path, fact in usage))
        return real(policies, usage, config)

    monkeypatch.setattr(checks, "run", counting)
    result = scan_history(repo.root, settings(repo.root))
    head_facts = [("bitbucket-pipelines.yml", 5, "script-run")] + [("deploy.sh", n, "api-call") for n in range(3, 8)]
    assert seen == [head_facts]  # one snapshot, HEAD's 6 facts: not 21 versions x 5 calls
    assert sorted((path, fact.line, fact.fact) for path, fact in result.usage) == head_facts
    assert result.files_scanned == 22 and result.errors == []


def test_baseline_and_confidence_floor_apply_to_cross_file_findings(tmp_path: Path, monkeypatch):
    repo = Repo(tmp_path / "r")
    repo.commit({"ci.sh": sh(BEARER), "release.sh": sh(PLAIN_BASIC)})
    monkeypatch.chdir(repo.root)
    data, _ = cli_json(".")
    assert {(f["rule"], f["path"], f["line"]) for f in data["findings"]} == {
        ("mixed-auth-scheme", "release.sh", 2), ("plaintext-http", "release.sh", 2)}
    data, res = cli_json(".", "--min-confidence", "high")
    assert [f["rule"] for f in data["findings"]] == ["plaintext-http"]
    assert data["summary"]["suppressed"] == {"below-confidence": 1}
    assert CliRunner().invoke(main, ["baseline", "create", ".", "-o", "base.json"]).exit_code == 0
    Path(".tokenlint.yml").write_text("baseline: base.json\n")  # untracked: history does not scan it
    data, res = cli_json(".")
    assert data["findings"] == [] and res.exit_code == 0
    assert data["summary"]["suppressed"] == {"baseline": 2}


def test_without_head_or_branches_the_tips_of_every_ref_are_checked(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    c1 = repo.commit({"ci.sh": sh(BEARER), "release.sh": sh(BASIC)})
    repo.git("tag", "-a", "-m", "release", "v1")
    repo.git("symbolic-ref", "HEAD", "refs/heads/unborn")  # HEAD names no commit
    assert cross(scan_history(repo.root, settings(repo.root))) == {("release.sh", 2, c1, False, c1)}  # from main
    repo.git("branch", "-D", "main")  # no branch left: only the annotated tag
    result = scan_history(repo.root, settings(repo.root))
    assert cross(result) == {("release.sh", 2, c1, False, c1)} and result.errors == []


# --- every version gets the same analysis; what versions say alike is said once -------------------

def _broken_py(n: int) -> str:
    """A Python 2 client `ast` cannot read even repaired (a tab after spaces), one more call each version."""
    calls = "".join(f"\trequests.get(API + '/repositories/acme/r{i}', auth=(USER, PASSWORD))\n" for i in range(n))
    return ("import os, requests\nAPI = 'https://api.bitbucket.org/1.0'\nPASSWORD = os.environ['BB_PASSWORD']\n"
            "def sync():\n        print 'syncing'\n" + calls)


def test_every_version_is_analysed_alike_and_its_notes_are_said_once_per_path(tmp_path: Path):
    repo = Repo(tmp_path / "r")
    java_v1 = ("import java.net.URI;\nimport java.net.http.*;\nclass Sync {\n  void run() throws Exception {\n"
               "    HttpClient client = HttpClient.newHttpClient();\n"
               "    HttpRequest req = HttpRequest.newBuilder().uri(URI.create(\"https://api.bitbucket.org/1.0/user\"))"
               ".build();\n    client.send(req, null);\n  }\n}\n")
    c1 = repo.commit({"src/Sync.java": java_v1, "tools/sync.py": _broken_py(1), "logo.png": b"\x89PNG\0\0one"})
    c2 = repo.commit({"src/Sync.java": java_v1.replace("1.0/user", "2.0/user"), "tools/sync.py": _broken_py(2),
                      "logo.png": b"\x89PNG\0\0two"})
    c3 = repo.commit({"tools/sync.py": _broken_py(3), "logo.png": b"\x89PNG\0\0three"})
    s = settings(repo.root)
    s.policies = [p for p in s.policies if p.slug == "removed-api"]
    result = scan_history(repo.root, s)
    # the Java file's old version and each version of the Python file (read by the fallback)
    assert rows(result) == {("removed-api", "src/Sync.java", 7, c1), ("removed-api", "tools/sync.py", 6, c1),
                            ("removed-api", "tools/sync.py", 7, c2), ("removed-api", "tools/sync.py", 8, c3)}
    assert result.notes[0] == ("tools/sync.py: Python source does not parse (line 5): Missing parentheses in call to "
                               "'print'. Did you mean print(...)?; read with the tree-sitter fallback (in 3 versions)")
    assert not any(n.startswith("tools/sync.py") for n in result.notes[1:])
    assert [(p.path, p.reason, p.error) for p in result.problems] == [
        (f"{c1[:12]}:logo.png", "binary (PNG image) (in 3 versions)", False)]
