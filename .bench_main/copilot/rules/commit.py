"""commit-semantics: auto-commit toggled, or the commit moved before processing (at-most-once)."""

from __future__ import annotations

from copilot.model.facts import HandlerFact
from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import (
    RuleContext,
    alternatives,
    finding,
    iter_changed_settings,
    setting_citations,
)
from copilot.rules.client_defaults import describe, effective

RULE = "commit-semantics"
SUMMARY = "Auto-commit toggled; commit moved before processing."
PROMPT = "auto-commit toggled, or commit moved before processing"


def _commit_before_process(h: HandlerFact) -> tuple[int, int] | None:
    """(commit line, process line) when a commit precedes the processing in the handler."""
    # calls followed into helper functions keep their own line numbers: order by the handler's own lines
    own = [c for c in h.calls if h.loc.line <= c.line <= max(h.end_line, h.loc.line)]
    commits = [c.line for c in own if c.category in ("commit-sync", "commit-async")]
    work = [c.line for c in own if c.category in ("process", "produce", "blocking-io")]
    if commits and work and min(commits) < min(work) and max(commits) < max(work):
        return min(commits), min(work)
    return None


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for b, h, _key, before, after in iter_changed_settings(ctx, "consume", ["enable.auto.commit"]):
        old, new = effective(b, "enable.auto.commit", before), effective(h, "enable.auto.commit", after)
        if old is None and new == "false":
            continue
        me, topic = service_id(h.service), h.topic_id
        if new == "true":
            why = (
                "offsets are now committed on a timer, independent of processing: a crash after a commit and "
                "before processing finishes loses those records (at-most-once)"
            )
            severity = "high"
        else:
            why = (
                "auto-commit is now off: unless the code commits explicitly after processing, the group never "
                "advances and every restart replays from the last committed offset"
            )
            severity = "medium"
        out.append(
            finding(
                RULE,
                severity,
                f"{h.service}: enable.auto.commit for `{h.topic_name}` changes from {describe(b, 'enable.auto.commit', before)} to {describe(h, 'enable.auto.commit', after)}",
                f"{h.service} consumes `{h.topic_name}`; {why}.",
                setting_citations(ctx, before, after),
                f"{h.service}|{h.topic_name}|enable.auto.commit",
                graph_paths=[[topic, me]] + ctx.impact_paths(ctx.head.graph, me, [topic]),
                impacted=[me, *ctx.downstream_services(ctx.head.graph, me)],
                alts=alternatives(
                    ("Commit explicitly after processing each batch", "At-least-once; needs idempotent processing."),
                    ("Keep the previous commit mode", "No change in delivery guarantees."),
                ),
            )
        )
    out.extend(_handler_order(ctx))
    return out


def _handler_order(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for path, facts in ctx.head.files.items():
        base_facts = None
        for bp, hp in ctx.renamed.items():
            if hp == path:
                base_facts = ctx.base.files.get(bp)
        base_facts = base_facts or ctx.base.files.get(path)
        for h in facts.handlers:
            hit = _commit_before_process(h)
            if not hit or not (ctx.is_added(path, hit[0]) or ctx.is_added(path, hit[1])):
                continue
            before = [bh for bh in (base_facts.handlers if base_facts else []) if bh.name == h.name and bh.kind == h.kind]
            if before and _commit_before_process(before[0]):
                continue  # it already committed first
            service = ctx.head.services.service_of(path)
            me = service_id(service)
            topics = ctx.handler_topics("head", path, h)
            cites = [ctx.cite("head", path, hit[0]), ctx.cite("head", path, hit[1])]
            if before:
                old = _first(before[0], ("commit-sync", "commit-async"))
                if old:
                    cites.append(ctx.cite("base", path, old))
            out.append(
                finding(
                    RULE,
                    "high",
                    f"{service}: offsets are committed before the record is processed ({path}:{hit[0]})",
                    f"In {h.name or h.kind} the commit at line {hit[0]} now runs before the processing at line {hit[1]}. "
                    "If the process crashes or the processing fails after the commit, the record is never "
                    "processed again: delivery drops from at-least-once to at-most-once.",
                    cites,
                    f"{service}|{path}|{h.name}|commit-order",
                    graph_paths=[[t, me] for t in topics],
                    impacted=[me, *ctx.downstream_services(ctx.head.graph, me)],
                    alts=alternatives(
                        ("Commit after processing succeeds", "At-least-once; duplicates on retry need idempotent processing."),
                        ("Commit asynchronously after processing, synchronously on shutdown", "Throughput of async commits without losing records."),
                    ),
                )
            )
    return out


def _first(h: HandlerFact, categories: tuple[str, ...]) -> int | None:
    lines = [c.line for c in h.calls if c.category in categories]
    return min(lines) if lines else None
