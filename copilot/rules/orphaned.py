"""topic-orphaned: consumers left with no producer, or a producer's topic renamed without its consumers."""

from __future__ import annotations

import difflib

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding, origin_citations, svc

RULE = "topic-orphaned"
SUMMARY = "Consumers left with no producer (a topic renamed on one side); a new consumer of a topic nothing produces."


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    g, bg = ctx.head.graph, ctx.base.graph
    produced_now = {t.id for t in g.nodes("topic") if g.producers(t.id)}
    lost = set(g.orphans()["no_producer"])
    moved, covered = _moved_consumers(ctx)
    out.extend(moved)
    for tid in g.orphans()["no_producer"]:
        consumers = g.consumers(tid)
        name = g.node(tid).name
        if tid in bg and bg.producers(tid):
            if not _now_unknown(ctx, name):
                out.append(_lost_producer(ctx, tid, name, consumers, produced_now))
            continue
        new_consumers = [c for c in consumers if (tid not in bg or c not in bg.consumers(tid)) and (c, tid) not in covered]
        if not new_consumers:
            continue  # an already-orphaned topic (produced outside this repo) is not this change's doing
        similar = difflib.get_close_matches(name, [t.split(":", 1)[1] for t in produced_now], n=1, cutoff=0.75)
        cites = [
            ctx.cite_loc("head", _loc(ctx, tid, c)) for c in new_consumers
        ]
        hint = f" A topic with a close name, `{similar[0]}`, is produced here: a typo?" if similar else ""
        out.append(
            finding(
                RULE,
                "medium" if similar else "low",
                f"{', '.join(svc(c) for c in new_consumers)} now consume{'s' if len(new_consumers) == 1 else ''} `{name}`, which nothing in this repository produces",
                f"No service in this repository produces `{name}`.{hint} If it is not produced by a system "
                "outside this repository, the consumer will wait forever and its downstream sees no data.",
                cites,
                f"{name}|no-producer",
                graph_paths=[[tid, c] for c in new_consumers],
                impacted=new_consumers,
                alts=alternatives(
                    (f"Subscribe to `{similar[0]}`" if similar else "Point the consumer at an existing topic", "Data flows immediately; check it carries the expected schema."),
                    ("Document the external producer of the topic", "Keeps the subscription; makes the dependency visible to reviewers."),
                ),
                confidence=0.7 if not similar else 0.85,
            )
        )
    out.extend(_moved_producers(ctx, lost))
    return out


def _now_unknown(ctx: RuleContext, topic: str) -> bool:
    """Each former producer of `topic` now writes to a name known only at run time (a settings
    object we cannot follow): it may well still be `topic`, so losing it is not evidence."""
    former = [e for e in ctx.base.endpoints if e.role == "produce" and e.topic_name == topic]
    return bool(former) and all(
        any(h.role == "produce" and h.service == e.service and h.topic.name is None
            and h.loc.path == ctx.head_path(e.loc.path) for h in ctx.head.endpoints)
        for e in former
    )


def _moved_consumers(ctx: RuleContext) -> tuple[list[Finding], set[tuple[str, str]]]:
    """A consumer re-pointed (in code or config) at a topic nothing produces, away from one that is
    still produced: it stops receiving data, and its old topic may have lost its only reader."""
    out: list[Finding] = []
    covered: set[tuple[str, str]] = set()
    g = ctx.head.graph
    for b, h in ctx.pairs("consume"):
        if b is None or h is None or b.topic_name == h.topic_name or h.topic.name is None or b.topic.name is None:
            continue
        old, new = f"topic:{b.topic_name}", f"topic:{h.topic_name}"
        if g.producers(new) or not g.producers(old):
            continue
        me = f"service:{h.service}"
        covered.add((me, new))
        stranded = "" if g.consumers(old) else f" `{b.topic_name}` is left with no consumer at all."
        out.append(
            finding(
                RULE,
                "high",
                f"{h.service} moves from `{b.topic_name}` to `{h.topic_name}`, which nothing in this repository produces",
                f"{h.service} now reads `{h.topic_name}` instead of `{b.topic_name}`. "
                f"{', '.join(svc(p) for p in g.producers(old))} still write `{b.topic_name}` and nothing here writes "
                f"`{h.topic_name}`, so {h.service} stops receiving data (unless a system outside this repository "
                f"produces it).{stranded}",
                [*origin_citations(ctx, h, "head"), ctx.cite_loc("head", h.loc), *origin_citations(ctx, b, "base")],
                f"{h.service}|{b.topic_name}->{h.topic_name}|consumer-moved",
                graph_paths=[[p, old, me] for p in g.producers(old)],
                impacted=[me, *ctx.downstream_services(g, me)],
                alts=alternatives(
                    ("Move the producers to the new topic first (or dual-write)", "No gap for the consumer; a coordinated rollout."),
                    (f"Keep reading `{b.topic_name}`", "Nothing breaks; the rename waits."),
                ),
            )
        )
    return out, covered


def _moved_producers(ctx: RuleContext, already: set[str]) -> list[Finding]:
    """A producer moved to a topic nobody reads, while the old topic's consumers stay behind
    (and still get other producers' records, so nothing looks broken)."""
    out: list[Finding] = []
    g, bg = ctx.head.graph, ctx.base.graph
    for b, h in ctx.pairs("produce"):
        if b is None or h is None or b.topic_name == h.topic_name or h.topic.name is None or b.topic.name is None:
            continue
        old, new = f"topic:{b.topic_name}", f"topic:{h.topic_name}"
        stranded = [c for c in g.consumers(old) if c in bg.consumers(old)] if old in g else []
        if not stranded or g.consumers(new) or old in already:
            continue
        me = f"service:{h.service}"
        readers = ", ".join(svc(c) for c in stranded)
        others = [p for p in g.producers(old) if p != me and p not in stranded]
        cites = [*origin_citations(ctx, h, "head"), ctx.cite_loc("head", h.loc), *origin_citations(ctx, b, "base")]
        cites += [ctx.cite_loc("head", _loc(ctx, old, c)) for c in stranded]
        out.append(
            finding(
                RULE,
                "high",
                f"{h.service} moves from `{b.topic_name}` to `{h.topic_name}`, which nobody reads: {readers} "
                f"lose{'s' if len(stranded) == 1 else ''} its records",
                f"{h.service} now writes to `{h.topic_name}` instead of `{b.topic_name}`, and no service in this "
                f"repository consumes `{h.topic_name}`. {readers} still read{'s' if len(stranded) == 1 else ''} `{b.topic_name}`"
                + (f" and keep receiving records from {', '.join(svc(p) for p in others)}" if others else "")
                + f", so the loss of {h.service}'s records is silent.",
                cites,
                f"{h.service}|{b.topic_name}->{h.topic_name}|moved",
                graph_paths=[[me, old, c] for c in stranded],
                impacted=[*stranded, *[d for c in stranded for d in ctx.downstream_services(g, c)]],
                alts=alternatives(
                    ("Move the consumers to the new topic in the same change", "One coordinated deploy."),
                    ("Dual-write to both topics until every consumer has moved", "No gap; double writes for a while."),
                ),
            )
        )
    return out


def _loc(ctx: RuleContext, tid: str, consumer: str):  # type: ignore[no-untyped-def]
    for e in ctx.head.endpoints:
        if e.role == "consume" and f"topic:{e.topic_name}" == tid and f"service:{e.service}" == consumer:
            return e.loc
    return None


def _lost_producer(ctx: RuleContext, tid: str, name: str, consumers: list[str], produced_now: set[str]) -> Finding:
    bg = ctx.base.graph
    producers = bg.producers(tid)
    cites = []
    moved_to = []
    for e in ctx.base.endpoints:
        if e.role == "produce" and e.topic_name == name:
            cites.append(ctx.cite_loc("base", e.loc))
            for h in ctx.head.endpoints:
                if (
                    h.role == "produce"
                    and h.service == e.service
                    and h.loc.path == ctx.head_path(e.loc.path)
                    and f"topic:{h.topic_name}" not in bg
                ):
                    cites[:0] = [*origin_citations(ctx, h, "head"), ctx.cite_loc("head", h.loc)]
                    moved_to.append(h.topic_name)
            cites.extend(origin_citations(ctx, e, "base"))
    for c in consumers:
        cites.append(ctx.cite_loc("head", _loc(ctx, tid, c)))
    readers = ", ".join(svc(c) for c in consumers)
    if moved_to:
        what = f"{', '.join(svc(p) for p in producers)} now writes to `{moved_to[0]}` instead of `{name}`"
    else:
        what = f"{', '.join(svc(p) for p in producers)} no longer produces `{name}`"
    paths = [[p, tid, c] for p in producers for c in consumers]
    downstream = [n for c in consumers for n in ctx.downstream_services(ctx.head.graph, c)]
    return finding(
        RULE,
        "high",
        f"`{name}` loses its producer: {readers} will stop receiving data",
        f"{what}, but {readers} still consume{'s' if len(consumers) == 1 else ''} `{name}`. After the deploy "
        "they receive nothing, without an error: their own tests pass, and everything downstream of them "
        "quietly runs on stale data.",
        cites,
        f"{name}|lost-producer",
        graph_paths=paths,
        impacted=[*consumers, *downstream],
        alts=alternatives(
            ("Rename the topic in the consumers in the same change", "One coordinated deploy; consumers must ship first or together."),
            ("Dual-write to the old and new topic until every consumer has moved", "No gap; costs double writes for the migration window."),
            ("Keep the old topic name", "Nothing to migrate; the new name's benefit is lost."),
        ),
    )
