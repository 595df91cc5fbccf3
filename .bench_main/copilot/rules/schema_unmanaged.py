"""schema-unmanaged: a topic written with no schema, or a schema hard-coded inline."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import RuleContext, alternatives, finding
from copilot.rules.formats import MANAGED, wire_format
from copilot.rules.renames import renamed_endpoint
from copilot.scan.resolve import ResolvedEndpoint

RULE = "schema-unmanaged"
SUMMARY = "A new producer writing JSON/strings with no schema; a schema hard-coded inline."
SCHEMALESS = {"json", "string", "bytes"}
PROMPT = (
    "a topic written with no schema, or a schema hard-coded inline"
)


def _has_schema(ctx: RuleContext, h: ResolvedEndpoint, fmt: str | None) -> bool:
    """A registry format, or a schema reference that names an Avro schema of the repository (a
    Faust Record or a Java class serialized as JSON is a code type, not a managed schema)."""
    if fmt in MANAGED:
        return True
    ref = h.ep.schema
    if ref is None:
        return False
    if ref.kind != "name":
        return True
    key = ref.key
    return key in ctx.head.schemas or any(k.rsplit(".", 1)[-1] == key.rsplit(".", 1)[-1] for k in ctx.head.schemas)


def _existed(ctx: RuleContext, h: ResolvedEndpoint) -> bool:
    return any(
        b.role == "produce" and b.service == h.service and (b.topic_name == h.topic_name or (b.topic.name is None and h.topic.name is None and b.topic.text == h.topic.text))
        for b in ctx.base.endpoints
    )


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for b, h in ctx.pairs("produce"):
        if h is None or h.topic.name is None:
            continue
        newly = b is None and ctx.is_added(h.loc.path, h.loc.line)
        if not newly or renamed_endpoint(ctx, h) or _existed(ctx, h) or ctx.rewritten(h):
            continue
        fmt = wire_format(h, "value")
        if fmt not in SCHEMALESS or _has_schema(ctx, h, fmt):
            continue
        key = f"{h.service}|{h.topic_name}|no-schema"
        if key in seen:
            continue
        seen.add(key)
        me, topic = service_id(h.service), h.topic_id
        downstream = ctx.downstream_services(ctx.head.graph, topic)
        out.append(
            finding(
                RULE,
                "medium",
                f"{h.service}: new producer writes `{h.topic_name}` as {fmt} with no schema",
                f"{h.service} starts writing `{h.topic_name}` ({h.loc.path}:{h.loc.line}) as plain {fmt}: no schema "
                "is registered, so nothing checks that the next change to this payload stays readable "
                + ("by " + ", ".join(d.split(':', 1)[1] for d in downstream) if downstream else "by future consumers")
                + ".",
                [ctx.cite_loc("head", h.loc, h.ep.end_line or None)],
                key,
                graph_paths=ctx.impact_paths(ctx.head.graph, topic, [me]) or [[me, topic]],
                impacted=downstream,
                alts=alternatives(
                    ("Define an Avro schema file and use the registry's serializer", "Compatibility is checked on every change; one more artefact to own."),
                    ("Use JSON Schema with the registry", "Keeps JSON on the wire and still gets compatibility checks."),
                ),
                confidence=0.75,
            )
        )
    base_inline = {s.full_name for f in ctx.base.files.values() for s in f.schemas if s.inline}
    for path, facts in sorted(ctx.head.files.items()):
        for s in facts.schemas:
            if not s.inline or s.full_name in base_inline or not ctx.is_added(path, s.loc.line):
                continue
            service = ctx.head.services.service_of(path)
            out.append(
                finding(
                    RULE,
                    "low",
                    f"{service}: Avro schema `{s.full_name}` hard-coded inline in {path}",
                    f"The schema `{s.full_name}` is written inline in code ({path}:{s.loc.line}) instead of a schema "
                    "file: its history, reviews and compatibility checks are out of reach of tooling, and copies drift.",
                    [ctx.cite("head", path, s.loc.line, s.end_line)],
                    f"{service}|{s.full_name}|inline",
                    impacted=[],
                    alts=alternatives(
                        ("Move it to an .avsc file and load it", "Reviewed, diffable, checked for compatibility."),
                        ("Fetch it from the schema registry by subject", "One source of truth; a registry dependency at start-up."),
                    ),
                    confidence=0.8,
                )
            )
    return out
