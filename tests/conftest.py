import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets an empty result cache of its own (tokenlint.cache), never the user's
    ~/.cache/tokenlint, and no result stored by another test."""
    monkeypatch.setenv("TOKENLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
