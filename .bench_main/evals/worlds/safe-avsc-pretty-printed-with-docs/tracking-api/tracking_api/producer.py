from __future__ import annotations

import os
import time
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

TOPIC = "shipments.events"
_SCHEMA = (Path(__file__).parents[1] / "schemas" / "shipment_event.avsc").read_text()

_registry = SchemaRegistryClient({"url": os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")})
_producer = SerializingProducer(
    {
        "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        "acks": "all",
        "enable.idempotence": True,
        "key.serializer": StringSerializer("utf_8"),
        "value.serializer": AvroSerializer(_registry, _SCHEMA),
    }
)


def publish(shipment_id: str, status: str, destination: dict, location: dict | None = None, eta_ms: int | None = None) -> None:
    _producer.produce(
        TOPIC,
        key=shipment_id,
        value={
            "shipment_id": shipment_id,
            "status": status,
            "location": location,
            "destination": destination,
            "eta": eta_ms,
            "attributes": {},
            "occurred_at": int(time.time() * 1000),
        },
    )
    _producer.poll(0)
