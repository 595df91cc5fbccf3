"""Runtime settings for the checkout service."""

import os
from pathlib import Path

BOOTSTRAP_SERVERS = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
SCHEMA_REGISTRY_URL = os.environ.get("SCHEMA_REGISTRY_URL", "http://localhost:8081")
ORDERS_TOPIC = "orders"
ORDER_SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "order_placed.avsc"
