import os
from dataclasses import dataclass


@dataclass(frozen=True)
class LedgerConfig:
    bootstrap_servers: str = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    schema_registry_url: str = os.getenv("SCHEMA_REGISTRY_URL", "http://localhost:8081")
    topic: str = os.getenv("ORDER_COMPLETED_TOPIC", "orders.completed")
    group_id: str = "ledger-revenue"
    dsn: str = os.getenv("LEDGER_DSN", "postgresql://ledger@localhost/ledger")
