"""One walk of a Python module's syntax tree, indexed for every detector that reads it.

The call and leak detectors each used to walk the whole tree several times (`ast.walk` for the
classes, the multi-line strings, the assignments, the calls, each function's nodes, and once
more under every statement the evaluator reads). `ast.walk` is a pure-Python generator over
`ast.iter_fields`, so on a repository whose every file talks to Bitbucket those walks were most
of a history scan. This module walks a tree once, in `ast.walk`'s own order (breadth first, so
what the detectors report and in which order does not change), and keeps what they ask of it:
every node, each node's children, the function each node sits in, and which subtrees hold a
call. The work is linear in the size of the tree, whatever its nesting.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_NO_CHILDREN: tuple[ast.AST, ...] = ()


class ModuleIndex:
    """What one walk of a tree found; built by `index`. Nodes are keyed by `id`, which stays
    unique while the index (which holds every node) lives."""

    __slots__ = ("nodes", "_ids", "_children", "_enclosing", "_with_calls", "visits")

    def __init__(self, tree: ast.AST) -> None:
        #: every node of the tree, in `ast.walk` order
        self.nodes: list[ast.AST] = [tree]
        self._children: dict[int, list[ast.AST]] = {}
        self._enclosing: dict[int, FunctionNode] = {}
        self._with_calls: set[int] = set()
        self._ids: set[int] = set()
        #: nodes expanded while building and while asked (`calls_in`): a measure of the work done,
        #: read by the tests that hold it linear in the size of the tree
        self.visits = 0
        self._build()

    def _build(self) -> None:
        nodes, children, enclosing = self.nodes, self._children, self._enclosing
        node_type, function_types = ast.AST, (ast.FunctionDef, ast.AsyncFunctionDef)
        for node in nodes:  # the list grows as it is read: breadth first, as ast.walk
            kids: list[ast.AST] = []
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, node_type):
                    kids.append(value)
                elif isinstance(value, list):
                    kids.extend([item for item in value if isinstance(item, node_type)])
            if not kids:
                continue
            children[id(node)] = kids
            nodes.extend(kids)
            inner = node if isinstance(node, function_types) else enclosing.get(id(node))
            if inner is not None:
                for kid in kids:
                    enclosing[id(kid)] = inner
        self.visits += len(nodes)
        self._ids = {id(node) for node in nodes}
        with_calls = self._with_calls
        for node in reversed(nodes):  # children before their parents: a subtree's calls are known
            if isinstance(node, ast.Call) or any(id(kid) in with_calls for kid in children.get(id(node), _NO_CHILDREN)):
                with_calls.add(id(node))
        self.visits += len(nodes)

    def children(self, node: ast.AST) -> list[ast.AST] | tuple[ast.AST, ...]:
        """`ast.iter_child_nodes(node)`, as a list."""
        return self._children.get(id(node), _NO_CHILDREN)

    def enclosing(self, node: ast.AST) -> FunctionNode | None:
        """The innermost function whose subtree holds `node` (its own arguments and decorators
        included), None at module level; a function's own node is enclosed by its outer one."""
        return self._enclosing.get(id(node))

    def holds(self, node: ast.AST) -> bool:
        """Whether `node` belongs to the indexed tree (a node of a comment parsed on its own, or of
        another module, does not)."""
        return id(node) in self._ids

    def calls_in(self, node: ast.AST) -> Iterator[ast.Call]:
        """The calls within `node` (itself included), in `ast.walk` order; subtrees that hold no
        call are never entered."""
        with_calls, children = self._with_calls, self._children
        if id(node) not in with_calls:
            return
        queue = [node]
        for sub in queue:  # breadth first, pruned: the calls keep ast.walk's relative order
            self.visits += 1
            if isinstance(sub, ast.Call):
                yield sub
            queue.extend([kid for kid in children.get(id(sub), _NO_CHILDREN) if id(kid) in with_calls])

    def of_type(self, *types: type[ast.AST]) -> list[ast.AST]:
        """The nodes of these types, in walk order."""
        return [node for node in self.nodes if isinstance(node, types)]


def index(tree: ast.AST) -> ModuleIndex:
    """The index of `tree`, built in one walk."""
    return ModuleIndex(tree)
