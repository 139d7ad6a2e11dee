"""Check a document against one of our JSON Schemas and describe the first problem precisely.

jsonschema is imported here, lazily: it costs more start-up time than the rest of tokenlint,
and a pre-commit run over built-in policies and no config never needs it.
"""

from __future__ import annotations

from tokenlint import resources


def first_error(schema_name: str, instance: object):
    """The most relevant jsonschema.ValidationError, or None when `instance` is valid."""
    import jsonschema

    schema = resources.schema(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    return jsonschema.exceptions.best_match(errors) if errors else None


def problem(schema_name: str, instance: object) -> str | None:
    """None when `instance` is valid, else 'at key.path: what is wrong'."""
    error = first_error(schema_name, instance)
    return None if error is None else describe(error)


def describe(error) -> str:
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
