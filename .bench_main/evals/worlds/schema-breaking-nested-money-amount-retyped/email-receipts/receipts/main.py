import os

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer

from receipts.mailer import send_receipt

TOPIC = os.getenv("ORDER_COMPLETED_TOPIC", "orders.completed")


def main() -> None:
    registry = SchemaRegistryClient({"url": os.getenv("SCHEMA_REGISTRY_URL", "http://localhost:8081")})
    consumer = DeserializingConsumer(
        {
            "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            "group.id": "email-receipts",
            "auto.offset.reset": "latest",
            "value.deserializer": AvroDeserializer(registry),
        }
    )
    consumer.subscribe([TOPIC])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        order = msg.value()
        email = order["customer"]["email"]
        if email:
            send_receipt(email, order["order_id"])


if __name__ == "__main__":
    main()
