"""The Java/Kotlin extractor on Kotlin: Spring Kafka, kafka-clients, Spring Cloud Stream
function beans, `const val` constants, string templates and `Properties().apply { }`."""

from __future__ import annotations

from copilot.model.facts import Loc, Pending, SchemaRef
from copilot.scan.extractors.jvm import extract


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def settings(endpoint) -> dict[str, tuple[str, int, str]]:
    return {k: (s.value, s.loc.line, s.raw_key) for k, s in endpoint.settings.items()}


def calls(handler) -> list[tuple[str, str, int]]:
    return [(c.category, c.name, c.line) for c in handler.calls]


SCORING = """\
package com.acme.scoring

import com.acme.avro.Order
import com.acme.avro.Score
import com.acme.shared.Topics
import org.springframework.beans.factory.annotation.Value
import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.cloud.stream.function.StreamBridge

const val PREFIX = "acme"
const val SCORES = "$PREFIX.scores"

object LocalTopics {
    const val AUDIT = "${PREFIX}.audit"
    val LATE = "${Topics.BASE}-late"
}

enum class Topic(val topicName: String) {
    ORDERS("orders"),
    REFUNDS("refunds");
}

@Service
class ScoringService(
    private val kafkaTemplate: KafkaTemplate<String, Score>,
    private val streamBridge: StreamBridge,
    @Value("\\${app.topics.alerts}") private val alertsTopic: String,
) {
    companion object {
        private val log = LoggerFactory.getLogger(ScoringService::class.java)
        const val RETRY = "scores-retry"
    }

    @KafkaListener(topics = [Topic.ORDERS.topicName, Topics.PAYMENTS, "#{'\\${app.topics.extra}'}"], groupId = "scoring")
    fun onOrder(order: Order) {
        val score = Score(order.id, order.amountCents / 100)
        kafkaTemplate.send(SCORES, order.id, score)
        kafkaTemplate.send(alertsTopic, score).whenComplete { _, ex -> log.warn("failed", ex) }
        kafkaTemplate.send(LocalTopics.AUDIT, score).get()
        kafkaTemplate.send(LocalTopics.LATE, score)
        streamBridge.send("audit-out-0", score)
        if (order.getCustomerId() == null) {
            try {
                riskClient.check(order)
            } catch (e: Exception) {
            }
        }
    }

    @Bean
    fun enrich(): (Order) -> Score = { o -> Score(o.id, o.total) }

    @Bean
    fun audit(): java.util.function.Consumer<Score> = java.util.function.Consumer { s -> archive.store(s.id) }

    @Bean
    fun ticks(): Supplier<Tick> = Supplier { Tick.now() }
}
"""
PATH = "scoring/src/main/kotlin/com/acme/scoring/Scoring.kt"


def test_kotlin_constants_templates_enums_and_symbols() -> None:
    src = SCORING
    facts = extract(PATH, src.encode())
    assert facts.language == "kotlin" and facts.warnings == []
    assert facts.symbols == {
        "PREFIX": ("acme", ln(src, 'const val PREFIX')),
        "SCORES": ("acme.scores", ln(src, "const val SCORES")),
        "LocalTopics.AUDIT": ("acme.audit", ln(src, "const val AUDIT")),
        "Topic.ORDERS": ("orders", ln(src, 'ORDERS("orders")')),
        "Topic.REFUNDS": ("refunds", ln(src, 'REFUNDS("refunds")')),
        "ScoringService.RETRY": ("scores-retry", ln(src, "const val RETRY")),
    }
    produced = [e for e in facts.endpoints if e.role == "produce" and e.library == "spring-kafka"]
    assert [(e.topic.text, e.topic.name, e.topic.origin, e.topic.pending) for e in produced] == [
        ("SCORES", "acme.scores", "constant", None),
        ("alertsTopic", None, "property", Pending("property", "app.topics.alerts")),
        ("LocalTopics.AUDIT", "acme.audit", "constant", None),
        ("LocalTopics.LATE", None, "imported-constant",
         Pending("template", "{Topics.BASE}-late", parts=(Pending("jvm-const", "Topics.BASE"),))),
    ]
    scores, alerts, audit, late = produced
    assert scores.topic.via == [Loc(PATH, ln(src, "const val SCORES")), Loc(PATH, ln(src, "const val PREFIX"))]
    assert alerts.topic.via == [Loc(PATH, ln(src, "@Value("))]
    assert [(e.key, e.value, e.awaits_ack) for e in produced] == [
        ("order.id", "score", False), (None, "score", True), (None, "score", True), (None, "score", False)]
    assert scores.schema == SchemaRef("name", "com.acme.avro.Score", Loc(PATH, ln(src, "KafkaTemplate<String, Score>")))


def test_kotlin_listener_topics_handler_and_field_reads() -> None:
    src = SCORING
    facts = extract(PATH, src.encode())
    consumers = [e for e in facts.endpoints if e.library == "spring-kafka" and e.role == "consume"]
    assert [(e.topic.name, e.topic.origin, e.topic.pending) for e in consumers] == [
        ("orders", "enum", None),
        (None, "imported-constant", Pending("jvm-const", "Topics.PAYMENTS")),
        (None, "property", Pending("property", "app.topics.extra")),
    ]
    assert consumers[0].topic.via == [Loc(PATH, ln(src, 'ORDERS("orders")'))]
    assert {(e.loc.line, e.group, e.handler) for e in consumers} == {(ln(src, "@KafkaListener"), "scoring", "onOrder")}
    assert consumers[0].schema == SchemaRef("name", "com.acme.avro.Order", Loc(PATH, ln(src, "fun onOrder")))
    handler = next(h for h in facts.handlers if h.name == "onOrder")
    assert calls(handler) == [
        ("produce", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(SCORES")),
        ("produce", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(alertsTopic")),
        ("wait-ack", "kafkaTemplate.send().get", ln(src, "kafkaTemplate.send(LocalTopics.AUDIT")),
        ("produce", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(LocalTopics.AUDIT")),
        ("produce", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(LocalTopics.LATE")),
        ("produce", "streamBridge.send", ln(src, "streamBridge.send")),
        ("process", "riskClient.check", ln(src, "riskClient.check")),
        ("error-swallowed", "catch (Exception)", ln(src, "catch (e: Exception)")),
    ]
    reads = [(r.name, r.line) for r in facts.field_reads if r.line <= handler.end_line]
    assert reads == [
        ("amountCents", ln(src, "val score = Score")),
        ("id", ln(src, "val score = Score")),
        ("id", ln(src, "kafkaTemplate.send(SCORES")),
        ("customerId", ln(src, "order.getCustomerId()")),
    ]


def test_spring_cloud_stream_function_beans_and_stream_bridge() -> None:
    src = SCORING
    facts = extract(PATH, src.encode())
    scs = [e for e in facts.endpoints if e.library == "spring-cloud-stream"]
    assert [(e.role, e.topic.pending, e.loc.line, e.handler) for e in scs] == [
        ("consume", Pending("binding", "enrich-in-0"), ln(src, "fun enrich"), "enrich"),
        ("produce", Pending("binding", "enrich-out-0"), ln(src, "fun enrich"), None),
        ("consume", Pending("binding", "audit-in-0"), ln(src, "fun audit"), "audit"),
        ("produce", Pending("binding", "ticks-out-0"), ln(src, "fun ticks"), None),
        ("produce", Pending("binding", "audit-out-0"), ln(src, "streamBridge.send"), None),
    ]
    assert all(e.topic.origin == "binding" and e.topic.name is None for e in scs)
    assert [e.schema.key if e.schema else None for e in scs] == [
        "com.acme.avro.Order", "com.acme.avro.Score", "com.acme.avro.Score", "Tick", "com.acme.avro.Score"]
    assert scs[-1].value == "score" and scs[-1].client == "streamBridge"
    audit = next(h for h in facts.handlers if h.name == "audit")
    assert calls(audit) == [("process", "archive.store", ln(src, "fun audit"))]
    assert ("total", ln(src, "fun enrich")) in [(r.name, r.line) for r in facts.field_reads]


INGEST = """\
package com.acme.ingest

import org.apache.kafka.clients.consumer.ConsumerConfig
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import java.time.Duration

class Ingest(private val repo: EventRepository) {
    private val producer = KafkaProducer<String, Event>(
        mapOf(
            ProducerConfig.ACKS_CONFIG to "0",
            ProducerConfig.RETRIES_CONFIG to 0,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to KafkaProtobufSerializer::class.java,
        )
    )

    fun publish(e: Event) {
        producer.send(ProducerRecord("events.${e.region}", e.id, e))
        producer.flush()
    }

    fun run() {
        val props = Properties().apply {
            put(ConsumerConfig.GROUP_ID_CONFIG, "ingest")
            this[ConsumerConfig.MAX_POLL_RECORDS_CONFIG] = 10
        }
        KafkaConsumer<String, Event>(props).use { consumer ->
            consumer.subscribe(listOf(TOPIC_IN, System.getenv("EXTRA_TOPIC") ?: "extra-events"))
            while (true) {
                val records = consumer.poll(Duration.ofSeconds(1))
                records.forEach { record ->
                    repo.save(record.value().payload)
                    TimeUnit.MILLISECONDS.sleep(5)
                }
                consumer.commitAsync()
            }
        }
    }

    companion object {
        const val TOPIC_IN = "raw-events"
    }
}
"""


def test_kotlin_plain_clients_settings_poll_loop_and_env_topics() -> None:
    src = INGEST
    path = "ingest/Ingest.kt"
    facts = extract(path, src.encode())
    producer, raw, extra = facts.endpoints
    assert (producer.role, producer.topic.name, producer.topic.origin, producer.topic.text) == (
        "produce", None, "unresolved", '"events.${e.region}"')
    assert (producer.key, producer.value, producer.awaits_ack, producer.client) == ("e.id", "e", True, "producer")
    acks = ln(src, "ACKS_CONFIG")
    assert settings(producer) == {
        "acks": ("0", acks, "ProducerConfig.ACKS_CONFIG"),
        "retries": ("0", acks + 1, "ProducerConfig.RETRIES_CONFIG"),
        "value.serializer": ("KafkaProtobufSerializer", acks + 2, "ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG"),
        "value.format": ("protobuf", acks + 2, "ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG"),
    }
    assert (raw.topic.name, raw.topic.origin, raw.topic.via) == ("raw-events", "constant", [Loc(path, ln(src, "const val TOPIC_IN"))])
    assert (extra.topic.name, extra.topic.origin, extra.topic.pending) == (
        None, "env", Pending("env", "EXTRA_TOPIC", default="extra-events"))
    assert (raw.client, raw.handler, raw.group) == ("consumer", "run", "ingest")
    group = ln(src, "GROUP_ID_CONFIG")
    assert settings(raw) == {
        "group.id": ("ingest", group, "ConsumerConfig.GROUP_ID_CONFIG"),
        "max.poll.records": ("10", group + 1, "ConsumerConfig.MAX_POLL_RECORDS_CONFIG"),
    }
    assert raw.schema == SchemaRef("name", "Event", Loc(path, ln(src, "KafkaConsumer<String, Event>(props)")))
    (loop,) = facts.handlers
    assert (loop.kind, loop.loc.line, loop.end_line) == ("poll-loop", ln(src, "while (true)"), ln(src, "consumer.commitAsync()") + 1)
    assert calls(loop) == [
        ("process", "repo.save", ln(src, "repo.save")),
        ("sleep", "TimeUnit.MILLISECONDS.sleep", ln(src, "TimeUnit.MILLISECONDS")),
        ("commit-async", "consumer.commitAsync", ln(src, "consumer.commitAsync")),
    ]
    assert [(r.name, r.line) for r in facts.field_reads] == [("payload", ln(src, "repo.save"))]
    assert facts.symbols == {"Ingest.TOPIC_IN": ("raw-events", ln(src, "const val TOPIC_IN"))}


def test_kotlin_config_bean_with_map_of_goes_to_file_settings() -> None:
    src = """\
package com.acme.config

@Configuration
class KafkaConfig {
    @Bean
    fun producerFactory(): ProducerFactory<String, Order> = DefaultKafkaProducerFactory(
        mapOf(
            ProducerConfig.ACKS_CONFIG to "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG to true,
            "schema.registry.url" to "\\${schema.registry:http://registry:8081}",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG to KafkaAvroSerializer::class.java,
        )
    )

    @Bean
    fun errorHandler(template: KafkaTemplate<Any, Any>) = DefaultErrorHandler(
        DeadLetterPublishingRecoverer(template) { r, _ -> TopicPartition(r.topic() + ".DLT", r.partition()) },
        ExponentialBackOffWithMaxRetries(3),
    )
}
"""
    path = "config/KafkaConfig.kt"
    facts = extract(path, src.encode())
    assert facts.endpoints == []
    acks = ln(src, "ACKS_CONFIG")
    assert [(s.key, s.value, s.loc.line) for s in facts.settings] == [
        ("acks", "all", acks),
        ("enable.idempotence", "true", acks + 1),
        ("schema.registry.url", "${schema.registry:http://registry:8081}", acks + 2),
        ("value.serializer", "KafkaAvroSerializer", acks + 3),
        ("value.format", "avro", acks + 3),
    ]
    (handler,) = facts.handlers
    assert (handler.kind, handler.name, handler.loc) == ("error-handler", "errorHandler", Loc(path, ln(src, "fun errorHandler")))
    assert calls(handler) == [
        ("retry", "DefaultErrorHandler", ln(src, "fun errorHandler")),
        ("dead-letter", "DeadLetterPublishingRecoverer", ln(src, "DeadLetterPublishingRecoverer(")),
        ("retry", "ExponentialBackOffWithMaxRetries", ln(src, "ExponentialBackOffWithMaxRetries")),
    ]


def test_a_kotlin_file_ending_in_an_annotation_does_not_hang_the_parser() -> None:
    # tree-sitter-kotlin loops forever on this input unless the extractor guards it
    facts = extract("svc/Half.kt", b'const val S = "x"\n\n@Componen')
    assert facts.symbols == {"S": ("x", 1)}
    assert facts.warnings == ["svc/Half.kt:3: syntax error"]
