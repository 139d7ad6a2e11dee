"""The values the JavaScript evaluator models beyond strings (modules, `Buffer` bytes,
`process.env`), what their methods return, and helpers for reading options objects that the
evaluator and the detectors share (tokenlint.parsers.javascript_eval, tokenlint.detectors.js_calls).
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenlint.parsers.values import Value, base64_of, capped, concat, join_url


@dataclass
class Module:
    """A module as imported or required: its names are aliases of `name.<export>`."""

    name: str


@dataclass
class Bytes:
    """`Buffer.from(x)`: becomes base64 of `x` through `.toString('base64')`."""

    inner: Value


PROCESS_ENV = object()  # `process.env` itself, as destructured: const { TOKEN } = process.env


def arg(args: list[object], index: int) -> object:
    """The argument at `index`; None when absent."""
    return args[index] if index < len(args) else None


def as_dict(value: object) -> dict[str, object]:
    """An options object, or {} for anything else."""
    return value if isinstance(value, dict) else {}


def dict_arg(args: list[object], index: int) -> dict[str, object]:
    return as_dict(arg(args, index))


def text_of(value: object, default: str) -> str:
    return value.text if isinstance(value, Value) else default


def value_of(value: object, name: str) -> Value:
    """`value` as a string, or `${name}`."""
    return value if isinstance(value, Value) else Value(f"${{{name}}}")


def join(base: str, url: object) -> Value | None:
    """A URL joined to a base URL (`baseURL`, `prefixUrl`, `new URL(path, base)`); None when `url` is no string."""
    return Value(join_url(base, url.text)) if isinstance(url, Value) else None


def method(value: object, name: str, args: list[object]) -> object:
    """What `value.name(...args)` returns, as far as strings, bytes and arrays go; `${name}` otherwise."""
    first = arg(args, 0)
    if isinstance(value, Bytes) and name == "toString":
        return base64_of(value.inner) if isinstance(first, Value) and first.text == "base64" else value.inner
    if isinstance(value, Value) and name in ("trim", "toString", "valueOf"):
        return value
    if isinstance(value, Value) and name == "concat" and all(isinstance(a, Value) for a in args):
        return concat(value, *(a for a in args if isinstance(a, Value)))
    if isinstance(value, tuple) and name == "join" and all(isinstance(a, Value) for a in value):
        sep = first.text if isinstance(first, Value) else ","
        return capped(Value(sep.join(a.text for a in value if isinstance(a, Value))))
    return Value(f"${{{name}}}")
