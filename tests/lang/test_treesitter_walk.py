"""`treesitter.Walk`: the nodes of some types in a body, found by a query (in C) for a big body and by
visiting every named node for a small one, in the order a depth-first walk meets them either way."""

from __future__ import annotations

from tree_sitter import Node

from copilot.lang import treesitter as ts

GO = b"""package shop

func publish(w *Writer, orders []Order) error {
	for _, o := range orders {
		if err := w.Write(encode(o.ID), func() string { return topic(o) }()); err != nil {
			return wrap(err)
		}
	}
	go func() { w.Flush() }()
	return nil
}
"""

TYPES = frozenset(("call_expression", "expression_statement", "func_literal", "return_statement", "range_clause"))


def _every_named(node: Node, types: frozenset[str]) -> list[tuple[int, int, str]]:
    """What the front-ends' walks did: every named node, depth first, a node before its children."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.type in types:
            out.append((n.start_byte, n.end_byte, n.type))
        stack.extend(reversed(n.named_children))
    return out


def _body() -> Node:
    grammar = ts.parser("tree_sitter_go")
    root = grammar.parse(GO).root_node
    func = next(c for c in root.named_children if c.type == "function_declaration")
    body = func.child_by_field_name("body")
    assert body is not None
    return body


def _spans(nodes: object) -> list[tuple[int, int, str]]:
    return [(n.start_byte, n.end_byte, n.type) for n in nodes]  # type: ignore[attr-defined]


def test_the_query_and_the_visit_meet_the_same_nodes_in_walk_order(monkeypatch) -> None:
    body = _body()
    expected = _every_named(body, TYPES)
    # `go func(){...}()` is an expression statement holding a call over the same bytes: outer first
    assert ("expression_statement", "call_expression") in {(a[2], b[2]) for a, b in zip(expected, expected[1:], strict=False) if a[:2] == b[:2]}
    grammar = ts.parser("tree_sitter_go")
    monkeypatch.setattr(ts, "QUERY_MIN_NODES", 0)  # the query
    assert _spans(ts.Walk(body, TYPES, grammar)) == expected
    monkeypatch.setattr(ts, "QUERY_MIN_NODES", 10**9)  # the visit
    assert _spans(ts.Walk(body, TYPES, grammar)) == expected


def test_skip_leaves_out_what_a_node_holds(monkeypatch) -> None:
    body = _body()
    grammar = ts.parser("tree_sitter_go")
    for threshold in (0, 10**9):
        monkeypatch.setattr(ts, "QUERY_MIN_NODES", threshold)
        walk = ts.Walk(body, TYPES, grammar)
        met = []
        for n in walk:
            met.append(n.type)
            if n.type == "func_literal":
                walk.skip(n)  # its calls and returns are not met
        assert met.count("func_literal") == 2
        assert met.count("return_statement") == 2  # `return wrap(err)`, `return nil`: not the literal's
        calls = [ts.text(n) for n in ts.Walk(body, frozenset({"call_expression"}), grammar)]
        assert "topic(o)" in calls and "w.Flush()" in calls


def test_types_a_grammar_does_not_have_are_never_met(monkeypatch) -> None:
    """One list of types serves grammars that differ (JavaScript and TypeScript): the query leaves
    out the types this grammar lacks instead of failing."""
    monkeypatch.setattr(ts, "QUERY_MIN_NODES", 0)
    body = _body()
    grammar = ts.parser("tree_sitter_go")
    walk = ts.Walk(body, frozenset({"method_invocation", "return_statement"}), grammar)  # a Java node type
    assert [n.type for n in walk] == ["return_statement", "return_statement", "return_statement"]
