"""Avro schemas written inline in Java/Kotlin code (a JSON string or text block passed to
``new Schema.Parser().parse(...)`` or kept in a constant), and linking them to endpoints."""

from __future__ import annotations

import json

from copilot.model.facts import SchemaFact, SchemaRef
from copilot.scan.extractors.jvm_context import FileCtx

_NAMED_TYPES = ("record", "error", "enum", "fixed")


def detect(ctx: FileCtx) -> None:
    seen: set[tuple[str, int]] = set()
    for expr, cls, method in ctx.ir.strings:
        v = ctx.ev.value(expr, cls, method)
        if v.value is None or '"type"' not in v.value:
            continue
        try:
            doc = json.loads(v.value)
        except ValueError:
            continue
        if not isinstance(doc, dict) or doc.get("type") not in _NAMED_TYPES or not isinstance(doc.get("name"), str):
            continue
        name = doc["name"]
        namespace = doc.get("namespace")
        full_name = name if "." in name or not isinstance(namespace, str) or not namespace else f"{namespace}.{name}"
        if (full_name, expr.line) in seen:
            continue
        seen.add((full_name, expr.line))
        fields = [f["name"] for f in doc.get("fields", []) if isinstance(f, dict) and isinstance(f.get("name"), str)]
        ctx.facts.schemas.append(SchemaFact(full_name, ctx.loc(expr.line), expr.end_line, v.value, True, fields))


def link(ctx: FileCtx) -> None:
    """Producers without a typed schema use the file's inline schema when there is exactly one
    (an inline schema is what a GenericRecord producer builds its records with)."""
    inline = [s for s in ctx.facts.schemas if s.inline]
    if len(inline) != 1:
        return
    schema = inline[0]
    for ep in ctx.facts.endpoints:
        if ep.role == "produce" and ep.schema is None and ep.library in ("kafka-clients", "spring-kafka"):
            ep.schema = SchemaRef("inline", schema.full_name, schema.loc)
