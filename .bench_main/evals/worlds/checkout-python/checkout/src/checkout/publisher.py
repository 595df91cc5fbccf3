"""Publishes OrderPlaced events for every accepted order."""

from __future__ import annotations

import json
import logging

from confluent_kafka import Producer
from prometheus_client import Counter

from checkout.settings import BOOTSTRAP_SERVERS, ORDERS_TOPIC

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
        self._producer = Producer(
            {
                "bootstrap.servers": BOOTSTRAP_SERVERS,
                "client.id": "checkout",
                "acks": "all",
                "enable.idempotence": True,
                "linger.ms": 5,
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
        self._producer.produce(
            ORDERS_TOPIC,
            key=event["order_id"],
            value=json.dumps(event).encode("utf-8"),
            on_delivery=_on_delivery,
        )
        self._producer.flush(10)

    def close(self) -> None:
        self._producer.flush(30)
