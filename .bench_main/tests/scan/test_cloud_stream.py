"""Spring Cloud Stream and Spring Kafka idioms: branched `KStream[]` outputs, function routing, a
functional bean in a file with no stream word, and `KafkaTemplate.send(Message)` to the default topic."""

from __future__ import annotations

from copilot.scan.repo import scan

POM = (
    "<project><artifactId>svc</artifactId><dependencies><dependency><artifactId>"
    "spring-cloud-stream-binder-kafka-streams</artifactId></dependency></dependencies></project>\n"
)

BRANCHING = """\
package org.shop.words;

import java.util.function.Function;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.context.annotation.Bean;

public class Splitter {
    @Bean
    public Function<KStream<String, String>, KStream<String, String>[]> split() {
        return input -> input.branch((k, v) -> v.startsWith("a"), (k, v) -> true);
    }

    @Bean
    public Function<KStream<String, String>, KStream<String, String>> single() {
        return input -> input;
    }
}
"""

BRANCH_CONFIG = """\
spring.cloud.stream.bindings.split-in-0.destination=words
spring.cloud.stream.bindings.split-out-0.destination=a-words
spring.cloud.stream.bindings.split-out-1.destination=other-words
spring.cloud.stream.bindings.single-in-0.destination=words
"""


def test_branched_outputs_are_one_producer_per_configured_branch(make_repo) -> None:
    repo = make_repo(
        {
            "words/pom.xml": POM,
            "words/src/main/java/org/shop/words/Splitter.java": BRANCHING,
            "words/src/main/resources/application.properties": BRANCH_CONFIG,
        }
    )
    got = sorted((e.role, e.topic_name, e.loc.line) for e in scan(repo, use_cache=False).endpoints)
    assert got == [
        ("consume", "words", 9),
        ("consume", "words", 14),
        ("produce", "a-words", 9),
        ("produce", "other-words", 9),
        ("produce", "single-out-0", 14),  # one output, no destination: the binding name
    ]


LOGGER_SINK = """\
package org.shop.audit;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;

public class AuditSink {
    @Bean
    public Consumer<String> audit() {
        return line -> System.out.println(line);
    }
}
"""


def test_a_functional_bean_with_no_stream_word_is_still_read(make_repo) -> None:
    repo = make_repo(
        {
            "audit/pom.xml": POM,
            "audit/src/main/java/org/shop/audit/AuditSink.java": LOGGER_SINK,
            "audit/src/main/resources/application.yml": "spring:\n  cloud:\n    stream:\n      bindings:\n        audit-in-0:\n          destination: audit-log\n",
        }
    )
    result = scan(repo, use_cache=False)
    assert [(e.role, e.topic_name, e.loc.path, e.loc.line) for e in result.endpoints] == [
        ("consume", "audit-log", "audit/src/main/java/org/shop/audit/AuditSink.java", 8)
    ]


ROUTER_APP = """\
package org.shop.router;

import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

public class RouterApp {
    public static void send(KafkaTemplate<String, Object> template) {
        template.setDefaultTopic("routed");
        Message<String> hello = MessageBuilder.withPayload("hi").setHeader("type", "HELLO").build();
        template.send(hello);
    }

    public static void sendOther(KafkaTemplate<String, Object> other, Message<String> message) {
        other.send(message);
    }

    @Bean
    public Consumer<String> hello() {
        return s -> System.out.println(s);
    }

    @Bean
    public Consumer<String> bye() {
        return s -> System.out.println(s);
    }
}
"""

ROUTER_CONFIG = """\
spring:
  cloud:
    stream:
      function:
        routing:
          enabled: true
      bindings:
        functionRouter-in-0:
          destination: routed
"""


def test_routing_binds_functions_to_the_router_and_messages_go_to_the_default_topic(make_repo) -> None:
    repo = make_repo(
        {
            "router/pom.xml": POM,
            "router/src/main/java/org/shop/router/RouterApp.java": ROUTER_APP,
            "router/src/main/resources/application.yml": ROUTER_CONFIG,
        }
    )
    result = scan(repo, use_cache=False)
    got = sorted((e.role, e.topic_name, e.loc.line) for e in result.endpoints)
    assert got == [
        ("consume", "routed", 21),
        ("consume", "routed", 26),
        ("produce", "<other.defaultTopic>", 17),  # no default topic known for that template: not guessed
        ("produce", "routed", 13),  # send(Message) goes to setDefaultTopic's topic, not to "hello"
    ]
    other = next(e for e in result.endpoints if e.loc.line == 17)
    assert (
        other.unresolved_reason
        == "property spring.kafka.template.default-topic is not set in the service's config files"
    )
    consumer = next(e for e in result.endpoints if e.loc.line == 21)
    # the evidence names the routing switch and the router's destination
    assert [(v.path, v.line) for v in consumer.topic.via] == [
        ("router/src/main/resources/application.yml", 6),
        ("router/src/main/resources/application.yml", 9),
    ]


def test_a_function_named_in_the_definition_keeps_its_own_binding(make_repo) -> None:
    config = ROUTER_CONFIG + "    function:\n      definition: hello\n"
    repo = make_repo(
        {
            "router/pom.xml": POM,
            "router/src/main/java/org/shop/router/RouterApp.java": ROUTER_APP,
            "router/src/main/resources/application.yml": config,
        }
    )
    consumers = {
        e.loc.line: e.topic_name for e in scan(repo, use_cache=False).endpoints if e.role == "consume"
    }
    assert consumers == {21: "hello-in-0", 26: "routed"}


VERTX = """\
package org.shop.vertx;

import io.vertx.mutiny.kafka.client.producer.KafkaProducer;
import io.vertx.mutiny.kafka.client.producer.KafkaProducerRecord;

public class Greeter {
    static final String GREETINGS = "greetings";

    @Inject
    KafkaProducer<String, String> producer;

    public void greet(String who) {
        producer.send(KafkaProducerRecord.create(GREETINGS, who, "hello " + who));
        producer.send(KafkaProducerRecord.create("farewells", "bye"));
    }
}
"""


def test_vertx_record_factory_names_the_topic(make_repo) -> None:
    repo = make_repo({"greeter/pom.xml": POM, "greeter/src/main/java/org/shop/vertx/Greeter.java": VERTX})
    got = sorted(
        (e.topic_name, e.loc.line, e.ep.key, e.ep.value) for e in scan(repo, use_cache=False).endpoints
    )
    assert got == [("farewells", 14, None, '"bye"'), ("greetings", 13, "who", '"hello " + who')]


def test_a_kafka_streams_binding_consumes_as_its_application_id(make_repo) -> None:
    config = BRANCH_CONFIG + "spring.cloud.stream.kafka.streams.binder.applicationId=word-splitter\n"
    repo = make_repo(
        {
            "words/pom.xml": POM,
            "words/src/main/java/org/shop/words/Splitter.java": BRANCHING,
            "words/src/main/resources/application.properties": config,
        }
    )
    groups = {(e.role, e.loc.line): e.setting("group.id") for e in scan(repo, use_cache=False).endpoints}
    assert groups[("consume", 9)] == groups[("consume", 14)] == "word-splitter"
    assert groups[("produce", 9)] is None


def test_naming_the_router_in_the_definition_turns_routing_on(make_repo) -> None:
    config = "spring.cloud.function.definition=functionRouter\n"
    repo = make_repo(
        {
            "router/pom.xml": POM,
            "router/src/main/java/org/shop/router/RouterApp.java": ROUTER_APP,
            "router/src/main/resources/application.properties": config,
        }
    )
    consumers = {e.loc.line: e.topic_name for e in scan(repo, use_cache=False).endpoints if e.role == "consume"}
    assert consumers == {21: "functionRouter-in-0", 26: "functionRouter-in-0"}
