"""Observability of a Java/Kotlin file, read from the front-end's lowering (`ir.Module`).

What counts: an import of a metrics or tracing library, a metrics/tracing annotation on a class
or function (`@Timed`, `@WithSpan`), a construction of a Kafka client-metrics binder, and a
call on a meter or tracer, one fact per call chain (`registry.counter("x").increment()` is one
metrics use).  A receiver is a meter or tracer by its declared type (a field, local or
parameter: `MeterRegistry`, `Tracer`), else by its name (`registry`, `ordersCounter`,
`tracer`), or a static entry point (`Metrics.counter`, `Span.current()`).
"""

from __future__ import annotations

import re

from copilot.lang.ir import Expr, Function, Module
from copilot.model.facts import CallFact

_TRACING_IMPORTS = ("io.micrometer.tracing", "io.micrometer.observation", "io.opentelemetry", "brave.",
                    "zipkin2", "io.opentracing", "datadog.trace", "co.elastic.apm")
_METRICS_IMPORTS = ("io.micrometer", "io.prometheus", "com.codahale.metrics", "io.dropwizard.metrics")
_METRIC_ANNOTATIONS = {"Timed", "Counted", "Metered"}
_TRACE_ANNOTATIONS = {"WithSpan", "NewSpan", "ContinueSpan", "Observed", "Traced", "SpanTag"}
_CLIENT_METRICS = {"KafkaClientMetrics", "KafkaStreamsMetrics", "MicrometerConsumerListener",
                   "MicrometerProducerListener"}
# variable names that say "this is a meter": suffixes, so `schemaRegistry` or `summaryService` do not count
_METRIC_SUFFIXES = ("meterregistry", "metrics", "counter", "timer", "histogram", "gauge", "meter")
_TRACE_SUFFIXES = ("tracer", "span", "tracing", "observation", "telemetry")
_METRIC_STATICS = {"Metrics", "Counter", "Timer", "DistributionSummary", "Gauge", "LongTaskTimer"} | _CLIENT_METRICS
_TRACE_STATICS = {"Span", "GlobalOpenTelemetry", "Observation", "Context", "Baggage", "KafkaTelemetry",
                  "TracingConsumerInterceptor", "TracingProducerInterceptor"}
_TYPE_KINDS = {
    "MeterRegistry": "metrics", "Counter": "metrics", "Timer": "metrics", "DistributionSummary": "metrics",
    "Gauge": "metrics", "LongCounter": "metrics", "Meter": "metrics", "Histogram": "metrics",
    "PrometheusMeterRegistry": "metrics", "CollectorRegistry": "metrics", "Summary": "metrics",
    "Tracer": "tracing", "Span": "tracing", "Tracing": "tracing", "ObservationRegistry": "tracing",
    "Observation": "tracing", "OpenTelemetry": "tracing",
}
_IMPORT = re.compile(rb"^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+)", re.MULTILINE)


def observability(mod: Module, source: bytes) -> list[CallFact]:
    out: list[CallFact] = []
    for m in _IMPORT.finditer(source):
        qualified = m.group(1).decode("utf-8", "replace").rstrip(".")
        category = ("tracing" if qualified.startswith(_TRACING_IMPORTS)
                    else "metrics" if qualified.startswith(_METRICS_IMPORTS) else None)
        if category is not None:
            out.append(CallFact(category, qualified, source.count(b"\n", 0, m.start()) + 1, "import"))
    for anns in mod.class_annotations.values():
        _annotations(anns, out)
    for fn in mod.functions:
        _annotations(fn.annotations, out)
    functions = {fn.qualname: fn for fn in mod.functions}
    chains: set[tuple[str, int, str]] = set()
    for site in mod.calls:
        e = site.expr
        if e.kind == "new":
            base = e.value.rsplit(".", 1)[-1]
            if base in _CLIENT_METRICS:
                out.append(CallFact("metrics", base, e.line, "client metrics"))
            continue
        if e.kind != "call":
            continue
        recv = e.receiver
        kind = _kind(recv, mod, site.cls, functions.get(site.scope)) if recv is not None else None
        category = _category(e, kind)
        root = _chain_root(e)
        key = (category or "", root.line, root.text)
        if category is not None and key not in chains:  # one fact per call chain
            chains.add(key)
            out.append(CallFact(category, _call_name(e), e.line))
    seen: set[tuple[str, str, int]] = set()
    facts: list[CallFact] = []
    for fact in sorted(out, key=lambda f: f.line):
        if (fact.category, fact.name, fact.line) not in seen:
            seen.add((fact.category, fact.name, fact.line))
            facts.append(fact)
    return facts


def _annotations(anns: tuple[Expr, ...], out: list[CallFact]) -> None:
    for ann in anns:
        if ann.value in _METRIC_ANNOTATIONS:
            out.append(CallFact("metrics", f"@{ann.value}", ann.line, "annotation"))
        elif ann.value in _TRACE_ANNOTATIONS:
            out.append(CallFact("tracing", f"@{ann.value}", ann.line, "annotation"))


def _dotted(e: Expr | None) -> str:
    """`registry` or `Metrics.globalRegistry` for a name or a member chain over a name, else ''."""
    if e is None:
        return ""
    if e.kind == "name":
        return e.value
    if e.kind == "member" and e.obj is not None:
        head = _dotted(e.obj)
        return f"{head}.{e.value}" if head else ""
    return ""


def _chain_root(e: Expr) -> Expr:
    cur = e
    while (recv := cur.receiver) is not None and recv.kind in ("call", "new"):
        cur = recv
    return cur


def _call_name(e: Expr, depth: int = 0) -> str:
    """A short readable name: ``registry.counter``, ``registry.counter().increment``."""
    if e.kind == "new":
        return f"new {e.value}"
    recv = e.receiver
    name = e.method
    if recv is None or depth > 6:
        return name
    dotted = _dotted(recv)
    if dotted:
        return f"{dotted}.{name}"
    if recv.kind in ("call", "new"):
        return f"{_call_name(recv, depth + 1)}().{name}"
    return f"{recv.text[:40]}.{name}"


def _category(call: Expr, kind: str | None) -> str | None:
    name = call.method
    recv_text = _dotted(call.receiver)
    root = _chain_root(call)
    root_recv = _dotted(root.receiver)
    if kind == "metrics" or recv_text in _METRIC_STATICS or root_recv in _METRIC_STATICS:
        return "metrics"
    if kind == "tracing" or recv_text in _TRACE_STATICS or root_recv in _TRACE_STATICS:
        return "tracing"
    if name in ("setObservationEnabled", "setMicrometerEnabled") or name.startswith("startSpan"):
        return "tracing" if "Observation" in name or "Span" in name else "metrics"
    low = (root_recv or recv_text).lower().rsplit(".", 1)[-1]
    if low and (name in ("increment", "inc", "observe", "recordCallable") or low.endswith(_METRIC_SUFFIXES)
                or low == "registry"):
        return "metrics"
    if name in ("spanBuilder", "makeCurrent", "currentSpan", "nextSpan") or low.endswith(_TRACE_SUFFIXES):
        return "tracing"
    return None


def _kind(recv: Expr, mod: Module, cls: str, fn: Function | None) -> str | None:
    """"metrics" or "tracing" for a meter or tracer receiver, by declared type, else by name."""
    if recv.kind != "name" or "." in recv.value:
        dotted = _dotted(recv)
        return _name_kind(dotted.rsplit(".", 1)[-1]) if dotted else None
    name = recv.value
    written = _declared(name, mod, cls, fn)
    if written is not None:
        base = written.split("<", 1)[0].rstrip("?").rsplit(".", 1)[-1]
        if base in _TYPE_KINDS:
            return _TYPE_KINDS[base]
        if base not in ("var", "val", ""):
            return None
    return _name_kind(name)


def _declared(name: str, mod: Module, cls: str, fn: Function | None) -> str | None:
    if fn is not None:
        local = mod.field_types.get(f"{fn.qualname}.{name}")
        if local is not None:
            return local
        for param, written in fn.types:
            if param == name:
                return written
    return mod.field_types.get(f"{cls}.{name}") if cls else mod.field_types.get(name)


def _name_kind(name: str) -> str | None:
    if name == "registry":
        return "metrics"
    low = name.lower()
    if "meterregistry" in low:
        return "metrics"
    if "tracer" in low:
        return "tracing"
    return None
