import json
import os

from kafka import KafkaProducer
from prometheus_client import Counter

REFUNDS_TOPIC = "refunds.issued"
published = Counter("refunds_published_total", "Refund events acknowledged by Kafka")

producer = KafkaProducer(
    bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
    acks="all",
    retries=5,
    key_serializer=lambda k: k.encode(),
    value_serializer=lambda v: json.dumps(v).encode(),
)


def refund_issued(refund: dict) -> None:
    producer.send(REFUNDS_TOPIC, key=refund["order_id"], value=refund).get(timeout=10)
    published.inc()
