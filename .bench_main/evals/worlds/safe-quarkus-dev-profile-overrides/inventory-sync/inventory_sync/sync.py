"""Polls the store POS databases and publishes stock levels."""

import json
import os
import time

from kafka import KafkaProducer

LEVELS_TOPIC = "inventory.levels"


def read_levels(store_id: str):
    # real implementation queries the store's POS database via pyodbc
    return []


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
        acks="all",
        key_serializer=lambda k: k.encode(),
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    stores = os.environ.get("STORES", "s001,s002").split(",")
    while True:
        for store in stores:
            for row in read_levels(store):
                producer.send(
                    LEVELS_TOPIC,
                    key=f"{store}:{row['sku']}",
                    value={"sku": row["sku"], "storeId": store, "onHand": row["on_hand"], "reorderPoint": row["reorder_point"]},
                )
        producer.flush()
        time.sleep(30)
