"""serialization-change: a producer's format changes while its consumers still expect the old one."""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import (
    RuleContext,
    _touched,
    alternatives,
    finding,
    norm_value,
    setting_citations,
)
from copilot.rules.formats import MANAGED, class_format, wire_format

RULE = "serialization-change"
SUMMARY = "A producer's format changes while consumers still read the old one."
PROMPT = (
    "a producer's serializer/format changes while consumers expect the old one"
)


def _connector_changes(ctx: RuleContext) -> list[Finding]:
    """A source connector's converter changes (JsonConverter → AvroConverter) under its readers."""
    out: list[Finding] = []
    for name, before, after in ctx.connector_pairs():
        if after.direction != "source":
            continue
        for key in ("value.format", "key.format"):
            b, a = before.settings.get(key), after.settings.get(key)
            old, new = norm_value(b.value if b else None), norm_value(a.value if a else None)
            if not old or not new or old == new or "unknown" in (old, new):
                continue
            topics = sorted({r.name for r in after.topics if r.name})
            stale = [
                (c, norm_value(c.setting(key)))
                for c in ctx.head.endpoints
                if c.role == "consume" and c.topic_name in topics and norm_value(c.setting(key)) != new
            ]
            if not stale:
                continue
            me = service_id(name)
            readers = ", ".join(f"{c.service} ({fmt or 'format unknown'})" for c, fmt in stale)
            cites = [ctx.cite_loc("head", a.loc), ctx.cite_loc("base", b.loc)]  # type: ignore[union-attr]
            cites += [ctx.cite_loc("head", (c.settings.get(key).loc if c.settings.get(key) else c.loc)) for c, _ in stale]
            impacted = sorted({service_id(c.service) for c, _ in stale})
            out.append(
                finding(
                    RULE,
                    "high",
                    f"connector {name}: {key.split('.')[0]} format of {', '.join(f'`{t}`' for t in topics)} changes from {old} to {new}",
                    f"The Kafka Connect source `{name}` switches its converter from {old} to {new}, but {readers} "
                    "still deserialize the old format: every record written after the connector restarts fails there.",
                    cites,
                    f"{name}|{key}|connector",
                    graph_paths=[[me, c.topic_id, service_id(c.service)] for c, _ in stale],
                    impacted=impacted,
                    alts=alternatives(
                        ("Route the new format to a new topic (a second connector or RegexRouter) and migrate readers", "No broken reader; two topics during the migration."),
                        ("Upgrade the readers to the new format first, then switch the converter", "One topic; the readers must ship first."),
                    ),
                )
            )
    return out


REGISTRY_SERIALIZER = re.compile(r"\b\w*(avro|protobuf|jsonschema)\w*\.?\s*\w*(Serializer|Serde)\w*", re.IGNORECASE)


def _registry_serializer_added(ctx: RuleContext, path: str) -> tuple[int, str] | None:
    """(line, text) of a Schema Registry serializer this change writes into the producer's file,
    for a producer whose format the scan can no longer label (a serde API it does not model)."""
    lines = ctx.lines("head", path) or []
    for n in sorted(ctx.added.get(path, ())):
        if n <= len(lines) and (m := REGISTRY_SERIALIZER.search(lines[n - 1])) and class_format(m.group(0)) in MANAGED:
            return n, m.group(0)
    return None


def _format_changes(ctx: RuleContext):  # type: ignore[no-untyped-def]
    """(base, head, part, old, new, citations) for producers whose key/value wire format changes in
    lines this change touched."""
    seen: set[tuple[str, str, str]] = set()
    for b, h in ctx.pairs("produce"):
        if b is None or h is None:
            continue
        for part in ("value", "key"):
            old, new = wire_format(b, part, defaults=False), wire_format(h, part, defaults=False)
            written = None
            if old and not new and part == "value":
                written = _registry_serializer_added(ctx, h.loc.path)
                new = class_format(written[1]) if written else None
            if not old or not new or old == new:
                continue
            keys = (f"{part}.format", f"{part}.serializer")
            before = [b.settings[k] for k in keys if k in b.settings]
            after = [h.settings[k] for k in keys if k in h.settings]
            touched = ctx.is_added(h.loc.path, h.loc.line) or any(
                _touched(ctx, b.settings.get(k), h.settings.get(k)) for k in keys
            )
            if not touched:
                continue  # nothing the change edited says so: the scan lost track, not the code
            mark = (h.service, h.topic_name, part)
            if mark in seen:
                continue
            seen.add(mark)
            cites = setting_citations(ctx, before[-1] if before else None, after[-1] if after else None)
            if written:
                cites.insert(0, ctx.cite("head", h.loc.path, written[0]))
            if not cites:
                cites = [ctx.cite_loc("head", h.loc), ctx.cite_loc("base", b.loc)]
            yield b, h, part, old, new, cites


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = _connector_changes(ctx)
    for _b, h, part, old, new, cites in _format_changes(ctx):
        topic = h.topic_id
        me = service_id(h.service)
        stale, switched = [], []
        for b, c in ctx.pairs("consume"):
            if c is None or c.topic_name != h.topic_name:
                continue
            fmt = wire_format(c, part, defaults=False)
            if fmt == new and b is not None and wire_format(b, part, defaults=False) == old:
                switched.append(c)
            elif fmt != new:
                stale.append((c, fmt))
        if stale:
            readers = ", ".join(f"{c.service} ({fmt or 'format unknown'})" for c, fmt in stale)
            severity = "high"
            reasoning = (
                f"{h.service} switches the {part} format of `{h.topic_name}` from {old} to {new}, but "
                f"{readers} still read it the old way: every record written after the deploy fails to "
                "deserialize there (poison records, a stuck partition or a dead-letter flood)."
            )
        elif switched:
            readers = ", ".join(sorted({c.service for c in switched}))
            severity = "high"
            reasoning = (
                f"{h.service} switches the {part} serializer of `{h.topic_name}` from {old} to {new}, and {readers} "
                f"switch{'es' if len(switched) == 1 else ''} the deserializer in the same change. `{h.topic_name}` is a live "
                f"topic: the records already on it are {old}, and so are those old {h.service} instances keep "
                f"writing during the rolling deploy — the new {new} deserializer of {readers} cannot read them "
                "(poison records, a stuck partition or skipped data)."
            )
        else:
            severity = "low"
            reasoning = (
                f"{h.service} switches the {part} format of `{h.topic_name}` from {old} to {new}; no consumer in "
                "this repository reads it the old way. Consumers outside the repository, and the records already "
                "on the topic, are still in the old format."
            )
        for c, _ in stale:
            ser = c.settings.get(f"{part}.format") or c.settings.get(f"{part}.deserializer")
            cites.append(ctx.cite_loc("head", ser.loc if ser else c.loc))
        for c in switched:
            ser = c.settings.get(f"{part}.deserializer") or c.settings.get(f"{part}.format")
            cites.append(ctx.cite_loc("head", ser.loc if ser else c.loc))
        impacted = sorted({service_id(c.service) for c, _ in stale} | {service_id(c.service) for c in switched})
        out.append(
            finding(
                RULE,
                severity,
                f"{h.service}: `{h.topic_name}` {part} format changes from {old} to {new}"
                + (f" (and {', '.join(sorted({c.service for c in switched}))}'s deserializer with it)" if switched and not stale else ""),
                reasoning,
                list({(c.path, c.start_line, c.side): c for c in cites if c is not None}.values()),
                f"{h.service}|{h.topic_name}|{part}.format",
                graph_paths=[[me, topic, i] for i in impacted] or [[me, topic]],
                impacted=impacted,
                alts=alternatives(
                    ("Write the new format to a new topic and migrate consumers one by one", "No broken reader; two topics to run during the migration."),
                    ("Make the consumers accept both formats first (try new, fall back to old), then switch the producer", "One topic; needs a consumer release before the producer's."),
                ),
            )
        )
    return out
