"""The JavaScript/TypeScript front end's evaluator: reads a token list in order and resolves
just enough of an expression to know a URL or a credential.

Literals, `+`, template literals, `const` names, object literals and spreads, `process.env.X`
(→ `${X}`), `Buffer.from(…).toString('base64')`, `btoa`, `require` and imports. Scopes are not
modelled: a name means its last assignment above. Unknown stays `${NAME}`, never guessed.
Every evaluation step draws on the work budget of `Walker`.

Nothing here knows an HTTP library: a detector subclasses `Evaluator`, recognises the calls
that send a request in `call`, and computes the library objects it models in `evaluate`,
`construct` and `assign_library` (tokenlint.detectors.js_calls).
"""

from __future__ import annotations

from typing import TypeAlias

from tokenlint.parsers.javascript import TemplatePart, Tok, ends_operand, is_punct
from tokenlint.parsers.javascript_values import PROCESS_ENV, Bytes, Module, arg, dict_arg, join, method
from tokenlint.parsers.javascript_walk import Walker
from tokenlint.parsers.names import named_better
from tokenlint.parsers.values import UNNAMED, Value, base64_of, concat

MAX_DEPTH = 24  # nesting the evaluator follows; deeper values stay unknown

#: What names hold: a `Value`, a dict (an object literal), a tuple (an array), a bool or None,
#: a `Module`, `Bytes`, PROCESS_ENV, or a library object a detector models.
Env: TypeAlias = dict[str, object]

_AFTER_NAME = frozenset(("=", "(", ".", "?.", "[", "<", "!"))  # what may follow a name that starts a call or assignment
#: Built-in calls whose result the evaluator computes (encoders, `require`, base64).
EVALUATED = frozenset(("require", "Buffer.from", "btoa", "String", "encodeURIComponent", "encodeURI"))
#: Built-in constructors whose object the evaluator models (headers, query parameters, URLs).
CONSTRUCTED = frozenset(("Headers", "URLSearchParams", "URL"))


_COMPARE_PUNCT = ("===", "!==", "==", "!=", "<", ">", "<=", ">=")


def _default_url(value: object, default: object) -> bool:
    """`process.env.API_URL || 'https://api.bitbucket.org/2.0'`: the default says which host, the variable does not."""
    return (isinstance(value, Value) and value.only_ref() is not None and isinstance(default, Value)
            and default.literal and "://" in default.text)


def _either(yes: object, no: object) -> object:
    """The value of `cond ? yes : no` as far as a URL or a credential goes: both when they agree,
    else the one that is a string where the other is not (`token ? 'Bearer ' + token : undefined`),
    else the one that is a URL (`u instanceof URL ? u : new URL(`${BASE}/${u}`)`), else the one
    built from more than a bare name."""
    if yes == no:
        return yes
    texts = [v for v in (yes, no) if isinstance(v, Value)]
    if len(texts) == 1:
        return texts[0]
    urls = [v for v in texts if "://" in v.text]
    if len(urls) == 1:
        return urls[0]
    built = [v for v in texts if v.only_ref() is None]  # `p instanceof URL ? p : `/repositories/${p}``
    return built[0] if len(built) == 1 else None


class Evaluator(Walker):
    """Reads a token list in order: declarations, imports and assignments feed `env`; every
    call statement is offered to `call`. Every token is visited once by `read`."""

    #: Calls and constructors `primary` evaluates; a detector adds its libraries' names.
    evaluated: frozenset[str] = EVALUATED
    constructed: frozenset[str] = CONSTRUCTED

    def __init__(self, budget: int) -> None:
        super().__init__(budget)
        self.env: Env = {}
        self.aliases: dict[str, str] = {}
        # function name -> its tokens, where its body starts, where its first `return` value is
        self.returns: dict[str, tuple[list[Tok], int, int]] = {}
        self.calling_at = 0  # where the call `evaluate` or `construct` computes starts (a character offset)
        self.statement_at = 0  # where the statement being read starts (a character offset)

    # --- hooks for the detector -------------------------------------------------------------

    def call(self, parts: list[str], j: int, new: bool, start: int) -> None:
        """A call statement `a.b(…)` (`new a.b(…)` when `new`), its `(` at j, starting at character `start`."""
        if len(parts) > 1 and parts[-1] in ("set", "append"):  # headers.set('Authorization', …)
            headers = self.env.get(".".join(parts[:-1]))
            if isinstance(headers, dict):
                args = self.args(j, 0)[0]
                if len(args) == 2 and isinstance(args[0], Value):
                    headers[args[0].text] = args[1]

    def assign_library(self, parts: list[str], value: object) -> bool:
        """Whether an assignment to `parts` configures a library object (and was taken)."""
        return False

    def module_name(self, spec: str) -> str:
        """What a module specifier names: `node:https` is `https`."""
        return spec.removeprefix("node:")

    def canonical(self, parts: list[str]) -> str:
        """What a name path names after imports: `r.get` after `import r from 'axios'` is `axios.get`."""
        head = self.aliases.get(parts[0], parts[0])
        return ".".join([head, *parts[1:]])

    def evaluate(self, name: str, args: list[object]) -> object:
        """The result of calling `name` (one of `evaluated`, or `….env.get`) with `args`."""
        first = arg(args, 0)
        if not isinstance(first, Value):
            return None
        if name == "require":
            return Module(self.module_name(first.text))
        if name == "Buffer.from":
            return Bytes(first)
        if name == "btoa":
            return base64_of(first)
        if name.endswith(".env.get"):  # Deno.env.get("X")
            return Value(f"${{{first.text}}}")
        return first  # String(x), encodeURIComponent(x): the value itself

    def construct(self, name: str, args: list[object]) -> object:
        """The object `new name(…args)` makes (`name` one of `constructed`)."""
        options = dict_arg(args, 0)
        if name == "Headers":
            return options
        if name == "URLSearchParams":
            return Value("&".join(f"{k}={v.text}" for k, v in options.items() if isinstance(v, Value)))
        first, base = arg(args, 0), arg(args, 1)
        if isinstance(first, Value):  # new URL(path, base)
            return join(base.text, first) if isinstance(base, Value) else first
        return None

    # --- statements -------------------------------------------------------------------------

    def read(self, toks: list[Tok]) -> None:
        self.find_returns(toks)
        self.toks = toks
        prev, last = None, len(toks) - 1
        for i, t in enumerate(toks):
            if t.kind == "id" and not (prev is not None and prev.kind == "p" and prev.text in (".", "?.")):
                after = toks[i + 1] if i < last else None
                if t.text in ("const", "let", "var", "import") or (after is not None and after.kind == "p"
                                                                   and after.word in _AFTER_NAME):
                    self.statement(i)
            prev = t

    def find_returns(self, toks: list[Tok]) -> None:
        """Where each named function's first `return` value is (`function f(…) {…}`, `const f = (…) => {…}`),
        in one pass; it is evaluated where the function is called, with the names known there, so a
        helper defined below its use (`Authorization: basicHeader()`) still gives its value."""
        stack: list[tuple[str, int, int]] = []  # open function bodies: (name, the `{` depth of the body, its index)
        depth = 0
        pending = ""  # a function name whose body `{` comes next
        for k, t in enumerate(toks):
            if t.kind == "p":
                if t.text == "{":
                    depth += 1
                    if pending:
                        stack.append((pending, depth, k + 1))
                        pending = ""
                elif t.text == "}":
                    if stack and stack[-1][1] == depth:
                        stack.pop()
                    depth -= 1
                elif t.text == ";":
                    pending = ""
            elif t.kind == "id":
                after = toks[k + 1] if k + 1 < len(toks) else None
                if t.text == "function" and after is not None and after.kind == "id":
                    pending = after.word
                elif after is not None and is_punct(after, "=") and k + 2 < len(toks) and (
                        toks[k + 2].word in ("function", "async") or is_punct(toks[k + 2], "(")) and (
                        k == 0 or not is_punct(toks[k - 1], ".")):
                    pending = t.word  # const f = function (…) / async (…) => / (…) =>
                elif t.text == "return" and stack and stack[-1][1] == depth and stack[-1][0] not in self.returns:
                    self.returns[stack[-1][0]] = (toks, stack[-1][2], k + 1)
            self.spend(1)

    def returned(self, name: str, depth: int) -> object:
        """What a function of this file returns, evaluated with the names known where it is called."""
        toks, body, k = self.returns[name]
        self.spend(k - body)
        saved, saved_env, self.toks = self.toks, self.env, toks
        self.env = dict(saved_env)  # the body's own `const`s, seen by its return value only
        try:
            for d in range(body, k - 1):
                if toks[d].kind == "id" and toks[d].text in ("const", "let", "var") and toks[d + 1].kind == "id" \
                        and is_punct(self.at(d + 2), "="):
                    local = self.value(d + 3)
                    self.env[toks[d + 1].word] = local if local is not None else Value(f"${{{toks[d + 1].word}}}")
            value, _ = self.expr(k, depth + 4)
        finally:
            self.toks, self.env = saved, saved_env
        return value

    def statement(self, i: int) -> None:
        word = self.toks[i].word
        self.statement_at = self.toks[i].start
        if word in ("const", "let", "var"):
            self.declare(i + 1)
        elif word == "import":
            self.import_(i + 1)
        else:
            parts, j = self.path(i)
            if is_punct(self.at(j), "<"):  # TypeScript type arguments: axios.get<Repo>(url)
                j = self.type_arguments(j)
            if is_punct(self.at(j), "="):
                self.assign(parts, j + 1)
            elif is_punct(self.at(j), "("):
                new = i > 0 and self.toks[i - 1].text == "new" and self.toks[i - 1].kind == "id"
                self.call(parts, j, new, self.toks[i - 1 if new else i].start)

    def declare(self, i: int) -> None:
        """Declarations `read` cannot take for assignments: `const { a, b } = …`, `const url: string = …`.
        (`const x = …` and later declarators `, y = …` are read as assignments.)"""
        t = self.at(i)
        if is_punct(t, "{") and is_punct(self.at(close := self.close(i) + 1), "="):
            self.destructure(self.pattern(i + 1, close - 1), self.value(close + 1))
        elif t is not None and t.kind == "id" and is_punct(self.at(i + 1), ":"):
            eq = self.skip(i + 2, stop=("=",))
            if is_punct(self.at(eq), "="):
                self.assign([t.word], eq + 1)

    def pattern(self, i: int, end: int) -> list[tuple[str, str]]:
        """(property, local name) pairs of an object pattern `{ a, b: c }` between i and end."""
        names, k = [], i
        while k < end:
            t, after = self.toks[k], self.at(k + 1)
            local = self.at(k + 2)
            if t.kind in ("id", "str") and is_punct(after, ":") and local is not None and local.kind == "id":
                names.append((t.word, local.word))
            elif t.kind == "id" and (k + 1 >= end or is_punct(after, ",", "=")):
                names.append((t.word, t.word))
            k = self.skip(k) + 1
        return names

    def destructure(self, names: list[tuple[str, str]], value: object) -> None:
        for prop, local in names:
            if isinstance(value, Module):
                self.aliases[local] = value.name if prop == "default" else f"{value.name}.{prop}"
            elif value is PROCESS_ENV:
                self.env[local] = Value(f"${{{prop}}}")
            elif isinstance(value, dict) and prop in value:
                self.env[local] = value[prop]
            else:
                self.env[local] = Value(f"${{{local}}}")

    def import_(self, i: int) -> None:
        names: list[tuple[str, str]] = []
        k = i
        while (t := self.at(k)) is not None and k < i + 200 and not is_punct(t, ";"):
            spec = self.at(k + 1)
            if t.kind == "id" and t.text == "from" and spec is not None and spec.kind == "str":
                module = self.module_name(spec.word)
                for prop, local in names:
                    self.aliases[local] = module if prop in ("default", "*") else f"{module}.{prop}"
                return
            alias = self.at(k + 2)
            if is_punct(t, "*") and alias is not None and alias.kind == "id":  # * as name
                names.append(("*", alias.word))
                k += 3
                continue
            if is_punct(t, "{"):
                close = self.close(k)
                names += self.import_names(k + 1, close)
                k = close + 1
                continue
            if t.kind == "id" and t.text != "type":
                names.append(("default", t.word))
            elif not is_punct(t, ","):  # a side-effect or dynamic import
                return
            k += 1

    def import_names(self, i: int, end: int) -> list[tuple[str, str]]:
        names, k = [], i
        while k < end:
            t = self.toks[k]
            if t.kind in ("id", "str") and t.text != "type":
                after = self.at(k + 1)
                alias = self.at(k + 2) if after is not None and after.text == "as" else None
                names.append((t.word, alias.word if alias is not None else t.word))
            k = self.skip(k) + 1
        return names

    def assign(self, parts: list[str], i: int) -> None:
        value = self.value(i)
        if isinstance(value, Module) and len(parts) == 1:  # const axios = require('axios')
            self.aliases[parts[0]] = value.name
            return
        if value is None:
            value = Value(f"${{{parts[-1]}}}")
        elif len(parts) == 1 and isinstance(value, Value):
            value = named_better(parts[0], value)
        if self.assign_library(parts, value):
            return
        container = self.env.get(".".join(parts[:-1])) if len(parts) > 1 else None
        if isinstance(container, dict):  # headers['Authorization'] = …
            container[parts[-1]] = value
        self.env[".".join(parts)] = value

    # --- values -----------------------------------------------------------------------------

    def value(self, i: int) -> object:
        """The value of the expression at i ending a statement; None when only partly understood."""
        value, j = self.expr(i, 0)
        t = self.at(j)
        if t is None or is_punct(t, ";", ",", ")", "]", "}") or (t.nl and j > i and ends_operand(self.toks[j - 1])):
            return value
        return None

    def args(self, j: int, depth: int, closer: str = ")") -> tuple[list[object], int]:
        """Values of the comma-separated list opened at j (arguments, array items) and the index after it."""
        values: list[object] = []
        k = j + 1
        while (t := self.at(k)) is not None and not is_punct(t, closer):
            value, e = self.expr(k, depth + 1)
            end = self.skip(k)
            values.append(value if e == end else None)
            if not is_punct(self.at(end), ","):
                k = end
                break
            k = end + 1
        return values, k + 1

    def expr(self, i: int, depth: int) -> tuple[object, int]:
        value, i = self.additive(i, depth)
        while (t := self.at(i)) is not None:
            if is_punct(t, "||", "??", "&&"):
                right, i = self.additive(i + 1, depth)
                falsy = value is None or value is False or value == Value("")
                if t.text == "&&" or falsy or _default_url(value, right):
                    value = right
            elif is_punct(t, *_COMPARE_PUNCT) or (t.kind == "id" and t.text in ("instanceof", "in")):
                _, i = self.additive(i + 1, depth)  # a test: its value is no string
                value = None
            elif is_punct(t, "?") and depth < MAX_DEPTH:  # cond ? a : b
                yes, j = self.expr(i + 1, depth + 1)
                if not is_punct(self.at(j), ":"):
                    return None, j
                no, i = self.expr(j + 1, depth + 1)
                value = _either(yes, no)
            else:
                break
        return value, i

    def additive(self, i: int, depth: int) -> tuple[object, int]:
        value, i = self.primary(i, depth)
        while (t := self.at(i)) is not None:
            if is_punct(t, "+"):
                right, i = self.primary(i + 1, depth)
                value = concat(value, right) if isinstance(value, Value) and isinstance(right, Value) else None
            elif t.kind == "id" and t.text in ("as", "satisfies"):  # TypeScript: x as string
                i += 2
            else:
                break
        return value, i

    def primary(self, i: int, depth: int) -> tuple[object, int]:
        t = self.at(i)
        self.spend(1)
        if t is None or depth > MAX_DEPTH:
            return None, i
        if t.kind == "id":
            if t.text == "await":
                return self.primary(i + 1, depth)
            if t.text in ("true", "false", "null", "undefined"):
                return {"true": True, "false": False}.get(t.word), i + 1
            callee = self.at(i + 1)
            new = t.text == "new" and callee is not None and callee.kind == "id"
            parts, j = self.path(i + 1 if new else i)
            name = self.canonical(parts)
            if new:
                if not is_punct(self.at(j), "(") or (name not in self.constructed and name not in self.evaluated):
                    return None, j
                args, j = self.args(j, depth)
                self.calling_at = t.start  # after the arguments, whose own calls set it too
                made = self.construct(name, args) if name in self.constructed else self.evaluate(name, args)
                return self.postfix(made, j, depth)
            if is_punct(self.at(j), "("):
                if len(parts) == 1 and parts[0] in self.returns and name not in self.evaluated:
                    return self.postfix(self.returned(parts[0], depth), self.close(j) + 1, depth)
                if name not in self.evaluated and not name.endswith(".env.get"):
                    return None, j  # an unknown function's result: the caller sees a partial expression
                args, j = self.args(j, depth)
                self.calling_at = t.start  # after the arguments, whose own calls set it too
                return self.postfix(self.evaluate(name, args), j, depth)
            return self.postfix(self.lookup(parts), j, depth)
        if t.kind == "str":
            return self.postfix(Value(t.word), i + 1, depth)
        if t.kind == "tpl":
            return self.postfix(self.template(t.parts, depth), i + 1, depth)
        if t.kind == "num":
            return Value(t.word), i + 1
        if is_punct(t, "{"):
            return self.object(i, depth)
        if is_punct(t, "["):
            items, j = self.args(i, depth, "]")
            return self.postfix(tuple(items), j, depth)
        if is_punct(t, "("):
            value, j = self.expr(i + 1, depth + 1)
            if is_punct(self.at(j), ")") and not is_punct(self.at(j + 1), "=>"):
                return self.postfix(value, j + 1, depth)
        return None, i

    def postfix(self, value: object, j: int, depth: int) -> tuple[object, int]:
        """Method calls and property reads on a value: `.toString('base64')`, `.join('/')`."""
        while is_punct(self.at(j), ".", "?.") and (prop := self.at(j + 1)) is not None and prop.kind == "id":
            name, j = prop.word, j + 2
            if is_punct(self.at(j), "("):
                args, j = self.args(j, depth)
                value = method(value, name, args)
            else:
                value = value.get(name) if isinstance(value, dict) else None
        return value, j

    def lookup(self, parts: list[str]) -> object:
        if parts[:2] == ["process", "env"] or parts[:3] == ["import", "meta", "env"]:
            rest = parts[3:] if parts[0] == "import" else parts[2:]
            return Value(f"${{{rest[0]}}}") if rest else PROCESS_ENV
        for k in range(len(parts), 0, -1):
            key = ".".join(parts[:k])
            if key in self.env:
                value = self.env[key]
                if parts[k:] and (value is None or (isinstance(value, Value) and value.only_ref() is not None)):
                    # a property of something unresolved is named after what it reads, as Python's
                    # attributes are: `basicAuth.appPass` is `${appPass}`, not nothing
                    return Value(f"${{{parts[-1]}}}")
                for name in parts[k:]:
                    value = value.get(name) if isinstance(value, dict) else None
                return value
        return Value(f"${{{parts[-1]}}}")

    def object(self, i: int, depth: int) -> tuple[dict[str, object], int]:
        d: dict[str, object] = {}
        k = i + 1
        while (t := self.at(k)) is not None and not is_punct(t, "}"):
            end = self.skip(k)
            if is_punct(t, "..."):
                spread, _ = self.expr(k + 1, depth + 1)
                d.update(spread if isinstance(spread, dict) else {})
            elif t.kind in ("id", "str", "num") and is_punct(self.at(k + 1), ":"):
                value, e = self.expr(k + 2, depth + 1)
                d[t.word] = value if e == end else None
            elif t.kind == "id" and k + 1 == end:  # shorthand { token }
                d[t.word] = self.lookup([t.word])
            if not is_punct(self.at(end), ","):
                k = end
                break
            k = end + 1
        return d, k + 1

    def template(self, parts: list[TemplatePart], depth: int) -> Value:
        values = []
        for part in parts:
            if isinstance(part, str):
                values.append(Value(part))
                continue
            saved, self.toks = self.toks, part
            value, j = self.expr(0, depth + 1)
            self.toks = saved
            if isinstance(value, Value) and j == len(part):
                values.append(value)
            else:
                names = [t.word for t in part if t.kind == "id"]
                values.append(Value(f"${{{names[-1]}}}") if names else Value(UNNAMED))
        return concat(*values)
