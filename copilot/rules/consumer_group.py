"""consumer-group-change: a consumer's group id changes, so its committed offsets no longer apply."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding, iter_changed_settings, setting_citations
from copilot.rules.client_defaults import effective

RULE = "consumer-group-change"
SUMMARY = "A group id changes: offsets restart, data replayed or skipped."


def _add_topic(f: Finding, h) -> None:  # type: ignore[no-untyped-def]
    """One group change is one finding, whatever number of topics the group reads."""
    topic = f"topic:{h.topic_name}"
    if [topic, f"service:{h.service}"] not in f.graph_paths:
        f.graph_paths.insert(0, [topic, f"service:{h.service}"])
        f.title = f.title.replace(" of `", " of `" + h.topic_name + "`, `", 1) if h.topic_name not in f.title else f.title


def check(ctx: RuleContext) -> list[Finding]:
    out = []
    done: dict[tuple[str, str, str], Finding] = {}
    for _b, h, _key, before, after in iter_changed_settings(ctx, "consume", ["group.id"]):
        if before is None:  # a group set for the first time is a new consumer, not a changed one
            continue
        old, new = before.value, after.value if after else "(none)"
        mark = (h.service, old, new)
        if mark in done:
            _add_topic(done[mark], h)
            continue
        topic = f"topic:{h.topic_name}"
        me = f"service:{h.service}"
        reset = effective(h, "auto.offset.reset") or "latest"
        if reset == "earliest":
            effect = "it starts from the earliest retained offset and replays every record still on the topic"
        elif reset == "none":
            effect = "it fails at start-up (no offset for the partitions) until someone sets offsets for the new group"
        else:
            effect = "it starts from the latest offset and silently skips every record produced while the switch happens"
        downstream = ctx.downstream_services(ctx.head.graph, me)
        paths = [[topic, me]] + ctx.impact_paths(ctx.head.graph, me, [topic])
        reasoning = (
            f"{h.service} consumes `{h.topic_name}` as group `{old}` (base); this change makes it `{new}`. "
            f"The new group has no committed offsets, so with auto.offset.reset={reset} {effect}."
        )
        if downstream:
            reasoning += " What it re-emits or misses reaches " + ", ".join(d.split(":", 1)[1] for d in downstream) + "."
        out.append(
            f := finding(
                RULE,
                "high",
                f"{h.service}: consumer group of `{h.topic_name}` changes from `{old}` to `{new}`",
                reasoning,
                setting_citations(ctx, before, after),
                f"{h.service}|group.id|{old}",
                graph_paths=paths,
                impacted=[me, *downstream],
                alts=alternatives(
                    ("Keep the old group id", "No replay or gap; the rename (if cosmetic) is not worth an offset reset."),
                    (
                        "Copy the old group's offsets to the new group before deploying "
                        "(kafka-consumer-groups --reset-offsets --to-current on the new group)",
                        "Exact continuation, but an operational step someone must run at the right moment.",
                    ),
                    ("Make processing idempotent and accept a replay", "Safe re-processing, at the cost of time and downstream duplicates until it catches up."),
                ),
            )
        )
        done[(h.service, old, new)] = f
    return out
