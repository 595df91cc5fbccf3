"""Publishes RefundIssued events when support refunds an order."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from confluent_kafka import Producer
from prometheus_client import Counter

from checkout.settings import BOOTSTRAP_SERVERS

log = logging.getLogger(__name__)

REFUNDS_TOPIC = "refunds"
REFUNDS_PUBLISHED = Counter("checkout_refunds_published_total", "Refund events published")

_producer = Producer({"bootstrap.servers": BOOTSTRAP_SERVERS, "acks": "all", "enable.idempotence": True})


def publish_refund(order_id: str, amount_cents: int, reason: str) -> None:
    payload = {
        "order_id": order_id,
        "amount_cents": amount_cents,
        "reason": reason,
        "refunded_at": datetime.now(timezone.utc).isoformat(),
    }
    _producer.produce(REFUNDS_TOPIC, key=order_id, value=json.dumps(payload).encode("utf-8"))
    _producer.flush(10)
    REFUNDS_PUBLISHED.inc()
    log.info("refund published for order %s", order_id)
