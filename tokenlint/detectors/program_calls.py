"""Bitbucket API calls in any language a tree-sitter front end lowers: the one evaluator.

A front end (tokenlint.parsers.lower_*) turns a file into a `Program`; this module reads it in
order with the language's table of HTTP libraries (tokenlint.detectors.http_libraries): names
and attributes get values, library objects (clients, request builders, connections) collect
what a request will send, and each call that sends one becomes an `ApiCall` through
`calls.request_call`, which knows nothing of any library.

Values travel the way real code moves them: base-URL constants and fields joined with paths,
`String.format`/`sprintf`, environment reads, headers built in a helper and passed in, and
wrapper functions (`get(path) { return client.get(this.base + path) }`) followed from their
callers. A function is also read on its own, with its parameters unknown (`${path}`), so a
library with no caller in the file still shows its calls; where callers give it concrete
values, those replace the unknown ones.

Work is bounded (a budget per file, a depth for followed calls): a hostile file gets a note,
never a hang.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from tokenlint.detectors import program_reach, relevance
from tokenlint.detectors.api_base import CLOUD_API, Bases, endpoint_unseen, names_bitbucket
from tokenlint.detectors.calls import AuthTriple, method_by_name, request_call, sends_by_name
from tokenlint.detectors.http_libraries import KEYS, Builtin, Entry, Library, Make, Send, Set
from tokenlint.facts import ApiCall, Auth, CredentialKind
from tokenlint.parsers import program as ir
from tokenlint.parsers.languages import FRONT_ENDS
from tokenlint.parsers.lowering import TooSlowToParse
from tokenlint.parsers.names import kind_from_name, name_from_literal, named_better
from tokenlint.parsers.values import UNNAMED, Encoded, Value, base64_of, concat, join_url, userinfo

if TYPE_CHECKING:
    from tokenlint.detectors.registry import Reading

MAX_DEPTH = 4  # user functions followed into from a call
WORK_PER_NODE = 40  # evaluation steps per lowered node
FULL_LIMIT = 256 * 1024  # characters read whole; larger files (bundles, minified code) are read in windows
WINDOW = 4096  # characters read either side of a `bitbucket` mention in a large file
MAX_CLOSURES = 12  # callbacks read inside one another
MAX_COMMENTS = 200  # commented-out blocks read as code per file
FOREIGN = 1 << 28  # added to the lines of code lowered from another file (a base class): never reported there
MAX_BASE_SOURCE = 256 * 1024  # characters of another file read for its base classes
#: positions of what another file of the repository defines (a base class, a Go package's other
#: files) start here: never this document's, so never reported as they stand
ELSEWHERE = 1 << 40
MAX_CONTEXT = 512 * 1024  # characters of other files read with one file, at most


_AUTH_FIELDS = frozenset(("basic", "userinfo", "auth", "bearer", "authorization"))


class OutOfBudget(Exception):
    pass


@dataclass
class Obj:
    """A library object: a client with defaults, a request being built, a connection."""

    kind: str
    tool: str
    url: Value | None = None
    base: Value | None = None
    method: str = ""
    headers: dict[str, object] = field(default_factory=dict)
    auth: AuthTriple | None = None
    scheme: Auth | None = None  # a scheme set apart from the credentials (curl's CURLOPT_HTTPAUTH)
    insecure: bool = False
    sent: bool = False
    at: tuple[int, int] = (0, 0)
    here: bool = False  # reported where made (`at`), its credential where set (`auth_at`)
    params: dict[str, object] = field(default_factory=dict)
    body: Value | None = None
    auth_at: tuple[int, int] | None = None  # where its credential was set, when not where it is sent


@dataclass(frozen=True)
class Module:
    """A name later calls are looked up under: an imported module, `Base64.getEncoder()`."""

    path: str


@dataclass
class FuncVal:
    func: ir.Func
    this: object = None  # the instance a method is bound to


@dataclass
class ClassVal:
    cls: ir.Class
    methods: dict[str, ir.Func]
    bases: list[str]
    #: every method of each name, in order: Java, C# and Groovy overload by arity (`v2(path)`
    #: beside `v2(owner, repo, path)`), and `methods` keeps only the last
    overloads: dict[str, list[ir.Func]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for s in self.cls.body:
            if isinstance(s, ir.Func):
                self.overloads.setdefault(s.name, []).append(s)


class Instance(dict[str, object]):
    """An object of a class of this file: its fields, and its class for method calls."""

    def __init__(self, cls: ClassVal) -> None:
        super().__init__()
        self.cls = cls
        self.library: Obj | None = None  # a library class it extends or mixes in (`include HTTParty`)


class Scope:
    def __init__(self, parent: Scope | None = None, this: object = None) -> None:
        self.vars: dict[str, object] = {}
        self.parent = parent
        self.this: object = this if this is not None or parent is None else parent.this

    def get(self, name: str) -> tuple[bool, object]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return True, scope.vars[name]
            scope = scope.parent
        return False, None


@dataclass
class Found:
    call: ApiCall
    site: tuple[int, int]  # where the request is sent (inside a wrapper, when followed)
    params: frozenset[str]  # the parameters of the function it was read in on its own
    chain: tuple[tuple[int, int], ...] = ()  # the call sites followed to reach it, outermost first


class Evaluator:
    def __init__(self, lib: Library, program: ir.Program, budget: int, path: str = "",
                 context: list[ir.Stmt] | None = None) -> None:
        self.lib = lib
        self.program = program
        #: what other files define that this one uses (positions from ELSEWHERE): read first
        self.context = context or []
        self.budget = budget
        self.globals = Scope()
        self.found: list[Found] = []
        self.depth = 0
        self.light = 0  # functions without parameters being followed (see `follow`)
        self.caller: tuple[int, int] | None = None  # the innermost call site while following a function
        self.chain: list[tuple[int, int]] = []  # every call site being followed, outermost first
        self.params: frozenset[str] = frozenset()
        self.classes: dict[str, ClassVal] = {}
        self.instances: dict[str, Instance] = {}
        self.followed: dict[tuple[object, ...], tuple[object, ...]] = {}  # (function, site, values) -> its result
        self.method_tables: dict[tuple[str, int, int], dict[str, ir.Func]] = {}
        self.definers: dict[tuple[str, int], ClassVal | None] = {}
        self.class_version = 0  # counts changes to `classes`, so that indexes over them are rebuilt
        self.defining: tuple[int, dict[str, list[ClassVal]]] = (-1, {})  # method name -> classes defining it
        self.bases = Bases()  # API bases this file shows to be Bitbucket's (`${BASE}/2.0/user`)
        self.hosts: dict[str, str] = {}  # credential -> the Bitbucket API host it is sent to
        #: credentialed requests whose URL is unknown: (request, site, caller, owner class, parameters then)
        self.unplaced: list[tuple[Obj, tuple[int, int], tuple[int, int] | None, str, frozenset[str]]] = []
        self.path = path
        self.this: object = None  # the instance whose method is being read
        self.running: list[ir.Func] = []  # the functions being followed, innermost last (for `super(…)`)
        self.statics: dict[str, Instance] = {}  # a class's own object: its constants and static fields
        self.made: dict[str, Instance] = {}  # the first instance of each class the file builds
        self.building: dict[str, Instance] = {}  # instances whose fields and constructor are being read
        self.shared: dict[str, Obj] = {}  # the library objects modules stand for (axios's defaults)
        self.pending: list[Obj] = []  # requests that go out when their statement is done
        self.commented = False
        self.closures = 0  # callbacks being read inside one another
        self.header_owners: dict[int, Obj] = {}  # id of a header map read through an object -> the object
        #: requests kept in a local name, with the parameters of the function they were built in:
        #: one built with a credential and never sent nor handed back is reported where it was built
        self.built: list[tuple[Obj, frozenset[str]]] = []
        self.sent_urls: set[str] = set()  # every URL a request was sent to (a built request's copies share it)
        self.escaped: dict[int, Obj] = {}  # requests returned or stored in a field (sent elsewhere), by id
        # values this file's methods returned to a base class's code from another file (an overridden
        # `authorizationHeader()`), with where they were returned
        self.from_here: list[tuple[object, tuple[int, int]]] = []
        self.granted = False  # the file asks Bitbucket's OAuth token endpoint for a grant
        self.received: list[list[object]] = []  # the values each followed function was given, innermost last
        #: ids of the functions worth reading on their own (tokenlint.detectors.program_reach), worked out in `run`
        self.worth: set[int] | None = None
        #: id of each method -> the class of this file that declares it (for overloads and `super(…)`)
        self.declared_in: dict[int, ClassVal] = {}

    # --- statements ----------------------------------------------------------------------------

    def run(self) -> list[ApiCall]:
        body = self.program.body
        if self.context:  # another file's definitions, then its constants (what it sends is its own)
            self.hoist(self.context, self.globals)
            self.block([s for s in self.context if isinstance(s, (ir.Assign, ir.Import))], self.globals)
        self.hoist(body, self.globals)
        self.block(body, self.globals)
        self.worth = program_reach.worth_reading(
            program_reach.functions_of([*self.context, *body]), self.lib)
        for stmt in body:  # functions and classes on their own, parameters unknown
            if stmt.line >= FOREIGN:  # a base class from another file: read there on its own
                continue
            if isinstance(stmt, ir.Func):
                if id(stmt) in self.worth:
                    self.alone(stmt, None)
            elif isinstance(stmt, ir.Class):
                self.alone_class(stmt)
        self.unsent()
        self.place_unresolved()
        return self.calls()

    def hoist(self, body: list[ir.Stmt], scope: Scope) -> None:
        for stmt in body:
            if isinstance(stmt, ir.Func) and stmt.name:
                scope.vars[stmt.name] = FuncVal(stmt)
            elif isinstance(stmt, ir.Class):
                cls = ClassVal(stmt, {s.name: s for s in stmt.body if isinstance(s, ir.Func)}, stmt.bases)
                known = self.classes.get(stmt.name)
                if known is not None and known.cls.line >= ELSEWHERE and stmt.line < ELSEWHERE:
                    # the same type across files (Go methods beside their struct, C# partial classes)
                    cls = ClassVal(stmt, {**known.methods, **cls.methods}, [*dict.fromkeys([*cls.bases, *known.bases])])
                scope.vars[stmt.name] = cls
                self.classes[stmt.name] = cls
                self.class_version += 1
                for funcs in cls.overloads.values():
                    for f in funcs:
                        self.declared_in.setdefault(id(f), cls)
            elif isinstance(stmt, ir.Import):
                scope.vars[stmt.name] = Module(stmt.module)

    def block(self, body: list[ir.Stmt], scope: Scope) -> object:
        """Run statements; the value of the first `return`, if any."""
        returned: object = None
        for stmt in body:
            self.spend()
            if isinstance(stmt, ir.Assign):
                self.assign(stmt.target, self.value(stmt.value, scope), scope)
            elif isinstance(stmt, ir.Do):
                self.value(stmt.expr, scope)
            elif isinstance(stmt, ir.Return):
                value = self.value(stmt.value, scope) if stmt.value is not None else None
                for kept in value if isinstance(value, tuple) else (value,):
                    if isinstance(kept, Obj):
                        self.escaped[id(kept)] = kept
                if returned is None:
                    returned = value
            elif isinstance(stmt, ir.Import):
                scope.vars[stmt.name] = Module(stmt.module)
            elif isinstance(stmt, ir.Func) and stmt.name and scope is not self.globals:
                scope.vars[stmt.name] = FuncVal(stmt)
            if self.pending:
                self.flush()
        return returned

    def flush(self) -> None:
        """Requests that go out by themselves (`Make.sends`), once the statement that made and
        configured them is done."""
        pending, self.pending = self.pending, []
        for obj in pending:
            if not obj.sent:
                obj.sent = True
                self.emit(obj, obj.at)

    def assign(self, target: ir.Expr, value: object, scope: Scope) -> None:
        if value is None and isinstance(target, (ir.Name, ir.Attr)):  # unknown: known by the name it is kept under
            value = Value(f"${{{target.name}}}")
        if isinstance(value, Obj) and value.url is not None and self.caller is None:
            if isinstance(target, ir.Name):
                self.built.append((value, self.params))
            else:
                self.escaped[id(value)] = value
        if isinstance(target, ir.Name):
            if target.name == "this":
                return
            if target.name not in scope.vars and isinstance(scope.this, dict) and target.name in scope.this \
                    and self.lib.bare_fields:
                scope.this[target.name] = value  # a field assigned by its bare name (Java, C#, Groovy)
            else:
                scope.vars[target.name] = _stored(target.name, value) if isinstance(value, Value) else value
        elif isinstance(target, ir.Attr):
            owner = self.value(target.obj, scope)
            if isinstance(owner, dict):
                owner[target.name] = value
                if target.name.lower() == "authorization":
                    self.authorized(owner, (target.line, target.col))
            elif isinstance(owner, Obj):
                prop = self.lib.properties.get(target.name)
                if prop is not None:
                    self.configure(owner, Set(prop, value="v"), {"v": value}, (target.line, target.col))
        elif isinstance(target, ir.Index):
            owner = self.value(target.obj, scope)
            key = self.key(target.key, scope)
            if isinstance(owner, dict) and key is not None:
                owner[key] = value
                if key.lower() == "authorization":
                    self.authorized(owner, (target.line, target.col))
            elif isinstance(owner, Obj) and key is not None:
                owner.headers[key] = value  # Ruby's `req['Authorization'] = …`

    def alone(self, func: ir.Func, this: object) -> None:
        """Read a function with its parameters unknown (`${param}`)."""
        scope = Scope(self.globals, this)
        for p in func.params:
            scope.vars[p] = self.unknown_param(p, func.types.get(p))
        saved, saved_this = self.params, self.this
        self.params, self.this = frozenset(func.params), this
        self.running.append(func)
        try:
            self.hoist(func.body, scope)
            self.block(func.body, scope)
        finally:
            self.running.pop()
            self.params, self.this = saved, saved_this

    def only_definer(self, method: str) -> ClassVal | None:
        """The one class of this file that defines `method`, if exactly one does."""
        key = (method, len(self.classes))
        if key not in self.definers:
            if self.defining[0] != self.class_version:  # an index of who defines what, not a search per name
                index: dict[str, list[ClassVal]] = {}
                for c in self.classes.values():
                    for name in c.methods:
                        index.setdefault(name, []).append(c)
                self.defining = (self.class_version, index)
            owners = self.defining[1].get(method, [])
            self.definers[key] = owners[0] if len(owners) == 1 and method != "constructor" else None
        return self.definers[key]

    def instance_of(self, cls: ClassVal) -> Instance:
        """An instance of a class of this file as its own code sees it (fields set, constructor read)."""
        if cls.cls.name not in self.instances:
            self.instances[cls.cls.name] = Instance(cls)  # placed first: a constructor that reaches here stops
            self.instances[cls.cls.name] = self.instantiate(cls, [], {}, self.globals, unknown=True)
        return self.instances[cls.cls.name]

    def unknown_param(self, name: str, kind: str | None) -> object:
        """A parameter nobody in the file passes: an object of the library type it declares (an
        injected `RestTemplateBuilder`), else `${name}`."""
        entry = lookup(self.lib, kind) if kind else None
        if isinstance(entry, Make) and not entry.url:
            return Obj(entry.kind, entry.tool)
        return Value(f"${{{name}}}")

    def alone_class(self, cls: ir.Class) -> None:
        val = self.classes.get(cls.name)
        if val is None:
            return
        instance = self.made.get(cls.name) or self.instantiate(val, [], {}, self.globals, unknown=True)
        for name, method in self.methods(val).items():
            if name != "constructor" and method.line < ELSEWHERE:  # another file's methods are its own
                for one in self.overloads(val, name, method):
                    if self.worth is None or id(one) in self.worth:  # the others find nothing
                        self.alone(one, instance)

    def methods(self, cls: ClassVal) -> dict[str, ir.Func]:
        """A class's methods with those it inherits from classes of this file (worked out once per
        class while the file's classes stay the same)."""
        key = (cls.cls.name, id(cls), len(self.classes))
        known = self.method_tables.get(key)
        if known is None:
            known = self.method_tables[key] = self.inherited_methods(cls)
        return known

    def inherited_methods(self, cls: ClassVal) -> dict[str, ir.Func]:
        out: dict[str, ir.Func] = {}
        seen: set[str] = set()
        todo = [cls]
        while todo:
            c = todo.pop(0)
            if c.cls.name in seen:
                continue
            seen.add(c.cls.name)
            for name, m in c.methods.items():
                out.setdefault(name, m)
            todo += [self.classes[b] for b in c.bases if b in self.classes]
        return out

    def overloads(self, cls: ClassVal, name: str, method: ir.Func) -> list[ir.Func]:
        """The methods named `name` that `cls` (or the class of the file that defines `method`) declares."""
        owner = cls if cls.methods.get(name) is method else self.declarer(method) or cls
        return owner.overloads.get(name) or [method]

    def declarer(self, method: ir.Func) -> ClassVal | None:
        """The class of this file whose body holds `method` (an index kept by `hoist`, not a search
        of every class for every call)."""
        owner = self.declared_in.get(id(method))
        if owner is None or self.classes.get(owner.cls.name) is not owner:
            # not hoisted here (a commented block's reader shares the classes), or hoisted again since
            # (a partial class merged with another file's): look for it
            owner = next((c for c in self.classes.values() if any(f is method for f in c.methods.values())
                          or any(f is method for fs in c.overloads.values() for f in fs)), None)
        return owner

    def method(self, cls: ClassVal, name: str, nargs: int) -> ir.Func | None:
        """The method a call with `nargs` arguments reaches: among overloads, the one taking as many
        parameters (else the fewest above, for defaults and varargs), else the last declared."""
        found = self.methods(cls).get(name)
        if found is None:
            return None
        options = self.overloads(cls, name, found)
        if len(options) < 2:
            return found
        exact = [f for f in options if len(f.params) == nargs]
        more = sorted((f for f in options if len(f.params) > nargs), key=lambda f: len(f.params))
        return (exact or more or [found])[0]

    def class_object(self, cls: ClassVal) -> Instance:
        """A class as an object (its constants, static fields and static methods), made once."""
        made = self.statics.get(cls.cls.name)
        if made is None:
            made = self.statics[cls.cls.name] = Instance(cls)
            self.init_fields(cls, made)
        return made

    def init_fields(self, cls: ClassVal, instance: Instance) -> None:
        chain: list[ClassVal] = []
        c: ClassVal | None = cls
        while c is not None and c not in chain:
            chain.append(c)
            c = next((self.classes[b] for b in c.bases if b in self.classes), None)
        for c in reversed(chain):  # fields of a base first
            for base in c.bases:
                made = lookup(self.lib, base) if base not in self.classes and instance.library is None else None
                if isinstance(made, Make):
                    instance.library = Obj(made.kind, made.tool, at=(c.cls.line, c.cls.col))
            init = Scope(self.globals, instance)
            for stmt in c.cls.body:
                if isinstance(stmt, ir.Assign):
                    self.assign(stmt.target, self.value(stmt.value, init), init)
                elif isinstance(stmt, ir.Do) and isinstance(stmt.expr, ir.Call) and instance.library is not None:
                    self.value(stmt.expr, init)  # class macros: HTTParty's `base_uri …`, `basic_auth …`

    def instantiate(self, cls: ClassVal, args: list[object], named: dict[str, object], scope: Scope,
                    unknown: bool = False) -> Instance:
        building = self.building.get(cls.cls.name)
        if building is not None:  # a singleton (`static final Factory INSTANCE = new Factory()`): the one being made
            return building
        instance = Instance(cls)
        if not unknown:
            self.made.setdefault(cls.cls.name, instance)
        self.building[cls.cls.name] = instance
        try:
            self.init_fields(cls, instance)
            ctor = self.method(cls, "constructor", len(args) + len(named))
            if ctor is not None:
                if unknown:
                    self.alone(ctor, instance)
                else:
                    self.follow(ctor, args, named, instance)
        finally:
            del self.building[cls.cls.name]
        return instance

    # --- expressions ---------------------------------------------------------------------------

    def spend(self, n: int = 1) -> None:
        self.budget -= n
        if self.budget < 0:
            raise OutOfBudget

    def value(self, expr: ir.Expr | None, scope: Scope) -> object:
        self.spend()
        if expr is None:
            return None
        if isinstance(expr, ir.Const):
            return Value(expr.value) if isinstance(expr.value, str) else expr.value
        if isinstance(expr, ir.Name):
            return self.name(expr.name, scope)
        if isinstance(expr, ir.Attr):
            return self.attr(expr, scope)
        if isinstance(expr, ir.Index):
            return self.index(expr, scope)
        if isinstance(expr, ir.Call):
            return self.call(expr, scope)
        if isinstance(expr, ir.Concat):
            return concat(*(text_of(self.value(p, scope)) for p in expr.parts))
        if isinstance(expr, ir.Either):
            return either([self.value(o, scope) for o in expr.options])
        if isinstance(expr, ir.Dict):
            out: dict[str, object] = {}
            for k, v in expr.items:
                val = self.value(v, scope)
                if k is None:
                    if isinstance(val, dict):
                        out.update(val)
                    continue
                key = self.key(k, scope)
                if key is not None:
                    out[key] = val
            return out
        if isinstance(expr, ir.Seq):
            return tuple(self.value(i, scope) for i in expr.items)
        if isinstance(expr, ir.Func):
            self.closure(expr, scope)
            return FuncVal(expr, scope.this)
        return None

    def closure(self, func: ir.Func, scope: Scope) -> None:
        """A function written where a value goes (a callback, a handler, `.then(() => …)`): read on
        its own where it stands, seeing the names around it, its parameters unknown."""
        if self.closures >= MAX_CLOSURES:
            return
        inner = Scope(scope)
        for p in func.params:
            inner.vars[p] = Value(f"${{{p}}}")
        self.closures += 1
        try:
            self.hoist(func.body, inner)
            self.block(func.body, inner)
        finally:
            self.closures -= 1

    def key(self, expr: ir.Expr, scope: Scope) -> str | None:
        """A map key: a literal, or a name taken as written when it has no value (PHP's `CURLOPT_URL`)."""
        if isinstance(expr, ir.Const):
            return str(expr.value)
        if isinstance(expr, ir.Name):
            found, val = scope.get(expr.name)
            return val.text if found and isinstance(val, Value) else expr.name
        if isinstance(expr, ir.Attr) and not isinstance(expr.obj, ir.Call):
            return expr.name  # `HttpHeaders.AUTHORIZATION`, `:authorization`
        val = self.value(expr, scope)
        return val.text if isinstance(val, Value) and val.literal else None

    def name(self, name: str, scope: Scope) -> object:
        if name == "this":
            return scope.this
        found, val = scope.get(name)
        if found:
            return self.module(val.path) if isinstance(val, Module) else val
        if isinstance(scope.this, dict) and name in scope.this:  # a field named bare (Java, C#, Groovy)
            return scope.this[name]
        if isinstance(scope.this, Instance):  # a method without arguments named bare (Ruby's `conn.get(…)`)
            method = self.methods(scope.this.cls).get(name)
            if method is not None and not method.params:
                return self.follow(method, [], {}, scope.this)
        if name in self.lib.env_objects or any(o.startswith(name + ".") for o in self.lib.env_objects):
            return Module(name)  # `ENV`, and the head of `process.env`
        if name in self.lib.shared:  # a library used as a global (`axios` from a script tag)
            return self.module(name)
        return Value(f"${{{name}}}")

    def module(self, path: str) -> Module | Obj:
        """A module, or the library object it stands for (`axios`, whose defaults its calls share)."""
        make = self.lib.shared.get(path)
        if make is None:
            return Module(path)
        if path not in self.shared:
            self.shared[path] = Obj(make.kind, make.tool)
        return self.shared[path]

    def dotted(self, expr: ir.Expr, scope: Scope) -> str | None:
        """The canonical name an expression spells (`Net.HTTP.Get`, an import alias resolved)."""
        if isinstance(expr, ir.Name):
            found, val = scope.get(expr.name)
            if found:
                return val.path if isinstance(val, Module) else None
            return expr.name
        if isinstance(expr, ir.Attr):
            head = self.dotted(expr.obj, scope)
            return f"{head}.{expr.name}" if head else None
        return None

    def attr(self, expr: ir.Attr, scope: Scope) -> object:
        owner = self.value(expr.obj, scope)
        if expr.name in self.classes and not isinstance(owner, (dict, Obj, Module)):  # `Bitbucket::Client`, `App\Api`
            return self.classes[expr.name]
        if isinstance(owner, ClassVal):  # `Client::BASE`, `Client.API`: a constant of a class of the file
            owner = self.class_object(owner)
        if isinstance(owner, Module):
            path = f"{owner.path}.{expr.name}"
            if owner.path in self.lib.env_objects:
                return Value(f"${{{expr.name}}}")
            return self.module(path)
        if isinstance(owner, dict):
            if expr.name in owner:
                return owner[expr.name]
            if isinstance(owner, Instance):
                method = self.methods(owner.cls).get(expr.name)
                if method is not None:
                    return FuncVal(method, owner)
            if expr.name in self.lib.transparent:
                return owner
        if isinstance(owner, Obj):
            if expr.name in self.lib.header_views:
                self.header_owners[id(owner.headers)] = owner
                return owner.headers
            entry = self.lib.methods.get((owner.kind, expr.name))  # a getter read as a property (Groovy)
            if entry is not None:
                return self.apply(entry, owner, [], {}, (expr.line, expr.col))
            if expr.name in self.lib.transparent:
                return owner
            return None
        if isinstance(owner, Value) and owner.only_ref() is not None and expr.name in ("length", "size"):
            return None
        if isinstance(owner, Value):
            kept = string_method(owner, expr.name, [], {})  # `"${u}:${p}".bytes`
            if kept is not None:
                return kept
            if self.params and owner.text.startswith("${") and owner.text[2:-1] in self.params:
                # `opts.endpoint`, a destructured parameter's entry: what the caller says
                self.params = self.params | {expr.name}
        return self.field(expr.name)

    def field(self, name: str) -> Value:
        """A field of an object the file does not model, named after the field. In a file that asks
        the OAuth token endpoint for a grant, `json.access_token` is the grant's answer (RFC 6749's
        field): an OAuth access token, not a repository, project or workspace access token."""
        if self.granted and name in ("access_token", "accessToken", "refresh_token"):
            return Value("${oauth_" + name.removesuffix("_token").removesuffix("Token").lower() + "_token}")
        return Value(f"${{{name}}}")

    def index(self, expr: ir.Index, scope: Scope) -> object:
        owner = self.value(expr.obj, scope)
        key = self.key(expr.key, scope)
        if key is None:
            return None
        if isinstance(owner, Module) and owner.path in self.lib.env_objects:
            return Value(f"${{{key}}}")
        if isinstance(owner, dict):
            return owner.get(key, Value(f"${{{key}}}"))
        if isinstance(owner, tuple) and key.isdigit():
            return owner[int(key)] if int(key) < len(owner) else None
        if isinstance(owner, Obj):
            return owner.headers.get(key)
        return self.field(key)

    # --- calls ---------------------------------------------------------------------------------

    def call(self, expr: ir.Call, scope: Scope) -> object:
        result = self.invoke(expr, scope)
        if expr.block is not None:  # `Faraday.new(…) do |f| … end`: the block configures what the call made
            self.inline(expr.block, scope, result)
        return result

    def invoke(self, expr: ir.Call, scope: Scope) -> object:
        args = [self.value(a, scope) for a in expr.args]
        named = {k: self.value(v, scope) for k, v in expr.named.items()}
        func = expr.func
        at = (expr.line, expr.col)
        if expr.new and isinstance(func, ir.Attr):  # `new App\Api(…)`, `Bitbucket::Client.new(…)`
            made = self.value(func, scope)
            if isinstance(made, ClassVal):
                return self.instantiate(made, args, named, scope)
        if isinstance(func, ir.Name) and func.name == "super" and isinstance(scope.this, Instance):
            return self.super_init(scope.this, args, named, at)
        if isinstance(func, ir.Attr):
            static = self.dotted(func, scope)  # `System.getenv`, `URI.create`: a name the table knows
            entry = lookup(self.lib, static) if static else None
            if entry is not None:
                return self.apply(entry, None, args, named, at, new=expr.new)
            recv = self.value(func.obj, scope)
            method = func.name
            if isinstance(recv, ClassVal):  # a static method: `Client.get(…)`, `Api::call(…)`
                recv = self.class_object(recv)
            if isinstance(recv, Obj):
                entry = (self.lib.methods.get((recv.kind, method)) or self.lib.methods.get(("*", method))
                         or self.lib.methods.get((recv.kind, "*")))  # a builder's other setters return it
                if entry is not None:
                    return self.apply(entry, recv, args, named, at)
                if not args and method in self.lib.header_views:  # Ruby's `conn.headers[…] = …`
                    return recv.headers
                return None
            if isinstance(recv, Module):
                entry = lookup(self.lib, f"{recv.path}.{method}")
                if entry is not None:
                    return self.apply(entry, None, args, named, at, new=expr.new)
                if recv.path in self.lib.env_objects and method in ("get", "fetch", "getenv", "GetValue"):
                    first = args[0] if args else None
                    return Value(f"${{{first.text}}}") if isinstance(first, Value) and first.literal else None
                read_key = _key_read(method, args)  # `viper.GetString("bitbucket.password")`
                if read_key is not None:
                    return read_key
                path = f"{recv.path}.{method}"
                # a chain the table may know more of (`Foo.builder().build()`); else a value named after the call
                return Module(path) if path in _prefixes(self.lib) else _named_result(method)
            if isinstance(recv, Instance):
                member = self.method(recv.cls, method, len(args))
                if member is not None:
                    return _or_named(self.follow(member, args, named, recv, at), method)
                if not args and not named and method in recv:  # a field read as a call (Ruby's attr_reader)
                    return recv[method]
                inherited = self.inherited(recv, method)
                if inherited is not None:
                    return self.apply(inherited, recv.library, args, named, at)
            if not isinstance(recv, (Obj, Module, dict, FuncVal)) and not (
                    isinstance(func.obj, ir.Name) and func.obj.name == "super"):
                owner = self.only_definer(method)  # `getDescriptor().getBasicAuth()`: the one class that has it
                if owner is not None:
                    return _or_named(self.follow(self.method(owner, method, len(args)) or self.methods(owner)[method],
                                                 args, named, self.instance_of(owner),
                                                 at), method)
            if isinstance(recv, dict) and method in ("set", "append", "put", "Add", "add", "Set", "setdefault",
                                                     "TryAddWithoutValidation", "merge!", "store", "update"):
                if len(args) >= 2 and isinstance(args[0], Value):
                    recv[args[0].text] = args[1]
                elif len(args) == 1 and isinstance(args[0], dict):
                    recv.update(args[0])
                return recv
            if not isinstance(recv, dict) and method in _MERGES and any(isinstance(a, dict) for a in args):
                # `params.merge!(basic_auth)` on options the file does not show: what is merged in is known
                return merged([a for a in args if isinstance(a, dict)])
            if isinstance(recv, tuple) and method in ("join", "mkString"):  # `[base, "2.0", path].join("/")`
                sep = text_of(args[0]) if args else Value("")
                return concat(*(p for i, item in enumerate(recv) for p in ([sep] if i else []) + [text_of(item)]))
            entry = self.lib.methods.get(("*", method))
            if entry is not None and _worth_guessing(entry, args):
                return self.apply(entry, None, args, named, at)
            if isinstance(recv, Value):
                got = string_method(recv, method, args, named)
                if got is None and not recv.literal:  # `team.getPass()`, `form.getString("password")`
                    return self.by_name(method, args, at) or _getter_result(method, args)
                return got
            if isinstance(recv, FuncVal) and method in ("call", "apply"):
                return self.follow(recv.func, args[1:], named, recv.this, at)
            return self.by_name(method, args, at)
        if isinstance(func, ir.Name) and func.name == "super":  # a base class's constructor
            base = self.base_constructor()
            if base is not None and isinstance(scope.this, Instance):
                return self.follow(base, args, named, scope.this, at)
            return None
        target = self.value(func, scope) if isinstance(func, ir.Name) else None
        if isinstance(func, ir.Name) and isinstance(scope.this, Instance) and not isinstance(target, FuncVal):
            bound = self.method(scope.this.cls, func.name, len(args))  # a method of the class called bare
            if bound is not None:
                return _or_named(self.follow(bound, args, named, scope.this, at), func.name)
            inherited = self.inherited(scope.this, func.name)
            if inherited is not None:
                return self.apply(inherited, scope.this.library, args, named, at)
        if isinstance(target, FuncVal):
            return _or_named(self.follow(target.func, args, named, target.this, at), target.func.name)
        if isinstance(target, Obj):  # an axios instance called itself: `client({url, method})`
            entry = self.lib.methods.get((target.kind, "()"))
            return self.apply(entry, target, args, named, at) if entry is not None else None
        if isinstance(target, ClassVal):
            return self.instantiate(target, args, named, scope)
        name = self.dotted(func, scope)
        if name is not None:
            entry = lookup(self.lib, name)
            if entry is not None:
                return self.apply(entry, None, args, named, at, new=expr.new)
            if isinstance(target, Module):
                return target
        if isinstance(func, ir.Name):
            return self.by_name(func.name, args, at) or _getter_result(func.name, args)
        return Value(UNNAMED)

    def by_name(self, name: str, args: list[object], at: tuple[int, int]) -> object:
        """A function this file does not define (`makeRequest(url)`, `$this->api->get(…)` of a
        class elsewhere) given a Bitbucket API URL, whose name says it sends one: a call with
        what the file shows of it (its credential is set where the function is)."""
        self.handed(name, args, at)
        first = next((a for a in args if isinstance(a, Value)), None)
        if first is None or not _sends_by_name(name):
            return None
        url = self.bases.resolve(first.text)
        if "bitbucket.org" not in url[:64]:
            return None
        self.emit(Obj("request", name, url=Value(url), method=method_by_name(name)), at)
        return Obj("response", name)

    def handed(self, name: str, args: list[object], at: tuple[int, int]) -> None:
        """A credential the file builds (`new HttpBasicAuthenticator(user, password)`) handed to a
        Bitbucket client it does not define (`new BitbucketClient(auth)`): every call of that client
        carries it, so it is a request to Bitbucket's API with a path this file does not show,
        its credential reported where it was built."""
        if not _names_bitbucket(name):
            return
        for arg in args:
            if isinstance(arg, Obj) and arg.auth is not None and arg.kind == "auth":
                req = Obj("request", arg.tool or name, url=Value(f"${{{name}}}"), auth=arg.auth,
                          auth_at=arg.auth_at or arg.at, at=at)
                self.unplaced.append((req, at, self.caller, name, self.params))

    def inherited(self, instance: Instance, method: str) -> Entry | None:
        """A method a class of the file gets from the library class it extends or includes."""
        if instance.library is None:
            return None
        return self.lib.methods.get((instance.library.kind, method))

    def base_constructor(self) -> ir.Func | None:
        """The constructor `super(…)` calls: that of a base of the class whose method is running."""
        current = self.running[-1] if self.running else None
        owner = self.declarer(current) if current is not None else None
        if owner is None:
            return None
        base = next((self.classes[b] for b in owner.bases if b in self.classes), None)
        return self.methods(base).get("constructor") if base is not None else None

    def super_init(self, instance: Instance, args: list[object], named: dict[str, object],
                   at: tuple[int, int]) -> object:
        """`super(…)` in a constructor: the nearest base of this file with a constructor, given the values."""
        todo = [self.classes[b] for b in instance.cls.bases if b in self.classes]
        seen: set[str] = set()
        while todo:
            c = todo.pop(0)
            if c.cls.name in seen:
                continue
            seen.add(c.cls.name)
            ctor = c.methods.get("constructor")
            if ctor is not None:
                return self.follow(ctor, args, named, instance, at)
            todo += [self.classes[b] for b in c.bases if b in self.classes]
        return None

    def inline(self, block: ir.Func, scope: Scope, made: object) -> None:
        """A block passed to a call (`withCredentials(…) { … }`, `do |f| … end`): it runs there,
        its first parameter bound to the library object the call made, if any."""
        inner = Scope(scope)
        for i, p in enumerate(block.params):
            inner.vars[p] = made if i == 0 and isinstance(made, Obj) else Value(f"${{{p}}}")
        self.block(block.body, inner)

    def follow(self, func: ir.Func, args: list[object], named: dict[str, object], this: object,
               at: tuple[int, int] | None = None) -> object:
        """Call a function of this file with the caller's values. The same function called from
        the same place with the same values is read once: what it sends was recorded then, and a
        class whose methods call one another would otherwise be read again for every path to each.
        A function without parameters (a getter, a client factory: `getHttpClient()`) takes nothing
        from its caller, so it counts apart: MAX_DEPTH more of them, never one already being followed."""
        light = not func.params and not any(f is func for f in self.running)
        if self.depth >= MAX_DEPTH if not light else self.light >= MAX_DEPTH:
            return None
        key = (id(func), at, id(this), tuple(_key_of(a) for a in args),
               tuple(sorted((k, _key_of(v)) for k, v in named.items())))
        if key in self.followed:
            return self.followed[key][0]
        # the values are kept with the result: identities in the key must not be reused meanwhile
        self.followed[key] = (None, args, named, this)  # a function that reaches itself stops here
        result = self.enter(func, args, named, this, at, light)
        self.followed[key] = (result, args, named, this)
        return result

    def enter(self, func: ir.Func, args: list[object], named: dict[str, object], this: object,
              at: tuple[int, int] | None, light: bool) -> object:
        scope = Scope(self.globals, this)
        for i, p in enumerate(func.params):
            given = named.get(p, args[i] if i < len(args) else None)
            scope.vars[p] = given if given is not None else self.unknown_param(p, func.types.get(p))
        saved, saved_this = self.caller, self.this
        if at is not None and at[0] >= ELSEWHERE:  # a call inside another file's code: this file's site stands
            at = None
        # the innermost call site: where the path it is given is written; a call that only hands on
        # what its own function was given (`paginated(opts) { return this.request(opts) }`) writes none
        given_on = bool(args) and bool(self.received) and all(
            any(a is r for r in self.received[-1]) for a in args if a is not None)
        if at is not None and not given_on:
            self.caller = at
        if at is not None:
            self.chain.append(at)
        step = (0, 1) if light else (1, 0)
        self.depth, self.light = self.depth + step[0], self.light + step[1]
        self.this = this
        self.running.append(func)
        self.received.append([*args, *named.values()])
        try:
            self.hoist(func.body, scope)
            result = self.block(func.body, scope)
            if at is not None and at[0] >= FOREIGN > func.line and result is not None:
                ret = next((s for s in func.body if isinstance(s, ir.Return) and s.value is not None), func)
                self.from_here.append((result, (ret.line, ret.col)))
            return result
        finally:
            self.received.pop()
            self.running.pop()
            self.depth, self.light = self.depth - step[0], self.light - step[1]
            self.caller, self.this = saved, saved_this
            if at is not None:
                self.chain.pop()

    def apply(self, entry: Entry, recv: Obj | None, args: list[object], named: dict[str, object],
              at: tuple[int, int], new: bool = False) -> object:
        read = Reader(args, named, recv)
        if isinstance(entry, Builtin):
            return builtin(entry, read, recv)
        if isinstance(entry, Make):
            obj = Obj(entry.kind, entry.tool, at=at, here=entry.here)
            if recv is not None:  # `webClient.get()`: a request that starts from its client's defaults
                merge(obj, recv)
                obj.kind, obj.tool = entry.kind, entry.tool or recv.tool
            url = read.value(entry.url)
            if isinstance(url, Value):
                if entry.base:
                    obj.base = url
                else:
                    obj.url = url
            method = verb_of(read.value(entry.method))
            if method:
                obj.method = method
            self.take(obj, read, entry.options, entry.headers, entry.auth, at)
            then = self.lib.methods.get((entry.kind, entry.then)) if entry.then else None
            if isinstance(then, Set):
                self.configure(obj, then, read, at)
            if entry.scheme and obj.auth is not None:
                obj.auth = (Auth(entry.scheme), obj.auth[1], obj.auth[2])
            if entry.sends:
                self.pending.append(obj)
            return obj
        if isinstance(entry, Set):
            target = recv if entry.target == "this" else read.value(entry.target)
            if isinstance(target, Obj):
                self.configure(target, entry, read, at)
                return target
            return None
        return self.send(entry, recv, read, at)

    def authorized(self, headers: dict[str, object], at: tuple[int, int]) -> None:
        """A library object's header map given an Authorization at `at`
        (`axios.defaults.headers.common['Authorization'] = …`): its requests' credential is set there."""
        owner = self.header_owners.get(id(headers))
        if owner is not None and owner.headers is headers:
            owner.auth_at = at

    def take(self, obj: Obj, read: Reader, options: str, headers: str, auth: str, at: tuple[int, int]) -> None:
        """Fields an entry's arguments give an object."""
        before, placed = (obj.auth, obj.headers.get("Authorization")), obj.auth_at
        for opts in read.all(options):
            if isinstance(opts, dict):
                apply_options(obj, opts)
                if "auth" in opts or "password" in opts or _authorization(opts.get("headers")) is not None:
                    obj.auth_at = at  # its own credential, given here
            elif isinstance(opts, Obj):
                merge(obj, opts)
        given = read.value(headers)
        if isinstance(given, dict):
            obj.headers.update(given)
        elif isinstance(given, tuple):
            obj.headers.update(header_lines(given))
        pair = basic_of(read.value(auth)) if auth else None
        if pair is not None:
            obj.auth = pair
        if (obj.auth, obj.headers.get("Authorization")) != before and obj.auth_at == placed:
            obj.auth_at = at  # set here, not carried in from an object that says where it was set

    def configure(self, obj: Obj, entry: Set, read: Reader | dict[str, object], at: tuple[int, int]) -> None:
        """Apply a setter; where it gives the object its credential is where that credential is set."""
        get = read.value if isinstance(read, Reader) else read.get
        before = (obj.auth, _authorization(obj.headers))
        self.set_field(obj, entry.field, entry, get, get(entry.value), read)
        if entry.field in _AUTH_FIELDS or (obj.auth, _authorization(obj.headers)) != before:
            obj.auth_at = at

    def set_field(self, obj: Obj, f: str, entry: Set, get: Callable[[str], object], value: object,
                  read: Reader | dict[str, object]) -> None:
        if f == "option":
            name = get(entry.key)
            f = self.lib.options.get(_option_name(name), "")
            if f == "headers" and isinstance(value, tuple):
                obj.headers.update(header_lines(value))
                return
        if f == "options" and isinstance(value, dict):  # `curl_setopt_array($ch, [CURLOPT_URL => …])`
            for key, val in value.items():
                if key in self.lib.options:
                    one: dict[str, object] = {"k": Value(key), "v": val}
                    self.set_field(obj, "option", Set("option", key="k", value="v"), one.get, val, one)
                else:
                    apply_options(obj, {key: val})
            return
        if f == "scheme_args" and isinstance(read, Reader):
            pair = scheme_args(read.args)
            if pair is not None:
                obj.auth = pair
            return
        if f == "post":
            obj.method = obj.method or ("POST" if not falsy(value) else "")
        elif f == "url" and isinstance(value, Value):
            obj.url = value
        elif f == "path" and isinstance(value, Value):  # a segment appended: JAX-RS's `target.path("/2.0/…")`
            obj.url = Value(join_url(obj.url.text, value.text)) if obj.url is not None else value
        elif f == "base" and isinstance(value, Value):
            obj.base = value
        elif f == "method":
            obj.method = verb_of(value) or obj.method  # "POST", HttpMethod.POST, http.MethodPost
        elif f == "header":
            key = get(entry.key)
            if isinstance(key, Value):
                obj.headers[key.text] = value
            elif isinstance(key, dict):  # `.set({Authorization: …})`
                obj.headers.update(key)
        elif f == "params" and isinstance(value, dict):
            obj.params.update(value)
        elif f == "headers" and isinstance(value, dict):
            obj.headers.update(value)
        elif f in ("basic", "digest"):
            user = get(entry.key)
            obj.auth = (Auth.BASIC if f == "basic" else Auth.DIGEST, user if isinstance(user, Value) else None,
                        value if isinstance(value, Value) else None)
        elif f == "scheme":
            named = value.path if isinstance(value, Module) else value.text if isinstance(value, Value) else ""
            if "DIGEST" in named.upper():
                obj.scheme = Auth.DIGEST
        elif f in ("userinfo", "auth"):
            pair = basic_of(value) if value is not None else None
            if pair is not None:
                obj.auth = pair
        elif f == "authobj" and isinstance(value, (Obj, tuple)):
            # an authenticator object (RestSharp's `Authenticator`, .NET's `Credentials`): only one the
            # file builds says a scheme; one it is handed (`IAuthenticator a`) or an OAuth 1 signer says none
            pair = basic_of(value)
            if pair is not None:
                obj.auth = pair
        elif f == "bearer" and isinstance(value, Value):
            obj.auth = (Auth.BEARER, None, value)
        elif f == "authorization" and isinstance(value, Value):
            obj.headers["Authorization"] = value
        elif f == "insecure":  # a flag, a callback that accepts every certificate, a TLS config that skips checks
            obj.insecure = obj.insecure or _turns_tls_off("insecure", value)
        elif f == "secure":
            obj.insecure = obj.insecure or falsy(value)

    def send(self, entry: Send, recv: Obj | None, read: Reader, at: tuple[int, int]) -> object:
        if entry.needs and next(read.all(entry.needs), None) is None:
            return None
        obj = Obj("request", entry.tool, at=at)
        if recv is not None:
            if recv.sent:  # `conn.getResponseCode()` after `conn.getInputStream()`: one request
                return Obj("response", entry.tool)
            merge(obj, recv)
            if not recv.kind.endswith("client"):
                recv.sent = True
        given = read.value(entry.request)
        if isinstance(given, Obj):
            merge(obj, given)
            given.sent = True
        url = next((u for u in read.all(entry.url) if isinstance(u, (Value, Obj))), None)
        if isinstance(url, Value):
            obj.url = url
        elif isinstance(url, Obj):  # `fetch(new Request(…))`, `http.request(uri)`
            merge(obj, url)
            url.sent = True
        body = read.value(entry.body)
        if isinstance(body, Value):
            obj.body = body
        method = verb_of(read.value(entry.method))
        if method:
            obj.method = method
        self.take(obj, read, entry.options, entry.headers, entry.auth, at)
        self.emit(obj, at)
        return Obj("response", entry.tool)

    def emit(self, obj: Obj, at: tuple[int, int], placed: bool = False) -> None:
        url = obj.url.text if obj.url is not None else ""
        self.sent_urls.add(url)
        if obj.base is not None:
            url = join_url(obj.base.text, url)
        if not url:
            return
        url = self.bases.resolve(url)
        headers: dict[str, Value] = {}
        for k, v in obj.headers.items():
            v = v[0] if isinstance(v, tuple) and len(v) == 1 else v  # Go's http.Header holds lists
            if isinstance(v, Value):
                headers[k] = v
        if obj.scheme is not None and obj.auth is not None:
            obj.auth = (obj.scheme, obj.auth[1], obj.auth[2])
        if obj.here:  # reported where the object was made, its credential where it was set
            at = obj.at
        site = self.caller or at
        if site[0] >= ELSEWHERE:
            return  # another file's request, made there: that file reports it
        if (obj.auth_at is not None and obj.auth_at[0] >= ELSEWHERE) or (
                obj.auth_at is None and obj.auth is not None and obj.at[0] >= ELSEWHERE):
            # its credential is set in another file, which reports it: here it is only the call
            obj = dataclasses.replace(obj, auth=None, scheme=None, auth_at=None, headers={
                k: v for k, v in obj.headers.items() if k.lower() != "authorization"})
        mine = None  # a credential this file's code gave a base class's request (from another file)
        if site[0] >= FOREIGN or at[0] >= FOREIGN:
            mine = self.given_here(obj)
        if site[0] >= FOREIGN:  # sent by a base class from another file: at this file's innermost call
            site = next((c for c in reversed(self.chain) if c[0] < FOREIGN), (0, 0))
            if site[0] == 0:
                if mine is None:
                    return  # the base's own request, reported in its own file
                site, placed = mine, True  # sent by the base; the credential is this file's
        method = obj.method.strip("'\"").upper() or "GET"
        params = {k: v.text for k, v in obj.params.items() if isinstance(v, Value)}
        call = request_call(obj.tool, "" if placed or endpoint_unseen(url) else method if method.isalpha() else "GET",
                            url, site[0], site[1], auth=obj.auth, headers=headers, params=params,
                            insecure=obj.insecure, commented=self.commented,
                            body=obj.body.text if obj.body is not None else "")
        if call is None:
            if not placed and (obj.auth is not None or "Authorization" in headers) and url.startswith("${"):
                owner = self.this.cls.cls.name if isinstance(self.this, Instance) else ""
                self.unplaced.append((obj, at, self.caller, owner, self.params))
            return
        if "/site/oauth2/access_token" in call.url:
            self.granted = True
        if obj.auth is not None and call.host.startswith("api."):
            self.hosts.setdefault(repr(obj.auth), f"https://{call.host}/")
        if obj.auth_at is not None and obj.auth_at != site:
            call.auth_line, call.auth_column = obj.auth_at
        elif site != at:
            call.auth_line, call.auth_column = at
        if call.auth_line >= FOREIGN:  # set in a base class of another file: reported there, unless this file made it
            call.auth_line, call.auth_column = mine if mine is not None and mine != site else (-1, 0)
            if mine == site:
                call.auth_line, call.auth_column = 0, 0
        self.found.append(Found(call, at, self.params if self.caller is None else frozenset(), tuple(self.chain)))

    def unsent(self) -> None:
        """A request built with a credential and kept in a local name that nothing in the file sends
        or hands back (a fragment, a request passed to a sender defined elsewhere): its credential
        is used there, so it is reported where it was built."""
        for obj, params in self.built:
            if obj.sent or id(obj) in self.escaped or obj.url is None or obj.url.text in self.sent_urls:
                continue
            if obj.auth is None and _authorization(obj.headers) is None:
                continue
            obj.sent = True
            self.sent_urls.add(obj.url.text)
            saved, self.params = self.params, params
            try:
                self.emit(obj, obj.at)
            finally:
                self.params = saved

    def given_here(self, obj: Obj) -> tuple[int, int] | None:
        """Where this file's code returned the credential a base class's request carries (an
        overridden `authorizationHeader()` the base calls), if it did."""
        secret = obj.auth[2] if obj.auth is not None else _authorization(obj.headers)
        return next((at for value, at in self.from_here if value is secret and secret is not None), None)

    def place_unresolved(self) -> None:
        """A request whose whole URL comes from elsewhere (`client.get(next_page, auth)`) goes where
        the same credential went in this file: to that Bitbucket API host; or, in a client
        whose class, file or credential is named after Bitbucket (`BitbucketClient`,
        `config('bitbucket.password')`), to Bitbucket Cloud's API. Its path is unknown, so only
        the rules about the credential apply; unless only its base is unknown and its path names
        an API collection (`${apiBase}/teams/{account}/projects/` in `BitbucketRestClient`)."""
        pending, self.unplaced = self.unplaced, []  # placing one never queues it again
        for obj, at, caller, owner, params in pending:
            saved_params, self.params = self.params, params  # a wrapper read alone is still one
            if obj.url is not None and _for_bitbucket(obj, owner, self.path):
                # `${apiBase}/teams/{account}/projects/` in a client named after Bitbucket: its path is known
                full = join_url(obj.base.text, obj.url.text) if obj.base is not None else obj.url.text
                resolved = self.bases.resolve(full, named=True)
                if "://" in resolved[:64]:
                    saved, self.caller = self.caller, caller
                    obj.url, obj.base = Value(resolved), None
                    self.emit(obj, at)
                    self.caller, self.params = saved, saved_params
                    continue
            base = self.hosts.get(repr(obj.auth))
            if base is None and obj.url is not None and _for_bitbucket(obj, owner, self.path):
                base = CLOUD_API + "/"
            if base is not None and obj.url is not None:
                saved, self.caller = self.caller, caller
                obj.url, obj.base = Value(base + obj.url.text), None
                self.emit(obj, at, placed=True)
                self.caller = saved
            self.params = saved_params

    def calls(self) -> list[ApiCall]:
        """Each call once. A wrapper (a function whose URL path starts with a parameter, `get(path)`)
        is reported where its callers make it, with their paths; a function that builds its own
        URL is reported once, where it sends, however many callers it has."""
        wrappers: set[tuple[int, int]] = set()
        complete: set[tuple[int, int]] = set()
        for f in self.found:
            if (f.call.line, f.call.column) == f.site:
                (wrappers if _led_by(f.call.url, f.params) else complete).add(f.site)
        followed = {f.site for f in self.found if (f.call.line, f.call.column) != f.site}
        # the same request reached through a shorter chain of calls with nothing more known: an entry
        # point (`main()`, `if __name__ == "__main__": run(sys.argv[1])`) adds no call of its own
        reached = {(f.site, f.chain, _unknowns_blank(f.call)) for f in self.found}
        alone = {(f.site, f.call.method, f.call.url, f.call.credential) for f in self.found
                 if (f.call.line, f.call.column) == f.site}
        out: dict[tuple[object, ...], ApiCall] = {}
        for f in self.found:
            if (f.call.line, f.call.column) == f.site:
                if f.site in wrappers and f.site in followed and _led_by(f.call.url, f.params):
                    continue
            elif f.site in complete:
                continue
            if any((f.site, f.chain[k:], _unknowns_blank(f.call)) in reached for k in range(1, len(f.chain))):
                continue
            shape = (f.site, f.call.method, f.call.url, f.call.credential)
            if (f.call.line, f.call.column) != f.site and shape in alone:
                continue  # a caller that gives the function nothing it did not have on its own
            key = (f.call.line, f.call.column, f.call.method, f.call.url, f.call.credential)
            out.setdefault(key, f.call)
        return sorted(out.values(), key=lambda c: (c.line, c.column))


#: what a callee's name says, asked for every call of a file the evaluator cannot resolve: remembered
_sends_by_name = lru_cache(maxsize=16384)(sends_by_name)
_names_bitbucket = lru_cache(maxsize=16384)(names_bitbucket)

#: Methods that merge maps into their receiver or a copy of it (Ruby's `merge!`, Python's `update`).
_MERGES = frozenset(("merge", "merge!", "deep_merge", "deep_merge!", "reverse_merge", "reverse_merge!", "update"))


_LOOKED_UP: dict[int, dict[str, Entry | None]] = {}
_LOOKED_UP_MAX = 50_000  # names remembered per table


def lookup(lib: Library, name: str) -> Entry | None:
    """A callee in the table by its full name, else without its package (`java.net.http.HttpRequest.newBuilder`
    is `HttpRequest.newBuilder`; `GuzzleHttp.Client` stays whole when the table has it so). Remembered per
    table: every call of a file asks, most for the same few names."""
    memo = _LOOKED_UP.setdefault(id(lib), {})
    if name in memo:
        return memo[name]
    if len(memo) >= _LOOKED_UP_MAX:
        memo.clear()
    entry = memo[name] = _lookup(lib, name)
    return entry


def _lookup(lib: Library, name: str) -> Entry | None:
    entry = lib.calls.get(name)
    if entry is None and "." in name:
        parts = name.split(".")
        first = next((i for i, p in enumerate(parts) if p[:1].isupper()), 0)
        if first:
            entry = lib.calls.get(".".join(parts[first:]))
        elif parts[0][:1].isupper():  # C#'s capitalised namespaces: `System.Text.Encoding.UTF8.GetBytes`
            entry = next((e for i in range(1, len(parts) - 1)
                          if (e := lib.calls.get(".".join(parts[i:]))) is not None), None)
    return entry


_PREFIXES: dict[int, frozenset[str]] = {}


def _prefixes(lib: Library) -> frozenset[str]:
    """Every dotted name that starts a callee of the table (`Unirest`, `HttpRequest`, `axios`)."""
    got = _PREFIXES.get(id(lib))
    if got is None:
        parts = {".".join(name.split(".")[:i]) for name in lib.calls for i in range(1, name.count(".") + 1)}
        got = _PREFIXES[id(lib)] = frozenset(parts)
    return got


def _worth_guessing(entry: Entry, args: list[object]) -> bool:
    """A verb on a receiver the file does not show (an injected client): read only when it is
    given a Bitbucket URL or a request object built in the file."""
    if not isinstance(entry, Send) or not args:
        return False
    first = args[0]
    return isinstance(first, Obj) or (isinstance(first, Value) and "bitbucket" in first.text.lower())


def _for_bitbucket(obj: Obj, owner: str, path: str) -> bool:
    """Whether a client's own names say it talks to Bitbucket: its class, its file, or the
    credential or user it sends."""
    auth = obj.auth or (None, None, obj.headers.get("Authorization"))
    names = [owner, path.rsplit("/", 2)[-2] if "/" in path else "", path.rsplit("/", 1)[-1]]
    names += [v.text for v in auth[1:] if isinstance(v, Value)]
    if isinstance(auth[2], Encoded):
        names.append(auth[2].plain)
    return any(names_bitbucket(n) for n in names if n)


def _led_by(url: str, params: frozenset[str]) -> bool:
    """Whether a URL's path (after the host and the API version) starts with one of `params`:
    a wrapper whose callers say which endpoint it calls."""
    if not params:
        return False
    rest = re.sub(r"^[a-z]+://[^/]*/(?:!?api/)?(?:[12]\.0/?)?", "", url)
    m = re.match(r"/*\$\{(\w+)\}", rest)
    if m is not None and m.group(1) in params:
        return True
    tail = re.search(r"/\$\{(\w+)\}$", url.split("?", 1)[0])  # `…/repositories/{ws}/{repo}/${urlPath}`
    return tail is not None and tail.group(1) in params and re.search(
        r"path|url|uri|endpoint|resource|route", tail.group(1), re.IGNORECASE) is not None


def _key_of(value: object) -> object:
    """What tells two arguments apart for `follow`'s memo: a string by its text, anything else by identity."""
    if isinstance(value, Value):
        return (type(value).__name__, value.text, getattr(value, "plain", ""))
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return id(value)


def _or_named(result: object, name: str) -> object:
    """A function's result, or what it is named after when the file cannot tell (`getToken()`)."""
    return _named_result(name) if result is None and name else result


def _getter_result(method: str, args: list[object]) -> Value:
    """What a method of an object the file does not model returns: named after the key it reads
    (`props.getProperty("bitbucket.password")` is `${bitbucket_password}`), else after itself."""
    return _key_read(method, args) or _named_result(method)


def _key_read(method: str, args: list[object]) -> Value | None:
    """A read of configuration by a literal key, named after the key; None for anything else."""
    first = args[0] if args else None
    if isinstance(first, Value) and first.literal and _READS_A_KEY.match(method):
        name = name_from_literal(first.text)
        return _named_result(name) if name else None
    return None


#: Functions and methods that read a value by its key: `config('bitbucket.password')`,
#: `settings.get("BB_TOKEN")`, `props.getProperty(…)`, `vault.secret(…)`.
_READS_A_KEY = re.compile(r"(?i)^(?:get|fetch|read|lookup|opt|prop|config|conf|env|setting|secret|credential|param|"
                          r"var|value|\[\])")



def _unknowns_blank(call: ApiCall) -> str:
    """A request with what stays unknown blanked: the same request whichever names its unknowns carry."""
    return re.sub(r"\$\{[^}]*\}", "${}", f"{call.method} {call.url} {call.auth} {call.credential or ''}")


@dataclass(frozen=True)
class CallResult(Value):
    """What an unknown call returns, named after the function (`getPassword()` is `${getPassword}`)."""


def _named_result(name: str) -> Value:
    """What an unknown function of the user's returns: named after it (`getPassword()` is
    `${getPassword}`) so that a credential's name still types it; stored in a variable whose
    name says more (`const pass = await rl.question(…)`), it is named after the variable."""
    return CallResult(f"${{{name}}}")


def _stored(name: str, value: Value) -> Value:
    if isinstance(value, CallResult):
        ref = value.only_ref() or ""
        if kind_from_name(ref) == CredentialKind.UNKNOWN and kind_from_name(name) != CredentialKind.UNKNOWN:
            return Value(f"${{{name}}}")
        return value
    return named_better(name, value)


class Reader:
    """Reads an entry's paths from a call's arguments."""

    def __init__(self, args: list[object], named: dict[str, object], recv: object) -> None:
        self.args, self.named, self.recv = args, named, recv

    def value(self, path: str) -> object:
        return next(iter(self.all(path)), None)

    def all(self, paths: str) -> Iterator[object]:
        for path in paths.split("|") if paths else ():
            got = self.one(path)
            if got is not None:
                yield got

    def one(self, path: str) -> object:
        if path.startswith("'"):
            return Value(path.strip("'"))
        head, *keys = path.split(".")
        val: object
        if head.isdigit():
            i = int(head)
            val = self.args[i] if i < len(self.args) else None
        elif head == "named":
            val = self.named or None
        elif head == "*":
            val = tuple(self.args) or None
        elif head == "this":
            val = self.recv
        else:
            val = self.named.get(head)
        for k in keys:
            val = val.get(k) if isinstance(val, dict) else None
        return val


def verb_of(val: object) -> str:
    """An HTTP method as code names it: a literal (`"POST"`), or a library constant (`HttpMethod.Post`,
    Go's `http.MethodPost`, RestSharp's `Method.POST`)."""
    if isinstance(val, Value) and val.literal and val.text.strip("'\"").isalpha():
        return val.text
    ref = val.only_ref() if isinstance(val, Value) else None
    if ref is not None and ref[:1].isupper() and ref.upper() in _HTTP_METHODS:
        return ref  # `Method.Post`, `HttpMethod.Post` of a namespace the file imports whole
    if isinstance(val, Module):
        name = val.path.rsplit(".", 1)[-1]
        bare = name.removeprefix("Method")
        return bare if bare.upper() in _HTTP_METHODS else name
    return ""


_HTTP_METHODS = frozenset(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"))


def text_of(val: object) -> Value:
    if isinstance(val, Value):
        return val
    if isinstance(val, bool):
        return Value("true" if val else "false")
    if isinstance(val, (int, float)):
        return Value(str(val))
    return Value(UNNAMED)


def either(options: list[object]) -> object:
    """One value of several (`a || b`, a ternary): a URL over a bare name, a string over nothing."""
    texts = [o for o in options if isinstance(o, Value)]
    if not texts:
        return next((o for o in options if o is not None), None)
    urls = [t for t in texts if "://" in t.text]
    if urls:  # Bitbucket's first: the other may be another service's (`… : https://${site}.atlassian.net`)
        return next((u for u in urls if "bitbucket" in u.text.lower()), urls[0])
    built = [t for t in texts if t.only_ref() is None]
    return built[0] if len(built) == 1 else texts[0]


def truthy(val: object) -> bool:
    return val is True or (isinstance(val, Value) and val.text.lower() in ("true", "1"))


def falsy(val: object) -> bool:
    return val is False or val == 0 or (isinstance(val, Value) and (
        val.text.lower() in ("false", "0") or "VERIFY_NONE" in val.text)) or (
        isinstance(val, Module) and "VERIFY_NONE" in val.path)


def merge(into: Obj, src: Obj) -> None:
    into.tool = src.tool if into.kind == "request" and src.tool else into.tool
    into.url = src.url or into.url
    into.base = src.base or into.base
    into.method = src.method or into.method
    into.headers = {**into.headers, **src.headers}
    into.params = {**into.params, **src.params}
    into.body = src.body or into.body
    if src.auth is not None or _authorization(src.headers) is not None:
        into.auth_at = src.auth_at or into.auth_at
    into.auth = src.auth or into.auth
    into.scheme = src.scheme or into.scheme
    into.insecure = into.insecure or src.insecure
    if src.here:
        into.here, into.at = True, src.at
    into.auth_at = src.auth_at or into.auth_at


def _authorization(headers: object) -> object:
    if not isinstance(headers, dict):
        return None
    return next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == "authorization"), None)


def apply_options(obj: Obj, opts: dict[str, object]) -> None:
    """An options map read with the keys every library shares (KEYS)."""
    user = next((v for k, v in opts.items() if KEYS.get(k) == "user"), None)
    host = next((v for k, v in opts.items() if KEYS.get(k) == "host"), None)
    if isinstance(host, Value) and (obj.url is None or obj.url.text.endswith("://")):
        # Node's `{protocol, host, port, path}`: a URL with no scheme of its own takes the library's
        protocol = opts.get("protocol")
        scheme = (protocol.text.rstrip(":/") + "://" if isinstance(protocol, Value) and protocol.literal
                  else obj.url.text if obj.url is not None else "https://")
        port = opts.get("port")
        path = opts.get("path")
        obj.url = concat(Value(scheme), host, Value(f":{port}") if isinstance(port, int) else Value(""),
                         path if isinstance(path, Value) else Value("/"))
    for key, val in opts.items():
        what = KEYS.get(key)
        if what == "url" and isinstance(val, Value):
            obj.url = val
        elif what == "params" and isinstance(val, dict):
            obj.params.update(val)
        elif what == "body" and isinstance(val, Value):
            obj.body = val
        elif what == "base" and isinstance(val, Value):
            obj.base = val
        elif what == "method" and verb_of(val):
            obj.method = verb_of(val)
        elif what == "headers":
            if isinstance(val, dict):
                obj.headers.update(val)
            elif isinstance(val, tuple):
                obj.headers.update(header_lines(val))
            elif isinstance(val, Value):  # PHP's stream context: "Authorization: Basic …\r\nAccept: …"
                obj.headers.update(header_lines(tuple(_lines(val))))
        elif what in ("auth", "digest"):
            pair = basic_of(val)
            if pair is not None:
                obj.auth = (Auth.DIGEST, pair[1], pair[2]) if what == "digest" else pair
        elif what == "password" and isinstance(val, Value):
            obj.auth = (Auth.BASIC, user if isinstance(user, Value) else None, val)
        elif what == "bearer" and isinstance(val, Value):
            obj.auth = (Auth.BEARER, None, val)
        elif _turns_tls_off(what, val):
            obj.insecure = True
        elif isinstance(val, dict) and key in ("https", "tls", "ssl", "httpsAgent", "agentOptions", "defaults"):
            apply_options(obj, val)


def _turns_tls_off(what: str | None, val: object) -> bool:
    """`verify: false`, `insecure: true`, a certificate callback that accepts all, an agent that skips checks."""
    return ((what == "secure" and falsy(val))
            or (what == "insecure" and (truthy(val) or isinstance(val, (FuncVal, Module))))
            or (isinstance(val, Obj) and val.insecure))


def basic_of(val: object) -> AuthTriple | None:
    """Basic credentials as libraries take them: a pair, a {user, password} map, `user:secret`,
    or a Jenkins credentials id (a literal with no colon: the id is all the file shows)."""
    if isinstance(val, tuple) and len(val) >= 4 and isinstance(val[3], Value):
        return Auth.BEARER, None, val[3]  # request's `.auth(user, pass, sendImmediately, bearer)`
    if isinstance(val, tuple) and len(val) >= 2 and isinstance(val[1], dict) and isinstance(val[0], Value):
        kind = val[1].get("type")  # superagent's `.auth(token, {type: 'bearer'})`
        if isinstance(kind, Value) and kind.text.lower() == "bearer":
            return Auth.BEARER, None, val[0]
    if isinstance(val, tuple) and len(val) >= 2:
        user, secret = val[0], val[1]
        scheme = val[2] if len(val) >= 3 else None  # Guzzle's `[$user, $password, 'digest']`
        digest = isinstance(scheme, Value) and scheme.text.lower() == "digest"
        return (Auth.DIGEST if digest else Auth.BASIC, user if isinstance(user, Value) else None,
                secret if isinstance(secret, Value) else None)
    if isinstance(val, dict):
        user = next((v for k, v in val.items() if KEYS.get(k) == "user"), None)
        secret = next((v for k, v in val.items() if KEYS.get(k) == "password"), None)
        token = val.get("token") or next((v for k, v in val.items() if KEYS.get(k) == "bearer"), None)
        if isinstance(secret, Value):
            return Auth.BASIC, user if isinstance(user, Value) else None, secret
        if isinstance(token, Value):
            return Auth.BEARER, None, token
        return None
    if isinstance(val, Value) and val.text:
        if ":" in val.text or not val.literal:
            user_part, secret_part = userinfo(val.text)
            if secret_part is None:
                return Auth.BASIC, None, user_part
            return Auth.BASIC, user_part, secret_part
        ident = name_from_literal(val.text)  # a credentials id: all the file shows of the credential
        return Auth.BASIC, None, Value(f"${{{ident}}}" if ident else UNNAMED)
    if isinstance(val, Obj) and val.auth is not None:
        return val.auth
    return None


def header_lines(lines: tuple[object, ...]) -> dict[str, object]:
    """Headers as `Name: value` strings (PHP's CURLOPT_HTTPHEADER, Java's `headers(k, v, …)` pairs)."""
    out: dict[str, object] = {}
    for line in lines:
        if isinstance(line, dict) and isinstance(line.get("name"), Value) and "value" in line:
            out[line["name"].text] = line["value"]  # Jenkins `customHeaders: [[name: …, value: …]]`
        elif isinstance(line, Value) and ":" in line.text:
            name, _, rest = line.text.partition(":")
            if re.fullmatch(r"[\w-]+", name.strip()):
                out[name.strip()] = _rest(line, rest)
    return out


def _rest(line: Value, rest: str) -> Value:
    if isinstance(line, Encoded):
        return Encoded(rest.strip(), line.plain)
    return Value(rest.strip())


def builtin(entry: Builtin, read: Reader, recv: object) -> object:
    first = read.value("0")
    subject = first if first is not None else recv
    does = entry.does
    if does == "module":
        return Module(entry.name)
    if does == "env":
        return Value(f"${{{first.text}}}") if isinstance(first, Value) and first.literal else Value(UNNAMED)
    if does == "base64":
        return base64_of(subject) if isinstance(subject, Value) else Value(UNNAMED)
    if does == "basic":
        user, secret = read.value("0"), read.value("1")
        if isinstance(user, Value) and isinstance(secret, Value):
            plain = concat(user, Value(":"), secret)
            encoded = base64_of(plain)
            return Encoded("Basic " + encoded.text, plain.text)
        return Value(UNNAMED)
    if does == "format":
        if isinstance(first, Value):
            return printf(first, read.args[1:])
        return Value(UNNAMED)
    if does == "percent":
        from tokenlint.parsers.python import percent  # `%` semantics live with the Python front end

        right = read.value("1")
        if isinstance(first, Value):
            return percent(first, right, UNNAMED[2:-1]) or Value(UNNAMED)
        return Value(UNNAMED)
    if does == "join":
        base, path = read.value("0"), read.value("1")
        if isinstance(base, Value) and isinstance(path, Value):
            return Value(join_url(base.text, path.text))
        return base if isinstance(base, Value) else Value(UNNAMED)
    if does == "same":
        if isinstance(subject, Obj):  # `builder.build()`: what is built stays as it was when built
            return dataclasses.replace(subject, headers=dict(subject.headers))
        return subject if subject is not None else Value(UNNAMED)
    if does == "url":
        path, base = read.value("0"), read.value("1")
        if isinstance(path, Value) and isinstance(base, Value) and "://" not in path.text[:16]:
            return Value(join_url(base.text, path.text))
        return path if isinstance(path, Value) else Value(UNNAMED)
    if does == "map":
        return dict(first) if isinstance(first, dict) else {}
    if does == "import":
        if isinstance(first, Value) and first.literal and first.text and not first.text.startswith((".", "/")):
            return Module(first.text)
        return None
    if does == "header":  # an Authorization value from scheme and parameter: `AuthenticationHeaderValue("Basic", b)`
        scheme, param = read.value("0"), read.value("1")
        if isinstance(scheme, Value) and isinstance(param, Value):
            return concat(scheme, Value(" "), param)
        return scheme if isinstance(scheme, Value) else Value(UNNAMED)
    if does == "merge":
        return merged(read.args)
    return None


def merged(parts: list[object]) -> object:
    """Arrays or maps joined (`array_merge($headers, ['Authorization: …'])`): lists in order, maps
    with later keys winning; a map wins over a list when both are given."""
    maps = [p for p in parts if isinstance(p, dict)]
    if maps:
        out: dict[str, object] = {}
        for m in maps:
            out.update(m)
        return out
    return tuple(item for p in parts if isinstance(p, tuple) for item in p)


def _option_name(name: object) -> str:
    """An option constant as written: `CURLOPT_URL` is read as the unresolved `${CURLOPT_URL}`."""
    if isinstance(name, Value):
        return name.only_ref() or name.text
    return name.path.rsplit(".", 1)[-1] if isinstance(name, Module) else ""


def _lines(val: Value) -> list[Value]:
    """Header lines of one string; the Authorization line keeps what an encoded value encodes."""
    if "\n" not in val.text:
        return [val]
    lines = [line for line in val.text.splitlines() if line.strip()]
    if isinstance(val, Encoded):
        return [Encoded(line, val.plain) if line.lower().startswith("authorization") else Value(line) for line in lines]
    return [Value(line) for line in lines]


def scheme_args(args: list[object]) -> AuthTriple | None:
    """A scheme named among the arguments, then its credentials: Faraday's `request
    :authorization, :basic, user, secret`, `request :basic_auth, user, secret`, `authorization
    :Bearer, token`."""
    words = [a.text.lower() if isinstance(a, Value) and a.literal else "" for a in args]
    i = 0
    while i < len(words) and words[i] in ("authorization", "auth"):
        i += 1
    if i >= len(words):
        return None
    scheme, rest = words[i], [a for a in args[i + 1:]]
    creds = [a if isinstance(a, Value) else None for a in rest]
    if scheme in ("basic", "basic_auth") and len(creds) >= 2:
        return Auth.BASIC, creds[0], creds[1]
    if scheme in ("basic", "basic_auth") and creds:
        return basic_of(rest[0])
    if scheme in ("digest", "digest_auth") and len(creds) >= 2:
        return Auth.DIGEST, creds[0], creds[1]
    if scheme in ("bearer", "token", "token_auth", "oauth2") and creds and creds[0] is not None:
        return Auth.BEARER, None, creds[0]
    return None


_PRINTF = re.compile(r"%(?:\d+\$)?[-#0 +]*\d*(?:\.\d+)?([sdvqifxXb%])|\{(\d*)\}")


def printf(fmt: Value, args: list[object]) -> Value:
    """`String.format`, `sprintf`, `fmt.Sprintf`, C#'s `string.Format` with `{0}`."""
    n = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal n
        if m.group(1) == "%":
            return "%"
        i = int(m.group(2)) if m.group(2) else n
        n += 1
        return text_of(args[i]).text if i < len(args) else UNNAMED

    return Value(_PRINTF.sub(sub, fmt.text))


def string_method(recv: Value, method: str, args: list[object], named: dict[str, object]) -> object:
    """What a method of a string returns, as far as a URL or credential goes."""
    if method in ("format", "formatted") and (args or named):
        if "{" in recv.text and "%" not in recv.text:
            from tokenlint.parsers.python import format_  # the `{}` semantics live with the Python front end

            values = [text_of(a) for a in args]
            return format_(recv, values, {k: text_of(v) for k, v in named.items()}) or Value(UNNAMED)
        return printf(recv, args)
    if method in ("request_uri", "path") and not args and "://" in recv.text:
        return recv  # Ruby's `Net::HTTP.new(uri.host).request(Get.new(uri.request_uri))`: the same URL, host kept
    if method == "toString" and args and isinstance(args[0], Value) and args[0].text == "base64":
        return base64_of(recv)  # Node's `Buffer.from(pair).toString('base64')`
    if method in ("concat", "plus"):
        return concat(recv, *(text_of(a) for a in args))
    if method in ("replace", "replaceAll", "gsub", "sub", "Replace") and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, Value) and isinstance(new, Value) and old.literal:
            return Value(recv.text.replace(old.text, new.text))
        return recv
    if method in ("substring", "substr", "slice") and not recv.literal and recv.only_ref() is not None:
        return recv  # `pathname.substring(1)`: part of the same unknown value, known by its name
    if method in ("encodeBase64", "encodeBase64String", "encodeAsBase64"):  # Groovy's GDK on a string's bytes
        return base64_of(recv)
    if method in ("toString", "to_s", "ToString", "trim", "strip", "Trim", "getBytes", "encode", "toCharArray",
                  "rstrip", "lstrip", "chomp", "String", "bytes", "toLowerCase", "lower", "intern", "TrimStart",
                  "TrimEnd", "ToLower", "ToLowerInvariant", "decode"):
        return recv
    return None


def detect_program(reading: Reading, lib: Library, program: ir.Program,
                   again: Callable[[str, tuple[int, int]], ir.Program] | None = None,
                   budget: int | None = None,
                   context: list[ir.Stmt] | None = None) -> tuple[list[ApiCall], list[str]]:
    """The calls of a lowered file; a note when the work budget runs out. `again` lowers a piece
    of the file at its place (a comment worth reading as code); `context` is what other files
    define that this one uses (`context_of`)."""
    return detect_text(reading.doc.text, reading.doc.path, lib, program, again, budget, context)


def detect_text(text: str, path: str, lib: Library, program: ir.Program,
                again: Callable[[str, tuple[int, int]], ir.Program] | None = None,
                budget: int | None = None, context: list[ir.Stmt] | None = None) -> tuple[list[ApiCall], list[str]]:
    """`detect_program` for a caller that holds the text, not a Reading (Python's fallback)."""
    nodes = max(1, text.count("\n") + 1)
    if budget is None and context:
        nodes += _move(context, 0) // 4  # its share of the work: what of it this file uses
    ev = Evaluator(lib, program, budget=budget if budget is not None else nodes * WORK_PER_NODE + 10_000, path=path,
                   context=context)
    notes = [note if note.startswith(f"{path}: ") else f"{path}: {note}" for note in program.notes]
    try:
        calls = ev.run()
    except OutOfBudget:
        return ev.calls(), [*notes, f"{path}: too intricate to follow every value; "
                                    "calls found before the limit are reported"]
    except RecursionError:
        return ev.calls(), [*notes, f"{path}: nested too deeply to follow every value"]
    if again is not None and program.comments:
        calls = sorted([*calls, *commented_calls(ev, program.comments, again)], key=lambda c: (c.line, c.column))
    if lib.retype is not None:
        lib.retype(text, list(calls))
    return calls, notes


def context_of(sources: Iterator[str] | list[str], read: Callable[[str], ir.Program]) -> list[ir.Stmt]:
    """The top-level definitions of other files (functions, classes, constants, imports), their
    positions moved past ELSEWHERE so that nothing of theirs is reported as this file's. At most
    MAX_CONTEXT characters are read; a file that cannot be read gives nothing."""
    out: list[ir.Stmt] = []
    left = MAX_CONTEXT
    for text in sources:
        if len(text) > left:
            continue
        left -= len(text)
        try:
            program = read(text)
        except (RecursionError, ValueError, MemoryError):
            continue
        stmts = [s for s in program.body if isinstance(s, (ir.Func, ir.Class, ir.Assign, ir.Import))]
        _move(stmts, ELSEWHERE)
        out += stmts
    return out


def _move(nodes: Sequence[ir.Stmt], by: int) -> int:
    """Shift every position under `nodes` by `by` lines (iteratively: a deep tree is no recursion);
    how many nodes there are."""
    todo: list[object] = list(nodes)
    seen: set[int] = set()
    while todo:
        item = todo.pop()
        if isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, ir.Node) and id(item) not in seen:
            seen.add(id(item))
            item.line += by
            todo.extend(getattr(item, f.name) for f in dataclasses.fields(item) if f.name not in ("line", "col"))
    return len(seen)


def commented_calls(ev: Evaluator, comments: list[ir.Comment],
                    again: Callable[[str, tuple[int, int]], ir.Program]) -> list[ApiCall]:
    """Calls in commented-out code (comments the front end found naming the API's host), read with
    the names the file gave above and marked commented; they share what is left of the budget."""
    out: list[ApiCall] = []
    for comment in comments[:MAX_COMMENTS]:
        inner = Evaluator(ev.lib, again(comment.text, (comment.line, comment.col)), max(ev.budget, 0), path=ev.path)
        inner.globals.vars = dict(ev.globals.vars)
        inner.classes = ev.classes
        inner.commented = True
        try:
            out += inner.run()
        except (OutOfBudget, RecursionError):
            out += inner.calls()
            break
        finally:
            ev.budget = inner.budget
    return out


def windows(text: str, lower: str, word: str, limit: int, width: int) -> list[tuple[int, int]]:
    """Spans around the first mentions of `word` (`limit` characters in all, `width` either side),
    each starting at a line start or after a `;` so that statements line up."""
    spans: list[tuple[int, int]] = []
    covered = 0
    at = lower.find(word)
    while at != -1 and covered < limit:
        start, end = max(0, at - width), min(len(text), at + width)
        boundary = text.find("\n", start, at)
        boundary = boundary if boundary != -1 else text.find(";", start, at)
        start = boundary + 1 if boundary != -1 and start > 0 else start
        if spans and start <= spans[-1][1]:
            covered += end - spans[-1][1]
            spans[-1] = (spans[-1][0], end)
        else:
            covered += end - start
            spans.append((start, end))
        at = lower.find(word, end)
    return spans


def with_bases(program: ir.Program, classes: Mapping[str, str],
               lower: Callable[[str], ir.Program]) -> ir.Program:
    """The program with the base classes another file of the repository defines put first
    (`class Teams extends Base`, Base's `request($url)` holding the credential): their fields,
    constants and methods serve this file's subclasses, their imports name their libraries. Their
    lines are moved past FOREIGN, so what they send on their own is never reported here (their
    file reports it) and a credential they set is placed in their file."""
    if not classes:
        return program
    own = {s.name for s in program.body if isinstance(s, ir.Class)}
    head: list[ir.Stmt] = []
    for name, source in classes.items():
        if name in own or len(source) > MAX_BASE_SOURCE:
            continue
        other = lower(source)
        wanted = [st for st in other.body if isinstance(st, ir.Import)
                  or (isinstance(st, ir.Class) and st.name not in own)]
        if any(isinstance(st, ir.Class) and st.name == name for st in wanted):
            own |= {st.name for st in wanted if isinstance(st, ir.Class)}
            head += [_moved(st) for st in wanted]
    if not head:
        return program
    return ir.Program(program.language, [*head, *program.body], program.notes, program.comments)


def _moved(stmt: ir.Stmt) -> ir.Stmt:
    """A statement of another file with every line moved past FOREIGN (walked without recursion)."""
    todo: list[object] = [stmt]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if isinstance(node, ir.Node):
            if id(node) in seen:
                continue
            seen.add(id(node))
            node.line += FOREIGN
            todo += [getattr(node, f) for f in node.__slots__ if f not in ("line", "col")]
        elif isinstance(node, list):
            todo += node
        elif isinstance(node, dict):
            todo += list(node.values())
        elif isinstance(node, tuple):
            todo += list(node)
    return stmt


def detect_reading(reading: Reading) -> tuple[list[ApiCall], list[str]]:
    """The registry's entry point: the kind's front end lowers the file, its table reads it.

    A front end with `read_at(text, path, origin)` is given the document's path (which dialect:
    TypeScript or JavaScript) and can lower a piece of the file at its place: a file larger than
    FULL_LIMIT (a bundle, minified code) is then read only in windows around its `bitbucket`
    mentions, and its comments that name the API's host are read as code. Others get `read(text)`."""
    front, table = FRONT_ENDS[reading.kind]
    module = importlib.import_module(front)
    lib: Library = importlib.import_module(table).LIBRARY
    doc = reading.doc
    read_at: Callable[[str, str, tuple[int, int]], ir.Program] | None = getattr(module, "read_at", None)
    context: list[ir.Stmt] = []
    if reading.classes and lib.shares_files:  # what other files of the repository define that this one uses
        context = context_of(list(reading.classes.values()), module.read)
    try:
        def lower(text: str) -> ir.Program:
            return module.read(text) if read_at is None else read_at(text, doc.path, (1, 1))

        # the bases' code is read too: the budget grows with it
        budget = (sum(t.count("\n") + 1 for t in [doc.text, *reading.classes.values()]) * WORK_PER_NODE + 10_000
                  if reading.classes else None)
        if read_at is None:
            program = module.read(doc.text)
            if not lib.shares_files:
                program = with_bases(program, reading.classes, lower)
            return detect_program(reading, lib, program, budget=budget, context=context)

        def again(text: str, origin: tuple[int, int]) -> ir.Program:
            assert read_at is not None
            return read_at(text, doc.path, origin)

        if len(doc.text) <= FULL_LIMIT:
            program = read_at(doc.text, doc.path, (1, 1))
            if not lib.shares_files:
                program = with_bases(program, reading.classes, lower)
            return detect_program(reading, lib, program, again, budget=budget, context=context)
        spans = windows(doc.text, doc.lower, relevance.WORD, FULL_LIMIT, WINDOW)
        calls: list[ApiCall] = []
        notes: list[str] = []
        for start, end in spans:
            line, col = doc.line_col(start)
            piece = read_at(doc.text[start:end], doc.path, (line, col))
            found, said = detect_program(reading, lib, piece, again, budget=(end - start) * WORK_PER_NODE // 8 + 10_000)
            calls += found
            notes += said
        covered = sum(end - start for start, end in spans)
        notes.append(f"{doc.path}: {len(doc.text)} characters; read only {covered} of them, around its 'bitbucket' "
                     "mentions (credentials were still checked everywhere)")
        return calls, notes
    except RecursionError:
        return [], [f"{doc.path}: nested too deeply to read as {reading.kind}"]
    except TooSlowToParse:
        return [], [f"{doc.path}: the {reading.kind} grammar could not parse it in time (malformed input?); "
                    "its calls were not read (credentials were still checked)"]
