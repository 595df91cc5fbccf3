import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def price_changed(sku: str, cents: int) -> None:
    producer.produce("price-changed", key=sku, value=json.dumps({"sku": sku, "cents": cents}))
    producer.produce("stock-changed", key=sku, value=json.dumps({"sku": sku, "delta": 0}))
    producer.poll(0)
