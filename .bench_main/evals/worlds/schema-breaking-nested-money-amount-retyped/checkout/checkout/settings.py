import os

BOOTSTRAP_SERVERS = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
SCHEMA_REGISTRY_URL = os.getenv("SCHEMA_REGISTRY_URL", "http://localhost:8081")
ORDER_COMPLETED_TOPIC = os.getenv("ORDER_COMPLETED_TOPIC", "orders.completed")
