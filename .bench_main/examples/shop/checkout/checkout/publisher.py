"""Publishes placed orders to Kafka."""

import time

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer
from prometheus_client import Counter

from checkout.topics import ORDERS_TOPIC

ORDER_SCHEMA_PATH = "schemas/order.avsc"
ORDERS_PUBLISHED = Counter("orders_published_total", "Orders published to Kafka")


def build_producer(registry_url: str, brokers: str) -> SerializingProducer:
    registry = SchemaRegistryClient({"url": registry_url})
    with open(ORDER_SCHEMA_PATH) as fh:
        schema_str = fh.read()
    return SerializingProducer(
        {
            "bootstrap.servers": brokers,
            "acks": "all",
            "enable.idempotence": True,
            "key.serializer": StringSerializer("utf_8"),
            "value.serializer": AvroSerializer(registry, schema_str),
        }
    )


def _delivered(err, msg):
    if err is not None:
        raise RuntimeError(f"order {msg.key()} not delivered: {err}")
    ORDERS_PUBLISHED.inc()


def publish_order(producer: SerializingProducer, order: dict) -> None:
    order_id = order["order_id"]
    producer.produce(
        topic=ORDERS_TOPIC,
        key=order_id,
        value={**order, "placed_at": int(time.time() * 1000)},
        on_delivery=_delivered,
    )
    producer.flush()
