import logging
import os

from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import StringDeserializer

log = logging.getLogger(__name__)

ORDERS_TOPIC = "shop.orders.placed"


def consumer() -> DeserializingConsumer:
    registry = SchemaRegistryClient({"url": os.environ.get("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")})
    return DeserializingConsumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
            "group.id": "warehouse-picking",
            "auto.offset.reset": "earliest",
            "key.deserializer": StringDeserializer("utf_8"),
            "value.deserializer": AvroDeserializer(registry),
        }
    )


def run() -> None:
    c = consumer()
    c.subscribe([ORDERS_TOPIC])
    while True:
        msg = c.poll(1.0)
        if msg is None or msg.error():
            continue
        order = msg.value()
        for line in order["lines"]:
            log.info("pick %s x%d for %s", line["sku"], line["quantity"], order["order_id"])
