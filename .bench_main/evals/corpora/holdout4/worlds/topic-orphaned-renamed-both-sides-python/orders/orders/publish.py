import json

from confluent_kafka import Producer

TOPIC = "order-created"

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def order_created(order_id: str, lines: list[dict]) -> None:
    producer.produce(TOPIC, key=order_id, value=json.dumps({"order_id": order_id, "lines": lines}))
    producer.poll(0)
