"""The HCL/Terraform front end: a tree-sitter-hcl syntax tree lowered to the shared program
shape (tokenlint.parsers.program).

Terraform is declarative, so the lowering gives it an order the evaluator can follow:
- `variable "x" { default = … }` is `var.x = …` and `locals { a = … }` is `local.a = …`, all
  before anything else (locals twice, so one local may name another written below it); a
  variable with no default (or an empty one) has no value here: `var.x` then stays `${x}`, a
  name that says what it holds, as in every other language;
- every other block is a call named after its type and first label, its attributes the named
  arguments, nested blocks maps: `provider "bitbucket" { username = …, password = … }` is
  `provider.bitbucket(username: …, password: …)` and `data "http" "x" { url = … }` is
  `data.http(url: …)`, at the block's line; the HCL table
  (tokenlint.detectors.http_libraries.hcl) says which of them make a request;
- string templates (`"${var.base}/x"`, heredocs) are `Concat`; `%{…}` directives, `for`
  expressions and arithmetic are `Unknown`; function calls (`base64encode(…)`, `file(…)`) are
  calls the table may know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, lower

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_SCOPES = ("var", "local")


class HclLowerer(Lowerer):
    language = "hcl"

    def program(self, root: Node) -> ir.Program:
        body = next((c for c in root.named_children if c.type == "body"), None)
        out: list[ir.Stmt] = [ir.Assign(1, 1, ir.Name(1, 1, scope), ir.Dict(1, 1, [])) for scope in _SCOPES]
        blocks = [c for c in body.named_children if c.type == "block"] if body is not None else []
        for block in blocks:  # variables, then locals (twice), then the rest
            if self.block_type(block) == "variable":
                self.variable(block, out)
        for _ in range(2):
            for block in blocks:
                if self.block_type(block) == "locals":
                    self.locals(block, out)
        for block in blocks:
            if self.block_type(block) not in ("variable", "locals"):
                self.stmt(block, out)
        return ir.Program(self.language, out, self.notes)

    def block_type(self, node: Node) -> str:
        first = node.named_children[0] if node.named_children else None
        return self.text(first) if first is not None and first.type == "identifier" else ""

    def labels(self, node: Node) -> list[str]:
        return [self.literal(c) for c in node.named_children if c.type in ("string_lit", "identifier")][1:]

    def literal(self, node: Node) -> str:
        return "".join(self.text(c) for c in node.named_children if c.type == "template_literal") if (
            node.type == "string_lit") else self.text(node)

    def attributes(self, node: Node) -> list[tuple[str, Node, Node]]:
        """(name, value node, attribute node) of a block's attributes."""
        body = next((c for c in node.named_children if c.type == "body"), None)
        out: list[tuple[str, Node, Node]] = []
        for c in body.named_children if body is not None else []:
            if c.type == "attribute" and c.named_children:
                value = next((v for v in c.named_children if v.type == "expression"), None)
                if value is not None:
                    out.append((self.text(c.named_children[0]), value, c))
        return out

    def variable(self, node: Node, out: list[ir.Stmt]) -> None:
        labels = self.labels(node)
        if not labels:
            return
        for name, value, attr in self.attributes(node):
            if name == "default":
                val = self.expr(value)
                if isinstance(val, ir.Const) and val.value in ("", None):
                    return  # no value to speak of: the variable is set elsewhere
                target = ir.Attr(*self.at(attr), ir.Name(*self.at(attr), "var"), labels[0])
                out.append(ir.Assign(*self.at(attr), target, val))

    def locals(self, node: Node, out: list[ir.Stmt]) -> None:
        for name, value, attr in self.attributes(node):
            target = ir.Attr(*self.at(attr), ir.Name(*self.at(attr), "local"), name)
            out.append(ir.Assign(*self.at(attr), target, self.expr(value)))

    # --- statements ----------------------------------------------------------------------------

    def s_block(self, node: Node, out: list[ir.Stmt]) -> None:
        kind = self.block_type(node)
        labels = self.labels(node)
        name = ".".join([kind, *labels[:1]]) if kind else "block"
        named = self.named(node)
        out.append(ir.Do(*self.at(node), ir.Call(*self.at(node), ir.Name(*self.at(node), name), [], named)))

    def named(self, node: Node) -> dict[str, ir.Expr]:
        """A block's attributes and nested blocks (as maps) by name."""
        named: dict[str, ir.Expr] = {}
        for name, value, _ in self.attributes(node):
            named[name] = self.expr(value)
        body = next((c for c in node.named_children if c.type == "body"), None)
        for c in body.named_children if body is not None else []:
            if c.type == "block" and self.depth < 100:
                self.depth += 1
                try:
                    inner = self.named(c)
                finally:
                    self.depth -= 1
                named.setdefault(self.block_type(c), ir.Dict(*self.at(c), [
                    (ir.Const(*self.at(c), k), v) for k, v in inner.items()]))
        return named

    def s_attribute(self, node: Node, out: list[ir.Stmt]) -> None:
        return  # a top-level attribute (a .tfvars-like file): no call

    # --- expressions ---------------------------------------------------------------------------

    def e_expression(self, node: Node) -> ir.Expr:
        """A primary and its accessors: `var.x`, `local.m["k"]`, `data.http.x.body`."""
        children = [c for c in node.named_children if c.type != "comment"]
        if not children:
            return self.unknown(node)
        expr = self.expr(children[0])
        for acc in children[1:]:
            if acc.type == "get_attr":
                ident = next((c for c in acc.named_children if c.type == "identifier"), None)
                expr = ir.Attr(*self.at(acc), expr, self.text(ident)) if ident is not None else self.unknown(acc)
            elif acc.type == "index":
                inner = next((c for c in acc.named_children if c.type == "expression"), None)
                expr = ir.Index(*self.at(acc), expr, self.expr(inner)) if inner is not None else self.unknown(acc)
            else:
                expr = self.unknown(acc)  # splats
        return expr

    def e_variable_expr(self, node: Node) -> ir.Expr:
        return self.name(node, self.text(node).strip())

    def e_literal_value(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_string_lit(self, node: Node) -> ir.Expr:
        return self.template(node)

    def e_template_expr(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_quoted_template(self, node: Node) -> ir.Expr:
        return self.template(node)

    def e_heredoc_template(self, node: Node) -> ir.Expr:
        return self.template(node, heredoc=True)

    def template(self, node: Node, heredoc: bool = False) -> ir.Expr:
        """Literal text (the bytes between interpolations, whitespace kept) and `${…}` parts."""
        line, col = self.at(node)
        kids = node.children
        if heredoc:
            idents = [c for c in kids if c.type == "heredoc_identifier"]
            if not idents:
                return self.unknown(node)
            start = self.data.find(b"\n", idents[0].end_byte)
            start = idents[0].end_byte if start == -1 else start + 1
            end = idents[-1].start_byte if len(idents) > 1 else node.end_byte
            strip = any(c.type == "heredoc_start" and self.text(c).startswith("<<-") for c in kids)
        else:
            start = kids[0].end_byte if kids else node.start_byte
            end = kids[-1].start_byte if len(kids) > 1 else node.end_byte
            strip = False
        parts: list[ir.Expr] = []
        pos = start
        for c in kids:
            if c.start_byte < start or c.end_byte > end or c.type not in ("template_interpolation",
                                                                           "template_directive"):
                continue
            if c.start_byte > pos:
                parts.append(ir.Const(line, col, self.chunk(pos, c.start_byte, heredoc, strip)))
            if c.type == "template_interpolation":
                inner = next((e for e in c.named_children if e.type == "expression"), None)
                parts.append(self.expr(inner) if inner is not None else self.unknown(c))
            else:
                parts.append(self.unknown(c))
            pos = c.end_byte
        if end > pos:
            parts.append(ir.Const(line, col, self.chunk(pos, end, heredoc, strip)))
        if not parts:
            return ir.Const(line, col, "")
        if len(parts) == 1:
            return parts[0]
        return ir.Concat(line, col, parts)

    def chunk(self, start: int, end: int, heredoc: bool, strip: bool) -> str:
        raw = self.data[start:end].decode("utf-8", "replace")
        if strip:
            raw = "\n".join(part.lstrip() for part in raw.split("\n"))
        if heredoc:
            return raw.replace("$${", "${").replace("%%{", "%{")
        return _unescape(raw)

    def e_numeric_lit(self, node: Node) -> ir.Expr:
        text = self.text(node)
        return self.const(node, int(text) if text.isdigit() else text)

    def e_bool_lit(self, node: Node) -> ir.Expr:
        return self.const(node, self.text(node).strip() == "true")

    def e_null_lit(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def e_collection_value(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_tuple(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.expr(c) for c in node.named_children if c.type == "expression"])

    def e_object(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        for elem in node.named_children:
            if elem.type != "object_elem":
                continue
            key_node, val_node = elem.child_by_field_name("key"), elem.child_by_field_name("val")
            if key_node is None or val_node is None:
                continue
            key = self.expr(key_node)
            if isinstance(key, ir.Name):  # `Authorization = …`: a bare key is the word itself
                key = ir.Const(key.line, key.col, key.name)
            items.append((key, self.expr(val_node)))
        return ir.Dict(*self.at(node), items)

    def e_function_call(self, node: Node) -> ir.Expr:
        name = node.named_children[0] if node.named_children else None
        given = next((c for c in node.named_children if c.type == "function_arguments"), None)
        args = [self.expr(a) for a in given.named_children if a.type == "expression"] if given is not None else []
        func = self.name(name) if name is not None and name.type == "identifier" else self.unknown(node)
        return ir.Call(*self.at(node), func, args)

    def e_conditional(self, node: Node) -> ir.Expr:
        branches = [c for c in node.named_children if c.type == "expression"]
        if len(branches) == 3:
            return ir.Either(*self.at(node), [self.expr(branches[1]), self.expr(branches[2])])
        return self.unknown(node)

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        return self.expr(node.named_children[0]) if node.named_children else self.unknown(node)

    def e_operation(self, node: Node) -> ir.Expr:
        return self.unknown(node)

    def e_for_expr(self, node: Node) -> ir.Expr:
        return self.unknown(node)


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(_ESCAPES.get(text[i + 1], text[i:i + 2]))
            i += 2
            continue
        if text.startswith(("$${", "%%{"), i):
            out.append(text[i + 1:i + 3])
            i += 3
            continue
        out.append(c)
        i += 1
    return "".join(out)


def read(text: str) -> ir.Program:
    try:
        return lower("hcl", HclLowerer, text)
    except RecursionError:
        return ir.Program("hcl", [], ["HCL nested too deeply to read: its calls were not analysed"])
