"""Fraud scores every order."""
import json

from confluent_kafka import Consumer


def run() -> None:
    consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fraud", "enable.auto.commit": False})
    consumer.subscribe(["orders"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        order = json.loads(msg.value())
        print(order["order_id"], order["amount_cents"] > 100_000)
        consumer.commit(msg)
