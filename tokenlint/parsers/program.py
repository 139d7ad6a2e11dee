"""The one intermediate shape every tree-sitter front end lowers a source file to.

JavaScript, TypeScript, Java, Go, PHP, Ruby, C#, Groovy, HCL (and Python that `ast` cannot
read) differ in syntax, not in what tokenlint needs from them: string values and how they are
built, calls with their arguments, assignments, functions and classes, imports. A front end
(tokenlint.parsers.lower_*) keeps only that, with positions, so that one evaluator
(tokenlint.detectors.program_calls) and one table of HTTP libraries per language turn any of
them into facts. What a front end cannot express is `Unknown`: the evaluator never guesses.

Conventions every front end follows, so the evaluator needs no language switch:
- a receiver (`this`, `self`, `$this`, `@field`'s owner) is `Name("this")`; Ruby's `@x` is
  `Attr(Name("this"), "x")`;
- scoped and namespaced names are dotted: `Net::HTTP::Get` is `Attr(Attr(Name("Net"), "HTTP"), "Get")`;
- `+` on strings, template literals, interpolation and PHP's `.` are `Concat`;
- `a || b`, `a ?? b`, `a ?: b`, `c ? a : b`, Python's `a or b` are `Either`;
- control flow (if, loops, try, switch, `with`) is flattened: its statements stay in order, so a
  name means its last assignment above (scopes are not modelled);
- keyword, named and trailing-hash arguments are `Call.named`; a trailing closure or block
  (`withCredentials(…) { … }`, Ruby `do … end`, a Go `func` literal) is a `Func` among `args`
  or in `Call.block`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias


@dataclass(slots=True)
class Node:
    line: int  # 1-based
    col: int  # 1-based


# --- expressions -----------------------------------------------------------------------------

@dataclass(slots=True)
class Const(Node):
    """A literal: a string (unescaped), a number, a boolean or null."""

    value: str | int | float | bool | None


@dataclass(slots=True)
class Name(Node):
    name: str


@dataclass(slots=True)
class Attr(Node):
    """`obj.name`, `obj->name`, `obj::name`, `obj?.name`."""

    obj: Expr
    name: str


@dataclass(slots=True)
class Index(Node):
    """`obj[key]`."""

    obj: Expr
    key: Expr


@dataclass(slots=True)
class Call(Node):
    """`func(args…, name: value…)`; `new` for a constructor call (`new X(…)`, `X.new(…)`, `X{…}` in Go)."""

    func: Expr
    args: list[Expr] = field(default_factory=list)
    named: dict[str, Expr] = field(default_factory=dict)
    new: bool = False
    block: Func | None = None


@dataclass(slots=True)
class Concat(Node):
    """Parts joined into one string: `+`, template literals, interpolation, PHP `.`."""

    parts: list[Expr]


@dataclass(slots=True)
class Either(Node):
    """One of several values: `a || b`, `a ?? b`, `c ? a : b`."""

    options: list[Expr]


@dataclass(slots=True)
class Dict(Node):
    """An object literal, map, hash, associative array or struct literal. A key of None is a
    spread (`...obj`, `**kw`): the value's items are merged in."""

    items: list[tuple[Expr | None, Expr]]


@dataclass(slots=True)
class Seq(Node):
    """An array, list or tuple literal."""

    items: list[Expr]


@dataclass(slots=True)
class Func(Node):
    """A function, method, lambda or block. `name` is empty for an anonymous one. `types` are the
    declared types of parameters where the language writes them (`RestTemplateBuilder builder`):
    an injected client the file never constructs is still known by its type."""

    name: str
    params: list[str]
    body: list[Stmt]
    types: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Unknown(Node):
    """What the front end does not model (arithmetic, comprehensions, …)."""


Expr: TypeAlias = Const | Name | Attr | Index | Call | Concat | Either | Dict | Seq | Func | Unknown


# --- statements ------------------------------------------------------------------------------

@dataclass(slots=True)
class Assign(Node):
    """`target = value` (declarations with an initialiser too; Go's `a, err := f()` assigns the
    first target). `target` is a Name, an Attr or an Index."""

    target: Expr
    value: Expr


@dataclass(slots=True)
class Do(Node):
    """An expression evaluated for its effect: usually a call."""

    expr: Expr


@dataclass(slots=True)
class Return(Node):
    value: Expr | None


@dataclass(slots=True)
class Class(Node):
    """A class (struct with methods, module): its fields as `Assign` to `Attr(Name("this"), …)`,
    its methods as `Func`. A constructor is the `Func` named `constructor`."""

    name: str
    bases: list[str]
    body: list[Stmt]


@dataclass(slots=True)
class Import(Node):
    """A local name bound to a module or a member of one: `import axios from 'axios'` is
    (`axios`, `axios`); `import java.net.http.HttpClient;` is (`HttpClient`, `java.net.http.HttpClient`);
    `use GuzzleHttp\\Client;` is (`Client`, `GuzzleHttp.Client`)."""

    name: str
    module: str


Stmt: TypeAlias = Assign | Do | Return | Func | Class | Import


@dataclass(slots=True)
class Comment(Node):
    """Commented-out code worth reading (a comment that names the API's host): its text with the
    comment markers turned into spaces, starting at (line, col). The evaluator lowers it with the
    same front end and marks what it finds as commented."""

    text: str


@dataclass(slots=True)
class Program:
    """A lowered file: its language (a key of the HTTP library tables) and its statements."""

    language: str
    body: list[Stmt]
    notes: list[str] = field(default_factory=list)  # what the front end could not read, said once
    comments: list[Comment] = field(default_factory=list)
