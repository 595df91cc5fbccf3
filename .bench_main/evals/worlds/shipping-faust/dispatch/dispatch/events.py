"""Publishes shipment requests once a parcel is packed."""

from __future__ import annotations

import json

from confluent_kafka import Producer
from prometheus_client import Counter

REQUESTED = Counter("dispatch_shipments_requested_total", "Shipment requests published")

_producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def request_shipment(parcel: dict) -> None:
    event = {
        "parcel_id": parcel["parcel_id"],
        "order_id": parcel["order_id"],
        "weight_grams": parcel["weight_grams"],
        "destination_country": parcel["address"]["country"],
        "postcode": parcel["address"]["postcode"],
    }
    _producer.produce("shipment-requested", key=parcel["order_id"], value=json.dumps(event))
    _producer.flush(5)
    REQUESTED.inc()
