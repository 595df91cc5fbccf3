import os

KAFKA_BOOTSTRAP_SERVERS = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
PAYMENTS_CAPTURED_TOPIC = os.getenv("PAYMENTS_CAPTURED_TOPIC", "payments.captured")
KAFKA_ACKS = os.getenv("KAFKA_ACKS", "all")
KAFKA_ENABLE_IDEMPOTENCE = os.getenv("KAFKA_ENABLE_IDEMPOTENCE", "true").lower() in ("1", "true", "yes")
KAFKA_LINGER_MS = int(os.getenv("KAFKA_LINGER_MS", "5"))
