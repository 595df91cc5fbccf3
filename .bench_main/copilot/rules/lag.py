"""lag-risk: changes that raise consumer lag or lower data currency."""

from __future__ import annotations

import re

from copilot.model.facts import CallFact, HandlerFact
from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import RuleContext, alternatives, finding, iter_changed_settings, setting_citations

RULE = "lag-risk"
SUMMARY = "A sleep, blocking call or per-record synchronous commit added to an existing consumer loop; much larger poll batches."
SLOW = {
    "sleep": "sleeps",
    "blocking-io": "makes a blocking call",
    "commit-sync": "commits synchronously",
}
PROMPT = (
    "blocking calls or sleeps in the poll loop, per-message synchronous commits, poll/batch settings"
)


ALTERNATIVES = {
    "sleep": (
        ("Remove the sleep; throttle with the client's own settings (fetch.min.bytes, pausing partitions)", "No artificial latency; back-pressure stays explicit."),
        ("Back off only on errors, with a bounded retry", "Keeps the happy path fast; failures still slow down."),
    ),
    "blocking-io": (
        ("Move the slow call off the poll loop (a worker pool or async client), commit after completion", "Keeps up with the input rate; needs care to keep per-key order and commit correctly."),
        ("Cache or batch the remote lookup", "Removes most calls from the hot path; the cache can serve stale values."),
    ),
    "commit-sync": (
        ("Commit per poll() batch, or asynchronously, after processing", "Far fewer round trips; a crash replays at most one batch."),
        ("Keep per-record commits but make them asynchronous, synchronous on shutdown", "Little replay on crash without a broker round trip per record."),
    ),
}


def _base_calls(ctx: RuleContext, head_path: str, h: HandlerFact) -> dict[tuple[str, str], int]:
    """How often each (category, callee) occurred in the same handler before the change."""
    base_path = next((b for b, hp in ctx.renamed.items() if hp == head_path), head_path)
    facts = ctx.base.files.get(base_path)
    counts: dict[tuple[str, str], int] = {}
    for bh in facts.handlers if facts else []:
        if bh.name == h.name and bh.kind == h.kind:
            for c in bh.calls:
                counts[(c.category, c.name)] = counts.get((c.category, c.name), 0) + 1
    return counts


LOOP = re.compile(r"^\s*(for\b|while\b)|\.forEach\s*[({]|\bfor\s*\(|\brange\b")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _in_inner_loop(lines: list[str], handler_line: int, call_line: int) -> bool:
    """Is the call inside a loop nested in the handler (a per-record loop over a polled batch)?"""
    if call_line > len(lines):
        return False
    level = _indent(lines[call_line - 1])
    for n in range(call_line - 1, handler_line, -1):
        text = lines[n - 1]
        if not text.strip():
            continue
        if _indent(text) < level:
            if LOOP.search(text):
                return True
            level = _indent(text)
    return False


def _base_inner(ctx: RuleContext, head_path: str, h: HandlerFact) -> set[tuple[str, str]]:
    """(category, callee) of calls that were already inside an inner loop before the change."""
    base_path = next((b for b, hp in ctx.renamed.items() if hp == head_path), head_path)
    facts, lines = ctx.base.files.get(base_path), ctx.lines("base", base_path) or []
    out = set()
    for bh in facts.handlers if facts else []:
        if bh.name == h.name and bh.kind == h.kind:
            out |= {(c.category, c.name) for c in bh.calls if _in_inner_loop(lines, bh.loc.line, c.line)}
    return out


def _count(h: HandlerFact, call: CallFact) -> int:
    return sum(1 for c in h.calls if (c.category, c.name) == (call.category, call.name))


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for path, facts in sorted(ctx.head.files.items()):
        for h in facts.handlers:
            if h.kind == "error-handler":
                continue
            if not ctx.added.get(path) or ctx.is_added(path, h.loc.line):
                continue  # untouched, or a new consumer: a design, not a regression (observability-gap covers it)
            service = ctx.head.services.service_of(path)
            before = _base_calls(ctx, path, h)
            lines = ctx.lines("head", path) or []
            base_inner = _base_inner(ctx, path, h)
            slow = [
                c for c in h.calls
                if c.category in SLOW and ctx.is_added(path, c.line)
                and (
                    before.get((c.category, c.name), 0) < _count(h, c)
                    or (_in_inner_loop(lines, h.loc.line, c.line) and (c.category, c.name) not in base_inner)
                )
            ]
            # a synchronous commit per record is only a lag risk inside the per-record loop
            for category in SLOW:
                calls = [c for c in slow if c.category == category]
                if not calls:
                    continue
                me = service_id(service)
                topics = ctx.handler_topics("head", path, h)
                downstream = ctx.downstream_services(ctx.head.graph, me)
                first = calls[0]
                what = {
                    "sleep": f"`{first.name}` pauses the consumer on every record",
                    "blocking-io": f"`{first.name}` blocks the consumer on a remote call for every record",
                    "commit-sync": f"`{first.name}` waits for a broker round trip on every record",
                }[category]
                severity = "medium"
                out.append(
                    finding(
                        RULE,
                        severity,
                        f"{service}: the {h.kind} {SLOW[category]} per record ({path}:{first.line})",
                        f"{what} in {h.name or 'the ' + h.kind} ({path}:{h.loc.line}). Throughput falls to the "
                        "inverse of that latency, lag grows whenever the input rate exceeds it, and "
                        + (", ".join(d.split(':', 1)[1] for d in downstream) + " then decide" if downstream else "decisions are then made")
                        + " on stale data. A long enough stall also exceeds max.poll.interval.ms and triggers a rebalance.",
                        [ctx.cite("head", path, c.line) for c in calls[:3]],
                        f"{service}|{path}|{h.name}|{category}|{first.name}",
                        graph_paths=[[t, me, *([d] if d else [])] for t in topics for d in (downstream[:1] or [None])],
                        impacted=[me, *downstream],
                        alts=alternatives(*ALTERNATIVES[category]),
                        confidence=0.8,
                    )
                )
    for _b, h, key, before, after in iter_changed_settings(ctx, "consume", ["max.poll.records", "fetch.min.bytes", "fetch.max.wait.ms"]):
        try:
            old = float(before.value) if before else None
            new = float(after.value) if after else None
        except ValueError:
            continue
        if old is None or new is None or new < old * 4:
            continue
        me = service_id(h.service)
        out.append(
            finding(
                RULE,
                "low",
                f"{h.service}: {key} for `{h.topic_name}` raised from {before.value} to {after.value}",  # type: ignore[union-attr]
                f"Larger batches make {h.service} wait longer between processing rounds and risk exceeding "
                "max.poll.interval.ms when each record takes time: records sit longer before they are processed.",
                setting_citations(ctx, before, after),
                f"{h.service}|{h.topic_name}|{key}",
                graph_paths=[[h.topic_id, me]],
                impacted=[me],
                alts=alternatives(("Raise it gradually while watching lag and poll intervals", "Throughput gain without surprise rebalances.")),
                confidence=0.6,
            )
        )
    return out
