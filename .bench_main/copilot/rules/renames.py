"""Topics renamed in a change: the same services produce and consume a new name instead of an old one.

Shared by the rules (topic-orphaned reports a rename; observability-gap and others must not read
a renamed endpoint as a brand-new one).  Found at the topic level, so it holds even when the
endpoints themselves cannot be paired (a Faust agent's implicit topic made explicit, a client
object renamed in the same edit).
"""

from __future__ import annotations

from dataclasses import dataclass

from copilot.rules.base import RuleContext
from copilot.scan.resolve import ResolvedEndpoint


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    producers: tuple[ResolvedEndpoint, ...]  # head endpoints writing `new`
    consumers: tuple[ResolvedEndpoint, ...]  # head endpoints reading `new`
    old_producers: tuple[ResolvedEndpoint, ...]  # base endpoints that wrote `old`
    old_consumers: tuple[ResolvedEndpoint, ...]  # base endpoints that read `old`


def _named(reps: list[ResolvedEndpoint], role: str) -> dict[str, list[ResolvedEndpoint]]:
    out: dict[str, list[ResolvedEndpoint]] = {}
    for e in reps:
        if e.role == role and e.topic.name is not None:
            out.setdefault(e.topic_name, []).append(e)
    return out


def renamed_topics(ctx: RuleContext) -> list[Rename]:
    """Old topics whose producing and consuming services both moved to one new topic."""
    cached = ctx.memo.get("renamed_topics")
    if isinstance(cached, list):
        return cached
    bp, bc = _named(ctx.base.endpoints, "produce"), _named(ctx.base.endpoints, "consume")
    hp, hc = _named(ctx.head.endpoints, "produce"), _named(ctx.head.endpoints, "consume")
    out: list[Rename] = []
    taken: set[str] = set()
    for old in sorted(set(bp) & set(bc)):
        writers = {e.service for e in bp[old]}
        readers = {e.service for e in bc[old]}
        # the old topic lost those producers and consumers in the head
        if {e.service for e in hp.get(old, [])} & writers or {e.service for e in hc.get(old, [])} & readers:
            continue
        best: tuple[int, str] | None = None
        for new in set(hp) & set(hc):
            if new in bp or new in bc or new in taken:
                continue  # an existing topic is not a rename target
            w = writers & {e.service for e in hp[new]}
            r = readers & {e.service for e in hc[new]}
            if w and r and (best is None or len(w) + len(r) > best[0]):
                best = (len(w) + len(r), new)
        if best is None:
            continue
        new = best[1]
        taken.add(new)
        out.append(
            Rename(
                old,
                new,
                tuple(e for e in hp[new] if e.service in writers),
                tuple(e for e in hc[new] if e.service in readers),
                tuple(bp[old]),
                tuple(bc[old]),
            )
        )
    ctx.memo["renamed_topics"] = out
    return out


def renamed_endpoint(ctx: RuleContext, rep: ResolvedEndpoint) -> bool:
    """Is this head endpoint one side of a renamed topic (not a new producer or consumer)?"""
    return any(rep in r.producers or rep in r.consumers for r in renamed_topics(ctx))
