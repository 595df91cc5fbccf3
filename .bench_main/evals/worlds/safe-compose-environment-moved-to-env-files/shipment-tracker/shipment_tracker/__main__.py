import json
import logging
import os

import psycopg
from confluent_kafka import Consumer

log = logging.getLogger("shipment-tracker")

UPSERT = """
INSERT INTO tracking (tracking_no, status, updated_at) VALUES (%s, %s, now())
ON CONFLICT (tracking_no) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
"""


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    consumer = Consumer(
        {
            "bootstrap.servers": os.environ["KAFKA_BOOTSTRAP_SERVERS"],
            "group.id": os.environ["TRACKER_GROUP_ID"],
            "auto.offset.reset": os.environ.get("TRACKER_OFFSET_RESET", "earliest"),
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([os.environ["TRACKING_TOPIC"]])
    with psycopg.connect(os.environ["DATABASE_URL"]) as db:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.warning("kafka: %s", msg.error())
                continue
            update = json.loads(msg.value())
            db.execute(UPSERT, (msg.key().decode(), update.get("status", "UNKNOWN")))
            db.commit()
            consumer.commit(message=msg)


if __name__ == "__main__":
    main()
