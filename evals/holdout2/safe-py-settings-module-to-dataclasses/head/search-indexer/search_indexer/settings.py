"""search-indexer settings."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class KafkaSettings:
    bootstrap: str
    products_topic: str
    group_id: str
    auto_offset_reset: str = "earliest"
    max_poll_records: int = 200

    @classmethod
    def from_env(cls) -> KafkaSettings:
        return cls(
            bootstrap=os.getenv("KAFKA_BOOTSTRAP", "localhost:9092"),
            products_topic=os.getenv("PRODUCTS_TOPIC", "catalog.products"),
            group_id=os.getenv("INDEXER_GROUP_ID", "search-indexer"),
        )


@dataclass(frozen=True)
class SearchSettings:
    url: str
    index: str

    @classmethod
    def from_env(cls) -> SearchSettings:
        return cls(
            url=os.getenv("OPENSEARCH_URL", "http://localhost:9200"),
            index=os.getenv("INDEX_NAME", "products-v3"),
        )


@dataclass(frozen=True)
class Settings:
    kafka: KafkaSettings
    search: SearchSettings


settings = Settings(kafka=KafkaSettings.from_env(), search=SearchSettings.from_env())
