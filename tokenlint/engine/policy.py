"""Load and validate policies: one YAML file per rule."""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path

import yaml

from tokenlint import checks, resources, validation
from tokenlint.engine import suppress
from tokenlint.engine.rule import Condition, Policy
from tokenlint.errors import PolicyError
from tokenlint.facts import JUDGED, attribute_names
from tokenlint.model import Confidence, Severity

__all__ = ["CHECK_ATTRIBUTES", "FACT_ATTRIBUTES", "Policy", "load_all", "load_dir", "load_file"]  # Policy: engine.rule

# The attributes each fact type exposes to `when:` and `message:`, derived from its dataclass
# fields; a policy naming anything else is a load error, not a rule that never fires.
FACT_ATTRIBUTES: dict[str, frozenset[str]] = {cls.fact: attribute_names(cls) for cls in JUDGED}


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_file(path: Path, builtin: bool = False) -> Policy:
    """Read one policy. Built-in policies skip the schema check at run time: the catalogue
    test validates every one of them, and skipping it keeps jsonschema off a pre-commit run."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: policy is not valid UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise PolicyError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise PolicyError(f"{path}: invalid policy: nested too deeply") from None
    if not builtin and validation.too_large(data):
        raise PolicyError(f"{path}: invalid policy: more than {validation.MAX_NODES} values (counting YAML aliases)")
    try:
        error = None if builtin else validation.problem("policy", data)
    except RecursionError:
        raise PolicyError(f"{path}: invalid policy: nested too deeply") from None
    if error is not None:
        raise PolicyError(f"{path}: invalid policy {error}")
    policy = Policy(
        code=data["code"], slug=data["slug"], summary=data["summary"],
        severity=Severity.parse(data["severity"]), confidence=Confidence.parse(data["confidence"]),
        message=data["message"], remediation=data["remediation"], docs=data["docs"],
        examples=data["examples"], source=path, enabled=data.get("enabled", True),
        when=data.get("when"), check=data.get("check"), builtin=builtin, fix=tuple(data.get("fix") or ()), raw=data,
    )
    _check_names(policy)
    return policy


# The fields the engine's own checks (inline ignores) give their rule's `message:`. Any other
# `check:` must name a module of tokenlint.checks; naming neither is a load error, not a rule
# that silently never fires.
CHECK_ATTRIBUTES: dict[str, frozenset[str]] = {**suppress.CHECKS}


def _check_names(policy: Policy) -> None:
    if policy.when is None:
        check = policy.check
        if check is None:  # the schema rules it out; built-in policies skip the schema at run time
            raise PolicyError(f"{policy.source}: invalid policy: neither when: nor check:")
        allowed = CHECK_ATTRIBUTES.get(check)
        if allowed is not None:
            _check_message(policy, allowed)
        elif not checks.exists(check):
            raise PolicyError(f"{policy.source}: at check: no check named {check!r} "
                              f"(neither {', '.join(sorted(CHECK_ATTRIBUTES))} nor a module of tokenlint.checks)")
        return
    unknown = [f for f in policy.facts if f not in FACT_ATTRIBUTES]
    if unknown or not policy.facts:
        raise PolicyError(f"{policy.source}: at when.fact: fact {(unknown or [''])[0]!r} is not produced yet")
    # several fact types: only the attributes every one of them has
    allowed = frozenset.intersection(*(FACT_ATTRIBUTES[f] for f in policy.facts))
    conditions: list[tuple[str, Condition]] = [("match", policy.when.get("match", {})),
                                               ("unless", policy.when.get("unless", {}))]
    conditions += [(f"any[{i}]", c) for i, c in enumerate(policy.when.get("any", []))]
    for section, condition in conditions:
        for key in condition:
            if key not in allowed:
                raise PolicyError(f"{policy.source}: at when.{section}.{key}: unknown attribute "
                                  f"(expected one of: {', '.join(sorted(allowed))})")
    _check_message(policy, allowed)


def _check_message(policy: Policy, allowed: frozenset[str]) -> None:
    for _, field_name, _, _ in string.Formatter().parse(policy.message):
        if field_name and field_name not in allowed:
            raise PolicyError(f"{policy.source}: at message: unknown field {{{field_name}}} "
                              f"(expected one of: {', '.join(sorted(allowed))})")


def load_dir(directory: Path, builtin: bool = False) -> list[Policy]:
    if not directory.is_dir():
        raise PolicyError(f"{directory}: policy folder does not exist")
    return [load_file(p, builtin) for p in sorted(directory.glob("*.y*ml"))]


def load_all(extra_dirs: Iterable[str | Path] = ()) -> list[Policy]:
    """Built-in policies plus the user's; codes and slugs must stay unique across both."""
    policies = load_dir(resources.builtin_dir("policies"), builtin=True)
    for directory in extra_dirs:
        policies.extend(load_dir(Path(directory)))
    seen: dict[str, Path] = {}
    for p in policies:
        for key in (p.code, p.slug):
            if key in seen:
                raise PolicyError(f"{p.source}: {key} is already defined by {seen[key]}")
            seen[key] = p.source
    return policies
