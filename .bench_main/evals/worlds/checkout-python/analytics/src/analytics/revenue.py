"""Aggregates revenue per country and currency from order events."""

from __future__ import annotations

import json
import logging
from collections import defaultdict

from kafka import KafkaConsumer
from prometheus_client import Counter, Gauge, start_http_server

log = logging.getLogger(__name__)

EVENTS = Counter("analytics_order_events_total", "Order events aggregated")
REVENUE = Gauge("analytics_revenue_cents", "Revenue seen so far", ["country", "currency"])


def run() -> None:
    start_http_server(9103)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    consumer = KafkaConsumer(
        "orders",
        bootstrap_servers="localhost:9092",
        group_id="analytics-revenue",
        auto_offset_reset="latest",
        enable_auto_commit=True,
        value_deserializer=lambda raw: json.loads(raw.decode("utf-8")),
    )
    for message in consumer:
        order = message.value
        key = (order["country"], order["currency"])
        totals[key] += order["amount_cents"]
        REVENUE.labels(country=key[0], currency=key[1]).set(totals[key])
        EVENTS.inc()
        log.debug("aggregated order %s", order["order_id"])


if __name__ == "__main__":
    run()
