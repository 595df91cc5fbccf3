import json
import os

import requests
from kafka import KafkaConsumer

HELPDESK_URL = os.getenv("HELPDESK_URL", "https://helpdesk.example/api/v2/users")


def main() -> None:
    consumer = KafkaConsumer(
        "crm.customers",
        bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id="crm-sync",
        auto_offset_reset="earliest",
        value_deserializer=lambda b: json.loads(b.decode("utf-8")),
    )
    session = requests.Session()
    for record in consumer:
        customer = record.value
        session.put(
            f"{HELPDESK_URL}/{customer['id']}",
            json={"email": customer["email"], "name": customer["full_name"]},
            timeout=5,
        ).raise_for_status()


if __name__ == "__main__":
    main()
