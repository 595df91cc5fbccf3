"""Publishes parcel scans as ParcelStatusChanged records."""

import logging
import os
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

log = logging.getLogger(__name__)

TOPIC = "parcels.status-changed"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "parcel_status_changed.avsc"

# scanner event code -> ParcelState symbol
SCAN_CODES = {
    "LBL": "LABEL_CREATED",
    "ARR": "IN_TRANSIT",
    "DEP": "IN_TRANSIT",
    "HLD": "HELD_AT_DEPOT",
    "OFD": "OUT_FOR_DELIVERY",
    "POD": "DELIVERED",
    "RTS": "RETURNED",
}


def build_producer() -> SerializingProducer:
    registry = SchemaRegistryClient({"url": os.environ["SCHEMA_REGISTRY_URL"]})
    return SerializingProducer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
            "acks": "all",
            "enable.idempotence": True,
            "key.serializer": StringSerializer("utf_8"),
            "value.serializer": AvroSerializer(registry, SCHEMA_PATH.read_text()),
        }
    )


def _report(err, msg):
    if err is not None:
        log.error("delivery failed for parcel %s: %s", msg.key(), err)


def publish_scan(producer: SerializingProducer, scan: dict) -> None:
    event = {
        "parcel_id": scan["parcel"],
        "state": SCAN_CODES[scan["code"]],
        "depot_code": scan.get("depot"),
        "occurred_at": int(scan["ts"] * 1000),
    }
    producer.produce(TOPIC, key=event["parcel_id"], value=event, on_delivery=_report)
    producer.poll(0)
