"""A shell command as the shell rewrites see it, wherever it is written: a script, a `script:`
item or `run:` block of CI YAML, a Dockerfile `RUN`, a Makefile recipe.

The finding's line names the call; the call's options may sit on the lines its `\\` continues
to (or from). This module reads that logical command as words with their offsets in the file,
so a rewrite replaces exact words and never guesses at text it did not read. Words that hold a
construct it does not follow (a YAML escape, a here-document) make the whole site refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tokenlint.fixes import yamltext
from tokenlint.fixes.model import Edit, Refused, Site
from tokenlint.parsers.kinds import FileKind

#: The files whose shell the shell rewrites edit. A Jenkinsfile is left out on purpose: `$` in
#: its `sh "…"` strings is Groovy's interpolation, not the shell's.
SHELL_KINDS = (FileKind.SHELL, FileKind.PIPELINE, FileKind.WORKFLOW, FileKind.DOCKERFILE, FileKind.MAKEFILE)
JENKINS_REFUSAL = ("a Jenkinsfile's sh strings are Groovy strings ($ is Groovy's interpolation there); "
                   "rewrite this call by hand")

_OPERATORS = "|&;<>()"
_ASSIGNMENT = re.compile(r"""[A-Za-z_][A-Za-z0-9_]*=(?="?\$\((?!\())""")
_MAX_LINES = 40  # a command continued over more lines than this is no command a rewrite should touch


@dataclass(frozen=True)
class Word:
    """One shell word of the command: its text as written and its offsets in the file."""

    text: str
    start: int
    end: int

    def unquoted(self) -> str:
        """The word with its quotes taken away (escapes kept as written): what a pattern reads."""
        return re.sub(r"""["']""", "", self.text)


@dataclass(frozen=True)
class Call:
    """A tool's invocation: its name word and the words after it, up to the end of the simple
    command (an operator, or the `)` closing the `$(…)` it is in)."""

    tool: Word
    args: list[Word]

    @property
    def name(self) -> str:
        """The tool's name: `curl` for `/usr/bin/curl` or a Makefile's `@curl`."""
        return self.tool.text.lstrip("@-+").rsplit("/", 1)[-1]

    def flags(self, *names: str) -> list[Word]:
        """The words that are one of the option `names`, which take no value."""
        return [w for w in self.args if w.text in names]

    def option(self, *names: str) -> list[tuple[Word, Word | None, str]]:
        """Each use of an option of `names`: the option word, its value word (None when the
        value is glued to the option: `--user=x`, `-ux`), and the value's text."""
        found: list[tuple[Word, Word | None, str]] = []
        for i, word in enumerate(self.args):
            for name in names:
                if word.text == name:
                    value = self.args[i + 1] if i + 1 < len(self.args) else None
                    if value is not None:
                        found.append((word, value, value.text))
                elif name.startswith("--") and word.text.startswith(name + "="):
                    found.append((word, None, word.text[len(name) + 1:]))
                elif len(name) == 2 and not name.startswith("--") and word.text.startswith(name) \
                        and len(word.text) > 2 and not word.text.startswith("--"):
                    found.append((word, None, word.text[2:]))
        return found


def unsupported(site: Site) -> Refused | None:
    """Why the shell rewrites do not touch this file kind (None when they do)."""
    if site.kind == FileKind.JENKINSFILE:
        return Refused(JENKINS_REFUSAL)
    if site.kind not in SHELL_KINDS:
        return Refused(f"this rewrite reads shell commands, not {site.kind} files")
    return None


def ref(site: Site, name: str) -> str:
    """A reference to the environment variable `name` in the file's shell: `$$NAME` in a Makefile
    recipe (make would expand `$(NAME)` itself and echo the value in the build log), else `$NAME`."""
    return f"$${name}" if site.kind == FileKind.MAKEFILE else f"${name}"


def calls(site: Site, tools: tuple[str, ...]) -> list[Call] | Refused:
    """The invocations of `tools` in the logical command the finding's line is part of."""
    lines = logical_lines(site)
    total = site.text.count("\n") + 1
    words = _read(site, lines)
    while words is UNCLOSED and lines[-1] < total and len(lines) < _MAX_LINES:
        lines.append(lines[-1] + 1)  # a quoted string going on (`-d '{` … `}'`): the command does too
        while lines[-1] < total and len(lines) < _MAX_LINES and _continues(site, lines[-1]):
            lines.append(lines[-1] + 1)
        words = _read(site, lines)
    if isinstance(words, Refused):
        return words
    found: list[Call] = []
    for i, word in enumerate(words):
        name = word.text.rsplit("/", 1)[-1]
        if site.kind == FileKind.MAKEFILE and word.text[:1] in "@-+":  # a recipe line's echo/ignore marks
            name = word.text.lstrip("@-+").rsplit("/", 1)[-1]
        if name in tools and (i == 0 or words[i - 1].text in _SEPARATORS or _command_position(words, i)):
            args: list[Word] = []
            for arg in words[i + 1:]:
                if arg.text in _SEPARATORS:
                    break
                args.append(arg)
            found.append(Call(word, args))
    return found


_SEPARATORS = frozenset(("|", "||", "&", "&&", ";", "(", ")", "$(", "\n", "!"))
_PREFIXES = frozenset(("RUN", "exec", "command", "time", "sudo", "then", "do", "else", "if", "elif", "while", "until",
                       "!", "-", "@", "+", "-@", "@-"))


UNCLOSED = Refused("the command has a quote or substitution this rewrite cannot follow")


def _read(site: Site, lines: list[int]) -> list[Word] | Refused:
    """The words of `lines`: a line its backslash continues joins the next as a blank."""
    chars: list[str] = []
    offsets: list[int] = []
    for number in lines:
        region = region_of(site, number)
        if isinstance(region, Refused):
            return region
        start, end = region
        text = site.text[start:end]
        joined = number != lines[-1] and _continues(site, number)
        if joined:
            text = text.rstrip()[:-1]
        chars.extend(text)
        offsets.extend(range(start, start + len(text)))
        chars.append(" " if joined else "\n")
        offsets.append(start + len(text))
    return _words("".join(chars), offsets, make=site.kind == FileKind.MAKEFILE)


def _command_position(words: list[Word], i: int) -> bool:
    """Whether words[i] is a command name: after only prefixes (`RUN`, `exec`, `VAR=value`)."""
    j = i - 1
    while j >= 0 and words[j].text not in _SEPARATORS:
        text = words[j].text
        if text not in _PREFIXES and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*|\$(?:\([A-Za-z_]\w*\)|\w)", text):
            return False
        j -= 1
    return True


def logical_lines(site: Site) -> list[int]:
    """The finding's line and the lines joined to it by trailing backslashes."""
    total = site.text.count("\n") + 1
    first = site.line
    while first > 1 and site.line - first < _MAX_LINES and _continues(site, first - 1):
        first -= 1
    last = site.line
    while last < total and last - first < _MAX_LINES and _continues(site, last):
        last += 1
    return list(range(first, last + 1))


def _continues(site: Site, line: int) -> bool:
    text = site.line_text(line).rstrip()
    return text.endswith("\\") and not text.endswith("\\\\")


def region_of(site: Site, line: int) -> tuple[int, int] | Refused:
    """The offsets of the shell text on `line`: the whole line in a script, Dockerfile or Makefile;
    in YAML, the command inside its scalar (a block scalar's line, a plain or quoted item)."""
    start, end = site.line_span(line)
    if site.kind not in yamltext.YAML_KINDS:
        return start, end
    region = yamltext.scalar_region(site.text, start, end)
    if region is None:
        return Refused("the command is not one YAML scalar on its line")
    r_start, r_end, quote = region
    inner = site.text[r_start:r_end]
    if (quote == '"' and "\\" in inner) or (quote == "'" and "''" in inner):
        return Refused("the command is a quoted YAML scalar with escapes; rewrite it by hand")
    return r_start, r_end


def _words(text: str, offsets: list[int], make: bool = False) -> list[Word] | Refused:
    """Shell words of `text` with file offsets; `$(` opens a nested command (its words follow,
    closed by `)`), operators are words of their own. In a Makefile (`make`) `$(NAME)` is make's
    variable, part of a word, and `$$(` the shell's substitution."""
    words: list[Word] = []
    openers: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if make and text.startswith("$(", i) and not text.startswith("$$(", i - 1 if i else 0):
            j = _word_end(text, i)
            if j < 0:
                return UNCLOSED
            words.append(Word(text[i:j], offsets[i], offsets[j - 1] + 1))
            i = j
            continue
        assignment = _ASSIGNMENT.match(text, i)
        if assignment:  # `R=$(curl …)`: the assignment, then the substitution's command
            words.append(Word(assignment.group(), offsets[i], offsets[assignment.end() - 1] + 1))
            i = assignment.end()
            continue
        for opener in ('"$(', "$("):
            if text.startswith(opener, i) and not text.startswith("$((", i + len(opener) - 2):
                words.append(Word("$(", offsets[i], offsets[i + len(opener) - 1] + 1))
                openers.append(opener)
                i += len(opener)
                break
        else:
            opener = ""
        if opener:
            continue
        if c == ")" and openers:
            end = i + 1
            if openers.pop() == '"$(':
                if not text.startswith('"', end):
                    return UNCLOSED
                end += 1
            words.append(Word(")", offsets[i], offsets[end - 1] + 1))
            i = end
            continue
        if c in " \t":
            i += 1
            continue
        if c == "\n":
            words.append(Word("\n", offsets[i], offsets[i]))
            i += 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\n;&|("):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in _OPERATORS:
            j = i + 1
            if j < n and text[j] == c and c in "|&<>":
                j += 1
            if text.startswith("<<", i):
                return Refused("the command reads a here-document; rewrite it by hand")
            words.append(Word(text[i:j], offsets[i], offsets[j - 1] + 1))
            i = j
            continue
        j = _word_end(text, i)
        if j < 0:
            return UNCLOSED
        words.append(Word(text[i:j], offsets[i], offsets[j - 1] + 1))
        i = j
    return words


def _word_end(text: str, i: int) -> int:
    """Where the word starting at i ends (-1 when a quote or substitution is not closed)."""
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\n" or c in _OPERATORS:
            return i
        if c == "\\":
            i += 2
        elif c == "'":
            close = text.find("'", i + 1)
            if close < 0:
                return -1
            i = close + 1
        elif c == '"':
            i = _double_quoted_end(text, i + 1)
            if i < 0:
                return -1
        elif text.startswith("$(", i) or text.startswith("${", i):
            i = _balanced_end(text, i + 1)
            if i < 0:
                return -1
        elif c == "`":
            close = text.find("`", i + 1)
            if close < 0:
                return -1
            i = close + 1
        else:
            i += 1
    return min(i, n)


def _double_quoted_end(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == '"':
            return i + 1
        elif text.startswith("$(", i) or text.startswith("${", i):
            i = _balanced_end(text, i + 1)
            if i < 0:
                return -1
        else:
            i += 1
    return -1


def _balanced_end(text: str, i: int) -> int:
    """After the bracket at i (`(` or `{`), the offset past its match, quotes inside followed."""
    opening = text[i]
    closing = ")" if opening == "(" else "}"
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "'" and opening == "(":
            close = text.find("'", i + 1)
            if close < 0:
                return -1
            i = close
        elif c == '"':
            end = _double_quoted_end(text, i + 1)
            if end < 0:
                return -1
            i = end
            continue
        i += 1
    return -1


def drop(site: Site, start: int, end: int) -> tuple[int, int]:
    """The span that removes the words at `start:end` and one side's blanks, on their line."""
    line_end = site.text.find("\n", end)
    line_end = len(site.text) if line_end < 0 else line_end
    after = end
    while after < line_end and site.text[after] in " \t":
        after += 1
    if after > end and after < line_end and site.text[after] != "\\":
        return start, after
    before = start
    while before > 0 and site.text[before - 1] in " \t":
        before -= 1
    return before, end


def place_all(site: Site, changes: list[tuple[int, int, str]]) -> list[Edit] | Refused:
    """Each (start, end, shell text) change placed in the file (YAML quoting kept right)."""
    edits: list[Edit] = []
    for start, end, new in changes:
        placed = yamltext.place(site, start, end, new)
        if isinstance(placed, Refused):
            return placed
        edits.extend(e for e in placed if e not in edits)
    return edits


def simple_value(value: str) -> bool:
    """Whether a credential value is written out, not built at run time: no command substitution,
    no backquotes, no parameter expansion with an operator (`${P+:$P}`, `${P:-x}`)."""
    if "$(" in value or "`" in value:
        return False
    return all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", inner) for inner in re.findall(r"\$\{([^}]*)\}", value))


def split_user_secret(value: str) -> bool:
    """Whether `value` (quotes removed) is `user:secret` with the colon at top level, once."""
    bare = re.sub(r"\$\{[^}]*\}", "V", value.replace('"', "").replace("'", ""))
    return bare.count(":") == 1 and not bare.startswith(":") and not bare.endswith(":")
