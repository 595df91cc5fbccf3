"""The config extractor on Spring/Quarkus/Micronaut app config, client .properties, generic YAML,
.env, docker compose, k8s manifests and bad input."""

from __future__ import annotations

import pytest

from copilot.model.facts import Loc, Setting
from copilot.scan.extractors.config import extract


def settings(facts) -> list[tuple[str, str, int, str]]:
    return [(s.key, s.value, s.loc.line, s.raw_key) for s in facts.settings]


SPRING_YML = """\
spring:
  application:
    name: orders
  kafka:
    bootstrap-servers:
      - broker1:9092
      - broker2:9092
    consumer:
      group-id: ${ORDERS_GROUP:orders-svc}
      auto-offset-reset: earliest
      enable-auto-commit: false
      max-poll-records: 200
      value-deserializer: org.springframework.kafka.support.serializer.ErrorHandlingDeserializer
      properties:
        spring.deserializer.value.delegate.class: io.confluent.kafka.serializers.KafkaAvroDeserializer
    producer:
      acks: all
      retries: 3
      key-serializer: org.apache.kafka.common.serialization.StringSerializer
      value-serializer: io.confluent.kafka.serializers.KafkaAvroSerializer
      properties:
        enable.idempotence: true
    properties:
      schema.registry.url: http://schema-registry:8081
      sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required password="x";
    listener:
      ack-mode: MANUAL_IMMEDIATE
  cloud:
    stream:
      bindings:
        orderCreated-out-0:
          destination: orders.created
          content-type: application/*+avro
          group: billing
app:
  topics:
    orders: orders.v1
---
spring:
  config:
    activate:
      on-profile: prod
  kafka:
    consumer:
      group-id: orders-prod
"""


def test_spring_application_yml_properties_are_flattened_with_lines() -> None:
    facts = extract("orders/src/main/resources/application.yml", SPRING_YML.encode())
    assert facts.language == "config"
    assert facts.profile is None
    assert facts.warnings == []
    assert facts.properties == {
        "spring.application.name": ("orders", 3),
        "spring.kafka.bootstrap-servers[0]": ("broker1:9092", 6),
        "spring.kafka.bootstrap-servers[1]": ("broker2:9092", 7),
        "spring.kafka.consumer.group-id": ("${ORDERS_GROUP:orders-svc}", 9),
        "spring.kafka.consumer.auto-offset-reset": ("earliest", 10),
        "spring.kafka.consumer.enable-auto-commit": ("false", 11),
        "spring.kafka.consumer.max-poll-records": ("200", 12),
        "spring.kafka.consumer.value-deserializer": (
            "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
            13,
        ),
        "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class": (
            "io.confluent.kafka.serializers.KafkaAvroDeserializer",
            15,
        ),
        "spring.kafka.producer.acks": ("all", 17),
        "spring.kafka.producer.retries": ("3", 18),
        "spring.kafka.producer.key-serializer": (
            "org.apache.kafka.common.serialization.StringSerializer",
            19,
        ),
        "spring.kafka.producer.value-serializer": ("io.confluent.kafka.serializers.KafkaAvroSerializer", 20),
        "spring.kafka.producer.properties.enable.idempotence": ("true", 22),
        "spring.kafka.properties.schema.registry.url": ("http://schema-registry:8081", 24),
        # credentials never enter the cache or a prompt: the key stays, the value does not
        "spring.kafka.properties.sasl.jaas.config": ("[REDACTED]", 25),
        "spring.kafka.listener.ack-mode": ("MANUAL_IMMEDIATE", 27),
        "spring.cloud.stream.bindings.orderCreated-out-0.destination": ("orders.created", 32),
        "spring.cloud.stream.bindings.orderCreated-out-0.content-type": ("application/*+avro", 33),
        "spring.cloud.stream.bindings.orderCreated-out-0.group": ("billing", 34),
        "app.topics.orders": ("orders.v1", 37),
        # a document activated on a profile is kept apart, Quarkus-style
        "%prod.spring.config.activate.on-profile": ("prod", 42),
        "%prod.spring.kafka.consumer.group-id": ("orders-prod", 45),
    }


def test_spring_application_yml_settings_are_normalised() -> None:
    facts = extract("orders/src/main/resources/application.yml", SPRING_YML.encode())
    assert settings(facts) == [
        ("bootstrap.servers", "broker1:9092,broker2:9092", 6, "spring.kafka.bootstrap-servers"),
        ("group.id", "${ORDERS_GROUP:orders-svc}", 9, "spring.kafka.consumer.group-id"),
        ("auto.offset.reset", "earliest", 10, "spring.kafka.consumer.auto-offset-reset"),
        ("enable.auto.commit", "false", 11, "spring.kafka.consumer.enable-auto-commit"),
        ("max.poll.records", "200", 12, "spring.kafka.consumer.max-poll-records"),
        (
            "value.deserializer",
            "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
            13,
            "spring.kafka.consumer.value-deserializer",
        ),
        (
            "spring.deserializer.value.delegate.class",
            "io.confluent.kafka.serializers.KafkaAvroDeserializer",
            15,
            "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
        ),
        # the ErrorHandlingDeserializer says nothing; its delegate says avro
        (
            "value.format",
            "avro",
            15,
            "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
        ),
        ("acks", "all", 17, "spring.kafka.producer.acks"),
        ("retries", "3", 18, "spring.kafka.producer.retries"),
        (
            "key.serializer",
            "org.apache.kafka.common.serialization.StringSerializer",
            19,
            "spring.kafka.producer.key-serializer",
        ),
        ("key.format", "string", 19, "spring.kafka.producer.key-serializer"),
        (
            "value.serializer",
            "io.confluent.kafka.serializers.KafkaAvroSerializer",
            20,
            "spring.kafka.producer.value-serializer",
        ),
        ("value.format", "avro", 20, "spring.kafka.producer.value-serializer"),
        ("enable.idempotence", "true", 22, "spring.kafka.producer.properties.enable.idempotence"),
        (
            "schema.registry.url",
            "http://schema-registry:8081",
            24,
            "spring.kafka.properties.schema.registry.url",
        ),
        ("listener.ack.mode", "MANUAL_IMMEDIATE", 27, "spring.kafka.listener.ack-mode"),
    ]
    assert facts.settings[1] == Setting(
        "group.id",
        "${ORDERS_GROUP:orders-svc}",
        Loc("orders/src/main/resources/application.yml", 9),
        "spring.kafka.consumer.group-id",
    )


def test_profile_file_sets_profile_and_spring_relaxed_names() -> None:
    src = """\
spring:
  kafka:
    consumer:
      groupId: orders-staging
      autoOffsetReset: latest
      fetch-min-size: 1024
      auto-commit-interval: 5s
    producer:
      transaction-id-prefix: tx-
"""
    facts = extract("orders/src/main/resources/application-staging.yaml", src.encode())
    assert facts.profile == "staging"
    assert settings(facts) == [
        ("group.id", "orders-staging", 4, "spring.kafka.consumer.groupId"),
        ("auto.offset.reset", "latest", 5, "spring.kafka.consumer.autoOffsetReset"),
        ("fetch.min.bytes", "1024", 6, "spring.kafka.consumer.fetch-min-size"),
        ("auto.commit.interval.ms", "5s", 7, "spring.kafka.consumer.auto-commit-interval"),
        ("transactional.id", "tx-", 9, "spring.kafka.producer.transaction-id-prefix"),
    ]


def test_top_level_schema_registry_url_counts_in_app_config() -> None:
    src = "schema.registry.url: http://sr:8081\nmanagement.endpoints.web.exposure.include: health\n"
    facts = extract("svc/src/main/resources/application.yml", src.encode())
    assert settings(facts) == [("schema.registry.url", "http://sr:8081", 1, "schema.registry.url")]
    assert facts.properties == {
        "schema.registry.url": ("http://sr:8081", 1),
        "management.endpoints.web.exposure.include": ("health", 2),
    }


QUARKUS_PROPERTIES = """\
# Quarkus billing service
kafka.bootstrap.servers=localhost:9092
mp.messaging.incoming.orders-in.connector=smallrye-kafka
mp.messaging.incoming.orders-in.topic=orders
mp.messaging.incoming.orders-in.group.id=billing
mp.messaging.incoming.orders-in.value.deserializer=io.confluent.kafka.serializers.KafkaAvroDeserializer
mp.messaging.incoming.orders-in.auto.offset.reset=earliest
mp.messaging.incoming.orders-in.failure-strategy=dead-letter-queue

mp.messaging.outgoing.invoices.topic=invoices
mp.messaging.outgoing.invoices.value.serializer=\\
    io.quarkus.kafka.client.serialization.ObjectMapperSerializer
%prod.kafka.bootstrap.servers=kafka-prod:9092
"""


def test_quarkus_application_properties() -> None:
    facts = extract("billing/src/main/resources/application.properties", QUARKUS_PROPERTIES.encode())
    assert facts.warnings == []
    assert facts.properties == {
        "kafka.bootstrap.servers": ("localhost:9092", 2),
        "mp.messaging.incoming.orders-in.connector": ("smallrye-kafka", 3),
        "mp.messaging.incoming.orders-in.topic": ("orders", 4),
        "mp.messaging.incoming.orders-in.group.id": ("billing", 5),
        "mp.messaging.incoming.orders-in.value.deserializer": (
            "io.confluent.kafka.serializers.KafkaAvroDeserializer",
            6,
        ),
        "mp.messaging.incoming.orders-in.auto.offset.reset": ("earliest", 7),
        "mp.messaging.incoming.orders-in.failure-strategy": ("dead-letter-queue", 8),
        "mp.messaging.outgoing.invoices.topic": ("invoices", 10),
        "mp.messaging.outgoing.invoices.value.serializer": (
            "io.quarkus.kafka.client.serialization.ObjectMapperSerializer",
            11,
        ),
        "%prod.kafka.bootstrap.servers": ("kafka-prod:9092", 13),
    }
    assert settings(facts) == [
        ("bootstrap.servers", "localhost:9092", 2, "kafka.bootstrap.servers"),
        ("group.id", "billing", 5, "mp.messaging.incoming.orders-in.group.id"),
        (
            "value.deserializer",
            "io.confluent.kafka.serializers.KafkaAvroDeserializer",
            6,
            "mp.messaging.incoming.orders-in.value.deserializer",
        ),
        ("value.format", "avro", 6, "mp.messaging.incoming.orders-in.value.deserializer"),
        ("auto.offset.reset", "earliest", 7, "mp.messaging.incoming.orders-in.auto.offset.reset"),
        ("failure.strategy", "dead-letter-queue", 8, "mp.messaging.incoming.orders-in.failure-strategy"),
        (
            "value.serializer",
            "io.quarkus.kafka.client.serialization.ObjectMapperSerializer",
            11,
            "mp.messaging.outgoing.invoices.value.serializer",
        ),
        ("value.format", "json", 11, "mp.messaging.outgoing.invoices.value.serializer"),
    ]


def test_spring_multi_document_properties_profile_section() -> None:
    src = """\
spring.kafka.consumer.group-id=orders
spring.kafka.consumer.auto-offset-reset=earliest
#---
spring.config.activate.on-profile=dev
spring.kafka.consumer.group-id=orders-dev
"""
    facts = extract("orders/src/main/resources/application.properties", src.encode())
    assert facts.properties == {
        "spring.kafka.consumer.group-id": ("orders", 1),
        "spring.kafka.consumer.auto-offset-reset": ("earliest", 2),
        "%dev.spring.config.activate.on-profile": ("dev", 4),
        "%dev.spring.kafka.consumer.group-id": ("orders-dev", 5),
    }
    assert settings(facts) == [
        ("group.id", "orders", 1, "spring.kafka.consumer.group-id"),
        ("auto.offset.reset", "earliest", 2, "spring.kafka.consumer.auto-offset-reset"),
    ]


def test_micronaut_nested_kafka_yaml() -> None:
    src = """\
micronaut:
  application:
    name: ledger
kafka:
  bootstrap:
    servers: localhost:9092
  consumers:
    ledger:
      group:
        id: ledger-consumers
      auto:
        offset:
          reset: earliest
"""
    facts = extract("ledger/src/main/resources/application.yml", src.encode())
    assert facts.properties["kafka.consumers.ledger.group.id"] == ("ledger-consumers", 10)
    assert settings(facts) == [
        ("bootstrap.servers", "localhost:9092", 6, "kafka.bootstrap.servers"),
        ("group.id", "ledger-consumers", 10, "kafka.consumers.ledger.group.id"),
        ("auto.offset.reset", "earliest", 13, "kafka.consumers.ledger.auto.offset.reset"),
    ]


def test_yaml_merge_keys_and_bracket_keys() -> None:
    src = """\
defaults: &defaults
  acks: "1"
  retries: 0
spring:
  kafka:
    producer:
      <<: *defaults
      acks: all
    consumer:
      properties:
        "[max.poll.interval.ms]": 600000
"""
    facts = extract("svc/application.yml", src.encode())
    # the explicit key wins over the merged one; a merged key points at where it is written
    assert facts.properties["spring.kafka.producer.acks"] == ("all", 8)
    assert facts.properties["spring.kafka.producer.retries"] == ("0", 3)
    assert facts.properties["spring.kafka.consumer.properties.max.poll.interval.ms"] == ("600000", 11)
    assert settings(facts) == [
        ("retries", "0", 3, "spring.kafka.producer.retries"),
        ("acks", "all", 8, "spring.kafka.producer.acks"),
        ("max.poll.interval.ms", "600000", 11, "spring.kafka.consumer.properties.max.poll.interval.ms"),
    ]


def test_plain_client_properties_file() -> None:
    src = """\
# consumer for the audit job
bootstrap.servers=kafka:9092
group.id = audit
enable.auto.commit: true
key.deserializer=org.apache.kafka.common.serialization.StringDeserializer
value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer
max.poll.records=50
sasl.password=hunter2
"""
    facts = extract("audit/config/consumer.properties", src.encode())
    assert settings(facts) == [
        ("bootstrap.servers", "kafka:9092", 2, "bootstrap.servers"),
        ("group.id", "audit", 3, "group.id"),
        ("enable.auto.commit", "true", 4, "enable.auto.commit"),
        (
            "key.deserializer",
            "org.apache.kafka.common.serialization.StringDeserializer",
            5,
            "key.deserializer",
        ),
        ("key.format", "string", 5, "key.deserializer"),
        (
            "value.deserializer",
            "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            6,
            "value.deserializer",
        ),
        ("value.format", "bytes", 6, "value.deserializer"),
        ("max.poll.records", "50", 7, "max.poll.records"),
    ]
    assert facts.properties["group.id"] == ("audit", 3)
    assert facts.properties["sasl.password"] == ("[REDACTED]", 8)


def test_properties_with_kafka_keys_under_any_name_count() -> None:
    facts = extract("jobs/settings.properties", b"acks=all\nretries=5\nlog.dir=/tmp\n")
    assert settings(facts) == [("acks", "all", 1, "acks"), ("retries", "5", 2, "retries")]
    assert facts.properties == {"acks": ("all", 1), "retries": ("5", 2), "log.dir": ("/tmp", 3)}


def test_unrelated_properties_keep_nothing() -> None:
    facts = extract(
        "svc/src/main/resources/log4j.properties",
        b"log4j.rootLogger=INFO, stdout\nlog4j.logger.org.apache.kafka=WARN\nretries=3\n",
    )
    assert facts.settings == []
    assert facts.properties == {}


def test_generic_yaml_with_kafka_section_is_kept() -> None:
    src = """\
replicaCount: 2
image:
  repository: acme/orders
kafka:
  brokers: kafka:9092
  topics:
    orders: orders.v1
  consumerGroup: orders-svc
  producer:
    acks: "1"
"""
    facts = extract("charts/orders/values.yaml", src.encode())
    assert settings(facts) == [
        ("bootstrap.servers", "kafka:9092", 5, "kafka.brokers"),
        ("group.id", "orders-svc", 8, "kafka.consumerGroup"),
        ("acks", "1", 10, "kafka.producer.acks"),
    ]
    assert facts.properties["kafka.topics.orders"] == ("orders.v1", 7)
    assert facts.properties["replicaCount"] == ("2", 1)


def test_unrelated_yaml_yields_nothing() -> None:
    ci = b"name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    facts = extract(".github/workflows/ci.yml", ci)
    assert (facts.properties, facts.settings, facts.env, facts.warnings) == ({}, [], {}, [])
    # a k8s Service mentioning kafka in a label: no client settings, no properties kept
    svc = b"apiVersion: v1\nkind: Service\nmetadata:\n  name: kafka-ui\nspec:\n  ports:\n    - port: 8080\n"
    facts = extract("deploy/ui.yaml", svc)
    assert (facts.properties, facts.settings, facts.env) == ({}, [], {})


STRIMZI = """\
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: orders-topic
  labels:
    strimzi.io/cluster: main
spec:
  topicName: orders.v1
  partitions: 12
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: payments
spec:
  partitions: 3
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fraud
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/fraud:1.0
          env:
            - name: KAFKA_GROUP_ID
              value: fraud-v2
            - name: ORDERS_TOPIC
              value: orders.v1
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: pw}
"""


def test_strimzi_topics_and_k8s_env() -> None:
    facts = extract("deploy/k8s/kafka.yaml", STRIMZI.encode())
    assert facts.warnings == []
    assert facts.properties == {
        "kafkatopic:orders.v1": ("orders.v1", 8),  # spec.topicName wins over metadata.name
        "kafkatopic:payments": ("payments", 14),
    }
    assert facts.env == {
        "KAFKA_GROUP_ID": ("fraud-v2", 29),
        "fraud/KAFKA_GROUP_ID": ("fraud-v2", 29),
        "ORDERS_TOPIC": ("orders.v1", 31),
        "fraud/ORDERS_TOPIC": ("orders.v1", 31),
        "DB_PASSWORD": ("", 33),
        "fraud/DB_PASSWORD": ("", 33),
    }
    assert settings(facts) == [("group.id", "fraud-v2", 29, "fraud/KAFKA_GROUP_ID")]


def test_dotenv_file() -> None:
    src = """\
# local development
KAFKA_BOOTSTRAP_SERVERS=localhost:9092
export ORDERS_TOPIC="orders.v1"
KAFKA_CONSUMER_GROUP='orders-local'
SPRING_KAFKA_PRODUCER_ACKS=all
KAFKA_SASL_PASSWORD=hunter2
EMPTY=
ORDERS_TOPIC=orders.v2
"""
    facts = extract("orders/.env", src.encode())
    assert facts.env == {
        "KAFKA_BOOTSTRAP_SERVERS": ("localhost:9092", 2),
        "ORDERS_TOPIC": ("orders.v2", 8),  # the last assignment wins, as in dotenv
        "KAFKA_CONSUMER_GROUP": ("orders-local", 4),
        "SPRING_KAFKA_PRODUCER_ACKS": ("all", 5),
        "KAFKA_SASL_PASSWORD": ("[REDACTED]", 6),
        "EMPTY": ("", 7),
    }
    assert settings(facts) == [
        ("bootstrap.servers", "localhost:9092", 2, "KAFKA_BOOTSTRAP_SERVERS"),
        ("group.id", "orders-local", 4, "KAFKA_CONSUMER_GROUP"),
        ("acks", "all", 5, "SPRING_KAFKA_PRODUCER_ACKS"),
    ]


def test_dotenv_unparseable_line_is_a_warning() -> None:
    facts = extract("svc/.env", b"KAFKA_GROUP_ID=g1\nthis is not an assignment\nORDERS_TOPIC=orders\n")
    assert facts.warnings == ["svc/.env:2: unparseable .env line skipped"]
    assert facts.env == {"KAFKA_GROUP_ID": ("g1", 1), "ORDERS_TOPIC": ("orders", 3)}


@pytest.mark.parametrize("name", [".env", ".env.local", "prod.env"])
def test_dotenv_names(name: str) -> None:
    facts = extract(f"svc/{name}", b"KAFKA_GROUP_ID=g1\n")
    assert facts.env == {"KAFKA_GROUP_ID": ("g1", 1)}


COMPOSE = """\
x-kafka-env: &kafka-env
  KAFKA_BOOTSTRAP_SERVERS: kafka:9092
  SCHEMA_REGISTRY_URL: http://schema-registry:8081
services:
  kafka:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
  orders:
    build: ./orders
    environment:
      <<: *kafka-env
      ORDERS_TOPIC: orders.v1
      KAFKA_GROUP_ID: orders-svc
  fraud:
    image: acme/fraud:1.2
    environment:
      - SPRING_KAFKA_CONSUMER_GROUP_ID=fraud-detector
      - SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET=latest
      - PASSTHROUGH
"""


def test_docker_compose_environment() -> None:
    facts = extract("docker-compose.yml", COMPOSE.encode())
    assert facts.warnings == []
    assert facts.env == {
        "KAFKA_NODE_ID": ("1", 8),
        "kafka/KAFKA_NODE_ID": ("1", 8),
        "KAFKA_PROCESS_ROLES": ("broker,controller", 9),
        "kafka/KAFKA_PROCESS_ROLES": ("broker,controller", 9),
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": ("1", 10),
        "kafka/KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": ("1", 10),
        # merged from the anchor: the line is where the value is written
        "KAFKA_BOOTSTRAP_SERVERS": ("kafka:9092", 2),
        "orders/KAFKA_BOOTSTRAP_SERVERS": ("kafka:9092", 2),
        "SCHEMA_REGISTRY_URL": ("http://schema-registry:8081", 3),
        "orders/SCHEMA_REGISTRY_URL": ("http://schema-registry:8081", 3),
        "ORDERS_TOPIC": ("orders.v1", 15),
        "orders/ORDERS_TOPIC": ("orders.v1", 15),
        "KAFKA_GROUP_ID": ("orders-svc", 16),
        "orders/KAFKA_GROUP_ID": ("orders-svc", 16),
        "SPRING_KAFKA_CONSUMER_GROUP_ID": ("fraud-detector", 20),
        "fraud/SPRING_KAFKA_CONSUMER_GROUP_ID": ("fraud-detector", 20),
        "SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET": ("latest", 21),
        "fraud/SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET": ("latest", 21),
        # `- PASSTHROUGH` takes its value from where compose runs: nothing is known of it here
    }
    # the broker's KAFKA_* variables configure the broker, not a client: no settings from it
    assert settings(facts) == [
        ("bootstrap.servers", "kafka:9092", 2, "orders/KAFKA_BOOTSTRAP_SERVERS"),
        ("schema.registry.url", "http://schema-registry:8081", 3, "orders/SCHEMA_REGISTRY_URL"),
        ("group.id", "orders-svc", 16, "orders/KAFKA_GROUP_ID"),
        ("group.id", "fraud-detector", 20, "fraud/SPRING_KAFKA_CONSUMER_GROUP_ID"),
        ("auto.offset.reset", "latest", 21, "fraud/SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET"),
    ]
    assert facts.properties == {}


@pytest.mark.parametrize(
    "name", ["docker-compose.yml", "docker-compose.prod.yaml", "compose.yaml", "compose-dev.yml"]
)
def test_compose_names(name: str) -> None:
    facts = extract(f"deploy/{name}", b"services:\n  app:\n    environment:\n      KAFKA_GROUP_ID: g\n")
    assert facts.env == {"KAFKA_GROUP_ID": ("g", 4), "app/KAFKA_GROUP_ID": ("g", 4)}


# -- bad input ----------------------------------------------------------------------------------


def test_yaml_syntax_error_keeps_what_parses_and_warns() -> None:
    src = """\
spring:
  kafka:
    consumer:
      group-id: orders
app:
  name: "broken
  other: x
"""
    facts = extract("svc/src/main/resources/application.yml", src.encode())
    assert facts.warnings == [
        "svc/src/main/resources/application.yml:8: invalid YAML: found unexpected end of stream"
        " (while scanning a quoted scalar at line 6)"
    ]
    assert facts.properties["spring.kafka.consumer.group-id"] == ("orders", 4)
    assert settings(facts) == [("group.id", "orders", 4, "spring.kafka.consumer.group-id")]


def test_yaml_error_in_second_document_keeps_the_first() -> None:
    src = "spring.kafka.producer.acks: all\n---\nspring:\n  kafka: [1, 2\n"
    facts = extract("svc/application.yml", src.encode())
    # the broken document's lines above the error still parse: `spring:` with nothing under it
    assert facts.properties == {"spring.kafka.producer.acks": ("all", 1), "spring": ("", 3)}
    assert settings(facts) == [("acks", "all", 1, "spring.kafka.producer.acks")]
    assert len(facts.warnings) == 1 and facts.warnings[0].startswith("svc/application.yml:5: invalid YAML:")


def test_properties_bad_unicode_escape_warns_and_continues() -> None:
    src = "spring.kafka.consumer.group-id=orders\nbad=\\u12\nspring.kafka.producer.acks=all\n"
    facts = extract("svc/application.properties", src.encode())
    assert facts.warnings == [
        "svc/application.properties:2: invalid \\u escape in .properties, kept literally"
    ]
    assert facts.properties["bad"] == ("\\u12", 2)
    assert settings(facts) == [
        ("group.id", "orders", 1, "spring.kafka.consumer.group-id"),
        ("acks", "all", 3, "spring.kafka.producer.acks"),
    ]


def test_latin1_properties_are_read_like_java() -> None:
    facts = extract("svc/application.properties", b"app.owner=Jos\xe9\nspring.kafka.producer.acks=1\n")
    assert facts.warnings == []
    assert facts.properties["app.owner"] == ("Jos\u00e9", 1)


@pytest.mark.parametrize(
    ("path", "data", "warning"),
    [
        ("svc/application.yml", b"\x00\x01binary\x00", "svc/application.yml:1: skipped: binary file"),
        ("svc/application.yml", b"a: 1\nb: \xff\xfe\n", "svc/application.yml:2: skipped: not UTF-8 text"),
        (
            "svc/big.yaml",
            b"a: 1\n" * (2 * 1024 * 1024 // 5 + 1),
            "svc/big.yaml:1: skipped: file larger than 2 MB",
        ),
    ],
)
def test_undecodable_binary_huge_give_a_warning_and_empty_facts(path: str, data: bytes, warning: str) -> None:
    facts = extract(path, data)
    assert facts.warnings == [warning]
    assert (facts.properties, facts.settings, facts.env, facts.connectors, facts.schemas) == (
        {},
        [],
        {},
        [],
        [],
    )


def test_utf8_bom_is_ignored() -> None:
    facts = extract("svc/application.properties", "\ufeffspring.kafka.consumer.group-id=g\n".encode())
    assert facts.properties == {"spring.kafka.consumer.group-id": ("g", 1)}


def test_unknown_config_suffix_yields_empty_facts() -> None:
    facts = extract("svc/application.conf", b"akka.kafka.consumer { kafka-clients { group.id = x } }\n")
    assert (facts.language, facts.properties, facts.settings, facts.warnings) == ("config", {}, [], [])
