"""Check a document against one of our JSON Schemas and describe the first problem precisely.

jsonschema is imported here, lazily: it costs more start-up time than the rest of tokenlint,
and a pre-commit run over built-in policies and no config never needs it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokenlint import resources

if TYPE_CHECKING:
    from jsonschema import ValidationError


def first_error(schema_name: str, instance: Any) -> ValidationError | None:
    """The most relevant jsonschema.ValidationError, or None when `instance` (a loaded YAML or JSON
    document) is valid."""
    import jsonschema

    schema = resources.schema(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    return jsonschema.exceptions.best_match(errors) if errors else None


MAX_NODES = 100_000  # values in a config, policy or baseline, counting each alias use again


def too_large(instance: object, limit: int = MAX_NODES) -> bool:
    """Whether a loaded document holds more than `limit` values once YAML aliases are expanded.

    An alias costs nothing to load, but a schema check or a walk visits it every time it is
    used: ten aliases of ten aliases of ... (a "billion laughs") would run for ever. Counted
    without recursion, so it also works on documents nested deeper than Python's stack.
    """
    stack, seen = [instance], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > limit:
            return True
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def problem(schema_name: str, instance: object) -> str | None:
    """None when `instance` is valid, else 'at key.path: what is wrong'."""
    error = first_error(schema_name, instance)
    return None if error is None else describe(error)


def problem_unless_known_valid(schema_name: str, instance: object) -> str | None:
    """`problem()`, remembering documents found valid before (by content and schema), so that a
    pre-commit run with an unchanged config does not pay for importing jsonschema each time.
    An empty document needs no check: every key of our config schema is optional."""
    if instance == {}:
        return None
    marker = _cache_dir() / _key(schema_name, instance)
    if marker.exists():
        return None
    error = problem(schema_name, instance)
    if error is None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only home only costs the next run the same check
    return error


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tokenlint" / "valid"


def _key(schema_name: str, instance: object) -> str:
    schema_bytes = (resources.builtin_dir("schemas") / f"{schema_name}.schema.json").read_bytes()
    content = json.dumps(instance, sort_keys=True, default=str).encode()
    return hashlib.sha256(schema_bytes + b"\0" + content).hexdigest()[:32]


_TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


def constraint(schema: dict[str, Any]) -> str:
    """What a (sub)schema asks for, in words: the type, the enum, the pattern, the bounds."""
    if "const" in schema:
        return f"exactly {schema['const']!r}"
    if "enum" in schema:
        return "one of: " + ", ".join(map(str, schema["enum"]))
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return " or ".join(constraint(s) for s in schema[key])
    types = schema.get("type")
    parts = [" or ".join(_TYPE_NAMES.get(t, t) for t in ([types] if isinstance(types, str) else types or []))]
    if "pattern" in schema:
        parts.append(f"matching the pattern {schema['pattern']}")
    if "minLength" in schema:
        parts.append(f"of at least {schema['minLength']} character(s)")
    if "maxLength" in schema:
        parts.append(f"of at most {schema['maxLength']} character(s)")
    if "minimum" in schema:
        parts.append(f"of at least {schema['minimum']}")
    if "minItems" in schema:
        parts.append(f"with at least {schema['minItems']} item(s)")
    return " ".join(p for p in parts if p) or "a valid value"


def describe(error: ValidationError) -> str:
    """'at key.path: what is wrong', naming the constraint that failed. A value is echoed only
    when short and plainly not a secret (redact.show_value): a config is where people paste tokens."""
    from tokenlint.redact import show_value

    place = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance, expected = error.instance, error.validator_value  # jsonschema's: a mapping, a list of names
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        extra = sorted(set(instance) - set(schema.get("properties", {})), key=str)
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"at {place}: unknown key {', '.join(map(show_value, extra))} (expected one of: {allowed})"
    if error.validator == "required" and isinstance(expected, list):
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        return f"at {place}: {', '.join(map(repr, missing)) or 'a key'} is a required property"
    if error.validator == "const":
        return f"at {place}: {error.validator_value!r} was expected"
    if error.validator == "uniqueItems":
        return f"at {place}: the items must be unique"
    if error.validator in ("type", "enum", "pattern", "minLength", "maxLength", "minimum", "oneOf", "anyOf",
                           "minItems"):
        return f"at {place}: {show_value(error.instance)} is not valid (expected {constraint(schema)})"
    return f"at {place}: {show_value(error.instance)} is not valid (fails the {error.validator!r} check)"
