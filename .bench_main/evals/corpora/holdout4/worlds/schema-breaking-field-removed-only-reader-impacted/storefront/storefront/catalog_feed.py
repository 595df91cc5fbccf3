from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer

registry = SchemaRegistryClient({"url": "http://schema-registry:8081"})
consumer = DeserializingConsumer({
    "bootstrap.servers": "kafka:9092",
    "group.id": "storefront",
    "value.deserializer": AvroDeserializer(registry),
})
consumer.subscribe(["product-published"])


def loop(index) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        product = msg.value()
        index(product["sku"], product["name"], product["price_cents"])
