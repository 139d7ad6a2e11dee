"""A small Groovy front end: statements, and the string values a Jenkins library builds.

Jenkinsfiles and shared libraries (`vars/*.groovy`, `src/**/*.groovy`) make their own HTTP
requests: a URL built with `[base, "2.0", …].join("/")` or a GString, an `Authorization` value
from `"${user}:${pass}".bytes.encodeBase64()` or `printBase64Binary(…)`. This reads just enough
of the language to follow such values: statements (split at newlines and `;` outside brackets,
with the usual continuations), assignments, and expressions of strings, names, `+`, lists,
method chains and constructor calls. Anything it does not model stays `${NAME}` (or unnamed),
never guessed. It is tokenizer-level on purpose: a grammar can replace it without changing
what the detector asks of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tokenlint.parsers.values import UNNAMED, Encoded, Value, base64_of, concat

MAX_STATEMENT = 20_000  # a statement longer than this is no request being built: not evaluated
MAX_DEPTH = 40


@dataclass
class Statement:
    text: str
    start: int  # offset of `text` in the document


def blank_comments(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each comment span replaced by spaces (line breaks kept): offsets stay true."""
    if not spans:
        return text
    out, last = [], 0
    for s, e in spans:
        out.append(text[last:s])
        out.append(re.sub(r"[^\n]", " ", text[s:e]))
        last = e
    out.append(text[last:])
    return "".join(out)


_CONTINUES = re.compile(r"(?:[,+(\[=:?]|&&|\|\|)\s*$")
_NEXT_CONTINUES = re.compile(r"\s*(?:\.[A-Za-z_?]|\?\.|\+|:)")


def statements(text: str) -> Iterator[Statement]:
    """Statements of Groovy source (comments already blanked): a newline or `;` outside
    brackets and strings ends one, unless the line ends with an operator or a comma or the next
    line starts with `.method`; braces end one too (a block or closure starts or ends)."""
    i, n, depth, start = 0, len(text), 0, 0
    while i < n:
        c = text[i]
        if c in "'\"":
            q = text[i:i + 3] if text.startswith(("'''", '"""'), i) else c
            i = _string_end(text, i + len(q), q)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "{};\n":
            piece = text[start:i]
            if c == "\n" and (_CONTINUES.search(piece[-256:]) or _NEXT_CONTINUES.match(text, i + 1)) \
                    and piece.strip():
                i += 1
                continue
            if piece.strip():
                yield Statement(piece, start)
            start = i + 1
        i += 1
    if text[start:].strip():
        yield Statement(text[start:], start)


def _string_end(text: str, i: int, quote: str) -> int:
    """Index just past the quote that closes a string opened before `i` (end of text if none)."""
    while True:
        j = text.find(quote, i)
        if j == -1:
            return len(text)
        backslashes = len(text[i:j]) - len(text[i:j].rstrip("\\"))
        if backslashes % 2 == 0:
            return j + len(quote)
        i = j + 1


# --- tokens -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""\s*(?:(?P<str>'''|\"\"\"|'|")|(?P<num>\d[\w.]*)|(?P<name>[A-Za-z_$][\w$]*)|"""
                    r"""(?P<op>\?\.|\*\.|==|!=|<=|>=|&&|\|\||->|[^\s\w]))""")


@dataclass(frozen=True)
class Tok:
    kind: str  # str | gstr | num | name | op
    text: str  # a string's body (escapes resolved), else the token
    at: int  # offset in the statement


def tokens(text: str) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None or m.end() == i:
            break
        if m.group("str"):
            q = m.group("str")
            end = _string_end(text, m.end(), q)
            body = text[m.end():end - len(q)] if end <= len(text) and text.endswith(q, 0, end) else text[m.end():end]
            out.append(Tok("gstr" if q.startswith('"') else "str", body, m.start("str")))
            i = end
            continue
        kind = "num" if m.group("num") else "name" if m.group("name") else "op"
        out.append(Tok(kind, m.group(kind), m.start(kind)))
        i = m.end()
    return out


# --- values ---------------------------------------------------------------------------------------

@dataclass
class Connection:
    """A `URLConnection` (`url.openConnection()`): the URL it requests, and what the code sets on it."""

    url: Value
    at: int  # document offset of the `openConnection` call
    method: str = ""
    headers: dict[str, tuple[Value, int]] = field(default_factory=dict)  # name (lower case) -> value, offset
    output: bool = False  # `doOutput = true`: HttpURLConnection then sends POST


@dataclass(frozen=True)
class Named:
    """A named argument or map entry (`url: x`, `name: 'Authorization'`)."""

    key: str
    value: Groovy


Groovy = Value | list["Groovy"] | dict[str, "Groovy"] | Connection | Named | None

# Methods that leave a string what it was, as far as a URL or a credential goes.
_KEEP = frozenset(("toString", "trim", "strip", "toURL", "toURI", "getBytes", "bytes", "collect", "replace",
                   "replaceAll", "stripIndent", "toLowerCase", "toUpperCase", "plus", "asType", "getPassword",
                   "getPlainText", "plainText", "value"))
_QUALIFIERS = frozenset(("env", "params", "this", "binding", "java", "javax", "groovy", "org", "com"))
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")  # `Base64`, `DatatypeConverter`; not `BB_USER`
_ENCODE_ONE = frozenset(("printBase64Binary", "encodeToString", "encodeBase64String", "encode"))


class Evaluator:
    """Values of expressions over `env` (names assigned so far); `base` is the statement's
    offset in the document, so connections know where they were opened."""

    def __init__(self, env: dict[str, Groovy]) -> None:
        self.env = env
        self.base = 0
        self.opened: list[Connection] = []  # every connection opened, in order

    def arguments(self, text: str, base: int = 0, close: str = ")") -> list[Groovy]:
        """The arguments written in `text` (after the opening parenthesis, or a whole unparenthesised list)."""
        if len(text) > MAX_STATEMENT:
            return []
        self.base = base
        try:
            return self._args(tokens(text), 0, 0, close=close)[0]
        except (IndexError, RecursionError):
            return []

    def value(self, text: str, base: int = 0) -> Groovy:
        if len(text) > MAX_STATEMENT:
            return Value(UNNAMED)
        toks = tokens(text)
        self.base = base
        try:
            result, _ = self._expr(toks, 0, 0)
        except (IndexError, RecursionError):
            return Value(UNNAMED)
        return result

    # expr := unary ('+' unary)* ; anything else binary is unnamed
    def _expr(self, toks: list[Tok], i: int, depth: int) -> tuple[Groovy, int]:
        if depth > MAX_DEPTH:
            raise RecursionError
        left, i = self._postfix(toks, i, depth + 1)
        while i < len(toks) and toks[i].kind == "op" and toks[i].text == "+":
            right, i = self._postfix(toks, i + 1, depth + 1)
            left = concat(as_value(left), as_value(right))
        if i < len(toks) and toks[i].kind == "name" and toks[i].text == "as" and i + 1 < len(toks):
            i += 2  # `… as HttpURLConnection`: a cast changes nothing here
        return left, i

    def _postfix(self, toks: list[Tok], i: int, depth: int) -> tuple[Groovy, int]:
        value, i, qualified = self._primary(toks, i, depth)
        while i < len(toks):
            t = toks[i]
            if t.kind == "op" and t.text in (".", "?.", "*.") and i + 1 < len(toks) and toks[i + 1].kind == "name":
                name, at = toks[i + 1].text, toks[i + 1].at
                i += 2
                args: list[Groovy] = []
                called = i < len(toks) and toks[i].text == "("
                if called:
                    args, i = self._args(toks, i + 1, depth)
                if i < len(toks) and toks[i].text == "{":  # a trailing closure: `collect { it }`
                    i = _skip_closure(toks, i)
                if qualified is not None and not called:
                    qualified = f"{qualified}.{name}"
                    value = Value("${" + name + "}") if qualified.startswith(("env.", "params.")) else value
                    continue
                value, qualified = self._method(value, qualified, name, args, at), None
            elif t.kind == "op" and t.text == "[" and isinstance(value, (list, dict)):
                _, i = self._args(toks, i + 1, depth, close="]")
                value, qualified = Value(UNNAMED), None
            else:
                break
        return value, i

    def _method(self, target: Groovy, qualified: str | None, name: str, args: list[Groovy], at: int) -> Groovy:
        if qualified is not None and name in _ENCODE_ONE and args:
            return base64_of(as_value(args[0]))  # DatatypeConverter.printBase64Binary(x), Base64.getEncoder()…
        if qualified is not None and qualified.split(".")[-1] in ("Base64", "DatatypeConverter", "getEncoder"):
            return Value(UNNAMED)
        if name == "openConnection":
            conn = Connection(as_value(target), self.base + at)
            self.opened.append(conn)
            return conn
        if name == "join" and isinstance(target, list):
            sep = as_value(args[0]).text if args else ""
            return concat(*[p for k, item in enumerate(target) for p in ([Value(sep)] if k else []) + [as_value(item)]])
        if name in ("encodeBase64", "encodeBase64String", "encodeAsBase64"):
            return base64_of(as_value(target))
        if name in _ENCODE_ONE and args:
            return base64_of(as_value(args[0]))
        if name in _KEEP and isinstance(target, Value):
            return target
        return Value(UNNAMED)

    def _primary(self, toks: list[Tok], i: int, depth: int) -> tuple[Groovy, int, str | None]:
        t = toks[i]
        if t.kind in ("str", "gstr"):
            return (self._gstring(t.text) if t.kind == "gstr" else Value(_unescape(t.text))), i + 1, None
        if t.kind == "num":
            return Value(t.text), i + 1, None
        if t.kind == "op" and t.text == "(":
            if i + 2 < len(toks) and toks[i + 1].kind == "name" and toks[i + 1].text[:1].isupper() \
                    and toks[i + 2].text == ")":
                cast, i = self._postfix(toks, i + 3, depth)  # `(HttpURLConnection) x`: a cast
                return cast, i, None
            value, i = self._expr(toks, i + 1, depth + 1)
            return value, (i + 1 if i < len(toks) and toks[i].text == ")" else i), None
        if t.kind == "op" and t.text == "[":
            return self._list(toks, i + 1, depth)
        if t.kind == "name" and t.text == "new" and i + 1 < len(toks):
            j = i + 1
            while j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 2].kind == "name":
                j += 2
            cls = toks[j].text
            args: list[Groovy] = []
            j += 1
            if j < len(toks) and toks[j].text == "(":
                args, j = self._args(toks, j + 1, depth)
            if cls in ("URL", "URI", "String", "StringBuilder") and args:
                return as_value(args[0]), j, None
            return Value(UNNAMED), j, None
        if t.kind == "name":
            if i + 1 < len(toks) and toks[i + 1].text == "(":  # a function of the file or of Jenkins
                args, j = self._args(toks, i + 2, depth)
                if t.text in _ENCODE_ONE and args:
                    return base64_of(as_value(args[0])), j, None
                return Value(UNNAMED), j, None
            if t.text in self.env:
                return self.env[t.text], i + 1, None
            if t.text in ("true", "false", "null"):
                return Value(t.text), i + 1, None
            dotted = i + 1 < len(toks) and toks[i + 1].text == "."
            if t.text in _QUALIFIERS or (dotted and _CLASS_NAME.fullmatch(t.text)):
                return Value(UNNAMED), i + 1, t.text  # a qualified name: `env.X`, `java.util.Base64`
            return Value("${" + t.text + "}"), i + 1, None
        return Value(UNNAMED), i + 1, None

    def _list(self, toks: list[Tok], i: int, depth: int) -> tuple[Groovy, int, str | None]:
        items, i = self._args(toks, i, depth, close="]")
        if any(isinstance(x, Named) for x in items):
            return {x.key: x.value for x in items if isinstance(x, Named)}, i, None
        return items, i, None

    def _args(self, toks: list[Tok], i: int, depth: int, close: str = ")") -> tuple[list[Groovy], int]:
        """Arguments up to `close`; a named one (`key: value`) is a (key, value) pair in the list."""
        out: list[Groovy] = []
        while i < len(toks) and toks[i].text != close:
            if toks[i].text == ",":
                i += 1
                continue
            if toks[i].text == ":" and close == "]":  # `[:]`, an empty map
                i += 1
                continue
            key = None
            if i + 1 < len(toks) and toks[i].kind in ("name", "str", "gstr") and toks[i + 1].text == ":":
                key, i = toks[i].text, i + 2
            start = i
            value, i = self._expr(toks, i, depth + 1)
            if i == start:
                i += 1  # an operator we do not model: skip it
            while i < len(toks) and toks[i].text not in (",", close):
                i = _skip_closure(toks, i) if toks[i].text == "{" else i + 1
            out.append(Named(key, value) if key is not None else value)
        return out, i + 1

    def _gstring(self, body: str) -> Value:
        parts: list[Value] = []
        i = 0
        for m in _INTERPOLATION.finditer(body):
            parts.append(Value(_unescape(body[i:m.start()])))
            inner = m.group(1) if m.group(1) is not None else m.group(2)
            parts.append(as_value(Evaluator(self.env).value(inner)))
            i = m.end()
        parts.append(Value(_unescape(body[i:])))
        return concat(*parts)


_INTERPOLATION = re.compile(r"(?<!\\)\$(?:\{([^{}]*)\}|([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))")


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\\"'$])", r"\1", text)


def _skip_closure(toks: list[Tok], i: int) -> int:
    depth = 0
    while i < len(toks):
        if toks[i].text == "{":
            depth += 1
        elif toks[i].text == "}":
            depth -= 1
            if depth <= 0:
                return i + 1
        i += 1
    return i


def as_value(value: Groovy) -> Value:
    """A string view of any value: lists and maps have none we follow."""
    if isinstance(value, Value):
        return value
    if isinstance(value, Connection):
        return value.url
    return Value(UNNAMED)


def named(args: list[Groovy]) -> dict[str, Groovy]:
    """The `key: value` arguments of a call (`httpRequest url: …, httpMode: 'POST'`)."""
    return {item.key: item.value for item in args if isinstance(item, Named)}


__all__ = ["Connection", "Encoded", "Evaluator", "Groovy", "Named", "Statement", "as_value", "blank_comments",
           "named", "statements", "tokens"]
