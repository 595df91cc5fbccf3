import asyncio
import os

import redis.asyncio as redis
from aiokafka import AIOKafkaConsumer


async def run() -> None:
    cache = redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/1"))
    consumer = AIOKafkaConsumer(
        "menus.published",
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        group_id="storefront-cache",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        async for msg in consumer:
            await cache.set(f"menu:{msg.key.decode()}", msg.value)
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(run())
