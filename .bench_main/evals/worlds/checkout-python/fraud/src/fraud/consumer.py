"""Consumes order events and scores them for fraud."""

from __future__ import annotations

import json
import logging
import os

from confluent_kafka import Consumer, KafkaException, Producer
from prometheus_client import Counter, Histogram, start_http_server

from fraud.scoring import score

log = logging.getLogger(__name__)

ORDERS_TOPIC = "orders"
DLQ_TOPIC = "orders.dlq"
BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")

SCORED = Counter("fraud_orders_scored_total", "Orders scored", ["verdict"])
FAILED = Counter("fraud_orders_failed_total", "Orders sent to the DLQ")
LATENCY = Histogram("fraud_score_seconds", "Time to score one order")


def build_consumer() -> Consumer:
    return Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "fraud-scorer",
            "auto.offset.reset": "latest",
            "enable.auto.commit": False,
            "max.poll.interval.ms": 300000,
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
            try:
                order = json.loads(msg.value())
                with LATENCY.time():
                    risk = score(order)
                SCORED.labels(verdict="block" if risk >= 0.7 else "allow").inc()
            except Exception:
                log.exception("could not score order at offset %s", msg.offset())
                FAILED.inc()
                dlq.produce(DLQ_TOPIC, key=msg.key(), value=msg.value())
                dlq.flush(5)
            consumer.commit(message=msg, asynchronous=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
