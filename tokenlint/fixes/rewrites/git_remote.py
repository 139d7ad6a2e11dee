"""A credential in a git remote URL (`https://user:$SECRET@bitbucket.org/…`) → a bare URL.

Where the command runs decides what replaces the credential:

- **Inside Bitbucket Pipelines, on the build's own repository** (a `bitbucket-pipelines.yml`
  step, or a script a step runs, naming `$BITBUCKET_REPO_FULL_NAME`, `$BITBUCKET_WORKSPACE/
  $BITBUCKET_REPO_SLUG` or the configured repository): no credential at all. Pipelines clones
  through an authenticating proxy and sets it up for `origin`'s URL, `$BITBUCKET_GIT_HTTP_ORIGIN`.
  `git push URL …` becomes `git push origin …`; a `git remote add/set-url NAME URL` (or
  `git config remote.NAME.url URL`) keeps its line and stores `"$BITBUCKET_GIT_HTTP_ORIGIN"`,
  the URL the proxy answers for, so later `git push NAME` still works. (The push is then made
  as the pipeline, under the branch permissions every Pipelines push meets.)
- **Elsewhere**, a command that names the URL itself (`push`, `clone`, `fetch`, `pull`,
  `ls-remote`) gets the bare URL and the credential for that one command, which git keeps out
  of `.git/config`:
  - an access token (what `suggest` recommends for automation): `git -c
    http.extraHeader="Authorization: Bearer $TOKEN" push https://bitbucket.org/…`;
  - an API token (a person's; git takes it as the password of the fixed username
    `x-bitbucket-api-token-auth`): git has no Bearer for it, and a Basic extra header would
    need the pair base64-encoded at run time, so it goes through a credential helper given on
    the command line, after an empty one that clears any configured helper (so `store` never
    writes it to disk): `git -c credential.helper= -c credential.helper='!f() { echo
    username=x-bitbucket-api-token-auth; echo "password=$TOKEN"; }; f' push …`. The helper
    is a child process, so it reads the token from the environment (CI variables are there;
    a variable the script sets without `export` is refused), and the secret never sits in
    git's argument list.
  A variable that already holds the right kind of token (`x-token-auth:$REPO_TOKEN`) is kept;
  an app password, an account password or a literal secret is replaced by the variable named
  by `--token-var`/`--api-token-var` (a literal is then listed for revocation).

Refused, with the reason: a remote stored outside Pipelines (`git remote add/set-url`, `git
config remote.NAME.url`: the later commands that use it would lose the credential), a `git
clone` whose clone a later command of the file pushes or fetches through, `insteadOf`
rewrites, credentials written to `.git-credentials` (`credential.helper store`: the file must
go, and what reads it is elsewhere), helpers and extra headers already in place, URLs built at
run time, and lines holding more than one such URL.
"""

from __future__ import annotations

import re
import shlex

from tokenlint.facts import CredentialKind, GitRemote, GitVia
from tokenlint.fixes import yamltext
from tokenlint.fixes.model import ACCESS_TOKEN, API_TOKEN, NewVariable, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.parsers.kinds import FileKind

NAME = "git-remote-credential"
PIPELINES_ORIGIN = '"$BITBUCKET_GIT_HTTP_ORIGIN"'
API_TOKEN_USER = "x-bitbucket-api-token-auth"

# a URL with userinfo, as one shell word (optionally quoted as a whole)
# (`https://"$user:$password"@host/…` quotes the userinfo alone)
_URL = re.compile(r"""(?P<q>["']?)(?P<scheme>https?://)(?P<userinfo>"[^"\s/@]+"|[^\s/@"']+)@(?P<rest>[^\s"';|&)]*)"""
                  r"""(?P=q)""")
_GIT = re.compile(r"(?:^|(?<=[\s;&|(]))git(?=[ \t])")
_VARIABLE = re.compile(r"^\$(?:\{(?P<braced>[A-Za-z_]\w*)\}|(?P<bare>[A-Za-z_]\w*))$")
_LATER_USE = re.compile(r"(?:^|[\s;&|(])git\s[^\n#]*\b(?:push|pull|fetch)\b(?![^\n#]*://)")
_ONE_COMMAND = ("push", "clone", "fetch", "pull", "ls-remote")
_REFUSED_VIA = {
    GitVia.STORE: "the credential is written to a .git-credentials store: remove the store and the line writing it "
                  "by hand (the file outlives the build), then give git the token per command",
    GitVia.HELPER: "the credential comes from a credential helper the script defines; rewrite the helper by hand",
    GitVia.EXTRAHEADER: "the credential already goes in an extra header, not in a URL",
    GitVia.INSTEAD_OF: "an insteadOf rewrite adds the credential to every URL under it; replace it by hand",
    GitVia.REMOTE: "the credential was stored with the remote on another line; it is fixed there",
}


@rewrite(NAME, kinds=(FileKind.SHELL, FileKind.PIPELINE, FileKind.WORKFLOW))
def git_remote(site: Site) -> Rewrite | Refused:
    remote = _remote(site)
    if isinstance(remote, Refused):
        return remote
    start, end = site.line_span(site.line)
    line = site.text[start:end]
    urls = [m for m in _URL.finditer(line) if _host(m.group("rest")) in (remote.host.lower(), "$")]
    if len(urls) != 1:
        return Refused("the line has no single git URL with a credential to rewrite" if not urls
                       else "the line has several URLs with credentials; which one is the command's is not clear")
    url = urls[0]
    user, colon, secret = url.group("userinfo").strip('"').partition(":")
    secret = secret if colon else user  # `https://$TOKEN@host/…`: the name is the credential
    if "$(" in url.group("userinfo") or "`" in url.group("userinfo"):
        return Refused("the URL's credential is built by a command substitution")
    command = _command(site, line, url.start())
    if isinstance(command, Refused):
        return command
    git_end, words = command
    sub = words[0] if words else ""
    storing = sub == "remote" or (sub == "config" and any(re.fullmatch(r"remote\..+\.url", w) for w in words))
    if sub == "config" and not storing:
        return Refused(_REFUSED_VIA[GitVia.INSTEAD_OF] if "insteadof" in line.lower()
                       else "git config stores a credential URL that is no remote's URL; rewrite it by hand")
    in_pipelines = site.kind == FileKind.PIPELINE or bool(remote.via)
    if in_pipelines and remote.this_repo and (sub == "push" or storing):
        if url.start() > 0 and not line[url.start() - 1].isspace():
            return Refused("the URL is part of a longer shell word")
        new = "origin" if sub == "push" else PIPELINES_ORIGIN
        edits = yamltext.place(site, start + url.start(), start + url.end(), new)
        return edits if isinstance(edits, Refused) else Rewrite(edits, [])
    if storing:
        return Refused("git remote stores the URL for later commands, which would lose the credential; give those "
                       "commands the token themselves (git -c http.extraHeader=… push NAME) by hand")
    if sub not in _ONE_COMMAND:
        return Refused(f"git {sub or '(no subcommand)'} is not a command fix rewrites (push, clone, fetch, pull, "
                       "ls-remote)")
    if sub == "clone" and _LATER_USE.search(site.text, end):
        return Refused("a later git command of the file may push or fetch through this clone's stored credential; "
                       "give it the token too, by hand")
    return _per_command(site, remote, start, git_end, url, secret)


def _remote(site: Site) -> GitRemote | Refused:
    remotes = [f for f in site.facts if isinstance(f, GitRemote) and f.line == site.line and f.credential]
    in_url = [r for r in remotes if r.through == GitVia.URL]
    if in_url:
        return in_url[0]
    if remotes:
        return Refused(_REFUSED_VIA.get(remotes[0].through, "the credential does not sit in the URL"))
    return Refused("the finding is not about a git remote URL", applies=False)


def _host(rest: str) -> str:
    host = re.split(r"[/:]", rest, maxsplit=1)[0].lower()
    return "$" if host.startswith("$") else host


def _command(site: Site, line: str, url_start: int) -> tuple[int, list[str]] | Refused:
    """Where the `git` word of the URL's command ends, and its words up to the URL with global
    options (`-c k=v`, `-C dir`) left out."""
    ends = [m.end() for m in _GIT.finditer(line, 0, url_start)]
    if site.kind in yamltext.YAML_KINDS:  # `- 'git push …'`: the scalar's quote opens the command
        lead = yamltext.scalar_lead(line)
        if line[lead:lead + 1] in ("'", '"') and re.match(r"git[ \t]", line[lead + 1:]):
            ends.append(lead + 4)
    if not ends:
        return Refused("no git command names the URL on its line")
    git_end = max(e for e in ends if e <= url_start)
    if re.search(r"[;&|]", line[git_end:url_start]):
        return Refused("the URL is not an argument of the git command before it")
    try:
        words = shlex.split(line[git_end:url_start])
    except ValueError:
        return Refused("the git command's words could not be read (quotes or escapes that fix does not follow)")
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] in ("-c", "-C") else words[1:]
    return git_end, words


def _github_workflow(site: Site) -> bool:
    return site.kind == FileKind.WORKFLOW and "/.github/workflows/" in f"/{site.path}"


def _per_command(site: Site, remote: GitRemote, start: int, git_end: int, url: re.Match[str],
                 secret: str) -> Rewrite | Refused:
    """`git -c … <sub> …` with the bare URL: the credential for this one command."""
    token, variable, variables = _token(site, remote, secret)
    if variables and _github_workflow(site):
        return Refused(f"in a GitHub workflow ${variable} needs a secret and an env: entry, which fix does not add")
    if token == API_TOKEN:
        if re.search(rf"(?m)^[ \t]*{re.escape(variable)}=", site.text):
            return Refused(f"${variable} is set by the file without export, and the credential helper that would "
                           "send it runs as a child process")
        option = (f" -c credential.helper= -c credential.helper='!f() {{ echo username={API_TOKEN_USER}; "
                  f"echo \"password=${variable}\"; }}; f'")
    else:
        option = f' -c http.extraHeader="Authorization: Bearer ${variable}"'
    kept = yamltext.shell_text(site, start + git_end, start + url.start("userinfo"))
    if isinstance(kept, Refused):
        return kept
    edits = yamltext.place(site, start + git_end, start + url.end("userinfo") + 1, option + kept)
    return edits if isinstance(edits, Refused) else Rewrite(edits, variables)


def _token(site: Site, remote: GitRemote, secret: str) -> tuple[str, str, list[NewVariable]]:
    """Which token the command sends, the variable holding it, and the variables that are new."""
    held = _VARIABLE.match(secret)
    name = (held.group("braced") or held.group("bare")) if held else None
    if name and not remote.credential_literal and not remote.type_conflict:  # a token by its name and its use
        if remote.credential_kind == CredentialKind.ACCESS_TOKEN:
            return ACCESS_TOKEN, name, []
        if remote.credential_kind == CredentialKind.API_TOKEN:
            return API_TOKEN, name, []
    news = [v for v in site.new_variables() if v.token != "email"]  # git's API token user is fixed
    if site.token_type == API_TOKEN:
        return API_TOKEN, site.options.api_token_var, news
    return ACCESS_TOKEN, site.options.token_var, news
