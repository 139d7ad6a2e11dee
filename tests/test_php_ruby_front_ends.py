"""The PHP and Ruby front ends: their tricky lowerings, and hostile input that must never raise."""

from __future__ import annotations

from tokenlint.parsers import lower_php, lower_ruby
from tokenlint.parsers import program as ir


def _assign(program: ir.Program, name: str) -> ir.Expr:
    return next(s.value for s in program.body if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name)
                and s.target.name == name)


def test_php_interpolation_is_a_concat_of_this_field_and_a_variable() -> None:
    value = _assign(lower_php.read('<?php $url = "{$this->base}/repositories/$ws";'), "url")
    assert isinstance(value, ir.Concat)
    first, middle, last = value.parts
    assert isinstance(first, ir.Attr) and first.name == "base" and isinstance(first.obj, ir.Name)
    assert first.obj.name == "this"
    assert isinstance(middle, ir.Const) and middle.value == "/repositories/"
    assert isinstance(last, ir.Name) and last.name == "ws"


def test_php_dot_assign_appends_and_define_is_a_global() -> None:
    program = lower_php.read("<html><?php define('API', 'https://x');\n$u = API;\n$u .= '/2.0'; ?></html>")
    assigns = [s for s in program.body if isinstance(s, ir.Assign)]
    assert [a.target.name for a in assigns if isinstance(a.target, ir.Name)] == ["API", "u", "u"]
    appended = assigns[-1].value
    assert isinstance(appended, ir.Concat) and isinstance(appended.parts[1], ir.Const)
    assert appended.parts[1].value == "/2.0"


def test_php_class_constants_and_constructor() -> None:
    program = lower_php.read("<?php use GuzzleHttp\\Client as G;\nclass A extends B { const BASE = 'x'; "
                             "function __construct(private $t) {} }")
    imp = program.body[0]
    assert isinstance(imp, ir.Import) and (imp.name, imp.module) == ("G", "GuzzleHttp.Client")
    cls = program.body[1]
    assert isinstance(cls, ir.Class) and cls.bases == ["B"]
    assert any(isinstance(s, ir.Assign) and isinstance(s.target, ir.Attr) and s.target.name == "BASE" for s in cls.body)
    ctor = next(s for s in cls.body if isinstance(s, ir.Func))
    assert ctor.name == "constructor" and ctor.params == ["t"]


def test_php_keyed_array_is_a_dict_and_list_array_a_seq() -> None:
    keyed = _assign(lower_php.read("<?php $o = ['auth' => [$u, $p]];"), "o")
    assert isinstance(keyed, ir.Dict)
    assert isinstance(keyed.items[0][1], ir.Seq)


def test_ruby_command_call_without_parentheses_and_symbols() -> None:
    program = lower_ruby.read("req.basic_auth user, pass\nconn.request :authorization, :basic, u, p\n")
    first, second = (s.expr for s in program.body if isinstance(s, ir.Do))
    assert isinstance(first, ir.Call) and isinstance(first.func, ir.Attr) and first.func.name == "basic_auth"
    assert [a.name for a in first.args if isinstance(a, ir.Name)] == ["user", "pass"]
    assert isinstance(second, ir.Call)
    assert [a.value for a in second.args if isinstance(a, ir.Const)] == ["authorization", "basic"]


def test_ruby_interpolation_ivar_and_keyword_args() -> None:
    program = lower_ruby.read('HTTParty.get("#{@base}/repositories/#{ws}", basic_auth: { username: u }, '
                              "verify: false)\n")
    call = program.body[0]
    assert isinstance(call, ir.Do) and isinstance(call.expr, ir.Call)
    url = call.expr.args[0]
    assert isinstance(url, ir.Concat) and isinstance(url.parts[0], ir.Attr) and url.parts[0].name == "base"
    assert set(call.expr.named) == {"basic_auth", "verify"}
    assert isinstance(call.expr.named["basic_auth"], ir.Dict)


def test_ruby_block_is_the_calls_block_and_new_is_a_constructor() -> None:
    program = lower_ruby.read("conn = Faraday.new(url: base) do |f|\n  f.request :basic_auth, u, p\nend\n")
    value = _assign(program, "conn")
    assert isinstance(value, ir.Call) and value.new and isinstance(value.func, ir.Name)
    assert value.func.name == "Faraday"
    assert value.block is not None and value.block.params == ["f"] and value.block.body


def test_ruby_method_returns_its_last_expression_and_module_constants_are_global() -> None:
    program = lower_ruby.read("module Bb\n  API = 'https://x'\n  class C\n    def url(p)\n      \"#{API}#{p}\"\n"
                              "    end\n  end\nend\n")
    assert isinstance(_assign(program, "API"), ir.Const)
    cls = next(s for s in program.body if isinstance(s, ir.Class) and s.name == "C")
    method = next(s for s in cls.body if isinstance(s, ir.Func))
    assert isinstance(method.body[-1], ir.Return)


def test_hostile_input_never_raises() -> None:
    deep_php = "<?php $a = " + "[" * 5000 + "]" * 5000 + ";" + "f(" * 3000
    deep_ruby = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n" + "a(" * 3000 + "\n" + "{ |x| " * 2000
    junk = bytes(range(256)).decode("latin-1") * 50
    for text in (deep_php, junk, "<?php " + junk, "\x00\xff<?php }}}{{{ $", "<?php"):
        assert isinstance(lower_php.read(text), ir.Program)
    for text in (deep_ruby, junk, "def (((\n end end end", "#{" * 1000, "<<~EOS\n#{x}"):
        assert isinstance(lower_ruby.read(text), ir.Program)
