import os

KAFKA_BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092")
ORDERS_TOPIC = os.environ.get("ORDERS_TOPIC", "orders.placed")
GROUP_ID = os.environ.get("KAFKA_GROUP_ID", "analytics")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/analytics")
