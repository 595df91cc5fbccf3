import json
import os

from kafka import KafkaProducer

PRICE_CHANGES_TOPIC = "catalog.price-changes"

_producer = KafkaProducer(
    bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092").split(","),
    acks="all",
    key_serializer=str.encode,
    value_serializer=lambda v: json.dumps(v).encode("utf-8"),
)


def publish_price_change(sku: str, list_price_minor: int, currency: str) -> None:
    _producer.send(
        PRICE_CHANGES_TOPIC,
        key=sku,
        value={"sku": sku, "listPriceMinor": list_price_minor, "currency": currency},
    )
