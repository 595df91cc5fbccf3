"""Handlers (poll loops, agents, listeners), their categorised calls, observability and field reads."""

from __future__ import annotations

from copilot.model.facts import CallFact, FieldRead
from copilot.scan.extractors.python import extract

PATH = "fraud/worker.py"


def ln(src: str, needle: str, nth: int = 1) -> int:
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = PATH):
    return extract(path, src.encode("utf-8"))


def calls(handler) -> list[tuple[str, str, int, str]]:
    return [(c.category, c.name, c.line, c.detail) for c in handler.calls]


WORKER = """\
import json
import logging
import time

import psycopg2
import requests
from confluent_kafka import Consumer, Producer
from opentelemetry import trace
from prometheus_client import Counter, Gauge

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
PROCESSED = Counter("fraud_processed_total", "messages processed", ["outcome"])
LAG = Gauge("fraud_consumer_lag", "consumer lag")
DLQ_TOPIC = "orders.dlq"

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud"})
producer = Producer({"bootstrap.servers": "kafka:9092"})
db = psycopg2.connect("dbname=fraud")


def enrich(order):
    cursor = db.cursor()
    cursor.execute("select risk from customers where id = %s", (order["customer_id"],))
    return cursor.fetchone()


def main():
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            log.warning("consumer error: %s", msg.error())
            continue
        with tracer.start_as_current_span("score"):
            order = json.loads(msg.value())
            print("got", order["id"])
            try:
                risk = enrich(order)
                verdict = requests.post("http://scorer/score", json=order, timeout=2).json()
            except requests.Timeout:
                pass
            except ValueError:
                producer.produce(DLQ_TOPIC, msg.value())
                continue
            time.sleep(0.05)
            producer.produce("fraud-verdicts", json.dumps(verdict).encode(), key=msg.key())
            producer.flush()
            consumer.commit(msg, asynchronous=False)
            consumer.commit(asynchronous=True)
            consumer.commit()
            PROCESSED.labels("ok").inc()
        low, high = consumer.get_watermark_offsets(msg.partition())
        LAG.set(high - msg.offset())
        store(order, risk)


def store(order, risk):
    pass
"""


def test_poll_loop_calls_in_line_order_with_categories():
    src = WORKER
    facts = run(src)
    [handler] = facts.handlers
    assert (handler.kind, handler.name, handler.loc.line, handler.end_line) == (
        "poll-loop",
        "main",
        ln(src, "while True:"),
        ln(src, "store(order, risk)"),
    )
    assert calls(handler) == [
        ("tracing", "tracer.start_as_current_span", ln(src, "with tracer.start_as_current_span"), ""),
        ("process", "enrich", ln(src, "risk = enrich(order)"), ""),
        ("blocking-io", "cursor.execute", ln(src, "cursor.execute("), "via enrich"),
        ("blocking-io", "cursor.fetchone", ln(src, "cursor.fetchone()"), "via enrich"),
        ("blocking-io", "requests.post", ln(src, "requests.post("), ""),
        ("error-swallowed", "requests.Timeout", ln(src, "except requests.Timeout:"), "pass"),
        ("dead-letter", "producer.produce", ln(src, "producer.produce(DLQ_TOPIC"), "orders.dlq"),
        ("sleep", "time.sleep", ln(src, "time.sleep(0.05)"), ""),
        ("produce", "producer.produce", ln(src, 'producer.produce("fraud-verdicts"'), "fraud-verdicts"),
        ("flush", "producer.flush", ln(src, "producer.flush()"), ""),
        (
            "commit-sync",
            "consumer.commit",
            ln(src, "consumer.commit(msg, asynchronous=False)"),
            "asynchronous=False",
        ),
        (
            "commit-async",
            "consumer.commit",
            ln(src, "consumer.commit(asynchronous=True)"),
            "asynchronous=True",
        ),
        # confluent-kafka's commit() is asynchronous unless asked otherwise
        ("commit-async", "consumer.commit", ln(src, "consumer.commit()\n"), "asynchronous=True (default)"),
        ("metrics", "PROCESSED.labels().inc", ln(src, "PROCESSED.labels"), ""),
        ("metrics", "consumer.get_watermark_offsets", ln(src, "consumer.get_watermark_offsets"), ""),
        ("metrics", "LAG.set", ln(src, "LAG.set("), ""),
        ("process", "store", ln(src, "store(order, risk)"), ""),
    ]


def test_logging_print_message_accessors_and_json_are_not_calls_of_interest():
    facts = run(WORKER)
    names = {c.name for c in facts.handlers[0].calls}
    assert not names & {
        "log.warning",
        "print",
        "msg.value",
        "msg.error",
        "json.loads",
        "consumer.poll",
        "msg.key",
    }


def test_observability_imports_and_uses_anywhere_in_the_file():
    src = WORKER
    facts = run(src)
    assert facts.observability == [
        CallFact("tracing", "opentelemetry", ln(src, "from opentelemetry import trace")),
        CallFact("metrics", "prometheus_client", ln(src, "from prometheus_client")),
        CallFact("tracing", "trace.get_tracer", ln(src, "tracer = trace.get_tracer")),
        CallFact("metrics", "Counter", ln(src, "PROCESSED = Counter(")),
        CallFact("lag", "Gauge", ln(src, "LAG = Gauge(")),
        CallFact("tracing", "tracer.start_as_current_span", ln(src, "with tracer.start_as_current_span")),
        CallFact("metrics", "PROCESSED.labels().inc", ln(src, "PROCESSED.labels")),
        CallFact("lag", "consumer.get_watermark_offsets", ln(src, "consumer.get_watermark_offsets")),
        CallFact("lag", "LAG.set", ln(src, "LAG.set(")),
    ]


def test_field_reads_in_a_consuming_file_skip_config_and_environment():
    src = WORKER
    facts = run(src)
    assert facts.field_reads == [
        FieldRead("customer_id", ln(src, 'order["customer_id"]')),
        FieldRead("id", ln(src, 'order["id"]')),
    ]


def test_no_field_reads_in_a_producer_only_file():
    src = (
        "from confluent_kafka import Producer\n"
        "p = Producer({})\n"
        "def publish(order):\n"
        "    p.produce('orders', order['payload'])\n"
    )
    assert run(src).field_reads == []


KAFKA_PYTHON_LOOP = """\
from kafka import KafkaConsumer, KafkaProducer
from tenacity import retry, stop_after_attempt

consumer = KafkaConsumer("orders", group_id="shipping")
producer = KafkaProducer()


@retry(stop=stop_after_attempt(3))
def reserve(order):
    return order


def run():
    while True:
        batch = consumer.poll(timeout_ms=500)
        for tp, records in batch.items():
            for record in records:
                reserve(record.value)
                for attempt in range(3):
                    try:
                        producer.send("shipments", record.value).get(timeout=5)
                        break
                    except Exception:
                        continue
        consumer.commit()
        consumer.commit_async()
"""


def test_kafka_python_commit_retry_and_wait_ack_in_a_batch_poll_loop():
    src = KAFKA_PYTHON_LOOP
    facts = run(src)
    [handler] = facts.handlers  # the nested for-loops are part of the one while-loop handler
    assert handler.loc.line == ln(src, "while True:")
    assert calls(handler) == [
        ("retry", "reserve", ln(src, "reserve(record.value)"), ""),
        ("retry", "range(3)", ln(src, "for attempt in range(3):"), "retry loop"),
        ("produce", "producer.send", ln(src, "producer.send("), "shipments"),
        ("wait-ack", "producer.send().get", ln(src, "producer.send("), ""),
        ("error-swallowed", "Exception", ln(src, "except Exception:"), "continue"),
        ("commit-sync", "consumer.commit", ln(src, "consumer.commit()"), ""),
        ("commit-async", "consumer.commit_async", ln(src, "consumer.commit_async()"), ""),
    ]
    [produce] = [e for e in facts.endpoints if e.role == "produce"]
    assert produce.awaits_ack is True
    [consume] = [e for e in facts.endpoints if e.role == "consume"]
    assert consume.handler == "run"


METHOD_LOOP = """\
from confluent_kafka import Consumer


class OrderWorker:
    def __init__(self, conf):
        self.consumer = Consumer(conf)
        self.consumer.subscribe(["orders"])

    def run(self):
        while self.running:
            msg = self.consumer.poll(0.5)
            self.handle(msg)

    def handle(self, msg):
        self.repository.save(msg.value())
        self.consumer.commit(message=msg, asynchronous=False)
"""


def test_method_handler_is_qualified_and_followed_through_self_calls():
    src = METHOD_LOOP
    facts = run(src)
    [ep] = facts.endpoints
    assert ep.handler == "OrderWorker.run"
    [handler] = facts.handlers
    assert handler.name == "OrderWorker.run"
    assert calls(handler) == [
        ("process", "self.handle", ln(src, "self.handle(msg)"), ""),
        (
            "commit-sync",
            "self.consumer.commit",
            ln(src, "self.consumer.commit("),
            "asynchronous=False; via OrderWorker.handle",
        ),
    ]


def test_faust_agent_body_is_a_handler():
    src = (
        "import asyncio\n"
        "import faust\n"
        "app = faust.App('scorer', broker='kafka://kafka:9092')\n"
        "orders = app.topic('orders')\n"
        "@app.agent(orders)\n"
        "async def score(stream):\n"
        "    async for order in stream:\n"
        "        await asyncio.sleep(1)\n"
        "        record(order)\n"
    )
    [handler] = run(src).handlers
    assert (handler.kind, handler.name, handler.loc.line, handler.end_line) == ("agent", "score", 6, 9)
    assert calls(handler) == [("sleep", "asyncio.sleep", 8, ""), ("process", "record", 9, "")]


def test_decorated_listener_functions_are_handlers():
    src = (
        "from confluent_kafka import Consumer\n"
        "from faststream.kafka import KafkaBroker\n"
        "broker = KafkaBroker('kafka:9092')\n"
        "@broker.subscriber('orders')\n"
        "async def on_order(body):\n"
        "    save(body)\n"
    )
    [handler] = run(src).handlers
    assert (handler.kind, handler.name, handler.loc.line) == ("listener", "on_order", 5)
    assert calls(handler) == [("process", "save", 6, "")]


def test_a_loop_that_polls_nothing_is_not_a_handler():
    src = (
        "from confluent_kafka import Producer\n"
        "p = Producer({})\n"
        "while True:\n"
        "    p.poll(0)\n"
        "    p.produce('heartbeats', b'x')\n"
    )
    assert run(src).handlers == []


def test_iterating_a_list_of_consumers_is_not_a_poll_loop():
    src = (
        "from confluent_kafka import Consumer\n"
        "consumers = [Consumer({'group.id': g}) for g in ('a', 'b')]\n"
        "for consumer in consumers:\n"
        "    consumer.close()\n"
    )
    assert run(src).handlers == []
