import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    bootstrap_servers: str = field(default_factory=lambda: os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"))
    invoices_topic: str = field(default_factory=lambda: os.environ.get("INVOICES_TOPIC", "invoice-issued"))
    group_id: str = field(default_factory=lambda: os.environ.get("LEDGER_GROUP_ID", "ledger"))
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL", "postgresql://ledger@db/ledger"))


settings = Settings()
