"""serialization-change: a producer's format changes while its consumers still expect the old one."""

from __future__ import annotations

from copilot.review.model import Finding
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    iter_changed_settings,
    norm_value,
    setting_citations,
)

RULE = "serialization-change"


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
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
