"""The Go front end: a tree-sitter-go syntax tree lowered to the shared program shape
(tokenlint.parsers.program).

Go has no classes, but a struct type with methods is one for what tokenlint needs: the
methods of `func (c *Client) get(path string)` are gathered into a `Class` named after the
receiver's type, the receiver is `this` inside them, and a struct literal
(`&Client{baseURL: "…"}`) is a constructor call whose named fields the class's synthesised
constructor stores, so `c.baseURL + path` resolves where the client is built. Classes are
placed after the file's functions, so a constructor function (`NewClient`) is read before the
methods that use what it stored. Several targets (`req, err := http.NewRequest(…)`) assign
pairwise, and a single call on the right goes to the first target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower, unescape

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a", "0": "\0"}


class GoLowerer(Lowerer):
    language = "go"

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.receiver = ""  # the receiver's name inside a method: lowered as `this`
        self.methods: dict[str, list[ir.Func]] = {}  # type name -> its methods, in file order
        self.structs: dict[str, tuple[ir.Node, list[str], list[str]]] = {}  # type -> (at, fields, embedded)

    def program(self, root: Node) -> ir.Program:
        body: list[ir.Stmt] = []
        self.stmts(root, body)
        for name in list(self.structs) + [n for n in self.methods if n not in self.structs]:
            at, fields, embedded = self.structs.get(name, (ir.Unknown(1, 1), [], []))
            members: list[ir.Stmt] = []
            if fields or embedded:
                members.append(self.constructor(at, fields, {e: self.structs[e][1] for e in embedded
                                                             if e in self.structs}))
            members += self.methods.get(name, [])
            body.append(ir.Class(at.line, at.col, name, embedded, members))
        return ir.Program(self.language, body, self.notes)

    @staticmethod
    def constructor(at: ir.Node, fields: list[str], embedded: dict[str, list[str]]) -> ir.Func:
        """A struct literal stores its fields, by name or in order: `Client{base: b}` and `Client{b}`.
        An embedded struct is a field named after its type whose own fields are promoted:
        `Repos{base: &base{root: r}}` gives `this.root` too."""
        line, col = at.line, at.col
        this = ir.Name(line, col, "this")
        body: list[ir.Stmt] = [ir.Assign(line, col, ir.Attr(line, col, this, f), ir.Name(line, col, f))
                               for f in [*fields, *embedded]]
        for kind, promoted in embedded.items():
            body += [ir.Assign(line, col, ir.Attr(line, col, this, f), ir.Attr(line, col, ir.Name(line, col, kind), f))
                     for f in promoted if f not in fields]
        return ir.Func(line, col, "constructor", [*fields, *embedded], body)

    # --- statements ----------------------------------------------------------------------------

    def s_package_clause(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_comment(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_import_spec(self, node: Node, out: list[ir.Stmt]) -> None:
        path = self.string_text(node.child_by_field_name("path"))
        alias = node.child_by_field_name("name")
        if path is None:
            return
        parts = [p for p in path.split("/") if p]
        if not parts:
            return
        package = parts[-1]
        if len(parts) > 1 and package[:1] == "v" and package[1:].isdigit():  # `…/resty/v2` is package resty
            package = parts[-2]
        package = package.removeprefix("go-").replace("-", "_").split(".")[0] or package
        local = self.text(alias) if alias is not None else package
        if local in ("_", "."):
            return
        out.append(ir.Import(*self.at(node), local, package))

    def s_type_spec(self, node: Node, out: list[ir.Stmt]) -> None:
        kind = node.child_by_field_name("type")
        name = self.text(node.child_by_field_name("name"))
        if kind is None or kind.type != "struct_type" or not name:
            return
        fields: list[str] = []
        embedded: list[str] = []
        for decl_list in kind.named_children:
            for decl in decl_list.named_children:
                if decl.type != "field_declaration":
                    continue
                names = decl.children_by_field_name("name")
                if names:
                    fields += [self.text(n) for n in names]
                else:  # an embedded struct: its fields and methods are the outer struct's
                    embedded.append(self.text(decl.child_by_field_name("type")).lstrip("*").rsplit(".", 1)[-1])
        self.structs[name] = (ir.Unknown(*self.at(node)), fields, embedded)

    def s_function_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node, self.text(node.child_by_field_name("name"))))

    def s_method_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        receiver = node.child_by_field_name("receiver")
        decl = next((c for c in receiver.named_children if c.type == "parameter_declaration"), None) if (
            receiver is not None) else None
        if decl is None:
            return
        kind = self.text(decl.child_by_field_name("type")).lstrip("*").split("[")[0].strip()
        name_node = decl.child_by_field_name("name")
        saved = self.receiver
        self.receiver = self.text(name_node) if name_node is not None else ""
        try:
            func = self.function(node, self.text(node.child_by_field_name("name")))
        finally:
            self.receiver = saved
        self.methods.setdefault(kind, []).append(func)

    def function(self, node: Node, name: str) -> ir.Func:
        params: list[str] = []
        given = node.child_by_field_name("parameters")
        for p in given.named_children if given is not None else []:
            params += [self.text(n) for n in p.children_by_field_name("name")]
        return ir.Func(*self.at(node), name, params, self.body(node.child_by_field_name("body")))

    def s_const_spec(self, node: Node, out: list[ir.Stmt]) -> None:
        names: list[ir.Expr] = [self.name(n) for n in node.children_by_field_name("name")]
        self.pairs(node, names, node.child_by_field_name("value"), out)

    s_var_spec = s_const_spec

    def s_short_var_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        left = node.child_by_field_name("left")
        targets = [self.expr(c) for c in left.named_children] if left is not None else []
        self.pairs(node, targets, node.child_by_field_name("right"), out)

    def s_assignment_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        left = node.child_by_field_name("left")
        targets = [self.expr(c) for c in left.named_children] if left is not None else []
        op = self.text(node.child_by_field_name("operator"))
        if op == "+=" and len(targets) == 1:
            right = node.child_by_field_name("right")
            values = right.named_children if right is not None else []
            if values:
                out.append(ir.Assign(*self.at(node), targets[0],
                                     ir.Concat(*self.at(node), [targets[0], self.expr(values[0])])))
            return
        self.pairs(node, targets, node.child_by_field_name("right"), out)

    def pairs(self, node: Node, targets: list[ir.Expr], right: Node | None, out: list[ir.Stmt]) -> None:
        """`a, b := x, y` pairwise; `req, err := f()` gives the call's value to the first target."""
        values = [self.expr(c) for c in right.named_children] if right is not None else []
        for i, target in enumerate(targets):
            if i >= len(values):
                break
            if isinstance(target, ir.Name) and target.name == "_":
                if isinstance(values[i], ir.Call):
                    out.append(ir.Do(*self.at(node), values[i]))  # `_, err := client.Do(req)`: still sent
                continue
            if isinstance(target, (ir.Name, ir.Attr, ir.Index)):
                out.append(ir.Assign(*self.at(node), target, values[i]))
            else:
                out.append(ir.Do(*self.at(node), values[i]))
        for extra in values[len(targets):]:
            out.append(ir.Do(*self.at(node), extra))

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            out.append(ir.Do(*self.at(child), self.expr(child)))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        values = node.named_children[0].named_children if node.named_children else []
        if node.named_children and node.named_children[0].type != "expression_list":
            values = node.named_children
        out.append(ir.Return(*self.at(node), self.expr(values[0]) if values else None))
        for extra in values[1:]:
            if extra.type == "call_expression":
                out.append(ir.Do(*self.at(extra), self.expr(extra)))

    def s_defer_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            self.go_call(child, out)

    s_go_statement = s_defer_statement

    def go_call(self, node: Node, out: list[ir.Stmt]) -> None:
        """`go func() { … }()`, `defer func() { … }()`: the literal's body runs there."""
        func = node.child_by_field_name("function") if node.type == "call_expression" else None
        if func is not None and func.type == "func_literal":
            out += self.body(func.child_by_field_name("body"))
        else:
            out.append(ir.Do(*self.at(node), self.expr(node)))

    # --- expressions ---------------------------------------------------------------------------

    def args(self, node: Node | None) -> list[ir.Expr]:
        if node is None:
            return []
        return [self.expr(a) for a in node.named_children if a.type != "comment"]

    def e_call_expression(self, node: Node) -> ir.Expr:
        func = node.child_by_field_name("function")
        if func is not None and func.type == "func_literal":  # `func() { … }()`: its value is what it returns
            lit = self.expr(func)
            return ir.Call(*self.at(node), lit, self.args(node.child_by_field_name("arguments")))
        return ir.Call(*self.call_at(node, func), self.expr(func), self.args(node.child_by_field_name("arguments")))

    def e_selector_expression(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.expr(node.child_by_field_name("operand")),
                       self.text(node.child_by_field_name("field")))

    def e_identifier(self, node: Node) -> ir.Expr:
        name = self.text(node)
        if self.receiver and name == self.receiver:
            return self.name(node, "this")
        return self.name(node, name)

    e_type_identifier = e_identifier
    e_package_identifier = e_identifier
    e_field_identifier = e_identifier

    def e_qualified_type(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.expr(node.child_by_field_name("package")),
                       self.text(node.child_by_field_name("name")))

    def e_generic_type(self, node: Node) -> ir.Expr:
        return self.expr(node.child_by_field_name("type"))

    def e_interpreted_string_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.string_text(node) or "")

    e_raw_string_literal = e_interpreted_string_literal

    def string_text(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if node.type == "raw_string_literal":
            raw = self.text(node)
            return raw[1:-1] if len(raw) >= 2 else ""
        if node.type != "interpreted_string_literal":
            return None
        parts: list[str] = []
        for c in node.named_children:
            if c.type == "escape_sequence":
                parts.append(unescape(self.text(c), _ESCAPES))
            else:
                parts.append(self.text(c))
        return "".join(parts)

    def e_rune_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).strip("'"))

    def e_int_literal(self, node: Node) -> ir.Expr:
        text = self.text(node).replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_float_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node))

    def e_nil(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op == "||":
            return ir.Either(*self.at(node), [left, right])
        return self.one_call(node, left, right)

    def e_unary_expression(self, node: Node) -> ir.Expr:
        """`&Client{…}` is the literal; `!ok`, `-1`, `<-ch` are not values tokenlint follows."""
        op = self.text(node.child_by_field_name("operator"))
        operand = self.expr(node.child_by_field_name("operand"))
        return operand if op in ("&", "*") or isinstance(operand, ir.Call) else self.unknown(node)

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_type_conversion_expression(self, node: Node) -> ir.Expr:
        """`[]byte(s)`, `string(b)`, `url.URL(x)`: the value converted."""
        return self.expr(node.child_by_field_name("operand"))

    def e_type_assertion_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.child_by_field_name("operand"))

    def e_index_expression(self, node: Node) -> ir.Expr:
        return ir.Index(*self.at(node), self.expr(node.child_by_field_name("operand")),
                        self.expr(node.child_by_field_name("index")))

    def e_func_literal(self, node: Node) -> ir.Expr:
        return self.function(node, "")

    def e_composite_literal(self, node: Node) -> ir.Expr:
        """`map[string]string{…}` is a Dict, `[]string{…}` a Seq, `Client{…}` and `http.Client{…}` a
        constructor call with named fields."""
        kind = node.child_by_field_name("type")
        body = node.child_by_field_name("body")
        if kind is None or body is None:
            return self.unknown(node)
        if kind.type in ("type_identifier", "qualified_type", "generic_type"):
            named: dict[str, ir.Expr] = {}
            args: list[ir.Expr] = []
            for el in body.named_children:
                if el.type == "keyed_element":
                    key, value = self.keyed(el)
                    if key is not None:
                        named[key] = value
                elif el.type != "comment":
                    args.append(self.element(el))
            return ir.Call(*self.at(node), self.expr(kind), args, named, new=True)
        return self.literal_value(body, map_like=kind.type == "map_type")

    def literal_value(self, body: Node, map_like: bool) -> ir.Expr:
        """A literal's `{…}`: keyed elements make a Dict, bare ones a Seq."""
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        seq: list[ir.Expr] = []
        for el in body.named_children:
            if el.type == "keyed_element":
                children = el.named_children
                if len(children) >= 2:
                    items.append((self.element(children[0]), self.element(children[1])))
            elif el.type != "comment":
                seq.append(self.element(el))
        if items or map_like:
            return ir.Dict(*self.at(body), items)
        return ir.Seq(*self.at(body), seq)

    def keyed(self, el: Node) -> tuple[str | None, ir.Expr]:
        children = el.named_children
        if len(children) < 2:
            return None, self.unknown(el)
        key_node = children[0].named_children[0] if (
            children[0].type == "literal_element" and children[0].named_children) else children[0]
        key = self.text(key_node) if key_node.type in ("identifier", "field_identifier") else self.string_text(
            key_node)
        return key, self.element(children[1])

    def element(self, node: Node) -> ir.Expr:
        """A `literal_element`: an expression, or a nested `{…}` whose type the outer literal gives."""
        inner = node.named_children[0] if node.type == "literal_element" and node.named_children else node
        if inner.type == "literal_value":
            if self.depth > 400:
                return self.unknown(inner)
            self.depth += 1
            try:
                lowered = self.literal_value(inner, map_like=False)
            finally:
                self.depth -= 1
            if isinstance(lowered, ir.Seq) and len(lowered.items) == 1:  # `{"Basic x"}` in an http.Header
                return lowered.items[0]
            return lowered
        return self.expr(inner)


def read(text: str) -> ir.Program:
    return lower("go", GoLowerer, text)
