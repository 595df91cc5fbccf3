import os
from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

TOPIC = "pricing.price-changed"
SCHEMA_FILE = Path(__file__).parent / "avro" / "price_changed.avsc"


def make_producer() -> SerializingProducer:
    registry = SchemaRegistryClient({"url": os.getenv("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")})
    return SerializingProducer(
        {
            "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
            "acks": "all",
            "enable.idempotence": True,
            "key.serializer": StringSerializer("utf_8"),
            "value.serializer": AvroSerializer(
                registry,
                SCHEMA_FILE.read_text(),
                conf={"auto.register.schemas": False, "use.latest.version": True},
            ),
        }
    )


class PricePublisher:
    def __init__(self) -> None:
        self._producer = make_producer()

    def price_changed(self, sku: str, amount_minor: int, currency: str, previous: tuple[int, str] | None,
                      reason: str, effective_at_ms: int) -> None:
        value = {
            "sku": sku,
            "new_price": {"amount_minor": amount_minor, "currency": currency},
            "previous_price": None if previous is None else {"amount_minor": previous[0], "currency": previous[1]},
            "reason": reason,
            "effective_at": effective_at_ms,
        }
        self._producer.produce(TOPIC, key=sku, value=value)
        self._producer.poll(0)
