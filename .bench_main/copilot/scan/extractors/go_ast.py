"""tree-sitter plumbing for the Go extractor: the parser singleton and small node helpers.

Everything here works on `tree_sitter.Node`s of the `tree-sitter-go` grammar and never raises
on odd trees: helpers return ``None``/empty values when a node is not of the expected shape.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

_LANGUAGE: Language | None = None
_PARSER: Parser | None = None
_QUERY: Query | None = None

# Node kinds the extractor looks at, captured in one C-side pass over the tree (much faster than
# walking every node from Python).
_CAPTURES = {
    "call": "call_expression",
    "lit": "composite_literal",
    "for": "for_statement",
    "func": "function_declaration",
    "method": "method_declaration",
    "short": "short_var_declaration",
    "assign": "assignment_statement",
    "var": "var_spec",
    "const": "const_spec",
    "send": "send_statement",
    "recv": "receive_statement",
    "if": "if_statement",
    "import": "import_spec",
    "type": "type_spec",
    "range": "range_clause",
}

FUNC_KINDS = ("function_declaration", "method_declaration")


def language() -> Language:
    global _LANGUAGE
    if _LANGUAGE is None:
        _LANGUAGE = Language(tree_sitter_go.language())
    return _LANGUAGE


def parse(data: bytes) -> Tree:
    """Parse Go source with the process-wide parser (built on first use)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = Parser(language())
    return _PARSER.parse(data)


def capture(root: Node) -> dict[str, list[Node]]:
    """All nodes of the kinds in `_CAPTURES`, by capture name, in document order."""
    global _QUERY
    if _QUERY is None:
        _QUERY = Query(language(), " ".join(f"({kind}) @{name}" for name, kind in _CAPTURES.items()))
    found = QueryCursor(_QUERY).captures(root)
    out = {name: sorted(found.get(name, []), key=lambda n: n.start_byte) for name in _CAPTURES}
    return out


def capture_toplevel(root: Node) -> dict[str, list[Node]]:
    """Only the package-level const/var specs and imports (for files with no Kafka code)."""
    out: dict[str, list[Node]] = {name: [] for name in _CAPTURES}
    for decl in root.named_children:
        if decl.type == "import_declaration":
            specs = (
                decl.named_children[0].named_children
                if decl.named_children and decl.named_children[0].type == "import_spec_list"
                else decl.named_children
            )
            out["import"].extend(s for s in specs if s.type == "import_spec")
        elif decl.type == "const_declaration":
            out["const"].extend(s for s in decl.named_children if s.type == "const_spec")
        elif decl.type == "var_declaration":
            for spec in decl.named_children:
                if spec.type == "var_spec_list":
                    out["var"].extend(s for s in spec.named_children if s.type == "var_spec")
                elif spec.type == "var_spec":
                    out["var"].append(spec)
    return out


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def line(node: Node) -> int:
    return node.start_point[0] + 1


def end_line(node: Node) -> int:
    return node.end_point[0] + 1


def unwrap(node: Node | None) -> Node | None:
    """Strip parentheses, `literal_element` wrappers and single-item expression lists."""
    while node is not None:
        if node.type in ("parenthesized_expression", "literal_element") or (
            node.type == "expression_list" and node.named_child_count == 1
        ):
            node = node.named_children[0] if node.named_child_count else None
        else:
            return node
    return None


def unwrap_ref(node: Node | None) -> Node | None:
    """`&x` / `*x` / `(x)` -> `x`."""
    node = unwrap(node)
    while node is not None and node.type == "unary_expression":
        op = node.child_by_field_name("operator")
        if text(op) not in ("&", "*"):
            break
        node = unwrap(node.child_by_field_name("operand"))
    return node


def string_value(node: Node | None) -> str | None:
    """The value of a Go string literal node, escapes decoded; None for anything else."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "raw_string_literal":
        body = text(node)
        return body[1:-1] if len(body) >= 2 else ""
    if node.type != "interpreted_string_literal":
        return None
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "escape_sequence":
            try:
                parts.append(codecs.decode(text(child), "unicode_escape"))
            except (UnicodeDecodeError, ValueError):
                parts.append(text(child))
        else:
            parts.append(text(child))
    return "".join(parts)


def int_value(node: Node | None) -> int | None:
    node = unwrap(node)
    if node is None:
        return None
    if node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "-":
        inner = int_value(node.child_by_field_name("operand"))
        return -inner if inner is not None else None
    if node.type == "int_literal":
        try:
            return int(text(node).replace("_", ""), 0)
        except ValueError:
            return None
    return None


def callee(call: Node) -> tuple[Node | None, str]:
    """(receiver node or None, function/method name) of a call expression."""
    fn = unwrap(call.child_by_field_name("function"))
    if fn is None:
        return None, ""
    if fn.type == "selector_expression":
        return fn.child_by_field_name("operand"), text(fn.child_by_field_name("field"))
    if fn.type == "identifier":
        return None, text(fn)
    return None, ""


def callee_text(call: Node) -> str:
    return text(call.child_by_field_name("function"))


def args(call: Node) -> list[Node]:
    arg_list = call.child_by_field_name("arguments")
    if arg_list is None:
        return []
    return [c for c in arg_list.named_children if c.type != "comment"]


def literal_type(lit: Node) -> str:
    """Type of a composite literal as written: ``kafka.Writer``, ``[]string``, ``Handler``."""
    return text(lit.child_by_field_name("type"))


def qualified(lit: Node) -> tuple[str, str]:
    """(package alias, type name) of a composite literal typed ``pkg.Type``; ("", "") otherwise."""
    typ = lit.child_by_field_name("type")
    if typ is not None and typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    if typ is None or typ.type != "qualified_type":
        return "", ""
    return text(typ.child_by_field_name("package")), text(typ.child_by_field_name("name"))


def keyed(lit: Node) -> dict[str, tuple[Node, Node]]:
    """Keyed elements of a composite literal: key as written (quotes stripped) -> (element, value)."""
    body = lit.child_by_field_name("body")
    out: dict[str, tuple[Node, Node]] = {}
    if body is None:
        return out
    for el in body.named_children:
        if el.type != "keyed_element":
            continue
        key = el.child_by_field_name("key")
        value = el.child_by_field_name("value")
        if key is None or value is None:
            continue
        name = string_value(key)
        if name is None:
            name = text(unwrap(key))
        out.setdefault(name, (el, unwrap(value) or value))
    return out


def elements(lit: Node) -> list[Node]:
    """Positional (non-keyed) elements of a composite literal."""
    body = lit.child_by_field_name("body")
    if body is None:
        return []
    return [unwrap(el) or el for el in body.named_children if el.type == "literal_element"]


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def syntax_warnings(root: Node, path: str, limit: int = 3) -> list[str]:
    """One warning per ERROR or MISSING node (at most `limit`), outermost first."""
    if not root.has_error:
        return []
    out: list[str] = []
    stack = [root]
    while stack and len(out) < limit:
        node = stack.pop()
        if node.is_error:
            snippet = text(node).split("\n", 1)[0][:40]
            out.append(f"{path}:{line(node)}: syntax error near {snippet!r}")
            continue
        if node.is_missing:
            out.append(f"{path}:{line(node)}: syntax error: missing {node.type!r}")
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return out
