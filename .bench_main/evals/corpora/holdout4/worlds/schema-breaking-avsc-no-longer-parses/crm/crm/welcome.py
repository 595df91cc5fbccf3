from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer

registry = SchemaRegistryClient({"url": "http://schema-registry:8081"})
consumer = DeserializingConsumer({
    "bootstrap.servers": "kafka:9092",
    "group.id": "crm",
    "value.deserializer": AvroDeserializer(registry),
})
consumer.subscribe(["customer-registered"])


def loop(send_welcome) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        send_welcome(msg.value()["email"])
