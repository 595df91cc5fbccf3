"""JVM messaging frameworks as catalogue entries (spring-kafka, spring-cloud-stream, smallrye), read
by the one matcher: endpoints declared by annotations on functions, parameters and fields,
functional beans, and calls on injected clients; in Java and in Kotlin, through the whole scan."""

from __future__ import annotations

import pytest

from copilot.model.facts import Loc
from copilot.scan.repo import scan


def ln(src: str, needle: str, nth: int = 1) -> int:
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def endpoints(repo, path: str | None = None):
    result = scan(repo, use_cache=False)
    return sorted((e for e in result.endpoints if path is None or e.loc.path == path), key=lambda e: (e.loc.path, e.loc.line, e.role, e.topic_name))


# ---------------------------------------------------------------------------------- spring-kafka

JAVA_LISTENER = """\
package com.acme.billing;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.KafkaListeners;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.handler.annotation.SendTo;

public class BillingListener {
    static final String PAYMENTS = "payments";
    static final String PREFIX = "acme";

    private final KafkaTemplate<String, Payment> template;

    @KafkaListener(topics = {"orders", "${billing.extra-topic:orders-replay}"}, groupId = "${billing.group}",
                   containerFactory = "fastFactory", properties = {"max.poll.records=50"})
    @SendTo("billing-replies")
    public Reply onOrder(Order order) {
        template.send(PAYMENTS, order.getId(), order.toPayment()).get();
        template.send(new ProducerRecord<>(PREFIX + ".audit", order));
        return new Reply(order.getId());
    }

    @KafkaListeners({
        @KafkaListener(topics = "returns", groupId = "returns"),
        @KafkaListener(topicPartitions = @TopicPartition(topic = "exchanges", partitions = {"0"}), id = "exchanger")
    })
    public void onReturn(@Header(KafkaHeaders.RECEIVED_KEY) String key, Return r) {}

    @KafkaListener(topicPattern = "legacy-.*", id = "not-a-group", idIsGroup = false)
    public void onLegacy(String line) {}
}
"""


def test_java_kafka_listeners_send_to_and_template_sends(make_repo) -> None:
    src = JAVA_LISTENER
    path = "billing/src/main/java/com/acme/billing/BillingListener.java"
    repo = make_repo({path: src, "billing/src/main/resources/application.properties": "billing.group=billing-prod\n"})
    got = [(e.role, e.topic_name, e.loc.line, e.ep.group, e.ep.handler) for e in endpoints(repo)]
    listener = ln(src, "@KafkaListener(topics = {")
    assert got == [
        ("consume", "orders", listener, "billing-prod", "onOrder"),
        ("consume", "orders-replay", listener, "billing-prod", "onOrder"),  # the placeholder's default
        ("produce", "billing-replies", ln(src, "@SendTo"), None, None),
        ("produce", "payments", ln(src, "template.send(PAYMENTS"), None, None),
        ("produce", "acme.audit", ln(src, "new ProducerRecord"), None, None),
        ("consume", "returns", ln(src, 'topics = "returns"'), "returns", "onReturn"),
        ("consume", "exchanges", ln(src, "@TopicPartition"), "exchanger", "onReturn"),  # `id` is the group
        ("consume", "legacy-.*", ln(src, "topicPattern"), None, "onLegacy"),  # idIsGroup = false
    ]
    eps = {(e.role, e.topic_name): e for e in endpoints(repo)}
    orders = eps[("consume", "orders")]
    assert orders.ep.client == "fastFactory" and orders.setting("max.poll.records") == "50"
    assert orders.setting("group.id") == "billing-prod"
    assert eps[("consume", "legacy-.*")].topic.pattern
    payments = eps[("produce", "payments")]
    assert (payments.ep.library, payments.ep.client, payments.ep.key, payments.ep.value) == ("spring-kafka", "template", "order.getId()", "order.toPayment()")
    assert [(v.path, v.line) for v in payments.topic.via] == [(path, ln(src, 'PAYMENTS = "payments"'))]
    assert eps[("produce", "billing-replies")].ep.value == "Reply"
    # schemas: the payload parameter's type, the reply's return type
    assert (orders.ep.schema.key, orders.ep.schema.loc) == ("Order", Loc(path, ln(src, "public Reply onOrder")))
    assert eps[("produce", "billing-replies")].ep.schema.key == "Reply"
    assert eps[("consume", "legacy-.*")].ep.schema is None  # a String is no record
    assert eps[("consume", "returns")].ep.schema.key == "Return"  # the header parameter is no payload
    assert (payments.ep.awaits_ack, eps[("produce", "acme.audit")].ep.awaits_ack) == (True, False)  # `.get()` waits


KOTLIN_LISTENER = """\
package com.acme.fraud

import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate
import org.springframework.messaging.handler.annotation.SendTo

object Topics {
    const val PAYMENTS = "payments"
}

class FraudListener(private val template: KafkaTemplate<String, Alert>) {
    @KafkaListener(topics = [Topics.PAYMENTS, "refunds"], groupId = "fraud")
    @SendTo("fraud-verdicts")
    fun onPayment(payment: Payment): Verdict {
        template.send("fraud-alerts", payment.id, Alert(payment.id))
        return Verdict(payment.id)
    }

    fun flagged(alert: Alert) {
        template.setDefaultTopic("flagged")
        template.sendDefault(alert)
    }
}
"""


def test_kotlin_listener_reply_and_template_default_topic(make_repo) -> None:
    src = KOTLIN_LISTENER
    repo = make_repo({"fraud/src/main/kotlin/com/acme/fraud/FraudListener.kt": src})
    got = [(e.role, e.topic_name, e.loc.line, e.ep.group, e.ep.handler, e.ep.library) for e in endpoints(repo)]
    listener = ln(src, "@KafkaListener")
    assert got == [
        ("consume", "payments", listener, "fraud", "onPayment", "spring-kafka"),
        ("consume", "refunds", listener, "fraud", "onPayment", "spring-kafka"),
        ("produce", "fraud-verdicts", ln(src, "@SendTo"), None, None, "spring-kafka"),
        ("produce", "fraud-alerts", ln(src, 'template.send("fraud-alerts"'), None, None, "spring-kafka"),
        ("produce", "flagged", ln(src, "template.sendDefault"), None, None, "spring-kafka"),  # setDefaultTopic on the same template
    ]


def test_default_topic_from_the_property_and_unknown_without_it(make_repo) -> None:
    src = """\
package com.acme.notify;

import org.springframework.kafka.core.KafkaTemplate;

public class Notifier {
    private final KafkaTemplate<String, String> template;

    public void notify(String text) {
        template.sendDefault(text);
    }
}
"""
    path = "notify/src/main/java/com/acme/notify/Notifier.java"
    repo = make_repo({path: src, "notify/src/main/resources/application.yml": "spring:\n  kafka:\n    template:\n      default-topic: notices\n"})
    [ep] = endpoints(repo)
    assert (ep.topic_name, ep.loc.line) == ("notices", ln(src, "sendDefault"))
    repo = make_repo({path: src})
    [ep] = endpoints(repo)
    assert ep.topic_name == "<template.defaultTopic>"
    assert ep.unresolved_reason == "property spring.kafka.template.default-topic is not set in the service's config files"


# --------------------------------------------------------------------------- spring-cloud-stream

POM = (
    "<project><artifactId>svc</artifactId><dependencies><dependency><artifactId>"
    "spring-cloud-stream-binder-kafka</artifactId></dependency></dependencies></project>\n"
)

JAVA_FUNCTIONS = """\
package com.acme.words;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;

public class WordFunctions {
    private final StreamBridge bridge;

    @Bean
    public Function<String, String> upper() { return String::toUpperCase; }

    @Bean(name = "audit")
    public Consumer<String> auditSink() { return s -> {}; }

    @Bean
    public Supplier<String> ticker() { return () -> "tick"; }

    @Bean
    public Function<KStream<String, String>, KStream<String, String>[]> split() { return null; }

    public void publish(String word) {
        bridge.send("words-out", word);
    }
}
"""

FUNCTIONS_CONFIG = """\
spring.cloud.stream.bindings.upper-in-0.destination=raw-words
spring.cloud.stream.bindings.upper-out-0.destination=loud-words
spring.cloud.stream.bindings.audit-in-0.destination=audit-log
spring.cloud.stream.bindings.split-in-0.destination=raw-words
spring.cloud.stream.bindings.split-out-0.destination=a-words
spring.cloud.stream.bindings.split-out-1.destination=other-words
spring.cloud.stream.bindings.words-out.destination=words
"""


def test_java_functional_beans_branches_and_stream_bridge(make_repo) -> None:
    src = JAVA_FUNCTIONS
    repo = make_repo(
        {
            "words/pom.xml": POM,
            "words/src/main/java/com/acme/words/WordFunctions.java": src,
            "words/src/main/resources/application.properties": FUNCTIONS_CONFIG,
        }
    )
    got = [(e.role, e.topic_name, e.loc.line, e.ep.library) for e in endpoints(repo)]
    lib = "spring-cloud-stream"
    assert got == [
        ("consume", "raw-words", ln(src, "upper()"), lib),
        ("produce", "loud-words", ln(src, "upper()"), lib),
        ("consume", "audit-log", ln(src, "auditSink()"), lib),  # bound by the bean's name
        ("produce", "ticker-out-0", ln(src, "ticker()"), lib),  # no destination: the binding's name
        ("consume", "raw-words", ln(src, "split()"), lib),
        ("produce", "a-words", ln(src, "split()"), lib),  # one per configured branch
        ("produce", "other-words", ln(src, "split()"), lib),
        ("produce", "words", ln(src, "bridge.send"), lib),
    ]
    eps = endpoints(repo)
    assert next(e for e in eps if e.topic_name == "audit-log").ep.handler == "audit"
    bridge = next(e for e in eps if e.topic_name == "words")
    assert (bridge.ep.client, bridge.ep.value) == ("bridge", "word")


def test_a_function_type_of_another_package_is_no_bean(make_repo) -> None:
    src = """\
package com.acme.calc;

import com.acme.calc.math.Function;
import org.springframework.context.annotation.Bean;

public class Calc {
    @Bean
    public Function<String, String> parse() { return null; }
}
"""
    repo = make_repo({"calc/pom.xml": POM, "calc/src/main/java/com/acme/calc/Calc.java": src, "calc/src/main/resources/application.properties": "spring.cloud.stream.default-binder=kafka\n"})
    assert endpoints(repo) == []


KOTLIN_STREAMS = """\
package com.acme.ship

import org.springframework.cloud.stream.annotation.Input
import org.springframework.cloud.stream.annotation.StreamListener
import org.springframework.cloud.stream.function.StreamBridge
import org.springframework.cloud.stream.messaging.Source
import org.springframework.context.annotation.Bean
import org.springframework.messaging.handler.annotation.SendTo

class Shipping(private val bridge: StreamBridge, private val source: Source) {
    @Bean
    fun enrich(): (Order) -> Shipment = { Shipment(it.id) }

    @StreamListener
    @SendTo("shipped")
    fun join(@Input("customers") customers: KStream<Int, Customer>, @Input("orders") orders: KStream<Int, Order>): KStream<Int, Shipment> {
        return orders
    }

    fun publish(s: Shipment) {
        bridge.send("shipments-out", s)
        source.output().send(MessageBuilder.withPayload(s).build())
    }
}
"""

STREAMS_CONFIG = """\
spring:
  cloud:
    stream:
      bindings:
        enrich-in-0:
          destination: orders
        enrich-out-0:
          destination: shipments
        customers:
          destination: customers
        shipped:
          destination: shipped-orders
        shipments-out:
          destination: shipments
        output:
          destination: legacy-shipments
"""


def test_kotlin_function_type_bean_stream_listener_parameters_and_binding_interfaces(make_repo) -> None:
    src = KOTLIN_STREAMS
    repo = make_repo(
        {
            "ship/pom.xml": POM,
            "ship/src/main/kotlin/com/acme/ship/Shipping.kt": src,
            "ship/src/main/resources/application.yml": STREAMS_CONFIG,
        }
    )
    got = [(e.role, e.topic_name, e.loc.line, e.ep.handler) for e in endpoints(repo)]
    assert got == [
        ("consume", "orders", ln(src, "fun enrich"), "enrich"),
        ("produce", "shipments", ln(src, "fun enrich"), None),
        ("produce", "shipped-orders", ln(src, '@SendTo("shipped")'), None),
        ("consume", "customers", ln(src, '@Input("customers")'), "join"),
        ("consume", "orders", ln(src, '@Input("orders")'), "join"),  # no destination: the binding's name
        ("produce", "shipments", ln(src, "bridge.send"), None),
        ("produce", "legacy-shipments", ln(src, "source.output().send"), None),  # Source.output() is the `output` binding
    ]
    customers = next(e for e in endpoints(repo) if e.topic_name == "customers")
    assert customers.ep.client == "customers"
    assert customers.ep.schema.key == "Customer"  # KStream<Int, Customer>
    assert {(e.role, e.ep.schema.key if e.ep.schema else None) for e in endpoints(repo) if e.loc.line == ln(src, "fun enrich")} == {
        ("consume", "Order"),
        ("produce", "Shipment"),
    }


def test_legacy_stream_listener_on_library_bindings_and_an_own_binding_interface(make_repo) -> None:
    listener = """\
package com.acme.legacy;

import org.springframework.cloud.stream.annotation.StreamListener;
import org.springframework.cloud.stream.messaging.Processor;
import org.springframework.messaging.handler.annotation.SendTo;

public class Upper {
    private final Bindings bindings;

    @StreamListener(Processor.INPUT)
    @SendTo(Processor.OUTPUT)
    public String upper(String in) {
        bindings.alerts().send(MessageBuilder.withPayload(in).build());
        return in.toUpperCase();
    }
}
"""
    bindings = """\
package com.acme.legacy;

import org.springframework.cloud.stream.annotation.Output;
import org.springframework.messaging.MessageChannel;

public interface Bindings {
    String ALERTS = "alerts-out";

    @Output(ALERTS)
    MessageChannel alerts();
}
"""
    config = "spring.cloud.stream.bindings.input.destination=words\nspring.cloud.stream.bindings.alerts-out.destination=alerts\n"
    repo = make_repo(
        {
            "legacy/pom.xml": POM,
            "legacy/src/main/java/com/acme/legacy/Upper.java": listener,
            "legacy/src/main/java/com/acme/legacy/Bindings.java": bindings,
            "legacy/src/main/resources/application.properties": config,
        }
    )
    got = [(e.role, e.topic_name, e.loc.line) for e in endpoints(repo)]
    assert got == [
        ("produce", "alerts", ln(bindings, "@Output")),  # the interface declares its binding
        ("consume", "words", ln(listener, "@StreamListener")),
        ("produce", "output", ln(listener, "@SendTo")),
        ("produce", "alerts", ln(listener, "bindings.alerts().send")),
    ]
    alerts = next(e for e in endpoints(repo) if e.topic_name == "alerts" and e.loc.path.endswith("Upper.java"))
    path = "legacy/src/main/java/com/acme/legacy/Bindings.java"
    assert (path, ln(bindings, "@Output")) in [(v.path, v.line) for v in alerts.topic.via]


# ------------------------------------------------------------------------------------- smallrye

JAVA_QUARKUS = """\
package com.acme.pricing;

import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

public class PriceProcessor {
    @Inject @Channel("alerts-out") Emitter<Alert> alerts;

    @Inject @Channel("audit-out") MutinyEmitter<AuditEvent> audit;

    @Channel("quotes-in") Multi<Quote> quotes;

    @Incoming("prices-in")
    @Outgoing("quotes-out")
    public Quote convert(Price price) {
        if (price.getAmount() > 1000) {
            alerts.send(new Alert(price.getSymbol()));
        }
        return new Quote(price.getAmount());
    }

    public Multi<String> stream() {
        return quotes.map(q -> q.toString());
    }
}
"""

QUARKUS_CONFIG = """\
mp.messaging.incoming.prices-in.topic=prices
mp.messaging.outgoing.alerts-out.connector=smallrye-rabbitmq
mp.messaging.outgoing.alerts-out.exchange.name=alerts
"""


def test_java_smallrye_channels_emitters_streams_and_connectors(make_repo) -> None:
    src = JAVA_QUARKUS
    repo = make_repo(
        {
            "pricing/src/main/java/com/acme/pricing/PriceProcessor.java": src,
            "pricing/src/main/resources/application.properties": QUARKUS_CONFIG,
        }
    )
    got = [(e.role, e.topic_name, e.loc.line, e.broker, e.ep.handler) for e in endpoints(repo)]
    assert got == [
        ("produce", "audit-out", ln(src, '@Channel("audit-out")'), "kafka", None),  # declared, sent from elsewhere
        ("consume", "quotes-in", ln(src, '@Channel("quotes-in")'), "kafka", "stream"),  # the channel's name by default
        ("consume", "prices", ln(src, "@Incoming"), "kafka", "convert"),  # mp.messaging.incoming.prices-in.topic
        ("produce", "quotes-out", ln(src, "@Outgoing"), "kafka", None),
        ("produce", "alerts", ln(src, "alerts.send"), "rabbitmq", None),  # the connector decides the broker (sent here: not declared twice)
    ]
    schemas = {(e.role, e.topic_name): e.ep.schema.key if e.ep.schema else None for e in endpoints(repo)}
    assert schemas[("consume", "quotes-in")] == schemas[("produce", "quotes-out")] == "Quote"  # Multi<Quote>; the method's result
    assert schemas[("consume", "prices")] == "Price"
    alerts = next(e for e in endpoints(repo) if e.role == "produce" and e.broker == "rabbitmq")
    assert (alerts.ep.library, alerts.ep.client, alerts.ep.value) == ("smallrye", "alerts", "new Alert(price.getSymbol())")


@pytest.mark.parametrize("connector,broker", [("smallrye-kafka", "kafka"), ("smallrye-mqtt", "mqtt"), ("smallrye-amqp", "amqp")])
def test_kotlin_smallrye_constructor_emitter_and_incoming(make_repo, connector: str, broker: str) -> None:
    src = """\
package com.acme.ticks

import org.eclipse.microprofile.reactive.messaging.Channel
import org.eclipse.microprofile.reactive.messaging.Emitter
import org.eclipse.microprofile.reactive.messaging.Incoming

class Ticker(@Channel("ticks-out") private val ticks: Emitter<Tick>) {
    @Incoming("orders")
    fun onOrder(order: Order) {
        ticks.send(Tick(order.id))
    }
}
"""
    config = f"mp.messaging.outgoing.ticks-out.connector={connector}\nmp.messaging.outgoing.ticks-out.topic=ticks\nmp.messaging.outgoing.ticks-out.address=ticks\n"
    repo = make_repo({"ticks/src/main/kotlin/com/acme/ticks/Ticker.kt": src, "ticks/src/main/resources/application.properties": config})
    got = [(e.role, e.topic_name, e.loc.line, e.broker, e.ep.handler) for e in endpoints(repo)]
    assert got == [
        ("consume", "orders", ln(src, "@Incoming"), "kafka", "onOrder"),
        ("produce", "ticks", ln(src, "ticks.send"), broker, None),
    ]


def test_framework_annotations_without_the_library_import_are_not_endpoints(make_repo) -> None:
    src = """\
package com.acme.other;

public class Handlers {
    @Incoming("prices")
    public void onPrice(String p) {}

    @KafkaListener(topics = "orders")
    public void onOrder(String o) {}
}
"""
    repo = make_repo({"other/src/main/java/com/acme/other/Handlers.java": src})
    assert endpoints(repo) == []


def test_message_topic_header_spel_placeholder_and_unset_property(make_repo) -> None:
    src = """\
package com.acme.invoicing;

import static com.acme.shared.Topics.INVOICES;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

public class InvoicePublisher {
    private final KafkaTemplate<String, Invoice> template;

    public void publish(Invoice invoice) {
        Message<Invoice> msg = MessageBuilder.withPayload(invoice)
            .setHeader(KafkaHeaders.TOPIC, INVOICES)
            .build();
        template.send(msg);
    }

    @KafkaListener(topics = "#{'${invoicing.commands}'}", groupId = "invoicing")
    public void onCommand(Command c) {}

    @KafkaListener(topics = "${invoicing.archive}", groupId = "archiver")
    public void onArchive(Invoice i) {}
}
"""
    topics = "package com.acme.shared;\n\npublic class Topics {\n    public static final String INVOICES = \"invoices\";\n}\n"
    path = "invoicing/src/main/java/com/acme/invoicing/InvoicePublisher.java"
    repo = make_repo(
        {
            path: src,
            "invoicing/src/main/java/com/acme/shared/Topics.java": topics,
            "invoicing/src/main/resources/application.properties": "invoicing.commands=invoice-commands\n",
        }
    )
    got = [(e.role, e.topic_name, e.loc.line) for e in endpoints(repo)]
    assert got == [
        ("produce", "invoices", ln(src, "template.send(msg)")),  # the message's topic header
        ("consume", "invoice-commands", ln(src, "#{'")),  # SpEL quoting a placeholder
        ("consume", '<"${invoicing.archive}">', ln(src, '"${invoicing.archive}"')),  # left for the scan's resolver
    ]
    archive = next(e for e in endpoints(repo) if e.ep.group == "archiver")
    assert archive.unresolved_reason == "property invoicing.archive is not set in the service's config files"


@pytest.mark.parametrize(
    "path,src",
    [
        (
            "cmds/src/main/java/com/acme/cmds/Commands.java",
            """\
package com.acme.cmds;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;

@KafkaListener(topics = "commands", groupId = "commander")
public class Commands {
    public void helper() {}

    @KafkaHandler
    public void onCreate(Create c) {}

    @KafkaHandler
    public void onCancel(Cancel c) {}
}
""",
        ),
        (
            "cmds/src/main/kotlin/com/acme/cmds/Commands.kt",
            """\
package com.acme.cmds

import org.springframework.kafka.annotation.KafkaHandler
import org.springframework.kafka.annotation.KafkaListener

@KafkaListener(topics = ["commands"], groupId = "commander")
class Commands {
    fun helper() {}

    @KafkaHandler
    fun onCreate(c: Create) {}

    @KafkaHandler
    fun onCancel(c: Cancel) {}
}
""",
        ),
    ],
)
def test_a_class_level_listener_with_its_handler_methods(make_repo, path: str, src: str) -> None:
    repo = make_repo({path: src})
    got = [(e.role, e.topic_name, e.loc.line, e.ep.group, e.ep.handler) for e in endpoints(repo)]
    assert got == [("consume", "commands", ln(src, "@KafkaListener"), "commander", "onCreate")]


def test_enable_binding_and_an_interface_declare_their_bindings_unless_used(make_repo) -> None:
    app = """\
package com.acme.ship

import org.springframework.cloud.stream.annotation.EnableBinding
import org.springframework.cloud.stream.messaging.Source

@EnableBinding(Source::class)
class ShipApplication
"""
    processor = """\
package com.acme.ship

import org.springframework.cloud.stream.annotation.Input
import org.springframework.cloud.stream.annotation.Output

interface ShipProcessor {
    @Input("orders")
    fun orders(): KStream<String, Order>

    @Output
    fun shipped(): KStream<String, Shipment>
}
"""
    sender = """\
package com.acme.ship;

import org.springframework.cloud.stream.messaging.Source;

public class Sender {
    private final Source source;

    public void send(Shipment s) {
        source.output().send(MessageBuilder.withPayload(s).build());
    }
}
"""
    config = "spring.cloud.stream.bindings.output.destination=shipments\nspring.cloud.stream.bindings.orders.destination=orders\n"
    repo = make_repo(
        {
            "ship/pom.xml": POM,
            "ship/src/main/kotlin/com/acme/ship/ShipApplication.kt": app,
            "ship/src/main/kotlin/com/acme/ship/ShipProcessor.kt": processor,
            "ship/src/main/java/com/acme/ship/Sender.java": sender,
            "ship/src/main/resources/application.properties": config,
        }
    )
    got = [(e.loc.path.rsplit("/", 1)[-1], e.role, e.topic_name, e.loc.line, e.ep.schema.key if e.ep.schema else None) for e in endpoints(repo)]
    assert got == [
        ("Sender.java", "produce", "shipments", ln(sender, "source.output()"), None),
        ("ShipApplication.kt", "produce", "shipments", ln(app, "@EnableBinding"), None),  # Source's `output` binding
        ("ShipProcessor.kt", "consume", "orders", ln(processor, '@Input("orders")'), "Order"),
        ("ShipProcessor.kt", "produce", "shipped", ln(processor, "@Output"), "Shipment"),  # no value: the method's name
    ]



def test_integration_endpoints_on_the_library_bindings_only(make_repo) -> None:
    src = """\
package com.acme.ticks;

import org.springframework.cloud.stream.messaging.Sink;
import org.springframework.cloud.stream.messaging.Source;
import org.springframework.integration.annotation.InboundChannelAdapter;
import org.springframework.integration.annotation.ServiceActivator;

public class Ticks {
    @InboundChannelAdapter(Source.OUTPUT)
    public MessageSource<Tick> tick() { return () -> null; }

    @ServiceActivator(inputChannel = Sink.INPUT)
    public void onTick(Tick t) {}

    @ServiceActivator(inputChannel = "errorChannel")
    public void onError(ErrorMessage e) {}
}
"""
    config = "spring.cloud.stream.bindings.output.destination=ticks\nspring.cloud.stream.bindings.input.destination=ticks\n"
    repo = make_repo({"ticks/pom.xml": POM, "ticks/src/main/java/com/acme/ticks/Ticks.java": src, "ticks/src/main/resources/application.properties": config})
    got = [(e.role, e.topic_name, e.loc.line, e.ep.handler, e.ep.schema.key if e.ep.schema else None) for e in endpoints(repo)]
    assert got == [
        ("produce", "ticks", ln(src, "@InboundChannelAdapter"), None, "Tick"),
        ("consume", "ticks", ln(src, "@ServiceActivator(inputChannel = Sink.INPUT)"), "onTick", "Tick"),
    ]  # `errorChannel` is Spring Integration's own channel, no binding


def test_a_listener_gets_the_settings_of_its_container_factory_bean(make_repo) -> None:
    config = """\
package com.acme.billing.config;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

public class KafkaConfig {
    public ConsumerFactory<String, Invoice> consumerFactory() {
        return new DefaultKafkaConsumerFactory<>(Map.of(
            ConsumerConfig.GROUP_ID_CONFIG, "ledger",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    public ConcurrentKafkaListenerContainerFactory<String, Invoice> invoiceFactory() {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, Invoice>();
        factory.setConsumerFactory(consumerFactory());
        return factory;
    }
}
"""
    listener = """\
package com.acme.billing

import org.springframework.kafka.annotation.KafkaListener

class InvoiceListener {
    @KafkaListener(topics = ["invoices"], containerFactory = "invoiceFactory")
    fun onInvoice(invoice: Invoice) {}

    @KafkaListener(topics = ["refunds"], groupId = "refunds", containerFactory = "invoiceFactory")
    fun onRefund(refund: Refund) {}
}
"""
    path = "billing/src/main/java/com/acme/billing/config/KafkaConfig.java"
    repo = make_repo({path: config, "billing/src/main/kotlin/com/acme/billing/InvoiceListener.kt": listener})
    got = {e.topic_name: (e.ep.group, e.setting("auto.offset.reset")) for e in endpoints(repo)}
    assert got == {"invoices": ("ledger", "earliest"), "refunds": ("refunds", "earliest")}  # the annotation's group wins
    invoices = next(e for e in endpoints(repo) if e.topic_name == "invoices")
    assert (invoices.ep.settings["group.id"].loc.path, invoices.ep.settings["group.id"].loc.line) == (path, ln(config, "GROUP_ID_CONFIG"))
