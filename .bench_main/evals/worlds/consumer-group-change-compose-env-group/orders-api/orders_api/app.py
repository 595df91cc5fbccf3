import json
import os
import uuid
from datetime import datetime, timezone

from fastapi import FastAPI
from kafka import KafkaProducer
from pydantic import BaseModel

app = FastAPI()
producer = KafkaProducer(
    bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
    acks="all",
    key_serializer=lambda k: k.encode("utf-8"),
    value_serializer=lambda v: json.dumps(v).encode("utf-8"),
)
ORDERS_TOPIC = os.environ.get("ORDERS_TOPIC", "orders.placed")


class NewOrder(BaseModel):
    customer_id: str
    total_cents: int
    items: list[str]


@app.post("/orders", status_code=201)
def place_order(order: NewOrder) -> dict:
    order_id = str(uuid.uuid4())
    producer.send(
        ORDERS_TOPIC,
        key=order.customer_id,
        value={
            "order_id": order_id,
            "customer_id": order.customer_id,
            "total_cents": order.total_cents,
            "items": order.items,
            "placed_at": datetime.now(timezone.utc).isoformat(),
        },
    ).get(timeout=10)
    return {"order_id": order_id}
