"""The PHP front end: a tree-sitter-php syntax tree (PHP with HTML around it) lowered to the
shared program shape (tokenlint.parsers.program).

PHP's idioms become the shape's: `$name` is `Name("name")`, `$this->x`, `self::X` and
`static::X` are attributes of `this`, class constants and properties are fields, `define()` and
top-level `const` are global assignments, `.` and `.=` are `Concat`, double-quoted strings and
heredocs with interpolation are `Concat`, arrays with `=>` are `Dict` (list arrays `Seq`),
`use A\\B as C;` is an import of `A.B`, `__construct` is the `constructor`, and `$a[] = v`
(append) is `$a = array_merge($a, [v])` so the table's `array_merge` follows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "e": "\x1b", "f": "\f", "0": "\0", "$": "$",
            '"': '"', "\\": "\\"}
_SELF = ("self", "static", "$this")
_EITHER = ("??", "?:", "||", "or")


class PhpLowerer(Lowerer):
    language = "php"

    # --- statements ----------------------------------------------------------------------------

    def s_namespace_definition(self, node: Node, out: list[ir.Stmt]) -> None:
        body = node.child_by_field_name("body")
        if body is not None:
            self.stmts(body, out)

    def s_namespace_use_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        prefix = ""
        group = next((c for c in node.named_children if c.type == "namespace_use_group"), None)
        if group is not None:  # `use A\{B, C as D};`
            named = next((c for c in node.named_children if c.type in ("namespace_name", "qualified_name")), None)
            prefix = self.qualified(named) + "." if named is not None else ""
            clauses = [c for c in group.named_children if c.type.startswith("namespace_use")]
        else:
            clauses = [c for c in node.named_children if c.type == "namespace_use_clause"]
        for clause in clauses:
            alias = clause.child_by_field_name("alias")
            path = next((c for c in clause.named_children if c.type in ("qualified_name", "name", "namespace_name")
                         and c != alias), None)
            if path is None:
                continue
            dotted = prefix + self.qualified(path)
            out.append(ir.Import(*self.at(clause), self.text(alias) if alias is not None else dotted.rsplit(".", 1)[-1],
                                 dotted))

    def qualified(self, node: Node) -> str:
        return self.text(node).replace(" ", "").replace("\\", ".").strip(".")

    def s_class_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        for clause in node.named_children:
            if clause.type == "base_clause":
                bases += [self.qualified(c).rsplit(".", 1)[-1] for c in clause.named_children]
        body: list[ir.Stmt] = []
        block = node.child_by_field_name("body")
        for member in block.named_children if block is not None else []:
            if member.type == "const_declaration":
                for element in member.named_children:
                    if element.type == "const_element" and len(element.named_children) >= 2:
                        key, value = element.named_children[0], element.named_children[-1]
                        body.append(ir.Assign(*self.at(element), self.field(element, self.text(key)),
                                              self.expr(value)))
            elif member.type == "property_declaration":
                for element in member.named_children:
                    default = element.child_by_field_name("default_value")
                    if element.type == "property_element" and default is not None:
                        prop = self.text(element.child_by_field_name("name")).lstrip("$")
                        body.append(ir.Assign(*self.at(element), self.field(element, prop), self.expr(default)))
            elif member.type == "method_declaration":
                body.append(self.function(member))
            elif member.type == "use_declaration":  # traits: `use SomeTrait;`
                bases += [self.qualified(c).rsplit(".", 1)[-1] for c in member.named_children
                          if c.type in ("name", "qualified_name")]
            else:
                self.stmt(member, body)
        out.append(ir.Class(*self.at(node), name, bases, body))

    s_trait_declaration = s_class_declaration
    s_interface_declaration = s_class_declaration
    s_enum_declaration = s_class_declaration

    def field(self, node: Node, name: str) -> ir.Attr:
        return ir.Attr(*self.at(node), ir.Name(*self.at(node), "this"), name)

    def function(self, node: Node) -> ir.Func:
        name = self.text(node.child_by_field_name("name"))
        params: list[str] = []
        promoted: list[ir.Stmt] = []
        given = node.child_by_field_name("parameters")
        for p in given.named_children if given is not None else []:
            pname = p.child_by_field_name("name")
            if pname is None:
                continue
            params.append(self.text(pname).lstrip("$&."))
            if p.type == "property_promotion_parameter":  # `__construct(private string $base)`
                promoted.append(ir.Assign(*self.at(p), self.field(p, params[-1]), self.name(pname, params[-1])))
        body = promoted + self.body(node.child_by_field_name("body"))
        return ir.Func(*self.at(node), "constructor" if name.lower() == "__construct" else name, params, body)

    def s_function_definition(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node))

    def s_compound_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        self.stmts(node, out)

    def s_const_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        for element in node.named_children:
            if element.type == "const_element" and len(element.named_children) >= 2:
                key, value = element.named_children[0], element.named_children[-1]
                out.append(ir.Assign(*self.at(element), self.name(key), self.expr(value)))

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            self.effect(child, out)

    def effect(self, node: Node, out: list[ir.Stmt]) -> None:
        if node.type in ("assignment_expression", "augmented_assignment_expression", "reference_assignment_expression"):
            self.assignment(node, out)
        elif node.type == "function_call_expression" and self.text(node.child_by_field_name("function")).lower() in (
                "define", "\\define"):
            args = self.arguments(node.child_by_field_name("arguments"))[0]
            if len(args) >= 2 and isinstance(args[0], ir.Const) and isinstance(args[0].value, str):
                out.append(ir.Assign(*self.at(node), ir.Name(*self.at(node), args[0].value), args[1]))
        else:
            out.append(ir.Do(*self.at(node), self.expr(node)))

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        value = self.expr(right)
        if left.type in ("list_literal", "array_creation_expression"):  # `[$a, $b] = …`: not followed
            return
        if left.type == "subscript_expression" and len(left.named_children) == 1:  # `$a[] = v`: append
            target = self.expr(left.named_children[0])
            merged = ir.Call(*self.at(node), ir.Name(*self.at(node), "array_merge"),
                             [target, ir.Seq(*self.at(right), [value])])
            out.append(ir.Assign(*self.at(node), target, merged))
            return
        target = self.expr(left)
        op = self.text(node.child_by_field_name("operator"))
        if node.type == "augmented_assignment_expression":
            if op == ".=":
                value = ir.Concat(*self.at(node), [target, value])
            elif op == "??=":
                value = ir.Either(*self.at(node), [target, value])
            else:
                value = self.unknown(node)
        out.append(ir.Assign(*self.at(node), target, value))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        value = node.named_children[0] if node.named_children else None
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    def s_echo_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            out.append(ir.Do(*self.at(child), self.expr(child)))

    def s_text(self, node: Node, out: list[ir.Stmt]) -> None:
        return  # HTML around the PHP

    # --- expressions ---------------------------------------------------------------------------

    def arguments(self, node: Node | None) -> tuple[list[ir.Expr], dict[str, ir.Expr]]:
        args: list[ir.Expr] = []
        named: dict[str, ir.Expr] = {}
        for a in node.named_children if node is not None else []:
            if a.type != "argument":
                continue
            label = a.child_by_field_name("name")
            value = next((c for c in a.named_children if c != label), None)
            if value is None:
                continue
            if label is not None:
                named[self.text(label)] = self.expr(value)
            elif any(c.type == "..." for c in a.children):
                args.append(self.unknown(a))
            else:
                args.append(self.expr(value))
        return args, named

    def scope(self, node: Node | None) -> ir.Expr:
        """The left of `::`: `self`/`static` are `this`, a class name is its (dotted) name."""
        if node is None:
            return ir.Unknown(0, 0)
        text = self.text(node)
        if text in _SELF or text == "parent":
            return self.name(node, "this")
        if node.type in ("name", "qualified_name"):
            parts = self.qualified(node).split(".")
            return self.dotted(node, parts)
        return self.expr(node)

    def e_variable_name(self, node: Node) -> ir.Expr:
        name = self.text(node).lstrip("$")
        if name == "this":
            return self.name(node, "this")
        return self.name(node, name)

    def e_name(self, node: Node) -> ir.Expr:
        return self.name(node)

    def e_qualified_name(self, node: Node) -> ir.Expr:
        return self.dotted(node, self.qualified(node).split("."))

    def e_member_access_expression(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.expr(node.child_by_field_name("object")),
                       self.text(node.child_by_field_name("name")).lstrip("$"))

    e_nullsafe_member_access_expression = e_member_access_expression

    def e_scoped_property_access_expression(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.scope(node.child_by_field_name("scope")),
                       self.text(node.child_by_field_name("name")).lstrip("$"))

    def e_class_constant_access_expression(self, node: Node) -> ir.Expr:
        named = node.named_children
        if len(named) < 2:
            return self.unknown(node)
        name = self.text(named[-1])
        if name == "class":  # `Foo::class`: the class's name
            return self.const(node, self.qualified(named[0]))
        return ir.Attr(*self.at(node), self.scope(named[0]), name)

    def e_member_call_expression(self, node: Node) -> ir.Expr:
        args, named = self.arguments(node.child_by_field_name("arguments"))
        func = ir.Attr(*self.at(node), self.expr(node.child_by_field_name("object")),
                       self.text(node.child_by_field_name("name")).lstrip("$"))
        return ir.Call(*self.at(node), func, args, named)

    e_nullsafe_member_call_expression = e_member_call_expression

    def e_scoped_call_expression(self, node: Node) -> ir.Expr:
        args, named = self.arguments(node.child_by_field_name("arguments"))
        scope = node.child_by_field_name("scope")
        name = self.text(node.child_by_field_name("name"))
        if self.text(scope) == "parent" and name.lower() == "__construct":
            return ir.Call(*self.at(node), ir.Name(*self.at(node), "super"), args, named)
        return ir.Call(*self.at(node), ir.Attr(*self.at(node), self.scope(scope), name), args, named)

    def e_function_call_expression(self, node: Node) -> ir.Expr:
        args, named = self.arguments(node.child_by_field_name("arguments"))
        function = node.child_by_field_name("function")
        func = self.expr(function) if function is not None else self.unknown(node)
        return ir.Call(*self.at(node), func, args, named)

    def e_object_creation_expression(self, node: Node) -> ir.Expr:
        kind = next((c for c in node.named_children if c.type in ("name", "qualified_name", "variable_name")), None)
        args_node = next((c for c in node.named_children if c.type == "arguments"), None)
        if kind is None:
            return self.unknown(node)  # `new class { … }`
        args, named = self.arguments(args_node)
        func = self.expr(kind)
        return ir.Call(*self.at(node), func, args, named, new=True)

    def e_string(self, node: Node) -> ir.Expr:
        raw = self.text(node)
        if raw[:1] in ("b", "B"):
            raw = raw[1:]
        if raw.startswith("'"):
            body = raw[1:-1] if len(raw) >= 2 else ""
            return self.const(node, body.replace("\\\\", "\x00").replace("\\'", "'").replace("\x00", "\\"))
        return self.interpolated(node, node.named_children)

    def e_encapsed_string(self, node: Node) -> ir.Expr:
        return self.interpolated(node, node.named_children)

    def e_heredoc(self, node: Node) -> ir.Expr:
        body = node.child_by_field_name("value") or next(
            (c for c in node.named_children if c.type == "heredoc_body"), None)
        return self.interpolated(node, body.named_children if body is not None else [])

    def e_nowdoc(self, node: Node) -> ir.Expr:
        body = next((c for c in node.named_children if c.type == "nowdoc_body"), None)
        return self.const(node, "".join(self.text(c) for c in body.named_children) if body is not None else "")

    def interpolated(self, node: Node, children: list[Node]) -> ir.Expr:
        parts: list[ir.Expr] = []
        text: list[str] = []
        for c in children:
            if c.type == "string_content" or c.type == "string_value":
                text.append(self.text(c))
            elif c.type == "escape_sequence":
                text.append(_unescape(self.text(c)))
            elif c.type in ("text_interpolation",):
                continue
            else:
                if text:
                    parts.append(ir.Const(*self.at(node), "".join(text)))
                    text = []
                parts.append(self.expr(c))
        if text or not parts:
            parts.append(ir.Const(*self.at(node), "".join(text)))
        if len(parts) == 1 and isinstance(parts[0], ir.Const):
            return ir.Const(*self.at(node), parts[0].value)
        return ir.Concat(*self.at(node), parts)

    def e_integer(self, node: Node) -> ir.Expr:
        text = self.text(node).replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_boolean(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).lower() == "true")

    def e_null(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        op = op.lower()
        if op == ".":
            return self.joined(node, left, right)
        if op in _EITHER:
            return ir.Either(*self.at(node), [left, right])
        return self.unknown(node)

    def e_conditional_expression(self, node: Node) -> ir.Expr:
        body = node.child_by_field_name("body")
        first = body if body is not None else node.child_by_field_name("condition")  # `a ?: b` is a or b
        return ir.Either(*self.at(node), [self.expr(first), self.expr(node.child_by_field_name("alternative"))])

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_cast_expression(self, node: Node) -> ir.Expr:
        value = node.child_by_field_name("value")
        return self.expr(value) if value is not None else self.unknown(node)

    def e_subscript_expression(self, node: Node) -> ir.Expr:
        named = node.named_children
        if len(named) < 2:
            return self.unknown(node)
        return ir.Index(*self.at(node), self.expr(named[0]), self.expr(named[1]))

    def e_array_creation_expression(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        keyed = False
        for element in node.named_children:
            if element.type != "array_element_initializer":
                continue
            parts = element.named_children
            if any(c.type == "variadic_unpacking" for c in parts):
                spread = next(c for c in parts if c.type == "variadic_unpacking")
                items.append((None, self.expr(spread.named_children[0]) if spread.named_children else
                              self.unknown(spread)))
                continue
            if len(parts) >= 2:
                keyed = True
                items.append((self.expr(parts[0]), self.expr(parts[-1])))
            elif parts:
                items.append((ir.Const(*self.at(parts[0]), len(items)), self.expr(parts[0])))
        if keyed or any(k is None for k, _ in items):
            return ir.Dict(*self.at(node), items)
        return ir.Seq(*self.at(node), [v for _, v in items])

    def e_anonymous_function(self, node: Node) -> ir.Expr:
        return self.function(node)

    def e_arrow_function(self, node: Node) -> ir.Expr:
        func = self.function(node)
        body = node.child_by_field_name("body")
        if body is not None and body.type != "compound_statement":
            func.body = [ir.Return(*self.at(body), self.expr(body))]
        return func

    e_anonymous_function_creation_expression = e_anonymous_function

    def e_assignment_expression(self, node: Node) -> ir.Expr:
        out: list[ir.Stmt] = []
        self.assignment(node, out)
        return out[0].value if out and isinstance(out[0], ir.Assign) else self.unknown(node)

    e_augmented_assignment_expression = e_assignment_expression

    def e_unary_op_expression(self, node: Node) -> ir.Expr:
        return self.opaque(node)

    def e_error_suppression_expression(self, node: Node) -> ir.Expr:  # `@curl_exec($ch)`
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)


def _unescape(seq: str) -> str:
    if len(seq) == 2 and seq[1] in _ESCAPES:
        return _ESCAPES[seq[1]]
    if seq.startswith("\\u{") and seq.endswith("}"):
        try:
            return chr(int(seq[3:-1], 16))
        except (ValueError, OverflowError):
            return seq
    if seq.startswith("\\x"):
        try:
            return chr(int(seq[2:], 16))
        except ValueError:
            return seq
    return seq


def read(text: str) -> ir.Program:
    return lower("php", PhpLowerer, text)
