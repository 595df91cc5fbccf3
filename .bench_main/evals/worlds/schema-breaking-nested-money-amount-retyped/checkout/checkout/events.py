"""Publishing of checkout domain events."""
from __future__ import annotations

import logging
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

from checkout import settings

log = logging.getLogger(__name__)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "order_completed.avsc"


def _build_producer() -> SerializingProducer:
    registry = SchemaRegistryClient({"url": settings.SCHEMA_REGISTRY_URL})
    value_serializer = AvroSerializer(registry, SCHEMA_PATH.read_text())
    return SerializingProducer(
        {
            "bootstrap.servers": settings.BOOTSTRAP_SERVERS,
            "acks": "all",
            "enable.idempotence": True,
            "key.serializer": StringSerializer("utf_8"),
            "value.serializer": value_serializer,
        }
    )


_producer = _build_producer()


def _on_delivery(err, msg) -> None:
    if err is not None:
        log.error("OrderCompleted delivery failed: %s", err)


def publish_order_completed(order) -> None:
    event = {
        "order_id": order.id,
        "customer": {"id": order.customer_id, "email": order.customer_email},
        "total": {"amount_minor": order.total_cents, "currency": order.currency},
        "channel": order.channel,
        "completed_at": int(order.completed_at.timestamp() * 1000),
    }
    _producer.produce(
        topic=settings.ORDER_COMPLETED_TOPIC,
        key=order.id,
        value=event,
        on_delivery=_on_delivery,
    )
    _producer.poll(0)


def flush(timeout: float = 10.0) -> None:
    _producer.flush(timeout)
