"""serialization-change: a producer's format changes while its consumers still expect the old one."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    iter_changed_settings,
    norm_value,
    setting_citations,
)

RULE = "serialization-change"
SUMMARY = "A producer's format changes while consumers still read the old one."


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
            me = f"service:{name}"
            readers = ", ".join(f"{c.service} ({fmt or 'format unknown'})" for c, fmt in stale)
            cites = [ctx.cite_loc("head", a.loc), ctx.cite_loc("base", b.loc)]  # type: ignore[union-attr]
            cites += [ctx.cite_loc("head", (c.settings.get(key).loc if c.settings.get(key) else c.loc)) for c, _ in stale]
            impacted = sorted({f"service:{c.service}" for c, _ in stale})
            out.append(
                finding(
                    RULE,
                    "high",
                    f"connector {name}: {key.split('.')[0]} format of {', '.join(f'`{t}`' for t in topics)} changes from {old} to {new}",
                    f"The Kafka Connect source `{name}` switches its converter from {old} to {new}, but {readers} "
                    "still deserialize the old format: every record written after the connector restarts fails there.",
                    cites,
                    f"{name}|{key}|connector",
                    graph_paths=[[me, f"topic:{c.topic_name}", f"service:{c.service}"] for c, _ in stale],
                    impacted=impacted,
                    alts=alternatives(
                        ("Route the new format to a new topic (a second connector or RegexRouter) and migrate readers", "No broken reader; two topics during the migration."),
                        ("Upgrade the readers to the new format first, then switch the converter", "One topic; the readers must ship first."),
                    ),
                )
            )
    return out


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = _connector_changes(ctx)
    for _b, h, key, before, after in iter_changed_settings(ctx, "produce", ["value.format", "key.format"]):
        old = norm_value(before.value) if before else None
        new = norm_value(after.value) if after else None
        if not old or not new or "unknown" in (old, new):
            continue
        topic = f"topic:{h.topic_name}"
        me = f"service:{h.service}"
        stale = []
        for c in ctx.head.endpoints:
            if c.role != "consume" or c.topic_name != h.topic_name:
                continue
            fmt = norm_value(c.setting(key))
            if fmt != new:
                stale.append((c, fmt))
        part = key.split(".")[0]
        if stale:
            readers = ", ".join(f"{c.service} ({fmt or 'format unknown'})" for c, fmt in stale)
            severity = "high"
            reasoning = (
                f"{h.service} switches the {part} format of `{h.topic_name}` from {old} to {new}, but "
                f"{readers} still read it the old way: every record written after the deploy fails to "
                "deserialize there (poison records, a stuck partition or a dead-letter flood)."
            )
        else:
            severity = "low"
            reasoning = (
                f"{h.service} switches the {part} format of `{h.topic_name}` from {old} to {new}; every consumer in "
                "this repository already reads the new format. Consumers outside the repository would break."
            )
        cites = setting_citations(ctx, before, after)
        for c, _ in stale:
            ser = c.settings.get(key)
            cites.append(ctx.cite_loc("head", ser.loc if ser else c.loc))
        impacted = [f"service:{c.service}" for c, _ in stale]
        out.append(
            finding(
                RULE,
                severity,
                f"{h.service}: `{h.topic_name}` {part} format changes from {old} to {new}",
                reasoning,
                cites,
                f"{h.service}|{h.topic_name}|{key}",
                graph_paths=[[me, topic, i] for i in impacted] or [[me, topic]],
                impacted=impacted,
                alts=alternatives(
                    ("Write the new format to a new topic and migrate consumers one by one", "No broken reader; two topics to run during the migration."),
                    ("Upgrade the consumers to accept both formats first, then switch the producer", "One topic; needs a consumer release before the producer's."),
                ),
            )
        )
    return out
