"""Bridges MQTT position pings from the vans into Kafka."""

import os
from pathlib import Path

from aiokafka import AIOKafkaProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

POSITIONS_TOPIC = "vehicles.positions"
_schema = (Path(__file__).parent / "schemas" / "vehicle_position.avsc").read_text()
_registry = SchemaRegistryClient({"url": os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")})
_serialize = AvroSerializer(_registry, _schema)


def encode_position(ping: dict) -> bytes:
    return _serialize(ping, SerializationContext(POSITIONS_TOPIC, MessageField.VALUE))


async def start_producer() -> AIOKafkaProducer:
    producer = AIOKafkaProducer(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        acks="all",
        enable_idempotence=True,
        linger_ms=20,
    )
    await producer.start()
    return producer


async def forward_position(producer: AIOKafkaProducer, ping: dict) -> None:
    await producer.send_and_wait(
        POSITIONS_TOPIC,
        key=ping["vehicle_id"].encode(),
        value=encode_position(ping),
    )
