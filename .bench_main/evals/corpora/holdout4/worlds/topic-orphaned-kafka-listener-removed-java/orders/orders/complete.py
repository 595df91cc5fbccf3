import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def completed(order_id: str, total_cents: int) -> None:
    producer.produce("order-completed", key=order_id, value=json.dumps({"order_id": order_id, "total_cents": total_cents}))
    producer.poll(0)
