"""The Java/Kotlin extractor on realistic Spring Kafka and kafka-clients Java sources.

Line numbers are found with `ln` (the 1-based line of a unique snippet of the source), so every
assertion is exact but survives edits to the samples above the asserted line.
"""

from __future__ import annotations

import pickle

from copilot.model.facts import Loc, Pending, SchemaRef
from copilot.scan.extractors.jvm import extract, extractor_for, language_for
from copilot.scan.repo import scan
from tests.conftest import MakeRepo

PATH = "fraud/src/main/java/com/acme/fraud/OrderListener.java"


def ln(src: str, needle: str, nth: int = 1) -> int:
    """1-based line of the `nth` occurrence of `needle` in `src`."""
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = PATH):
    return extract(path, src.encode("utf-8"))


def settings(endpoint) -> dict[str, tuple[str, int, str]]:
    return {k: (s.value, s.loc.line, s.raw_key) for k, s in endpoint.settings.items()}


def calls(handler) -> list[tuple[str, str, int]]:
    return [(c.category, c.name, c.line) for c in handler.calls]


# ------------------------------------------------------------------------- Spring Kafka listener
SPRING_LISTENER = """\
package com.acme.fraud;

import com.acme.avro.Order;
import com.acme.avro.Payment;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.web.client.RestTemplate;

@Component
public class OrderListener {
    private static final Logger log = LoggerFactory.getLogger(OrderListener.class);
    public static final String PAYMENTS = "payments";
    static final String PREFIX = "acme";
    static final String DLQ = PREFIX + ".orders.dlq";

    private final KafkaTemplate<String, Payment> kafkaTemplate;
    private final RestTemplate restTemplate;
    private final MeterRegistry meterRegistry;

    public OrderListener(KafkaTemplate<String, Payment> kafkaTemplate, RestTemplate restTemplate,
                         MeterRegistry meterRegistry) {
        this.kafkaTemplate = kafkaTemplate;
        this.restTemplate = restTemplate;
        this.meterRegistry = meterRegistry;
    }

    @KafkaListener(topics = {"orders", "${app.topics.returns:returns}"}, groupId = "fraud",
                   containerFactory = "orderFactory", properties = {"max.poll.records=50"})
    public void onOrder(ConsumerRecord<String, Order> record, Acknowledgment ack) {
        Order order = record.value();
        try {
            long cents = order.getAmountCents();
            String risk = restTemplate.getForObject("http://risk/score/" + order.getId(), String.class);
            Thread.sleep(100);
            kafkaTemplate.send(PAYMENTS, order.getId(), toPayment(order)).get();
            meterRegistry.counter("orders.scored").increment();
        } catch (IllegalStateException e) {
            // ignored on purpose
        } catch (Exception e) {
            kafkaTemplate.send(DLQ, order.getId(), null);
        }
        ack.acknowledge();
    }

    @KafkaListener(topicPattern = "audit\\\\..*", id = "auditor")
    public void audit(String payload) {
        log.info("audit {}", payload);
    }

    @KafkaListener(topics = "#{'${app.topics.refunds}'}", groupId = "${app.group:fraud-refunds}")
    public void refunds(@Payload Refund refund, @Header(KafkaHeaders.RECEIVED_KEY) String key) {
        if (refund.isPartial()) {
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private Payment toPayment(Order order) {
        return new Payment(order.getId(), order.getAmountCents());
    }
}
"""


def test_kafka_listener_topics_groups_settings_and_schema() -> None:
    src = SPRING_LISTENER
    facts = run(src)
    assert facts.language == "java" and facts.warnings == []
    consumers = [e for e in facts.endpoints if e.role == "consume"]
    assert [(e.topic.name, e.topic.origin, e.topic.pattern) for e in consumers] == [
        ("orders", "literal", False),
        (None, "property", False),
        ("audit\\..*", "pattern", True),
        (None, "property", False),
    ]
    orders, returns, audit, refunds = consumers
    line = ln(src, "@KafkaListener(topics = {")
    assert orders.loc == Loc(PATH, line) and orders.end_line == ln(src, "ack.acknowledge();") + 1
    assert orders.library == "spring-kafka" and orders.handler == "onOrder" and orders.group == "fraud"
    assert orders.client == "orderFactory"  # the containerFactory bean, to join its settings
    assert settings(orders) == {
        "group.id": ("fraud", line, "groupId"),
        "max.poll.records": ("50", line + 1, "properties: max.poll.records"),
    }
    assert orders.schema == SchemaRef("name", "com.acme.avro.Order", Loc(PATH, ln(src, "public void onOrder")))
    assert returns.topic.pending == Pending("property", "app.topics.returns", default="returns")
    assert returns.topic.text == '"${app.topics.returns:returns}"'
    # `id` is the group when no groupId is given
    assert audit.group == "auditor" and settings(audit) == {"group.id": ("auditor", ln(src, "topicPattern"), "id")}
    assert audit.schema is None  # a String payload names no schema
    # SpEL wrapping a placeholder, and a placeholder group id
    assert refunds.topic.pending == Pending("property", "app.topics.refunds")
    assert refunds.group == "${app.group:fraud-refunds}"
    assert refunds.schema == SchemaRef("name", "Refund", Loc(PATH, ln(src, "public void refunds")))


def test_listener_handler_calls_cover_every_category() -> None:
    src = SPRING_LISTENER
    facts = run(src)
    on_order = next(h for h in facts.handlers if h.name == "onOrder")
    assert on_order.kind == "listener"
    assert on_order.loc == Loc(PATH, ln(src, "public void onOrder")) and on_order.end_line == ln(src, "ack.acknowledge()") + 1
    assert calls(on_order) == [
        ("blocking-io", "restTemplate.getForObject", ln(src, "restTemplate.getForObject")),
        ("sleep", "Thread.sleep", ln(src, "Thread.sleep")),
        ("wait-ack", "kafkaTemplate.send().get", ln(src, "kafkaTemplate.send(PAYMENTS")),
        ("produce", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(PAYMENTS")),
        ("process", "toPayment", ln(src, "kafkaTemplate.send(PAYMENTS")),
        ("metrics", "meterRegistry.counter().increment", ln(src, "meterRegistry.counter")),
        ("error-swallowed", "catch (IllegalStateException)", ln(src, "catch (IllegalStateException")),
        ("dead-letter", "kafkaTemplate.send", ln(src, "kafkaTemplate.send(DLQ")),
        ("commit-sync", "ack.acknowledge", ln(src, "ack.acknowledge")),
    ]
    assert on_order.calls[3].detail == "payments"
    assert on_order.calls[7].detail == "acme.orders.dlq"
    audit = next(h for h in facts.handlers if h.name == "audit")
    assert audit.calls == []  # logging is not processing
    refunds = next(h for h in facts.handlers if h.name == "refunds")
    assert calls(refunds) == [("sleep", "TimeUnit.SECONDS.sleep", ln(src, "TimeUnit.SECONDS.sleep"))]


def test_template_sends_keys_acks_constants_and_field_reads(make_repo: MakeRepo) -> None:
    src = SPRING_LISTENER
    facts = run(src)
    payments, dlq = [e for e in facts.endpoints if e.role == "produce"]
    assert payments.topic.name == "payments" and payments.topic.origin == "constant"
    assert payments.topic.via == [Loc(PATH, ln(src, 'PAYMENTS = "payments"'))]
    assert payments.loc == Loc(PATH, ln(src, "kafkaTemplate.send(PAYMENTS"))
    assert (payments.client, payments.key, payments.value, payments.awaits_ack) == (
        "kafkaTemplate", "order.getId()", "toPayment(order)", True)
    assert payments.schema == SchemaRef("name", "com.acme.avro.Payment", Loc(PATH, ln(src, "KafkaTemplate<String, Payment> kafkaTemplate;")))
    # a constant built from constants, fire-and-forget
    assert dlq.topic.name == "acme.orders.dlq" and dlq.topic.origin == "constant"
    assert dlq.topic.via == [Loc(PATH, ln(src, "static final String DLQ")), Loc(PATH, ln(src, 'PREFIX = "acme"'))]
    assert dlq.awaits_ack is False
    assert [(r.name, r.line) for r in facts.field_reads] == [
        ("amountCents", ln(src, "order.getAmountCents();")),
        ("id", ln(src, '"http://risk/score/"')),
        ("id", ln(src, "kafkaTemplate.send(PAYMENTS")),
        ("id", ln(src, "kafkaTemplate.send(DLQ")),
        ("partial", ln(src, "refund.isPartial()")),
    ]
    assert facts.symbols == {
        "OrderListener.PAYMENTS": ("payments", ln(src, 'PAYMENTS = "payments"')),
        "OrderListener.PREFIX": ("acme", ln(src, 'PREFIX = "acme"')),
        "OrderListener.DLQ": ("acme.orders.dlq", ln(src, "static final String DLQ")),
    }
    # observability is read from the Java front-end's lowering, in the scan
    scanned = scan(make_repo({PATH: src}), "HEAD").files[PATH]
    assert [(o.category, o.name, o.line) for o in scanned.observability] == [
        ("metrics", "io.micrometer.core.instrument.MeterRegistry", ln(src, "import io.micrometer")),
        ("metrics", "meterRegistry.counter().increment", ln(src, "meterRegistry.counter")),
    ]


# ------------------------------------------------------------------------------- kafka-clients
PLAIN_CLIENTS = """\
package com.acme.ingest;

import java.time.Duration;
import java.util.*;
import java.util.regex.Pattern;
import io.confluent.kafka.serializers.KafkaAvroSerializer;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class ClickPipeline {
    private static final String TOPIC = "clicks";

    public void produce(Click click) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put("enable.idempotence", "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        KafkaProducer<String, Click> producer = new KafkaProducer<>(props);
        producer.send(new ProducerRecord<>(TOPIC, click.getUserId(), click));
        ProducerRecord<String, Click> audit = new ProducerRecord<>("clicks-audit", click);
        producer.send(audit, (metadata, error) -> {});
    }

    public void consume() {
        Properties props = new Properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "click-aggregator");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, Click> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(Arrays.asList("clicks", "views"));
            while (true) {
                ConsumerRecords<String, Click> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Click> record : records) {
                    Click click = record.value();
                    store.save(click.getPage());
                    consumer.commitSync();
                }
            }
        }
    }

    public void metricsTopics(KafkaConsumer<String, String> other) {
        other.subscribe(Pattern.compile("metrics\\\\..*"));
        other.subscribe(Collections.singletonList(TOPIC));
    }
}
"""


def test_plain_producer_settings_formats_and_records() -> None:
    src = PLAIN_CLIENTS
    facts = run(src, "ingest/ClickPipeline.java")
    clicks, audit = [e for e in facts.endpoints if e.role == "produce"]
    assert (clicks.topic.name, clicks.topic.origin, clicks.library, clicks.client) == (
        "clicks", "constant", "kafka-clients", "producer")
    assert (clicks.key, clicks.value, clicks.awaits_ack) == ("click.getUserId()", "click", False)
    # a ProducerRecord without a key, and a send with a callback
    assert (audit.topic.name, audit.key, audit.value, audit.awaits_ack) == ("clicks-audit", None, "click", True)
    assert clicks.schema == SchemaRef("name", "Click", Loc("ingest/ClickPipeline.java", ln(src, "KafkaProducer<String, Click>")))
    put = ln(src, "BOOTSTRAP_SERVERS_CONFIG")
    assert settings(clicks) == {
        "bootstrap.servers": ("kafka:9092", put, "ProducerConfig.BOOTSTRAP_SERVERS_CONFIG"),
        "acks": ("all", put + 1, "ProducerConfig.ACKS_CONFIG"),
        "enable.idempotence": ("true", put + 2, '"enable.idempotence"'),
        "key.serializer": ("StringSerializer", put + 3, "ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG"),
        "value.serializer": ("KafkaAvroSerializer", put + 4, "ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG"),
        "key.format": ("string", put + 3, "ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG"),
        "value.format": ("avro", put + 4, "ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG"),
    }
    assert settings(audit) == settings(clicks)
    assert facts.settings == []  # every container is tied to a client of this file


def test_plain_consumer_subscribe_poll_loop_and_patterns() -> None:
    src = PLAIN_CLIENTS
    path = "ingest/ClickPipeline.java"
    facts = run(src, path)
    consumers = [e for e in facts.endpoints if e.role == "consume"]
    assert [(e.topic.name, e.topic.origin, e.topic.pattern, e.client, e.loc.line) for e in consumers] == [
        ("clicks", "literal", False, "consumer", ln(src, "consumer.subscribe")),
        ("views", "literal", False, "consumer", ln(src, "consumer.subscribe")),
        ("metrics\\..*", "pattern", True, "other", ln(src, "Pattern.compile")),
        ("clicks", "constant", False, "other", ln(src, "singletonList")),
    ]
    clicks = consumers[0]
    assert clicks.group == "click-aggregator" and clicks.handler == "consume"
    put = ln(src, "GROUP_ID_CONFIG")
    assert settings(clicks) == {
        "group.id": ("click-aggregator", put, "ConsumerConfig.GROUP_ID_CONFIG"),
        "enable.auto.commit": ("false", put + 1, "ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG"),
        "auto.offset.reset": ("earliest", put + 2, "ConsumerConfig.AUTO_OFFSET_RESET_CONFIG"),
        "value.deserializer": ("StringDeserializer", put + 3, "ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG"),
        "value.format": ("string", put + 3, "ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG"),
    }
    assert clicks.schema == SchemaRef("name", "Click", Loc(path, ln(src, "KafkaConsumer<String, Click> consumer")))
    assert consumers[2].handler is None and consumers[2].settings == {}
    (loop,) = facts.handlers
    assert (loop.kind, loop.name, loop.loc, loop.end_line) == (
        "poll-loop", "consume", Loc(path, ln(src, "while (true)")), ln(src, "consumer.commitSync();") + 2)
    assert calls(loop) == [
        ("process", "store.save", ln(src, "store.save")),
        ("commit-sync", "consumer.commitSync", ln(src, "consumer.commitSync")),
    ]
    assert [(r.name, r.line) for r in facts.field_reads] == [("page", ln(src, "click.getPage()"))]


# --------------------------------------------------------------- Spring config, error handlers
KAFKA_CONFIG = """\
package com.acme.billing.config;

@Configuration
public class KafkaConfig {
    @Bean
    public ProducerFactory<String, Invoice> producerFactory() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JsonSerializer.class);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    public ConsumerFactory<String, Invoice> consumerFactory() {
        return new DefaultKafkaConsumerFactory<>(Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, "billing",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class,
            ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, KafkaAvroDeserializer.class));
    }

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, Invoice> invoiceFactory(
            KafkaTemplate<String, Invoice> template) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, Invoice>();
        factory.setConsumerFactory(consumerFactory());
        factory.setCommonErrorHandler(new DefaultErrorHandler(
            new DeadLetterPublishingRecoverer(template), new FixedBackOff(1000L, 3)));
        return factory;
    }
}
"""

BILLING_LISTENER = """\
package com.acme.billing;

@Component
public class InvoiceListener {
    @Autowired
    private KafkaTemplate<String, Invoice> kafkaTemplate;

    @KafkaListener(topics = Topics.INVOICES, containerFactory = "invoiceFactory")
    public void onInvoice(Invoice invoice) {
        kafkaTemplate.send(com.acme.shared.Topics.LEDGER, invoice);
    }

    @Bean
    public KafkaTemplate<String, Invoice> kafkaTemplate(ProducerFactory<String, Invoice> pf) {
        return new KafkaTemplate<>(pf);
    }

    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, Invoice> invoiceFactory() {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, Invoice>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "ledger")));
        return factory;
    }
}
"""


def test_configuration_class_settings_and_error_handler_bean() -> None:
    src = KAFKA_CONFIG
    path = "billing/src/main/java/com/acme/billing/config/KafkaConfig.java"
    facts = run(src, path)
    assert facts.endpoints == []
    # no client of this file uses these factories: they are file-level settings
    assert [(s.key, s.value, s.loc.line) for s in facts.settings] == [
        ("acks", "1", ln(src, "ACKS_CONFIG")),
        ("value.serializer", "JsonSerializer", ln(src, "VALUE_SERIALIZER_CLASS_CONFIG")),
        ("value.format", "json", ln(src, "VALUE_SERIALIZER_CLASS_CONFIG")),
        ("group.id", "billing", ln(src, "GROUP_ID_CONFIG")),
        ("auto.offset.reset", "latest", ln(src, "AUTO_OFFSET_RESET_CONFIG")),
        ("value.deserializer", "ErrorHandlingDeserializer", ln(src, "VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandling")),
        ("spring.deserializer.value.delegate.class", "KafkaAvroDeserializer", ln(src, "ErrorHandlingDeserializer.VALUE")),
        ("value.format", "avro", ln(src, "VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandling")),
    ]
    (handler,) = facts.handlers
    assert (handler.kind, handler.name, handler.loc, handler.end_line) == (
        "error-handler", "invoiceFactory", Loc(path, ln(src, "invoiceFactory(")), ln(src, "return factory;") + 1)
    line = ln(src, "setCommonErrorHandler")
    assert calls(handler) == [
        ("retry", "factory.setCommonErrorHandler", line),
        ("retry", "DefaultErrorHandler", line),
        ("dead-letter", "DeadLetterPublishingRecoverer", line + 1),
        ("retry", "FixedBackOff", line + 1),
    ]
    assert handler.calls[3].detail == "1000L, 3"


def test_listener_joins_its_container_factory_settings_in_the_same_file() -> None:
    src = BILLING_LISTENER
    facts = run(src, "billing/InvoiceListener.java")
    consumer, producer = facts.endpoints
    assert consumer.topic.pending == Pending("jvm-const", "Topics.INVOICES")
    assert (consumer.topic.name, consumer.topic.origin) == (None, "imported-constant")
    assert consumer.client == "invoiceFactory" and consumer.group == "ledger"
    assert settings(consumer) == {"group.id": ("ledger", ln(src, "GROUP_ID_CONFIG"), "ConsumerConfig.GROUP_ID_CONFIG")}
    # a fully qualified constant keeps its qualified key
    assert producer.topic.pending == Pending("jvm-const", "com.acme.shared.Topics.LEDGER")
    assert (producer.key, producer.value, producer.awaits_ack) == (None, "invoice", False)
    assert producer.settings == {}  # the template bean wraps an injected factory


# --------------------------------------------------------------- names, enums, messages, schemas
MISC = """\
package com.acme.invoicing;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import static com.acme.shared.Topics.INVOICES;

@Service
@KafkaListener(topics = "invoice-commands", groupId = "invoicing")
public class InvoicePublisher {
    static final String SCHEMA_JSON = "{\\"type\\":\\"record\\",\\"name\\":\\"Invoice\\",\\"namespace\\":\\"com.acme\\","
        + "\\"fields\\":[{\\"name\\":\\"id\\",\\"type\\":\\"string\\"},{\\"name\\":\\"total\\",\\"type\\":\\"long\\"}]}";
    private static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);
    private static final String REGION = "eu";

    enum Channel {
        EMAIL("invoices.email"), PRINT("invoices.print");
        private final String topic;
        Channel(String topic) { this.topic = topic; }
        String topic() { return topic; }
    }

    private final KafkaTemplate<String, GenericRecord> template;
    @Value("${invoicing.topic.archive}")
    private String archiveTopic;

    @KafkaHandler
    public void onCreate(CreateInvoice cmd) { render(cmd.getCustomerId()); }

    @KafkaHandler
    public void onCancel(CancelInvoice cmd) { }

    public void publish(GenericRecord rec, String topicArg) {
        Message<GenericRecord> msg = MessageBuilder.withPayload(rec)
            .setHeader(KafkaHeaders.TOPIC, INVOICES)
            .setHeader(KafkaHeaders.KEY, rec.get("id").toString())
            .build();
        template.send(msg);
        template.send(Channel.EMAIL.topic(), rec);
        template.send(Topic.REFUNDS.getName(), rec);
        template.send(String.format("invoices.%s", REGION), rec);
        template.send(archiveTopic, rec).whenComplete((r, ex) -> {});
        template.send(topicArg, rec);
        template.executeInTransaction(t -> t.send("invoices.tx", rec));
    }
}
"""


def test_name_resolution_paths() -> None:
    src = MISC
    path = "invoicing/InvoicePublisher.java"
    facts = run(src, path)
    produced = [e for e in facts.endpoints if e.role == "produce"]
    assert [(e.topic.text, e.topic.name, e.topic.origin, e.topic.pending) for e in produced] == [
        ("INVOICES", None, "imported-constant", Pending("jvm-const", "com.acme.shared.Topics.INVOICES")),
        ("Channel.EMAIL.topic()", "invoices.email", "enum", None),
        ("Topic.REFUNDS.getName()", None, "enum", Pending("jvm-const", "Topic.REFUNDS")),
        ('String.format("invoices.%s", REGION)', "invoices.eu", "constant", None),
        ("archiveTopic", None, "property", Pending("property", "invoicing.topic.archive")),
        ("topicArg", None, "parameter", None),
        ('"invoices.tx"', "invoices.tx", "literal", None),
    ]
    msg, email, _, _, archive, _, tx = produced
    assert (msg.key, msg.value, msg.awaits_ack) == ('rec.get("id").toString()', "rec", False)
    assert email.topic.via == [Loc(path, ln(src, 'EMAIL("invoices.email")'))]
    assert archive.topic.via == [Loc(path, ln(src, "private String archiveTopic"))]
    assert archive.awaits_ack is True
    assert tx.client == "template"  # the transaction callback's `t` is the template
    assert facts.symbols == {
        "InvoicePublisher.SCHEMA_JSON": (facts.schemas[0].text, ln(src, "SCHEMA_JSON = ")),
        "InvoicePublisher.REGION": ("eu", ln(src, 'REGION = "eu"')),
        "InvoicePublisher.Channel.EMAIL": ("invoices.email", ln(src, 'EMAIL("invoices.email")')),
        "Channel.EMAIL": ("invoices.email", ln(src, 'EMAIL("invoices.email")')),
        "InvoicePublisher.Channel.PRINT": ("invoices.print", ln(src, 'EMAIL("invoices.email")')),
        "Channel.PRINT": ("invoices.print", ln(src, 'EMAIL("invoices.email")')),
    }


def test_inline_schema_class_level_listener_and_generic_records() -> None:
    src = MISC
    path = "invoicing/InvoicePublisher.java"
    facts = run(src, path)
    (schema,) = facts.schemas
    assert (schema.full_name, schema.inline, schema.fields) == ("com.acme.Invoice", True, ["id", "total"])
    assert (schema.loc, schema.end_line) == (Loc(path, ln(src, "SCHEMA_JSON = ")), ln(src, "SCHEMA_JSON = ") + 1)
    assert schema.text.startswith('{"type":"record","name":"Invoice"')
    producers = [e for e in facts.endpoints if e.role == "produce"]
    inline = SchemaRef("inline", "com.acme.Invoice", Loc(path, ln(src, "SCHEMA_JSON = ")))
    assert len(producers) == 7 and all(e.schema == inline for e in producers)
    (consumer,) = [e for e in facts.endpoints if e.role == "consume"]
    assert (consumer.topic.name, consumer.loc.line, consumer.handler, consumer.group) == (
        "invoice-commands", ln(src, "@KafkaListener"), "onCreate", "invoicing")
    assert consumer.schema is None  # two handlers with two payload types
    assert [h.name for h in facts.handlers] == ["onCreate", "onCancel"]
    assert calls(facts.handlers[0]) == [("process", "render", ln(src, "render(cmd.getCustomerId())"))]
    assert [(r.name, r.line) for r in facts.field_reads] == [("customerId", ln(src, "render(cmd.getCustomerId())"))]


# ----------------------------------------------------------------- robustness and dispatching
def test_syntax_errors_become_warnings_and_the_rest_is_extracted() -> None:
    src = """\
package com.acme;

public class Broken {
    @KafkaListener(topics = "orders", groupId = "g")
    public void on(String s) { process(s); }

    public void half( {
        kafkaTemplate.send("late", s);
}
"""
    facts = run(src, "svc/Broken.java")
    # the unclosed parameter list, and the class's missing closing brace
    assert facts.warnings == [
        f"svc/Broken.java:{ln(src, 'public void half(')}: syntax error",
        f"svc/Broken.java:{ln(src, 'kafkaTemplate.send') + 1}: syntax error",
    ]
    assert [(e.role, e.topic.name, e.loc.line) for e in facts.endpoints] == [
        ("consume", "orders", ln(src, "@KafkaListener")),
        ("produce", "late", ln(src, "kafkaTemplate.send")),
    ]


def test_undecodable_bytes_and_garbage_never_raise() -> None:
    src = 'class A {\n  @KafkaListener(topics = "caf\xe9")\n  void on(String s) {}\n}\n'.encode("latin-1")
    facts = extract("svc/A.java", src)
    assert facts.warnings == ["svc/A.java:2: not valid UTF-8; undecodable bytes replaced"]
    assert [e.topic.name for e in facts.endpoints] == ["caf\ufffd"]
    for junk in (b"", b"\x00\xff\xfe", b"}}}{{{ kafka ((", b"@KafkaListener(", b"class { kafka"):
        facts = extract("svc/J.java", junk)
        assert facts.path == "svc/J.java" and facts.language == "java"
    many = extract("svc/K.kt", b"fun ( { kafka\n" * 20)
    assert len([w for w in many.warnings if w.endswith("syntax error")]) <= 3


def test_files_without_streaming_code_only_export_constants() -> None:
    src = """\
package com.acme.shared;

public final class Topics {
    public static final String ORDERS = "orders";
    public static final String DLQ = ORDERS + ".dlq";
    public static final int PARTITIONS = 12;
    private String notExported = "x";

    public static String describe() { return send("not a producer"); }

    public static final class Internal {
        public static final String AUDIT = "audit";
    }
}

interface Names { String CLICKS = "clicks"; }
"""
    facts = run(src, "shared/Topics.java")
    assert facts.endpoints == [] and facts.handlers == [] and facts.warnings == []
    assert facts.symbols == {
        "Topics.ORDERS": ("orders", 4),
        "Topics.DLQ": ("orders.dlq", 5),
        "Topics.Internal.AUDIT": ("audit", 12),
        "Internal.AUDIT": ("audit", 12),
        "Names.CLICKS": ("clicks", 16),
    }


def test_dispatch_by_suffix_and_facts_pickle() -> None:
    assert language_for("a/B.java") == "java" and language_for("a/b.kt") == "kotlin"
    assert language_for("build.gradle.kts") == "kotlin" and language_for("a/b.py") is None
    assert extractor_for("x/Y.KT") is not None and extractor_for("x/y.go") is None
    facts = run(SPRING_LISTENER)
    assert extract("a/b.kt", b'const val X = "x"\n').language == "kotlin"
    clone = pickle.loads(pickle.dumps(facts))
    assert clone == facts


def test_a_300_line_java_file_extracts_every_listener_and_repeats_identically() -> None:
    body = "\n".join(
        SPRING_LISTENER.split("public class OrderListener {", 1)[1]
        .rsplit("}", 1)[0]
        .replace("onOrder", f"onOrder{i}").replace("audit(", f"audit{i}(").replace("refunds(", f"refunds{i}(")
        .replace("toPayment(", f"toPayment{i}(").replace("OrderListener(", f"OrderListener{i}(")
        for i in range(6)
    )
    src = SPRING_LISTENER.split("public class OrderListener {", 1)[0] + "public class Big {\n" + body + "}\n"
    assert 290 <= src.count("\n") <= 340
    data = src.encode()
    first = extract("a/Big.java", data)
    facts = extract("a/Big.java", data)  # no state carried between runs (speed: benchmarks/, not a test)
    assert len([e for e in facts.endpoints if e.role == "consume"]) == 24
    assert facts == first


def test_settings_whose_values_live_elsewhere_stay_pending() -> None:
    src = """\
package com.acme.ingest;

public class Reader {
    @KafkaListener(topics = "audit", groupId = Groups.AUDIT)
    public void onAudit(String line) { }

    public void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, System.getenv().getOrDefault("GROUP", "ingest"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, Defaults.RESET);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of("raw"));
    }
}
"""
    facts = run(src, "ingest/Reader.java")
    listener, reader = facts.endpoints
    group = listener.settings["group.id"]
    assert (group.value, group.pending, listener.group) == (
        "Groups.AUDIT", Pending("jvm-const", "Groups.AUDIT"), "Groups.AUDIT")
    assert {k: (s.value, s.pending, s.loc.line) for k, s in reader.settings.items()} == {
        "group.id": ("ingest", Pending("env", "GROUP", default="ingest"), ln(src, "GROUP_ID_CONFIG")),
        "auto.offset.reset": ("Defaults.RESET", Pending("jvm-const", "Defaults.RESET"), ln(src, "AUTO_OFFSET")),
        "isolation.level": ("read_committed", None, ln(src, "ISOLATION_LEVEL_CONFIG")),
    }
    assert reader.group == "ingest"
