"""The Kafka side of menu-sync: one idempotent producer for menus.published."""

import json
import logging
import os

from confluent_kafka import Producer

log = logging.getLogger("menu_sync")

MENUS_TOPIC = "menus.published"

producer = Producer(
    {
        "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        "acks": "all",
        "enable.idempotence": True,
        "compression.type": "zstd",
    }
)


def _on_delivery(err, msg):
    if err is not None:
        log.error("menu %s not delivered: %s", msg.key(), err)


def publish_menu(restaurant_id: str, menu: dict) -> None:
    producer.produce(
        MENUS_TOPIC,
        key=restaurant_id,
        value=json.dumps(menu, sort_keys=True).encode("utf-8"),
        on_delivery=_on_delivery,
    )
    producer.poll(0)


def flush(timeout: float = 10) -> None:
    producer.flush(timeout)
