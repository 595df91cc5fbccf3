"""Aggregates revenue per country and currency from OrderPlaced events (Avro)."""

from __future__ import annotations

import logging
import os
from collections import defaultdict

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from kafka import KafkaConsumer
from prometheus_client import Counter, Gauge, start_http_server

log = logging.getLogger(__name__)

EVENTS = Counter("analytics_order_events_total", "Order events aggregated")
REVENUE = Gauge("analytics_revenue_cents", "Revenue seen so far", ["country", "currency"])

_registry = SchemaRegistryClient({"url": os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")})
_avro = AvroDeserializer(_registry)


def decode(raw: bytes) -> dict:
    return _avro(raw, SerializationContext("orders", MessageField.VALUE))


def run() -> None:
    start_http_server(9103)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    consumer = KafkaConsumer(
        "orders",
        bootstrap_servers="localhost:9092",
        group_id="analytics-revenue",
        auto_offset_reset="latest",
        enable_auto_commit=True,
        value_deserializer=decode,
    )
    for message in consumer:
        order = message.value
        key = (order["country"], order["currency"])
        totals[key] += order["amount_cents"]
        REVENUE.labels(country=key[0], currency=key[1]).set(totals[key])
        EVENTS.inc()


if __name__ == "__main__":
    run()
