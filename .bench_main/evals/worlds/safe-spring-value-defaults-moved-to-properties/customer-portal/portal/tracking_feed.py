import asyncio
import json

import redis.asyncio as redis
from aiokafka import AIOKafkaConsumer


async def main() -> None:
    cache = redis.Redis()
    consumer = AIOKafkaConsumer(
        "shipments.tracking-events",
        bootstrap_servers="localhost:9092",
        group_id="customer-portal",
        value_deserializer=json.loads,
    )
    await consumer.start()
    try:
        async for msg in consumer:
            ev = msg.value
            await cache.hset(f"shipment:{ev['shipmentId']}", mapping={"status": ev["status"], "at": ev["occurredAt"]})
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
