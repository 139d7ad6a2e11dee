"""Token-shaped strings made at test time, so the repository never holds one."""

from __future__ import annotations

import base64
import random
import re

from tokenlint import tokens

_FIELD = re.compile(r"TOKEN\((?P<kind>[a-z\-]+)(?:,(?P<flag>invalid))?\)")


_BASE64 = re.compile(r"BASE64\((?P<plain>[^()\s]*)\)")


def fill(text: str, seed: int = 7) -> str:
    """Replace every TOKEN(kind) / TOKEN(kind,invalid) field with a generated token, then every
    BASE64(text) field (`BASE64(jdoe:TOKEN(api-token))`) with the base64 of its filled text."""
    rng = random.Random(seed)
    text = _FIELD.sub(lambda m: tokens.synthesize(m.group("kind"), rng, valid=m.group("flag") is None), text)
    return _BASE64.sub(lambda m: base64.b64encode(m.group("plain").encode()).decode(), text)


def make(kind: str, seed: int = 1, valid: bool = True) -> str:
    return tokens.synthesize(kind, random.Random(seed), valid=valid)
