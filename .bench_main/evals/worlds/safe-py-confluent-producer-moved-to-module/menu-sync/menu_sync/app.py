"""Polls the POS vendor's menu API and publishes every changed menu."""

import hashlib
import json
import logging
import os

import httpx
from apscheduler.schedulers.blocking import BlockingScheduler
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

_last_digest: dict[str, str] = {}


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


def sync_once() -> None:
    with httpx.Client(base_url=os.environ["POS_API"], timeout=10) as client:
        for restaurant in client.get("/restaurants").json():
            menu = client.get(f"/restaurants/{restaurant['id']}/menu").json()
            digest = hashlib.sha256(json.dumps(menu, sort_keys=True).encode()).hexdigest()
            if _last_digest.get(restaurant["id"]) != digest:
                publish_menu(restaurant["id"], menu)
                _last_digest[restaurant["id"]] = digest
    producer.flush(10)


def main() -> None:
    scheduler = BlockingScheduler()
    scheduler.add_job(sync_once, "interval", minutes=5)
    scheduler.start()


if __name__ == "__main__":
    main()
