"""Checkout publishes each placed order."""
import json

from confluent_kafka import Producer

ORDERS = "orders"


def make_producer() -> Producer:
    return Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def publish(producer: Producer, order: dict) -> None:
    producer.produce(ORDERS, key=order["order_id"], value=json.dumps(order).encode())
    producer.flush()
