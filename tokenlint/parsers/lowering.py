"""What every tree-sitter front end shares: loading a grammar once, and a lowering walk that
turns a syntax tree into the intermediate shape (tokenlint.parsers.program).

A front end subclasses `Lowerer` and writes one method per node type it understands:
`s_<type>` for statements (appending to a list), `e_<type>` for expressions (returning an
`Expr`). A statement node with no method is searched for statements inside it (so calls in an
`if`, a loop or a `try` are never lost); an expression node with no method is `Unknown`, except
that calls inside it are still read, as statements of their own.
"""

from __future__ import annotations

import codecs
import importlib
import time
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

#: language -> (module, function) of its grammar package
GRAMMARS: dict[str, tuple[str, str]] = {
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "java": ("tree_sitter_java", "language"),
    "go": ("tree_sitter_go", "language"),
    "php": ("tree_sitter_php", "language_php"),
    "ruby": ("tree_sitter_ruby", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
    "groovy": ("tree_sitter_groovy", "language"),
    "hcl": ("tree_sitter_hcl", "language"),
    "python": ("tree_sitter_python", "language"),
}
MAX_DEPTH = 150  # syntax nesting lowered; deeper subtrees are Unknown (a hostile file must not exhaust the stack:
#                  each level is up to three Python frames here and as many in the evaluator)


@cache
def parser(language: str) -> Parser:
    import tree_sitter  # start-up: only files in these languages need it

    module, function = GRAMMARS[language]
    return tree_sitter.Parser(tree_sitter.Language(getattr(importlib.import_module(module), function)()))


class TooSlowToParse(Exception):
    """The grammar's error recovery ran past its deadline: some malformed input (random bytes in
    a `.ts` file) sends a grammar into a search that does not end in any useful time."""


PARSE_SECONDS = 5.0  # every grammar parses real source at several MB/s; this is only for pathological input
PARSE_SECONDS_PER_MB = 5.0
_CHUNK = 1 << 20


def parse(language: str, text: str) -> tuple[Node, bytes]:
    """The syntax tree of `text`; raises TooSlowToParse when the grammar has not finished by a
    deadline proportional to the size (checked through tree-sitter's progress callback)."""
    data = text.encode("utf-8", "surrogatepass")
    deadline = time.monotonic() + PARSE_SECONDS + PARSE_SECONDS_PER_MB * len(data) / 1e6

    def read(offset: int, _point: object) -> bytes:
        return data[offset:offset + _CHUNK]

    def late(_offset: int, _has_error: bool) -> bool:
        return time.monotonic() > deadline

    grammar = parser(language)
    try:
        tree = grammar.parse(read, progress_callback=late)
    except ValueError as e:  # tree-sitter's "Parsing failed": cancelled by `late`
        grammar.reset()  # else the next parse with this parser would resume the cancelled one
        raise TooSlowToParse(language) from e
    return tree.root_node, data


StmtHandler = Callable[["Lowerer", "Node", list[ir.Stmt]], None]
ExprHandler = Callable[["Lowerer", "Node"], ir.Expr]
#: front end -> node type -> its (s_, e_) methods
_HANDLERS: dict[type, dict[str, tuple[StmtHandler | None, ExprHandler | None]]] = {}


class Lowerer:
    """A syntax tree to a `Program`. Positions are lines and (byte) columns, 1-based."""

    language = ""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.depth = 0
        self.notes: list[str] = []
        self.table = _HANDLERS.setdefault(type(self), {})  # node type -> (s_, e_): see `handlers`

    # --- helpers for front ends ------------------------------------------------------------------

    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    @staticmethod
    def at(node: Node) -> tuple[int, int]:
        return node.start_point[0] + 1, node.start_point[1] + 1

    def call_at(self, node: Node, func: Node | None) -> tuple[int, int]:
        """Where a call is: at its method's name when it is one (`.SetBasicAuth(` in a chain broken
        over lines), else where the call starts."""
        if func is not None and func.type in ("selector_expression", "member_access_expression",
                                              "member_expression", "field_access"):
            name = func.child_by_field_name("field") or func.child_by_field_name("name") or \
                func.child_by_field_name("property")
            if name is not None:
                return self.at(name)
        return self.at(node)

    def joined(self, node: Node, left: ir.Expr, right: ir.Expr) -> ir.Concat:
        """`a + b` on strings as one Concat, flattened: `a + b + c` is three parts, not a nest. A
        Concat on the left was lowered just now for this node alone, so it grows in place: a chain
        of n `+` costs n, not n² copies of its parts."""
        more = right.parts if isinstance(right, ir.Concat) else [right]
        if isinstance(left, ir.Concat):
            left.parts.extend(more)
            left.line, left.col = self.at(node)
            return left
        return ir.Concat(*self.at(node), [left, *more])

    def operands(self, node: Node) -> tuple[str, ir.Expr, ir.Expr]:
        """A binary expression's operator and its two sides, lowered (the grammars' field names)."""
        return (self.text(node.child_by_field_name("operator")), self.expr(node.child_by_field_name("left")),
                self.expr(node.child_by_field_name("right")))

    def one_call(self, node: Node, *sides: ir.Expr) -> ir.Expr:
        """The one call among an operator's sides (`resp = send() || die`): what the evaluator
        must see; else nothing it can follow."""
        calls = [side for side in sides if isinstance(side, ir.Call)]
        return calls[0] if len(calls) == 1 else self.unknown(node)

    def branches(self, node: Node) -> ir.Either:
        """A conditional expression (`c ? a : b`): either branch."""
        return ir.Either(*self.at(node), [self.expr(node.child_by_field_name("consequence")),
                                          self.expr(node.child_by_field_name("alternative"))])

    # literals most grammars name alike
    def e_true(self, node: Node) -> ir.Expr:
        return self.const(node, True)

    def e_false(self, node: Node) -> ir.Expr:
        return self.const(node, False)

    def e_null_literal(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    def const(self, node: Node, value: str | int | float | bool | None) -> ir.Const:
        return ir.Const(*self.at(node), value)

    def unknown(self, node: Node) -> ir.Unknown:
        return ir.Unknown(*self.at(node))

    def name(self, node: Node, name: str | None = None) -> ir.Name:
        return ir.Name(*self.at(node), self.text(node) if name is None else name)

    def dotted(self, node: Node, parts: list[str]) -> ir.Expr:
        """`a.b.c` from its parts, positioned at `node`."""
        line, col = self.at(node)
        expr: ir.Expr = ir.Name(line, col, parts[0])
        for part in parts[1:]:
            expr = ir.Attr(line, col, expr, part)
        return expr

    # --- the walk ---------------------------------------------------------------------------------

    def program(self, root: Node) -> ir.Program:
        body: list[ir.Stmt] = []
        self.stmts(root, body)
        return ir.Program(self.language, body, self.notes)

    def stmts(self, node: Node, out: list[ir.Stmt]) -> list[ir.Stmt]:
        """The statements among `node`'s children."""
        for child in node.named_children:
            self.stmt(child, out)
        return out

    def body(self, node: Node | None) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        if node is not None:
            self.stmt(node, out)
        return out

    def too_deep(self) -> None:
        """Said once: what lies deeper than MAX_DEPTH is not read."""
        note = f"nested more than {MAX_DEPTH} levels deep; what lies deeper was not read"
        if note not in self.notes:
            self.notes.append(note)

    def handlers(self, kind: str) -> tuple[StmtHandler | None, ExprHandler | None]:
        """The `s_` and `e_` methods for a node type, looked up once per front end and type (not
        a string built and an attribute searched for at every node)."""
        got = self.table.get(kind)
        if got is None:
            got = self.table[kind] = (getattr(type(self), "s_" + kind, None), getattr(type(self), "e_" + kind, None))
        return got

    def stmt(self, node: Node, out: list[ir.Stmt]) -> None:
        if self.depth > MAX_DEPTH:
            self.too_deep()
            return
        handler, as_expr = self.table.get(node.type) or self.handlers(node.type)
        self.depth += 1
        try:
            if handler is not None:
                handler(self, node, out)
            elif as_expr is not None:
                out.append(ir.Do(*self.at(node), self.expr(node)))
            else:
                self.stmts(node, out)
        finally:
            self.depth -= 1

    def expr(self, node: Node | None) -> ir.Expr:
        if node is None:
            return ir.Unknown(0, 0)
        if self.depth > MAX_DEPTH:
            self.too_deep()
            return self.unknown(node)
        handler = (self.table.get(node.type) or self.handlers(node.type))[1]
        self.depth += 1
        try:
            if handler is not None:
                return handler(self, node)
            return self.opaque(node)
        finally:
            self.depth -= 1

    def opaque(self, node: Node) -> ir.Expr:
        """An expression the front end does not model: Unknown, but with the calls inside it kept
        (`await client.get(…)`, `(… as any).post(…)`, `!!x.f()`). A single child that is an
        expression is the value itself (parentheses, `await`, casts)."""
        named = node.named_children
        if len(named) == 1:
            return self.expr(named[0])
        found = self.inner(node)
        if len(found) == 1:
            return found[0]
        if found:
            return ir.Seq(*self.at(node), list(found))  # evaluated for their effect; no single value
        return self.unknown(node)

    def inner(self, node: Node) -> list[ir.Expr]:
        """The calls and functions (callbacks, JSX handlers) inside an expression the front end does
        not model, however deep in nodes it does not know either."""
        found: list[ir.Expr] = []
        for c in node.named_children:
            if (self.table.get(c.type) or self.handlers(c.type))[1] is not None:
                value = self.expr(c)
                if isinstance(value, (ir.Call, ir.Func)):
                    found.append(value)
            elif self.depth <= MAX_DEPTH:
                self.depth += 1
                try:
                    found += self.inner(c)
                finally:
                    self.depth -= 1
        return found


def unescape(seq: str, escapes: Mapping[str, str]) -> str:
    """A backslash escape as the character it stands for: the language's own table for `\\n`-like
    ones, else Python's reading of `\\uXXXX`-like ones, else the text as written."""
    if len(seq) == 2:
        return escapes.get(seq[1], seq[1])
    try:
        return codecs.decode(seq, "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return seq


def lower(language: str, lowerer: type[Lowerer], text: str) -> ir.Program:
    root, data = parse(language, text)
    low = lowerer(data)
    return low.program(root)
