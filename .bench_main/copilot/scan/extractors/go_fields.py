"""Record fields read by consumer code, after ``json.Unmarshal(m.Value, &v)``.

- ``v`` a ``map[string]any`` / ``map[string]interface{}``: ``v["amount"]`` reads ``amount``.
- ``v`` a struct type declared in this file: ``v.Amount`` reads the field's JSON name
  (its ``json:"amount_cents"`` tag, else the Go field name).

Only decodes of a message value (the data argument mentions ``.Value``) or decodes inside a
handler count, so decoding an HTTP body elsewhere in the file is not taken for a record read.
Reads are looked for in the same function, after the Unmarshal call.
"""

from __future__ import annotations

from tree_sitter import Node, Query, QueryCursor

from copilot.model.facts import FieldRead, HandlerFact
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import GoFile

_QUERY: Query | None = None


def _reads_query() -> Query:
    global _QUERY
    if _QUERY is None:
        _QUERY = Query(
            ga.language(),
            "(index_expression operand: (identifier) @map index: (interpreted_string_literal) @key) @index "
            "(selector_expression operand: (identifier) @struct field: (field_identifier) @field) @sel",
        )
    return _QUERY


def extract(ctx: GoFile, handlers: list[HandlerFact]) -> list[FieldRead]:
    out: list[FieldRead] = []
    seen: set[tuple[str, int]] = set()
    for call in ctx.index.calls_by_name.get("Unmarshal", []):
        receiver, _ = ga.callee(call)
        call_args = ga.args(call)
        if receiver is None or "json" not in ga.text(receiver).lower() or len(call_args) < 2:
            continue
        line = ga.line(call)
        in_handler = any(h.loc.line <= line <= h.end_line for h in handlers)
        if ".Value" not in ga.text(call_args[0]) and not in_handler:
            continue
        target = ga.unwrap_ref(call_args[1])
        fn = ctx.index.func_of(call)
        if target is None or target.type != "identifier" or fn is None:
            continue
        for read in _reads(ctx, call, ga.text(target), fn.node):
            if (read.name, read.line) not in seen:
                seen.add((read.name, read.line))
                out.append(read)
    return out


def _shape(ctx: GoFile, call: Node, name: str) -> tuple[str, dict[str, str]]:
    """("map", {}) or ("struct", field -> json name) for the variable decoded into."""
    bindings = ctx.index.bindings_before(name, call)
    if not bindings:
        return "", {}
    binding = bindings[-1]
    typ = ga.text(binding.type) if binding.type is not None else ""
    if not typ and binding.value is not None:
        value = ga.unwrap_ref(binding.value)
        if value is not None and value.type == "composite_literal":
            typ = ga.literal_type(value)
        elif value is not None and value.type == "call_expression" and ga.callee(value)[1] in ("make", "new"):
            first = ga.args(value)[:1]
            typ = ga.text(first[0]) if first else ""
    typ = typ.lstrip("*")
    if typ.startswith("map[string]"):
        return "map", {}
    if typ in ctx.index.structs:
        return "struct", ctx.index.structs[typ]
    return "", {}


def _reads(ctx: GoFile, call: Node, name: str, scope: Node) -> list[FieldRead]:
    kind, fields = _shape(ctx, call, name)
    if not kind:
        return []
    cursor = QueryCursor(_reads_query())
    cursor.set_byte_range(call.end_byte, scope.end_byte)
    out: list[FieldRead] = []
    for _, caps in cursor.matches(scope):
        if kind == "map" and "map" in caps and ga.text(caps["map"][0]) == name:
            key = ga.string_value(caps["key"][0])
            if key is not None:
                out.append(FieldRead(key, ga.line(caps["index"][0])))
        elif kind == "struct" and "struct" in caps and ga.text(caps["struct"][0]) == name:
            field = ga.text(caps["field"][0])
            if field in fields:
                out.append(FieldRead(fields[field], ga.line(caps["sel"][0])))
    out.sort(key=lambda r: r.line)
    return out
