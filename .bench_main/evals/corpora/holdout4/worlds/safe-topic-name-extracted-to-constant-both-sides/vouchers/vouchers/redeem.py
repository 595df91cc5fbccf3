import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def redeemed(code: str, customer_id: str) -> None:
    producer.produce("voucher-redeemed", key=code, value=json.dumps({"code": code, "customer_id": customer_id}))
    producer.poll(0)
