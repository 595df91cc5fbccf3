"""topic-orphaned: consumers left with no producer, or a producer's topic renamed without its consumers."""

from __future__ import annotations

import difflib

from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id
from copilot.rules.base import RuleContext, alternatives, finding, origin_citations
from copilot.rules.client_defaults import describe
from copilot.rules.renames import renamed_topics
from copilot.scan.resolve import ResolvedEndpoint

RULE = "topic-orphaned"
SUMMARY = "Consumers left with no producer, a topic renamed on both sides (the new topic starts empty, the old one's data is stranded), a topic that loses its only consumer, or a new consumer of a topic nothing produces."
PROMPT = (
    "consumers left with no producer, or a producer's topic renamed without its consumers"
)


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    g, bg = ctx.head.graph, ctx.base.graph
    produced_now = {t.id for t in g.nodes("topic") if g.producers(t.id)}
    lost = set(g.orphans()["no_producer"])
    renamed, renamed_topics = _renamed_both_sides(ctx)
    out.extend(renamed)
    moved, covered = _moved_consumers(ctx)
    out.extend(moved)
    for tid in g.orphans()["no_producer"]:
        consumers = g.consumers(tid)
        name = g.node(tid).name
        if tid in bg and bg.producers(tid):
            if not _now_unknown(ctx, name) and not _producer_file_broken(ctx, name):
                out.append(_lost_producer(ctx, tid, name, consumers, produced_now))
            continue
        new_consumers = [c for c in consumers if (tid not in bg or c not in bg.consumers(tid)) and (c, tid) not in covered]
        if not new_consumers:
            continue  # an already-orphaned topic (produced outside this repo) is not this change's doing
        similar = difflib.get_close_matches(name, [display_name(t) for t in produced_now], n=1, cutoff=0.75)
        cites = [
            ctx.cite_loc("head", _loc(ctx, tid, c)) for c in new_consumers
        ]
        hint = f" A topic with a close name, `{similar[0]}`, is produced here: a typo?" if similar else ""
        out.append(
            finding(
                RULE,
                "medium" if similar else "low",
                f"{', '.join(display_name(c) for c in new_consumers)} now consume{'s' if len(new_consumers) == 1 else ''} `{name}`, which nothing in this repository produces",
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
    out.extend(_moved_producers(ctx, lost | renamed_topics))
    out.extend(_removed_consumers(ctx))
    return out


def _renamed_both_sides(ctx: RuleContext) -> tuple[list[Finding], set[str]]:
    """A topic renamed on the producing and the consuming side in one change: one finding naming
    both topics and both sides. The new topic starts empty, whatever is still on the old one is
    stranded, and each moved consumer starts the new topic from its reset policy."""
    out: list[Finding] = []
    done: set[str] = set()
    g = ctx.head.graph
    for rn in renamed_topics(ctx):
        old, new = rn.old, rn.new
        old_id, new_id = (rn.old_producers or rn.old_consumers)[0].topic_id, (rn.producers or rn.consumers)[0].topic_id
        done.add(old_id)
        readers = sorted({h.service for h in rn.consumers})
        writers = sorted({h.service for h in rn.producers})
        starts = "; ".join(
            f"{h.service} starts `{new}` with auto.offset.reset={describe(h, 'auto.offset.reset', h.settings.get('auto.offset.reset'))}"
            for h in _unique_services(list(rn.consumers))
        )
        left = g.consumers(old_id) if old_id in g else []
        cites = []
        for h in [*rn.producers, *rn.consumers]:
            cites += [*origin_citations(ctx, h, "head"), ctx.cite_loc("head", h.loc)]
        for b in [*rn.old_producers, *rn.old_consumers]:
            cites += [*origin_citations(ctx, b, "base"), ctx.cite_loc("base", b.loc)]
        cites = list({(c.path, c.start_line, c.side): c for c in cites if c is not None}.values())
        me = [service_id(s) for s in readers]
        downstream = [d for m in me for d in ctx.downstream_services(g, m)]
        out.append(
            finding(
                RULE,
                "medium",
                f"topic `{old}` renamed to `{new}` on both sides: {', '.join(writers)} (producer) and "
                f"{', '.join(readers)} (consumer)",
                f"{', '.join(writers)} now write{'s' if len(writers) == 1 else ''} `{new}` instead of `{old}`, and "
                f"{', '.join(readers)} now read{'s' if len(readers) == 1 else ''} `{new}` too. `{new}` is a new topic: it "
                f"starts empty, and every record still on `{old}` (not yet consumed, or written by old producer "
                f"instances during the rolling deploy) is stranded there. The consumers have no committed offsets on "
                f"`{new}`: {starts}."
                + (f" `{old}` keeps readers that did not move: {', '.join(display_name(c) for c in left)}." if left else ""),
                cites,
                f"{old}->{new}|renamed-both-sides",
                graph_paths=[[service_id(w), new_id, service_id(r)] for w in writers for r in readers],
                impacted=[*me, *downstream],
                alts=alternatives(
                    (f"Drain `{old}` before switching (stop producers, let consumers catch up, then deploy)", "No stranded records; a short pause in production."),
                    (f"Move consumers first: read both `{old}` and `{new}` until `{old}` is drained", "No gap and no pause; two subscriptions for a while."),
                    (f"Mirror `{old}` into `{new}` (MirrorMaker/a copy job) before the switch", "Keeps history on the new topic; an extra operational step."),
                ),
                confidence=0.85,
            )
        )
    return out, done


def _unique_services(reps: list[ResolvedEndpoint]) -> list[ResolvedEndpoint]:
    seen: dict[str, ResolvedEndpoint] = {}
    for r in reps:
        seen.setdefault(r.service, r)
    return list(seen.values())


def _removed_consumers(ctx: RuleContext) -> list[Finding]:
    """A consumer dropped from a topic that nobody else in the repository reads any more, while the
    topic is still produced (here or, when it had no producer here, outside the repository)."""
    out: list[Finding] = []
    g, bg = ctx.head.graph, ctx.base.graph
    gone: dict[str, list[ResolvedEndpoint]] = {}
    for b, h in ctx.pairs("consume"):
        if b is None or h is not None or b.topic.name is None:
            continue
        if not ctx.is_removed(b.loc.path, b.loc.line) and ctx.head_path(b.loc.path) in ctx.added:
            continue  # the consume line was not edited: the scan lost track of it, the code did not
        if any(e.role == "consume" and e.service == b.service and e.topic_name == b.topic_name for e in ctx.head.endpoints):
            continue
        gone.setdefault(b.topic_name, []).append(b)
    for name, reps in sorted(gone.items()):
        tid = reps[0].topic_id
        if tid in g and g.consumers(tid):
            continue  # others still read it
        producers_before = bg.producers(tid) if tid in bg else []
        producers_now = g.producers(tid) if tid in g else []
        if producers_before and not producers_now:
            continue  # producer and consumer removed together: the topic is retired
        services = sorted({r.service for r in reps})
        if producers_now:
            severity = "medium"
            who = f"{', '.join(display_name(p) for p in producers_now)} still produce{'s' if len(producers_now) == 1 else ''} `{name}`"
        else:
            severity = "low"
            who = f"`{name}` is produced outside this repository"
        out.append(
            finding(
                RULE,
                severity,
                f"`{name}` loses its only consumer: {', '.join(services)} no longer read{'s' if len(services) == 1 else ''} it",
                f"{', '.join(services)} stop{'s' if len(services) == 1 else ''} consuming `{name}` in this change and no other "
                f"service in this repository reads it. {who}, so its records now pile up unread: whatever "
                f"{', '.join(services)} did with them (and what it fed downstream) silently stops.",
                [ctx.cite_loc("base", r.loc) for r in reps] + [ctx.cite_loc("head", e.loc) for e in ctx.head.endpoints if e.role == "produce" and e.topic_name == name][:2],
                f"{name}|consumer-removed",
                graph_paths=[[p, tid] for p in producers_now] or [[tid]],
                impacted=[service_id(s) for s in services],
                alts=alternatives(
                    ("Keep the consumer until the topic's producers stop", "No unread data; removal waits for the producer side."),
                    (f"Retire `{name}` with its producers in the same change", "A clean removal; the producers must agree."),
                ),
                confidence=0.75,
            )
        )
    return out


def _producer_file_broken(ctx: RuleContext, topic: str) -> bool:
    """Every former producer of `topic` was defined in a file that no longer parses (a connector
    JSON, a binding YAML): pipeline-file-broken reports that, with the place to fix."""
    from copilot.rules.broken_files import broken_head_files

    broken = broken_head_files(ctx)
    former = [e.loc.path for e in ctx.base.endpoints if e.role == "produce" and e.topic_name == topic]
    former += [
        p for p, f in ctx.base.files.items()
        for c in f.connectors if c.direction == "source" and any(t.name == topic for t in c.topics)
    ]
    return bool(former) and all(ctx.head_path(p) in broken for p in former)


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
        old, new = b.topic_id, h.topic_id
        if g.producers(new) or not g.producers(old):
            continue
        me = service_id(h.service)
        covered.add((me, new))
        stranded = "" if g.consumers(old) else f" `{b.topic_name}` is left with no consumer at all."
        out.append(
            finding(
                RULE,
                "high",
                f"{h.service} moves from `{b.topic_name}` to `{h.topic_name}`, which nothing in this repository produces",
                f"{h.service} now reads `{h.topic_name}` instead of `{b.topic_name}`. "
                f"{', '.join(display_name(p) for p in g.producers(old))} still write `{b.topic_name}` and nothing here writes "
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
        old, new = b.topic_id, h.topic_id
        stranded = [c for c in g.consumers(old) if c in bg.consumers(old)] if old in g else []
        if not stranded or g.consumers(new) or old in already:
            continue
        me = service_id(h.service)
        readers = ", ".join(display_name(c) for c in stranded)
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
                + (f" and keep receiving records from {', '.join(display_name(p) for p in others)}" if others else "")
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
        if e.role == "consume" and e.topic_id == tid and service_id(e.service) == consumer:
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
                    and h.topic_id not in bg
                ):
                    cites[:0] = [*origin_citations(ctx, h, "head"), ctx.cite_loc("head", h.loc)]
                    moved_to.append(h.topic_name)
            cites.extend(origin_citations(ctx, e, "base"))
    for c in consumers:
        cites.append(ctx.cite_loc("head", _loc(ctx, tid, c)))
    readers = ", ".join(display_name(c) for c in consumers)
    if moved_to:
        what = f"{', '.join(display_name(p) for p in producers)} now writes to `{moved_to[0]}` instead of `{name}`"
    else:
        what = f"{', '.join(display_name(p) for p in producers)} no longer produces `{name}`"
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
