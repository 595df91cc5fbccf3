"""Moderates submitted product reviews and publishes the verdict."""
import json
import logging
import os

from kafka import KafkaConsumer, KafkaProducer

from moderation.classifier import classify

log = logging.getLogger(__name__)

SUBMITTED_TOPIC = os.getenv("REVIEWS_SUBMITTED_TOPIC", "reviews.submitted")
MODERATED_TOPIC = os.getenv("REVIEWS_MODERATED_TOPIC", "reviews.moderated")
BOOTSTRAP = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    consumer = KafkaConsumer(
        SUBMITTED_TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id="review-moderation",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        key_deserializer=lambda k: k.decode("utf-8") if k is not None else None,
        value_deserializer=lambda m: json.loads(m.decode("utf-8")),
    )
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        acks="all",
        key_serializer=lambda k: k.encode("utf-8"),
        value_serializer=lambda v: json.dumps(v).encode("utf-8"),
    )
    for record in consumer:
        review = record.value
        verdict = classify(review["text"])
        producer.send(
            MODERATED_TOPIC,
            key=record.key,
            value={"review_id": review["review_id"], "product_id": review["product_id"], "verdict": verdict},
        ).get(timeout=10)
        consumer.commit()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
