"""A .go file's tree, queried once: the nodes the handler, call and field-read passes look at,
its imports and struct fields, and small node helpers (tree-sitter-go)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from tree_sitter import Node, Query, QueryCursor

from copilot.lang import treesitter as ts
from copilot.lang.golang import package_name, string_value

_KINDS = {
    "call_expression": "call",
    "send_statement": "send",
    "if_statement": "if",
    "for_statement": "for",
    "range_clause": "range",
    "receive_statement": "recv",
    "import_spec": "import",
    "type_spec": "type",
    "function_declaration": "func",
    "method_declaration": "func",
    "short_var_declaration": "bind",
    "var_spec": "bind",
}
_JSON_TAG = re.compile(r'json:"([^",]*)')


@cache
def _query() -> Query:
    return Query(ts.parser("tree_sitter_go").language, " ".join(f"({node}) @{kind}" for node, kind in _KINDS.items()))


@dataclass
class GoCode:
    """One walk over a file's tree: the nodes the passes look at, by kind, in document order."""

    nodes: dict[str, list[Node]] = field(default_factory=dict)
    imports: dict[str, tuple[str, int]] = field(default_factory=dict)  # alias -> (path, line)
    structs: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> json name

    @classmethod
    def of(cls, root: Node) -> GoCode:
        code = cls({k: [] for k in set(_KINDS.values())})
        found = QueryCursor(_query()).captures(root)  # one pass in C, not a walk of every node in Python
        for kind, nodes in found.items():
            code.nodes[kind].extend(nodes)
        for nodes in code.nodes.values():
            nodes.sort(key=lambda n: n.start_byte)
        for spec in code.nodes["import"]:
            path_node = spec.child_by_field_name("path")
            path = string_value(path_node) if path_node is not None else ""
            alias_node = spec.child_by_field_name("name")
            alias = ts.text(alias_node) if alias_node is not None else package_name(path)
            if path and alias not in ("_", "."):
                code.imports[alias] = (path, ts.line(spec))
        for spec in code.nodes["type"]:
            code._struct(spec)
        return code

    def _struct(self, spec: Node) -> None:
        typ = spec.child_by_field_name("type")
        if typ is None or typ.type != "struct_type":
            return
        fields: dict[str, str] = {}
        for decl_list in typ.named_children:
            for decl in decl_list.named_children:
                if decl.type != "field_declaration":
                    continue
                tag = _JSON_TAG.search(ts.text(decl.child_by_field_name("tag")))
                json_name = tag.group(1) if tag and tag.group(1) != "-" else ""
                for name_node in decl.children_by_field_name("name"):
                    fields[ts.text(name_node)] = json_name or ts.text(name_node)
        self.structs[ts.text(spec.child_by_field_name("name"))] = fields

    def calls_named(self, *names: str) -> list[Node]:
        return [c for c in self.nodes["call"] if callee(c)[1] in names]

    def function_of(self, node: Node) -> Node | None:
        for anc in ancestors(node):
            if anc.type in ("function_declaration", "method_declaration"):
                return anc
        return None

    def uses(self, prefix: str) -> bool:
        return any(p.startswith(prefix) for p, _ in self.imports.values())


# -- node helpers -----------------------------------------------------------------------------


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def unwrap(node: Node | None) -> Node | None:
    """Strip parentheses, `literal_element` wrappers and single-item expression lists."""
    while node is not None:
        if node.type in ("parenthesized_expression", "literal_element") or (node.type == "expression_list" and node.named_child_count == 1):
            node = node.named_children[0] if node.named_child_count else None
        else:
            return node
    return None


def unwrap_ref(node: Node | None) -> Node | None:
    """`&x` / `*x` / `(x)` -> `x`."""
    node = unwrap(node)
    while node is not None and node.type == "unary_expression" and ts.text(node.child_by_field_name("operator")) in ("&", "*"):
        node = unwrap(node.child_by_field_name("operand"))
    return node


def callee(call: Node) -> tuple[Node | None, str]:
    """(receiver node or None, function/method name) of a call expression."""
    fn = unwrap(call.child_by_field_name("function"))
    if fn is None:
        return None, ""
    if fn.type == "selector_expression":
        return fn.child_by_field_name("operand"), ts.text(fn.child_by_field_name("field"))
    if fn.type == "identifier":
        return None, ts.text(fn)
    return None, ""


def args(call: Node) -> list[Node]:
    arg_list = call.child_by_field_name("arguments")
    return [c for c in arg_list.named_children if c.type != "comment"] if arg_list is not None else []
