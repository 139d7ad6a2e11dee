"""Code blocks of Markdown and reStructuredText documents, with the language they declare and
the line they start on.

A README's ```` ```bash ```` block or an `.. code-block:: python` directive is a program in
that language, shown to readers who copy it. Reading each block with its own front end, at
the lines of the original file, is what lets `curl -u` in a README be judged as the call it
is, and marked as documentation (tokenlint.detectors.doc_snippets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BLOCKS = 500  # per document: a generated reference of thousands of snippets is not read further

#: Info-string languages, by the front end that reads them.
SHELL = frozenset(("bash", "sh", "shell", "zsh", "console", "shell-session", "shellsession", "sh-session",
                   "terminal", "ksh", "dash"))
PYTHON = frozenset(("python", "py", "python3", "pycon", "ipython"))
JAVASCRIPT = frozenset(("js", "javascript", "node", "nodejs", "ts", "typescript", "jsx", "tsx", "mjs"))
YAML = frozenset(("yaml", "yml"))
GROOVY = frozenset(("groovy", "jenkinsfile", "jenkins"))
DOCKERFILE = frozenset(("dockerfile", "docker"))
MAKEFILE = frozenset(("make", "makefile"))


@dataclass(frozen=True)
class Block:
    language: str  # lower case, as declared ("" when none)
    text: str  # the block's lines, indentation common to all of them removed
    line: int  # line of the document the block's first line is on (1-based)


# Any indentation: a fence nested in a list item sits four spaces in, and is still a fence there.
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?P<lang>[\w+\-.]*)")
_RST_HIGHLIGHT = re.compile(r"^[ \t]*\.\.[ \t]+highlight::[ \t]*(?P<lang>[\w+\-.]+)")
_LOOKS_LIKE_SHELL = re.compile(r"^\s*(?:\$\s+|#\s*)?(?:curl|wget|git|http|export|sudo|docker)\b", re.MULTILINE)


#: Info strings that declare no language: such a block (and an indented one) is read as what it
#: looks like (`guess`), as a reStructuredText literal block is. `text`, `plaintext`, `output`
#: and the like are a declaration too: the author says it is no code, and it is not read.
UNDECLARED = frozenset(("", "code", "nohighlight"))
#: A file name as the info string (```` ```bitbucket-pipelines.yml ````, ```` ```yaml:ci.yml ````).
_BY_EXTENSION = ((".yml", "yaml"), (".yaml", "yaml"), (".sh", "bash"), (".bash", "bash"), (".py", "python"),
                 (".js", "js"), (".ts", "ts"), (".groovy", "groovy"))
_PROMPT = re.compile(r"^\s*[$%]\s")


def language_of(info: str) -> str:
    """`bash`, `{.python}`, `python title="x.py"`, `yaml:ci.yml`, `bitbucket-pipelines.yml` -> the
    language word, lower case; a file name's language by its extension."""
    word = info.strip().lstrip("{").lstrip(".").split(None, 1)[0] if info.strip() else ""
    word = re.split(r"[,{}]", word, maxsplit=1)[0].lower()
    head, colon, _ = word.partition(":")
    if colon and head:
        word = head
    if word == "jenkinsfile" or word.startswith("dockerfile"):
        return word
    return next((lang for ext, lang in _BY_EXTENSION if word.endswith(ext)), word)


def guess(text: str) -> str:
    """The language of a block that declares none: shell when a line reads like a command (a
    `$ ` prompt, `curl`, `git`, `export` …), else "" (the caller may still sniff YAML)."""
    return "bash" if _LOOKS_LIKE_SHELL.search(text) else ""


def markdown(text: str) -> list[Block]:
    """Fenced code blocks (```` ``` ```` or `~~~`; an unclosed fence runs to the end, as in
    CommonMark) and indented code blocks (four spaces or a tab after a blank line, language
    undeclared)."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines) and len(blocks) < MAX_BLOCKS:
        m = _FENCE.match(lines[i])
        if not m:
            if _INDENTED.match(lines[i]) and (i == 0 or not lines[i - 1].strip()):
                i = _indented_block(lines, i, blocks)
                continue
            i += 1
            continue
        fence, indent = m.group("fence"), len(m.group("indent"))
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(_dedent(lines[j], indent))
            j += 1
        blocks.append(Block(language_of(m.group("info")), "\n".join(body), i + 2))
        i = j + 1
    return blocks


_INDENTED = re.compile(r"^(?: {4}|\t)[ \t]*\S")


def _indented_block(lines: list[str], i: int, blocks: list[Block]) -> int:
    """An indented code block from line `i` to the last indented line before a line that is not
    (blank lines inside it belong to it); returns the line after it. A list item's indented
    paragraph is taken too: it is read only when it looks like code (`guess`)."""
    j = i
    while j < len(lines) and (not lines[j].strip() or _INDENTED.match(lines[j])) and not _FENCE.match(lines[j]):
        j += 1
    body = lines[i:j]
    while body and not body[-1].strip():
        body.pop()
    blocks.append(Block("", "\n".join(b[4:] if b.startswith("    ") else b[1:] for b in body), i + 1))
    return j


def _dedent(line: str, indent: int) -> str:
    """A fenced block's line without the fence's indentation (CommonMark: up to that many leading
    spaces); a fence at column 0 removes nothing, so YAML and Python keep their structure."""
    return line[min(indent, len(line) - len(line.lstrip(" "))):]


def restructuredtext(text: str) -> list[Block]:
    """`.. code-block:: lang` (and `code`, `sourcecode`) directives and `::` literal blocks; a
    literal block takes the language of the last `.. highlight::`, else shell when it reads like
    a command line, else none."""
    blocks: list[Block] = []
    lines = text.split("\n")
    highlight = ""
    i = 0
    while i < len(lines) and len(blocks) < MAX_BLOCKS:
        line = lines[i]
        if h := _RST_HIGHLIGHT.match(line):
            highlight = h.group("lang").lower()
            i += 1
            continue
        directive = _RST_DIRECTIVE.match(line)
        literal = not directive and line.rstrip().endswith("::") and not line.lstrip().startswith("..")
        if not (directive or literal):
            i += 1
            continue
        base = len(line) - len(line.lstrip())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or
                                  (directive and lines[j].strip().startswith(":") and _indent(lines[j]) > base)):
            j += 1  # the blank line and the directive's options (`:linenos:`)
        start = j
        while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
            j += 1
        body = lines[start:j]
        while body and not body[-1].strip():
            body.pop()
        if body:
            cut = min(_indent(b) for b in body if b.strip())
            code = "\n".join(b[cut:] for b in body)
            if directive:
                language = directive.group("lang").lower()
            else:
                language = highlight or ("bash" if _LOOKS_LIKE_SHELL.search(code) else "")
            blocks.append(Block(language, code, start + 1))
        i = max(j, i + 1)
    return blocks


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def python_session(text: str) -> str:
    """An interactive Python session (`>>> `, `... ` prompts) as the code typed, output lines
    blanked so that lines keep their numbers; code without prompts is returned as it is."""
    if not re.search(r"^\s*>>>( |$)", text, re.MULTILINE):
        return text
    out = []
    for line in text.split("\n"):
        m = re.match(r"^\s*(?:>>>|\.\.\.)(?: (.*))?$", line)
        out.append((m.group(1) or "") if m else "")
    return "\n".join(out)


def console(text: str) -> str:
    """A console session as the commands typed: `$ ` prompts dropped, lines without one (output)
    blanked, so that lines keep their numbers."""
    if not re.search(r"^\s*[$%>]\s", text, re.MULTILINE):
        return text
    out = []
    continued = False
    for line in text.split("\n"):
        m = re.match(r"^\s*[$%]\s(.*)$", line)
        if m or continued:
            body = m.group(1) if m else line
            out.append(body)
            continued = body.rstrip().endswith("\\")
        else:
            out.append("")
    return "\n".join(out)
