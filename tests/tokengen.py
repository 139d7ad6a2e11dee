"""Token-shaped strings made at test time, so the repository never holds one."""

from __future__ import annotations

import random
import re

from tokenlint import tokens

_FIELD = re.compile(r"TOKEN\((?P<kind>[a-z\-]+)(?:,(?P<flag>invalid))?\)")


def fill(text: str, seed: int = 7) -> str:
    """Replace every TOKEN(kind) / TOKEN(kind,invalid) field with a generated token."""
    rng = random.Random(seed)
    return _FIELD.sub(lambda m: tokens.synthesize(m.group("kind"), rng, valid=m.group("flag") is None), text)


def make(kind: str, seed: int = 1, valid: bool = True) -> str:
    return tokens.synthesize(kind, random.Random(seed), valid=valid)
