"""observability-gap: a producer or consumer added with no metrics, tracing or lag reporting."""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import RuleContext, alternatives, finding
from copilot.rules.renames import renamed_endpoint
from copilot.scan.resolve import ResolvedEndpoint

RULE = "observability-gap"
SUMMARY = "A new producer/consumer in a service with no metrics, tracing or lag reporting."
PROMPT = (
    "a producer or consumer added or changed with no metrics, tracing or lag reporting"
)


# Metrics and tracing libraries by a name their users write; the one list both checks below use.
METRICS_NAMES = ("prometheus", "opentelemetry", "micrometer", "statsd", "MeterRegistry")
METRICS_LIBRARIES = "|".join((*METRICS_NAMES, "datadog", r"io\.opentracing", r"go\.opentelemetry"))


def _service_reports_metrics(ctx: RuleContext, service: str) -> bool:
    """Metrics or tracing anywhere in the service's files, not only the ones the scan read
    (a `metrics.go` beside the consumer mentions no Kafka at all)."""
    folder = ctx.head.services.folders().get(service)
    if folder is None:
        return False
    return bool(ctx.head.grep("-l", "-E", "-e", METRICS_LIBRARIES, path=folder))


def _file_reports(ctx: RuleContext, side: str, path: str) -> bool:
    """Does this file itself record metrics or traces?"""
    scan = ctx.head if side == "head" else ctx.base
    facts = scan.files.get(path)
    if facts is not None and (facts.observability or any(c.category in ("metrics", "tracing") for hf in facts.handlers for c in hf.calls)):
        return True
    lines = ctx.lines(side, path) or []
    return any(re.search(METRICS_LIBRARIES, line) for line in lines)


def _already_there(ctx: RuleContext, h: ResolvedEndpoint) -> bool:
    """The service had this endpoint before (same role and topic, or the same topic expression):
    a moved or reworded line, not a new producer or consumer."""
    return any(
        b.role == h.role and b.service == h.service and (b.topic_name == h.topic_name or (b.topic.name is None and h.topic.name is None and b.topic.text == h.topic.text))
        for b in ctx.base.endpoints
    )


MONITORING = re.compile(
    r"Monitoring\w*Interceptor|interceptor[._]classes|INTERCEPTOR_CLASSES|Tracing\w*Interceptor|TracingKafka"
    r"|KafkaClientMetrics|" + "|".join(METRICS_NAMES),
    re.IGNORECASE,
)
IMPORT = re.compile(r"^\s*(import|from|package|using|#include)\b|^\s*\"[\w./-]+\"\s*$")


def _monitoring_lines(lines: list[str] | None, numbers: set[int]) -> list[int]:
    if not lines:
        return []
    return sorted(n for n in numbers if n <= len(lines) and MONITORING.search(lines[n - 1]) and not IMPORT.match(lines[n - 1]))


def _removed_monitoring(ctx: RuleContext) -> list[Finding]:
    """Client monitoring taken out (interceptors, client metrics, tracing wrappers) with nothing in
    its place: producers and consumers keep running, unobserved."""
    per_service: dict[str, list[tuple[str, int]]] = {}
    added_per_service: dict[str, int] = {}
    for fc in ctx.changes.files:
        if fc.new_path:
            n = len(_monitoring_lines(ctx.lines("head", fc.new_path), ctx.added.get(fc.new_path, set())))
            svc = ctx.head.services.service_of(fc.new_path)
            added_per_service[svc] = added_per_service.get(svc, 0) + n
        if not fc.old_path:
            continue
        gone = _monitoring_lines(ctx.lines("base", fc.old_path), ctx.removed.get(fc.old_path, set()))
        service = ctx.base.services.service_of(fc.old_path)
        if gone and any(e.service == service for e in ctx.base.endpoints):
            per_service.setdefault(service, []).extend((fc.old_path, n) for n in gone)
    out: list[Finding] = []
    for service, where in sorted(per_service.items()):
        if len(where) <= added_per_service.get(service, 0):
            continue  # moved (a properties file turned into YAML, a helper inlined), not removed
        me = service_id(service)
        files = sorted({p for p, _ in where})
        out.append(
            finding(
                RULE,
                "low",
                f"{service}: client monitoring removed from {len(files)} file{'s' if len(files) != 1 else ''}",
                f"This change removes monitoring from {service}'s Kafka clients ({', '.join(files[:4])}"
                + (", ..." if len(files) > 4 else "")
                + ") and adds none in its place: their throughput, errors and lag stop being reported, so a stalled "
                "consumer or a failing producer is noticed downstream, late.",
                [ctx.cite("base", p, n) for p, n in where[:6]],
                f"{service}|monitoring-removed",
                graph_paths=[[me]],
                impacted=[me],
                alts=alternatives(
                    ("Replace the removed interceptors with client metrics (Micrometer KafkaClientMetrics, OpenTelemetry)", "Same visibility on a supported path."),
                    ("Monitor lag broker-side (kafka-lag-exporter, Burrow)", "Sees lag, not client errors."),
                ),
                confidence=0.7,
            )
        )
    return out


def check(ctx: RuleContext) -> list[Finding]:
    """One finding per service that gains producers or consumers without metrics or tracing,
    listing every new endpoint (not one card per endpoint)."""
    new: dict[str, list[ResolvedEndpoint]] = {}
    for role in ("consume", "produce"):
        for b, h in ctx.pairs(role):
            if b is not None or h is None or not ctx.is_added(h.loc.path, h.loc.line):
                continue
            if renamed_endpoint(ctx, h) or _already_there(ctx, h) or ctx.rewritten(h):
                continue
            new.setdefault(h.service, []).append(h)
    out: list[Finding] = []
    for service, reps in sorted(new.items()):
        files = ctx.head.facts_in(service)
        unlike = ""
        if any(f.observability for f in files) or any(c.category in ("metrics", "tracing") for f in files for hf in f.handlers for c in hf.calls) or _service_reports_metrics(ctx, service):
            # the service measures its clients; a new endpoint whose own file records nothing,
            # next to sibling endpoints whose files do, is still unobserved
            siblings = sorted({e.loc.path for e in ctx.base.endpoints if e.service == service} - {h.loc.path for h in reps})
            measured = [p for p in siblings if _file_reports(ctx, "base", p)]
            reps = [h for h in reps if not _file_reports(ctx, "head", h.loc.path)]
            if not measured or not reps:
                continue
            unlike = f" Unlike {', '.join(measured[:3])}, which record{'s' if len(measured) == 1 else ''} metrics, it measures nothing."
        me = service_id(service)
        consumed = sorted({h.topic_name for h in reps if h.role == "consume"})
        produced = sorted({h.topic_name for h in reps if h.role == "produce"})
        parts = []
        if consumed:
            parts.append("consumer of " + ", ".join(f"`{t}`" for t in consumed))
        if produced:
            parts.append("producer to " + ", ".join(f"`{t}`" for t in produced))
        what = " and ".join(parts)
        where = ", ".join(f"{h.loc.path}:{h.loc.line}" for h in reps[:6])
        out.append(
            finding(
                RULE,
                "low",
                f"{service}: new {what} without metrics or tracing",
                f"This change adds a {what} ({where})"
                + (f", and its code records no metrics or traces.{unlike}" if unlike else f", and no file of {service} reports metrics, traces or consumer lag.")
                + " When it falls behind or drops records, nobody will see it until a downstream team does.",
                [ctx.cite_loc("head", h.loc) for h in reps[:8]],
                f"{service}|new-endpoints|{'|'.join(consumed)}|{'|'.join(produced)}",
                graph_paths=[[h.topic_id, me] for h in reps if h.role == "consume"] + [[me, h.topic_id] for h in reps if h.role == "produce"],
                impacted=[me],
                alts=alternatives(
                    ("Count records processed/failed and export consumer lag (Prometheus, Micrometer, OpenTelemetry)", "A few lines of code; alerts become possible."),
                    ("Rely on broker-side lag monitoring (Burrow, kafka-lag-exporter)", "No code change; sees lag but not processing errors."),
                ),
                confidence=0.7,
            )
        )
    covered = {f.impacted[0] for f in out}
    out.extend(f for f in _removed_monitoring(ctx) if f.impacted[0] not in covered)
    return out
