import json
import os

from kafka import KafkaProducer

producer = KafkaProducer(
    bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
    acks="all",
    key_serializer=str.encode,
    value_serializer=lambda d: json.dumps(d).encode(),
)


def publish_levels(warehouse: str, levels: dict[str, int]) -> None:
    for sku, on_hand in levels.items():
        producer.send(
            os.getenv("STOCK_LEVELS_TOPIC", "inventory.levels"),
            key=f"{warehouse}:{sku}",
            value={"sku": sku, "warehouse": warehouse, "onHand": on_hand},
        )
    producer.flush()
