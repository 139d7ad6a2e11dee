"""`tokenlint config show`: the effective configuration, one setting per line with its source,
then the enabled rules; or the same as JSON. Prints; decides nothing.

A config is input from whoever wrote the repository: every value is escaped here (a newline in
an exclude pattern cannot forge a line) and redacted by the stream `output.emit` passes (an
exclude pattern holding a token prints its prefix only), and a long list is cut in text
(JSON keeps it whole).
"""

from __future__ import annotations

from collections.abc import Callable

from tokenlint import escape
from tokenlint.effective import COMMAND_LINE, CONFIG, DEFAULT, EffectiveConfig, Setting, Value
from tokenlint.reporters import Writer
from tokenlint.reporters.json import JsonObject, dumps

#: How many items of a list text shows; the rest are counted (JSON lists all).
MAX_ITEMS = 20
#: Values wider than this do not push the sources of every other line to the right.
VALUE_WIDTH = 40


def _size(n: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor}{unit}"
    return f"{n} bytes"


def _items(values: list[str]) -> str:
    shown = ", ".join(values[:MAX_ITEMS])
    more = len(values) - MAX_ITEMS
    return f"{shown}, … ({more} more; --format json lists all)" if more > 0 else shown


def _token(entry: dict[str, str | list[str] | None]) -> str:
    name = entry.get("variable") or entry.get("fingerprint")
    text = f"{name}: {entry['type']}"
    if entry.get("resource"):
        text += f" on {entry['resource']}"
    scopes = entry.get("scopes")
    if scopes is not None:
        text += f", scopes {_items(list(scopes)) or '(none)'}"
    if entry.get("expires"):
        text += f", expires {entry['expires']}"
    return text


def shown(setting: Setting) -> str:
    """A setting's value on one line, escaped."""
    value: Value = setting.value
    if isinstance(value, int) and setting.name == "max-file-size":
        text = _size(value)
    elif value is None or value == [] or value == {}:
        text = "(none)"
    elif isinstance(value, list):
        text = _items(value)
    elif isinstance(value, dict) and setting.name == "tokens":
        text = _token(value)
    elif isinstance(value, dict):
        text = _items([f"{k}: {v}" for k, v in value.items()])
    else:
        text = str(value)
    return escape.text(text)


def _origin(cfg: EffectiveConfig, source: str) -> str:
    return "the command line" if source == COMMAND_LINE else escape.text(cfg.origin(source))


def text(shown_config: EffectiveConfig, out: Writer, color: bool = False) -> None:
    """Aligned columns: setting, value, `(from …)`; then the enabled rules."""
    cfg = shown_config
    rows = [("config", escape.text(cfg.config) if cfg.config else "(none found: defaults)", "")]
    for s in cfg.settings:
        source = "(default)" if s.source == DEFAULT else f"(from {_origin(cfg, s.source)})"
        rows.append((s.name, shown(s), source))
    name_width = max(len(name) for name, _, _ in rows) + 2
    value_width = max((len(value) for _, value, source in rows if source and len(value) <= VALUE_WIDTH), default=0)
    lines = [f"{name:{name_width}}{value:{value_width}}  {source}".rstrip() for name, value, source in rows]
    lines += ["", f"rules ({len(cfg.rules)} enabled)"]
    slug_width = max((len(r.slug) for r in cfg.rules), default=0) + 2
    for r in cfg.rules:
        remap = f"  (severity from {_origin(cfg, r.source)})" if r.source != DEFAULT else ""
        lines.append(f"  {escape.text(r.code):7}{escape.text(r.slug):{slug_width}}{r.severity:10}{r.confidence}{remap}")
    out.write("\n".join(lines) + "\n")


def document(cfg: EffectiveConfig) -> JsonObject:
    def setting(s: Setting) -> JsonObject:
        row: JsonObject = {"name": s.name, "value": s.value, "source": s.source}
        if s.source == CONFIG and cfg.config:
            row["file"] = cfg.config
        return row

    return {
        "config": cfg.config,
        "settings": [setting(s) for s in cfg.settings],
        "rules": [{"code": r.code, "slug": r.slug, "severity": r.severity, "confidence": r.confidence,
                   "severity_source": r.source} for r in cfg.rules],
    }


def as_json(cfg: EffectiveConfig, out: Writer, color: bool = False) -> None:
    out.write(dumps(document(cfg)))


def get(fmt: str) -> Callable[[EffectiveConfig, Writer, bool], None]:
    return as_json if fmt == "json" else text
