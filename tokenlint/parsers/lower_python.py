"""The Python fallback front end: tree-sitter-python lowered to the shared program shape
(tokenlint.parsers.program), for source the stdlib `ast` cannot read even after
`parsers.python.parse_lenient` repaired it (a template rendered into a `.py`, many stray errors,
mixed tabs, Python 2 forms beyond the line rewrites).

tree-sitter never gives up on a file: it marks what it cannot read as ERROR nodes and keeps
the rest. Two things make that rest larger: template directive lines (`{% if x %}`, `{# … #}`)
are blanked before parsing (same length, so every position stays), and inside an ERROR node the
usual shapes are still recognised (`NAME = value`, `def name(params): block`).

Python's idioms in the shared shape: `self` (the first parameter of a method) is `this`,
`__init__` is the `constructor`, class attributes are fields, a template expression in a string
(`"{{ cookiecutter.app_password }}"`) is the reference `${app_password}`, f-strings and `+` are `Concat`,
`a or b` is `Either`, `x % args` is a call of the table's `%` built-in, keyword arguments are
`Call.named`, decorators are left out and `with … as name` binds the name.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, parse
from tokenlint.parsers.python import blank_directives, placeholders

if TYPE_CHECKING:
    from tree_sitter import Node

#: The name the evaluator looks up for `x % args` (no Python name can spell it).
PERCENT = "%"
_TARGETS = ("identifier", "attribute", "subscript")


class PythonLowerer(Lowerer):
    language = "python"

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.selves: list[str] = []  # the receiver's name in the method being lowered ("" outside one)

    # --- statements ----------------------------------------------------------------------------

    def s_import_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for name in node.children_by_field_name("name"):
            if name.type == "aliased_import":
                module = self.text(name.child_by_field_name("name"))
                out.append(ir.Import(*self.at(node), self.text(name.child_by_field_name("alias")), module))
            else:
                head = self.text(name).split(".")[0]
                out.append(ir.Import(*self.at(node), head, head))

    def s_import_from_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        module = self.text(node.child_by_field_name("module_name")).lstrip(".")
        for name in node.children_by_field_name("name"):
            if name.type == "aliased_import":
                member = self.text(name.child_by_field_name("name"))
                local = self.text(name.child_by_field_name("alias"))
            else:
                member = local = self.text(name)
            full = f"{module}.{member}" if module else member
            out.append(ir.Import(*self.at(node), local.split(".")[-1], full))

    s_future_import_statement = s_import_statement

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            if child.type in ("assignment", "augmented_assignment"):
                self.assignment(child, out)
            else:
                out.append(ir.Do(*self.at(child), self.expr(child)))

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if right.type in ("assignment", "augmented_assignment"):  # `a = b = value`
            self.assignment(right, out)
            right = right.child_by_field_name("left")
            if right is None:
                return
        value = self.expr(right)
        if node.type == "augmented_assignment":
            if self.text(node.child_by_field_name("operator")) != "+=":
                return
            value = ir.Concat(*self.at(node), [self.expr(left), value])
        self.bind(left, value, out, node)

    def bind(self, left: Node, value: ir.Expr, out: list[ir.Stmt], at: Node) -> None:
        """`target = value`; tuple targets element by element (`user, pw = "u", "p"`)."""
        if left.type in ("pattern_list", "tuple_pattern", "list_pattern", "tuple", "list",
                         "parenthesized_expression"):
            targets = [t for t in left.named_children if t.type != "comment"]
            items = value.items if isinstance(value, ir.Seq) and len(value.items) == len(targets) else None
            for i, target in enumerate(targets):
                part = items[i] if items is not None else ir.Index(*self.at(at), value, ir.Const(*self.at(at), i))
                self.bind(target, part, out, at)
            return
        if left.type in _TARGETS:
            out.append(ir.Assign(*self.at(at), self.expr(left), value))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        value = node.named_children[0] if node.named_children else None
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    def s_decorated_definition(self, node: Node, out: list[ir.Stmt]) -> None:
        definition = node.child_by_field_name("definition")
        if definition is not None:
            self.stmt(definition, out)

    def s_function_definition(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node, method=False))

    def function(self, node: Node, method: bool, static: bool = False) -> ir.Func:
        params = self.params(node.child_by_field_name("parameters"))
        receiver = params.pop(0) if method and params and not static else ""
        self.selves.append(receiver)
        try:
            body = self.body(node.child_by_field_name("body"))
        finally:
            self.selves.pop()
        return ir.Func(*self.at(node), self.text(node.child_by_field_name("name")), params, body)

    def params(self, node: Node | None) -> list[str]:
        out: list[str] = []
        for p in node.named_children if node is not None else []:
            if p.type == "identifier":
                out.append(self.text(p))
            elif p.type in ("default_parameter", "typed_default_parameter"):
                out.append(self.text(p.child_by_field_name("name")))
            elif p.type in ("typed_parameter", "list_splat_pattern", "dictionary_splat_pattern"):
                name = next((c for c in p.named_children if c.type == "identifier"), None)
                if name is not None:
                    out.append(self.text(name))
        return out

    def s_class_definition(self, node: Node, out: list[ir.Stmt]) -> None:
        supers = node.child_by_field_name("superclasses")
        bases = [self.text(b).rsplit(".", 1)[-1] for b in (supers.named_children if supers is not None else [])
                 if b.type in ("identifier", "attribute")]
        body: list[ir.Stmt] = []
        block = node.child_by_field_name("body")
        self.selves.append("")
        try:
            for member in block.named_children if block is not None else []:
                self.member(member, body, out)
        finally:
            self.selves.pop()
        out.append(ir.Class(*self.at(node), self.text(node.child_by_field_name("name")), bases, body))

    def member(self, member: Node, body: list[ir.Stmt], out: list[ir.Stmt]) -> None:
        static = False
        if member.type == "decorated_definition":
            static = any(self.text(d).lstrip("@").strip() == "staticmethod"
                         for d in member.named_children if d.type == "decorator")
            definition = member.child_by_field_name("definition")
            if definition is None:
                return
            member = definition
        if member.type == "function_definition":
            func = self.function(member, method=True, static=static)
            if func.name == "__init__":
                func.name = "constructor"
            body.append(func)
        elif member.type == "class_definition":
            self.stmt(member, out)  # a nested class is a class of the file
        elif member.type == "expression_statement":
            fields: list[ir.Stmt] = []
            self.stmt(member, fields)
            for stmt in fields:  # `BASE = "…"` in a class body is a field: `self.BASE`
                if isinstance(stmt, ir.Assign) and isinstance(stmt.target, ir.Name):
                    stmt.target = ir.Attr(stmt.target.line, stmt.target.col, ir.Name(stmt.line, stmt.col, "this"),
                                          stmt.target.name)
                body.append(stmt)
        else:
            self.stmt(member, body)

    def s_with_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for clause in (c for c in node.named_children if c.type == "with_clause"):
            for item in clause.named_children:
                value = item.child_by_field_name("value") or (item.named_children[0] if item.named_children else None)
                if value is not None and value.type == "as_pattern":
                    source = value.named_children[0] if value.named_children else None
                    alias = value.child_by_field_name("alias")
                    target = alias.named_children[0] if alias is not None and alias.named_children else None
                    if source is not None and target is not None:
                        self.bind(target, self.expr(source), out, item)
                        continue
                if value is not None:
                    out.append(ir.Do(*self.at(value), self.expr(value)))
        self.stmt_of(node.child_by_field_name("body"), out)

    def stmt_of(self, node: Node | None, out: list[ir.Stmt]) -> None:
        if node is not None:
            self.stmt(node, out)

    def s_print_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        """Python 2's `print x, y`: a call of `print`."""
        line, col = self.at(node)
        args = [self.expr(c) for c in node.named_children if c.type != "chevron"]
        out.append(ir.Do(line, col, ir.Call(line, col, ir.Name(line, col, "print"), args)))

    def s_exec_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_comment(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_ERROR(self, node: Node, out: list[ir.Stmt]) -> None:  # tree-sitter's node type
        """What tree-sitter could not fit into the grammar: the shapes it still holds, in order.
        `NAME = value` is an assignment and `def name(params): block` a function, even when the
        error swallowed their statement node; anything else is searched for statements."""
        children = node.children
        i = 0
        while i < len(children):
            child = children[i]
            after = children[i + 1] if i + 1 < len(children) else None
            value = children[i + 2] if i + 2 < len(children) else None
            if (child.type in _TARGETS and after is not None and after.type == "=" and value is not None
                    and value.is_named and hasattr(self, "e_" + value.type)):
                self.bind(child, self.expr(value), out, child)
                i += 3
                continue
            if (child.type == "identifier" and self.text(child) == "def" and after is not None
                    and after.type == "call"):
                block = next((c for c in children[i + 2:i + 4] if c.type == "block"), None)
                if block is not None:
                    name = after.child_by_field_name("function")
                    args = after.child_by_field_name("arguments")
                    params = [self.text(a) for a in (args.named_children if args is not None else [])
                              if a.type == "identifier"]
                    out.append(ir.Func(*self.at(child), self.text(name), params, self.body(block)))
                    i = children.index(block) + 1
                    continue
            if child.is_named:
                self.stmt(child, out)
            i += 1

    # --- expressions ---------------------------------------------------------------------------

    def e_call(self, node: Node) -> ir.Expr:
        line, col = self.at(node)
        call = ir.Call(line, col, self.expr(node.child_by_field_name("function")))
        args = node.child_by_field_name("arguments")
        for a in args.named_children if args is not None else []:
            if a.type == "keyword_argument":
                call.named[self.text(a.child_by_field_name("name"))] = self.expr(a.child_by_field_name("value"))
            elif a.type not in ("comment", "list_splat", "dictionary_splat"):
                call.args.append(self.expr(a))
        return call

    def e_attribute(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.expr(node.child_by_field_name("object")),
                       self.text(node.child_by_field_name("attribute")))

    def e_subscript(self, node: Node) -> ir.Expr:
        key = node.child_by_field_name("subscript")
        return ir.Index(*self.at(node), self.expr(node.child_by_field_name("value")), self.expr(key))

    def e_identifier(self, node: Node) -> ir.Expr:
        name = self.text(node)
        if self.selves and self.selves[-1] and name == self.selves[-1]:
            return self.name(node, "this")
        return self.name(node)

    def e_string(self, node: Node) -> ir.Expr:
        start = next((c for c in node.children if c.type == "string_start"), None)
        prefix = self.text(start).rstrip("'\"").lower() if start is not None else ""
        raw = "r" in prefix
        parts: list[ir.Expr] = []
        text: list[str] = []
        for c in node.named_children:
            if c.type == "string_content":
                text.append(self.content(c, raw))
            elif c.type == "escape_sequence":
                text.append(self.text(c) if raw else _unescape(self.text(c)))
            elif c.type == "interpolation":
                if "f" not in prefix:
                    text.append(self.text(c))
                    continue
                if text:
                    parts.append(self.const(node, "".join(text)))
                    text = []
                inner = c.child_by_field_name("expression") or (c.named_children[0] if c.named_children else None)
                parts.append(self.expr(inner) if inner is not None else self.unknown(c))
        if text or not parts:
            joined = "".join(text)
            parts.append(self.const(node, joined if "f" in prefix else placeholders(joined)))
        return parts[0] if len(parts) == 1 else ir.Concat(*self.at(node), parts)

    def content(self, node: Node, raw: bool) -> str:
        """A string's content: escapes inside it (grammars that keep them in the content) undone."""
        text = self.text(node)
        if raw or "\\" not in text:
            return text
        return re.sub(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", lambda m: _unescape(m.group(0)), text)

    def e_concatenated_string(self, node: Node) -> ir.Expr:
        parts: list[ir.Expr] = []
        for c in node.named_children:
            if c.type == "string":
                value = self.expr(c)
                parts += value.parts if isinstance(value, ir.Concat) else [value]
        return ir.Concat(*self.at(node), parts)

    def e_integer(self, node: Node) -> ir.Expr:
        text = self.text(node).replace("_", "").rstrip("lL")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_float(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node))

    def e_none(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def e_binary_operator(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op == "%":
            line, col = self.at(node)
            return ir.Call(line, col, ir.Name(line, col, PERCENT), [left, right])
        return self.unknown(node)

    def e_boolean_operator(self, node: Node) -> ir.Expr:
        left, right = self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))
        if self.text(node.child_by_field_name("operator")) == "or":
            return ir.Either(*self.at(node), [left, right])
        return right

    def e_conditional_expression(self, node: Node) -> ir.Expr:
        named = node.named_children
        if len(named) < 3:
            return self.unknown(node)
        return ir.Either(*self.at(node), [self.expr(named[0]), self.expr(named[2])])

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.expr(inner[0]) if inner else self.unknown(node)

    def e_tuple(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.expr(c) for c in node.named_children if c.type != "comment"])

    e_list = e_tuple
    e_expression_list = e_tuple

    def e_dictionary(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        for c in node.named_children:
            if c.type == "pair":
                items.append((self.expr(c.child_by_field_name("key")), self.expr(c.child_by_field_name("value"))))
            elif c.type == "dictionary_splat" and c.named_children:
                items.append((None, self.expr(c.named_children[0])))
        return ir.Dict(*self.at(node), items)

    def e_lambda(self, node: Node) -> ir.Expr:
        body = node.child_by_field_name("body")
        stmts: list[ir.Stmt] = [ir.Return(*self.at(body), self.expr(body))] if body is not None else []
        return ir.Func(*self.at(node), "", self.params(node.child_by_field_name("parameters")), stmts)

    def e_await(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_named_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.child_by_field_name("value"))


def _unescape(seq: str) -> str:
    try:
        return codecs.decode(seq, "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return seq


def read(text: str) -> ir.Program:
    """The program of a Python file `ast` cannot read (template directives blanked first)."""
    root, data = parse("python", blank_directives(text))
    return PythonLowerer(data).program(root)
