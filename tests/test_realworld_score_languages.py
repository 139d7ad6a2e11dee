"""bench/realworld/score.py's per-language breakdown: file kinds and the counts per kind."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCORE = Path(__file__).resolve().parent.parent / "bench" / "realworld" / "score.py"


def load_score():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("realworld_score", SCORE)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def test_file_kind_by_extension_and_name() -> None:
    s = load_score()
    assert s.file_kind("src/api.ts") == "js/ts"
    assert s.file_kind("lib/client.rb") == "ruby"
    assert s.file_kind("Clients/Team.cs") == "csharp"
    assert s.file_kind("ci/Jenkinsfile") == "groovy"
    assert s.file_kind("vars/bb.groovy") == "groovy"
    assert s.file_kind("modules/x/main.tf") == "hcl"
    assert s.file_kind("migrate.py") == "python"
    assert s.file_kind("Dockerfile") == "docker"
    assert s.file_kind(".env") == "other"


def test_per_language_counts_matches_and_false_positives() -> None:
    s = load_score()
    go = s.CorpusFile("a/b", "0" * 40, "lib/x.go", "", [s.Expected("removed-api", (3,), (), "")])
    php = s.CorpusFile("a/b", "0" * 40, "Base.php", "", [])
    report = {"findings": [
        {"rule": "removed-api", "path": "a/b/lib/x.go", "line": 3},
        {"rule": "removed-api", "path": "a/b/Base.php", "line": 9},
    ]}
    res = s.score([go, php], report, Path("/nonexistent"))
    langs = res["per_language"]
    assert list(langs) == ["go", "php"]
    assert (langs["go"]["expected"], langs["go"]["tp"], langs["go"]["fp"]) == (1, 1, 0)
    assert (langs["php"]["files"], langs["php"]["clean_files"], langs["php"]["fp"]) == (1, 1, 1)
    assert langs["php"]["clean_flagged"] == 1
    assert langs["php"]["recall"] is None and langs["php"]["precision"] == 0.0
