"""The JavaScript and TypeScript front end: tree-sitter-javascript (`.js`, `.mjs`, `.cjs`, `.jsx`)
and tree-sitter-typescript (`.ts`, `.mts`, `.cts`; `tsx` for `.tsx`) lowered to the shared
program shape (tokenlint.parsers.program).

What real clients write: ES imports and CommonJS `require` (destructured too) as `Import`;
template literals as `Concat`; object literals with shorthand, computed keys and spread;
arrow functions, function expressions and methods as `Func`; classes with fields, a
constructor (TypeScript parameter properties become field assignments) and `extends`;
`||`/`??`/ternaries as `Either`. Types are dropped: `x as T`, `x!`, `<T>x`, `satisfies`,
type arguments and annotations are the value they qualify. Optional chaining is plain access.

A call is placed where it is written, except in a chain broken over lines
(`request\\n  .post({…})`): there it is placed at its method's name, the line a reader looks at.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from tokenlint.parsers import program as ir
from tokenlint.parsers.lowering import Lowerer, parse

if TYPE_CHECKING:
    from tree_sitter import Node

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_TYPED = frozenset(("as_expression", "satisfies_expression", "non_null_expression", "type_assertion"))
_FUNCTIONS = frozenset(("arrow_function", "function_expression", "function", "generator_function"))


def module_name(spec: str) -> str:
    """An import specifier as the table names it: `node:https` is `https`."""
    return spec[5:] if spec.startswith("node:") else spec


def is_local(spec: str) -> bool:
    """A module of the repository (`./settings.json`): its values are unknown here, so its names
    stay references (`${bitbucket_api_url}`), not a module the table could know."""
    return spec.startswith((".", "/"))


class JavaScriptLowerer(Lowerer):
    language = "javascript"

    def __init__(self, data: bytes, origin: tuple[int, int] = (1, 1)) -> None:
        super().__init__(data)
        self.origin = origin
        self.temps = 0

    def at(self, node: Node) -> tuple[int, int]:  # type: ignore[override]
        row, col = node.start_point
        return row + self.origin[0], col + (self.origin[1] if row == 0 else 1)

    # --- statements ----------------------------------------------------------------------------

    def s_comment(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    def s_import_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        source = self.string_of(node.child_by_field_name("source"))
        clause = next((c for c in node.named_children if c.type in ("import_clause", "import_require_clause")), None)
        if clause is not None and clause.type == "import_require_clause":  # TS `import x = require('m')`
            source = self.string_of(clause.child_by_field_name("source"))
            name = next((c for c in clause.named_children if c.type == "identifier"), None)
            if source and name is not None and not is_local(source):
                out.append(ir.Import(*self.at(node), self.text(name), module_name(source)))
            return
        if not source or clause is None or is_local(source):
            return
        module = module_name(source)
        for part in clause.named_children:
            if part.type == "identifier":  # the default export
                out.append(ir.Import(*self.at(node), self.text(part), module))
            elif part.type == "namespace_import":
                name = next((c for c in part.named_children if c.type == "identifier"), None)
                if name is not None:
                    out.append(ir.Import(*self.at(node), self.text(name), module))
            elif part.type == "named_imports":
                for spec in part.named_children:
                    if spec.type != "import_specifier":
                        continue
                    member = self.text(spec.child_by_field_name("name")).strip("'\"")
                    alias = spec.child_by_field_name("alias")
                    local = self.text(alias) if alias is not None else member
                    bound = module if member == "default" else f"{module}.{member}"
                    out.append(ir.Import(*self.at(node), local, bound))

    def s_export_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        decl = node.child_by_field_name("declaration")
        value = node.child_by_field_name("value")
        if decl is not None:
            self.stmt(decl, out)
        elif value is not None:
            self.stmt(value, out)

    def s_lexical_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        for decl in node.named_children:
            if decl.type == "variable_declarator":
                self.declarator(decl, out)

    s_variable_declaration = s_lexical_declaration

    def declarator(self, decl: Node, out: list[ir.Stmt]) -> None:
        target, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
        if target is None or value is None:
            return
        module = self.required(value)
        if module is not None:
            if module[0] and not is_local(module[0]):
                self.bind_module(target, module_name(module[0]) + module[1], out)
            return
        if target.type == "identifier" and value.type in _FUNCTIONS:
            func = self.function(value, self.text(target))
            out.append(func)
            return
        self.bind(target, self.expr(value), out)

    def required(self, node: Node) -> tuple[str, str] | None:
        """`require('m')`, `require('m').member`, `await import('m')`: the module and the member path."""
        member = ""
        while node.type in ("member_expression", "await_expression", "parenthesized_expression") or node.type in _TYPED:
            if node.type == "member_expression":
                prop = self.text(node.child_by_field_name("property"))
                member = ("" if prop == "default" else "." + prop) + member
                node = node.child_by_field_name("object") or node
            elif node.named_children:
                node = node.named_children[0]
            else:
                return None
        if node.type != "call_expression":
            return None
        func = node.child_by_field_name("function")
        if func is None or func.type not in ("identifier", "import") or self.text(func) not in ("require", "import"):
            return None
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if first is None or first.type != "string":
            return None
        return self.string_of(first), member

    def bind_module(self, target: Node, module: str, out: list[ir.Stmt]) -> None:
        if target.type == "identifier":
            out.append(ir.Import(*self.at(target), self.text(target), module))
        elif target.type == "object_pattern":
            for key, local in self.pattern_names(target):
                out.append(ir.Import(*self.at(target), local, module if key == "default" else f"{module}.{key}"))

    def pattern_names(self, pattern: Node) -> list[tuple[str, str]]:
        """(key, local name) of an object pattern's plain entries: `{get, Bitbucket: BB, x = 1}`."""
        out: list[tuple[str, str]] = []
        for part in pattern.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                out.append((self.text(part), self.text(part)))
            elif part.type == "object_assignment_pattern":
                left = part.child_by_field_name("left")
                if left is not None and left.type == "shorthand_property_identifier_pattern":
                    out.append((self.text(left), self.text(left)))
            elif part.type == "pair_pattern":
                key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
                if value is not None and value.type == "assignment_pattern":
                    value = value.child_by_field_name("left")
                if key is not None and value is not None and value.type == "identifier":
                    out.append((self.key_text(key), self.text(value)))
        return out

    def pattern_defaults(self, pattern: Node) -> dict[str, Node]:
        """Local name -> default value of an object pattern's entries that have one: `{method = 'GET'}`,
        `{url: target = base}`."""
        out: dict[str, Node] = {}
        for part in pattern.named_children:
            left = right = None
            if part.type == "object_assignment_pattern":
                left, right = part.child_by_field_name("left"), part.child_by_field_name("right")
            elif part.type == "pair_pattern":
                value = part.child_by_field_name("value")
                if value is not None and value.type == "assignment_pattern":
                    left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
            if left is not None and right is not None:
                out[self.text(left)] = right
        return out

    def bind(self, target: Node, value: ir.Expr, out: list[ir.Stmt]) -> None:
        """A declaration or assignment to a name, a member, or a destructuring pattern (each
        name of the pattern reads its key of the value, held once in a temporary)."""
        line, col = self.at(target)
        if target.type in ("identifier", "member_expression", "subscript_expression"):
            out.append(ir.Assign(line, col, self.lvalue(target), value))
            return
        if target.type not in ("object_pattern", "array_pattern"):
            return
        holder: ir.Expr = value
        if not isinstance(value, (ir.Name, ir.Attr)):
            self.temps += 1
            holder = ir.Name(line, col, f"$destructured{self.temps}")
            out.append(ir.Assign(line, col, holder, value))
        if target.type == "object_pattern":
            defaults = self.pattern_defaults(target)
            for key, local in self.pattern_names(target):
                read: ir.Expr = ir.Attr(line, col, holder, key)
                default = defaults.get(local)
                if default is not None:  # `{ api = this.api } = opts`: the key given, else the default
                    read = ir.Either(line, col, [read, self.expr(default)])
                out.append(ir.Assign(line, col, ir.Name(line, col, local), read))
        else:
            for i, part in enumerate(target.named_children):
                if part.type == "identifier":
                    out.append(ir.Assign(line, col, ir.Name(line, col, self.text(part)),
                                         ir.Index(line, col, holder, ir.Const(line, col, i))))

    def lvalue(self, node: Node) -> ir.Expr:
        return self.expr(node)

    def s_expression_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            if child.type in ("assignment_expression", "augmented_assignment_expression"):
                self.assignment(child, out)
            elif child.type == "sequence_expression":
                self.s_expression_statement(child, out)
            elif child.type != "comment":
                out.append(ir.Do(*self.at(child), self.expr(child)))

    def assignment(self, node: Node, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        op = self.text(node.child_by_field_name("operator")) if node.type == "augmented_assignment_expression" else "="
        if left.type == "parenthesized_expression" and left.named_children:
            left = left.named_children[0]
        if left.type == "identifier" and right.type in _FUNCTIONS:
            out.append(self.function(right, self.text(left)))
            return
        value = self.expr(right)
        if op == "+=":
            value = ir.Concat(*self.at(node), [self.expr(left), value])
        elif op in ("||=", "??="):
            value = ir.Either(*self.at(node), [self.expr(left), value])
        elif op != "=":
            value = self.unknown(node)
        self.bind(left, value, out)

    def s_if_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        """Both branches in order; a name both assign is, after them, either branch's value
        (`if (bitbucket) { base = 'https://api.bitbucket.org' } else { base = jiraSite }`), where
        flattening alone would keep only the last."""
        condition = node.child_by_field_name("condition")
        if condition is not None:
            self.stmt(condition, out)
        then = self.body(node.child_by_field_name("consequence"))
        alternative = node.child_by_field_name("alternative")
        other = self.body(alternative) if alternative is not None else []
        out += then
        assigned = {s.target.name for s in then if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name)}
        both = [s.target for s in other if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name)
                and s.target.name in assigned]
        kept: dict[str, ir.Name] = {}
        for target in both:
            if target.name not in kept:
                self.temps += 1
                kept[target.name] = ir.Name(target.line, target.col, f"$then{self.temps}")
                out.append(ir.Assign(target.line, target.col, kept[target.name],
                                     ir.Name(target.line, target.col, target.name)))
        out += other
        for name, keep in kept.items():
            line, col = keep.line, keep.col
            joined = ir.Either(line, col, [keep, ir.Name(line, col, name)])
            out.append(ir.Assign(line, col, ir.Name(line, col, name), joined))

    def s_return_statement(self, node: Node, out: list[ir.Stmt]) -> None:
        value = next((c for c in node.named_children if c.type != "comment"), None)
        out.append(ir.Return(*self.at(node), self.expr(value) if value is not None else None))

    def s_function_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.function(node, self.text(node.child_by_field_name("name"))))

    s_generator_function_declaration = s_function_declaration

    def s_class_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        out.append(self.klass(node, self.text(node.child_by_field_name("name"))))

    s_abstract_class_declaration = s_class_declaration

    def s_interface_declaration(self, node: Node, out: list[ir.Stmt]) -> None:
        return

    s_type_alias_declaration = s_interface_declaration
    s_ambient_declaration = s_interface_declaration

    def klass(self, node: Node, name: str) -> ir.Class:
        bases: list[str] = []
        for part in node.named_children:
            if part.type != "class_heritage":
                continue
            for base in part.named_children:
                if base.type == "extends_clause":  # TypeScript
                    value = base.child_by_field_name("value")
                    if value is not None:
                        bases.append(self.text(value))
                elif base.type in ("identifier", "member_expression"):
                    bases.append(self.text(base))
        body: list[ir.Stmt] = []
        block = node.child_by_field_name("body")
        for member in block.named_children if block is not None else []:
            if member.type in ("field_definition", "public_field_definition"):
                prop = member.child_by_field_name("property") or member.child_by_field_name("name")
                value = member.child_by_field_name("value")
                if prop is not None and value is not None:
                    line, col = self.at(member)
                    target = ir.Attr(line, col, ir.Name(line, col, "this"), self.key_text(prop).lstrip("#"))
                    body.append(ir.Assign(line, col, target, self.expr(value)))
            elif member.type == "method_definition":
                func = self.function(member, self.key_text(member.child_by_field_name("name")))
                if func.name == "constructor":
                    func.body[:0] = self.parameter_properties(member)
                body.append(func)
        return ir.Class(*self.at(node), name, bases, body)

    def parameter_properties(self, method: Node) -> list[ir.Stmt]:
        """TypeScript's `constructor(private readonly workspace: string)`: a field set from the parameter."""
        out: list[ir.Stmt] = []
        params = method.child_by_field_name("parameters")
        for p in params.named_children if params is not None else []:
            if p.type in ("required_parameter", "optional_parameter") and any(
                    c.type in ("accessibility_modifier", "override_modifier") or self.text(c) == "readonly"
                    for c in p.children):
                pattern = p.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "identifier":
                    line, col = self.at(p)
                    name = self.text(pattern)
                    out.append(ir.Assign(line, col, ir.Attr(line, col, ir.Name(line, col, "this"), name),
                                         ir.Name(line, col, name)))
        return out

    def function(self, node: Node, name: str = "") -> ir.Func:
        params: list[str] = []
        body: list[ir.Stmt] = []
        given = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
        if given is not None and given.type == "identifier":
            params.append(self.text(given))
        elif given is not None:
            for p in given.named_children:
                if p.type in ("required_parameter", "optional_parameter"):
                    p = p.child_by_field_name("pattern") or p
                if p.type == "assignment_pattern":
                    p = p.child_by_field_name("left") or p
                if p.type == "rest_pattern" and p.named_children:
                    p = p.named_children[0]
                params.append(self.text(p) if p.type == "identifier" else f"$param{len(params)}")
                if p.type in ("object_pattern", "array_pattern"):  # `request({ endpoint, method = 'GET' })`
                    self.bind(p, ir.Name(*self.at(p), params[-1]), body)
        body_node = node.child_by_field_name("body")
        if body_node is not None and body_node.type == "statement_block":
            self.stmts(body_node, body)
        elif body_node is not None:  # `(path) => client.get(path)`
            body.append(ir.Return(*self.at(body_node), self.expr(body_node)))
        if not name:
            own = node.child_by_field_name("name")
            name = self.text(own) if own is not None and node.type != "method_definition" else name
        return ir.Func(*self.at(node), name, params, body)

    # --- expressions ---------------------------------------------------------------------------

    def string_of(self, node: Node | None) -> str:
        const = self.e_string(node) if node is not None and node.type == "string" else None
        return const.value if isinstance(const, ir.Const) and isinstance(const.value, str) else ""

    def key_text(self, node: Node | None) -> str:
        if node is None:
            return ""
        if node.type == "string":
            return self.string_of(node)
        return self.text(node)

    def args(self, node: Node | None) -> list[ir.Expr]:
        if node is None:
            return []
        if node.type == "template_string":  # a tagged template: the template is the one argument
            return [self.expr(node)]
        return [self.expr(a) for a in node.named_children if a.type != "comment"]

    def place(self, node: Node, func: Node | None) -> tuple[int, int]:
        """Where a call is reported: its method's name when a chain breaks lines before it."""
        if func is not None and func.type == "member_expression":
            prop = func.child_by_field_name("property")
            if prop is not None and prop.start_point[0] > node.start_point[0]:
                return self.at(prop)
        return self.at(node)

    def e_call_expression(self, node: Node) -> ir.Expr:
        func = node.child_by_field_name("function")
        args = self.args(node.child_by_field_name("arguments"))
        if func is not None and func.type == "identifier" and self.text(func) == "require" and args:
            first = args[0]
            if isinstance(first, ir.Const) and isinstance(first.value, str):
                first.value = module_name(first.value)
        return ir.Call(*self.place(node, func), self.expr(func), args)

    def e_new_expression(self, node: Node) -> ir.Expr:
        func = node.child_by_field_name("constructor")
        return ir.Call(*self.at(node), self.expr(func), self.args(node.child_by_field_name("arguments")), new=True)

    def e_member_expression(self, node: Node) -> ir.Expr:
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        return ir.Attr(*self.at(node), self.expr(obj), self.text(prop).lstrip("#"))

    def e_subscript_expression(self, node: Node) -> ir.Expr:
        return ir.Index(*self.at(node), self.expr(node.child_by_field_name("object")),
                        self.expr(node.child_by_field_name("index")))

    def e_identifier(self, node: Node) -> ir.Expr:
        text = self.text(node)
        if text == "undefined":
            return self.const(node, None)
        return self.name(node, text)

    e_shorthand_property_identifier = e_identifier
    e_property_identifier = e_identifier
    e_type_identifier = e_identifier

    def e_this(self, node: Node) -> ir.Expr:
        return self.name(node, "this")

    def e_super(self, node: Node) -> ir.Expr:
        return self.name(node, "super")

    def e_meta_property(self, node: Node) -> ir.Expr:
        return self.dotted(node, self.text(node).replace(" ", "").split("."))

    def e_string(self, node: Node) -> ir.Expr:
        parts: list[str] = []
        for c in node.named_children:
            if c.type == "string_fragment":
                parts.append(self.text(c))
            elif c.type == "escape_sequence":
                parts.append(_unescape(self.text(c)))
        return self.const(node, "".join(parts))

    def e_template_string(self, node: Node) -> ir.Expr:
        parts: list[ir.Expr] = []
        for c in node.named_children:
            if c.type == "string_fragment":
                parts.append(self.const(c, self.text(c)))
            elif c.type == "escape_sequence":
                parts.append(self.const(c, _unescape(self.text(c))))
            elif c.type == "template_substitution":
                inner = [x for x in c.named_children if x.type != "comment"]
                parts.append(self.expr(inner[0]) if len(inner) == 1 else self.unknown(c))
        if all(isinstance(p, ir.Const) for p in parts):
            return self.const(node, "".join(str(p.value) for p in parts if isinstance(p, ir.Const)))
        return ir.Concat(*self.at(node), parts)

    def e_number(self, node: Node) -> ir.Expr:
        text = self.text(node).replace("_", "")
        return self.const(node, int(text) if text.isdigit() else text)

    def e_null(self, node: Node) -> ir.Expr:
        return self.const(node, None)

    e_undefined = e_null

    def e_binary_expression(self, node: Node) -> ir.Expr:
        op, left, right = self.operands(node)
        if op == "+":
            return self.joined(node, left, right)
        if op in ("||", "??"):
            return ir.Either(*self.at(node), [left, right])
        if op == "&&":
            return right
        return self.one_call(node, left, right)

    def e_ternary_expression(self, node: Node) -> ir.Expr:
        return self.branches(node)

    def e_parenthesized_expression(self, node: Node) -> ir.Expr:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.expr(inner[-1]) if inner else self.unknown(node)

    def typed(self, node: Node) -> ir.Expr:
        """`x as T`, `x!`, `<T>x`, `x satisfies T`: the value, its type dropped."""
        inner = [c for c in node.named_children if c.type not in ("comment", "type_arguments")]
        return self.expr(inner[0] if node.type != "type_assertion" else inner[-1]) if inner else self.unknown(node)

    e_as_expression = typed
    e_satisfies_expression = typed
    e_non_null_expression = typed
    e_type_assertion = typed

    def e_await_expression(self, node: Node) -> ir.Expr:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.expr(inner[0]) if inner else self.unknown(node)

    def e_object(self, node: Node) -> ir.Expr:
        items: list[tuple[ir.Expr | None, ir.Expr]] = []
        for c in node.named_children:
            if c.type == "pair":
                key = c.child_by_field_name("key")
                value = c.child_by_field_name("value")
                if key is not None and key.type == "computed_property_name":
                    inner = key.named_children
                    k: ir.Expr = self.expr(inner[0]) if inner else self.unknown(key)
                else:
                    k = self.const(key, self.key_text(key)) if key is not None else self.unknown(c)
                items.append((k, self.expr(value)))
            elif c.type == "shorthand_property_identifier":
                items.append((self.const(c, self.text(c)), self.name(c)))
            elif c.type == "spread_element" and c.named_children:
                items.append((None, self.expr(c.named_children[0])))
            elif c.type == "method_definition":
                name = self.key_text(c.child_by_field_name("name"))
                items.append((self.const(c, name), self.function(c, name)))
        return ir.Dict(*self.at(node), items)

    def e_array(self, node: Node) -> ir.Expr:
        return ir.Seq(*self.at(node), [self.expr(c) for c in node.named_children if c.type != "comment"])

    def e_arrow_function(self, node: Node) -> ir.Expr:
        return self.function(node)

    e_function_expression = e_arrow_function
    e_function = e_arrow_function
    e_generator_function = e_arrow_function

    def e_class(self, node: Node) -> ir.Expr:
        return self.unknown(node)

    def e_assignment_expression(self, node: Node) -> ir.Expr:
        out: list[ir.Stmt] = []
        self.assignment(node, out)
        return out[-1].value if out and isinstance(out[-1], ir.Assign) else self.unknown(node)

    e_augmented_assignment_expression = e_assignment_expression

    def e_sequence_expression(self, node: Node) -> ir.Expr:
        inner = [c for c in node.named_children if c.type != "comment"]
        return self.expr(inner[-1]) if inner else self.unknown(node)

    # --- commented-out code --------------------------------------------------------------------

    def comments(self, root: Node, lower: bytes, hint: bytes) -> list[ir.Comment]:
        """Comments that mention `hint`, as code at their place: markers become spaces; a run of
        `//` lines is one comment."""
        out: list[ir.Comment] = []
        done = -1
        at = lower.find(hint)
        while at != -1:
            node = root.descendant_for_byte_range(at, at + len(hint))
            while node is not None and node.type != "comment" and node.type not in ("string_fragment", "program"):
                node = node.parent
            if node is None or node.type != "comment" or node.start_byte < done:
                at = lower.find(hint, at + 1)
                continue
            first = last = node
            if self.text(node).startswith("//"):
                while (p := first.prev_sibling) is not None and _line_comment_above(self, p, first):
                    first = p
                while (n := last.next_sibling) is not None and _line_comment_above(self, last, n):
                    last = n
            done = last.end_byte
            text = self.data[first.start_byte:last.end_byte].decode("utf-8", "replace")
            line, col = self.at(first)
            out.append(ir.Comment(line, col, _uncomment(text)))
            at = lower.find(hint, done)
        return out


def _line_comment_above(low: JavaScriptLowerer, upper: Node, below: Node) -> bool:
    return (upper.type == "comment" and below.type == "comment" and low.text(upper).startswith("//")
            and low.text(below).startswith("//") and below.start_point[0] == upper.end_point[0] + 1)


def _uncomment(text: str) -> str:
    """A comment's code with its markers turned into spaces (so columns stay): `//`, `/*`, `*/`,
    and the `*` that starts each line of a block."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if stripped.startswith(("//", "/*")):
            line = " " * (indent + 2) + stripped[2:]
        elif i and stripped.startswith("*") and not stripped.startswith("*/"):
            line = " " * (indent + 1) + stripped[1:]
        if line.rstrip().endswith("*/"):
            end = line.rstrip()
            line = end[:-2] + "  "
        out.append(line)
    return "\n".join(out)


def _unescape(seq: str) -> str:
    if len(seq) == 2 and seq[1] in _ESCAPES:
        return _ESCAPES[seq[1]]
    if len(seq) == 2:
        return seq[1]
    if seq.startswith("\\\n") or seq.startswith("\\\r"):
        return ""
    try:
        return codecs.decode(seq, "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return seq


def grammar(path: str) -> str:
    """Which grammar reads a file: TypeScript by its suffix, TSX for `.tsx`, else JavaScript."""
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    if lower.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


COMMENT_HINT = b"bitbucket.org"  # a comment worth reading as code names the API's host


def read_at(text: str, path: str = "", origin: tuple[int, int] = (1, 1)) -> ir.Program:
    """`text` lowered, its positions counted from `origin` (a window of a large file, a comment)."""
    language = grammar(path)
    root, data = parse(language, text)
    if root.has_error and language == "javascript" and not path.lower().endswith((".js", ".mjs", ".cjs", ".jsx")):
        other, other_data = parse("typescript", text)  # a snippet of unknown dialect: TypeScript if it reads better
        if not other.has_error:
            root, data, language = other, other_data, "typescript"
    low = JavaScriptLowerer(data, origin)
    program = low.program(root)
    program.language = "javascript"
    program.comments = low.comments(root, data.lower(), COMMENT_HINT)
    return program


def read(text: str, path: str = "") -> ir.Program:
    return read_at(text, path)
