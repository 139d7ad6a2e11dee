"""The Java front end: a tree-sitter-java syntax tree lowered to the shared program shape
(tokenlint.parsers.program). Classes with their fields, constructors and methods; local
declarations; method calls, `new`, builders; string concatenation and text blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower, unescape

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "s": " "}


class JvmLowerer(Lowerer):
    """What Java and Groovy lower alike: tree-sitter-groovy names these nodes as tree-sitter-java
    does (packages, imports, returns, field access, `this`, ternaries, casts, array access)."""

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        """`target = value` (and `+=`) as each language reads it."""
        raise NotImplementedError

    def s_package_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_import_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        path = next((c for c in node.named_children if c.type in ("scoped_identifier", "identifier")), None)
        if path is None or any(c.type == "asterisk" for c in node.named_children):
            return
        dotted = self.text(path).replace(" ", "")
        out.append(ir.Import(*self.at(node), dotted.rsplit(".", 1)[-1], dotted))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        value = node.named_children[0] if node.named_children else None
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    def e_field_access(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.expr(node.child_by_field_name("object")),
                       self.text(node.child_by_field_name("field")))

    def e_scoped_identifier(self, node: Node) -> ir.Expr:
        return self.dotted(node, self.text(node).replace(" ", "").split("."))

    def e_this(self, node: Node) -> ir.Expr:
        return self.name(node, "this")

    def e_ternary_expression(self, node: Node) -> ir.Expr:
        return self.branches(node)

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_cast_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.child_by_field_name("value"))

    def e_array_access(self, node: Node) -> ir.Expr:
        return ir.Index(*self.at(node), self.expr(node.child_by_field_name("array")),
                        self.expr(node.child_by_field_name("index")))

    def e_assignment_expression(self, node: Node) -> ir.Expr:
        out: list[ir.Stmt] = []
        self.assignment(node, out)
        return out[0].value if out and isinstance(out[0], ir.Assign) else self.unknown(node)


class JavaLowerer(JvmLowerer):
    language = "java"

    # --- statements ----------------------------------------------------------------------------

    def s_class_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        sup = node.child_by_field_name("superclass")
        if sup is not None:
            bases += [self.text(c).split("<")[0] for c in sup.named_children]
        body: list[ir.Stmt] = []
        block = node.child_by_field_name("body")
        for member in block.named_children if block is not None else []:
            if member.type == "field_declaration":
                for decl in member.children_by_field_name("declarator"):
                    value, field = decl.child_by_field_name("value"), self.text(decl.child_by_field_name("name"))
                    target = ir.Attr(*self.at(decl), ir.Name(*self.at(decl), "this"), field)
                    # a field with no initialiser is still a field: assignments to its bare name set it
                    given = self.expr(value) if value is not None else ir.Name(*self.at(decl), field)
                    body.append(ir.Assign(*self.at(decl), target, given))
            elif member.type in ("constructor_declaration", "method_declaration"):
                func = self.function(member)
                if member.type == "constructor_declaration":
                    func.name = "constructor"
                body.append(func)
            elif member.type in ("class_declaration", "interface_declaration", "enum_declaration"):
                self.stmt(member, out)  # a nested class is a class of the file
            else:
                self.stmt(member, body)
        out.append(ir.Class(*self.at(node), name, bases, body))

    s_enum_declaration = s_class_declaration
    s_interface_declaration = s_class_declaration
    s_record_declaration = s_class_declaration

    def function(self, node: Node) -> ir.Func:
        given = node.child_by_field_name("parameters")
        params: list[str] = []
        types: dict[str, str] = {}
        for p in given.named_children if given else []:
            name, kind = p.child_by_field_name("name"), p.child_by_field_name("type")
            if name is not None:
                params.append(self.text(name))
                if kind is not None:
                    types[params[-1]] = self.text(kind).split("<")[0]
        return ir.Func(*self.at(node), self.text(node.child_by_field_name("name")), params,
                       self.body(node.child_by_field_name("body")), types)

    def s_local_variable_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        for decl in node.children_by_field_name("declarator"):
            value, name = decl.child_by_field_name("value"), decl.child_by_field_name("name")
            if value is not None and name is not None:
                out.append(ir.Assign(*self.at(decl), self.name(name), self.expr(value)))

    s_field_declaration = s_local_variable_declaration

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            if child.type == "assignment_expression":
                self.assignment(child, out)
            else:
                out.append(ir.Do(*self.at(child), self.expr(child)))

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = self.text(node.child_by_field_name("operator"))
        value = self.expr(right)
        target = self.expr(left)
        if op == "+=":
            value = ir.Concat(*self.at(node), [target, value])
        out.append(ir.Assign(*self.at(node), target, value))

    def s_explicit_constructor_invocation(self, node: Node, out: list[ir.Stmt]) -> None:
        args = node.child_by_field_name("arguments")
        out.append(ir.Do(*self.at(node), ir.Call(*self.at(node), ir.Name(*self.at(node), "super"),
                                                 self.args(args))))

    # --- expressions ---------------------------------------------------------------------------

    def args(self, node: Node | None) -> list[ir.Expr]:
        return [self.expr(a) for a in node.named_children] if node is not None else []

    def e_method_invocation(self, node: Node) -> ir.Expr:
        obj, name_node = node.child_by_field_name("object"), node.child_by_field_name("name")
        name = self.text(name_node)
        at = self.at(name_node) if name_node is not None else self.at(node)  # in a chain, the line of `.header(…)`
        func: ir.Expr = ir.Attr(*at, self.expr(obj), name) if obj is not None else ir.Name(*at, name)
        return ir.Call(*at, func, self.args(node.child_by_field_name("arguments")))

    def e_object_creation_expression(self, node: Node) -> ir.Expr:
        kind = self.text(node.child_by_field_name("type")).split("<")[0]
        return ir.Call(*self.at(node), self.dotted(node, kind.split(".")),
                       self.args(node.child_by_field_name("arguments")), new=True)

    def e_identifier(self, node: Node) -> ir.Expr:
        return self.name(node)

    e_type_identifier = e_identifier

    def e_string_literal(self, node: Node) -> ir.Expr:
        parts: list[str] = []
        for c in node.named_children:
            if c.type == "string_fragment":
                parts.append(self.text(c))
            elif c.type == "escape_sequence":
                parts.append(unescape(self.text(c), _ESCAPES))
        if not node.named_children:  # a text block or an empty string
            raw = self.text(node)
            quote = '"""' if raw.startswith('"""') else '"'
            parts.append(raw[len(quote):-len(quote)] if len(raw) >= 2 * len(quote) else "")
        return self.const(node, "".join(parts))

    e_text_block = e_string_literal

    def e_character_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).strip("'"))

    def e_decimal_integer_literal(self, node: Node) -> ir.Expr:
        text = self.text(node).rstrip("lL").replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op == "||":
            return ir.Either(*self.at(node), [left, right])
        return self.unknown(node)

    def e_array_initializer(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.expr(c) for c in node.named_children])

    def e_array_creation_expression(self, node: Node) -> ir.Expr:
        init = node.child_by_field_name("value")
        return self.expr(init) if init is not None else self.unknown(node)

    def e_lambda_expression(self, node: Node) -> ir.Expr:
        params_node = node.child_by_field_name("parameters")
        params = [self.text(p) for p in params_node.named_children if p.type == "identifier"] if (
            params_node is not None and params_node.type != "identifier") else (
            [self.text(params_node)] if params_node is not None else [])
        body_node = node.child_by_field_name("body")
        body: list[ir.Stmt] = []
        if body_node is not None and body_node.type == "block":
            self.stmts(body_node, body)
        elif body_node is not None:
            body.append(ir.Return(*self.at(body_node), self.expr(body_node)))
        return ir.Func(*self.at(node), "", params, body)


def read(text: str) -> ir.Program:
    return lower("java", JavaLowerer, text)
