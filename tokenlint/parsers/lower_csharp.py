"""The C# front end: a tree-sitter-c-sharp syntax tree lowered to the shared program shape
(tokenlint.parsers.program).

Classes with their fields, properties (with initialisers or `=> …` bodies), constructors and
methods; `var` and `using var` declarations; interpolated, verbatim and raw strings; object
initialisers (`new HttpClient { BaseAddress = new Uri(…) }`) as named arguments of the
constructor call, nested ones (`DefaultRequestHeaders = { Authorization = v }`) as maps.

A bare name assigned in a method that is a field or property of its class, and not a local
or a parameter, is the field (`_client = new HttpClient(…)` in a constructor sets
`this._client`). A `using` alias binds its name to the type's own name, and a type named with
its namespace (`new System.Net.Http.HttpClient()`) is the type: the library tables name types
without namespaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower, unescape

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "a": "\a", "v": "\v"}
_TYPES = ("class_declaration", "struct_declaration", "record_declaration", "interface_declaration",
          "record_struct_declaration")


class CSharpLowerer(Lowerer):
    language = "csharp"

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.members: set[str] = set()  # fields and properties of the class being lowered
        self.locals: set[str] = set()  # parameters and locals of the method being lowered

    # --- statements ----------------------------------------------------------------------------

    def s_comment(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_using_directive(self, node: Node, out: list[ir.Stmt]) -> None:
        alias = node.child_by_field_name("name")
        if alias is None:
            return  # `using System.Net.Http;`: names are used bare
        target = next((c for c in node.named_children if c.id != alias.id and c.type in (
            "qualified_name", "identifier", "generic_name", "alias_qualified_name")), None)
        if target is not None:
            last = self.text(target).split("<")[0].replace(" ", "").rsplit(".", 1)[-1]
            out.append(ir.Import(*self.at(node), self.text(alias), last))

    def s_class_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name"))
        bases: list[str] = []
        for child in node.named_children:
            if child.type == "base_list":
                bases += [self.text(c).split("<")[0].rsplit(".", 1)[-1] for c in child.named_children
                          if c.type != "argument_list"]
        block = node.child_by_field_name("body")
        members = block.named_children if block is not None else []
        saved = self.members
        self.members = set()
        for member in members:
            if member.type == "field_declaration":
                decl = next((c for c in member.named_children if c.type == "variable_declaration"), None)
                for var in decl.named_children if decl is not None else []:
                    if var.type == "variable_declarator":
                        self.members.add(self.text(var.child_by_field_name("name")))
            elif member.type == "property_declaration":
                self.members.add(self.text(member.child_by_field_name("name")))
        body: list[ir.Stmt] = []
        try:
            for member in members:
                self.member(member, body, out)
        finally:
            self.members = saved
        out.append(ir.Class(*self.at(node), name, bases, body))

    s_struct_declaration = s_class_declaration
    s_record_declaration = s_class_declaration
    s_interface_declaration = s_class_declaration
    s_record_struct_declaration = s_class_declaration

    def member(self, member: Node, body: list[ir.Stmt], out: list[ir.Stmt]) -> None:
        if member.type == "field_declaration":
            decl = next((c for c in member.named_children if c.type == "variable_declaration"), None)
            for var in decl.named_children if decl is not None else []:
                value = self.initial(var)
                if var.type == "variable_declarator" and value is not None:
                    body.append(ir.Assign(*self.at(var), self.this_attr(var, self.text(var.child_by_field_name(
                        "name"))), self.expr(value)))
        elif member.type == "property_declaration":
            value = member.child_by_field_name("value")
            getter = self.getter(member)
            if value is not None and value.type == "arrow_expression_clause":
                value = value.named_children[0] if value.named_children else None
            elif value is None and getter is not None:
                value = getter
            if value is not None:
                body.append(ir.Assign(*self.at(member), self.this_attr(member, self.text(
                    member.child_by_field_name("name"))), self.expr(value)))
        elif member.type in ("constructor_declaration", "method_declaration"):
            func = self.function(member)
            if member.type == "constructor_declaration":
                func.name = "constructor"
            body.append(func)
        elif member.type in _TYPES or member.type == "enum_declaration":
            self.stmt(member, out)  # a nested type is a type of the file
        elif member.type not in ("comment",):
            self.stmt(member, body)

    def getter(self, prop: Node) -> Node | None:
        """`string Url { get { return "…"; } }`: the value its getter returns, when it returns one."""
        accessors = prop.child_by_field_name("accessors")
        for acc in accessors.named_children if accessors is not None else []:
            body = acc.child_by_field_name("body")
            if body is None:
                continue
            if body.type == "arrow_expression_clause":
                return body.named_children[0] if body.named_children else None
            ret = next((s for s in body.named_children if s.type == "return_statement"), None)
            if ret is not None and ret.named_children:
                return ret.named_children[0]
        return None

    @staticmethod
    def initial(var: Node) -> Node | None:
        """A declarator's initial value: the child after its name (tree-sitter-c-sharp gives it no field)."""
        name = var.child_by_field_name("name")
        for child in var.named_children:
            if name is not None and child.id == name.id:
                continue
            if child.type == "bracketed_argument_list":
                continue
            return child
        return None

    def this_attr(self, node: Node, name: str) -> ir.Attr:
        return ir.Attr(*self.at(node), ir.Name(*self.at(node), "this"), name)

    def function(self, node: Node) -> ir.Func:
        saved = self.locals
        self.locals = set()
        try:
            given = node.child_by_field_name("parameters")
            declared = [p for p in (given.named_children if given else [])
                        if p.type == "parameter" and p.child_by_field_name("name") is not None]
            params = [self.text(p.child_by_field_name("name")) for p in declared]
            # the types parameters declare: an injected `IHttpClientFactory` or `RestClient` is that library's
            types = {self.text(p.child_by_field_name("name")): _type_name(self.text(kind))
                     for p in declared if (kind := p.child_by_field_name("type")) is not None}
            self.locals.update(params)
            body: list[ir.Stmt] = []
            for child in node.named_children:
                if child.type == "constructor_initializer":  # `: base(a)`
                    args = next((c for c in child.named_children if c.type == "argument_list"), None)
                    args_, named = self.arguments(args)
                    body.append(ir.Do(*self.at(child), ir.Call(*self.at(child), ir.Name(*self.at(child), "super"),
                                                               args_, named)))
            block = node.child_by_field_name("body")
            if block is not None and block.type == "arrow_expression_clause":
                if block.named_children:
                    body.append(ir.Return(*self.at(block), self.expr(block.named_children[0])))
            elif block is not None:
                self.stmt(block, body)
            return ir.Func(*self.at(node), self.text(node.child_by_field_name("name")), params, body, types)
        finally:
            self.locals = saved

    def s_local_function_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node))

    def s_local_declaration_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for decl in node.named_children:
            if decl.type == "variable_declaration":
                self.declaration(decl, out)

    def declaration(self, decl: Node, out: list[ir.Stmt]) -> None:
        for var in decl.named_children:
            if var.type != "variable_declarator":
                continue
            name = var.child_by_field_name("name")
            if name is None:
                continue
            self.locals.add(self.text(name))
            value = self.initial(var)
            if value is not None:
                out.append(ir.Assign(*self.at(var), self.name(name), self.expr(value)))

    def s_using_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        """`using (var c = new HttpClient()) { … }`: the declaration, then the body."""
        for child in node.named_children:
            if child.type == "variable_declaration":
                self.declaration(child, out)
            else:
                self.stmt(child, out)

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
        if isinstance(target, ir.Name) and target.name in self.members and target.name not in self.locals:
            target = ir.Attr(target.line, target.col, ir.Name(target.line, target.col, "this"), target.name)
        if op == "+=":
            value = ir.Concat(*self.at(node), [target, value])
        elif op == "??=":
            value = ir.Either(*self.at(node), [target, value])
        out.append(ir.Assign(*self.at(node), target, value))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        value = node.named_children[0] if node.named_children else None
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    # --- expressions ---------------------------------------------------------------------------

    def arguments(self, node: Node | None) -> tuple[list[ir.Expr], dict[str, ir.Expr]]:
        args: list[ir.Expr] = []
        named: dict[str, ir.Expr] = {}
        for arg in node.named_children if node is not None else []:
            if arg.type != "argument":
                continue
            label = arg.child_by_field_name("name")
            value = next((c for c in arg.named_children if label is None or c.id != label.id), None)
            if value is None:
                continue
            if label is not None:
                named[self.text(label)] = self.expr(value)
            else:
                args.append(self.expr(value))
        return args, named

    def e_invocation_expression(self, node: Node) -> ir.Expr:
        args, named = self.arguments(node.child_by_field_name("arguments"))
        func = node.child_by_field_name("function")
        return ir.Call(*self.call_at(node, func), self.expr(func), args, named)

    def e_object_creation_expression(self, node: Node) -> ir.Expr:
        kind = self.type_name(node.child_by_field_name("type"))
        args, named = self.arguments(node.child_by_field_name("arguments"))
        init = node.child_by_field_name("initializer")
        if init is not None:
            lowered = self.initializer(init)
            if isinstance(lowered, ir.Dict):
                for k, v in lowered.items:
                    if isinstance(k, ir.Const) and isinstance(k.value, str):
                        named[k.value] = v
            elif isinstance(lowered, ir.Seq) and not args:
                args = [lowered]  # `new List<string> { "a" }`
        return ir.Call(*self.at(node), ir.Name(*self.at(node), kind), args, named, new=True)

    def e_implicit_object_creation_expression(self, node: Node) -> ir.Expr:
        """`HttpClient c = new(handler) { … }`: the type is the declaration's; unknown here."""
        args, named = self.arguments(next((c for c in node.named_children if c.type == "argument_list"), None))
        return ir.Call(*self.at(node), ir.Name(*self.at(node), "new"), args, named, new=True)

    def type_name(self, node: Node | None) -> str:
        text = self.text(node).split("<")[0].replace(" ", "")
        return text.rsplit(".", 1)[-1].rsplit("::", 1)[-1] or "object"

    def initializer(self, node: Node) -> ir.Expr:
        """`{ A = 1, B = { … } }` is a Dict; `{ ["k"] = v }` and `{ {"k", v} }` a Dict by key; `{ 1, 2 }` a Seq."""
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        seq: list[ir.Expr] = []
        for child in node.named_children:
            if child.type == "assignment_expression":
                left, right = child.child_by_field_name("left"), child.child_by_field_name("right")
                value = self.initializer(right) if right is not None and right.type == "initializer_expression" \
                    else self.expr(right)
                if left is not None and left.type == "identifier":
                    items.append((self.const(left, self.text(left)), value))
                elif left is not None and left.type == "element_binding_expression":
                    keys = [self.expr(a.named_children[0]) for a in left.named_children
                            if a.type == "argument" and a.named_children]
                    if keys:
                        items.append((keys[0], value))
            elif child.type == "initializer_expression" and len(child.named_children) == 2:
                items.append((self.expr(child.named_children[0]), self.expr(child.named_children[1])))
            elif child.type != "comment":
                seq.append(self.expr(child))
        if items:
            return ir.Dict(*self.at(node), items)
        return ir.Seq(*self.at(node), seq)

    e_initializer_expression = initializer

    def e_implicit_array_creation_expression(self, node: Node) -> ir.Expr:
        init = next((c for c in node.named_children if c.type == "initializer_expression"), None)
        return self.initializer(init) if init is not None else self.unknown(node)

    def e_array_creation_expression(self, node: Node) -> ir.Expr:
        return self.e_implicit_array_creation_expression(node)

    def e_anonymous_object_creation_expression(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        children = node.named_children
        i = 0
        while i < len(children):  # name = value pairs, or a bare member (`new { user }`)
            child = children[i]
            if child.type == "identifier" and i + 1 < len(children) and self.data[
                    child.end_byte:children[i + 1].start_byte].strip().startswith(b"="):
                items.append((self.const(child, self.text(child)), self.expr(children[i + 1])))
                i += 2
            else:
                i += 1
        return ir.Dict(*self.at(node), items)

    def e_member_access_expression(self, node: Node) -> ir.Expr:
        obj = node.child_by_field_name("expression")
        name = node.child_by_field_name("name")
        member = self.text(name).split("<")[0] if name is not None else ""
        owner: ir.Expr = self.name(node, "this") if obj is None or obj.type == "this" else self.expr(obj)
        return ir.Attr(*self.at(node), owner, member)

    def e_conditional_access_expression(self, node: Node) -> ir.Expr:
        """`a?.B`: tree-sitter gives the object and a `member_binding_expression`."""
        children = node.named_children
        if len(children) == 2 and children[1].type == "member_binding_expression":
            name = children[1].child_by_field_name("name")
            return ir.Attr(*self.at(node), self.expr(children[0]), self.text(name).split("<")[0])
        return self.opaque(node)

    def e_identifier(self, node: Node) -> ir.Expr:
        return self.name(node)

    def e_predefined_type(self, node: Node) -> ir.Expr:
        return self.name(node, "string" if self.text(node) == "string" else self.text(node))

    def e_qualified_name(self, node: Node) -> ir.Expr:
        return self.dotted(node, self.text(node).replace(" ", "").split("."))

    def e_generic_name(self, node: Node) -> ir.Expr:
        return self.name(node, self.text(node).split("<")[0].strip())

    def e_this(self, node: Node) -> ir.Expr:
        return self.name(node, "this")

    e_this_expression = e_this

    def e_base(self, node: Node) -> ir.Expr:
        return self.name(node, "this")

    def e_string_literal(self, node: Node) -> ir.Expr:
        parts: list[str] = []
        for c in node.named_children:
            if c.type == "string_literal_content":
                parts.append(self.text(c))
            elif c.type == "escape_sequence":
                parts.append(unescape(self.text(c), _ESCAPES))
        return self.const(node, "".join(parts))

    def e_verbatim_string_literal(self, node: Node) -> ir.Expr:
        raw = self.text(node)
        inner = raw[2:-1] if len(raw) >= 3 else ""
        return self.const(node, inner.replace('""', '"'))

    def e_raw_string_literal(self, node: Node) -> ir.Expr:
        content = [self.text(c) for c in node.named_children if c.type == "raw_string_content"]
        return self.const(node, "".join(content))

    def e_character_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).strip("'"))

    def e_interpolated_string_expression(self, node: Node) -> ir.Expr:
        verbatim = "@" in self.text(node)[:3]
        parts: list[ir.Expr] = []
        for c in node.named_children:
            if c.type == "string_content":
                text = self.text(c)
                parts.append(self.const(c, text.replace('""', '"') if verbatim else text))
            elif c.type == "escape_sequence":
                parts.append(self.const(c, unescape(self.text(c), _ESCAPES)))
            elif c.type == "interpolation":
                inner = next((x for x in c.named_children if x.type not in (
                    "interpolation_brace", "interpolation_alignment_clause", "interpolation_format_clause")), None)
                parts.append(self.expr(inner) if inner is not None else self.unknown(c))
        return ir.Concat(*self.at(node), parts)

    def e_boolean_literal(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node) == "true")

    def e_integer_literal(self, node: Node) -> ir.Expr:
        text = self.text(node).rstrip("lLuU").replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op in ("||", "??"):
            return ir.Either(*self.at(node), [left, right])
        return self.one_call(node, left, right)

    def e_conditional_expression(self, node: Node) -> ir.Expr:
        return self.branches(node)

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_cast_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.child_by_field_name("value"))

    def e_await_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_element_access_expression(self, node: Node) -> ir.Expr:
        subscript = node.child_by_field_name("subscript")
        args, _ = self.arguments(subscript)
        return ir.Index(*self.at(node), self.expr(node.child_by_field_name("expression")),
                        args[0] if args else self.unknown(node))

    def e_lambda_expression(self, node: Node) -> ir.Expr:
        params_node = node.child_by_field_name("parameters")
        params: list[str] = []
        if params_node is not None and params_node.type == "identifier":
            params = [self.text(params_node)]
        elif params_node is not None:
            params = [self.text(p.child_by_field_name("name")) for p in params_node.named_children
                      if p.child_by_field_name("name") is not None]
        body_node = node.child_by_field_name("body")
        body: list[ir.Stmt] = []
        if body_node is not None and body_node.type == "block":
            self.stmts(body_node, body)
        elif body_node is not None:
            body.append(ir.Return(*self.at(body_node), self.expr(body_node)))
        return ir.Func(*self.at(node), "", params, body)

    def e_anonymous_method_expression(self, node: Node) -> ir.Expr:
        block = next((c for c in node.named_children if c.type == "block"), None)
        return ir.Func(*self.at(node), "", [], self.body(block))

    def e_assignment_expression(self, node: Node) -> ir.Expr:
        out: list[ir.Stmt] = []
        self.assignment(node, out)
        return out[0].value if out and isinstance(out[0], ir.Assign) else self.unknown(node)



def _type_name(text: str) -> str:
    """`System.Net.Http.IHttpClientFactory`, `Uri?`, `Task<T>`: the type's own name."""
    return text.split("<")[0].rstrip("?").rsplit(".", 1)[-1]

def read(text: str) -> ir.Program:
    return lower("csharp", CSharpLowerer, text)
