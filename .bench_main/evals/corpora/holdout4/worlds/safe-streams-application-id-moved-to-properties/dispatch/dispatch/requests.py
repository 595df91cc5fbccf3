import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def request_delivery(order_id: str, address: str) -> None:
    producer.produce("delivery-requests", key=order_id, value=json.dumps({"order_id": order_id, "address": address}))
    producer.poll(0)
