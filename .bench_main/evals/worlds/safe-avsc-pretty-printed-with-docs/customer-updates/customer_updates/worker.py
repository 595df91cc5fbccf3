import os

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer

NOTIFY_ON = {"OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION"}


def main() -> None:
    registry = SchemaRegistryClient({"url": os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")})
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            "group.id": "customer-updates",
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    consumer.subscribe(["shipments.events"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = msg.value()
        if event["status"] in NOTIFY_ON:
            print(f"notify {event['shipment_id']}: {event['status']} ({event['destination']['city']})")


if __name__ == "__main__":
    main()
