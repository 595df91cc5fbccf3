import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all", "enable.idempotence": True})


def publish_payment(card_id: str, amount_cents: int) -> None:
    producer.produce("payments", key=card_id, value=json.dumps({"amount_cents": amount_cents}))
    producer.poll(0)
