"""observability-gap: a producer or consumer added with no metrics, tracing or lag reporting."""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "observability-gap"
SUMMARY = "A new producer/consumer in a service with no metrics, tracing or lag reporting."


METRICS_LIBRARIES = (
    r"prometheus|opentelemetry|micrometer|statsd|datadog|io\.opentracing|go\.opentelemetry|MeterRegistry"
)


def _service_reports_metrics(ctx: RuleContext, service: str) -> bool:
    """Metrics or tracing anywhere in the service's files, not only the ones the scan read
    (a `metrics.go` beside the consumer mentions no Kafka at all)."""
    folder = ctx.head.services.folders().get(service)
    if folder is None:
        return False
    return bool(ctx.head.grep("-l", "-E", "-e", METRICS_LIBRARIES, path=folder))


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for role in ("consume", "produce"):
        for b, h in ctx.pairs(role):
            if b is not None or h is None or not ctx.is_added(h.loc.path, h.loc.line):
                continue
            files = ctx.head.facts_in(h.service)
            if any(f.observability for f in files) or any(c.category in ("metrics", "tracing") for f in files for hf in f.handlers for c in hf.calls):
                continue
            if _service_reports_metrics(ctx, h.service):
                continue
            key = f"{h.service}|{role}|{h.topic_name}"
            if key in seen:
                continue
            seen.add(key)
            verb = "consumer of" if role == "consume" else "producer to"
            me, topic = f"service:{h.service}", f"topic:{h.topic_name}"
            out.append(
                finding(
                    RULE,
                    "low",
                    f"{h.service}: new {verb} `{h.topic_name}` without metrics or tracing",
                    f"This change adds a {verb} `{h.topic_name}` ({h.loc.path}:{h.loc.line}), and no file of "
                    f"{h.service} reports metrics, traces or consumer lag. When it falls behind or drops records, "
                    "nobody will see it until a downstream team does.",
                    [ctx.cite_loc("head", h.loc)],
                    key,
                    graph_paths=[[topic, me] if role == "consume" else [me, topic]],
                    impacted=[me],
                    alts=alternatives(
                        ("Count records processed/failed and export consumer lag (Prometheus, Micrometer, OpenTelemetry)", "A few lines of code; alerts become possible."),
                        ("Rely on broker-side lag monitoring (Burrow, kafka-lag-exporter)", "No code change; sees lag but not processing errors."),
                    ),
                    confidence=0.7,
                )
            )
    return out
