"""Registers carrier tracking numbers for the customer tracking page."""

from __future__ import annotations

import json

import psycopg
from kafka import KafkaConsumer
from prometheus_client import Counter, start_http_server

REGISTERED = Counter("tracking_labels_registered_total", "Tracking numbers registered")


def main() -> None:
    start_http_server(9300)
    consumer = KafkaConsumer(
        "shipment-labels",
        bootstrap_servers="kafka:9092",
        group_id="tracking",
        enable_auto_commit=False,
        value_deserializer=json.loads,
    )
    with psycopg.connect("dbname=tracking") as db:
        for message in consumer:
            label = message.value
            db.execute(
                "INSERT INTO tracking (parcel_id, tracking_number) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (label["parcel_id"], label["tracking_number"]),
            )
            db.commit()
            consumer.commit()
            REGISTERED.inc()


if __name__ == "__main__":
    main()
