import json
import logging

from kafka import KafkaConsumer

from email_sender.config import Config
from email_sender.mailer import send_welcome

log = logging.getLogger("email-sender")


def build_consumer() -> KafkaConsumer:
    return KafkaConsumer(
        Config.SIGNUPS_TOPIC,
        bootstrap_servers=Config.BOOTSTRAP.split(","),
        group_id=Config.GROUP_ID,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=100,
        value_deserializer=lambda b: json.loads(b.decode("utf-8")),
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    consumer = build_consumer()
    while True:
        batches = consumer.poll(timeout_ms=1000)
        if not batches:
            continue
        for _partition, records in batches.items():
            for record in records:
                user = record.value
                send_welcome(user["email"], user.get("first_name") or "there")
        # only after every mail in the batch went out
        consumer.commit()


if __name__ == "__main__":
    main()
