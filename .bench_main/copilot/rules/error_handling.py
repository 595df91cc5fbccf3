"""error-handling-removed: a dead-letter topic or error handler removed, or errors swallowed."""

from __future__ import annotations

import re

from copilot.model.facts import CallFact, Loc
from copilot.model.findings import Finding
from copilot.model.ids import service_id, topic_id
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "error-handling-removed"
SUMMARY = "Dead-letter handling removed (code or Kafka Connect), errors swallowed."
GUARDS = ("dead-letter", "retry")
DLQ = re.compile(r"dlq|dead|dlt|deadletter|\.errors?\b|parking", re.IGNORECASE)
PROMPT = (
    "dead-letter topic or error handler removed, errors swallowed"
)


def _is_guard(call: CallFact, dlq_lines: set[int]) -> bool:
    """A dead-letter or retry step: categorised so, or a send to a dead-letter topic."""
    if call.category in GUARDS:
        return True
    return call.category == "produce" and (call.line in dlq_lines or bool(DLQ.search(call.name + " " + call.detail)))


def _head_facts(ctx: RuleContext, base_path: str):  # type: ignore[no-untyped-def]
    return ctx.head.files.get(ctx.head_path(base_path))


DLQ_KEY = "errors.deadletterqueue.topic.name"


def _connector_findings(ctx: RuleContext) -> list[Finding]:
    """A sink connector that loses its dead-letter queue, or starts tolerating all errors without one."""
    out: list[Finding] = []
    for name, before, after in ctx.connector_pairs():
        dlq_before, dlq_after = before.settings.get(DLQ_KEY), after.settings.get(DLQ_KEY)
        tolerance = after.settings.get("errors.tolerance")
        tolerant = tolerance is not None and tolerance.value.strip().lower() == "all"
        was_tolerant = (t := before.settings.get("errors.tolerance")) is not None and t.value.strip().lower() == "all"
        if dlq_before and not dlq_after:
            what = f"drops its dead-letter queue `{dlq_before.value}`"
            cites = [ctx.cite_loc("base", dlq_before.loc)]
        elif tolerant and not was_tolerant and not dlq_after:
            what = "now tolerates every error (errors.tolerance=all) with no dead-letter queue"
            cites = [ctx.cite_loc("head", tolerance.loc)]  # type: ignore[union-attr]
        else:
            continue
        me = service_id(name)
        topics = sorted({topic_id(r.name) for r in after.topics if r.name})
        effect = (
            "with errors.tolerance=all, records that fail conversion or the write are now skipped silently"
            if tolerant
            else "a record that fails conversion or the write now stops the connector task"
        )
        if dlq_before and tolerance is not None and tolerant:
            cites.append(ctx.cite_loc("head", tolerance.loc))
        keep = "Keep" if dlq_before else "Add"
        out.append(
            finding(
                RULE,
                "high" if tolerant else "medium",
                f"connector {name} {what}",
                f"The Kafka Connect connector `{name}` {what}; {effect}. Nothing records which records were lost.",
                cites,
                f"{name}|connector-dlq",
                graph_paths=[[t, me] for t in topics],
                impacted=[me],
                alts=alternatives(
                    (f"{keep} errors.deadletterqueue.topic.name", "Failed records are parked with their error headers and can be replayed."),
                    ("Use errors.tolerance=none", "Nothing is lost silently; one bad record stops the task until someone fixes it."),
                ),
            )
        )
    return out


def _dead_letter_producers_removed(ctx: RuleContext, reported: set[str]) -> list[Finding]:
    """A send to a dead-letter topic removed anywhere in a service (often in a helper the poll loop
    calls), with no dead-letter send left in that service."""
    out: list[Finding] = []
    still = {e.service for e in ctx.head.endpoints if e.role == "produce" and DLQ.search(e.topic_name)}
    for e in ctx.base.endpoints:
        if e.role != "produce" or not DLQ.search(e.topic_name) or not ctx.is_removed(e.loc.path, e.loc.line):
            continue
        if e.service in still or e.service in reported:
            continue
        reported.add(e.service)
        me = service_id(e.service)
        topics = sorted({c.topic_id for c in ctx.base.endpoints_of(e.service) if c.role == "consume"})
        out.append(
            finding(
                RULE,
                "high",
                f"{e.service}: dead-letter publishing to `{e.topic_name}` removed",
                f"{e.service} no longer sends failed records to `{e.topic_name}` ({e.loc.path}:{e.loc.line}), and nothing "
                "else in the service does. A record that fails processing is now retried forever (the partition "
                "stops, lag grows) or dropped without a trace, depending on how the loop handles the error.",
                [ctx.cite_loc("base", e.loc)],
                f"{e.service}|dead-letter|removed",
                graph_paths=[[t, me] for t in topics],
                impacted=[me, *ctx.downstream_services(ctx.base.graph, me)],
                alts=alternatives(
                    ("Keep the dead-letter topic", "Poison records are isolated and can be replayed after a fix."),
                    ("Replace it with bounded retries plus a dead-letter topic", "Transient errors heal; permanent ones are still parked."),
                ),
            )
        )
    return out


BINDER_DLQ = re.compile(r"^spring\.cloud\.stream\.kafka\.bindings\.(?P<binding>[^.]+)\.consumer\.(?P<key>enable-?dlq|enableDlq|dlq-?name|dlqName)$")
TRUE = {"true", "yes", "on", "1"}


def _binder_dlq(ctx: RuleContext, side: str) -> dict[tuple[str, str], tuple[str, Loc]]:
    """(service, binding) -> (enable-dlq value, where) from the Spring Cloud Stream Kafka binder's
    consumer properties of each service's default-profile config files."""
    scan = ctx.head if side == "head" else ctx.base
    out: dict[tuple[str, str], tuple[str, Loc]] = {}
    for path, facts in sorted(scan.files.items()):
        if facts.profile is not None:
            continue
        for key, (value, line) in facts.properties.items():
            m = BINDER_DLQ.match(key)
            if m and m.group("key").lower().replace("-", "") == "enabledlq":
                out[(scan.services.service_of(path), m.group("binding"))] = (value.strip().lower(), Loc(path, line))
    return out


def _binder_dlq_removed(ctx: RuleContext) -> list[Finding]:
    """A Spring Cloud Stream binding whose binder-level dead-letter queue is switched off or removed:
    after the retries a failing record is logged, its offset committed, and the record is gone."""
    out: list[Finding] = []
    head = _binder_dlq(ctx, "head")
    for (service, binding), (value, loc) in sorted(_binder_dlq(ctx, "base").items()):
        if value not in TRUE:
            continue
        now = head.get((service, binding))
        if now is not None and now[0] in TRUE:
            continue
        cites = [ctx.cite("base", loc.path, loc.line)]
        if now is not None:
            cites.insert(0, ctx.cite("head", now[1].path, now[1].line))
        me = service_id(service)
        out.append(
            finding(
                RULE,
                "medium",
                f"{service}: dead-letter queue of binding `{binding}` {'switched off' if now else 'removed'}",
                f"{service}'s Spring Cloud Stream binding `{binding}` sent records that still failed after its retries "
                "to a dead-letter topic (enable-dlq). Without it the binder logs the error and commits the offset: "
                "a failing record is silently dropped, with nothing left to inspect or replay.",
                cites,
                f"{service}|{binding}|binder-dlq",
                graph_paths=[[me]],
                impacted=[me],
                alts=alternatives(
                    ("Keep enable-dlq (and the dlq-name) on the binding", "Failed records stay recoverable."),
                    ("Handle failures in code with a DeadLetterPublishingRecoverer", "Same safety, under the application's control."),
                ),
            )
        )
    return out


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = _connector_findings(ctx) + _binder_dlq_removed(ctx)
    for path, facts in sorted(ctx.base.files.items()):
        if not ctx.removed.get(path):
            continue  # a guard or handler is removed only where the change removed lines
        head = _head_facts(ctx, path)
        service = ctx.base.services.service_of(path)
        me = service_id(service)
        dlq_lines = {e.loc.line for e in ctx.base.endpoints if e.loc.path == path and e.role == "produce" and DLQ.search(e.topic_name)}
        for bh in facts.handlers:
            guards = [c for c in bh.calls if _is_guard(c, dlq_lines) and ctx.is_removed(path, c.line)]
            if bh.kind == "error-handler" and ctx.is_removed(path, bh.loc.line):
                guards = guards or [c for c in bh.calls] or []
                still = head and any(h.kind == "error-handler" for h in head.handlers)
                if still:
                    continue
                gone = True
            else:
                hh = [h for h in (head.handlers if head else []) if h.name == bh.name and h.kind == bh.kind]
                # compare by what the guard does (its category and target), not by the variable it goes through
                head_dlq = {e.loc.line for e in ctx.head.endpoints if e.loc.path == ctx.head_path(path) and e.role == "produce" and DLQ.search(e.topic_name)}
                remaining = {(c.category, c.detail or c.name) for h in hh for c in h.calls if _is_guard(c, head_dlq)}
                guards = [c for c in guards if (c.category, c.detail or c.name) not in remaining]
                gone = bool(guards)
            if not gone:
                continue
            topics = ctx.handler_topics("base", path, bh)
            line = guards[0].line if guards else bh.loc.line
            what = guards[0].name if guards else (bh.name or "the error handler")
            out.append(
                finding(
                    RULE,
                    "high",
                    f"{service}: error handling removed ({what})",
                    f"The change removes `{what}` ({path}:{line}) from {bh.name or bh.kind}. A record that fails "
                    "processing is no longer parked on a dead-letter topic or retried: depending on the container "
                    "it is retried forever (the partition stops and lag grows) or dropped without a trace.",
                    [ctx.cite("base", path, line)],
                    f"{service}|{bh.name}|{what}|removed",
                    graph_paths=[[t, me] for t in topics],
                    impacted=[me, *ctx.downstream_services(ctx.base.graph, me)],
                    alts=alternatives(
                        ("Keep the dead-letter handling", "Poison records are isolated and can be replayed after a fix."),
                        ("Replace it with bounded retries plus a dead-letter topic", "Transient errors heal; permanent ones are still parked."),
                    ),
                )
            )
    reported = {f.subject.split("|", 1)[0] for f in out}
    out.extend(_dead_letter_producers_removed(ctx, reported))
    for path, facts in sorted(ctx.head.files.items()):
        if not ctx.added.get(path):
            continue  # a handler swallows errors "now" only where the change added lines
        service = ctx.head.services.service_of(path)
        me = service_id(service)
        for h in facts.handlers:
            swallowed = [c for c in h.calls if c.category == "error-swallowed" and ctx.is_added(path, c.line)]
            if not swallowed:
                continue
            topics = ctx.handler_topics("head", path, h)
            c = swallowed[0]
            out.append(
                finding(
                    RULE,
                    "medium",
                    f"{service}: processing errors are now swallowed ({path}:{c.line})",
                    f"An exception handler in {h.name or h.kind} ({path}:{c.line}) drops the error without logging, "
                    "re-raising or dead-lettering. Failed records are skipped silently and their offsets committed; "
                    "nobody learns that data was lost.",
                    [ctx.cite("head", path, c.line, c.line + 1)],
                    f"{service}|{h.name}|swallowed",
                    graph_paths=[[t, me] for t in topics],
                    impacted=[me, *ctx.downstream_services(ctx.head.graph, me)],
                    alts=alternatives(
                        ("Log and send the record to a dead-letter topic", "Nothing is lost; needs a DLQ and someone watching it."),
                        ("Re-raise and let the container retry", "No silent loss; a poison record can stall the partition."),
                    ),
                    confidence=0.8,
                )
            )
    return out
