"""Errors that end a run with a clear one-line message and a fixed exit code."""

from __future__ import annotations

import jsonschema


class TokenlintError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""

    exit_code = 2


class ConfigError(TokenlintError):
    pass


class PolicyError(TokenlintError):
    pass


def describe_schema_error(error: jsonschema.ValidationError) -> str:
    """'at key.path: what is wrong' — precise enough to fix without reading the schema."""
    place = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"at {place}: unknown key {', '.join(map(repr, extra))} (expected one of: {allowed})"
    if error.validator == "required":
        return f"at {place}: {error.message}"
    if error.validator in ("type", "enum", "pattern", "minItems", "minLength", "maxLength", "minimum", "oneOf"):
        expected = error.schema.get("type") or error.schema.get("enum") or error.schema.get("pattern") or error.validator
        return f"at {place}: {error.instance!r} is not valid (expected {expected})"
    return f"at {place}: {error.message}"


def first_error(validator: jsonschema.protocols.Validator, instance: object) -> jsonschema.ValidationError | None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not errors:
        return None
    return jsonschema.exceptions.best_match(errors)
