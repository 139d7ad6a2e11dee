"""The tree-sitter front ends and the program evaluator do work in proportion to the file, never
to the file times its nesting or its number of classes: counted, not timed (visits of syntax
nodes, evaluation steps, items searched), on generated files of N and 4N functions. Also: only
functions that can reach a Bitbucket call or credential are read on their own, and a scan loads
the grammars of the languages it meets, no other."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tokenlint.detectors import program_calls, program_reach
from tokenlint.detectors.http_libraries.java import LIBRARY as JAVA
from tokenlint.detectors.registry import Reading
from tokenlint.document import Document
from tokenlint.parsers import lower_java, lowering
from tokenlint.parsers import program as ir
from tokenlint.parsers.kinds import FileKind

API = "https://api.bitbucket.org/2.0"


def java_client(n: int) -> str:
    """A client class of `n` methods, each calling the one before it and the API."""
    methods = "\n".join(
        f"    String get{i}(String ws) {{ String r = get{i - 1}(ws); "
        f"return rest.getForObject(BASE + \"/repositories/\" + ws + \"/r{i}\", String.class); }}"
        for i in range(1, n + 1))
    return (f"class Client {{\n    static final String BASE = \"{API}\";\n"
            f"    RestTemplate rest = new RestTemplate();\n"
            f"    String get0(String ws) {{ return ws; }}\n{methods}\n}}\n")


def java_classes(n: int) -> str:
    """`n` classes, each with a few methods calling a method of the class before it (and overloads)."""
    classes = "\n".join(
        f"class C{i} {{\n"
        f"    String a{i}(C{i - 1} prev, String x) {{ return prev.a{i - 1}(prev, x) + this.b{i}(x) + \"{API}\"; }}\n"
        f"    String b{i}(String x) {{ return x + \"{i}\"; }}\n"
        f"    String b{i}(String x, String y) {{ return x + y; }}\n}}"
        for i in range(1, n + 1))
    return f"class C0 {{ String a0(C0 prev, String x) {{ return x; }} }}\n{classes}\n"


class Counting(lower_java.JavaLowerer):
    """The Java front end, counting the syntax nodes it is asked to lower."""

    visits = 0

    def stmt(self, node: object, out: list[ir.Stmt]) -> None:  # type: ignore[override]
        Counting.visits += 1
        super().stmt(node, out)  # type: ignore[arg-type]

    def expr(self, node: object) -> ir.Expr:  # type: ignore[override]
        Counting.visits += 1
        return super().expr(node)  # type: ignore[arg-type]


def lowering_visits(source: str) -> int:
    Counting.visits = 0
    lowering.lower("java", Counting, source)
    return Counting.visits


def test_lowering_visits_grow_linearly_with_the_number_of_functions():
    small, large = lowering_visits(java_client(50)), lowering_visits(java_client(200))
    assert small > 0
    assert large <= 4 * small + 50


def test_lowering_a_long_string_concatenation_builds_one_list_of_its_parts(monkeypatch):
    """`a + b + c + …` once copied every part at every `+`: n²/2 parts for n terms."""
    built: list[int] = []
    real = ir.Concat

    class Counted(real):  # type: ignore[valid-type,misc]
        __slots__ = ()

        def __init__(self, line: int, col: int, parts: list[ir.Expr]) -> None:
            built.append(len(parts))
            real.__init__(self, line, col, parts)

    monkeypatch.setattr(ir, "Concat", Counted)
    terms = " + ".join(f"p{i}" for i in range(120))
    program = lower_java.read(f'class A {{ String u = "{API}/" + {terms}; }}')
    field = program.body[0]
    assert isinstance(field, ir.Class) and isinstance(field.body[0], ir.Assign)
    value = field.body[0].value
    assert [p.name for p in value.parts[1:]] == [f"p{i}" for i in range(120)]  # type: ignore[union-attr]
    assert sum(built) <= 2 * 121


def evaluation(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(evaluation steps, classes looked at while finding a method's class) for a Java file."""
    steps = searched = 0
    real_spend = program_calls.Evaluator.spend

    def spend(self: program_calls.Evaluator, n: int = 1) -> None:
        nonlocal steps
        steps += n
        real_spend(self, n)

    class Classes(dict[str, program_calls.ClassVal]):
        def values(self) -> Iterator[program_calls.ClassVal]:  # type: ignore[override]
            nonlocal searched
            for v in super().values():
                searched += 1
                yield v

    real_init = program_calls.Evaluator.__init__

    def init(self: program_calls.Evaluator, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        self.classes = Classes()

    monkeypatch.setattr(program_calls.Evaluator, "spend", spend)
    monkeypatch.setattr(program_calls.Evaluator, "__init__", init)
    program = lower_java.read(source)
    _found, notes = program_calls.detect_text(source, "Client.java", JAVA, program, budget=10**9)
    assert not [n for n in notes if "intricate" in n]
    return steps, searched


def test_evaluation_steps_grow_linearly_with_the_number_of_methods(monkeypatch):
    small, _ = evaluation(java_client(40), monkeypatch)
    large, _ = evaluation(java_client(160), monkeypatch)
    assert large <= 4 * small + 100


def test_finding_the_class_of_a_method_searches_no_class_per_call(monkeypatch):
    """Overloads and `super(…)` once searched every class of the file for every call: N² items."""
    steps_small, searched_small = evaluation(java_classes(30), monkeypatch)
    steps_large, searched_large = evaluation(java_classes(120), monkeypatch)
    assert steps_large <= 4 * steps_small + 100
    assert searched_large <= 4 * searched_small + 100


def test_methods_with_nothing_to_send_are_not_read_on_their_own(monkeypatch):
    """A Bitbucket client with more and more helpers that only do arithmetic on strings: the
    evaluator's work stays that of the client's one request."""
    def client(helpers: int) -> str:
        return (f"class Client {{\n"
                f"    RestTemplate rest = new RestTemplate();\n"
                f"    String user() {{ return rest.getForObject(\"{API}/user\", String.class); }}\n"
                + "".join(f"    String pad{i}(String s) {{ String t = s.trim(); return t.concat(\"-{i}\"); }}\n"
                          for i in range(helpers))
                + "}\n")

    few, _ = evaluation(client(2), monkeypatch)
    many, _ = evaluation(client(200), monkeypatch)
    assert many - few < 200 * 6  # the helpers' statements are not evaluated (each would cost 6 steps and more)


def test_worth_reading_keeps_what_can_reach_a_request_or_credential_and_what_calls_it():
    program = lower_java.read(textwrap.dedent("""\
        class Client {
            String secret;
            RestTemplate rest = new RestTemplate();
            String pad(String s) { return s.trim(); }
            String twice(String s) { return pad(pad(s)); }
            void remember(String s) { secret = s; }
            String send(String s) { return rest.getForObject(s, String.class); }
            String relay(String s) { return send(s); }
            String again(String s) { return relay(s); }
            String count(int n) { return String.valueOf(n); }
        }
        """))
    kept = program_reach.worth_reading(program_reach.functions_of(program.body), JAVA)
    cls = program.body[0]
    assert isinstance(cls, ir.Class)
    names = sorted(f.name for f in cls.body if isinstance(f, ir.Func) and id(f) in kept)
    # `remember` sets a field a later method may send; `relay` and `again` reach `send`
    assert names == ["again", "relay", "remember", "send"]


def test_a_caller_of_a_wrapper_with_no_hint_of_its_own_still_gives_the_wrapper_its_path():
    source = textwrap.dedent(f"""\
        class Client {{
            RestTemplate rest = new RestTemplate();
            String call(String p) {{ return rest.getForObject("{API}" + p, String.class); }}
            String members() {{ return call("/workspaces/acme/members"); }}
        }}
        """)
    found, notes = program_calls.detect_reading(Reading(Document("Client.java", source), FileKind.JAVA))
    assert notes == []
    assert [(c.line, c.method, c.url) for c in found] == [
        (4, "GET", f"{API}/workspaces/acme/members")]


def test_a_scan_loads_only_the_grammars_of_the_languages_it_meets(tmp_path: Path):
    (tmp_path / "client.js").write_text(
        f"const axios = require('axios');\naxios.get('{API}/user', {{auth: {{username: 'u', "
        "password: process.env.BB_PASS}});\n")
    (tmp_path / "notes.py").write_text("print('bitbucket')\n")
    code = textwrap.dedent(f"""\
        import sys
        from tokenlint import cli
        try:
            cli.main(["scan", {str(tmp_path)!r}, "--show-usage", "--format", "json"], standalone_mode=False)
        except SystemExit:
            pass
        print(sorted(m for m in sys.modules if m.startswith('tree_sitter_') and not m.endswith('_binding')))
        """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "['tree_sitter_javascript']"
