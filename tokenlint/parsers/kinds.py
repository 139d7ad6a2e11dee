"""What kind of file a document is: the one place that decides, by name, extension, shebang
and (for git config) content, so that every detector and the scanner agree on it.

The kinds are the front ends tokenlint has: a detector declares which kinds it reads
(tokenlint.detectors.registry), and a new language is a new kind here plus a front end.
"""

from __future__ import annotations

import re
from enum import StrEnum


class FileKind(StrEnum):
    PIPELINE = "pipeline-yaml"  # bitbucket-pipelines.yml and its variants
    WORKFLOW = "ci-yaml"  # GitHub/GitLab workflows and other CI YAML with `run:`/`script:` lines
    DOCKERFILE = "dockerfile"
    MAKEFILE = "makefile"
    JENKINSFILE = "jenkinsfile"
    SHELL = "shell"
    PYTHON = "python"
    JAVASCRIPT = "javascript"  # and TypeScript
    JAVA = "java"
    GO = "go"
    PHP = "php"
    RUBY = "ruby"
    CSHARP = "csharp"
    TERRAFORM = "terraform"  # HCL: Terraform and OpenTofu configurations
    NETRC = "netrc"  # .netrc and .git-credentials
    GIT_CONFIG = "git-config"
    MARKDOWN = "markdown"  # read for its fenced code blocks (tokenlint.parsers.docblocks)
    RESTRUCTUREDTEXT = "restructuredtext"  # read for its code-block directives and literal blocks
    OTHER = "other"


#: Kinds whose shell lives in regions (a `script:` item, a `RUN` line, a recipe, an `sh` step)
#: or is the whole file: what the shell front end reads.
SHELL_HOSTS = frozenset((FileKind.PIPELINE, FileKind.WORKFLOW, FileKind.DOCKERFILE, FileKind.MAKEFILE,
                         FileKind.JENKINSFILE, FileKind.SHELL))

PY_SUFFIXES = (".py", ".pyw")
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")
#: Languages read by a tree-sitter front end (tokenlint.detectors.program_calls), by suffix.
PROGRAM_SUFFIXES = {".java": FileKind.JAVA, ".go": FileKind.GO, ".php": FileKind.PHP, ".rb": FileKind.RUBY,
                    ".rake": FileKind.RUBY, ".cs": FileKind.CSHARP, ".tf": FileKind.TERRAFORM,
                    ".tofu": FileKind.TERRAFORM}
#: Program kinds whose whole file is source code (their comments are not shell).
PROGRAMS = frozenset((FileKind.PYTHON, FileKind.JAVASCRIPT, *PROGRAM_SUFFIXES.values()))
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")
RST_SUFFIXES = (".rst", ".rest")
#: Documents whose code blocks are read as the language each declares.
DOCUMENTS = frozenset((FileKind.MARKDOWN, FileKind.RESTRUCTUREDTEXT))
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".bashrc", ".profile", ".envrc")
NETRC_NAMES = (".netrc", "_netrc", "netrc", ".git-credentials")
GIT_CONFIG_NAMES = ("config", ".gitconfig", "gitconfig", ".gitmodules")
_CI_YAML_NAMES = ("azure-pipelines.yml", "config.yml", ".drone.yml", "buildspec.yml", "cloudbuild.yaml")
# A GitHub action's metadata: a composite action's `runs: steps: - run:` is read like a workflow's
# `run:` (the runner pastes `${{ inputs.password }}` into it the same way).
_ACTION_NAMES = ("action.yml", "action.yaml")
_SHEBANG = re.compile(r"#!\S*(/|env )(ba|z|k|da)?sh\b")
_GIT_CONFIG_SECTION = re.compile(r"^\s*\[(remote|url|http|credential)", re.MULTILINE)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].lower()


def is_pipeline_name(name: str) -> bool:
    """`bitbucket-pipelines.yml` and its variants, by (lower-case) file name: a file that concerns
    Bitbucket whatever it says."""
    return name.startswith("bitbucket-pipelines")


def forced_by_name(name: str) -> bool:
    """Whether a (lower-case) file name alone makes a file worth detecting in, before any of its
    bytes are looked at: credential stores and pipeline files."""
    return name in NETRC_NAMES or is_pipeline_name(name)


def shell_host_by_name(path: str) -> FileKind | None:
    """The shell-holding kind a path names, by name only (no content read)."""
    lower = path.lower()
    name = lower.rsplit("/", 1)[-1]
    if name.endswith((".yml", ".yaml")):
        if is_pipeline_name(name):
            return FileKind.PIPELINE
        if name.startswith(".gitlab-ci") or "/.github/workflows/" in "/" + lower or name in _CI_YAML_NAMES \
                or name in _ACTION_NAMES:
            return FileKind.WORKFLOW
        return None
    if name.endswith(SHELL_SUFFIXES):
        return FileKind.SHELL
    if name == "dockerfile" or name.startswith("dockerfile.") or name.endswith(".dockerfile"):
        return FileKind.DOCKERFILE
    if name in ("makefile", "gnumakefile") or name.endswith(".mk"):
        return FileKind.MAKEFILE
    if name == "jenkinsfile" or name.endswith((".jenkinsfile", ".groovy")):
        return FileKind.JENKINSFILE
    return None


def is_shell_script(text: str) -> bool:
    """A `#!…sh` shebang on the first line."""
    return text.startswith("#!") and _SHEBANG.match(text) is not None


#: Plain-text files that may hold a command line someone saved to run again.
SAVED_COMMAND_SUFFIXES = (".txt", ".text", ".cmd", ".curl")
_SAVED_COMMAND = re.compile(r"[ \t]*(?:sudo[ \t]+)?(?:curl|wget|git|http|https)[ \t]")
SAVED_COMMAND_WINDOW = 4096  # only the head of a file is looked at: this runs on every text file


def is_saved_command(path: str, text: str) -> bool:
    """A text file (`.txt`, or no extension) whose first line that is neither blank nor a `#`
    comment is an HTTP or git command (`curl …`, `wget …`) and that names Bitbucket: a command
    saved to be pasted into a shell,
    read as shell so that its call, its credential and `-v` are judged as in a script. Cheap on
    purpose: the first line and a bounded head only."""
    name = _name(path)
    if not (name.endswith(SAVED_COMMAND_SUFFIXES) or "." not in name.lstrip(".")):
        return False
    head = text[:SAVED_COMMAND_WINDOW]
    first = next((line for line in head.split("\n") if line.strip() and not line.lstrip().startswith("#")), "")
    return _SAVED_COMMAND.match(first) is not None and "bitbucket" in head.lower()


def classify(path: str, text: str) -> FileKind:
    """The kind of a document. Program sources win by extension; a git config file must also
    hold a section that can name a remote or a credential (a file merely named `config` is not
    one); then the shell hosts by name; then a shell shebang; then credential stores; then a
    command line saved in a text file (`is_saved_command`); else OTHER."""
    name = _name(path)
    if name.endswith(PY_SUFFIXES):
        return FileKind.PYTHON
    if name.endswith(JS_SUFFIXES):
        return FileKind.JAVASCRIPT
    suffix = name[name.rfind("."):] if "." in name else ""
    if suffix in PROGRAM_SUFFIXES:
        return PROGRAM_SUFFIXES[suffix]
    if name in ("rakefile", "gemfile", "vagrantfile", "fastfile", "podfile"):
        return FileKind.RUBY
    if name.endswith(MARKDOWN_SUFFIXES):
        return FileKind.MARKDOWN
    if name.endswith(RST_SUFFIXES):
        return FileKind.RESTRUCTUREDTEXT
    if (name in GIT_CONFIG_NAMES or name.endswith(".gitconfig")) and _GIT_CONFIG_SECTION.search(text):
        return FileKind.GIT_CONFIG
    host = shell_host_by_name(path)
    if host is not None:
        return host
    if is_shell_script(text):
        return FileKind.SHELL
    if name in NETRC_NAMES:
        return FileKind.NETRC
    return FileKind.SHELL if is_saved_command(path, text) else FileKind.OTHER
