"""offset-reset-change: `auto.offset.reset` (or equivalent) changes."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    iter_changed_settings,
    setting_citations,
)
from copilot.rules.client_defaults import describe, effective

RULE = "offset-reset-change"
SUMMARY = "`auto.offset.reset` changes."
EARLY = {"earliest", "smallest", "beginning", "first"}


def check(ctx: RuleContext) -> list[Finding]:
    out = []
    for b, h, _key, before, after in iter_changed_settings(ctx, "consume", ["auto.offset.reset"]):
        old, new = describe(b, "auto.offset.reset", before), describe(h, "auto.offset.reset", after)
        me = f"service:{h.service}"
        topic = f"topic:{h.topic_name}"
        to_early = effective(h, "auto.offset.reset", after) in EARLY
        effect = (
            "a new group, a reset group or expired offsets now replay the whole retained topic"
            if to_early
            else "a new group, a reset group or expired offsets now skip everything already on the topic"
        )
        downstream = ctx.downstream_services(ctx.head.graph, me)
        out.append(
            finding(
                RULE,
                "medium",
                f"{h.service}: auto.offset.reset for `{h.topic_name}` changes from {old} to {new}",
                f"{h.service} reads `{h.topic_name}`; with auto.offset.reset={effective(h, 'auto.offset.reset', after)}, {effect}. "
                "It only matters when the group has no valid committed offset — which is exactly what a "
                "deploy with a new group, a retention gap or an offset reset produces.",
                setting_citations(ctx, before, after),
                f"{h.service}|{h.topic_name}|auto.offset.reset",
                graph_paths=[[topic, me]] + ctx.impact_paths(ctx.head.graph, me, [topic]),
                impacted=[me, *downstream],
                alts=alternatives(
                    ("Keep the previous reset policy", "No behaviour change; the reason for the change stays unaddressed."),
                    ("Set offsets explicitly once with kafka-consumer-groups", "A deliberate one-time replay or skip instead of a standing policy change."),
                ),
                confidence=0.85,
            )
        )
    return out
