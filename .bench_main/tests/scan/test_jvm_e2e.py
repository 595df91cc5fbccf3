"""End to end: Java and Kotlin services in a real git repository, scanned into the graph JSON."""

from __future__ import annotations

from copilot.scan.repo import scan
from tests.conftest import commit

POM = "<project><modelVersion>4.0.0</modelVersion><artifactId>svc</artifactId></project>\n"

TOPICS = """\
package com.acme.shared;

public final class Topics {
    public static final String ORDERS = "orders";
    public static final String PAYMENTS = "payments";
}
"""

ORDER_SERVICE = """\
package com.acme.checkout;

import com.acme.shared.Topics;
import org.springframework.kafka.core.KafkaTemplate;

@Service
public class OrderService {
    private final KafkaTemplate<String, Order> kafkaTemplate;

    public void place(Order order, String topicArg) {
        kafkaTemplate.send(Topics.ORDERS, order.getId(), order);
        kafkaTemplate.send(topicArg, order);
    }
}
"""

FRAUD_LISTENER = """\
package com.acme.fraud

import org.springframework.kafka.annotation.KafkaListener
import org.springframework.kafka.core.KafkaTemplate

const val SCORES = "fraud-scores"

@Component
class FraudListener(private val kafkaTemplate: KafkaTemplate<String, Score>) {
    @KafkaListener(topics = ["\\${app.topics.orders}"], groupId = "fraud")
    fun onOrder(order: Order) {
        kafkaTemplate.send(SCORES, order.id, Score(order.id))
    }

    @Bean
    fun settle(): java.util.function.Consumer<Payment> = java.util.function.Consumer { p -> ledger.book(p) }
}
"""

FRAUD_CONFIG = """\
app:
  topics:
    orders: orders
spring:
  cloud:
    stream:
      bindings:
        settle-in-0:
          destination: payments
"""

PRICE_PROCESSOR = """\
package com.acme.pricing;

import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class PriceProcessor {
    @Incoming("payments-in")
    public void onPayment(Payment payment) {
        ledger.record(payment.getAmount());
    }
}
"""

FILES = {
    "shared/pom.xml": POM,
    "shared/src/main/java/com/acme/shared/Topics.java": TOPICS,
    "checkout/pom.xml": POM,
    "checkout/src/main/java/com/acme/checkout/OrderService.java": ORDER_SERVICE,
    "fraud/build.gradle.kts": 'plugins { kotlin("jvm") version "2.0.0" }\n',
    "fraud/src/main/kotlin/com/acme/fraud/FraudListener.kt": FRAUD_LISTENER,
    "fraud/src/main/resources/application.yml": FRAUD_CONFIG,
    "pricing/pom.xml": POM,
    "pricing/src/main/java/com/acme/pricing/PriceProcessor.java": PRICE_PROCESSOR,
    "pricing/src/main/resources/application.properties": (
        "mp.messaging.incoming.payments-in.topic=payments\n"
        "mp.messaging.incoming.payments-in.connector=smallrye-kafka\n"
    ),
}

CHECKOUT = "checkout/src/main/java/com/acme/checkout/OrderService.java"
FRAUD = "fraud/src/main/kotlin/com/acme/fraud/FraudListener.kt"
PRICING = "pricing/src/main/java/com/acme/pricing/PriceProcessor.java"


def _edges(graph: dict) -> set[tuple[str, str, str, tuple[tuple[str, int], ...]]]:
    return {
        (e["source"], e["target"], e["kind"], tuple((ev["path"], ev["line"]) for ev in e["evidence"]))
        for e in graph["edges"]
    }


def test_java_and_kotlin_services_build_the_graph(make_repo) -> None:
    repo = make_repo(FILES)
    graph = scan(repo).graph.to_json()
    assert graph["version"] == 1
    assert _edges(graph) == {
        ("service:checkout", "topic:orders", "produces", ((CHECKOUT, 11),)),
        ("service:checkout", "topic:<topicArg>", "produces", ((CHECKOUT, 12),)),
        ("topic:orders", "service:fraud", "consumes", ((FRAUD, 10),)),
        ("service:fraud", "topic:fraud-scores", "produces", ((FRAUD, 12),)),
        ("topic:payments", "service:fraud", "consumes", ((FRAUD, 16),)),
        ("topic:payments", "service:pricing", "consumes", ((PRICING, 7),)),
    }
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert set(nodes) == {
        "service:checkout", "service:fraud", "service:pricing",
        "topic:orders", "topic:<topicArg>", "topic:fraud-scores", "topic:payments",
    }
    assert nodes["topic:<topicArg>"]["unresolved"] is True
    assert "unresolved" not in nodes["topic:orders"]
    assert nodes["topic:orders"]["evidence"] == [{"path": CHECKOUT, "line": 11}, {"path": FRAUD, "line": 10}]


def test_renaming_a_shared_constant_moves_the_producer_on_rescan(make_repo) -> None:
    repo = make_repo(FILES)
    before = _edges(scan(repo).graph.to_json())
    assert ("service:checkout", "topic:orders", "produces", ((CHECKOUT, 11),)) in before
    commit(repo, {"shared/src/main/java/com/acme/shared/Topics.java": TOPICS.replace('"orders"', '"orders.v2"')})
    after = _edges(scan(repo).graph.to_json())
    assert ("service:checkout", "topic:orders.v2", "produces", ((CHECKOUT, 11),)) in after
    assert ("topic:orders", "service:fraud", "consumes", ((FRAUD, 10),)) in after  # the consumer is orphaned
    assert not any(e[0] == "service:checkout" and e[1] == "topic:orders" for e in after)
