"""Publishes OrderPlaced events (Avro, Confluent Schema Registry) for every accepted order."""

from __future__ import annotations

import logging

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer
from prometheus_client import Counter

from checkout.settings import BOOTSTRAP_SERVERS, ORDER_SCHEMA_PATH, ORDERS_TOPIC, SCHEMA_REGISTRY_URL

log = logging.getLogger(__name__)

ORDERS_PUBLISHED = Counter("checkout_orders_published_total", "Order events published", ["outcome"])


def _on_delivery(err, msg) -> None:
    if err is not None:
        ORDERS_PUBLISHED.labels(outcome="failed").inc()
        log.error("order event delivery failed: %s", err)
    else:
        ORDERS_PUBLISHED.labels(outcome="ok").inc()


class OrderPublisher:
    def __init__(self) -> None:
        registry = SchemaRegistryClient({"url": SCHEMA_REGISTRY_URL})
        self._producer = SerializingProducer(
            {
                "bootstrap.servers": BOOTSTRAP_SERVERS,
                "client.id": "checkout",
                "acks": "all",
                "enable.idempotence": True,
                "key.serializer": StringSerializer("utf_8"),
                "value.serializer": AvroSerializer(registry, ORDER_SCHEMA_PATH.read_text()),
            }
        )

    def publish(self, order: dict) -> None:
        event = {
            "order_id": order["order_id"],
            "customer_id": order["customer_id"],
            "amount_cents": order["amount_cents"],
            "currency": order["currency"],
            "country": order["country"],
            "placed_at": order["placed_at"],
        }
        self._producer.produce(ORDERS_TOPIC, key=event["order_id"], value=event, on_delivery=_on_delivery)
        self._producer.flush(10)

    def close(self) -> None:
        self._producer.flush(30)
