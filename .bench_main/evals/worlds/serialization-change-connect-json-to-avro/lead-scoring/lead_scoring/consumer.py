import json
import os

import redis
from kafka import KafkaConsumer

from lead_scoring.model import score_account


def run() -> None:
    cache = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))
    consumer = KafkaConsumer(
        "crm.accounts",
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092").split(","),
        group_id="lead-scoring",
        auto_offset_reset="earliest",
        value_deserializer=lambda raw: json.loads(raw.decode("utf-8")),
    )
    for record in consumer:
        account = record.value
        cache.hset("lead-score", account["id"], score_account(account))


if __name__ == "__main__":
    run()
