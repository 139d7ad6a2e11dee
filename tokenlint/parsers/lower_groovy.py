"""The Groovy front end (Jenkinsfiles, Jenkins shared libraries): a tree-sitter-groovy syntax
tree lowered to the shared program shape (tokenlint.parsers.program).

The 0.1.x grammar reads the Java-like core of Groovy well (classes, fields, methods, `def`,
`new`, method chains, closures, `name: value` arguments, `[a: 1]` maps and lists, commands
without parentheses such as `httpRequest url: u, httpMode: 'POST'` or `sh 'x'`) but not all
of Groovy's own syntax, so the text is first mended where that keeps every offset
(`_mend`): safe navigation `a?.b` becomes `a .b`, the spread `a*.b` becomes `a .b`, the elvis
`a ?: b` becomes `a || b` (both are `Either`), a cast `x as T` is blanked, and the empty map
`[:]` becomes `[ ]`. GString interpolation (`"${env.X}/…"`, `"$user"`) is not in the grammar:
the string's text is split here, and each `${…}` expression is read by the grammar on its own.

Groovy idioms are lowered to the shape the JVM table already knows: `s.toURL()` is `new URL(s)`
(the GDK defines it so), a class's constructor is the method named after the class.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lower_java import JvmLowerer
from tokenlint.parsers.lowering import parse

if TYPE_CHECKING:
    from tree_sitter import Node

MAX_INTERPOLATION = 2_000  # characters of one `${…}` read as an expression; longer ones are unknown
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "s": " "}
_CAST = re.compile(r"\bas[ \t]+[A-Za-z_][\w.]*(?:<[^<>\n]*>)?(?:\[\])*")
_VALUE_COMMAND = re.compile(r"(?:=|\breturn\b)[ \t]*(?!new\b)[A-Za-z_][\w.]*( +)(?=[A-Za-z_]\w*[ \t]*:(?!:))")
#: a command whose named arguments start on the next line after a `\` (`def r = httpRequest \`)
_CONTINUED_COMMAND = re.compile(
    r"(?:^|=|\breturn\b)[ \t]*(?!new\b)[A-Za-z_][\w.]*[ \t]*(\\)(?=[ \t]*\r?\n[ \t]*[A-Za-z_]\w*[ \t]*:(?!:))",
    re.MULTILINE)
_PARAM_NAME = re.compile(r"([A-Za-z_$][\w$]*)\s*(?:=.*)?$", re.DOTALL)


def _mend(text: str, headers: dict[tuple[int, str], list[str]] | None = None) -> str:
    """`text` with the Groovy-only operators the grammar misreads rewritten to ones it reads,
    outside strings and comments, every line break kept (and every offset but after a command
    given parentheses, see `_parenthesise`). `headers` receives the parameters of the method
    headers mended (`_mend_headers`)."""
    return _parenthesise(_mend_headers(_mend_operators(text), headers if headers is not None else {}))


_HEADER = re.compile(r"(?:\bdef[ \t]+|^[ \t]*(@[A-Za-z_]\w*)[ \t]*\n[ \t]*)([A-Za-z_$][\w$]*)[ \t]*\(", re.MULTILINE)
_NOT_METHODS = frozenset(("if", "for", "while", "switch", "catch", "synchronized", "return", "def", "new"))


def _mend_headers(text: str, headers: dict[tuple[int, str], list[str]]) -> str:
    """Method headers the grammar misreads, mended in place (every offset kept). The grammar takes
    untyped parameters for `Type name` pairs and loses the method when they are four or more or one
    has a default (`def notify(credId, user, repo, commit = null) {`): the parameter list is blanked
    and its names kept in `headers` by (line, method name). A marker annotation standing for `def`
    before a bare name (`@NonCPS` then `createRepo(String data) {`, a script method) becomes `def`."""
    if "(" not in text or ("def" not in text and "@" not in text):
        return text
    out: list[str] | None = None
    for m in _HEADER.finditer(text):
        if m.group(2) in _NOT_METHODS:
            continue
        close = _paren_end(text, m.end())
        if close >= len(text) or not text[close + 1:close + 200].lstrip().startswith("{"):
            continue
        if out is None:
            out = list(text)
        if m.group(1) is not None:  # `@NonCPS` -> `def    `
            start = m.start(1)
            out[start:start + 3] = "def"
            for k in range(start + 3, m.end(1)):
                out[k] = " "
        headers[(text.count("\n", 0, m.start(2)) + 1, m.group(2))] = _param_names(text[m.end():close])
        for k in range(m.end(), close):
            if text[k] != "\n":
                out[k] = " "
    return text if out is None else "".join(out)


def _param_names(inner: str) -> list[str]:
    """Parameter names from the text between a method's parentheses, typed or not (`String a, b,
    Map c = [:]`), one per comma outside brackets."""
    out: list[str] = []
    depth, start = 0, 0
    for i, c in enumerate(inner + ","):
        if c in "([{<":
            depth += 1
        elif c in ")]}>":
            depth -= 1
        elif c == "," and depth <= 0:
            m = _PARAM_NAME.search(inner[start:i].split("=", 1)[0].strip())
            if m is not None:
                out.append(m.group(1))
            start = i + 1
    return out


def _paren_end(text: str, i: int) -> int:
    """Index of the `)` that closes a `(` whose contents start at `i`, strings skipped (end of text if none)."""
    depth, n = 1, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            q = text[i:i + 3] if text.startswith(("\'\'\'", '"""'), i) else c
            i = _string_end(text, i + len(q), q)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _mend_operators(text: str) -> str:
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            if text.startswith("''", i) and not text.startswith("'''", i):
                out[i] = out[i + 1] = '"'  # an empty '' breaks the grammar; "" is the same string
                i += 2
                continue
            q = text[i:i + 3] if text.startswith(("'''", '"""'), i) else c
            i = _string_end(text, i + len(q), q)
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
            continue
        spread = i > 0 and (text[i - 1].isalnum() or text[i - 1] in ")]_")
        if c in "?*" and text.startswith(".", i + 1) and (c == "?" or spread):
            out[i] = " "  # `a?.b`, `a*.b`
        elif c == "?" and text.startswith(":", i + 1):
            out[i] = out[i + 1] = "|"  # `a ?: b`
            i += 2
            continue
        elif c == "[" and text.startswith("[:]", i):
            out[i + 1] = " "
        elif c == "a" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$.")):
            m = _CAST.match(text, i)
            if m is not None and i > 0 and text[i - 1] in " \t)":
                for k in range(m.start(), m.end()):
                    out[k] = " "
                i = m.end()
                continue
        i += 1
    return "".join(out)


def _parenthesise(text: str) -> str:
    """A command without parentheses used as a value (`def r = httpRequest url: u, …`), which the
    grammar reads only as a statement, gets them: the space after its name becomes `(` and a `)`
    closes its arguments at the end of their last line (so no line moves). So does a command whose
    arguments follow a line continuation (`httpRequest` then a backslash): the backslash becomes `(`."""
    if "=" not in text and "return" not in text and "\\" not in text:
        return text
    out: list[str] = []
    last = 0
    found = [m.start(1) for m in _VALUE_COMMAND.finditer(text)]
    if "\\" in text:
        found = sorted(found + [m.start(1) for m in _CONTINUED_COMMAND.finditer(text)])
    for start in found:
        if start < last or _inside_string_or_comment(text, start):
            continue
        end = _arguments_end(text, start + 1)
        out += [text[last:start], "(", text[start + 1:end], ")"]
        last = end
    out.append(text[last:])
    return "".join(out)


def _inside_string_or_comment(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return "//" in before or before.count("'") % 2 == 1 or before.count('"') % 2 == 1


def _arguments_end(text: str, i: int) -> int:
    """Where the arguments of a command starting at `i` end: the end of the line that does not
    continue (no trailing comma, no bracket still open, a comment left out), or a `;` or a
    closing bracket of the enclosing code."""
    depth = 0
    n = len(text)
    last = i  # just past the last character of code seen
    while i < n:
        c = text[i]
        if c in "'\"":
            q = text[i:i + 3] if text.startswith(("\'\'\'", '"""'), i) else c
            i = _string_end(text, i + len(q), q)
            last = i
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return last
            depth -= 1
        elif depth == 0 and (c == ";" or (c == "\n" and text[last - 1:last] not in (",", "\\"))):
            return last
        if not c.isspace():
            last = i + 1
        i += 1
    return last


def _string_end(text: str, i: int, quote: str) -> int:
    """Index just past the quote that closes a string opened before `i` (end of text if none)."""
    while True:
        j = text.find(quote, i)
        if j == -1:
            return len(text)
        backslashes = len(text[i:j]) - len(text[i:j].rstrip("\\"))
        if backslashes % 2 == 0:
            return j + len(quote)
        i = j + 1


class GroovyLowerer(JvmLowerer):
    language = "groovy"

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.classes: list[str] = []
        self.headers: dict[tuple[int, str], list[str]] = {}  # parameters of method headers `_mend` blanked

    # --- statements ----------------------------------------------------------------------------

    def s_class_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        sup = node.child_by_field_name("superclass")
        if sup is not None:
            bases += [self.text(c).split("<")[0] for c in sup.named_children]
        body: list[ir.Stmt] = []
        block = node.child_by_field_name("body")
        self.classes.append(name)
        try:
            for member in block.named_children if block is not None else []:
                self.member(member, name, body, out)
        finally:
            self.classes.pop()
        out.append(ir.Class(*self.at(node), name, bases, body))

    s_interface_declaration = s_class_declaration
    s_enum_declaration = s_class_declaration

    def member(self, member: Node, cls: str, body: list[ir.Stmt], out: list[ir.Stmt]) -> None:
        if member.type == "field_declaration":
            for decl in member.children_by_field_name("declarator"):
                value = decl.child_by_field_name("value")
                if value is not None:
                    target = ir.Attr(*self.at(decl), ir.Name(*self.at(decl), "this"),
                                     self.text(decl.child_by_field_name("name")))
                    body.append(ir.Assign(*self.at(decl), target, self.expr(value)))
        elif member.type in ("constructor_declaration", "method_declaration", "function_definition"):
            func = self.function(member)
            if member.type == "constructor_declaration" or func.name == cls:
                func.name = "constructor"
            body.append(func)
        elif member.type in ("class_declaration", "interface_declaration", "enum_declaration"):
            self.stmt(member, out)  # a nested class is a class of the file
        else:
            self.stmt(member, body)

    def function(self, node: Node) -> ir.Func:
        name_node = node.child_by_field_name("name")
        if name_node is None:
            name_node = next((c for c in node.named_children if c.type == "identifier"), None)
        name = self.text(name_node)
        given = node.child_by_field_name("parameters")
        mended = self.headers.get((given.start_point[0] + 1, name)) if given is not None else None
        return ir.Func(*self.at(node), name, mended if mended is not None else self.params(given),
                       _implicit_return(self.body(node.child_by_field_name("body"))))

    def params(self, node: Node | None) -> list[str]:
        """Parameter names, typed or not (`(String a, b, Map c = [:])`): the grammar reads an
        untyped one as a type, so the names are taken from the text, one per comma."""
        if node is None:
            return []
        return _param_names(self.text(node).strip()[1:-1])

    def s_method_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node))

    s_function_definition = s_method_declaration  # a top-level `def f(…) { … }`

    def s_local_variable_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        for decl in node.children_by_field_name("declarator"):
            value, name = decl.child_by_field_name("value"), decl.child_by_field_name("name")
            if value is not None and name is not None and name.type == "identifier":
                out.append(ir.Assign(*self.at(decl), self.name(name), self.expr(value)))
            elif value is not None:
                self.stmt(value, out)

    s_field_declaration = s_local_variable_declaration

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            if child.type == "assignment_expression":
                self.assignment(child, out)
            elif hasattr(self, "e_" + child.type):
                out.append(ir.Do(*self.at(child), self.expr(child)))
            else:
                self.stmt(child, out)

    def s_assignment_expression(self, node: Node, out: list[ir.Stmt]) -> None:
        self.assignment(node, out)

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = self.text(node.child_by_field_name("operator"))
        value = self.expr(right)
        target = self.expr(left)
        if op == "+=":
            value = ir.Concat(*self.at(node), [target, value])
        elif op != "=":
            value = self.unknown(node)
        if isinstance(target, (ir.Name, ir.Attr, ir.Index)):
            out.append(ir.Assign(*self.at(node), target, value))
        else:
            out.append(ir.Do(*self.at(node), value))

    def s_closure(self, node: Node, out: list[ir.Stmt]) -> None:
        self.stmts(node, out)  # a bare block (`if (x) { … }`): its statements in order

    def s_lambda_expression(self, node: Node, out: list[ir.Stmt]) -> None:
        body = node.child_by_field_name("body")
        if body is not None:
            self.stmt(body, out)

    # --- expressions ---------------------------------------------------------------------------

    def args(self, node: Node | None) -> tuple[list[ir.Expr], dict[str, ir.Expr], ir.Func | None]:
        """Positional and named arguments, and a closure given among them."""
        args: list[ir.Expr] = []
        named: dict[str, ir.Expr] = {}
        block: ir.Func | None = None
        for a in node.named_children if node is not None else []:
            if a.type == "map_item":
                key = self.map_key(a.child_by_field_name("key"))
                if key is not None:
                    named[key] = self.expr(a.child_by_field_name("value"))
            elif a.type == "closure":
                block = self.closure(a)
            elif a.type != "comment":
                args.append(self.expr(a))
        return args, named, block

    def map_key(self, node: Node | None) -> str | None:
        if node is None:
            return None
        key = self.expr(node)
        if isinstance(key, ir.Const):
            return str(key.value)
        if node.type == "identifier":
            return self.text(node)
        return None

    def call(self, node: Node, func: ir.Expr, arguments: Node | None, closure: Node | None) -> ir.Expr:
        args, named, block = self.args(arguments)
        if closure is not None:
            block = self.closure(closure)
        if isinstance(func, ir.Attr) and func.name in ("toURL", "toURI") and not args:
            return ir.Call(*self.at(node), ir.Name(*self.at(node), "URL" if func.name == "toURL" else "URI"),
                           [func.obj], new=True)  # the GDK's String.toURL() is new URL(this)
        return ir.Call(*self.at(node), func, args, named, block=block)

    def e_method_invocation(self, node: Node) -> ir.Expr:
        obj = node.child_by_field_name("object")
        name_node = node.child_by_field_name("name")
        func: ir.Expr
        if name_node is None:  # `f(…)(…)`: a call of what a call returns
            first = node.named_children[0] if node.named_children else None
            func = self.expr(first) if first is not None else self.unknown(node)
        else:
            name = self.text(name_node)
            func = ir.Attr(*self.at(node), self.expr(obj), name) if obj is not None else ir.Name(*self.at(node), name)
        return self.call(node, func, node.child_by_field_name("arguments"), node.child_by_field_name("body"))

    def e_juxt_function_call(self, node: Node) -> ir.Expr:
        """A command without parentheses: `sh 'x'`, `httpRequest url: u, …`, `this.script.sh 'x'`."""
        name = node.child_by_field_name("name")
        func = self.expr(name) if name is not None else self.unknown(node)
        return self.call(node, func, node.child_by_field_name("args"), None)

    def e_object_creation_expression(self, node: Node) -> ir.Expr:
        kind = self.text(node.child_by_field_name("type")).split("<")[0].strip()
        args, named, block = self.args(node.child_by_field_name("arguments"))
        return ir.Call(*self.at(node), self.dotted(node, kind.split(".")), args, named, new=True, block=block)

    def e_identifier(self, node: Node) -> ir.Expr:
        text = self.text(node)
        if not text:
            return self.unknown(node)
        return self.name(node)

    e_type_identifier = e_identifier

    def e_string_literal(self, node: Node) -> ir.Expr:
        raw = self.text(node)
        quote = raw[:3] if raw.startswith(('"""', "'''")) else raw[:1]
        body = raw[len(quote):-len(quote)] if len(raw) >= 2 * len(quote) and raw.endswith(quote) else raw[len(quote):]
        if quote.startswith("'"):
            return self.const(node, _unescape(body))
        return self.gstring(node, body)

    e_character_literal = e_string_literal

    def gstring(self, node: Node, body: str) -> ir.Expr:
        """A double-quoted string: literal parts and `${expr}` / `$name.path` interpolations."""
        parts: list[ir.Expr] = []
        line, col = self.at(node)
        i, lit = 0, []
        n = len(body)
        while i < n:
            c = body[i]
            if c == "\\" and i + 1 < n:
                lit.append(_unescape(body[i:i + 2]))
                i += 2
                continue
            if c == "$" and i + 1 < n and body[i + 1] == "{":
                end = _brace_end(body, i + 2)
                if lit:
                    parts.append(ir.Const(line, col, "".join(lit)))
                    lit = []
                parts.append(self.interpolated(body[i + 2:end], line, col))
                i = end + 1
                continue
            if c == "$" and i + 1 < n and (body[i + 1].isalpha() or body[i + 1] == "_"):
                m = re.match(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", body[i + 1:])
                if m is not None:
                    if lit:
                        parts.append(ir.Const(line, col, "".join(lit)))
                        lit = []
                    names = m.group(0).split(".")
                    expr: ir.Expr = ir.Name(line, col, names[0])
                    for part in names[1:]:
                        expr = ir.Attr(line, col, expr, part)
                    parts.append(expr)
                    i += 1 + m.end()
                    continue
            lit.append(c)
            i += 1
        if lit or not parts:
            parts.append(ir.Const(line, col, "".join(lit)))
        if len(parts) == 1 and isinstance(parts[0], ir.Const):
            return parts[0]
        return ir.Concat(line, col, parts)

    def interpolated(self, text: str, line: int, col: int) -> ir.Expr:
        """The expression of a `${…}`, read by the grammar on its own, placed at its string."""
        if len(text) > MAX_INTERPOLATION or self.depth > 50:
            return ir.Unknown(line, col)
        root, data = parse("groovy", _mend(text))
        inner = GroovyLowerer(data)
        inner.depth = self.depth + 10
        body: list[ir.Stmt] = []
        try:
            inner.stmts(root, body)
        except RecursionError:
            return ir.Unknown(line, col)
        first = body[0] if len(body) == 1 else None
        expr = first.expr if isinstance(first, ir.Do) else None
        if expr is None:
            return ir.Unknown(line, col)
        _place(expr, line, col)
        return expr

    def e_decimal_integer_literal(self, node: Node) -> ir.Expr:
        text = self.text(node).rstrip("lLgGiI").replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op == "||":
            return ir.Either(*self.at(node), [left, right])
        effects: list[ir.Expr] = [e for e in (left, right) if isinstance(e, (ir.Call, ir.Attr))]
        if effects:  # `conn.outputStream << body`: a property read may send a request
            return ir.Seq(*self.at(node), effects)
        return self.unknown(node)

    def e_array_literal(self, node: Node) -> ir.Expr:
        """`[a, b]` is a list, `[k: v, …]` a map."""
        items = [c for c in node.named_children if c.type not in ("comment", "ERROR")]
        if items and all(c.type == "map_item" for c in items):
            return self.map_of(node, items)
        return ir.Seq(*self.at(node), [self.expr(c) for c in items])

    def e_map_literal(self, node: Node) -> ir.Expr:
        return self.map_of(node, [c for c in node.named_children if c.type == "map_item"])

    def map_of(self, node: Node, items: list[Node]) -> ir.Expr:
        out: list[tuple[ir.Expr | None, ir.Expr]] = []
        for item in items:
            key = self.map_key(item.child_by_field_name("key"))
            if key is not None:
                out.append((self.const(item, key), self.expr(item.child_by_field_name("value"))))
        return ir.Dict(*self.at(node), out)

    def e_closure(self, node: Node) -> ir.Expr:
        return self.closure(node)

    def closure(self, node: Node) -> ir.Func:
        params: list[str] = []
        body: list[ir.Stmt] = []
        for c in node.named_children:
            if c.type == "lambda_expression":
                given = c.child_by_field_name("parameters")
                if given is not None:
                    params += [p for p in re.findall(r"[A-Za-z_]\w*", self.text(given))][-1:] if (
                        given.type == "identifier") else self.params(given)
                self.s_lambda_expression(c, body)
            else:
                self.stmt(c, body)
        return ir.Func(*self.at(node), "", params, _implicit_return(body))

    def e_lambda_expression(self, node: Node) -> ir.Expr:
        body: list[ir.Stmt] = []
        self.s_lambda_expression(node, body)
        return ir.Func(*self.at(node), "", [], body)


def _implicit_return(body: list[ir.Stmt]) -> list[ir.Stmt]:
    """A Groovy method or closure returns the value of its last expression."""
    if body and isinstance(body[-1], ir.Do):
        last = body[-1]
        body[-1] = ir.Return(last.line, last.col, last.expr)
    return body


def _brace_end(text: str, i: int) -> int:
    """Index of the `}` that closes a `${` whose body starts at `i` (end of text if none)."""
    depth = 1
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _string_end(text, i + 1, c)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _place(expr: ir.Expr, line: int, col: int) -> None:
    """Move an expression read on its own to where its string sits (iteratively: no recursion limit)."""
    todo: list[object] = [expr]
    seen = 0
    while todo and seen < 10_000:
        seen += 1
        e = todo.pop()
        if isinstance(e, ir.Node):
            e.line, e.col = line, col
            for name in getattr(e, "__slots__", ()):
                val = getattr(e, name, None)
                if isinstance(val, ir.Node):
                    todo.append(val)
                elif isinstance(val, list):
                    todo.extend(v for v in val if isinstance(v, ir.Node))
                elif isinstance(val, dict):
                    todo.extend(v for v in val.values() if isinstance(v, ir.Node))


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def read(text: str) -> ir.Program:
    headers: dict[tuple[int, str], list[str]] = {}
    root, data = parse("groovy", _mend(text, headers))
    low = GroovyLowerer(data)
    low.headers = headers
    try:
        return low.program(root)
    except RecursionError:
        return ir.Program("groovy", [], ["Groovy nested too deeply to read: its calls were not analysed"])
