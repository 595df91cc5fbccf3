"""delivery-weakened: acks lowered, idempotence or retries turned off, fire-and-forget sends."""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    function_bounds,
    iter_changed_settings,
    setting_citations,
)
from copilot.rules.client_defaults import describe, effective
from copilot.scan.resolve import ResolvedEndpoint

RULE = "delivery-weakened"
SUMMARY = "Acks lowered, idempotence or retries off, a flush/`get()` removed (fire-and-forget)."
ACKS_STRENGTH = {"all": 2, "-1": 2, "1": 1, "0": 0}
PROMPT = (
    "acks lowered, idempotence or retries off, fire-and-forget sends"
)


def _weakened(key: str, old: str | None, new: str | None) -> str | None:
    """Why the new value is weaker, or None when it isn't."""
    if key == "acks":
        o, n = ACKS_STRENGTH.get(old or ""), ACKS_STRENGTH.get(new or "")
        if o is not None and n is not None and n < o:
            return (
                "with acks=0 the producer does not wait for the broker at all: any broker hiccup loses records silently"
                if n == 0
                else "with acks=1 only the leader has the record when the send succeeds; a leader failover loses it"
            )
    if key == "enable.idempotence" and old == "true" and new == "false":
        return "without idempotence a retried send can write the same record twice and reorder records"
    if key == "retries" and new == "0" and old != "0":
        return "with retries=0 a transient broker error fails the send instead of retrying it"
    return None


def _removed_waits(ctx: RuleContext, b: ResolvedEndpoint) -> list:  # type: ignore[type-arg]
    lines = ctx.lines("base", b.loc.path) or []
    removed = sorted(ctx.removed.get(b.loc.path, set()))
    hits = [n for n in removed if b.loc.line <= n <= b.loc.line + NEAR and n <= len(lines) and WAIT.search(lines[n - 1])]
    cites = [ctx.cite("base", b.loc.path, n) for n in hits[:2]]
    return cites or [ctx.cite_loc("base", b.loc, b.ep.end_line or None)]


def _paths(ctx: RuleContext, h: ResolvedEndpoint) -> tuple[list[list[str]], list[str]]:
    me, topic = service_id(h.service), h.topic_id
    paths = ctx.impact_paths(ctx.head.graph, topic, [me])
    downstream = ctx.downstream_services(ctx.head.graph, topic)
    return paths or [[me, topic]], downstream


WAIT = re.compile(r"\.(flush|get|join|result)\s*\(|send_and_wait|\.Flush\(")
NEAR = 15


def _wait_removed(ctx: RuleContext, b: ResolvedEndpoint, h: ResolvedEndpoint) -> bool:
    """A flush()/get() right after the send was removed and nothing waits for the ack any more.

    (A delivery callback alone is not a wait: confluent-kafka serves callbacks only from
    poll()/flush(), so without them the send returns before the broker has the record.)"""
    removed = ctx.removed.get(b.loc.path, set())
    if not removed:
        return False
    base_lines, head_lines = ctx.lines("base", b.loc.path) or [], ctx.lines("head", h.loc.path) or []
    near_b = range(b.loc.line, min(len(base_lines), b.loc.line + NEAR) + 1)
    if not any(n in removed and WAIT.search(base_lines[n - 1]) for n in near_b):
        return False
    return not any(WAIT.search(line) for line in _same_function(head_lines, h.loc.line))


def _same_function(lines: list[str], start: int) -> list[str]:
    """The lines after `start` up to the end of its function (at most NEAR)."""
    end = min(function_bounds(lines, start)[1], start + NEAR, len(lines))
    return lines[start - 1 : end]


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for b, h, key, before, after in iter_changed_settings(ctx, "produce", ["acks", "enable.idempotence", "retries"]):
        old, new = effective(b, key, before), effective(h, key, after)
        why = _weakened(key, old, new)
        if not why:
            continue
        paths, downstream = _paths(ctx, h)
        severity = "high" if key == "acks" and new == "0" else "medium"
        readers = ", ".join(display_name(d) for d in downstream) or "no consumer in this repository"
        out.append(
            finding(
                RULE,
                severity,
                f"{h.service}: {key} for `{h.topic_name}` weakened from {describe(b, key, before)} to {describe(h, key, after)}",
                f"{h.service} produces `{h.topic_name}` (read by {readers}); {why}. "
                "Consumers then see gaps or duplicates that no component test catches.",
                setting_citations(ctx, before, after),
                f"{h.service}|{h.topic_name}|{key}",
                graph_paths=paths,
                impacted=downstream,
                alts=alternatives(
                    (f"Keep {key}={old}", "Durability stays; a little more latency per send."),
                    ("Raise linger.ms / batch.size for throughput instead", "Throughput without giving up durability; adds a few ms of latency."),
                ),
            )
        )
    seen: set[tuple[str, str]] = set()
    for b, h in ctx.pairs("produce"):
        if b is None or h is None:
            continue
        if not (b.ep.awaits_ack is True and h.ep.awaits_ack is False) and not _wait_removed(ctx, b, h):
            continue
        if (h.service, h.topic_name) in seen:
            continue
        seen.add((h.service, h.topic_name))
        paths, downstream = _paths(ctx, h)
        out.append(
            finding(
                RULE,
                "medium",
                f"{h.service}: sends to `{h.topic_name}` become fire-and-forget",
                f"Before this change {h.service} waited for the broker's acknowledgement of each send to "
                f"`{h.topic_name}` (a delivery callback, flush or get()); now nothing checks the result, so a "
                "failed send is lost without an error or a log line.",
                [ctx.cite_loc("head", h.loc, h.ep.end_line or None), *_removed_waits(ctx, b)],
                f"{h.service}|{h.topic_name}|awaits-ack",
                graph_paths=paths,
                impacted=downstream,
                alts=alternatives(
                    ("Keep a delivery callback that logs and counts failures", "Asynchronous throughput with failures still visible."),
                    ("Flush or wait on the future before committing the input", "At-least-once end to end, at the cost of latency."),
                ),
                confidence=0.8,
            )
        )
    return out
