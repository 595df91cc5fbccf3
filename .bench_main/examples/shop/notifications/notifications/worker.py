"""Sends a receipt e-mail for every authorized payment."""

import json
import logging
import os

from kafka import KafkaConsumer

log = logging.getLogger(__name__)
PAYMENTS_TOPIC = os.environ.get("PAYMENTS_TOPIC", "payments")


def send_receipt(payment: dict) -> None:
    log.info("receipt for order %s", payment["order_id"])


def run() -> None:
    consumer = KafkaConsumer(
        PAYMENTS_TOPIC,
        bootstrap_servers="kafka:9092",
        group_id="notifications",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        value_deserializer=lambda v: json.loads(v.decode("utf-8")),
    )
    for message in consumer:
        payment = message.value
        if payment["status"] == "AUTHORIZED":
            send_receipt(payment)
        consumer.commit()
