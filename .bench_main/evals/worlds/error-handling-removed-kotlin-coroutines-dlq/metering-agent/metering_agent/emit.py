import json
import os
from datetime import datetime, timezone

from confluent_kafka import Producer

_producer = Producer(
    {
        "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        "acks": "all",
        "enable.idempotence": True,
    }
)
USAGE_TOPIC = os.getenv("USAGE_TOPIC", "metering.usage-recorded")


def record_usage(account_id: str, meter: str, quantity: int) -> None:
    _producer.produce(
        USAGE_TOPIC,
        key=account_id,
        value=json.dumps(
            {
                "accountId": account_id,
                "meter": meter,
                "quantity": quantity,
                "recordedAt": datetime.now(timezone.utc).isoformat(),
            }
        ),
    )
    _producer.poll(0)
