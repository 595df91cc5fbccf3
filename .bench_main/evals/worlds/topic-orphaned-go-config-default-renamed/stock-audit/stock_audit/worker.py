import csv
import json
import os
import sys

from kafka import KafkaConsumer

TOPIC = os.getenv("INVENTORY_ADJUSTMENTS_TOPIC", "inventory.adjustments")


def main() -> None:
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP", "localhost:9092"),
        group_id="stock-audit",
        value_deserializer=lambda b: json.loads(b.decode("utf-8")),
    )
    writer = csv.writer(sys.stdout)
    for record in consumer:
        adj = record.value
        writer.writerow([adj["occurred_at"], adj["sku"], adj["warehouse_id"], adj["delta"], adj["reason"]])


if __name__ == "__main__":
    main()
