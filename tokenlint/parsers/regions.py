"""Where shell hides in other files: pipeline `script:` items, workflow `run:` blocks,
Dockerfile `RUN`, Makefile recipes, Jenkinsfile `sh` steps. Each region keeps the line it
starts on, so commands found in it are reported at their real line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from tokenlint.parsers.kinds import FileKind, classify

MAX_YAML_BYTES = 5_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# `${{ secrets.X }}` / `${{ env.X }}` are substituted by the CI system before the shell runs
_CI_EXPRESSION = re.compile(r"\$\{\{\s*(?:secrets|env|vars|inputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ANY_EXPRESSION = re.compile(r"\$\{\{[^}\n]{0,300}\}\}")
SCRIPT_KEYS = {"script", "after-script", "before_script", "after_script", "run", "commands"}
MAX_YAML_NODES = 200_000


@dataclass
class Region:
    text: str
    line: int  # line of the document where `text` starts (1-based)
    column: int = 1
    group: int = 0  # regions of one group (a step) share shell variables, in order
    # `${{ … }}` expressions the CI system pastes into the text before the shell runs, as written,
    # with their line and column in the document
    expressions: list[tuple[str, int, int]] = field(default_factory=list)
    commented: bool = False  # inside a comment of the host language (a `// sh '…'` in a Jenkinsfile)
    # the `steps:` list the region belongs to (0: none): steps of one GitHub job share the checkout,
    # so what git remembers (`git remote add`, `git config`) carries from one step to the next
    job: int = 0


@dataclass
class Pipe:
    """A Bitbucket Pipelines pipe and the variables it is given."""

    name: str
    line: int
    column: int
    variables: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (value, line)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (line, column) of its key


@dataclass(frozen=True)
class ActionInput:
    """One input a GitHub workflow step hands an action (`with: {args: …}`): the action runs
    with it, so a git URL there is a remote the action pushes to or clones from. `value` has
    `${{ secrets.X }}` as `${X}`, as in a `run:` block."""

    action: str  # the step's `uses:`, as written ("" when the step names none)
    key: str
    value: str
    line: int
    column: int
    step: int = 0  # line of the step the input belongs to: inputs of one step are read together


@dataclass
class Extracted:
    regions: list[Region] = field(default_factory=list)
    pipes: list[Pipe] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inputs: list[ActionInput] = field(default_factory=list)


def extract(path: str, text: str, kind: FileKind | None = None) -> Extracted:
    """The shell regions of a document of `kind` (classified here when not given)."""
    if kind is None:
        kind = classify(path, text)
    if kind == FileKind.SHELL:
        return Extracted([Region(text, 1)])
    if kind in (FileKind.PIPELINE, FileKind.WORKFLOW):
        return _ci_yaml(path, text)
    if kind == FileKind.DOCKERFILE:
        return Extracted(_dockerfile(text))
    if kind == FileKind.MAKEFILE:
        return Extracted(_makefile(text))
    if kind == FileKind.JENKINSFILE:
        return Extracted(_jenkins(text))
    return Extracted()


def _ci_yaml(path: str, text: str) -> Extracted:
    out = Extracted()
    if len(text) > MAX_YAML_BYTES:
        out.notes.append(f"{path}: larger than {MAX_YAML_BYTES} characters; pipeline not analysed "
                         "(credentials were still checked)")
        return out
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "parse error"
        out.notes.append(f"{path}: not valid YAML{where}: {problem}; pipeline not analysed")
        return out
    except RecursionError:
        out.notes.append(f"{path}: YAML nested too deeply; pipeline not analysed")
        return out
    if root is None:
        return out
    seen: set[int] = set()  # aliases share nodes: visit each once (no YAML bombs)
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    group = jobs = 0
    while stack:
        node, job = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_YAML_NODES:
            out.notes.append(f"{path}: more than {MAX_YAML_NODES} YAML nodes; the pipeline after them was not "
                             "analysed (credentials were still checked)")
            break
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                k = key.value if isinstance(key, yaml.ScalarNode) else None
                if k in SCRIPT_KEYS:
                    group += 1
                    first = len(out.regions)
                    _script_value(value, group, out)
                    for region in out.regions[first:]:
                        region.job = job
                elif k == "pipe" and isinstance(value, yaml.ScalarNode):
                    out.pipes.append(_pipe(node, value))
                elif k == "with" and isinstance(value, yaml.MappingNode):
                    out.inputs.extend(_action_inputs(node, value))
                elif k == "steps" and isinstance(value, yaml.SequenceNode):
                    jobs += 1
                    stack.append((value, jobs))
                else:
                    stack.append((value, job))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, job) for item in reversed(node.value))
    out.regions.sort(key=lambda r: (r.group, r.line))
    out.notes = [n if n.startswith(path) else f"{path}: {n}" for n in out.notes]
    return out


def _script_value(node: yaml.Node, group: int, out: Extracted) -> None:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str):
            out.regions.append(_scalar_region(item, group))
        elif isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "pipe" and isinstance(value, yaml.ScalarNode):
                    out.pipes.append(_pipe(item, value))
                elif len(item.value) == 1 and isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                    # `- curl -H "Authorization: Bearer …"` unquoted is a one-key mapping to YAML
                    # (and an invalid step to Pipelines); read it as the command it was meant to be
                    mark = key.start_mark
                    out.regions.append(Region(f"{key.value}: {value.value}", mark.line + 1, mark.column + 1, group))
                    out.notes.append(f"line {mark.line + 1}: script item is a YAML mapping, not a string "
                                     "(quote the whole command: Pipelines rejects it as it is)")


def _scalar_region(node: yaml.ScalarNode, group: int) -> Region:
    mark = node.start_mark
    text = _CI_EXPRESSION.sub(r"${\1}", node.value)
    if node.style in ("|", ">"):
        region = Region(text, mark.line + 2, 1, group)
    else:
        region = Region(text, mark.line + 1, mark.column + 1 + (1 if node.style in ('"', "'") else 0), group)
    for m in _ANY_EXPRESSION.finditer(node.value):
        before = node.value[:m.start()]
        line = region.line + (before.count("\n") if node.style == "|" else 0)
        column = len(before) - before.rfind("\n") if "\n" in before else region.column + len(before)
        region.expressions.append((m.group(0), line, column))
    return region


def _action_inputs(step: yaml.MappingNode, inputs: yaml.MappingNode) -> Iterator[ActionInput]:
    """The scalar inputs of a step's `with:`, named after the step's `uses:`."""
    action = next((v.value for k, v in step.value if isinstance(k, yaml.ScalarNode) and k.value == "uses"
                   and isinstance(v, yaml.ScalarNode) and isinstance(v.value, str)), "")
    for key, value in inputs.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
            mark = value.start_mark
            quoted = 1 if value.style in ('"', "'") else 0
            yield ActionInput(action, str(key.value), _CI_EXPRESSION.sub(r"${\1}", value.value), mark.line + 1,
                              mark.column + 1 + quoted, step.start_mark.line + 1)


def _pipe(mapping: yaml.MappingNode, name: yaml.ScalarNode) -> Pipe:
    pipe = Pipe(name.value, name.start_mark.line + 1, name.start_mark.column + 1)
    for key, value in mapping.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "variables" and isinstance(value, yaml.MappingNode):
            _pipe_variables(value, pipe, 0)
    return pipe


def _pipe_variables(mapping: yaml.MappingNode, pipe: Pipe, depth: int) -> None:
    """A pipe's `variables:`, with `<<: *shared` merges (the mapping's own keys win, as in YAML)."""
    merged: list[yaml.MappingNode] = []
    for k, v in mapping.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        if k.value == "<<" and depth < 8:
            merged.extend(n for n in (v.value if isinstance(v, yaml.SequenceNode) else [v])
                          if isinstance(n, yaml.MappingNode))
        elif isinstance(v, yaml.ScalarNode):
            pipe.variables[k.value] = (v.value, v.start_mark.line + 1)
            pipe.keys[k.value] = (k.start_mark.line + 1, k.start_mark.column + 1)
    for node in merged:
        inner = Pipe(pipe.name, pipe.line, pipe.column)
        _pipe_variables(node, inner, depth + 1)
        for name, value in inner.variables.items():
            if name not in pipe.variables:
                pipe.variables[name] = value
                pipe.keys[name] = inner.keys[name]


def _joined_lines(text: str, start_re: re.Pattern[str]) -> list[Region]:
    """Lines matched by `start_re` plus their backslash continuations."""
    regions = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = start_re.match(lines[i])
        if not m:
            i += 1
            continue
        first, body = i, [lines[i][m.end():]]
        while lines[i].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            body.append(lines[i])
        regions.append(Region("\n".join(body), first + 1, m.end() + 1))
        i += 1
    return regions


def _dockerfile(text: str) -> list[Region]:
    return _joined_lines(text, re.compile(r"^\s*RUN\s+(?:--\S+\s+)*", re.IGNORECASE))


_MAKE_VAR = re.compile(r"^(?:(?:override|export)[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*(:{1,3}=|\?=|\+=|=)[ \t]*(.*)$",
                       re.MULTILINE)
_MAKE_REF = re.compile(r"\$(?:\$|[({]([A-Za-z_][A-Za-z0-9_.]*)[)}]|([A-Za-z_]))")
# a `?=` default of these is a placeholder the command line replaces (`AUTH ?= $(OWNER):NONE`): the
# variable's name is what tells what it holds; a workspace or URL default is the value itself
_MAKE_SECRET_NAME = re.compile(r"auth|cred|pass|pwd|token|secret|login|key", re.IGNORECASE)
_RECIPE_PREFIX = re.compile(r"^[ \t]*[@\-+][@\-+ \t]*")


def _makefile(text: str) -> list[Region]:
    """Recipe lines as the shell receives them. make replaces `$(NAME)`, `${NAME}` and `$N` of
    variables the Makefile sets by their values (`curl --user $(AUTH) …`, `$S curl` with
    `S ?= @`); a variable it does not set comes from the environment or the make command line,
    so it reaches the script as the shell variable of that name (`${AUTH}`), and so does a
    credential set with `?=` (its value is only the default: `${AUTH:-owner:NONE}`). `$$` is the
    shell's `$`.
    make reads the `@`, `-` and `+` prefixes after expanding, so an expanded `@` is no command."""
    variables: dict[str, tuple[str, str]] = {}
    for m in _MAKE_VAR.finditer(text):
        name, op, value = m.group(1), m.group(2), m.group(3).strip()
        if op == "+=" and name in variables:
            variables[name] = (variables[name][0], f"{variables[name][1]} {value}")
        elif op != "?=" or name not in variables:
            variables[name] = (op, value)

    def expand(body: str, depth: int = 0) -> str:
        def one(m: re.Match[str]) -> str:
            if m.group(0) == "$$":
                return "$$"  # stays escaped until the whole line is expanded
            name = m.group(1) or m.group(2)
            known = variables.get(name)
            if known is None or depth > 3:
                return m.group(0) if m.group(2) else "${" + name + "}"
            op, value = known
            expanded = expand(value, depth + 1)
            if (op == "?=" and _MAKE_SECRET_NAME.search(name) and not re.search(r"[\s\"'\\()]", expanded)
                    and expanded.count("{") == expanded.count("}")):
                return "${" + name + ":-" + expanded + "}"
            return expanded
        return _MAKE_REF.sub(one, body)

    regions = _joined_lines(text, re.compile(r"^\t[@\-+]*"))
    for region in regions:
        region.text = _RECIPE_PREFIX.sub("", expand(region.text)).replace("$$", "$")
    return regions


_JENKINS_SH = re.compile(r"""\bsh\s*\(?\s*(?:script\s*:\s*)?(?P<q>'''|\"\"\"|'|")""")


def jenkins_sh_strings(text: str) -> Iterator[tuple[str, int, int]]:
    """(quote, start, end) of the string each Jenkins `sh` step runs, its body `text[start:end]`
    as written (Groovy escapes kept)."""
    for m in _JENKINS_SH.finditer(text):
        end = _closing(text, m.end(), m.group("q"))
        if end != -1:
            yield m.group("q"), m.end(), end


_CONCAT = re.compile(r"""[ \t]*\+[ \t]*\n?[ \t\n]*(?P<q>'|")""")


def _concatenated(text: str, quote: str, start: int, end: int) -> tuple[str, int]:
    """The `sh` string with the Groovy strings `+` joins to it (`"curl … \\\n" +` on one line,
    `"  -u user:pass"` on the next), one source line per line: a piece's trailing `\n` escape is
    the line break between the pieces, else a continuation (`\\` at the end of the line) keeps
    the words in one command. Returns the joined body (escapes kept) and its end."""
    body = text[start:end]
    while len(quote) == 1:
        m = _CONCAT.match(text, end + 1)
        if m is None:
            break
        close = _closing(text, m.end(), m.group("q"))
        if close == -1:
            break
        gap = text.count("\n", end + 1, m.start("q"))
        if gap and body.endswith("\\n"):
            body = body.removesuffix("\\n") + "\n" * gap
        elif gap:  # no line break in the string: the shell's continuation keeps one command on two lines
            body += " \\\n" + "\n" * (gap - 1)
        body += text[m.end():close]
        end, quote = close, m.group("q")
    return body, end


def _jenkins(text: str) -> list[Region]:
    regions = []
    comments = groovy_comments(text) if "//" in text or "/*" in text else []
    for quote, start, end in jenkins_sh_strings(text):
        body = _concatenated(text, quote, start, end)[0] if len(quote) == 1 else text[start:end]
        if len(quote) == 1:
            body = re.sub(r"\\([\\\"'$])", r"\1", body)  # Groovy escapes inside the string
        line = text.count("\n", 0, start) + 1
        if len(quote) == 3 and body.startswith("\n"):
            body, line = body[1:], line + 1
        commented = any(s <= start < e for s, e in comments)
        regions.append(Region(body, line, commented=commented))
    return regions


def _closing(text: str, start: int, quote: str) -> int:
    """Index of the quote that ends a Groovy string (a backslash escapes one character)."""
    i = start
    while True:
        i = text.find(quote, i)
        if i == -1:
            return -1
        backslashes = len(text[start:i]) - len(text[start:i].rstrip("\\"))
        if backslashes % 2 == 0:
            return i
        i += 1


_TRIPLE = ("'''", '"""')


def groovy_comments(text: str) -> list[tuple[int, int]]:
    """Spans of `// …` and `/* … */` comments outside strings (the `//` of a URL in a string is
    no comment), so that an `sh` step written in a comment is known to be one."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    quote = ""
    while i < n:
        if quote:
            if text[i] == "\\":
                i += 2
            elif text.startswith(quote, i):
                i, quote = i + len(quote), ""
            else:
                i += 1
        elif text.startswith(_TRIPLE, i):
            quote, i = text[i:i + 3], i + 3
        elif text[i] in "'\"":
            quote, i = text[i], i + 1
        elif text.startswith("//", i) or text.startswith("/*", i):
            line_comment = text[i + 1] == "/"
            end = text.find("\n" if line_comment else "*/", i + 2)
            end = n if end == -1 else end + (0 if line_comment else 2)
            spans.append((i, end))
            i = end
        else:
            i += 1
    return spans
