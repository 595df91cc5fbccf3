"""Typed settings for payments-gateway, read once at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class ProducerSettings:
    bootstrap_servers: str = field(default_factory=lambda: _env("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"))
    client_id: str = "payments-gateway"
    acks: str | int = "all"
    retries: int = 5
    retry_backoff_ms: int = 200
    linger_ms: int = 5
    max_in_flight_requests_per_connection: int = 1


@dataclass(frozen=True)
class Topics:
    captured: str = field(default_factory=lambda: _env("PAYMENTS_CAPTURED_TOPIC", "payments.captured"))
    refunded: str = field(default_factory=lambda: _env("PAYMENTS_REFUNDED_TOPIC", "payments.refunded"))


@dataclass(frozen=True)
class Settings:
    producer: ProducerSettings = field(default_factory=ProducerSettings)
    topics: Topics = field(default_factory=Topics)


settings = Settings()
