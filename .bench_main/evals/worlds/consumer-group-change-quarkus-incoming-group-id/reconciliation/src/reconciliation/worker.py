import json
import logging
import os

from confluent_kafka import Consumer

log = logging.getLogger(__name__)

TOPIC = "payments.settled"


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    consumer = Consumer(
        {
            "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
            "group.id": "reconciliation",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([TOPIC])
    seen: dict[str, float] = {}
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.error("consume error: %s", msg.error())
                continue
            event = json.loads(msg.value())
            seen[event["paymentId"]] = float(event["amount"])
            consumer.commit(message=msg, asynchronous=False)
    finally:
        consumer.close()
