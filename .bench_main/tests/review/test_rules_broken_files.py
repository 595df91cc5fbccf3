"""A change that breaks a pipeline file itself is a high finding naming the file and the line,
not silence (the broken file would otherwise just drop out of the graph)."""

from __future__ import annotations

from tests.review.helpers import above_info, only, review_of

SPRING_YML = """spring:
  kafka:
    bootstrap-servers: kafka:9092
    consumer:
      group-id: ledger
      auto-offset-reset: earliest
"""
LISTENER = """package com.acme.ledger;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class PaymentListener {
    @KafkaListener(topics = "payments")
    public void on(String json) {
    }
}
"""
POM = "<project><artifactId>{}</artifactId><dependencies><dependency><artifactId>spring-kafka</artifactId></dependency></dependencies></project>\n"
PRODUCER = """from confluent_kafka import Producer

p = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def paid(payment_id: str, body: str) -> None:
    p.produce("payments", key=payment_id, value=body)
"""
SPRING = {
    "ledger/pom.xml": POM.format("ledger"),
    "ledger/src/main/resources/application.yml": SPRING_YML,
    "ledger/src/main/java/com/acme/ledger/PaymentListener.java": LISTENER,
    "payments/pyproject.toml": "[project]\nname = 'payments'\n",
    "payments/app.py": PRODUCER,
}
AVSC = """{
  "type": "record",
  "name": "Payment",
  "namespace": "com.acme.payments",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount", "type": "long"}
  ]
}
"""
MONEY = """{"type": "record", "name": "Money", "namespace": "com.acme.common",
 "fields": [{"name": "cents", "type": "long"}, {"name": "currency", "type": "string"}]}
"""


def test_yaml_that_no_longer_parses_is_high_and_cites_the_line(make_repo):
    broken = SPRING_YML.replace("      auto-offset-reset: earliest", "\t  auto-offset-reset: earliest")
    review, _ = review_of(make_repo, {"ledger/src/main/resources/application.yml": broken}, SPRING)
    f = only(review, "pipeline-file-broken")
    assert f.severity == "high"
    assert "ledger/src/main/resources/application.yml" in f.title and "invalid YAML" in f.title
    assert [(c.path, c.start_line, c.side) for c in f.citations] == [("ledger/src/main/resources/application.yml", 6, "head")]
    assert f.impacted == ["service:ledger"]
    # the settings that vanished with the file are not reported as a group "changed to (none)"
    assert [r for r, _, _ in above_info(review)] == ["pipeline-file-broken"]


def test_an_unclosed_quote_cites_a_line_that_exists(make_repo):
    broken = SPRING_YML.replace("group-id: ledger", 'group-id: "ledger')
    review, _ = review_of(make_repo, {"ledger/src/main/resources/application.yml": broken}, SPRING)
    f = only(review, "pipeline-file-broken")
    (c,) = f.citations
    assert 1 <= c.start_line <= len(broken.splitlines()) and c.snippet.strip()


def test_reformatted_yaml_that_still_parses_is_quiet(make_repo):
    block = SPRING_YML.replace("    consumer:\n      group-id: ledger\n      auto-offset-reset: earliest\n",
                               "    consumer: {group-id: ledger, auto-offset-reset: earliest}\n")
    review, _ = review_of(make_repo, {"ledger/src/main/resources/application.yml": block}, SPRING)
    assert above_info(review) == []


def test_a_connector_json_with_a_comment_line_is_high_and_names_its_readers(make_repo):
    connector = """{
  "name": "payments-source",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "topic.prefix": "pg",
    "table.include.list": "public.payments"
  }
}
"""
    base = {
        "connect/payments-source.json": connector,
        "audit/pyproject.toml": "[project]\nname = 'audit'\n",
        "audit/worker.py": 'from confluent_kafka import Consumer\n\nc = Consumer({"bootstrap.servers": "k:9092", "group.id": "audit"})\nc.subscribe(["pg.public.payments"])\n',
        "api/pyproject.toml": "[project]\nname = 'api'\n",
        "api/app.py": "print('hi')\n",
    }
    broken = connector.replace('    "topic.prefix": "pg",\n', '//    "snapshot.mode": "never",\n    "topic.prefix": "pg",\n')
    review, _ = review_of(make_repo, {"connect/payments-source.json": broken}, base)
    f = only(review, "pipeline-file-broken")
    assert f.severity == "high" and "service:audit" in f.impacted
    assert f.citations[0].path == "connect/payments-source.json" and f.citations[0].start_line == 5
    assert "topic-orphaned" not in [r for r, _, _ in above_info(review)]


def test_an_avsc_that_is_no_longer_json_is_schema_breaking_high(make_repo):
    base = {**SPRING, "payments/schemas/payment.avsc": AVSC}
    broken = AVSC.replace('{"name": "amount", "type": "long"}', '{"name": "amount", "type": "long"},')
    review, _ = review_of(make_repo, {"payments/schemas/payment.avsc": broken}, base)
    f = only(review, "schema-breaking")
    assert f.severity == "high" and "no longer parses" in f.title
    assert f.citations[0].path == "payments/schemas/payment.avsc"


def test_an_avsc_naming_an_unknown_type_is_schema_breaking_but_a_type_defined_elsewhere_is_not(make_repo):
    base = {**SPRING, "payments/schemas/payment.avsc": AVSC}
    uses_money = AVSC.replace('{"name": "amount", "type": "long"}', '{"name": "amount", "type": "com.acme.common.Money"}')
    review, _ = review_of(make_repo, {"payments/schemas/payment.avsc": uses_money}, base)
    f = only(review, "schema-breaking")
    assert "com.acme.common.Money" in f.title
    assert f.citations[0].start_line == 7

    review, _ = review_of(make_repo, {"payments/schemas/payment.avsc": uses_money, "payments/schemas/money.avsc": MONEY}, base)
    assert not [t for r, _, t in above_info(review) if "no longer parses" in t]
