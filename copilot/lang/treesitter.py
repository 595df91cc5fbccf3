"""Shared tree-sitter plumbing for the front-ends: one parser per grammar, node text and lines."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from copilot.lang.ir import Module

if TYPE_CHECKING:  # the binding loads with the first parser: listing the front-ends needs none
    from collections.abc import Iterator

    from tree_sitter import Language, Node, Parser, Query

MAX_TEXT = 120


@cache
def parser(package: str, function: str = "language") -> Parser:
    """A parser for the grammar in `package` (e.g. ``tree_sitter_c_sharp``)."""
    from tree_sitter import Language, Parser

    module: Any = importlib.import_module(package)
    return Parser(Language(getattr(module, function)()))


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def short(node: Node | None) -> str:
    """The node's source on one line, cut to a readable length (shown for unresolved values)."""
    s = " ".join(text(node).split())
    return s if len(s) <= MAX_TEXT else s[: MAX_TEXT - 1] + "…"


def line(node: Node) -> int:
    return node.start_point[0] + 1


def end_line(node: Node) -> int:
    return node.end_point[0] + 1


def first_error(root: Node) -> Node | None:
    """The first ERROR/MISSING node, to warn about a part of the file that did not parse."""
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n
        stack.extend(reversed([c for c in n.children if c.has_error or c.is_missing or c.type == "ERROR"]))
    return None


def plain_assignment(node: Node) -> tuple[Node, Node] | None:
    """`left = right` of an `assignment_expression` (Java, C#), not a compound `+=`: its two sides."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    op = node.child_by_field_name("operator")
    if left is None or right is None or (op is not None and text(op) != "="):
        return None
    return left, right


def parse_module(path: str, language: str, label: str, grammar: Parser, source: bytes) -> tuple[Module, Node]:
    """`source` parsed, and the empty module it lowers into, warned about the first part that did
    not parse (the rest is still read: a half-written file keeps what can be known)."""
    root = grammar.parse(source).root_node
    return module_of(path, language, label, root), root


def module_of(path: str, language: str, label: str, root: Node) -> Module:
    """The empty module a parsed file lowers into, warned about the first part that did not parse."""
    mod = Module(path, language)
    bad = first_error(root)
    if bad is not None:
        mod.warnings.append(f"{path}:{line(bad)}: part of this {label} file did not parse; it was read as far as possible")
    return mod


@cache
def _query(language: Language, types: frozenset[str]) -> Query | None:
    """One query capturing every node of `types` the grammar has (one list serves JS and TS)."""
    from tree_sitter import Query

    known = sorted(t for t in types if language.id_for_node_kind(t, True) is not None)
    return Query(language, "[" + " ".join(f"({t})" for t in known) + "] @n") if known else None


QUERY_MIN_NODES = 64  # a smaller subtree is walked in Python: a query's set-up costs more than the visit


class Walk:
    """The named nodes of some types under a node (itself included), in the order a depth-first
    walk of every named node meets them (a node before what it holds), found by a tree-sitter
    query: in C, not by visiting every node of a body in Python.  `skip(n)` leaves out the rest
    of `n`'s subtree (a nested function the caller reads on its own)."""

    def __init__(self, node: Node, types: frozenset[str], grammar: Parser) -> None:
        from tree_sitter import QueryCursor

        if node.descendant_count < QUERY_MIN_NODES:
            self._nodes, self._next = _walked(node, types), 0
            return
        query = _query(grammar.language, types)
        found = QueryCursor(query).captures(node).get("n", []) if query is not None else []
        # a node starts where its first child starts and ends after its last: by start, then
        # outermost first; a node and a child spanning the same bytes are put in walk order below
        found.sort(key=lambda n: (n.start_byte, -n.end_byte))
        for i in range(1, len(found)):
            if found[i].start_byte == found[i - 1].start_byte and found[i].end_byte == found[i - 1].end_byte:
                found = _same_spans_in_walk_order(found)
                break
        self._nodes = found
        self._next = 0

    def __iter__(self) -> Iterator[Node]:
        nodes = self._nodes
        while self._next < len(nodes):
            self._next += 1
            yield nodes[self._next - 1]

    def skip(self, node: Node) -> None:
        """Leave out the nodes inside `node` (the one just met)."""
        nodes, start, end = self._nodes, node.start_byte, node.end_byte
        while self._next < len(nodes) and nodes[self._next].start_byte >= start and nodes[self._next].end_byte <= end:
            self._next += 1


def _walked(node: Node, types: frozenset[str]) -> list[Node]:
    """The same nodes as the query finds, by visiting every named node (cheaper for a few)."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.type in types:
            out.append(n)
        stack.extend(reversed(n.named_children))
    return out


def _depth(node: Node) -> int:
    depth = 0
    while (node := node.parent) is not None:  # type: ignore[assignment]
        depth += 1
    return depth


def _same_spans_in_walk_order(nodes: list[Node]) -> list[Node]:
    """`nodes` (sorted by span) with each run of equal spans ordered outermost first."""
    return sorted(nodes, key=lambda n: (n.start_byte, -n.end_byte, _depth(n)))
