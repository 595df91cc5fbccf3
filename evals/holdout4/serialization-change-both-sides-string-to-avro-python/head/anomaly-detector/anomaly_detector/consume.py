from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer

registry = SchemaRegistryClient({"url": "http://schema-registry:8081"})
consumer = DeserializingConsumer({
    "bootstrap.servers": "kafka:9092",
    "group.id": "anomaly-detector",
    "key.deserializer": StringDeserializer("utf_8"),
    "value.deserializer": AvroDeserializer(registry),
})
consumer.subscribe(["sensor-events"])


def loop(score) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        score(msg.value())
