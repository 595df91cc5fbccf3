"""Awards loyalty points for every placed order (1 point per full currency unit)."""

from __future__ import annotations

import json
import logging
import os

import psycopg
from confluent_kafka import Consumer, KafkaException

log = logging.getLogger(__name__)


def main() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            "group.id": "loyalty-points",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe(["orders"])
    with psycopg.connect(os.environ["LOYALTY_DB_DSN"]) as db:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            order = json.loads(msg.value())
            points = order["amount_cents"] // 100
            db.execute(
                "INSERT INTO points (order_id, customer_id, points) VALUES (%s, %s, %s) "
                "ON CONFLICT (order_id) DO NOTHING",
                (order["order_id"], order["customer_id"], points),
            )
            db.commit()
            consumer.commit(message=msg, asynchronous=True)


if __name__ == "__main__":
    main()
