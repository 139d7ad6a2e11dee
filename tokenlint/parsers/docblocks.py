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


_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?P<lang>[\w+\-.]*)")
_RST_HIGHLIGHT = re.compile(r"^[ \t]*\.\.[ \t]+highlight::[ \t]*(?P<lang>[\w+\-.]+)")
_LOOKS_LIKE_SHELL = re.compile(r"^\s*(?:\$\s+|#\s*)?(?:curl|wget|git|http|export|sudo|docker)\b", re.MULTILINE)


def language_of(info: str) -> str:
    """`bash`, `{.python}`, `python title="x.py"` -> the language word, lower case."""
    word = info.strip().lstrip("{").lstrip(".").split(None, 1)[0] if info.strip() else ""
    return re.split(r"[,{}]", word, maxsplit=1)[0].lower()


def markdown(text: str) -> list[Block]:
    """Fenced code blocks (```` ``` ```` or `~~~`); an unclosed fence runs to the end, as in CommonMark."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines) and len(blocks) < MAX_BLOCKS:
        m = _FENCE.match(lines[i])
        if not m:
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
