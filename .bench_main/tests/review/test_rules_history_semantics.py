"""Semantics the real-history corpus showed missing: a renamed Avro record, a key serializer made
Void (null keys), and client monitoring removed."""

from __future__ import annotations

from tests.review.helpers import BASE, above_info, only, review_of

AVSC = """{
  "type": "record",
  "name": "PageView",
  "namespace": "com.acme.web",
  "fields": [{"name": "user", "type": "string"}, {"name": "page", "type": "string"}]
}
"""


def test_a_record_renamed_without_alias_is_schema_breaking(make_repo):
    base = {**BASE, "checkout/schemas/page_view.avsc": AVSC}
    review, _ = review_of(make_repo, {"checkout/schemas/page_view.avsc": AVSC.replace('"PageView"', '"PageVisit"')}, base)
    f = only(review, "schema-breaking")
    assert f.severity in ("medium", "high") and "PageVisit" in f.title
    assert "renames record" in f.reasoning and "aliases" in f.reasoning
    assert f.citations[0].path == "checkout/schemas/page_view.avsc"


def test_a_record_renamed_with_an_alias_is_quiet(make_repo):
    base = {**BASE, "checkout/schemas/page_view.avsc": AVSC}
    aliased = AVSC.replace('"PageView",', '"PageVisit",\n  "aliases": ["com.acme.web.PageView"],')
    review, _ = review_of(make_repo, {"checkout/schemas/page_view.avsc": aliased}, base)
    assert "schema-breaking" not in [r for r, _, _ in above_info(review)]


POM = "<project><artifactId>{}</artifactId><dependencies><dependency><artifactId>kafka-clients</artifactId></dependency></dependencies></project>\n"
DRIVER = """package com.acme.sum;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.VoidSerializer;

public class Driver {
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class);
        KafkaProducer<Integer, Integer> producer = new KafkaProducer<>(props);
        for (int i = 0; i < 100; i++) {
            producer.send(new ProducerRecord<>("numbers", i, i));
        }
    }
}
"""
INTERCEPTED = """package com.acme.sum;

import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;

public class Reader {
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("bootstrap.servers", "kafka:9092");
        props.put("group.id", "reader");
        props.put("interceptor.classes", "io.confluent.monitoring.clients.interceptor.MonitoringConsumerInterceptor");
        KafkaConsumer<Integer, Integer> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(java.util.List.of("numbers"));
    }
}
"""
JAVA = {
    "sum/pom.xml": POM.format("sum"),
    "sum/src/main/java/com/acme/sum/Driver.java": DRIVER,
    "sum/src/main/java/com/acme/sum/Reader.java": INTERCEPTED,
    "other/pom.xml": POM.format("other"),
    "other/src/main/java/com/acme/other/Noop.java": "package com.acme.other;\n\npublic class Noop {}\n",
}


def test_a_void_key_serializer_drops_the_key(make_repo):
    void = DRIVER.replace("KEY_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class", "KEY_SERIALIZER_CLASS_CONFIG, VoidSerializer.class").replace(
        'new ProducerRecord<>("numbers", i, i)', 'new ProducerRecord<>("numbers", (Void) null, i)'
    ).replace("KafkaProducer<Integer, Integer>", "KafkaProducer<Void, Integer>")
    review, _ = review_of(make_repo, {"sum/src/main/java/com/acme/sum/Driver.java": void}, JAVA)
    hits = [f for f in review.findings if f.rule == "partition-key-change"]
    assert hits and all(f.severity == "medium" for f in hits)
    assert any(c.path == "sum/src/main/java/com/acme/sum/Driver.java" and c.side == "head" for f in hits for c in f.citations)


def test_monitoring_interceptors_removed_is_one_observability_card(make_repo):
    plain = INTERCEPTED.replace('        props.put("interceptor.classes", "io.confluent.monitoring.clients.interceptor.MonitoringConsumerInterceptor");\n', "")
    review, _ = review_of(make_repo, {"sum/src/main/java/com/acme/sum/Reader.java": plain}, JAVA)
    f = only(review, "observability-gap")
    assert f.impacted == ["service:sum"] and "monitoring removed" in f.title
    assert [(c.path, c.side) for c in f.citations] == [("sum/src/main/java/com/acme/sum/Reader.java", "base")]


def test_monitoring_moved_into_a_config_file_is_quiet(make_repo):
    plain = INTERCEPTED.replace('        props.put("interceptor.classes", "io.confluent.monitoring.clients.interceptor.MonitoringConsumerInterceptor");\n', "")
    props = "interceptor.classes=io.confluent.monitoring.clients.interceptor.MonitoringConsumerInterceptor\n"
    review, _ = review_of(make_repo, {"sum/src/main/java/com/acme/sum/Reader.java": plain, "sum/src/main/resources/client.properties": props}, JAVA)
    assert "observability-gap" not in [r for r, _, _ in above_info(review)]


def test_a_field_level_break_impacts_only_the_readers_of_that_field(make_repo):
    from tests.review.helpers import CONSUMER
    from tests.review.test_rules_schema_e2e import ORDER, SCHEMA_BASE, schema_text

    ledger = CONSUMER.replace('"group.id": "fraud"', '"group.id": "ledger"').replace(
        'return order["amount_cents"] / 100', 'return len(order["customer"])'
    )
    base = {**SCHEMA_BASE, "ledger/pyproject.toml": "[project]\nname = 'ledger'\n", "ledger/worker.py": ledger}
    removed = {**ORDER, "fields": ORDER["fields"][:2]}  # amount_cents goes; ledger never reads it
    review, _ = review_of(make_repo, {"schemas/order.avsc": schema_text(removed)}, base)
    f = only(review, "schema-breaking")
    assert "service:fraud" in f.impacted and "service:ledger" not in f.impacted
