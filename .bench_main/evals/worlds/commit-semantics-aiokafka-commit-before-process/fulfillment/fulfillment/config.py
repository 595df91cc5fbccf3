from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    bootstrap_servers: str
    orders_topic: str
    shipments_topic: str
    group_id: str
    carrier_base_url: str

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            orders_topic=os.environ.get("ORDERS_TOPIC", "orders.placed"),
            shipments_topic=os.environ.get("SHIPMENTS_TOPIC", "shipments.booked"),
            group_id=os.environ.get("FULFILLMENT_GROUP_ID", "fulfillment"),
            carrier_base_url=os.environ.get("CARRIER_BASE_URL", "https://api.carrier.example"),
        )
