import asyncio
import json

import redis.asyncio as redis
from aiokafka import AIOKafkaConsumer

SESSIONS_TOPIC = "clickstream.sessions"


async def main() -> None:
    r = redis.Redis(host="redis")
    consumer = AIOKafkaConsumer(
        SESSIONS_TOPIC,
        bootstrap_servers="kafka:9092",
        group_id="personalization",
        value_deserializer=json.loads,
    )
    await consumer.start()
    try:
        async for msg in consumer:
            session = msg.value
            await r.hincrby(f"engagement:{session['user_id']}", "page_views", session["page_views"])
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
