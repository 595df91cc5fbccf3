"""Java/Kotlin observability read from the front-end's lowering, through the whole scan: imports,
annotations, client-metrics binders, and calls on meters and tracers, a receiver told by its
declared type first (a field, a parameter, a local) and by its name only when no type says otherwise."""

from __future__ import annotations

from copilot.scan.repo import scan
from tests.conftest import MakeRepo


def ln(src: str, needle: str) -> int:
    return src.count("\n", 0, src.index(needle)) + 1


JAVA = """\
package com.acme.billing;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.kafka.annotation.KafkaListener;

public class InvoiceListener {
    private final Stats stats;
    private final TracerProvider tracerProvider;

    InvoiceListener(Stats stats, TracerProvider tracerProvider, KafkaConsumer<String, String> consumer) {
        this.stats = stats;
        this.tracerProvider = tracerProvider;
        new KafkaClientMetrics(consumer);
    }

    @Timed
    @KafkaListener(topics = "invoices")
    public void on(String invoice, Telemetry otel) {
        tracerProvider.get("billing");
        stats.record(invoice);
        otel.getTracer("billing")
            .spanBuilder("invoice").startSpan();
        Observation.start("invoice", null);
    }
}
"""

KOTLIN = """\
package com.acme.billing

import io.opentelemetry.instrumentation.annotations.WithSpan
import org.springframework.kafka.annotation.KafkaListener

class RefundListener(private val meterRegistry: Any, private val tracer: Any) {
    @WithSpan
    @KafkaListener(topics = ["refunds"])
    fun on(refund: String) {
        val refundsCounter = meterRegistry.counter("refunds")
        refundsCounter.increment()
        tracer.currentSpan()
    }
}
"""


def test_java_and_kotlin_observability(make_repo: MakeRepo) -> None:
    java, kotlin = "billing/src/main/java/com/acme/billing/InvoiceListener.java", "refunds/src/main/kotlin/RefundListener.kt"
    files = scan(make_repo({java: JAVA, kotlin: KOTLIN}), use_cache=False).files
    assert [(o.category, o.name, o.line) for o in files[java].observability] == [
        ("metrics", "io.micrometer.core.annotation.Timed", ln(JAVA, "import io.micrometer.core.annotation")),
        ("metrics", "io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics", ln(JAVA, "import io.micrometer.core.instrument")),
        ("metrics", "KafkaClientMetrics", ln(JAVA, "new KafkaClientMetrics")),
        ("metrics", "@Timed", ln(JAVA, "@Timed")),
        # `tracerProvider` is a TracerProvider by its declared type: no tracer, though its name says one;
        # `stats` is a Stats: a type that is no meter, and a name that says none
        ("tracing", "otel.getTracer().spanBuilder().startSpan", ln(JAVA, ".spanBuilder(")),  # one chain, one fact, at the line of its last call
        ("tracing", "Observation.start", ln(JAVA, "Observation.start")),
    ]
    assert [(o.category, o.name, o.line) for o in files[kotlin].observability] == [
        ("tracing", "io.opentelemetry.instrumentation.annotations.WithSpan", ln(KOTLIN, "import io.opentelemetry")),
        ("tracing", "@WithSpan", ln(KOTLIN, "@WithSpan")),
        ("metrics", "meterRegistry.counter", ln(KOTLIN, "meterRegistry.counter")),
        ("metrics", "refundsCounter.increment", ln(KOTLIN, "refundsCounter.increment")),
        ("tracing", "tracer.currentSpan", ln(KOTLIN, "tracer.currentSpan")),
    ]
