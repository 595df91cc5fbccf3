import os

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer


def run() -> None:
    registry = SchemaRegistryClient({"url": os.environ["SCHEMA_REGISTRY_URL"]})
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP_SERVERS"],
            "group.id": "member-portal-points",
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    consumer.subscribe(["rewards.points-earned"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        ev = msg.value()
        print(f"{ev['member_id']}: +{ev['points']} ({ev['source']})")
