"""Brokers kept apart: SmallRye connectors and Spring Cloud Stream binders that are not Kafka get
their own topic nodes (``topic:<broker>:<name>``), so a RabbitMQ exchange never meets the Kafka
topic of the same name."""

from __future__ import annotations

from copilot.scan.repo import scan

QUARKUS_PROCESSOR = """\
package org.shop.quotes;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

@ApplicationScoped
public class PriceProcessor {
    @Incoming("requests")
    @Outgoing("prices")
    public Price process(String request) {
        return new Price(request);
    }
}
"""


def pom(*artifacts: str) -> str:
    deps = "".join(
        f"<dependency><groupId>x</groupId><artifactId>{a}</artifactId></dependency>" for a in artifacts
    )
    return f"<project><artifactId>svc</artifactId><dependencies>{deps}</dependencies></project>\n"


def topics(result) -> dict[str, tuple[str, str | None]]:
    return {n.id: (n.name, n.attrs.get("broker")) for n in result.graph.nodes("topic")}


def test_smallrye_connectors_put_channels_on_their_broker(make_repo) -> None:
    repo = make_repo(
        {
            # a Kafka app: connector named in config
            "kafka-app/pom.xml": pom("quarkus-messaging-kafka"),
            "kafka-app/src/main/java/org/shop/quotes/PriceProcessor.java": QUARKUS_PROCESSOR,
            "kafka-app/src/main/resources/application.properties": (
                "mp.messaging.incoming.requests.connector=smallrye-kafka\n"
                "mp.messaging.incoming.requests.topic=price-requests\n"
            ),
            # an AMQP app with the same channel names: the broker comes from its one connector dependency,
            # and the AMQP address (not a `topic` key) names the destination
            "amqp-app/pom.xml": pom("quarkus-messaging-amqp", "quarkus-arc"),
            "amqp-app/src/main/java/org/shop/quotes/PriceProcessor.java": QUARKUS_PROCESSOR,
            "amqp-app/src/main/resources/application.properties": "mp.messaging.incoming.requests.address=price-requests\n",
            # an MQTT app: connector in config
            "mqtt-app/pom.xml": pom("quarkus-messaging-mqtt"),
            "mqtt-app/src/main/java/org/shop/quotes/PriceProcessor.java": QUARKUS_PROCESSOR,
            "mqtt-app/src/main/resources/application.properties": (
                "mp.messaging.outgoing.prices.connector=smallrye-mqtt\nmp.messaging.outgoing.prices.topic=prices\n"
                "mp.messaging.incoming.requests.connector=smallrye-mqtt\n"
            ),
        }
    )
    result = scan(repo, use_cache=False)
    t = topics(result)
    assert t["topic:price-requests"] == ("price-requests", "kafka")
    assert t["topic:prices"] == ("prices", "kafka")
    assert t["topic:amqp:price-requests"] == ("price-requests", "amqp")
    assert t["topic:amqp:prices"] == ("prices", "amqp")
    assert t["topic:mqtt:prices"] == ("prices", "mqtt")
    assert t["topic:mqtt:requests"] == ("requests", "mqtt")
    g = result.graph
    assert g.consumers("topic:price-requests") == ["service:kafka-app"]
    assert g.consumers("topic:amqp:price-requests") == ["service:amqp-app"]
    assert g.producers("topic:prices") == ["service:kafka-app"]  # no MQTT or AMQP producer meets it
    # the JSON contract: Kafka nodes are unchanged, others say their broker
    nodes = {n["id"]: n for n in g.to_json()["nodes"]}
    assert "broker" not in nodes["topic:prices"]
    assert nodes["topic:mqtt:prices"]["broker"] == "mqtt"
    # edge kinds: produces/consumes are Kafka's; other brokers publish and subscribe
    kinds = {(e["source"], e["target"]): e["kind"] for e in g.to_json()["edges"]}
    assert kinds[("topic:price-requests", "service:kafka-app")] == "consumes"
    assert kinds[("service:kafka-app", "topic:prices")] == "produces"
    assert kinds[("topic:amqp:price-requests", "service:amqp-app")] == "subscribes"
    assert kinds[("service:mqtt-app", "topic:mqtt:prices")] == "publishes"
    # ... and impact still follows them, within their own broker
    assert g.downstream("service:amqp-app") == ["topic:amqp:prices"]


SCS_APP = """\
package org.shop.words;

import java.util.function.Function;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class WordsApplication {
    @Bean
    public Function<String, String> uppercase() {
        return value -> value.toUpperCase();
    }
}
"""


def test_cloud_stream_binders_put_bindings_on_their_broker(make_repo) -> None:
    repo = make_repo(
        {
            "rabbit-words/pom.xml": pom("spring-cloud-stream-binder-rabbit"),
            "rabbit-words/src/main/java/org/shop/words/WordsApplication.java": SCS_APP,
            "rabbit-words/src/main/resources/application.yml": (
                "spring:\n  cloud:\n    stream:\n      bindings:\n        uppercase-in-0:\n          destination: words\n"
                "        uppercase-out-0:\n          destination: upper-words\n"
            ),
            "kafka-words/pom.xml": pom("spring-cloud-stream-binder-kafka"),
            "kafka-words/src/main/java/org/shop/words/WordsApplication.java": SCS_APP,
            "kafka-words/src/main/resources/application.yml": (
                "spring:\n  cloud:\n    stream:\n      bindings:\n        uppercase-in-0:\n          destination: words\n"
            ),
            # both binders on the class path: the binding's `binder` and the binders' `type` decide
            "two-binders/pom.xml": pom(
                "spring-cloud-stream-binder-rabbit", "spring-cloud-stream-binder-kafka"
            ),
            "two-binders/src/main/java/org/shop/words/WordsApplication.java": SCS_APP,
            "two-binders/src/main/resources/application.properties": (
                "spring.cloud.stream.bindings.uppercase-in-0.destination=words\n"
                "spring.cloud.stream.bindings.uppercase-in-0.binder=queues\n"
                "spring.cloud.stream.binders.queues.type=rabbit\n"
                "spring.cloud.stream.bindings.uppercase-out-0.destination=shouts\n"
                "spring.cloud.stream.default-binder=kafka\n"
            ),
        }
    )
    g = scan(repo, use_cache=False).graph
    assert g.consumers("topic:words") == ["service:kafka-words"]
    assert g.consumers("topic:rabbitmq:words") == ["service:rabbit-words", "service:two-binders"]
    assert g.producers("topic:rabbitmq:upper-words") == ["service:rabbit-words"]
    assert "topic:upper-words" not in g
    assert g.producers("topic:shouts") == ["service:two-binders"]


def test_several_connectors_and_no_choice_is_unknown_not_kafka(make_repo) -> None:
    repo = make_repo(
        {
            "bridge/pom.xml": pom("quarkus-messaging-kafka", "quarkus-messaging-amqp"),
            "bridge/src/main/java/org/shop/quotes/PriceProcessor.java": QUARKUS_PROCESSOR,
        }
    )
    t = topics(scan(repo, use_cache=False))
    assert t == {
        "topic:unknown:requests": ("requests", "unknown"),
        "topic:unknown:prices": ("prices", "unknown"),
    }
