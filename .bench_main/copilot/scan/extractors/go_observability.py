"""Observability a Go file sets up: metrics/tracing imports and consumer-lag reads.

Each becomes a `CallFact` in ``FileFacts.observability``: ``metrics`` for prometheus (and other
metrics libraries), ``tracing`` for OpenTelemetry / OpenTracing / Datadog imports (detail = the
library), and ``metrics`` with detail ``lag`` for lag reads (kafka-go ``r.Stats()``/``r.Lag()``/
``r.ReadLag(ctx)``, sarama ``pc.HighWaterMarkOffset()``).
"""

from __future__ import annotations

from copilot.model.facts import CallFact
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import GoFile

_IMPORTS = (
    ("github.com/prometheus/client_golang", "metrics", "prometheus"),
    ("github.com/rcrowley/go-metrics", "metrics", "go-metrics"),
    ("go.opentelemetry.io/otel/metric", "metrics", "otel"),
    ("go.opentelemetry.io/contrib", "tracing", "otel"),
    ("go.opentelemetry.io/otel", "tracing", "otel"),
    ("github.com/opentracing", "tracing", "opentracing"),
    ("dd-trace-go", "tracing", "datadog"),
)
_LAG = {"Stats", "Lag", "ReadLag", "HighWaterMarkOffset"}


def extract(ctx: GoFile, has_client: bool) -> list[CallFact]:
    out: list[CallFact] = []
    for imp in sorted(ctx.index.imports.values(), key=lambda i: i.line):
        for prefix, category, library in _IMPORTS:
            if imp.path.startswith(prefix) or (prefix == "dd-trace-go" and prefix in imp.path):
                out.append(CallFact(category, imp.path, imp.line, library))
                break
    if has_client:
        for name in sorted(_LAG):
            for call in ctx.index.calls_by_name.get(name, []):
                if ga.callee(call)[0] is not None:
                    out.append(CallFact("metrics", ga.callee_text(call), ga.line(call), "lag"))
    out.sort(key=lambda c: c.line)
    return out
