"""The CI gate's own settings, read from the base of the comparison, not from the change.

A pull request can edit `.tokenlint.yml` in the same change that adds a leak: disable the rule,
exclude the file, raise `fail-on` or `min-confidence`, remap a severity, or name a baseline
(or add an entry to one) that accepts its own secret. Read from the working tree, that config
would judge the change that wrote it. So when the gate knows the base of the comparison (the
merge base), the config file, the baseline it names and the policy folders it names are read
from the base commit's tree; what the change does to them is reported, and `--strict-config`
fails the run on it.

The config is found in the commit as `tokenlint.config.discover` finds it on disk: the nearest
`.tokenlint.yml`, `.tokenlint.yaml` or pyproject.toml with [tool.tokenlint], from the scanned
folder up to the repository's top. A config only above the top, a `--config` outside the
repository, and baselines or policy folders outside it are part of no change: they are read
from disk. Command-line options still win over the config, as everywhere.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tokenlint import config as config_mod
from tokenlint import confine
from tokenlint.engine.settings import Settings
from tokenlint.errors import TokenlintError
from tokenlint.sources.blobs import BlobReader, tree_blobs

READ_LIMIT = 64 * 1024 * 1024
REGULAR_MODES = (b"100644", b"100755")
# What `load` receives: the settings' config (already read), everything else as the command line said.
Loader = Callable[..., Settings]


@dataclass
class GateFiles:
    """What decides the gate in one commit: its config and the files that config names in the repository."""

    config: str | None = None  # the config's path inside the repository; None: no config in the repository
    outside: Path | None = None  # a config outside the repository, read from disk
    data: object = None  # the config's settings as written
    text: str | None = None  # the config file's text (for the lines of its `tokens:` entries)
    error: str | None = None  # the config does not parse
    files: dict[str, bytes] = field(default_factory=dict)  # path in the repository -> bytes (baseline, policies)
    baseline: str | None = None  # the baseline the config names inside the repository
    policy_dirs: list[str] = field(default_factory=list)  # policy folders the config names inside the repository

    def edits(self, new: GateFiles) -> list[str]:
        """What `new` changes in the gate's configuration, one phrase per file; empty when nothing."""
        if (self.config, self.outside) != (new.config, new.outside):
            was = self.config or (str(self.outside) if self.outside else "no config")
            return [f"{new.config or new.outside or 'no config'} (the gate's config was {was})"]
        out = []
        if self.error or new.error or self.data != new.data:
            old = self.data if isinstance(self.data, dict) else {}
            cur = new.data if isinstance(new.data, dict) else {}
            keys = sorted(k for k in {*old, *cur} if old.get(k) != cur.get(k))
            what = "does not parse" if new.error else ", ".join(map(str, keys)) or "edited"
            out.append(f"{new.config} ({what})")
        for path in sorted({*self.files, *new.files}):
            if self.files.get(path) != new.files.get(path):
                kind = "baseline" if path in (self.baseline, new.baseline) else "policy file"
                state = "added" if path not in self.files else "deleted" if path not in new.files else "edited"
                out.append(f"{path} ({kind}, {state})")
        return out


def _levels(prefix: str) -> list[str]:
    """`a/b/` -> ['a/b/', 'a/', '']: the folders from the scanned one up to the top."""
    parts = [p for p in prefix.split("/") if p]
    return ["/".join(parts[:i]) + "/" if i else "" for i in range(len(parts), -1, -1)]


def _inside(top: Path, folder: str, value: str) -> str | None:
    """`value` (relative to `folder` of the repository) as a path inside the repository, or None when outside."""
    if os.path.isabs(value):
        rel = os.path.relpath(os.path.realpath(value), os.path.realpath(top)).replace(os.sep, "/")
    else:
        rel = posixpath.normpath(posixpath.join(folder, value))
    return None if rel == ".." or rel.startswith("../") or rel == "." else rel


class _Tree:
    """Files of one commit, read through the hardened git."""

    def __init__(self, top: Path, commit: str, reader: BlobReader) -> None:
        self.top, self.commit, self.reader = top, commit, reader

    def list(self, *paths: str) -> dict[str, bytes]:
        """Path -> blob id of the regular files at or under `paths`."""
        listed = tree_blobs(self.top, self.commit, *paths)
        if isinstance(listed, str):
            raise TokenlintError(f"cannot list {self.commit[:12]}'s files: {listed}")
        return {os.fsdecode(raw): oid for mode, oid, raw in listed if mode in REGULAR_MODES}

    def read(self, oid: bytes, path: str) -> bytes:
        data, why = self.reader.read(oid, READ_LIMIT)
        if data is None:
            raise TokenlintError(f"{self.commit[:12]}:{path}: cannot read: {why}")
        return data


def read(top: Path, commit: str, prefix: str, config_arg: str | None) -> GateFiles:
    """The gate's configuration as of `commit` (see the module's docstring)."""
    with BlobReader(str(top)) as reader:
        tree = _Tree(top, commit, reader)
        found = _find_config(top, tree, prefix, config_arg)
        if isinstance(found, Path) or found is None:
            return GateFiles(outside=found)
        rel, data_bytes = found
        gate = GateFiles(config=rel)
        try:
            gate.text = data_bytes.decode("utf-8")
            gate.data = config_mod.read_data(gate.text, Path(rel))
        except (UnicodeDecodeError, TokenlintError) as exc:
            gate.error = str(exc)
            return gate
        if not isinstance(gate.data, dict):
            return gate
        folder = posixpath.dirname(rel)
        baseline = gate.data.get("baseline")
        if isinstance(baseline, str) and (inside := _inside(top, folder, baseline)):
            gate.baseline = inside
            listed = tree.list(inside)
            if inside in listed:
                gate.files[inside] = tree.read(listed[inside], inside)
        for value in gate.data.get("policies") or ():
            if isinstance(value, str) and (inside := _inside(top, folder, value)):
                gate.policy_dirs.append(inside)
                for path, oid in tree.list(inside).items():
                    gate.files[path] = tree.read(oid, path)
        return gate


def _find_config(top: Path, tree: _Tree, prefix: str, config_arg: str | None) -> tuple[str, bytes] | Path | None:
    """(path in the repository, bytes) of the commit's config, a config outside the repository, or None."""
    if config_arg is not None:
        inside = _inside(top, "", os.path.abspath(config_arg))
        if inside is None:
            return Path(config_arg)
        listed = tree.list(inside)
        return (inside, tree.read(listed[inside], inside)) if inside in listed else (inside, b"")
    candidates = [level + name for level in _levels(prefix) for name in (*config_mod.CONFIG_NAMES, "pyproject.toml")]
    listed = tree.list(*candidates)
    for path in candidates:
        if path in listed:
            data = tree.read(listed[path], path)
            if not path.endswith("pyproject.toml") or b"[tool.tokenlint]" in data:
                return path, data
    return config_mod.discover(top.parent) if top.parent != top else None


def load(gate: GateFiles, top: Path, commit: str, load_settings: Loader) -> tuple[Settings, list[str]]:
    """Settings from the configuration read by `read`, and notes about it."""
    shown = f"{commit[:12]}:{gate.config}"
    if gate.error:
        why = gate.error.replace(str(gate.config), shown, 1)
        raise TokenlintError(f"the base commit's config does not parse: {why}")
    if gate.config is None:
        cfg = config_mod.load(gate.outside) if gate.outside else config_mod.Config()
        return load_settings(config=cfg), []
    notes = []
    with tempfile.TemporaryDirectory(prefix="tokenlint-base-") as tmp:
        for path, data in gate.files.items():
            target = Path(tmp, *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for folder in gate.policy_dirs:
            Path(tmp, *folder.split("/")).mkdir(parents=True, exist_ok=True)
        try:
            cfg = config_mod.build(gate.data if gate.data is not None else {}, Path(shown), gate.text)
            raw = gate.data if isinstance(gate.data, dict) else {}  # build() refused anything else
            cfg.path = Path(shown)
            folder = posixpath.dirname(gate.config)
            real = Path(top, *folder.split("/")) if folder else top
            cfg.folder = real  # `exclude:` patterns: relative to the config's folder in the work tree
            written = real / posixpath.basename(gate.config)
            for key in ("baseline", "policies"):  # inside the config's folder, as for a config on disk
                for value in (raw[key] if key == "policies" else [raw[key]]) if key in raw else ():
                    confine.check(written, real / value, key)
            if "baseline" in raw:
                if gate.baseline is None:
                    cfg.baseline = real / raw["baseline"]
                elif gate.baseline in gate.files:
                    cfg.baseline = Path(tmp, *gate.baseline.split("/"))
                else:
                    cfg.baseline = None
                    notes.append(f"the base commit's config names the baseline {gate.baseline}, which the base "
                                 "commit does not hold: no baseline used")
            cfg.policies = [Path(tmp, *inside.split("/")) if (inside := _inside(top, folder, value)) else real / value
                            for value in raw.get("policies", [])]
            settings = load_settings(config=cfg)
        except TokenlintError as exc:
            raise type(exc)(str(exc).replace(tmp + os.sep, f"{commit[:12]}:")) from None
    return settings, notes
