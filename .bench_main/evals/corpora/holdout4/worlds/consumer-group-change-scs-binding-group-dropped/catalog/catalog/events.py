import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def product_updated(sku: str, fields: dict) -> None:
    producer.produce("product-updated", key=sku, value=json.dumps({"sku": sku, **fields}))
    producer.poll(0)
