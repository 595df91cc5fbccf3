import json
import logging

from kafka import KafkaConsumer

from email_sender.config import Config
from email_sender.mailer import send_welcome

log = logging.getLogger("email-sender")


def build_consumer() -> KafkaConsumer:
    # Let the client commit in the background; the explicit commit was
    # adding a broker round-trip to every batch.
    return KafkaConsumer(
        Config.SIGNUPS_TOPIC,
        bootstrap_servers=Config.BOOTSTRAP.split(","),
        group_id=Config.GROUP_ID,
        enable_auto_commit=True,
        auto_commit_interval_ms=5000,
        auto_offset_reset="earliest",
        max_poll_records=100,
        value_deserializer=lambda b: json.loads(b.decode("utf-8")),
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    consumer = build_consumer()
    for record in consumer:
        user = record.value
        send_welcome(user["email"], user.get("first_name") or "there")


if __name__ == "__main__":
    main()
