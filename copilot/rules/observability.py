"""observability-gap: a producer or consumer added with no metrics, tracing or lag reporting."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding
from copilot.rules.renames import renamed_endpoint
from copilot.scan.resolve import ResolvedEndpoint

RULE = "observability-gap"


METRICS_LIBRARIES = (
    r"prometheus|opentelemetry|micrometer|statsd|datadog|io\.opentracing|go\.opentelemetry|MeterRegistry"
)


def _service_reports_metrics(ctx: RuleContext, service: str) -> bool:
    """Metrics or tracing anywhere in the service's files, not only the ones the scan read
    (a `metrics.go` beside the consumer mentions no Kafka at all)."""
    folder = ctx.head.services.folders().get(service)
    if folder is None:
        return False
    from copilot.scan import gitfiles

    return bool(gitfiles.grep_at(ctx.changes.root, ctx.head.rev, "-l", "-E", "-e", METRICS_LIBRARIES, path=folder))


def _already_there(ctx: RuleContext, h: ResolvedEndpoint) -> bool:
    """The service had this endpoint before (same role and topic, or the same topic expression):
    a moved or reworded line, not a new producer or consumer."""
    return any(
        b.role == h.role and b.service == h.service and (b.topic_name == h.topic_name or (b.topic.name is None and h.topic.name is None and b.topic.text == h.topic.text))
        for b in ctx.base.endpoints
    )


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
        if any(f.observability for f in files) or any(c.category in ("metrics", "tracing") for f in files for hf in f.handlers for c in hf.calls):
            continue
        if _service_reports_metrics(ctx, service):
            continue
        me = f"service:{service}"
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
                f"This change adds a {what} ({where}), and no file of {service} reports metrics, traces or "
                "consumer lag. When it falls behind or drops records, nobody will see it until a downstream team does.",
                [ctx.cite_loc("head", h.loc) for h in reps[:8]],
                f"{service}|new-endpoints|{'|'.join(consumed)}|{'|'.join(produced)}",
                graph_paths=[[f"topic:{t}", me] for t in consumed] + [[me, f"topic:{t}"] for t in produced],
                impacted=[me],
                alts=alternatives(
                    ("Count records processed/failed and export consumer lag (Prometheus, Micrometer, OpenTelemetry)", "A few lines of code; alerts become possible."),
                    ("Rely on broker-side lag monitoring (Burrow, kafka-lag-exporter)", "No code change; sees lag but not processing errors."),
                ),
                confidence=0.7,
            )
        )
    return out
