"""Shell through a real grammar (tree-sitter-bash): commands, words, quoting, here-docs,
assignments and expansions, with line numbers.

Words are evaluated against the assignments seen so far in the same script, so
`API=https://api.bitbucket.org/2.0; curl "$API/user"` resolves to the full URL. Anything that
cannot be known statically stays `${NAME}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from tokenlint.parsers.values import SUBST, Value

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_SCRIPT = 2_000_000  # characters; beyond this a script is not parsed (bounded time/memory)


@dataclass
class Command:
    name: str
    args: list[Value]
    line: int  # 1-based, relative to the script text given to `analyze`
    column: int
    env: dict[str, Value]
    heredoc: str = ""
    arg_lines: list[int] = field(default_factory=list)


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    env: dict[str, Value] = field(default_factory=dict)
    assignments: list[tuple[str, Value, int]] = field(default_factory=list)
    errors: int = 0
    too_large: bool = False  # over MAX_SCRIPT: not parsed, no commands (the caller notes it)


@cache
def _parser() -> Parser:
    import tree_sitter  # start-up: only files that hold shell need the grammar
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def analyze(text: str, env: dict[str, Value] | None = None) -> Script:
    """Parse `text` and list its commands in order, with words resolved against `env`."""
    script = Script(env=dict(env or {}))
    if len(text) > MAX_SCRIPT:
        script.too_large = True
        return script
    source = text.encode("utf-8", "surrogateescape")
    tree = _parser().parse(source)
    _Walker(script, source).visit(tree.root_node)
    return script


class _Walker:
    def __init__(self, script: Script, source: bytes) -> None:
        self.script = script
        self.source = source

    def text(self, node: Node) -> str:
        return (node.text or b"").decode("utf-8", "surrogateescape")

    def visit(self, node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "ERROR":
                self.script.errors += 1
            if t == "variable_assignment":
                self.assign(n)
                continue
            if t == "command":
                self.command(n)
                # substitutions inside the command's words are commands too
                # (a `NAME=value cmd` prefix applies to that command only: not visited as an assignment)
                stack.extend(reversed([c for c in n.children if c.type not in ("command_name", "variable_assignment")]))
                continue
            stack.extend(reversed(n.children))

    def assign(self, node: Node) -> None:
        name_node = node.child_by_field_name("name") or node.children[0]
        value_node = node.child_by_field_name("value")
        value = self.eval(value_node) if value_node is not None else Value("")
        name = self.text(name_node)
        self.script.env[name] = value
        self.script.assignments.append((name, value, node.start_point[0] + 1))

    def command(self, node: Node) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return  # a bare assignment prefix: already recorded
        args: list[Value] = []
        lines: list[int] = []
        group: list[Node] = []
        for child in node.children:
            if child.type in ("command_name", "variable_assignment", "comment") or child.type.endswith("redirect"):
                continue
            if group and child.start_byte != group[-1].end_byte:
                args.append(Value("".join(self.joined(group))))
                lines.append(group[0].start_point[0] + 1)
                group = []
            group.append(child)
        if group:
            args.append(Value("".join(self.joined(group))))
            lines.append(group[0].start_point[0] + 1)
        env = dict(self.script.env)
        for prefix in (c for c in node.children if c.type == "variable_assignment"):
            value = prefix.child_by_field_name("value")
            env[self.text(prefix.child_by_field_name("name") or prefix.children[0])] = \
                self.eval(value) if value is not None else Value("")
        row, col = node.start_point
        self.script.commands.append(Command(self.eval(name_node).text, args, row + 1, col + 1, env,
                                            heredoc=self.heredoc(node), arg_lines=lines))

    def heredoc(self, node: Node) -> str:
        """The here-document fed to this command (`cmd <<EOF`, or a pipeline holding it)."""
        parent = node.parent
        while parent is not None and parent.type == "pipeline":
            parent = parent.parent
        if parent is None or parent.type != "redirected_statement":
            return ""
        return "".join(self.text(body) for redirect in parent.children if redirect.type == "heredoc_redirect"
                       for body in redirect.children if body.type == "heredoc_body")

    def eval(self, node: Node) -> Value:
        return Value("".join(self.parts(node)))

    def parts(self, node: Node) -> list[str]:
        t = node.type
        if t in ("word", "number"):
            return [_unescape(self.text(node))]
        if t == "raw_string":
            return [self.text(node)[1:-1]]
        if t == "ansi_c_string":
            return [self.text(node)[2:-1]]
        if t == "string_content":
            return [self.text(node)]
        if t == "simple_expansion":
            # tree-sitter-bash may fold the space before `$` into the node: keep it as text
            raw = self.text(node)
            lead = raw[:raw.index("$")] if "$" in raw else ""
            return [lead, self.lookup(raw[len(lead) + 1:])]
        if t == "expansion":
            return [self.expansion(node)]
        if t in ("command_substitution", "process_substitution", "arithmetic_expansion"):
            return [SUBST]
        if t in ("string", "concatenation", "command_name"):
            return self.joined(node.children)
        return [self.text(node)]

    def joined(self, kids: Sequence[Node]) -> list[str]:
        """Evaluate adjacent nodes as one word."""
        flat = [c for k in kids for c in (k.children if k.type == "concatenation" else [k])]
        out: list[str] = []
        i = 0
        while i < len(flat):
            k = flat[i]
            if k.type == '"':
                pass
            elif k.type == "$" and i + 1 < len(flat) and flat[i + 1].type == "word":
                # tree-sitter-bash splits `$NAME.git` after an `@`: rejoin it as an expansion
                word = self.text(flat[i + 1])
                name = word.split(".")[0].split("/")[0]
                out.append(self.lookup(name) + word[len(name):])
                i += 1
            else:
                out.extend(self.parts(k))
            i += 1
        return out

    def lookup(self, name: str) -> str:
        """A variable's value; unknown (`${NAME}`) when never set or set empty: `ORG=` at the top
        of a script is a blank for the user to fill in, not an empty path segment."""
        value = self.script.env.get(name)
        return value.text if value is not None and value.text else "${" + name + "}"

    def expansion(self, node: Node) -> str:
        """`${NAME}`, `${NAME:-default}`: a known value, else a URL-like default, else the name."""
        kids = [k for k in node.children if k.type not in ("${", "}")]
        names = [k for k in kids if k.type == "variable_name"]
        if not names:
            return "${" + self.text(node)[2:-1] + "}" if self.text(node)[2:-1].isidentifier() else SUBST
        name = self.text(names[0])
        if self.script.env.get(name, Value("")).text:
            return self.script.env[name].text
        ops = [k for k in kids if k.type in (":-", "-", ":=", "=")]
        if ops:
            default = "".join(p for k in kids[kids.index(ops[0]) + 1:] for p in self.parts(k))
            if "/" in default or "." in default:
                return default
        return "${" + name + "}"


def _unescape(word: str) -> str:
    if "\\" not in word:
        return word
    out, i = [], 0
    while i < len(word):
        if word[i] == "\\" and i + 1 < len(word):
            if word[i + 1] != "\n":
                out.append(word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return "".join(out)
