"""Source-text helpers for the Python extractor.

``ast.get_source_segment`` re-splits the whole file on every call, which is quadratic on a
module with many call sites; `Source` splits once and slices the UTF-8 bytes, because ast
column offsets are UTF-8 byte offsets.
"""

from __future__ import annotations

import ast
import re

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class Source:
    """The decoded text of one file, with exact node segments."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Split only on the newlines the tokenizer recognises (not \f, \x1c, ... as str.splitlines does).
        self._lines = _LINE_RE.findall(text)
        self._encoded: dict[int, bytes] = {}

    def _line(self, index: int) -> bytes:
        data = self._encoded.get(index)
        if data is None:
            data = self._lines[index].encode("utf-8", "replace") if 0 <= index < len(self._lines) else b""
            self._encoded[index] = data
        return data

    def segment(self, node: ast.AST) -> str:
        """The node's source text as written ("" when the node has no position)."""
        lineno = getattr(node, "lineno", None)
        end_lineno = getattr(node, "end_lineno", None)
        col = getattr(node, "col_offset", None)
        end_col = getattr(node, "end_col_offset", None)
        if lineno is None or end_lineno is None or col is None or end_col is None:
            return ""
        first, last = lineno - 1, end_lineno - 1
        if first == last:
            return self._line(first)[col:end_col].decode("utf-8", "replace")
        parts = [self._line(first)[col:]]
        parts.extend(self._line(i) for i in range(first + 1, last))
        parts.append(self._line(last)[:end_col])
        return b"".join(parts).decode("utf-8", "replace")


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def callee_text(node: ast.AST) -> str:
    """A compact dotted rendering of a callee: ``self.consumer.commit``, ``LAG.labels().set``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{callee_text(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{callee_text(node.func)}()"
    if isinstance(node, ast.Subscript):
        return f"{callee_text(node.value)}[]"
    if isinstance(node, ast.Await):
        return callee_text(node.value)
    if isinstance(node, ast.Constant):
        return repr(node.value)
    return "<expr>"


def root_name(node: ast.AST) -> str | None:
    """The leftmost Name of an attribute/call/subscript chain."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def parent(node: ast.AST) -> ast.AST | None:
    """The parent recorded by the index walk (None at the module)."""
    return getattr(node, "_cp_parent", None)


def kwarg(call: ast.Call, *names: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def arg(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    """Positional argument `index` (unless a *starred arg comes first) or keyword `names`."""
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return kwarg(call, *names)


def str_const(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def is_none(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
