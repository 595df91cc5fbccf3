"""Consumes OrderPlaced events (Avro) and scores them for fraud."""

from __future__ import annotations

import logging
import os

from confluent_kafka import DeserializingConsumer, KafkaException, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer
from prometheus_client import Counter, Histogram, start_http_server

from fraud.scoring import score

log = logging.getLogger(__name__)

ORDERS_TOPIC = "orders"
DLQ_TOPIC = "orders.dlq"
BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
REGISTRY = os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")

SCORED = Counter("fraud_orders_scored_total", "Orders scored", ["verdict"])
FAILED = Counter("fraud_orders_failed_total", "Orders sent to the DLQ")
LATENCY = Histogram("fraud_score_seconds", "Time to score one order")


def build_consumer() -> DeserializingConsumer:
    registry = SchemaRegistryClient({"url": REGISTRY})
    return DeserializingConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "fraud-scorer",
            "auto.offset.reset": "latest",
            "enable.auto.commit": False,
            "key.deserializer": StringDeserializer("utf_8"),
            "value.deserializer": AvroDeserializer(registry),
        }
    )


def main() -> None:
    start_http_server(9102)
    consumer = build_consumer()
    dlq = Producer({"bootstrap.servers": BOOTSTRAP, "acks": "all"})
    consumer.subscribe([ORDERS_TOPIC])
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            order = msg.value()
            try:
                with LATENCY.time():
                    risk = score(order)
                SCORED.labels(verdict="block" if risk >= 0.7 else "allow").inc()
            except Exception:
                log.exception("could not score order %s", order.get("order_id"))
                FAILED.inc()
                dlq.produce(DLQ_TOPIC, key=msg.key(), value=repr(order))
                dlq.flush(5)
            consumer.commit(message=msg, asynchronous=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
