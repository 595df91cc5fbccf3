"""offset-reset-change: `auto.offset.reset` (or equivalent) changes."""

from __future__ import annotations

import re

from copilot.model.facts import Setting
from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    iter_changed_settings,
    setting_citations,
)
from copilot.rules.client_defaults import describe, effective, normal

RULE = "offset-reset-change"
SUMMARY = "`auto.offset.reset` changes."
EARLY = {"earliest", "smallest", "beginning", "first"}
RESET_SPELLED = re.compile(r"auto[._-]?offset[._-]?reset['\"]?\s*[:=,]\s*['\"]?(\w+)", re.IGNORECASE)
PROMPT = "auto.offset.reset or equivalent changes"


def _respelled(ctx: RuleContext, after: Setting | None, value: str | None) -> bool:
    """The base side set the same policy on a line this change removed, in a spelling the scan does
    not read (librdkafka's nested `default.topic.config`, `smallest` for `earliest`): moved, not changed."""
    if after is None or value is None:
        return False
    base_path = next((b for b, h in ctx.renamed.items() if h == after.loc.path), after.loc.path)
    lines = ctx.lines("base", base_path) or []
    for n in ctx.removed.get(base_path, ()):
        if n <= len(lines):
            m = RESET_SPELLED.search(lines[n - 1])
            if m and normal(m.group(1)) == value:
                return True
    return False


def check(ctx: RuleContext) -> list[Finding]:
    out = []
    for b, h, _key, before, after in iter_changed_settings(ctx, "consume", ["auto.offset.reset"]):
        if before is None and _respelled(ctx, after, effective(h, "auto.offset.reset", after)):
            continue
        old, new = describe(b, "auto.offset.reset", before), describe(h, "auto.offset.reset", after)
        me = service_id(h.service)
        topic = h.topic_id
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
