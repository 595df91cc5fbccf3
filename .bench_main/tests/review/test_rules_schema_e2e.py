"""Schema, serialization, error handling and observability rules on real repositories."""

from __future__ import annotations

import json

from tests.review.helpers import BASE, CONSUMER, PRODUCER, above_info, only, review_of
from tests.review.test_rules_e2e import edit, line_of

ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "com.shop",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "customer", "type": "string"},
        {"name": "amount_cents", "type": "long"},
    ],
}

AVRO_PRODUCER = '''from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer

TOPIC = "orders"


def build() -> SerializingProducer:
    registry = SchemaRegistryClient({"url": "http://registry:8081"})
    schema_str = open("schemas/order.avsc").read()
    return SerializingProducer({"bootstrap.servers": "kafka:9092", "acks": "all", "value.serializer": AvroSerializer(registry, schema_str)})


def publish(producer: SerializingProducer, order: dict) -> None:
    producer.produce(TOPIC, key=order["id"], value=order, on_delivery=lambda e, m: None)
    producer.flush()
'''


def schema_text(schema: dict) -> str:
    lines = ["{", f'  "type": "record", "name": "{schema["name"]}", "namespace": "{schema["namespace"]}",', '  "fields": [']
    for i, f in enumerate(schema["fields"]):
        lines.append("    " + json.dumps(f) + ("," if i < len(schema["fields"]) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


SCHEMA_BASE = {**BASE, "checkout/app.py": AVRO_PRODUCER, "schemas/order.avsc": schema_text(ORDER)}


def test_removing_a_field_a_consumer_reads_is_high(make_repo):
    removed = {**ORDER, "fields": ORDER["fields"][:2]}
    review, _ = review_of(make_repo, {"schemas/order.avsc": schema_text(removed)}, base=SCHEMA_BASE)
    f = only(review, "schema-breaking")
    assert f.severity == "high"
    assert "service:fraud" in f.impacted
    reads = [c for c in f.citations if c.path == "fraud/worker.py"]
    assert reads and reads[0].start_line == line_of(CONSUMER, 'order["amount_cents"]') and reads[0].side == "head"
    base_cite = [c for c in f.citations if c.path == "schemas/order.avsc" and c.side == "base"]
    assert base_cite and "amount_cents" in base_cite[0].snippet
    assert ["service:checkout", "topic:orders", "service:fraud"] in f.graph_paths
    assert review.rollout and review.rollout[0]["service"] == "service:fraud"  # BACKWARD: consumers first


def test_new_field_without_default_is_incompatible_under_backward(make_repo):
    added = {**ORDER, "fields": [*ORDER["fields"], {"name": "coupon", "type": "string"}]}
    review, _ = review_of(make_repo, {"schemas/order.avsc": schema_text(added)}, base=SCHEMA_BASE)
    f = only(review, "schema-breaking")
    assert f.severity == "high" and "service:fraud" in f.impacted
    assert "coupon" in f.reasoning and "BACKWARD" in f.reasoning


def test_optional_field_with_default_is_quiet(make_repo):
    added = {**ORDER, "fields": [*ORDER["fields"], {"name": "coupon", "type": ["null", "string"], "default": None}]}
    review, _ = review_of(make_repo, {"schemas/order.avsc": schema_text(added)}, base=SCHEMA_BASE)
    assert above_info(review) == []
    assert [s["service"] for s in review.rollout] == ["service:fraud", "service:checkout"]


def test_serializer_switch_breaks_json_readers(make_repo):
    base = {**BASE, "checkout/app.py": edit(PRODUCER, "value=encode(order)", "value=json.dumps(order).encode()").replace("from confluent_kafka import Producer", "import json\n\nfrom confluent_kafka import Producer")}
    review, _ = review_of(make_repo, {"checkout/app.py": AVRO_PRODUCER, "schemas/order.avsc": schema_text(ORDER)}, base=base)
    f = only(review, "serialization-change")
    assert f.severity == "high" and f.impacted == ["service:fraud"]
    assert "json" in f.title and "avro" in f.title


def test_new_schemaless_producer(make_repo):
    audit = '''import json

from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="kafka:9092", value_serializer=lambda v: json.dumps(v).encode("utf-8"))


def record(event: dict) -> None:
    producer.send("audit-events", value=event).get(timeout=10)
'''
    review, _ = review_of(make_repo, {"audit/pyproject.toml": "[project]\nname='audit'\n", "audit/audit.py": audit})
    f = only(review, "schema-unmanaged")
    assert f.severity == "medium" and f.citations[0].path == "audit/audit.py"


def test_new_avro_producer_is_not_unmanaged(make_repo):
    review, _ = review_of(
        make_repo,
        {"audit/pyproject.toml": "[project]\nname='audit'\n", "audit/app.py": AVRO_PRODUCER.replace('"orders"', '"audit"'), "schemas/order.avsc": schema_text(ORDER)},
    )
    assert [f for f in review.findings if f.rule == "schema-unmanaged"] == []


DLQ_CONSUMER = CONSUMER.replace(
    "        score(order)\n",
    "        try:\n            score(order)\n        except KeyError:\n            dlq.produce(\"orders.dlq\", value=msg.value())\n",
).replace("    consumer.subscribe", "    dlq = Producer({\"bootstrap.servers\": \"kafka:9092\"})\n    consumer.subscribe").replace(
    "from confluent_kafka import Consumer", "from confluent_kafka import Consumer, Producer"
)


def test_dead_letter_removed(make_repo):
    new = edit(DLQ_CONSUMER, '        except KeyError:\n            dlq.produce("orders.dlq", value=msg.value())\n', "        except KeyError:\n            raise\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new}, base={**BASE, "fraud/worker.py": DLQ_CONSUMER})
    f = only(review, "error-handling-removed")
    assert f.severity == "high" and "service:fraud" in f.impacted
    assert f.citations[0].side == "base" and "orders.dlq" in f.citations[0].snippet


def test_errors_swallowed(make_repo):
    new = edit(CONSUMER, "        score(order)\n", "        try:\n            score(order)\n        except Exception:\n            pass\n")
    review, _ = review_of(make_repo, {"fraud/worker.py": new})
    f = only(review, "error-handling-removed")
    assert f.severity == "medium" and f.citations[0].start_line == line_of(new, "except Exception")


def test_renaming_the_dlq_producer_is_quiet(make_repo):
    new = DLQ_CONSUMER.replace("dlq", "dead_letters").replace('"orders.dead_letters"', '"orders.dlq"')
    review, _ = review_of(make_repo, {"fraud/worker.py": new}, base={**BASE, "fraud/worker.py": DLQ_CONSUMER})
    assert above_info(review) == [] or all(r != "error-handling-removed" for r, _, _ in above_info(review))


NEW_CONSUMER = '''from kafka import KafkaConsumer


def run() -> None:
    consumer = KafkaConsumer("orders", bootstrap_servers="kafka:9092", group_id="ledger")
    for message in consumer:
        book(message.value)


def book(value: bytes) -> None:
    print(value)
'''


def test_new_consumer_without_metrics(make_repo):
    review, _ = review_of(make_repo, {"ledger/pyproject.toml": "[project]\nname='ledger'\n", "ledger/main.py": NEW_CONSUMER})
    f = only(review, "observability-gap")
    assert f.severity == "low" and f.impacted == ["service:ledger"]
    assert f.citations[0].path == "ledger/main.py"


def test_new_consumer_with_metrics_is_quiet(make_repo):
    with_metrics = NEW_CONSUMER.replace("from kafka import KafkaConsumer\n", "from kafka import KafkaConsumer\nfrom prometheus_client import Counter\n\nBOOKED = Counter('booked_total', 'booked')\n").replace("        book(message.value)\n", "        book(message.value)\n        BOOKED.inc()\n")
    review, _ = review_of(make_repo, {"ledger/pyproject.toml": "[project]\nname='ledger'\n", "ledger/main.py": with_metrics})
    assert [f for f in review.findings if f.rule == "observability-gap"] == []


def test_docs_only_change_is_quiet(make_repo):
    review, _ = review_of(make_repo, {"README.md": "# shop\n\nNow with docs.\n"})
    assert review.findings == []


def test_refactoring_the_json_serializer_is_quiet(make_repo):
    json_producer = edit(PRODUCER, "value=encode(order)", "value=json.dumps(order).encode()").replace(
        "from confluent_kafka import Producer", "import json\n\nfrom confluent_kafka import Producer"
    )
    refactored = edit(json_producer, "value=json.dumps(order).encode()", "value=to_json(order)") + (
        "\n\ndef to_json(order: dict) -> bytes:\n    return json.dumps(order).encode()\n"
    )
    review, _ = review_of(make_repo, {"checkout/app.py": refactored}, base={**BASE, "checkout/app.py": json_producer})
    assert [f for f in review.findings if f.rule == "serialization-change"] == []


def test_compatible_change_proposes_registration_and_deploys_in_rollout_order(make_repo):
    config = (
        '[registry]\nurl = "http://registry:8081"\n'
        '[deploy]\nfraud = "echo deploy fraud"\ncheckout = "echo deploy checkout"\n'
    )
    added = {**ORDER, "fields": [*ORDER["fields"], {"name": "coupon", "type": ["null", "string"], "default": None}]}
    review, _ = review_of(
        make_repo, {"schemas/order.avsc": schema_text(added)}, base={**SCHEMA_BASE, ".pipeline-copilot.toml": config}
    )
    kinds = [(a.kind, a.title) for a in review.actions]
    assert kinds[0] == ("schema-register", "Register com.shop.Order under orders-value (BACKWARD)")
    assert [t for k, t in kinds if k == "deploy"] == [
        "Deploy fraud (step 1 of the com.shop.Order rollout)",
        "Deploy checkout (step 2 of the com.shop.Order rollout)",
    ]
    assert all(a.digest.startswith("sha256:") and a.status == "proposed" for a in review.actions)
