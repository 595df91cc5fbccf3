"""OrderPlaced producer (Avro)."""

from __future__ import annotations

import os
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer
from prometheus_client import Counter

PUBLISHED = Counter("orders_api_events_total", "OrderPlaced events published")
SCHEMA = (Path(__file__).resolve().parents[1] / "schemas" / "order_placed.avsc").read_text()

_registry = SchemaRegistryClient({"url": os.environ["SCHEMA_REGISTRY_URL"]})
_producer = SerializingProducer(
    {
        "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP_SERVERS"],
        "acks": "all",
        "enable.idempotence": True,
        "key.serializer": StringSerializer("utf_8"),
        "value.serializer": AvroSerializer(_registry, SCHEMA),
    }
)


def order_placed(order: dict) -> None:
    _producer.produce("orders", key=order["order_id"], value=order)
    _producer.flush(10)
    PUBLISHED.inc()
