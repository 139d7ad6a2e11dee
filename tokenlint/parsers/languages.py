"""Which tree-sitter front end and which table of HTTP libraries read each program kind.

A new language is a grammar (tokenlint.parsers.lowering.GRAMMARS), a front end module with a
`read(text) -> Program` (or `read_at(text, path, origin) -> Program`, which also lets the
evaluator read large files in windows and comments as code: see
tokenlint.detectors.program_calls), a table module with a `LIBRARY`, and one row here.
"""

from __future__ import annotations

from tokenlint.parsers.kinds import FileKind

#: kind -> (front end module, HTTP library table module)
FRONT_ENDS: dict[FileKind, tuple[str, str]] = {
    FileKind.JAVA: ("tokenlint.parsers.lower_java", "tokenlint.detectors.http_libraries.java"),
    FileKind.PHP: ("tokenlint.parsers.lower_php", "tokenlint.detectors.http_libraries.php"),
    FileKind.RUBY: ("tokenlint.parsers.lower_ruby", "tokenlint.detectors.http_libraries.ruby"),
    FileKind.GO: ("tokenlint.parsers.lower_go", "tokenlint.detectors.http_libraries.go"),
    FileKind.CSHARP: ("tokenlint.parsers.lower_csharp", "tokenlint.detectors.http_libraries.csharp"),
    FileKind.JENKINSFILE: ("tokenlint.parsers.lower_groovy", "tokenlint.detectors.http_libraries.groovy"),
    FileKind.TERRAFORM: ("tokenlint.parsers.lower_hcl", "tokenlint.detectors.http_libraries.hcl"),
    FileKind.JAVASCRIPT: ("tokenlint.parsers.lower_javascript", "tokenlint.detectors.http_libraries.javascript"),
}


def program_kinds() -> frozenset[FileKind]:
    return frozenset(FRONT_ENDS)
