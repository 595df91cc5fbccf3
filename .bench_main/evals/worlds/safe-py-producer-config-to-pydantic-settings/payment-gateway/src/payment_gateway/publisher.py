import json
import logging

from confluent_kafka import Producer

from payment_gateway import config

log = logging.getLogger(__name__)


def _producer() -> Producer:
    return Producer(
        {
            "bootstrap.servers": config.KAFKA_BOOTSTRAP_SERVERS,
            "acks": config.KAFKA_ACKS,
            "enable.idempotence": config.KAFKA_ENABLE_IDEMPOTENCE,
            "linger.ms": config.KAFKA_LINGER_MS,
        }
    )


def _report(err, msg):
    if err is not None:
        log.error("payment event %s failed: %s", msg.key(), err)


class CapturePublisher:
    def __init__(self) -> None:
        self._producer = _producer()

    def captured(self, payment_id: str, merchant_id: str, amount_minor: int, currency: str) -> None:
        event = {
            "payment_id": payment_id,
            "merchant_id": merchant_id,
            "amount_minor": amount_minor,
            "currency": currency,
        }
        self._producer.produce(
            config.PAYMENTS_CAPTURED_TOPIC,
            key=payment_id,
            value=json.dumps(event).encode(),
            on_delivery=_report,
        )
        self._producer.poll(0)

    def flush(self) -> None:
        self._producer.flush(10)
