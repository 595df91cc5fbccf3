"""Feeds the dashboard's active-sessions panel from session-counts."""

from __future__ import annotations

import redis
from confluent_kafka import Consumer
from prometheus_client import Gauge, start_http_server

ACTIVE = Gauge("dashboard_active_sessions", "Visitors with an open session")


def main() -> None:
    start_http_server(9200)
    store = redis.Redis(host="redis", decode_responses=True)
    consumer = Consumer(
        {
            "bootstrap.servers": "kafka:9092",
            "group.id": "dashboard-active-sessions",
            "auto.offset.reset": "latest",
        }
    )
    consumer.subscribe(["session-counts"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        visitor = msg.key().decode()
        views = int(msg.value())
        store.hset("active_sessions", visitor, views)
        store.expire("active_sessions", 1800)
        ACTIVE.set(store.hlen("active_sessions"))


if __name__ == "__main__":
    main()
