"""Consumes order events and scores them for fraud."""

from __future__ import annotations

import json
import logging
import os

from confluent_kafka import Consumer, KafkaException
from prometheus_client import Counter, Histogram, start_http_server

from fraud.scoring import score

log = logging.getLogger(__name__)

ORDERS_TOPIC = "orders"
BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")

SCORED = Counter("fraud_orders_scored_total", "Orders scored", ["verdict"])
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
                pass
            consumer.commit(message=msg, asynchronous=True)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
