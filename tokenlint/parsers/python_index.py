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


class ModuleIndex:
    """What one walk of a tree found; built by `index`. Every node has a position, its place in
    walk order; the children of a node are the positions `_ends[p - 1]` to `_ends[p]` (breadth
    first puts them side by side), so the index is a few flat lists, not a dict per node."""

    __slots__ = ("_by_type", "_ends", "_parent", "_position", "_scope", "_with_calls", "nodes", "visits")

    def __init__(self, tree: ast.AST) -> None:
        #: every node of the tree, in `ast.walk` order
        self.nodes: list[ast.AST] = [tree]
        self._parent: list[int] = [-1]  # by position: the parent's position
        self._ends: list[int] = []  # by position: where its children end
        self._scope: list[FunctionNode | None] = [None]  # by position: the innermost function around it
        self._with_calls = bytearray()  # by position: 1 when its subtree holds a call
        self._position: dict[int, int] = {}  # id of a node -> its position
        self._by_type: dict[type[ast.AST], list[int]] = {}  # the positions of the nodes of each type
        #: nodes expanded while building and while asked (`calls_in`): a measure of the work done,
        #: read by the tests that hold it linear in the size of the tree
        self.visits = 0
        self._build()

    def _build(self) -> None:
        nodes, parent, ends, scope = self.nodes, self._parent, self._ends, self._scope
        node_type, function_types = ast.AST, (ast.FunctionDef, ast.AsyncFunctionDef)
        by_type = self._by_type
        for at, node in enumerate(nodes):  # the list grows as it is read: breadth first, as ast.walk
            of_its_type = by_type.get(type(node))
            if of_its_type is None:
                by_type[type(node)] = [at]
            else:
                of_its_type.append(at)
            kids: list[ast.AST] = []
            for name in node._fields:
                value = getattr(node, name, None)
                if isinstance(value, node_type):
                    kids.append(value)
                elif isinstance(value, list):
                    kids.extend([item for item in value if isinstance(item, node_type)])
            if kids:
                nodes.extend(kids)
                parent.extend([at] * len(kids))
                scope.extend([node if isinstance(node, function_types) else scope[at]] * len(kids))
            ends.append(len(nodes))
        self.visits += len(nodes)
        with_calls = self._with_calls = bytearray(len(nodes))
        for at in by_type.get(ast.Call, []):  # each call marks its ancestors up to one marked already: linear in all
            while at >= 0 and not with_calls[at]:
                with_calls[at] = 1
                at = parent[at]
        # a node met twice (the shared `Load`/`Store` contexts) keeps its last position; none is a call
        self._position = {id(node): at for at, node in enumerate(nodes)}

    def _kids(self, at: int) -> range:
        return range(self._ends[at - 1] if at else 1, self._ends[at])

    def children(self, node: ast.AST) -> list[ast.AST]:
        """`ast.iter_child_nodes(node)`, as a list."""
        at = self._position.get(id(node))
        return [] if at is None else [self.nodes[kid] for kid in self._kids(at)]

    def enclosing(self, node: ast.AST) -> FunctionNode | None:
        """The innermost function whose subtree holds `node` (its own arguments and decorators
        included), None at module level; a function's own node is enclosed by its outer one."""
        at = self._position.get(id(node))
        return None if at is None else self._scope[at]

    def holds(self, node: ast.AST) -> bool:
        """Whether `node` belongs to the indexed tree (a node of a comment parsed on its own, or of
        another module, does not)."""
        at = self._position.get(id(node))
        return at is not None and self.nodes[at] is node

    def calls_in(self, node: ast.AST) -> Iterator[ast.Call]:
        """The calls within `node` (itself included), in `ast.walk` order; subtrees that hold no
        call are never entered."""
        at = self._position.get(id(node))
        if at is None or not self._with_calls[at]:
            return
        nodes, with_calls, ends = self.nodes, self._with_calls, self._ends
        queue = [at]
        for here in queue:  # breadth first, pruned: the calls keep ast.walk's relative order
            self.visits += 1
            sub = nodes[here]
            if isinstance(sub, ast.Call):
                yield sub
            queue.extend([kid for kid in range(ends[here - 1] if here else 1, ends[here]) if with_calls[kid]])

    def of_type(self, *types: type[ast.AST]) -> list[ast.AST]:
        """The nodes of exactly these types (`ast.parse` makes no subclass of a node type), in walk order."""
        nodes, by_type = self.nodes, self._by_type
        if len(types) == 1:
            return [nodes[at] for at in by_type.get(types[0], [])]
        return [nodes[at] for at in sorted(at for t in types for at in by_type.get(t, []))]


def index(tree: ast.AST) -> ModuleIndex:
    """The index of `tree`, built in one walk."""
    return ModuleIndex(tree)
