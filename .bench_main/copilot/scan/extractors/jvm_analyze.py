"""Turn a lowered JVM file (``jvm_ir.FileIR``) into `FileFacts`.

Each stage is guarded: a bug or an unexpected shape in one stage becomes a warning and the
facts of the other stages are still returned.
"""

from __future__ import annotations

from collections.abc import Callable

from copilot.model.facts import CallFact, FileFacts
from copilot.scan.extractors import jvm_bindings, jvm_clients, jvm_schemas, jvm_spring, jvm_streams
from copilot.scan.extractors.jvm_calls import CallClassifier, Scope, call_name, chain_root
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_ir import FileIR

_TRACING_IMPORTS = ("io.micrometer.tracing", "io.micrometer.observation", "io.opentelemetry", "brave.",
                    "zipkin2", "io.opentracing", "datadog.trace", "co.elastic.apm")
_METRICS_IMPORTS = ("io.micrometer", "io.prometheus", "com.codahale.metrics", "io.dropwizard.metrics")
_METRIC_ANNOTATIONS = {"Timed", "Counted", "Metered"}
_TRACE_ANNOTATIONS = {"WithSpan", "NewSpan", "ContinueSpan", "Observed", "Traced", "SpanTag"}
_EMPTY_SCOPE = Scope(listener=False)


def symbols_only(ir: FileIR, path: str) -> FileFacts:
    ctx = FileCtx(ir, path)
    _guard(ctx, "constants", lambda: ctx.facts.symbols.update(ctx.ev.symbols()))
    return ctx.facts


def analyze(ir: FileIR, path: str) -> FileFacts:
    ctx = FileCtx(ir, path)
    _guard(ctx, "constants", lambda: ctx.facts.symbols.update(ctx.ev.symbols()))
    _guard(ctx, "settings", ctx.build_containers)
    _guard(ctx, "annotations", lambda: jvm_spring.detect(ctx))
    _guard(ctx, "clients", lambda: jvm_clients.detect(ctx))
    _guard(ctx, "bindings", lambda: jvm_bindings.detect(ctx))
    _guard(ctx, "streams", lambda: jvm_streams.detect(ctx))
    _guard(ctx, "schemas", lambda: jvm_schemas.detect(ctx))
    _guard(ctx, "schema links", lambda: jvm_schemas.link(ctx))
    _guard(ctx, "observability", lambda: _observability(ctx))
    _guard(ctx, "file settings", lambda: _file_settings(ctx))
    ctx.facts.field_reads.sort(key=lambda r: (r.line, r.name))
    return ctx.facts


def _guard(ctx: FileCtx, stage: str, step: Callable[[], object]) -> None:
    try:
        step()
    except Exception as exc:  # an extractor never raises; report and keep the other stages' facts
        ctx.facts.warnings.append(f"{ctx.path}:1: {stage} extraction failed: {type(exc).__name__}: {exc}")


def _file_settings(ctx: FileCtx) -> None:
    """Settings not tied to a client of this file (e.g. a @Configuration class's factories)."""
    for c in ctx.containers:
        if not c.used:
            ctx.facts.settings.extend(c.settings.values())


def _observability(ctx: FileCtx) -> None:
    out: list[CallFact] = []
    for qualified, line in ctx.ir.import_lines:
        if qualified.startswith(_TRACING_IMPORTS):
            out.append(CallFact("tracing", qualified, line, "import"))
        elif qualified.startswith(_METRICS_IMPORTS):
            out.append(CallFact("metrics", qualified, line, "import"))
    classifier = CallClassifier(ctx)
    chains: set[tuple[str, int]] = set()
    for cls in ctx.ir.classes:
        for ann in cls.annotations:
            _annotation_fact(ann.name, ann.line, out)
        for m in cls.methods:
            for ann in m.annotations:
                _annotation_fact(ann.name, ann.line, out)
            for call in m.calls:
                if call.kind == "new":
                    fact = classifier.categorize(call, cls, m, _EMPTY_SCOPE)
                    if fact is not None and fact.category in ("metrics", "tracing"):
                        out.append(fact)
                    continue
                category = classifier.observability(call, ctx.kind_of(call.recv, cls, m) if call.recv else None)
                root = id(chain_root(call))
                if category is not None and (category, root) not in chains:  # one fact per call chain
                    chains.add((category, root))
                    out.append(CallFact(category, call_name(call), call.name_line or call.line))
    seen: set[tuple[str, str, int]] = set()
    for fact in sorted(out, key=lambda f: f.line):
        if (fact.category, fact.name, fact.line) not in seen:
            seen.add((fact.category, fact.name, fact.line))
            ctx.facts.observability.append(fact)


def _annotation_fact(name: str, line: int, out: list[CallFact]) -> None:
    if name in _METRIC_ANNOTATIONS:
        out.append(CallFact("metrics", f"@{name}", line, "annotation"))
    elif name in _TRACE_ANNOTATIONS:
        out.append(CallFact("tracing", f"@{name}", line, "annotation"))
