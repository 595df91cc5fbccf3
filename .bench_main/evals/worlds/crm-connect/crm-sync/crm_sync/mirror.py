"""Mirrors CRM customer changes (Debezium CDC) into the marketing tool."""

from __future__ import annotations

import json
import logging
import os

import httpx
from confluent_kafka import Consumer
from prometheus_client import Counter, start_http_server

log = logging.getLogger(__name__)

MIRRORED = Counter("crm_sync_customers_mirrored_total", "Customer changes mirrored", ["op"])


def main() -> None:
    start_http_server(9400)
    marketing = httpx.Client(base_url=os.environ["MARKETING_API_URL"], timeout=5.0)
    consumer = Consumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            "group.id": os.environ.get("KAFKA_GROUP_ID", "crm-sync"),
            "auto.offset.reset": os.environ.get("KAFKA_AUTO_OFFSET_RESET", "earliest"),
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([os.environ.get("CUSTOMERS_TOPIC", "crm.public.customers")])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        change = json.loads(msg.value())
        if change["op"] == "d":
            marketing.delete(f"/contacts/{change['before']['customer_id']}")
        else:
            after = change["after"]
            marketing.put(
                f"/contacts/{after['customer_id']}",
                json={"email": after["email"], "name": after["full_name"], "opt_in": after["marketing_opt_in"]},
            )
        MIRRORED.labels(op=change["op"]).inc()
        consumer.commit(message=msg, asynchronous=False)


if __name__ == "__main__":
    main()
