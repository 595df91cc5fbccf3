"""Rolls placed orders up into daily revenue per customer."""
import json
import logging

import psycopg
from kafka import KafkaConsumer

from analytics import settings

log = logging.getLogger(__name__)

UPSERT = """
INSERT INTO daily_revenue (day, customer_id, orders, revenue_cents)
VALUES (%(day)s, %(customer_id)s, 1, %(total_cents)s)
ON CONFLICT (day, customer_id)
DO UPDATE SET orders = daily_revenue.orders + 1,
              revenue_cents = daily_revenue.revenue_cents + EXCLUDED.revenue_cents
"""


def main() -> None:
    consumer = KafkaConsumer(
        settings.ORDERS_TOPIC,
        bootstrap_servers=settings.KAFKA_BOOTSTRAP,
        group_id=settings.GROUP_ID,
        auto_offset_reset="earliest",
        enable_auto_commit=True,
        value_deserializer=lambda v: json.loads(v.decode("utf-8")),
    )
    with psycopg.connect(settings.DATABASE_URL, autocommit=True) as conn:
        for message in consumer:
            order = message.value
            conn.execute(UPSERT, {**order, "day": order["placed_at"][:10]})


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
