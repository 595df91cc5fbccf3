from __future__ import annotations

import json
import logging
from dataclasses import asdict

from kafka import KafkaProducer

from payments_gateway.settings import ProducerSettings, settings

log = logging.getLogger(__name__)


def make_producer(cfg: ProducerSettings) -> KafkaProducer:
    return KafkaProducer(
        **asdict(cfg),
        key_serializer=lambda k: k.encode("utf-8"),
        value_serializer=lambda v: json.dumps(v, separators=(",", ":")).encode("utf-8"),
    )


_producer = make_producer(settings.producer)


def payment_captured(payment_id: str, merchant_id: str, amount_minor: int, currency: str) -> None:
    future = _producer.send(
        settings.topics.captured,
        key=merchant_id,
        value={
            "payment_id": payment_id,
            "merchant_id": merchant_id,
            "amount_minor": amount_minor,
            "currency": currency,
        },
    )
    future.add_errback(lambda exc: log.error("payments.captured send failed for %s: %s", payment_id, exc))


def payment_refunded(payment_id: str, merchant_id: str, amount_minor: int) -> None:
    future = _producer.send(
        settings.topics.refunded,
        key=merchant_id,
        value={"payment_id": payment_id, "merchant_id": merchant_id, "amount_minor": amount_minor},
    )
    future.add_errback(lambda exc: log.error("payments.refunded send failed for %s: %s", payment_id, exc))
