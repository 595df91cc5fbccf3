"""Environment-driven settings. Defaults are the production values."""

import os

KAFKA_BOOTSTRAP_SERVERS = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092,kafka-2:9092")
ORDERS_CREATED_TOPIC = os.getenv("ORDERS_CREATED_TOPIC", "orders.created")

# Producer durability: every order must survive a broker failover.
ORDERS_PRODUCER_ACKS = os.getenv("ORDERS_PRODUCER_ACKS", "all")
ORDERS_PRODUCER_IDEMPOTENT = os.getenv("ORDERS_PRODUCER_IDEMPOTENT", "true").lower() == "true"
ORDERS_PRODUCER_LINGER_MS = int(os.getenv("ORDERS_PRODUCER_LINGER_MS", "5"))
