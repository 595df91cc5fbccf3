"""Shared tree-sitter plumbing for the front-ends: one parser per grammar, node text and lines."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from copilot.lang.ir import Module

if TYPE_CHECKING:  # the binding loads with the first parser: listing the front-ends needs none
    from tree_sitter import Node, Parser

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
