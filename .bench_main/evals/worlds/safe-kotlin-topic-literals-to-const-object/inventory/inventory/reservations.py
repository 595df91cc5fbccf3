import json
import os
import uuid

from confluent_kafka import Producer

from inventory.constants import TOPIC_INVENTORY_RESERVED

_producer = Producer(
    {
        "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
        "acks": "all",
        "enable.idempotence": True,
    }
)


def reserve(order_id: str, sku: str, qty: int, zone: str) -> str:
    reservation_id = uuid.uuid4().hex
    event = {"reservationId": reservation_id, "orderId": order_id, "sku": sku, "qty": qty, "zone": zone}
    _producer.produce(TOPIC_INVENTORY_RESERVED, key=order_id, value=json.dumps(event))
    _producer.flush(5)
    return reservation_id
