import asyncio
import os
import time

import orjson
from aiokafka import AIOKafkaConsumer
from price_alerts.rules import AlertBook
from prometheus_client import Counter, Gauge, Histogram, start_http_server

TICKS = Counter("price_alerts_ticks_total", "Ticks evaluated against alert rules")
HANDLE_SECONDS = Histogram("price_alerts_handle_seconds", "Time to evaluate one tick")
LAG = Gauge("price_alerts_consumer_lag", "Records behind the high watermark", ["partition"])


async def consume(book: AlertBook) -> None:
    consumer = AIOKafkaConsumer(
        "market.ticks",
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        group_id="price-alerts",
        enable_auto_commit=True,
        auto_commit_interval_ms=2000,
        auto_offset_reset="latest",
    )
    await consumer.start()
    try:
        async for msg in consumer:
            started = time.perf_counter()
            tick = orjson.loads(msg.value)
            await book.evaluate(tick["symbol"], tick["price"])
            HANDLE_SECONDS.observe(time.perf_counter() - started)
            TICKS.inc()
            tp = next(p for p in consumer.assignment() if p.partition == msg.partition)
            highwater = consumer.highwater(tp)
            if highwater is not None:
                LAG.labels(str(msg.partition)).set(highwater - msg.offset - 1)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    start_http_server(int(os.environ.get("METRICS_PORT", "9108")))
    asyncio.run(consume(AlertBook.from_env()))
