"""The Python extractor on realistic confluent-kafka, kafka-python, aiokafka, faust and pulsar code.

Line numbers come from `ln` (the 1-based line of a unique snippet of the sample), so every
assertion is exact and still survives edits above the asserted line.
"""

from __future__ import annotations

import pickle

from copilot.model.facts import Loc, Pending, SchemaRef
from copilot.scan.extractors.python import extract

PATH = "checkout/app/publisher.py"


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


def topics(facts) -> list[tuple[str, str | None, str, int]]:
    return [(e.role, e.topic.name, e.topic.origin, e.loc.line) for e in facts.endpoints]


# ------------------------------------------------------------------------------ confluent-kafka
CONFLUENT_PRODUCER = """\
import json
import logging

from confluent_kafka import Producer

log = logging.getLogger(__name__)
ORDERS_TOPIC = "orders"

conf = {
    "bootstrap.servers": "kafka:9092",
    "acks": "all",
    "enable.idempotence": True,
    "linger.ms": 5,
}
producer = Producer(conf)


def delivery_report(err, msg):
    if err is not None:
        log.error("delivery failed: %s", err)


def publish(order):
    producer.produce(
        ORDERS_TOPIC,
        key=order["id"],
        value=json.dumps(order).encode("utf-8"),
        on_delivery=delivery_report,
    )


def publish_audit(order):
    producer.produce("audit", json.dumps(order).encode())
"""


def test_confluent_produce_with_callback_carries_settings_key_value_and_format():
    src = CONFLUENT_PRODUCER
    facts = run(src)
    assert facts.warnings == []
    assert [e.topic.name for e in facts.endpoints] == ["orders", "audit"]
    ep = facts.endpoints[0]
    assert ep.role == "produce"
    assert ep.library == "confluent-kafka"
    assert ep.loc == Loc(PATH, ln(src, "producer.produce(\n"))
    assert ep.end_line == ln(src, "    )\n\n\ndef publish_audit")
    assert ep.client == "producer"
    assert ep.topic.text == "ORDERS_TOPIC"
    assert ep.topic.origin == "constant"
    assert ep.topic.via == [Loc(PATH, ln(src, 'ORDERS_TOPIC = "orders"'))]
    assert ep.key == 'order["id"]'
    assert ep.value == 'json.dumps(order).encode("utf-8")'
    assert ep.awaits_ack is True
    assert settings(ep) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "acks": ("all", ln(src, '"acks"'), "acks"),
        "enable.idempotence": ("true", ln(src, '"enable.idempotence"'), "enable.idempotence"),
        "linger.ms": ("5", ln(src, '"linger.ms"'), "linger.ms"),
        "value.format": ("json", ln(src, "value=json.dumps"), "value"),
    }


def test_confluent_positional_value_has_no_key_and_is_fire_and_forget():
    facts = run(CONFLUENT_PRODUCER)
    audit = facts.endpoints[1]
    assert audit.topic.origin == "literal"
    assert audit.topic.text == '"audit"'
    assert audit.key is None
    assert audit.value == "json.dumps(order).encode()"
    assert audit.awaits_ack is False
    assert audit.settings["value.format"].value == "json"


FLUSH = """\
from confluent_kafka import Producer

p = Producer({"bootstrap.servers": "kafka:9092"})


def send_then_flush(data):
    p.produce("orders", data)
    p.flush(10)


def flush_then_send(data):
    p.flush()
    p.produce("payments", data)
"""


def test_flush_after_the_send_in_the_same_function_awaits_the_ack():
    facts = run(FLUSH)
    by_topic = {e.topic.name: e for e in facts.endpoints}
    assert by_topic["orders"].awaits_ack is True
    assert by_topic["payments"].awaits_ack is False  # the flush came before the send


CONFLUENT_CONSUMER = """\
import json

from confluent_kafka import Consumer

consumer = Consumer(
    {
        "bootstrap.servers": "kafka:9092",
        "group.id": "fraud-detector",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "max.poll.interval.ms": 300000,
    }
)
consumer.subscribe(["orders", "payments", "^refunds\\\\..*"])


def run():
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        order = json.loads(msg.value())
        score(order)
        consumer.commit(message=msg, asynchronous=False)


def score(order):
    return order["amount_cents"] > 10_000
"""


def test_confluent_multi_topic_subscribe_gives_one_endpoint_per_topic_with_group_and_handler():
    src = CONFLUENT_CONSUMER
    facts = run(src, "fraud/consumer.py")
    line = ln(src, "consumer.subscribe(")
    assert [(e.topic.name, e.topic.pattern, e.loc.line) for e in facts.endpoints] == [
        ("orders", False, line),
        ("payments", False, line),
        ("^refunds\\..*", True, line),  # librdkafka: a subscription starting with ^ is a regex
    ]
    ep = facts.endpoints[0]
    assert ep.role == "consume"
    assert ep.library == "confluent-kafka"
    assert ep.group == "fraud-detector"
    assert ep.handler == "run"
    assert ep.client == "consumer"
    assert ep.awaits_ack is None
    assert settings(ep) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "group.id": ("fraud-detector", ln(src, '"group.id"'), "group.id"),
        "auto.offset.reset": ("earliest", ln(src, '"auto.offset.reset"'), "auto.offset.reset"),
        "enable.auto.commit": ("false", ln(src, '"enable.auto.commit"'), "enable.auto.commit"),
        "max.poll.interval.ms": ("300000", ln(src, '"max.poll.interval.ms"'), "max.poll.interval.ms"),
        # no deserializer configured: the poll loop's json.loads(msg.value()) says what it expects
        "value.format": ("json", ln(src, "json.loads(msg.value())"), "value"),
    }
    [handler] = facts.handlers
    assert (handler.kind, handler.name, handler.loc.line, handler.end_line) == (
        "poll-loop",
        "run",
        ln(src, "while True:"),
        ln(src, "consumer.commit("),
    )


SERIALIZING = """\
from pathlib import Path

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer

registry = SchemaRegistryClient({"url": "http://schema-registry:8081"})
schema_str = Path("schemas/order.avsc").read_text()
value_serializer = AvroSerializer(registry, schema_str)

producer = SerializingProducer(
    {
        "bootstrap.servers": "kafka:9092",
        "key.serializer": StringSerializer("utf_8"),
        "value.serializer": value_serializer,
    }
)
consumer = DeserializingConsumer(
    {
        "bootstrap.servers": "kafka:9092",
        "group.id": "billing",
        "key.deserializer": StringDeserializer("utf_8"),
        "value.deserializer": AvroDeserializer(registry, schema_str),
    }
)


def publish(order):
    producer.produce(topic="orders", key=order["id"], value=order)


def listen():
    consumer.subscribe(["orders"])
"""


def test_serializing_producer_and_deserializing_consumer_formats_and_schema_file():
    src = SERIALIZING
    facts = run(src)
    produce, consume = facts.endpoints
    schema = SchemaRef("file", "schemas/order.avsc", Loc(PATH, ln(src, "schema_str = Path")))
    assert (produce.role, produce.topic.name, produce.key, produce.value) == (
        "produce",
        "orders",
        'order["id"]',
        "order",
    )
    assert produce.schema == schema
    assert settings(produce) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "key.serializer": ('StringSerializer("utf_8")', ln(src, '"key.serializer"'), "key.serializer"),
        "key.format": ("string", ln(src, '"key.serializer"'), "key.serializer"),
        "value.serializer": ("value_serializer", ln(src, '"value.serializer"'), "value.serializer"),
        "value.format": ("avro", ln(src, '"value.serializer"'), "value.serializer"),
    }
    assert (consume.role, consume.topic.name, consume.group) == ("consume", "orders", "billing")
    assert consume.schema == schema
    assert consume.settings["value.format"].value == "avro"
    assert consume.settings["value.format"].loc.line == ln(src, '"value.deserializer"')
    assert consume.settings["key.format"].value == "string"


AVRO_PRODUCER = """\
from confluent_kafka import avro
from confluent_kafka.avro import AvroProducer

value_schema = avro.load("schemas/payment.avsc")
producer = AvroProducer(
    {"bootstrap.servers": "kafka:9092", "schema.registry.url": "http://sr:8081"},
    default_value_schema=value_schema,
)


def pay(payment):
    producer.produce(topic="payments", value=payment)
    producer.flush()
"""


def test_avro_producer_is_avro_with_its_default_value_schema():
    src = AVRO_PRODUCER
    [ep] = run(src).endpoints
    assert (ep.library, ep.topic.name, ep.awaits_ack) == ("confluent-kafka", "payments", True)
    assert ep.schema == SchemaRef("file", "schemas/payment.avsc", Loc(PATH, ln(src, "avro.load(")))
    assert settings(ep) == {
        "bootstrap.servers": ("kafka:9092", ln(src, '"bootstrap.servers"'), "bootstrap.servers"),
        "schema.registry.url": ("http://sr:8081", ln(src, '"schema.registry.url"'), "schema.registry.url"),
        "value.format": ("avro", ln(src, "producer = AvroProducer("), "AvroProducer"),
    }


SELF_CLIENT = """\
from confluent_kafka import Producer


class OrderPublisher:
    def __init__(self, servers):
        self.producer = Producer({"bootstrap.servers": servers, "acks": "1"})

    def publish(self, order_id, payload):
        self.producer.produce("orders", payload, order_id)
"""


def test_self_attribute_client_gets_the_constructor_settings_in_another_method():
    src = SELF_CLIENT
    [ep] = run(src).endpoints
    assert ep.client == "self.producer"
    assert ep.key == "order_id"  # produce(topic, value, key) positionally
    assert ep.value == "payload"
    assert settings(ep)["acks"] == ("1", ln(src, '"acks"'), "acks")
    assert settings(ep)["bootstrap.servers"] == (
        "servers",
        ln(src, '"bootstrap.servers"'),
        "bootstrap.servers",
    )


UNTYPED = """\
from confluent_kafka import Producer


def publish(producer, payload):
    producer.produce("orders", value=payload)


def publish_typed(producer: Producer, payload):
    producer.produce("payments", value=payload)
"""


def test_untyped_and_annotated_producer_parameters_still_give_endpoints_without_settings():
    facts = run(UNTYPED)
    assert [(e.topic.name, e.library, e.settings) for e in facts.endpoints] == [
        ("orders", "confluent-kafka", {}),
        ("payments", "confluent-kafka", {}),
    ]


# ------------------------------------------------------------------------------ kafka-python
KAFKA_PYTHON = """\
import json

from kafka import KafkaConsumer, KafkaProducer

producer = KafkaProducer(
    bootstrap_servers=["kafka:9092"],
    acks=1,
    retries=0,
    enable_idempotence=False,
    linger_ms=10,
    batch_size=32768,
    value_serializer=lambda v: json.dumps(v).encode("utf-8"),
    key_serializer=str.encode,
)


def publish(order):
    future = producer.send("orders", value=order, key=order["id"])
    future.get(timeout=10)
    producer.send("clicks", {"page": order["page"]})


def consume():
    consumer = KafkaConsumer(
        "orders",
        "refunds",
        group_id="shipping",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=100,
        value_deserializer=lambda m: json.loads(m.decode("utf-8")),
    )
    for message in consumer:
        ship(message.value)
        consumer.commit()


def ship(order):
    print(order)
"""


def test_kafka_python_producer_kwargs_are_normalised_to_kafka_properties():
    src = KAFKA_PYTHON
    facts = run(src)
    orders = facts.endpoints[0]
    assert (orders.library, orders.topic.name, orders.key, orders.value) == (
        "kafka-python",
        "orders",
        'order["id"]',
        "order",
    )
    assert orders.awaits_ack is True  # future.get()
    assert settings(orders) == {
        "bootstrap.servers": ('["kafka:9092"]', ln(src, "bootstrap_servers="), "bootstrap_servers"),
        "acks": ("1", ln(src, "acks=1"), "acks"),
        "retries": ("0", ln(src, "retries=0"), "retries"),
        "enable.idempotence": ("false", ln(src, "enable_idempotence="), "enable_idempotence"),
        "linger.ms": ("10", ln(src, "linger_ms="), "linger_ms"),
        "batch.size": ("32768", ln(src, "batch_size="), "batch_size"),
        "value.serializer": (
            'lambda v: json.dumps(v).encode("utf-8")',
            ln(src, "value_serializer="),
            "value_serializer",
        ),
        "value.format": ("json", ln(src, "value_serializer="), "value_serializer"),
        "key.serializer": ("str.encode", ln(src, "key_serializer="), "key_serializer"),
        "key.format": ("string", ln(src, "key_serializer="), "key_serializer"),
    }
    clicks = facts.endpoints[1]
    assert (clicks.topic.name, clicks.key, clicks.value, clicks.awaits_ack) == (
        "clicks",
        None,
        '{"page": order["page"]}',
        False,
    )


def test_kafka_python_consumer_topics_in_the_constructor():
    src = KAFKA_PYTHON
    facts = run(src)
    consumes = [e for e in facts.endpoints if e.role == "consume"]
    line = ln(src, "consumer = KafkaConsumer(")
    assert [(e.topic.name, e.loc.line, e.client, e.group, e.handler) for e in consumes] == [
        ("orders", line, "consumer", "shipping", "consume"),
        ("refunds", line, "consumer", "shipping", "consume"),
    ]
    assert settings(consumes[0])["auto.offset.reset"] == (
        "earliest",
        ln(src, "auto_offset_reset="),
        "auto_offset_reset",
    )
    assert settings(consumes[0])["enable.auto.commit"] == (
        "false",
        ln(src, "enable_auto_commit="),
        "enable_auto_commit",
    )
    assert settings(consumes[0])["max.poll.records"] == (
        "100",
        ln(src, "max_poll_records="),
        "max_poll_records",
    )
    assert consumes[0].settings["value.format"].value == "json"
    [handler] = facts.handlers
    assert (handler.kind, handler.loc.line) == ("poll-loop", ln(src, "for message in consumer:"))
    assert [(c.category, c.name, c.line) for c in handler.calls] == [
        ("process", "ship", ln(src, "ship(message.value)")),
        ("commit-sync", "consumer.commit", ln(src, "consumer.commit()")),
    ]


KAFKA_PYTHON_SUBSCRIBE = """\
from kafka import KafkaConsumer

TOPICS = ["orders", "payments"]

consumer = KafkaConsumer(bootstrap_servers="kafka:9092", group_id="analytics")
consumer.subscribe(topics=TOPICS)
audit = KafkaConsumer(bootstrap_servers="kafka:9092", group_id="audit")
audit.subscribe(pattern="^audit-.*")
"""


def test_kafka_python_subscribe_list_constant_and_pattern_subscription():
    src = KAFKA_PYTHON_SUBSCRIBE
    facts = run(src)
    listed = [
        (e.topic.text, e.topic.name, e.topic.origin, e.topic.via, e.topic.pattern, e.group)
        for e in facts.endpoints
    ]
    assert listed == [
        ("TOPICS", "orders", "constant", [Loc(PATH, 3)], False, "analytics"),
        ("TOPICS", "payments", "constant", [Loc(PATH, 3)], False, "analytics"),
        ('"^audit-.*"', "^audit-.*", "literal", [], True, "audit"),
    ]
    assert [e.loc.line for e in facts.endpoints] == [6, 6, 8]


# ------------------------------------------------------------------------------ aiokafka
AIOKAFKA = """\
import asyncio
import json

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def publish(order):
    producer = AIOKafkaProducer(bootstrap_servers="kafka:9092", enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait("orders", json.dumps(order).encode(), key=order["id"].encode())
        await producer.send("clicks", b"{}")
        fut = await producer.send("audit", b"{}")
        await fut
    finally:
        await producer.stop()


async def consume():
    consumer = AIOKafkaConsumer("orders", bootstrap_servers="kafka:9092", group_id="shipping")
    await consumer.start()
    async for msg in consumer:
        await asyncio.sleep(0.1)
        await consumer.commit()
"""


def test_aiokafka_send_and_wait_acks_send_alone_does_not_awaited_future_does():
    src = AIOKAFKA
    facts = run(src)
    produced = {e.topic.name: e for e in facts.endpoints if e.role == "produce"}
    assert {name: e.awaits_ack for name, e in produced.items()} == {
        "orders": True,
        "clicks": False,
        "audit": True,
    }
    orders = produced["orders"]
    assert orders.library == "aiokafka"
    assert orders.key == 'order["id"].encode()'
    assert orders.value == "json.dumps(order).encode()"
    assert settings(orders) == {
        "bootstrap.servers": ("kafka:9092", ln(src, "producer = AIOKafka"), "bootstrap_servers"),
        "enable.idempotence": ("true", ln(src, "producer = AIOKafka"), "enable_idempotence"),
        "acks": ("all", ln(src, "producer = AIOKafka"), "acks"),
        "value.format": ("json", ln(src, "send_and_wait("), "value"),
        "key.format": ("string", ln(src, "send_and_wait("), "key"),
    }
    assert produced["clicks"].settings["value.format"].value == "bytes"


def test_aiokafka_consumer_and_async_for_poll_loop():
    src = AIOKAFKA
    facts = run(src)
    [consume] = [e for e in facts.endpoints if e.role == "consume"]
    assert (consume.library, consume.topic.name, consume.group, consume.handler, consume.loc.line) == (
        "aiokafka",
        "orders",
        "shipping",
        "consume",
        ln(src, "consumer = AIOKafkaConsumer("),
    )
    [handler] = facts.handlers
    assert handler.loc.line == ln(src, "async for msg in consumer:")
    assert [(c.category, c.name) for c in handler.calls] == [
        ("sleep", "asyncio.sleep"),
        ("commit-sync", "consumer.commit"),
    ]


# ------------------------------------------------------------------------------ faust
FAUST = """\
import faust


class Order(faust.Record, serializer="json"):
    id: str
    amount_cents: int


app = faust.App("fraud-detector", broker="kafka://kafka:9092", value_serializer="json")
orders_topic = app.topic("orders", value_type=Order)
alerts_topic = app.topic("fraud-alerts", value_type=Order)


@app.agent(orders_topic)
async def check(orders):
    async for order in orders:
        if order.amount_cents > 100_000:
            await alerts_topic.send(key=order.id, value=order)
            await audit.send(value=order)


@app.agent(app.topic("audit-log"), sink=[alerts_topic])
async def audit(events):
    async for event in events:
        yield event
"""


def test_faust_agent_consumes_its_topic_with_the_app_id_as_group():
    src = FAUST
    facts = run(src, "fraud/agents.py")
    consumes = [e for e in facts.endpoints if e.role == "consume"]
    assert [(e.topic.name, e.loc.line, e.handler, e.group) for e in consumes] == [
        ("orders", ln(src, "@app.agent(orders_topic)"), "check", "fraud-detector"),
        ("audit-log", ln(src, "@app.agent(app.topic"), "audit", "fraud-detector"),
    ]
    check = consumes[0]
    assert check.library == "faust"
    assert (check.topic.text, check.topic.origin) == ('"orders"', "constant")
    assert check.topic.via == [Loc("fraud/agents.py", ln(src, "orders_topic = app.topic"))]
    assert check.schema == SchemaRef(
        "name", "Order", Loc("fraud/agents.py", ln(src, "orders_topic = app.topic"))
    )
    app_line = ln(src, "app = faust.App(")
    assert settings(check) == {
        "bootstrap.servers": ("kafka://kafka:9092", app_line, "broker"),
        "value.serializer": ("json", app_line, "value_serializer"),
        "value.format": ("json", app_line, "value_serializer"),
        "group.id": ("fraud-detector", app_line, "id"),
    }


def test_faust_topic_send_agent_send_and_sink_are_producers():
    src = FAUST
    facts = run(src, "fraud/agents.py")
    produces = [
        (e.topic.name, e.loc.line, e.client, e.key, e.value) for e in facts.endpoints if e.role == "produce"
    ]
    assert produces == [
        ("fraud-alerts", ln(src, "alerts_topic.send("), "alerts_topic", "order.id", "order"),
        ("audit-log", ln(src, "audit.send("), "audit", None, "order"),
        ("fraud-alerts", ln(src, "sink=[alerts_topic]"), "alerts_topic", None, None),
    ]
    assert all(
        e.group is None and "group.id" not in e.settings for e in facts.endpoints if e.role == "produce"
    )
    handlers = [(h.kind, h.name, h.loc.line) for h in facts.handlers]
    assert handlers == [
        ("agent", "check", ln(src, "async def check")),
        ("agent", "audit", ln(src, "async def audit")),
    ]
    assert [(r.name, r.line) for r in facts.field_reads] == [
        ("amount_cents", ln(src, "order.amount_cents >")),
        ("id", ln(src, "key=order.id")),
    ]


# ------------------------------------------------------------------------------ pulsar
PULSAR = """\
import re

import pulsar
from pulsar.schema import AvroSchema

from models import Payment

client = pulsar.Client("pulsar://pulsar:6650")
producer = client.create_producer("persistent://public/default/payments", schema=AvroSchema(Payment))


def pay(payment):
    producer.send(payment, partition_key=payment.account_id)


def on_message(consumer, msg):
    settle(msg.value())
    consumer.acknowledge(msg)


consumer = client.subscribe(
    "persistent://public/default/payments",
    subscription_name="settlement",
    initial_position=pulsar.InitialPosition.Earliest,
    message_listener=on_message,
)
audit = client.subscribe(re.compile("persistent://public/default/audit-.*"), "auditors")
"""


def test_pulsar_producer_endpoint_is_the_create_producer_line_joined_by_its_sends():
    src = PULSAR
    facts = run(src)
    [produce] = [e for e in facts.endpoints if e.role == "produce"]
    assert produce.loc.line == ln(src, "client.create_producer(")
    assert (produce.library, produce.topic.name, produce.client) == (
        "pulsar",
        "persistent://public/default/payments",
        "producer",
    )
    assert (produce.value, produce.key, produce.awaits_ack) == ("payment", "payment.account_id", True)
    assert produce.schema == SchemaRef("name", "Payment", Loc(PATH, ln(src, "client.create_producer(")))
    assert settings(produce) == {
        "bootstrap.servers": ("pulsar://pulsar:6650", ln(src, "pulsar.Client("), "service_url"),
        "value.format": ("avro", ln(src, "client.create_producer("), "schema"),
    }


def test_pulsar_subscriptions_are_consumers_grouped_by_subscription_name():
    src = PULSAR
    facts = run(src)
    consumes = [e for e in facts.endpoints if e.role == "consume"]
    assert [(e.topic.name, e.topic.pattern, e.group, e.handler, e.loc.line) for e in consumes] == [
        (
            "persistent://public/default/payments",
            False,
            "settlement",
            "on_message",
            ln(src, "consumer = client.subscribe("),
        ),
        (
            "persistent://public/default/audit-.*",
            True,
            "auditors",
            None,
            ln(src, "audit = client.subscribe("),
        ),
    ]
    assert settings(consumes[0])["auto.offset.reset"] == (
        "earliest",
        ln(src, "initial_position="),
        "initial_position",
    )
    assert settings(consumes[0])["group.id"] == (
        "settlement",
        ln(src, "subscription_name="),
        "subscription_name",
    )
    [listener] = facts.handlers
    assert (listener.kind, listener.name, listener.loc.line) == (
        "listener",
        "on_message",
        ln(src, "def on_message"),
    )
    assert [(c.category, c.name, c.detail) for c in listener.calls] == [
        ("process", "settle", ""),
        ("commit-async", "consumer.acknowledge", "acknowledge"),
    ]


def test_facts_pickle_for_the_blob_cache():
    facts = run(FAUST)
    assert pickle.loads(pickle.dumps(facts)) == facts
    assert Pending("py-const", "a:B") == pickle.loads(pickle.dumps(Pending("py-const", "a:B")))


IMPORT_STYLES = """\
import confluent_kafka as ck
from confluent_kafka import *
from aiokafka import AIOKafkaProducer

p = ck.Producer({"acks": "0"})
p.produce("clicks", b"x")
c = Consumer({"group.id": "web"})
c.subscribe(["pages"])


async def main():
    async with AIOKafkaProducer(bootstrap_servers="kafka:9092") as producer:
        await producer.send_and_wait("orders", b"x")
"""


def test_module_alias_star_import_and_async_with_clients():
    facts = run(IMPORT_STYLES)
    assert [(e.role, e.library, e.topic.name, e.client, e.group, e.awaits_ack) for e in facts.endpoints] == [
        ("produce", "confluent-kafka", "clicks", "p", None, False),
        ("consume", "confluent-kafka", "pages", "c", "web", None),
        ("produce", "aiokafka", "orders", "producer", None, True),
    ]
    assert facts.endpoints[0].settings["acks"].value == "0"
    assert facts.endpoints[2].settings["bootstrap.servers"].value == "kafka:9092"


FACTORY_AND_DECODE = """\
from kafka import KafkaConsumer


def make_consumer():
    return KafkaConsumer(group_id="audit", bootstrap_servers="kafka:9092")


consumer = make_consumer()
consumer.subscribe(["audit-log"])
for record in consumer:
    line = record.value.decode("utf-8")
    archive(line)
"""


def test_factory_function_client_and_format_read_off_the_handler():
    src = FACTORY_AND_DECODE
    [ep] = run(src).endpoints
    assert (ep.topic.name, ep.group, ep.handler) == ("audit-log", "audit", "<module>")
    assert settings(ep) == {
        "group.id": ("audit", ln(src, "group_id="), "group_id"),
        "bootstrap.servers": ("kafka:9092", ln(src, "group_id="), "bootstrap_servers"),
        "value.format": ("string", ln(src, "record.value.decode"), "value"),
    }


BUILD_AND_PUBLISH = """\
from confluent_kafka import Producer

TOPIC = "orders"


def build() -> Producer:
    return Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def publish(producer: Producer, order: dict) -> None:
    producer.produce(TOPIC, key=order["id"], value=encode(order), on_delivery=report)
    producer.flush()


def publish_untyped(producer, order):
    producer.produce(TOPIC, value=encode(order))
"""


def test_a_producer_parameter_gets_the_files_only_producer_constructor_settings():
    src = BUILD_AND_PUBLISH
    typed, untyped = run(src).endpoints
    expected = {
        "bootstrap.servers": ("kafka:9092", ln(src, "return Producer("), "bootstrap.servers"),
        "acks": ("all", ln(src, "return Producer("), "acks"),
        "enable.idempotence": ("true", ln(src, "return Producer("), "enable.idempotence"),
    }
    assert settings(typed) == settings(untyped) == expected
    assert (typed.awaits_ack, untyped.awaits_ack) == (True, False)
    assert typed.client == untyped.client == "producer"


def test_with_two_constructors_a_parameter_is_not_guessed():
    src = BUILD_AND_PUBLISH.replace(
        "def publish(producer",
        'AUDIT = Producer({"acks": "0"})\n\n\ndef publish(producer',
    )
    typed, untyped = [e for e in run(src).endpoints if e.client == "producer"]
    assert typed.settings == untyped.settings == {}
