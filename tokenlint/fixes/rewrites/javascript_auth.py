"""axios/fetch Basic with a password where a token will do → the token's header, in JavaScript
and TypeScript.

Two shapes are rewritten, both in the options object of the call the finding names:

- axios's `auth: { username, password }` (a request's config or `axios.create({…})`) becomes
  ``headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` }``, merged into
  the object's literal `headers: {…}` when it has one without an Authorization;
- fetch's (node-fetch's) `headers: { Authorization: "Basic " + btoa(…) }` (or
  `Buffer.from(…).toString("base64")`, or the same in a template string) gets the Bearer value.

An API token (what `suggest` recommends for user endpoints) stays Basic, with the account e-mail:
the username and password, or what the encoder is given, become `process.env` reads. A literal
password is never kept. Anything else (a spread `...options` that may hold headers, headers
built elsewhere, a literal password set on another line) is refused with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokenlint.facts import ApiCall
from tokenlint.fixes.model import API_TOKEN, Edit, Refused, Rewrite, Site
from tokenlint.fixes.registry import rewrite
from tokenlint.parsers.kinds import FileKind
from tokenlint.parsers.lower_javascript import grammar
from tokenlint.parsers.lowering import TooSlowToParse, parse

if TYPE_CHECKING:
    from tree_sitter import Node

_AUTH_TOOLS = frozenset(("axios",))  # auth: {username, password} beside headers: {…} in the same options
_HEADER_TOOLS = frozenset(("fetch", "undici", "axios", "got"))  # options.headers: a plain object of header values
_KEY_TYPES = ("property_identifier", "string", "shorthand_property_identifier")


class _Tree:
    """The file's syntax tree, with its nodes' text and character offsets."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.root, self.data = parse(grammar(site.path), site.text)

    def text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "surrogatepass")

    def offset(self, byte: int) -> int:
        return len(self.data[:byte].decode("utf-8", "surrogatepass"))

    def span(self, node: Node) -> tuple[int, int]:
        return self.offset(node.start_byte), self.offset(node.end_byte)

    def edit(self, node: Node, new: str) -> Edit:
        return Edit(*self.span(node), new)


@rewrite("auth-header", kinds=(FileKind.JAVASCRIPT,))
def javascript(site: Site) -> Rewrite | Refused:
    try:
        tree = _Tree(site)
    except TooSlowToParse:
        return Refused("the file takes too long to parse")
    if tree.root.has_error:
        return Refused("the file does not parse cleanly as JavaScript/TypeScript")
    calls = _calls_at(tree, site)
    if len(calls) != 1:
        return Refused("no single call starts at the reported place" if not calls
                       else "several calls start at the reported place; which one is meant is not clear")
    arguments = _named(calls[0].child_by_field_name("arguments"))
    options = [a for a in arguments if a.type == "object"]
    if not options:
        options = [o for o in (_only_use(a, tree) for a in arguments if a.type == "identifier") if o is not None]
    if len(options) != 1:
        return Refused("the call has no single options object written out in it (or in a constant only it uses)")
    config = options[0]
    auth = _pair(config, "auth", tree)
    headers = _pair(config, "headers", tree)
    tools = {f.tool for f in site.facts if isinstance(f, ApiCall)}
    names = ", ".join(sorted(tools)) or "this call"
    if auth is not None and tools == {"bitbucket"}:
        answer = _bitbucket_js(tree, site, auth)
    elif auth is not None:
        if not tools or not tools <= _AUTH_TOOLS:
            return Refused(f"the fix rewrites the auth option of axios and bitbucket.js, not {names}'s")
        answer = _axios(tree, site, config, auth, headers)
    elif headers is not None:
        if not tools or not tools <= _HEADER_TOOLS:
            return Refused(f"the fix rewrites the headers of fetch, undici, axios and got, not {names}'s")
        answer = _fetch(tree, site, headers)
    else:
        return Refused("the call's options hold neither auth: {…} nor an Authorization header")
    if isinstance(answer, Refused):
        return answer
    return Rewrite(answer, site.new_variables())


def _named(node: Node | None) -> list[Node]:
    return [] if node is None else [c for c in node.named_children if c.type != "comment"]


def _calls_at(tree: _Tree, site: Site) -> list[Node]:
    """The call expressions that start at the finding (or whose method name does)."""
    line, column = site.line - 1, site.finding.location.column - 1
    row = site.line_text(site.line)
    byte_column = len(row[:column].encode("utf-8"))
    found: list[Node] = []
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.start_point[0] > line or node.end_point[0] < line:
            continue
        if node.type in ("call_expression", "new_expression"):
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            name = func.child_by_field_name("property") if func is not None and func.type == "member_expression" \
                else None
            places = {node.start_point} | ({name.start_point} if name is not None else set())
            if any(p[0] == line and p[1] in (column, byte_column) for p in places):
                found.append(node)
        stack.extend(node.named_children)
    return found


def _key(pair: Node, tree: _Tree) -> str:
    key = pair.child_by_field_name("key") if pair.type == "pair" else pair
    if key is None or key.type not in _KEY_TYPES:
        return ""
    text = tree.text(key)
    return text[1:-1] if key.type == "string" else text


def _pair(obj: Node, name: str, tree: _Tree) -> Node | None:
    found = [c for c in _named(obj) if c.type in ("pair", "shorthand_property_identifier") and _key(c, tree) == name]
    return found[0] if len(found) == 1 else None


def _plain(obj: Node) -> bool:
    """An object literal of plain `key: value` pairs (no spread, no computed key)."""
    return all(c.type in ("pair", "shorthand_property_identifier") for c in _named(obj)) and all(
        (c.child_by_field_name("key") is not None and c.child_by_field_name("key").type  # type: ignore[union-attr]
         in _KEY_TYPES) for c in _named(obj) if c.type == "pair")


def _env(name: str) -> str:
    return f"process.env.{name}"


def _literal(site: Site) -> bool:
    return any(f.credential_literal for f in site.facts) or (site.credential is not None and site.credential.literal)


def _only_use(name: Node, tree: _Tree) -> Node | None:
    """The object literal a `const` holds, when the call is the only place that reads it (so
    rewriting it changes no other call)."""
    text = tree.text(name)
    declared: list[Node] = []
    uses = 0
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.type == "variable_declarator":
            target = node.child_by_field_name("name")
            if target is not None and target.type == "identifier" and tree.text(target) == text:
                declared.append(node)
        elif node.type in ("identifier", "shorthand_property_identifier") and tree.text(node) == text:
            uses += 1
        stack.extend(node.named_children)
    statement = declared[0].parent if len(declared) == 1 else None
    if statement is None or uses != 2 or statement.type != "lexical_declaration" \
            or not tree.text(statement).startswith("const"):
        return None
    value = declared[0].child_by_field_name("value")
    return value if value is not None and value.type == "object" else None


def _user_password(auth: Node, tree: _Tree, site: Site) -> tuple[Node, Node] | Refused:
    """The username and password entries of an `auth: { username, password }` pair, when the
    password is one the fix may replace."""
    value = auth.child_by_field_name("value") if auth.type == "pair" else None
    if value is None or value.type != "object" or not _plain(value):
        return Refused("auth is not { username, password } written out here")
    user, password = _pair(value, "username", tree), _pair(value, "password", tree)
    if user is None or password is None or len(_named(value)) != 2:
        return Refused("auth is not { username, password } written out here")
    secret = password.child_by_field_name("value") if password.type == "pair" else password
    if _literal(site) and (secret is None or secret.type != "string"):
        return Refused("the literal password is set on another line; move it out of the file first, then run fix again")
    if secret is None or not _from_env_or_file(secret, tree):
        return Refused(_supplied(secret, tree))
    return user, password


def _api_token_login(tree: _Tree, site: Site, user: Node, password: Node) -> list[Edit]:
    """A person's API token stays Basic: the login becomes the account e-mail and the token."""
    o = site.options
    return [tree.edit(user, f"username: {_env(o.email_var)}"),
            tree.edit(password, f"password: {_env(o.api_token_var)}")]


def _bitbucket_js(tree: _Tree, site: Site, auth: Node) -> list[Edit] | Refused:
    """bitbucket.js (`new Bitbucket({ auth })`) takes a token as `auth: { token }`."""
    found = _user_password(auth, tree, site)
    if isinstance(found, Refused):
        return found
    user, password = found
    o = site.options
    if site.token_type == API_TOKEN:
        return _api_token_login(tree, site, user, password)
    first, last = sorted((user, password), key=lambda n: n.start_byte)
    start, end = tree.offset(first.start_byte), tree.offset(last.end_byte)
    if tree.site.text[tree.offset(first.end_byte):tree.offset(last.start_byte)].strip() != ",":
        return Refused("a comment sits between username and password; the fix does not move comments")
    return [Edit(start, end, f"token: {_env(o.token_var)}")]  # the object's layout and trailing comma stay


def _axios(tree: _Tree, site: Site, config: Node, auth: Node, headers: Node | None) -> list[Edit] | Refused:
    if not _plain(config):
        return Refused("the options also spread other values (…options), which may hold headers")
    found = _user_password(auth, tree, site)
    if isinstance(found, Refused):
        return found
    user, password = found
    o = site.options
    if site.token_type == API_TOKEN:
        return _api_token_login(tree, site, user, password)
    bearer = f"`Bearer ${{{_env(o.token_var)}}}`"
    if headers is None:
        return [tree.edit(auth, f"headers: {{ Authorization: {bearer} }}")]
    given = headers.child_by_field_name("value") if headers.type == "pair" else None
    if given is None or given.type != "object" or not _plain(given):
        return Refused("the options already send headers built elsewhere; add the Authorization header there")
    if any(_key(c, tree).lower() == "authorization" for c in _named(given)):
        return Refused("the options' headers already hold an Authorization header")
    removal = _without(auth, config, tree)
    if isinstance(removal, Refused):
        return removal
    entries = _named(given)
    if not entries:
        return [removal, tree.edit(given, f"{{ Authorization: {bearer} }}")]
    first = entries[0]
    at = tree.offset(first.start_byte)
    if first.start_point[0] == given.start_point[0]:
        return [removal, Edit(at, at, f"Authorization: {bearer}, ")]
    indent = site.text[site.text.rfind("\n", 0, at) + 1:at]
    if indent.strip():
        return Refused("the options' headers are laid out in a way the fix does not edit")
    return [removal, Edit(at, at, f"Authorization: {bearer},\n{indent}")]


def _without(pair: Node, obj: Node, tree: _Tree) -> Edit | Refused:
    """The edit deleting `pair` and one comma beside it from the object literal."""
    entries = _named(obj)
    index = next(i for i, e in enumerate(entries) if e == pair)
    start, end = tree.span(pair)
    if index > 0:
        start = tree.offset(entries[index - 1].end_byte)
        gap = tree.site.text[start:tree.span(pair)[0]]
    elif index + 1 < len(entries):
        end = tree.offset(entries[index + 1].start_byte)
        gap = tree.site.text[tree.span(pair)[1]:end]
    else:
        gap = ","
    if gap.strip() != ",":
        return Refused("a comment sits next to the auth option; the fix does not move comments")
    return Edit(start, end, "")


def _fetch(tree: _Tree, site: Site, headers: Node) -> list[Edit] | Refused:
    given = headers.child_by_field_name("value") if headers.type == "pair" else None
    if given is None or given.type != "object":
        return Refused("the headers are built elsewhere; change their Authorization there")
    found = [c for c in _named(given) if c.type == "pair" and _key(c, tree).lower() == "authorization"]
    if len(found) != 1:
        return Refused("the headers hold no single Authorization written out here")
    value = found[0].child_by_field_name("value")
    encoded = _basic(value, tree) if value is not None else None
    if value is None or encoded is None:
        return Refused("the Authorization value is not \"Basic \" + btoa(…) or Buffer.from(…).toString(\"base64\")")
    secret = _password_of(encoded)
    if _literal(site) and (secret is None or secret.type != "string_fragment"):
        return Refused("the literal password is part of the encoded text in a way the fix does not edit")
    if secret is None or not _from_env_or_file(secret, tree):
        return Refused(_supplied(secret, tree))
    o = site.options
    if site.token_type == API_TOKEN:
        return [tree.edit(encoded, f"`${{{_env(o.email_var)}}}:${{{_env(o.api_token_var)}}}`")]
    return [tree.edit(value, f"`Bearer ${{{_env(o.token_var)}}}`")]


def _basic(value: Node, tree: _Tree) -> Node | None:
    """What a Basic value encodes (the argument of btoa or Buffer.from), when `value` is
    `"Basic " + ENCODE` or `` `Basic ${ENCODE}` ``."""
    if value.type == "binary_expression":
        left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
        if left is None or right is None or left.type != "string" or tree.text(left)[1:-1] != "Basic ":
            return None
        return _encoded(right, tree)
    if value.type == "template_string":
        parts = _named(value)
        if (len(parts) == 2 and parts[0].type == "string_fragment" and tree.text(parts[0]) == "Basic "
                and parts[1].type == "template_substitution" and len(_named(parts[1])) == 1):
            return _encoded(_named(parts[1])[0], tree)
    return None


def _encoded(call: Node, tree: _Tree) -> Node | None:
    """The argument of `btoa(X)` or `Buffer.from(X).toString("base64")`."""
    if call.type != "call_expression":
        return None
    func = call.child_by_field_name("function")
    args = _named(call.child_by_field_name("arguments"))
    if func is not None and tree.text(func) == "btoa" and len(args) == 1:
        return args[0]
    method = func.child_by_field_name("property") if func is not None else None
    if (func is not None and func.type == "member_expression" and method is not None and tree.text(method) == "toString"
            and len(args) == 1 and tree.text(args[0])[1:-1] == "base64"):
        inner = func.child_by_field_name("object")
        if inner is not None and inner.type == "call_expression":
            inner_func = inner.child_by_field_name("function")
            inner_args = _named(inner.child_by_field_name("arguments"))
            if inner_func is not None and tree.text(inner_func) == "Buffer.from" and len(inner_args) == 1:
                return inner_args[0]
    return None


def _password_of(encoded: Node) -> Node | None:
    """The password half of `user:password` as a template (`${u}:${p}`) or a sum (`u + ":" + p`)
    writes it: the last substitution or operand (a literal tail when the password is written in)."""
    if encoded.type == "template_string":
        parts = _named(encoded)
        if not parts:
            return None
        last = parts[-1]
        if last.type == "template_substitution":
            inner = _named(last)
            return inner[0] if len(inner) == 1 else None
        return last if last.type == "string_fragment" else None  # `user:secret` written in
    if encoded.type == "binary_expression":
        return encoded.child_by_field_name("right")
    return None


def _env_read(node: Node, tree: _Tree) -> bool:
    """`process.env.X` or `process.env["X"]`."""
    if node.type not in ("member_expression", "subscript_expression"):
        return False
    base = node.child_by_field_name("object")
    return base is not None and tree.text(base).replace(" ", "") == "process.env"


def _from_env_or_file(node: Node, tree: _Tree) -> bool:
    """Whether the password's value comes from the environment or is written in the file: an env
    read, a string, or a name declared once (never a parameter) from one of those."""
    if node.type in ("string", "string_fragment") or _env_read(node, tree):
        return True
    if node.type != "identifier":
        return False
    name = tree.text(node)
    declared: list[Node] = []
    stack = [tree.root]
    while stack:
        current = stack.pop()
        if current.type == "variable_declarator":
            target = current.child_by_field_name("name")
            if target is not None and tree.text(target) == name:
                declared.append(current)
        elif current.type in ("formal_parameters", "assignment_expression") and _mentions(
                current if current.type == "formal_parameters" else current.child_by_field_name("left"), name, tree):
            return False  # a parameter, or assigned again: a caller or the code supplies it
        stack.extend(current.named_children)
    if len(declared) != 1:
        return False
    value = declared[0].child_by_field_name("value")
    return value is not None and (value.type == "string" or _env_read(value, tree))


def _supplied(secret: Node | None, tree: _Tree) -> str:
    named = f"`{tree.text(secret)}`" if secret is not None and secret.type in ("identifier", "member_expression") \
        else "an expression"
    return (f"the password comes from {named}, not from the environment or the file; "
            "reading a token from the environment instead would change who supplies it")


def _mentions(node: Node | None, name: str, tree: _Tree) -> bool:
    """Whether an identifier `name` occurs in `node` (a parameter list, an assignment's target)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern") and tree.text(current) == name:
            return True
        stack.extend(current.named_children)
    return False
