"""Sends recipients a message when their parcel changes state."""

import logging
import os

import httpx
from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer

log = logging.getLogger(__name__)

TEMPLATES = {
    "OUT_FOR_DELIVERY": "Your parcel {parcel_id} is out for delivery today.",
    "HELD_AT_DEPOT": "Your parcel {parcel_id} is waiting at depot {depot_code}.",
    "DELIVERED": "Your parcel {parcel_id} was delivered.",
}


def main() -> None:
    registry = SchemaRegistryClient({"url": os.environ["SCHEMA_REGISTRY_URL"]})
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
            "group.id": "customer-notify",
            "auto.offset.reset": "latest",
            "key.deserializer": StringDeserializer("utf_8"),
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    consumer.subscribe(["parcels.status-changed"])
    with httpx.Client(base_url=os.environ["MESSAGING_URL"], timeout=5.0) as client:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.warning("consumer error: %s", msg.error())
                continue
            event = msg.value()
            template = TEMPLATES.get(event["state"])
            if template:
                client.post(
                    "/notify", json={"parcel_id": event["parcel_id"], "text": template.format(**event)}
                )


if __name__ == "__main__":
    main()
