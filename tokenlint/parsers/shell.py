"""Shell through a real grammar (tree-sitter-bash): commands, words, quoting, here-docs,
assignments and expansions, with line numbers.

Words are evaluated against the assignments seen so far in the same script, so
`API=https://api.bitbucket.org/2.0; curl "$API/user"` resolves to the full URL. Anything that
cannot be known statically stays `${NAME}`.

The walker follows a command wherever a script puts it, because real scripts rarely write
`curl` as a plain statement: inside `$(…)` and backticks of assignments (`R=$(curl …)`,
`local r=$(curl …)`), behind wrappers (`exec`, `sudo`, `command`, `time`, `env X=1`, `xargs`,
`timeout`, `nohup`), in strings run by `eval` or `sh -c`, and in shell functions. Arrays and
unquoted variables expand to several words as bash splits them (`curl "${OPTS[@]}"`,
`curl $AUTH`), so options kept in a variable reach the command.

Functions run where they are called, with `$1`, `"$@"` … bound to the call's words. The line
convention: a command inside a function is reported at the line of the call that supplied one
of its words (through a positional parameter or a variable set from one; for nested calls, the
outermost such call), because that is where the path or the credential is written
(`bb_api /2.0/teams/acme`). A command that uses none of its function's parameters, or only to
fill in a URL the function writes out itself (`"https://…@bitbucket.org/$ws/$1.git"`), is
reported at its own line, once however often it runs. A function that is never called is analysed on its own,
parameters unresolved. Calls are followed at most `MAX_CALL_DEPTH` deep, never into a function
already running (recursion), and within a node budget proportional to the script, so the
walk stays linear in practice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from tokenlint.parsers.values import MAX_TEXT, SUBST, Value, Words

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

MAX_SCRIPT = 2_000_000  # characters; beyond this a script is not parsed (bounded time/memory)
MAX_CALL_DEPTH = 8  # nested shell function calls followed
MAX_EVAL_DEPTH = 3  # `eval "…"` / `sh -c "…"` inside each other
MAX_WORDS = 256  # elements an array keeps
_BUDGET_FACTOR = 4  # nodes walked, as a multiple of the script's own, before calls stop being followed
_BUDGET_BASE = 20_000


class _EnvLog:
    """Every change to a script's variables, in order, so that a command can say which variables
    it saw without each of thousands of commands copying the whole environment."""

    def __init__(self, initial: dict[str, Value]) -> None:
        self.initial = dict(initial)
        self.changes: list[tuple[str, Value | None]] = []  # None: unset (a `local` going out of scope)

    def at(self, index: int) -> dict[str, Value]:
        env = dict(self.initial)
        for name, value in self.changes[:index]:
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env


@dataclass
class Command:
    name: str
    args: list[Value]
    line: int  # 1-based, relative to the script text given to `analyze`
    column: int
    prefix: dict[str, Value]  # `NAME=value cmd`, `env NAME=value cmd`: for this command only
    heredoc: str = ""
    # `<<'EOF'` (or `<<"EOF"`, `<<\EOF`): the here-document is taken as written, `$NAME` is text
    heredoc_literal: bool = False
    arg_lines: list[int] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # what the script wrote to files so far (Script.files)
    log: _EnvLog | None = field(default=None, repr=False, compare=False)
    log_index: int = 0

    @property
    def env(self) -> dict[str, Value]:
        """The variables this command sees: the script's at that point, then its prefixes
        (computed when asked: few commands ever need it)."""
        env = self.log.at(self.log_index) if self.log is not None else {}
        env.update(self.prefix)
        return env

    # Where the command's output goes, for the leak rules (a secret echoed to the log, to a file,
    # or into another program): its file redirections as (operator, target), `>&2` included; the
    # pipeline it sits in (an id shared by its members, 0 for none) and its place there.
    redirects: list[tuple[str, str]] = field(default_factory=list)
    pipeline: int = 0
    pipe_position: int = 0
    # Inside `$(…)`, backticks or `<(…)`: the name of the command whose word holds it ("" for an
    # assignment or anything else); None when the output is not captured.
    substituted_into: str | None = None
    # The conditions that must hold for the command to run (`[ -n "$DEBUG" ] && set -x`, the
    # test of an enclosing `if`), as written; "" for an unconditional command.
    guard: str = ""


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    env: dict[str, Value] = field(default_factory=dict)
    assignments: list[tuple[str, Value, int]] = field(default_factory=list)
    errors: int = 0
    #: files the script writes (`cat > ~/.netrc <<EOF`, `echo … >> curl.cfg`): path as written
    #: (`$HOME` and `${HOME}` as `~`) -> text, variables resolved as in a command
    files: dict[str, str] = field(default_factory=dict)
    #: variables the script sets from its own positional parameters (`password="$2"` -> "2"): a
    #: caller's argument is what they hold (tokenlint.flows), while the name still types them
    params: dict[str, str] = field(default_factory=dict)


@cache
def _parser() -> Parser:
    import tree_sitter  # start-up: only files that hold shell need the grammar
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def analyze(text: str, env: dict[str, Value] | None = None) -> Script:
    """Parse `text` and list its commands in order, with words resolved against `env`. A text
    over MAX_SCRIPT gives no commands: callers cut longer scripts into pieces first."""
    script = Script(env=dict(env or {}))
    if len(text) > MAX_SCRIPT:
        return script
    source = text.encode("utf-8", "surrogateescape")
    tree = _parser().parse(source)
    root = tree.root_node
    _Walker(script, _BUDGET_FACTOR * root.descendant_count + _BUDGET_BASE).run(root)
    return script


# wrapper -> options of the wrapper that take a value; the command it runs follows them
_WRAPPERS: dict[str, frozenset[str]] = {
    "exec": frozenset({"-a"}), "command": frozenset(), "builtin": frozenset(), "nohup": frozenset(),
    "time": frozenset(), "noglob": frozenset(), "setsid": frozenset(),
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"}),
    "doas": frozenset({"-u", "-C"}), "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p"}), "stdbuf": frozenset({"-i", "-o", "-e"}),
    "timeout": frozenset({"-s", "--signal", "-k", "--kill-after"}),
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}),
    "xargs": frozenset({"-I", "-n", "-P", "-L", "-d", "-s", "-a", "-E", "--max-args", "--max-procs",
                        "--delimiter", "--arg-file", "--replace", "--max-lines", "--eof"}),
}
_SHELLS = ("sh", "bash", "zsh", "dash", "ash", "ksh")
_DQ_ESCAPE = re.compile(r'\\([$`"\\\n])')
_POSITIONAL = re.compile(r"\$\{(?:\d+|@|\*)\}")
_HEREDOC_REF = re.compile(r"(?<!\\)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass
class _Frame:
    """One run of a shell function: the words it was called with (`$1`, `"$@"`), where commands
    that use them are reported, and the variables it set from them or declared `local`."""

    name: str
    args: list[str] | None  # None: analysed on its own (never called), parameters unresolved
    line: int
    column: int
    saved: dict[str, Value | None] = field(default_factory=dict)  # `local` name -> value it shadowed
    tainted: set[str] = field(default_factory=set)  # variables whose value came from the arguments


class _Walker:
    def __init__(self, script: Script, budget: int) -> None:
        self.script = script
        self.log = _EnvLog(script.env)
        self.budget = budget  # nodes left to walk before calls and evals stop being followed
        self.functions: dict[str, Node] = {}
        self.called: set[str] = set()
        self.frames: list[_Frame] = []
        self.touched = False  # the word being evaluated used the current function's arguments
        self.at: tuple[int, int] | None = None  # where an `eval`'d string's commands are reported
        self.evals = 0
        self.seen: set[tuple[object, ...]] = set()

    def text(self, node: Node) -> str:
        return (node.text or b"").decode("utf-8", "surrogateescape")

    def run(self, root: Node) -> None:
        self.visit(root)
        for name, body in list(self.functions.items()):
            if name not in self.called:  # a library of functions: analyse each on its own, at least once
                self.budget = max(self.budget, body.descendant_count)
                self.call(name, body, None, 0, 0)

    def visit(self, node: Node) -> None:
        # each node travels with the redirected statement around it, if any (`curl … <<EOF`,
        # `echo … > f`, through pipelines): tree-sitter's `parent` is a walk from the root,
        # which per command would make the walk quadratic
        stack: list[tuple[Node, Node | None]] = [(node, None)]
        while stack:
            n, redirected = stack.pop()
            self.budget -= 1
            t = n.type
            if t == "ERROR":
                self.script.errors += 1
            if t == "function_definition":
                name, body = n.child_by_field_name("name"), n.child_by_field_name("body")
                if name is not None and body is not None:
                    self.functions[self.text(name)] = body  # runs where it is called
                continue
            if t == "variable_assignment":
                self.assign(n)
                value = n.child_by_field_name("value")
                if value is not None:
                    stack.append((value, None))  # `R=$(curl …)`: the substitution's commands run too
                continue
            if t == "declaration_command" and self.frames and n.children and \
                    n.children[0].type in ("local", "declare", "typeset"):
                self.declare_local(n)
            if t == "declaration_command" and not any(c.type in ("variable_assignment", "variable_name")
                                                      for c in n.named_children) \
                    and all(c.type == "word" for c in n.named_children):  # `export $(… .env …)` sets, never lists
                self.bare_declaration(n)  # `export`, `export -p`, `declare -p`: they print every variable
            if t == "command":
                self.command(n, redirected)
                # substitutions inside the command's words are commands too
                # (a `NAME=value cmd` prefix applies to that command only: not visited as an assignment)
                stack.extend((c, None) for c in reversed(n.children)
                             if c.type not in ("command_name", "variable_assignment"))
                continue
            around = n if t == "redirected_statement" else redirected if t == "pipeline" else None
            stack.extend((c, around) for c in reversed(n.children))

    def declare_local(self, node: Node) -> None:
        frame = self.frames[-1]
        for child in node.children:
            target = child.child_by_field_name("name") if child.type == "variable_assignment" else child
            if target is not None and target.type == "variable_name":
                name = self.text(target)
                if name not in frame.saved:
                    frame.saved[name] = self.script.env.get(name)

    def call(self, name: str, body: Node, args: list[str] | None, line: int, column: int) -> bool:
        """Walk a function's body with its arguments bound; False when the call is not followed."""
        if len(self.frames) >= MAX_CALL_DEPTH or any(f.name == name for f in self.frames) \
                or self.budget < body.descendant_count:
            return False
        self.called.add(name)
        frame = _Frame(name, args, line, column)
        self.frames.append(frame)
        try:
            self.visit(body)
        finally:
            self.frames.pop()
            for var, old in frame.saved.items():
                self.set_var(var, old)
        return True

    def run_string(self, text: str, line: int, column: int) -> None:
        """`eval "curl …"`, `sh -c "curl …"`: parse the string as the shell would, report at the eval."""
        if self.evals >= MAX_EVAL_DEPTH or len(text) > MAX_TEXT * 4:
            return
        tree = _parser().parse(text.encode("utf-8", "surrogateescape"))
        if self.budget < tree.root_node.descendant_count:
            return
        at, self.at = self.at, (line, column)
        self.evals += 1
        try:
            self.visit(tree.root_node)
        finally:
            self.at = at
            self.evals -= 1

    def assign(self, node: Node) -> None:
        name_node = node.child_by_field_name("name") or node.children[0]
        if name_node.type == "subscript":
            return  # `A[0]=x`: one element; not followed
        value_node = node.child_by_field_name("value")
        name = self.text(name_node)
        touched, self.touched = self.touched, False
        if value_node is None:
            value = Value("")
        elif value_node.type == "array":
            value = Words.of([w for el in value_node.children if el.type not in ("(", ")", "comment")
                              for w in self.words([el])][:MAX_WORDS])
        else:
            value = self.eval(value_node)
        old = self.script.env.get(name)
        if any(c.type == "+=" for c in node.children) and old is not None:
            if isinstance(value, Words) or isinstance(old, Words):
                before = old.items if isinstance(old, Words) else (old.text,)
                value = Words.of([*before, *(value.items if isinstance(value, Words) else (value.text,))][:MAX_WORDS])
            else:
                value = Value(old.text + value.text)
        elif value.text in (SUBST, "") or _POSITIONAL.fullmatch(value.text):
            # `TOKEN=$(cat f)`, `password="$2"`, `ORG=` (fill in): unknown, but the name still says what it holds
            if not self.frames and value.text[2:-1].isdigit():
                self.script.params[name] = value.text[2:-1]
            value = Value("${" + name + "}")
        if len(value.text) > MAX_TEXT:
            value = Value("${" + name + "}")  # built up in a loop: no URL or credential any more
        if self.frames:
            if self.touched and (value_node is None or not self.shaped([value_node])):
                self.frames[-1].tainted.add(name)
            else:
                self.frames[-1].tainted.discard(name)
        self.touched = touched or self.touched
        self.set_var(name, value)
        self.script.assignments.append((name, value, node.start_point[0] + 1))

    def set_var(self, name: str, value: Value | None) -> None:
        if value is None:
            self.script.env.pop(name, None)
        else:
            self.script.env[name] = value
        self.log.changes.append((name, value))

    def command(self, node: Node, redirected: Node | None = None) -> None:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return  # a bare assignment prefix: already recorded
        touched, self.touched = self.touched, False
        words = self.words(list(name_node.children) or [name_node])
        name = words[0] if words else ""
        lead = [Value(w) for w in words[1:]]  # `$CURL url` with CURL="curl -s"
        args: list[Value] = []
        lines: list[int] = []
        group: list[Node] = []
        uses_args = self.touched and not self.shaped([name_node])
        for child in node.children:
            if child.type in ("command_name", "variable_assignment", "comment") or child.type.endswith("redirect"):
                continue
            if group and child.start_byte != group[-1].end_byte:
                uses_args = self.word_group(group, args, lines) or uses_args
                group = []
            group.append(child)
        if group:
            uses_args = self.word_group(group, args, lines) or uses_args
        env: dict[str, Value] = {}
        for prefix in (c for c in node.children if c.type == "variable_assignment"):
            value = prefix.child_by_field_name("value")
            env[self.text(prefix.child_by_field_name("name") or prefix.children[0])] = \
                self.eval(value) if value is not None else Value("")
        self.touched = touched or uses_args
        row, col = node.start_point
        line, column = row + 1, col + 1
        if self.at is not None:
            line, column = self.at
        elif uses_args and self.frames and self.frames[-1].args is not None:
            line, column = self.frames[-1].line, self.frames[-1].column
        name, args, lines = _unwrap(name, lead + args, [line] * len(lead) + lines, env)
        base = name.rsplit("/", 1)[-1]
        if base == "shift" and self.frames and self.frames[-1].args is not None:
            count = int(args[0].text) if args and args[0].text.isdigit() else 1
            self.frames[-1].args = self.frames[-1].args[count:]
            return
        if base == "eval" or (base in _SHELLS and args and args[0].text == "-c" and len(args) > 1):
            self.run_string(" ".join(a.text for a in args) if base == "eval" else args[1].text, line, column)
            return
        body = self.functions.get(name)
        if body is not None and self.call(name, body, [a.text for a in args], line, column):
            return
        key = (line, column, name, tuple(a.text for a in args))
        if key in self.seen:
            return  # the same command again (a function called twice that does not use its arguments)
        self.seen.add(key)
        heredoc = self.heredoc(redirected)
        pipeline, position = _pipeline_of(node)
        self.wrote(redirected, name, args, heredoc)
        self.script.commands.append(Command(name, args, line, column, env, heredoc=heredoc,
                                            heredoc_literal=self.heredoc_literal(redirected), arg_lines=lines,
                                            files=self.script.files, log=self.log,
                                            log_index=len(self.log.changes), redirects=self.redirects(node),
                                            pipeline=pipeline, pipe_position=position,
                                            substituted_into=self.substituted_into(node), guard=self.guard(node)))

    def bare_declaration(self, node: Node) -> None:
        """`export`/`declare`/`typeset` naming no variable: a command that lists them all."""
        words = [c for c in node.children if c.type == "word"]
        row, col = node.start_point
        self.script.commands.append(Command(self.text(node.children[0]), [Value(self.text(w)) for w in words],
                                            row + 1, col + 1, {}, log=self.log, log_index=len(self.log.changes),
                                            redirects=self.redirects(node), guard=self.guard(node)))

    def redirects(self, node: Node) -> list[tuple[str, str]]:
        """The file redirections that apply to this command's output: its own, those of the
        statement around it, and, for the last command of a pipeline, those of the pipeline."""
        holders = [node]
        parent = node.parent
        if parent is not None and parent.type == "pipeline" and parent.named_children \
                and parent.named_children[-1].id == node.id:
            node, parent = parent, parent.parent
        if parent is not None and parent.type == "redirected_statement":
            holders.append(parent)
        out = []
        for holder in holders:
            for r in holder.children:
                if r.type != "file_redirect":
                    continue
                dest = r.child_by_field_name("destination")
                op = "".join(self.text(c) for c in r.children if c.type != "file_descriptor" and c != dest
                             and not c.is_named)
                fd = "".join(self.text(c) for c in r.children if c.type == "file_descriptor")
                out.append((fd + op, self.eval(dest).text if dest is not None else ""))
        return out

    def substituted_into(self, node: Node) -> str | None:
        """Whose word a command substitution holding this command is (see `Command`)."""
        n, depth = node.parent, 0
        while n is not None and depth < _MAX_CONTEXT_DEPTH:
            if n.type in ("command_substitution", "process_substitution"):
                holder, up = n.parent, 0
                while holder is not None and holder.type not in ("command", "variable_assignment", "program") \
                        and up < _MAX_CONTEXT_DEPTH:
                    holder, up = holder.parent, up + 1
                if holder is not None and holder.type == "command":
                    name = holder.child_by_field_name("name")
                    return self.eval(name).text if name is not None else ""
                return ""
            n, depth = n.parent, depth + 1
        return None

    def guard(self, node: Node) -> str:
        """The text of the conditions an `&&`/`||` list or an `if`/`elif`/`while`/`case` puts
        before this command, innermost first."""
        conditions = []
        child, n, depth = node, node.parent, 0
        while n is not None and depth < _MAX_CONTEXT_DEPTH and n.type != "function_definition":
            if n.type == "list":
                before = []
                for c in n.children:
                    if c.id == child.id:
                        break
                    before.append(self.text(c))
                if before:
                    conditions.append(" ".join(before))
            elif n.type in ("if_statement", "elif_clause", "while_statement", "case_statement"):
                kids = n.children
                at = next((i for i, c in enumerate(kids) if c.id == child.id), -1)
                body = next((i for i, c in enumerate(kids) if c.type in ("then", "do_group", "in")), len(kids))
                if at > body:
                    conditions.append(" ".join(self.text(c) for c in kids[1:body] if c.is_named))
            child, n, depth = n, n.parent, depth + 1
        return " ; ".join(conditions)[:_MAX_GUARD]

    def word_group(self, group: list[Node], args: list[Value], lines: list[int]) -> bool:
        """Append the words of one argument; True when they take something from the function's
        arguments that the function does not shape into a URL itself (see the module docstring)."""
        self.touched = False
        args.extend(Value(w) for w in self.words(group))
        lines.extend([group[0].start_point[0] + 1] * (len(args) - len(lines)))
        return self.touched and not self.shaped(group)

    def shaped(self, nodes: Sequence[Node]) -> bool:
        """The source text itself writes a URL (`"https://…/$1"`): what comes in only fills it in."""
        return any(b"://" in (n.text or b"") for n in nodes)

    def wrote(self, parent: Node | None, name: str, args: list[Value], heredoc: str) -> None:
        """`cat > F <<EOF`, `echo … >> F`: remember what the script puts in F."""
        if parent is None:
            return
        # `cat <<EOF > f` nests the file redirect inside the here-document's
        redirects = [r for c in parent.children for r in ([c, *c.children] if c.type == "heredoc_redirect" else [c])]
        targets = [d for r in redirects if r.type == "file_redirect"
                   and any(c.type in (">", ">>", ">|") for c in r.children)
                   and (d := r.child_by_field_name("destination")) is not None]
        if not targets:
            return
        if name in ("echo", "printf"):
            content = " ".join(a.text for a in args if not (name == "echo" and a.text in ("-e", "-n", "-ne", "-en")))
            content = content.replace("\\n", "\n")
        elif name in ("cat", "tee") and heredoc:
            content = heredoc
        else:
            return
        for target in targets:
            path = file_key(self.eval(target).text)
            self.script.files[path] = (self.script.files.get(path, "") + content + "\n")[-MAX_TEXT:]

    def heredoc(self, parent: Node | None) -> str:
        """The here-document fed to this command (`cmd <<EOF`, or a pipeline holding it), its
        variables resolved unless the delimiter is quoted."""
        if parent is None:
            return ""
        out = []
        for redirect in parent.children:
            if redirect.type != "heredoc_redirect":
                continue
            start = next((self.text(c) for c in redirect.children if c.type == "heredoc_start"), "")
            for body in redirect.children:
                if body.type == "heredoc_body":
                    text = self.text(body)
                    # `<<EOF` expands variables as a double-quoted string would; `<<'EOF'` keeps them
                    out.append(text if any(q in start for q in "'\"\\") else
                               _HEREDOC_REF.sub(lambda m: self.lookup(m.group(1) or m.group(2)), text))
        return "".join(out)

    def heredoc_literal(self, parent: Node | None) -> bool:
        """Whether the here-document fed to this command has a quoted delimiter (no expansion)."""
        if parent is None:
            return False
        return any(q in self.text(c) for r in parent.children if r.type == "heredoc_redirect"
                   for c in r.children if c.type == "heredoc_start" for q in "'\"\\")

    def words(self, group: Sequence[Node]) -> list[str]:
        """The words adjacent nodes expand to: `"${A[@]}"` and `"$@"` give one word per element, an
        unquoted expansion of a known value is split at blanks, anything else is one word."""
        if len(group) == 1:
            inner, quoted = group[0], False
            if inner.type == "string":
                kids = [c for c in inner.children if c.type != '"']
                if len(kids) == 1:
                    inner, quoted = kids[0], True
            spread = self.spread(inner)
            if spread is not None:
                return spread
            if not quoted and inner.type in ("simple_expansion", "expansion"):
                return "".join(self.parts(inner)).split()
        return ["".join(self.joined(group))]

    def spread(self, node: Node) -> list[str] | None:
        """Elements of `${A[@]}` or the function's `$@`, else None."""
        if node.type == "expansion":
            sub = next((k for k in node.children if k.type == "subscript"), None)
            index = sub.child_by_field_name("index") if sub is not None else None
            if sub is not None and index is not None and self.text(index) == "@" and len(node.children) == 3:
                name = self.text(sub.child_by_field_name("name") or sub.children[0])
                value = self.script.env.get(name)
                if value is None:
                    return None
                return list(value.items) if isinstance(value, Words) else [value.text]
            kids = [k for k in node.children if k.type not in ("${", "}")]
            if not kids or self.text(kids[0]) != "@" or any(k.type not in ("number", ":") for k in kids[1:]):
                return None
            numbers = [int(self.text(k)) for k in kids[1:] if k.type == "number"]
            frame = self.frames[-1] if self.frames else None
            if frame is None or frame.args is None:
                return None
            self.touched = True
            start = max(numbers[0] - 1, 0) if numbers else 0  # `${@:2}`: from the second argument
            return frame.args[start:start + numbers[1]] if len(numbers) > 1 else frame.args[start:]
        elif node.type == "simple_expansion":
            if not self.text(node).strip().endswith("$@"):
                return None
        elif node.type != "special_variable_name":
            return None
        frame = self.frames[-1] if self.frames else None
        if frame is None or frame.args is None:
            return None
        self.touched = True
        return list(frame.args)

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
            # inside double quotes a backslash escapes only $ ` " \ and a newline
            return [_DQ_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), self.text(node))]
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
        if name.isdigit() or name in ("@", "*", "#"):
            return self.positional(name)
        value = self.script.env.get(name)
        if self.frames and name in self.frames[-1].tainted:
            self.touched = True
        # `T=$(…)`: unknown here, but still the variable `T`; `ORG=` at the top of a script is a
        # blank for the user to fill in, not an empty path segment
        if value is None or value.text == SUBST or not value.text:
            return "${" + name + "}"
        return value.items[0] if isinstance(value, Words) and value.items else value.text

    def positional(self, name: str) -> str:
        """`$1`, `$@`, `$#` inside a called function; `${1}` anywhere else (the script's own arguments)."""
        frame = self.frames[-1] if self.frames else None
        if frame is None or frame.args is None or name == "0":
            return "${" + name + "}"
        self.touched = True
        if name in ("@", "*"):
            return " ".join(frame.args)
        if name == "#":
            return str(len(frame.args))
        index = int(name)
        return frame.args[index - 1] if index <= len(frame.args) else ""

    def expansion(self, node: Node) -> str:
        """`${NAME}`, `${NAME:-default}`, `${NAME+alt}`, `${A[@]}`: a known value, else a URL-like
        default, else the name."""
        kids = [k for k in node.children if k.type not in ("${", "}")]
        sub = next((k for k in kids if k.type == "subscript"), None)
        if sub is not None:
            return self.element(sub)
        names = [k for k in kids if k.type in ("variable_name", "special_variable_name")]
        if not names:
            return "${" + self.text(node)[2:-1] + "}" if self.text(node)[2:-1].isidentifier() else SUBST
        name = self.text(names[0])
        if kids[0].type == "#":
            return "${#" + name + "}"  # `${#TOKEN}`: its length, no part of the value (and no `${NAME}` reference)
        replaced = self.replacement(name, kids)
        if replaced is not None:
            return replaced
        known = name in self.script.env or (
            (name.isdigit() or name in ("@", "*")) and bool(self.frames) and self.frames[-1].args is not None)
        ops = [k for k in kids if k.type in (":-", "-", ":=", "=", ":+", "+")]
        if ops and ops[0].type in (":+", "+"):
            # `${PASSWORD+:$PASSWORD}`: the alternative when set, which is what the script expects
            if known and ops[0].type == ":+" and not self.lookup(name):
                return ""
            return "".join(p for k in kids[kids.index(ops[0]) + 1:] for p in self.parts(k))
        if known:
            return self.lookup(name)
        if ops:
            default = "".join(p for k in kids[kids.index(ops[0]) + 1:] for p in self.parts(k))
            if "/" in default or "." in default:
                return default
        return "${" + name + "}"

    def replacement(self, name: str, kids: list[Node]) -> str | None:
        """`${URL//$TOKEN/****}`, `${TOKEN//?/*}`: pattern substitution, evaluated as far as the
        value is known, so that a value masked before it is printed no longer holds the secret.
        None when the expansion is no pattern substitution."""
        at = next((i for i, k in enumerate(kids) if k.type in ("/", "//", "/#", "/%")), None)
        if at is None or at != 1:
            return None
        every = kids[at].type == "//"
        rest = kids[at + 1:]
        split = next((i for i, k in enumerate(rest) if k.type == "/"), len(rest))
        pattern = "".join(self.text(k) for k in rest[:split])
        with_text = "".join(p for k in rest[split + 1:] for p in self.parts(k))
        value = self.lookup(name)
        ref = re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", pattern)
        if ref is not None:
            target = self.lookup(ref.group(1))
            if target and target in value:
                return value.replace(target, with_text) if every else value.replace(target, with_text, 1)
            return value
        if every and re.fullmatch(r"\?|\[[^]]+\]|\*", pattern):
            return with_text  # every character replaced: nothing of the value is left
        return value

    def element(self, sub: Node) -> str:
        """`${A[@]}`, `${A[*]}` (all elements, joined), `${A[1]}` (one)."""
        name_node = sub.child_by_field_name("name") or sub.children[0]
        index_node = sub.child_by_field_name("index")
        name, index = self.text(name_node), self.text(index_node) if index_node is not None else "0"
        value = self.script.env.get(name)
        if value is None:
            return "${" + name + "}"
        if not isinstance(value, Words) or index in ("@", "*"):
            return value.text
        return value.items[int(index)] if index.isdigit() and int(index) < len(value.items) else "${" + name + "}"


def file_key(path: str) -> str:
    """A written or read file's path with the home folder spelled one way (`~`)."""
    for home in ("${HOME}", "$HOME", "/root"):
        if path.startswith(home):
            return "~" + path[len(home):]
    return path


def _unwrap(name: str, args: list[Value], lines: list[int], env: dict[str, Value]
            ) -> tuple[str, list[Value], list[int]]:
    """The command a wrapper runs (`sudo -u ci curl …` is curl): its name, words and their lines."""
    for _ in range(4):
        base = name.rsplit("/", 1)[-1]
        opts = _WRAPPERS.get(base)
        if opts is None:
            break
        i = 0
        while i < len(args):
            word = args[i].text
            if base == "env" and "=" in word and not word.startswith("-") and word.split("=", 1)[0].isidentifier():
                env[word.split("=", 1)[0]] = Value(word.split("=", 1)[1])
            elif word == "--":
                i += 1
                break
            elif not word.startswith("-") or word == "-":
                if base != "timeout" or not word[:1].isdigit():
                    break
            elif base == "command" and word in ("-v", "-V"):
                return name, args, lines  # `command -v curl` looks curl up; it does not run it
            elif word in opts:
                i += 1
            i += 1
        if i >= len(args):
            break
        name, args, lines = args[i].text, args[i + 1:], lines[i + 1:]
    return name, args, lines


_MAX_CONTEXT_DEPTH = 64  # ancestors looked at for a command's context (bounded on deeply nested input)
_MAX_GUARD = 400  # characters of a guard kept


def _pipeline_of(node: Node) -> tuple[int, int]:
    """(an id of the pipeline holding this command, its position there), or (0, 0)."""
    parent = node.parent
    if parent is not None and parent.type == "redirected_statement":
        node, parent = parent, parent.parent
    if parent is None or parent.type != "pipeline":
        return 0, 0
    members = [c for c in parent.children if c.is_named]
    position = next((i for i, c in enumerate(members) if c.id == node.id), 0)
    return parent.start_byte + 1, position


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
