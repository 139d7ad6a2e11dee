"""The Ruby front end: a tree-sitter-ruby syntax tree lowered to the shared program shape
(tokenlint.parsers.program).

Ruby's idioms become the shape's: calls with or without parentheses (`req.basic_auth u, p`),
keyword and trailing-hash arguments as `Call.named`, symbols as strings, `"#{…}"` and heredocs
as `Concat`, `@x` as `Attr(this, x)`, `self.class` as `this`, `X.new(…)` as a `new` call of `X`,
`Net::HTTP::Get` as attributes, blocks (`do |f| … end`, `{ |f| … }`) as `Call.block`, `'%s' % [a]`
as `format`, a method's last expression as its return value, `initialize` as the `constructor`,
`include M` as a base. A module's constants are globals of the file (the classes nested in it
read them bare) and the module is also a class, so `Mod.helper(…)` reaches its methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "e": "\x1b", "0": "\0", "\\": "\\", '"': '"', "'": "'",
            "#": "#"}
_EITHER = ("||", "or")


class RubyLowerer(Lowerer):
    language = "ruby"

    # --- statements ----------------------------------------------------------------------------

    def s_comment(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_class(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name")).rsplit("::", 1)[-1]
        bases: list[str] = []
        sup = node.child_by_field_name("superclass")
        if sup is not None and sup.named_children:
            bases.append(self.text(sup.named_children[0]).rsplit("::", 1)[-1])
        body: list[ir.Stmt] = []
        self.members(node.child_by_field_name("body"), body, bases, out, module=False)
        out.append(ir.Class(*self.at(node), name, bases, body))

    def s_module(self, node: Node, out: list[ir.Stmt]) -> None:
        name = self.text(node.child_by_field_name("name")).rsplit("::", 1)[-1]
        bases: list[str] = []
        body: list[ir.Stmt] = []
        self.members(node.child_by_field_name("body"), body, bases, out, module=True)
        out.append(ir.Class(*self.at(node), name, bases, body))

    def members(self, block: Node | None, body: list[ir.Stmt], bases: list[str], out: list[ir.Stmt],
                module: bool) -> None:
        """A class or module body: constants and `@@vars` become fields (a module's are also
        globals), methods become functions, nested classes become classes of the file, `include M`
        a base; other statements stay in the body."""
        for member in block.named_children if block is not None else []:
            if member.type in ("class", "module"):
                self.stmt(member, out)
            elif member.type in ("method", "singleton_method"):
                func = self.function(member)
                body.append(func)
            elif member.type == "singleton_class":  # `class << self`
                inner = member.child_by_field_name("body")
                self.members(inner, body, bases, out, module)
            elif member.type == "assignment" and (left := member.child_by_field_name("left")) is not None and (
                    left.type in ("constant", "class_variable")):
                value = self.expr(member.child_by_field_name("right"))
                fname = self.text(left).lstrip("@")
                body.append(ir.Assign(*self.at(member), ir.Attr(*self.at(member), ir.Name(*self.at(member), "this"),
                                                                fname), value))
                if module and left.type == "constant":
                    out.append(ir.Assign(*self.at(member), ir.Name(*self.at(left), fname), value))
            elif member.type == "call" and self.text(member.child_by_field_name("method")) in ("include", "extend") \
                    and member.child_by_field_name("receiver") is None:
                args = member.child_by_field_name("arguments")
                bases += [self.text(a).rsplit("::", 1)[-1] for a in (args.named_children if args else [])]
                body.append(ir.Do(*self.at(member), self.expr(member)))
            else:
                self.stmt(member, body)

    def function(self, node: Node) -> ir.Func:
        name = self.text(node.child_by_field_name("name"))
        params: list[str] = []
        given = node.child_by_field_name("parameters")
        for p in given.named_children if given is not None else []:
            if p.type == "identifier":
                params.append(self.text(p))
            elif p.child_by_field_name("name") is not None:
                params.append(self.text(p.child_by_field_name("name")))
        body = self.method_body(node.child_by_field_name("body"))
        return ir.Func(*self.at(node), "constructor" if name == "initialize" else name, params, body)

    def method_body(self, node: Node | None) -> list[ir.Stmt]:
        """Statements of a body; its last expression is what the method returns."""
        out: list[ir.Stmt] = []
        if node is None:
            return out
        self.stmts(node, out) if node.type in ("body_statement", "block_body") else self.stmt(node, out)
        if out and isinstance(out[-1], ir.Do):
            last = out[-1]
            out[-1] = ir.Return(last.line, last.col, last.expr)
        return out

    def s_method(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node))

    s_singleton_method = s_method

    def s_assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type == "left_assignment_list":  # `a, b = x, y`
            targets = [c for c in left.named_children if c.type != "rest_assignment"]
            values = right.named_children if right.type == "right_assignment_list" else [right]
            for t, v in zip(targets, values, strict=False):
                out.append(ir.Assign(*self.at(t), self.target(t), self.expr(v)))
            return
        out.append(ir.Assign(*self.at(node), self.target(left), self.expr(right)))

    def s_operator_assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        op = self.text(node.child_by_field_name("operator"))
        target = self.target(left)
        value = self.expr(right)
        if op == "+=" or op == "<<=":
            value = ir.Concat(*self.at(node), [self.expr(left), value])
        elif op == "||=":  # `@conn ||= Faraday.new(…)`: memoised, the value is the right side
            pass
        else:
            value = self.unknown(node)
        out.append(ir.Assign(*self.at(node), target, value))

    def target(self, node: Node) -> ir.Expr:
        """The left of `=`: `http.verify_mode = …` is an attribute, not a call."""
        if node.type == "call":
            receiver = node.child_by_field_name("receiver")
            return ir.Attr(*self.at(node), self.expr(receiver), self.text(node.child_by_field_name("method")))
        return self.expr(node)

    def s_return(self, node: Node, out: list[ir.Stmt]) -> None:
        args = next((c for c in node.named_children if c.type == "argument_list"), None)
        value = args.named_children[0] if args is not None and args.named_children else None
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    def s_heredoc_body(self, node: Node, out: list[ir.Stmt]) -> None:
        return  # read where its `<<~EOS` opener stands

    # --- expressions ---------------------------------------------------------------------------

    def arguments(self, node: Node | None) -> tuple[list[ir.Expr], dict[str, ir.Expr]]:
        args: list[ir.Expr] = []
        named: dict[str, ir.Expr] = {}
        for a in node.named_children if node is not None else []:
            if a.type == "pair":
                key = self.key(a.child_by_field_name("key"))
                if key is not None:
                    named[key] = self.expr(a.child_by_field_name("value"))
            elif a.type in ("block_argument", "comment"):
                continue
            elif a.type in ("splat_argument", "hash_splat_argument"):
                args.append(self.unknown(a))
            else:
                args.append(self.expr(a))
        return args, named

    def key(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if node.type == "hash_key_symbol":
            return self.text(node)
        value = self.expr(node)
        return value.value if isinstance(value, ir.Const) and isinstance(value.value, str) else None

    def e_call(self, node: Node) -> ir.Expr:
        receiver = node.child_by_field_name("receiver")
        method = self.text(node.child_by_field_name("method"))
        args, named = self.arguments(node.child_by_field_name("arguments"))
        block_node = node.child_by_field_name("block")
        block = self.block(block_node) if block_node is not None else None
        if receiver is None:
            func: ir.Expr = ir.Name(*self.at(node), method)
            if method == "super":
                func = ir.Name(*self.at(node), "super")
            return ir.Call(*self.at(node), func, args, named, block=block)
        if receiver.type == "self" and method == "class":
            return self.name(node, "this")
        if method == "new":  # `Net::HTTP::Get.new(uri)`: a constructor call of the receiver
            return ir.Call(*self.at(node), self.expr(receiver), args, named, new=True, block=block)
        return ir.Call(*self.at(node), ir.Attr(*self.at(node), self.expr(receiver), method), args, named,
                       block=block)

    def block(self, node: Node) -> ir.Func:
        params_node = node.child_by_field_name("parameters")
        params: list[str] = []
        for p in params_node.named_children if params_node is not None else []:
            if p.type == "identifier":
                params.append(self.text(p))
            elif p.child_by_field_name("name") is not None:
                params.append(self.text(p.child_by_field_name("name")))
        body = node.child_by_field_name("body")
        return ir.Func(*self.at(node), "", params, self.method_body(body))

    def e_lambda(self, node: Node) -> ir.Expr:
        return self.block(node)

    def e_identifier(self, node: Node) -> ir.Expr:
        return self.name(node)

    e_constant = e_identifier
    e_global_variable = e_identifier

    def e_self(self, node: Node) -> ir.Expr:
        return self.name(node, "this")

    def e_super(self, node: Node) -> ir.Expr:
        return ir.Call(*self.at(node), self.name(node, "super"), [])

    def e_instance_variable(self, node: Node) -> ir.Expr:
        return ir.Attr(*self.at(node), self.name(node, "this"), self.text(node).lstrip("@"))

    e_class_variable = e_instance_variable

    def e_scope_resolution(self, node: Node) -> ir.Expr:
        scope = node.child_by_field_name("scope")
        name = self.text(node.child_by_field_name("name"))
        if scope is None:
            return self.name(node, name)  # `::Foo`
        return ir.Attr(*self.at(node), self.expr(scope), name)

    def e_element_reference(self, node: Node) -> ir.Expr:
        obj = node.child_by_field_name("object")
        keys = [c for c in node.named_children if c != obj]
        if obj is None or not keys:
            return self.unknown(node)
        return ir.Index(*self.at(node), self.expr(obj), self.expr(keys[0]))

    def e_string(self, node: Node) -> ir.Expr:
        raw = self.text(node)
        single = raw.startswith("'") or raw.startswith("%q")
        return self.interpolated(node, node.named_children, single)

    def e_heredoc_beginning(self, node: Node) -> ir.Expr:
        body = self.heredoc_body(node)
        if body is None:
            return self.unknown(node)
        single = "'" in self.text(node)
        return self.interpolated(node, [c for c in body.named_children if c.type != "heredoc_end"], single,
                                 squiggly="~" in self.text(node))

    def heredoc_body(self, opener: Node) -> Node | None:
        """The body of a heredoc: the first `heredoc_body` after the opener's line."""
        node: Node | None = opener
        for _ in range(8):  # up to the statement holding the opener
            if node is None:
                return None
            sibling = node.next_named_sibling
            while sibling is not None:
                if sibling.type == "heredoc_body" and sibling.start_byte >= opener.end_byte:
                    return sibling
                sibling = sibling.next_named_sibling
            node = node.parent
        return None

    def interpolated(self, node: Node, children: list[Node], single: bool, squiggly: bool = False) -> ir.Expr:
        parts: list[ir.Expr] = []
        text: list[str] = []
        for c in children:
            if c.type in ("string_content", "heredoc_content"):
                text.append(self.text(c))
            elif c.type == "escape_sequence":
                text.append(_unescape(self.text(c), single))
            elif c.type == "interpolation":
                if text:
                    parts.append(ir.Const(*self.at(node), "".join(text)))
                    text = []
                inner = c.named_children
                parts.append(self.expr(inner[-1]) if inner else ir.Const(*self.at(c), ""))
        if text or not parts:
            parts.append(ir.Const(*self.at(node), "".join(text)))
        if squiggly:
            parts = [ir.Const(p.line, p.col, _dedent(p.value)) if isinstance(p, ir.Const) and isinstance(
                p.value, str) else p for p in parts]
        if len(parts) == 1 and isinstance(parts[0], ir.Const):
            return ir.Const(*self.at(node), parts[0].value)
        return ir.Concat(*self.at(node), parts)

    def e_simple_symbol(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).lstrip(":"))

    e_hash_key_symbol = e_simple_symbol

    def e_delimited_symbol(self, node: Node) -> ir.Expr:
        value = self.interpolated(node, node.named_children, False)
        return value

    def e_integer(self, node: Node) -> ir.Expr:
        text = self.text(node).replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_nil(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def e_array(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.expr(c) for c in node.named_children if c.type != "comment"])

    def e_string_array(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.const(c, self.text(c)) for c in node.named_children])

    def e_hash(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        for pair in node.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                k = self.const(key, self.text(key)) if key is not None and key.type == "hash_key_symbol" else \
                    self.expr(key)
                items.append((k, self.expr(pair.child_by_field_name("value"))))
            elif pair.type == "hash_splat_argument" and pair.named_children:
                items.append((None, self.expr(pair.named_children[0])))
        return ir.Dict(*self.at(node), items)

    def e_binary(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op in ("+", "<<") and not isinstance(left, (ir.Seq, ir.Dict)):
            return self.joined(node, left, right)
        if op in _EITHER:
            return ir.Either(*self.at(node), [left, right])
        if op == "%" and isinstance(left, (ir.Const, ir.Concat)):  # `'%s/x' % [base]`
            values = right.items if isinstance(right, ir.Seq) else [right]
            return ir.Call(*self.at(node), ir.Name(*self.at(node), "format"), [left, *values])
        return self.unknown(node)

    def e_conditional(self, node: Node) -> ir.Expr:
        return self.branches(node)

    def e_parenthesized_statements(self, node: Node) -> ir.Expr:
        named = [c for c in node.named_children if c.type != "comment"]
        return self.expr(named[-1]) if named else self.unknown(node)

    def e_assignment(self, node: Node) -> ir.Expr:
        right = node.child_by_field_name("right")
        return self.expr(right) if right is not None else self.unknown(node)


def _unescape(seq: str, single: bool) -> str:
    if single:
        return seq[1:] if seq in ("\\\\", "\\'") else seq
    if len(seq) == 2 and seq[1] in _ESCAPES:
        return _ESCAPES[seq[1]]
    if len(seq) == 2:
        return seq[1]
    return seq


def _dedent(text: str) -> str:
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


def read(text: str) -> ir.Program:
    return lower("ruby", RubyLowerer, text)
