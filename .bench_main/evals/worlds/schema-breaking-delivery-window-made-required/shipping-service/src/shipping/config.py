"""Runtime configuration, read once from the environment."""

import os

BOOTSTRAP_SERVERS = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
SCHEMA_REGISTRY_URL = os.getenv("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")
SHIPMENTS_TOPIC = os.getenv("SHIPMENTS_TOPIC", "shipments.dispatched")
