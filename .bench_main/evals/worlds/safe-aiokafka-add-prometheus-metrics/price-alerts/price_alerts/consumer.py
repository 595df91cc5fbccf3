import asyncio
import os

import orjson
from aiokafka import AIOKafkaConsumer

from price_alerts.rules import AlertBook


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
            tick = orjson.loads(msg.value)
            await book.evaluate(tick["symbol"], tick["price"])
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(consume(AlertBook.from_env()))
