import json
import os

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"), "acks": "all"})


def mark_shipped(order_id: str, customer_id: str, tracking_url: str) -> None:
    producer.produce(
        "orders.shipped",
        key=order_id,
        value=json.dumps({"orderId": order_id, "customerId": customer_id, "trackingUrl": tracking_url}),
    )
    producer.flush(5)
