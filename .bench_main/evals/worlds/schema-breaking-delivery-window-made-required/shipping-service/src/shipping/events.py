"""Publishes ShipmentDispatched events."""

from __future__ import annotations

import logging
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

from shipping import config
from shipping.models import Shipment, Window

log = logging.getLogger(__name__)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "shipment_dispatched.avsc"
KNOWN_CARRIERS = {"DHL", "UPS", "DPD"}


def _millis(dt) -> int:
    return int(dt.timestamp() * 1000)


def _window(window: Window) -> dict:
    return {"earliest": _millis(window.earliest), "latest": _millis(window.latest)}


def to_event(shipment: Shipment) -> dict:
    return {
        "shipment_id": shipment.shipment_id,
        "order_id": shipment.order_id,
        "dispatched_at": _millis(shipment.dispatched_at),
        "carrier": shipment.carrier if shipment.carrier in KNOWN_CARRIERS else "OTHER",
        "destination": {
            "line1": shipment.destination.line1,
            "city": shipment.destination.city,
            "postal_code": shipment.destination.postal_code,
            "country": shipment.destination.country,
        },
        "delivery_window": _window(shipment.window) if shipment.window else None,
        "tracking_url": shipment.tracking_url,
    }


def build_producer() -> SerializingProducer:
    registry = SchemaRegistryClient({"url": config.SCHEMA_REGISTRY_URL})
    value_serializer = AvroSerializer(registry, SCHEMA_PATH.read_text(), lambda obj, ctx: obj)
    return SerializingProducer(
        {
            "bootstrap.servers": config.BOOTSTRAP_SERVERS,
            "key.serializer": StringSerializer("utf_8"),
            "value.serializer": value_serializer,
            "acks": "all",
            "enable.idempotence": True,
        }
    )


def _on_delivery(err, msg) -> None:
    if err is not None:
        log.error("dispatch event for %s not delivered: %s", msg.key(), err)


class DispatchPublisher:
    def __init__(self, producer: SerializingProducer | None = None) -> None:
        self._producer = producer or build_producer()

    def publish(self, shipment: Shipment) -> None:
        self._producer.produce(
            topic=config.SHIPMENTS_TOPIC,
            key=shipment.order_id,
            value=to_event(shipment),
            on_delivery=_on_delivery,
        )
        self._producer.poll(0)

    def close(self) -> None:
        self._producer.flush(10)
