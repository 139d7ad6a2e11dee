"""String values as the language front ends resolve them, whatever the language.

A front end (shell, Python, JavaScript) evaluates just enough of an expression to know a URL or
a credential; what it cannot resolve stays `${NAME}`, never guessed. These types and their
operations sit below the detectors so that parsers and detectors share them without either
importing the other.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?!$-])\}")
MAX_TEXT = 4096  # a resolved string longer than this is no URL or credential: code building one is not followed


# Internal names for unresolved parts that have no name of their own. They keep the `${NAME}`
# form every consumer understands (unresolved, never literal), but they are ours, not the
# user's: `shown` turns them back into what the user wrote before any of it is printed.
SUBST = "${_SUBST_}"  # a command substitution: `$(…)` or backticks
UNNAMED = "${_VALUE_}"  # an expression with no name (a call's result, an operator, a too-long string)
ENCODED = "${_BASE64_}"  # base64 of something unresolved
_SHOWN = {SUBST: "$(…)", UNNAMED: "{…}", ENCODED: "base64(…)"}
_MARKER = re.compile("|".join(re.escape(m) for m in _SHOWN))
_DOUBLE_DOLLAR = re.compile(r"\$(?=\$\{)")


def shown(text: str) -> str:
    """`text` as a message may print it: internal markers back to the shape the user wrote
    (`$(…)` for a command substitution, `{…}` for an unnamed expression), a reference that was
    prefixed with `$` twice (`$${1}`) with one `$`."""
    if "${" not in text:
        return text
    return _DOUBLE_DOLLAR.sub("", _MARKER.sub(lambda m: _SHOWN[m.group()], text))


def is_marker(name: str) -> bool:
    """Whether a reference name (`_SUBST_`) is one of ours rather than a variable of the user's."""
    return "${" + name + "}" in _SHOWN


@dataclass(frozen=True)
class Value:
    """A resolved string: text with unresolved variables kept as `${NAME}`."""

    text: str

    @property
    def literal(self) -> bool:
        return "${" not in self.text

    @property
    def refs(self) -> list[str]:
        return _VAR.findall(self.text)

    def only_ref(self) -> str | None:
        """The variable name when the whole value is one reference (`${TOKEN}`)."""
        m = _VAR.fullmatch(self.text)
        return m.group(1) if m else None


@dataclass(frozen=True)
class Encoded(Value):
    """Base64 that code computes at run time (`btoa(`${U}:${P}`)`); `plain` is what it encodes.

    Code rarely writes a Basic header literally; it encodes `user:secret` first. Keeping the
    plain text lets a `"Basic " + b64` header still say who the user and the secret are.
    """

    plain: str = ""


@dataclass(frozen=True)
class Words(Value):
    """A shell array (`OPTS=(-u "$U:$P" -s)`) or a function's `"$@"`: each element is its own
    word when expanded as `"${OPTS[@]}"`. `text` joins them with spaces, as `"${OPTS[*]}"` does,
    so code that reads only `text` still sees every element."""

    items: tuple[str, ...] = ()

    @classmethod
    def of(cls, items: list[str] | tuple[str, ...]) -> Words:
        return cls(" ".join(items), tuple(items))


def capped(value: Value) -> Value:
    return value if len(value.text) <= MAX_TEXT else Value(UNNAMED)


def concat(*parts: Value) -> Value:
    """Join values; a single `Encoded` part keeps its plain text so the header built around it stays readable."""
    text = "".join(p.text for p in parts)
    encoded = [p for p in parts if isinstance(p, Encoded)]
    return capped(Encoded(text, encoded[0].plain) if len(encoded) == 1 else Value(text))


def base64_of(plain: Value) -> Encoded:
    """What code's base64 of `plain` evaluates to: computed when `plain` is literal, else `ENCODED`."""
    text = base64.b64encode(plain.text.encode()).decode() if plain.literal else ENCODED
    return Encoded(text, plain.text)


def userinfo(text: str) -> tuple[Value, Value | None]:
    """`user:secret` split at the first colon outside a `${…}` reference."""
    m = re.match(r"((?:\$\{[^}]*\}|[^:])*):(.*)$", text, re.DOTALL)
    return (Value(m.group(1)), Value(m.group(2))) if m else (Value(text), None)


def url_userinfo(url: str) -> tuple[Value | None, Value | None] | None:
    """The `user:secret` (or lone secret) before the host of a URL (`https://${AUTH}@api…`,
    `https://${U}:${P}@api…`); None when the URL has no userinfo. HTTP clients send it as Basic."""
    m = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://((?:\$\{[^}]*\}|[^/@?#])*)@", url)
    if not m or not m.group(1):
        return None
    user, secret = userinfo(m.group(1))
    if secret is None and not user.literal:
        return None, user  # one variable that holds the whole `user:secret` pair
    return user, secret


def join_url(base: str, path: str) -> str:
    """A client's base URL (`base_url`, `baseURL`, `prefixUrl`) joined with a request path; absolute paths win."""
    if not base or "://" in path:
        return path
    return base.rstrip("/") + "/" + path.lstrip("/") if path else base
