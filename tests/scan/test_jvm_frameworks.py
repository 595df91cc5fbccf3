"""The Java/Kotlin extractor on Kafka Streams topologies, SmallRye/Quarkus channels and Spring
Kafka retry/forwarding annotations."""

from __future__ import annotations

from copilot.model.facts import Loc, Pending, SchemaRef
from copilot.scan.extractors.jvm import extract
from copilot.scan.repo import scan
from tests.conftest import MakeRepo


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


TOPOLOGY = """\
package com.acme.streams;

import com.acme.avro.Order;
import io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.kstream.*;

public class FraudTopology {
    static final String INPUT = "orders";

    public KafkaStreams build() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fraud-streams");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, SpecificAvroSerde.class);

        SpecificAvroSerde<Order> orderSerde = new SpecificAvroSerde<>();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Order> orders = builder.stream(INPUT, Consumed.with(Serdes.String(), orderSerde));
        KTable<String, Customer> customers = builder.table("customers");
        GlobalKTable<String, Rate> rates = builder.globalTable(Topics.RATES);
        orders.filter((k, v) -> v.getAmountCents() > 10_000)
              .mapValues(v -> scorer.score(v))
              .to("suspicious-orders", Produced.with(Serdes.String(), orderSerde));
        orders.to((key, value, ctx) -> "orders-" + value.getRegion());
        orders.through("orders-by-region");
        builder.stream(Pattern.compile("legacy-.*")).foreach((k, v) -> log.info("{}", v));
        Topology topology = builder.build();
        topology.addSource("legacy-source", "legacy-orders", "legacy-returns");
        topology.addSink("legacy-sink", "legacy-out", "legacy-source");
        return new KafkaStreams(topology, props);
    }
}
"""


def test_streams_sources_sinks_and_topology() -> None:
    src = TOPOLOGY
    path = "fraud-streams/src/main/java/com/acme/streams/FraudTopology.java"
    facts = extract(path, src.encode())
    assert facts.warnings == []
    got = [(e.role, e.topic.name, e.topic.origin, e.topic.pattern, e.loc.line) for e in facts.endpoints]
    assert got == [
        ("consume", "orders", "constant", False, ln(src, "builder.stream(INPUT")),
        ("consume", "customers", "literal", False, ln(src, "builder.table")),
        ("consume", None, "imported-constant", False, ln(src, "builder.globalTable")),
        ("produce", "suspicious-orders", "literal", False, ln(src, '.to("suspicious-orders"')),
        ("produce", None, "unresolved", False, ln(src, "orders.to((key")),
        ("produce", "orders-by-region", "literal", False, ln(src, "orders.through")),
        ("consume", "orders-by-region", "literal", False, ln(src, "orders.through")),
        ("consume", "legacy-.*", "pattern", True, ln(src, "Pattern.compile")),
        ("consume", "legacy-orders", "literal", False, ln(src, "topology.addSource")),
        ("consume", "legacy-returns", "literal", False, ln(src, "topology.addSource")),
        ("produce", "legacy-out", "literal", False, ln(src, "topology.addSink")),
    ]
    eps = facts.endpoints
    assert {e.library for e in eps} == {"kafka-streams"}
    assert eps[2].topic.pending == Pending("jvm-const", "Topics.RATES")
    assert eps[4].topic.text == '(key, value, ctx) -> "orders-" + value.getRegion()'
    assert eps[0].schema == SchemaRef("name", "com.acme.avro.Order", Loc(path, ln(src, "KStream<String, Order> orders")))
    assert eps[1].schema == SchemaRef("name", "Customer", Loc(path, ln(src, "KTable<String, Customer>")))
    assert eps[3].schema == SchemaRef("name", "com.acme.avro.Order", Loc(path, ln(src, "SpecificAvroSerde<Order> orderSerde")))
    app = ln(src, "APPLICATION_ID_CONFIG")
    streams_config = {
        "application.id": ("fraud-streams", app, "StreamsConfig.APPLICATION_ID_CONFIG"),
        "processing.guarantee": ("exactly_once_v2", app + 1, "StreamsConfig.PROCESSING_GUARANTEE_CONFIG"),
        "default.value.serde": ("SpecificAvroSerde", app + 2, "StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG"),
        "value.format": ("avro", app + 2, "StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG"),
        "group.id": ("fraud-streams", app, "StreamsConfig.APPLICATION_ID_CONFIG"),
    }
    assert settings(eps[1]) == streams_config
    consumed = ln(src, "Consumed.with")
    assert settings(eps[0]) == {**streams_config, "key.format": ("string", consumed, "Consumed.with"),
                                "value.format": ("avro", consumed, "Consumed.with")}
    produced = ln(src, "Produced.with")
    assert settings(eps[3]) == {**streams_config, "key.format": ("string", produced, "Produced.with"),
                                "value.format": ("avro", produced, "Produced.with")}
    assert {e.group for e in eps if e.role == "consume"} == {"fraud-streams"}
    assert facts.settings == []


def test_streams_handler_covers_the_lambdas_only() -> None:
    src = TOPOLOGY
    facts = extract("s/FraudTopology.java", src.encode())
    (handler,) = facts.handlers
    assert (handler.kind, handler.name, handler.loc.line) == ("stream", "build", ln(src, "public KafkaStreams build"))
    assert calls(handler) == [("process", "scorer.score", ln(src, "scorer.score"))]
    assert [(r.name, r.line) for r in facts.field_reads] == [
        ("amountCents", ln(src, "v.getAmountCents()")),
        ("region", ln(src, "value.getRegion()")),
    ]


QUARKUS = """\
package com.acme.pricing;

import io.opentelemetry.api.trace.Tracer;
import io.smallrye.reactive.messaging.kafka.Record;
import org.eclipse.microprofile.reactive.messaging.*;

@ApplicationScoped
public class PriceProcessor {
    @Inject
    @Channel("alerts-out")
    Emitter<Alert> alerts;

    @Inject
    @Channel("audit-out")
    MutinyEmitter<AuditEvent> audit;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "pricing.markup", defaultValue = "1.1")
    double markup;

    @Incoming("prices-in")
    @Outgoing("quotes-out")
    @Blocking
    public Quote convert(Price price) {
        var span = tracer.spanBuilder("convert").startSpan();
        if (price.getAmount() > 1000) {
            alerts.send(Record.of(price.getSymbol(), new Alert(price.getSymbol())));
        }
        return new Quote(price.getSymbol(), price.getAmount() * markup);
    }

    @Incoming("ticks")
    public CompletionStage<Void> tick(Message<Tick> msg) {
        Tick t = msg.getPayload();
        httpClient.send(request(t.getVenue()), BodyHandlers.ofString());
        return msg.ack();
    }
}
"""


def test_smallrye_channels_emitters_and_handlers(make_repo: MakeRepo) -> None:
    src = QUARKUS
    path = "pricing/src/main/java/com/acme/pricing/PriceProcessor.java"
    facts = extract(path, src.encode())
    got = [(e.role, e.topic.pending, e.topic.origin, e.loc.line, e.library) for e in facts.endpoints]
    assert got == [
        ("consume", Pending("channel", "incoming:prices-in"), "channel", ln(src, '@Incoming("prices-in")'), "smallrye"),
        ("produce", Pending("channel", "outgoing:quotes-out"), "channel", ln(src, '@Outgoing("quotes-out")'), "smallrye"),
        ("consume", Pending("channel", "incoming:ticks"), "channel", ln(src, '@Incoming("ticks")'), "smallrye"),
        ("produce", Pending("channel", "outgoing:alerts-out"), "channel", ln(src, "alerts.send"), "smallrye"),
        ("produce", Pending("channel", "outgoing:audit-out"), "channel", ln(src, "MutinyEmitter<AuditEvent>"), "smallrye"),
    ]
    prices, quotes, ticks, alerts, audit = facts.endpoints
    assert prices.handler == "convert" and ticks.handler == "tick"
    assert prices.schema == SchemaRef("name", "Price", Loc(path, ln(src, "public Quote convert")))
    assert quotes.schema == SchemaRef("name", "Quote", Loc(path, ln(src, "public Quote convert")))
    assert ticks.schema == SchemaRef("name", "Tick", Loc(path, ln(src, "Message<Tick> msg")))
    assert (alerts.key, alerts.value, alerts.awaits_ack) == ("price.getSymbol()", "new Alert(price.getSymbol())", False)
    assert alerts.schema == SchemaRef("name", "Alert", Loc(path, ln(src, "Emitter<Alert> alerts")))
    assert alerts.topic.via == [Loc(path, ln(src, "Emitter<Alert> alerts"))]
    assert audit.client == "audit" and audit.value is None  # declared, never sent through here
    convert, tick = facts.handlers
    assert calls(convert) == [
        ("tracing", "tracer.spanBuilder().startSpan", ln(src, "tracer.spanBuilder")),
        ("produce", "alerts.send", ln(src, "alerts.send")),
    ]
    assert calls(tick) == [
        ("blocking-io", "httpClient.send", ln(src, "httpClient.send")),
        ("process", "request", ln(src, "httpClient.send")),
        ("commit-async", "msg.ack", ln(src, "msg.ack()")),
    ]
    assert [(r.name, r.line) for r in facts.field_reads] == [
        ("amount", ln(src, "price.getAmount() > 1000")),
        ("symbol", ln(src, "alerts.send")),
        ("amount", ln(src, "return new Quote")),
        ("symbol", ln(src, "return new Quote")),
        ("venue", ln(src, "t.getVenue()")),
    ]
    # observability is read from the Java front-end's lowering, in the scan
    scanned = scan(make_repo({path: src}), "HEAD").files[path]
    assert [(o.category, o.name, o.line) for o in scanned.observability] == [
        ("tracing", "io.opentelemetry.api.trace.Tracer", ln(src, "import io.opentelemetry")),
        ("tracing", "tracer.spanBuilder().startSpan", ln(src, "tracer.spanBuilder")),
    ]


RETRYING = """\
package com.acme.shipping;

@Component
public class ShipmentListener {
    @RetryableTopic(attempts = "4", backoff = @Backoff(delay = 1000))
    @KafkaListener(topicPartitions = @TopicPartition(topic = "shipments", partitions = {"0", "1"}),
                   groupId = "shipping", errorHandler = "shipmentErrorHandler")
    @SendTo("shipment-events")
    public ShipmentEvent onShipment(Shipment shipment) {
        jdbcTemplate.update("insert into shipments values (?)", shipment.getId());
        return new ShipmentEvent(shipment.getId());
    }

    @DltHandler
    public void dead(Shipment shipment) {
        alerting.page(shipment.getId());
    }

    @KafkaListeners({
        @KafkaListener(topics = "returns", groupId = "returns"),
        @KafkaListener(topics = "exchanges", groupId = "exchanges")
    })
    public void onReturn(ConsumerRecord<String, Return> record) {
        Return r = record.value();
        if (record.value().get("reason") != null) { repo.save(r); }
    }
}
"""


def test_retryable_topic_dlt_handler_send_to_and_repeated_listeners() -> None:
    src = RETRYING
    path = "shipping/ShipmentListener.java"
    facts = extract(path, src.encode())
    got = [(e.role, e.topic.name, e.loc.line, e.group, e.handler) for e in facts.endpoints]
    assert got == [
        ("consume", "shipments", ln(src, "@KafkaListener(topicPartitions"), "shipping", "onShipment"),
        ("produce", "shipment-events", ln(src, "@SendTo"), None, None),
        ("consume", "returns", ln(src, '@KafkaListener(topics = "returns"'), "returns", "onReturn"),
        ("consume", "exchanges", ln(src, '@KafkaListener(topics = "exchanges"'), "exchanges", "onReturn"),
    ]
    assert facts.endpoints[1].value == "ShipmentEvent"
    assert facts.endpoints[1].schema == SchemaRef("name", "ShipmentEvent", Loc(path, ln(src, "public ShipmentEvent onShipment")))
    assert facts.endpoints[2].schema == SchemaRef("name", "Return", Loc(path, ln(src, "ConsumerRecord<String, Return>")))
    on_shipment = facts.handlers[0]
    assert on_shipment.name == "onShipment"
    assert calls(on_shipment) == [
        ("retry", "@RetryableTopic", ln(src, "@RetryableTopic")),
        ("dead-letter", "@RetryableTopic", ln(src, "@RetryableTopic")),
        ("retry", "errorHandler", ln(src, "errorHandler =")),
        ("blocking-io", "jdbcTemplate.update", ln(src, "jdbcTemplate.update")),
    ]
    dlt = next(h for h in facts.handlers if h.name == "dead")
    assert dlt.kind == "error-handler"
    assert calls(dlt) == [("dead-letter", "@DltHandler", ln(src, "@DltHandler")),
                          ("process", "alerting.page", ln(src, "alerting.page"))]
    on_return = [h for h in facts.handlers if h.name == "onReturn"]
    assert len(on_return) == 1 and calls(on_return[0]) == [("process", "repo.save", ln(src, "repo.save"))]
    reads = [(r.name, r.line) for r in facts.field_reads]
    assert ("reason", ln(src, '"reason"')) in reads and ("id", ln(src, "jdbcTemplate.update")) in reads


def test_streams_sink_after_a_helper_method_of_the_same_class() -> None:
    from copilot.scan.extractors.jvm import extract

    src = b"""package com.acme;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;

public final class FraudTopology {
    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Txn> txns = builder.stream("cards.transactions");
        highRisk(txns).mapValues(this::toAlert).to("fraud.alerts");
        return builder.build();
    }

    private KStream<String, Txn> highRisk(KStream<String, Txn> txns) {
        return txns.filter((k, t) -> t.score() > 0.9);
    }
}
"""
    facts = extract("fraud/FraudTopology.java", src)
    produced = [(e.topic.name, e.loc.line) for e in facts.endpoints if e.role == "produce"]
    assert produced == [("fraud.alerts", 10)]
