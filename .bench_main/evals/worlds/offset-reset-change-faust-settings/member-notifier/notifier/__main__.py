import asyncio
import json
import os

from aiokafka import AIOKafkaConsumer


async def run() -> None:
    consumer = AIOKafkaConsumer(
        os.getenv("POINTS_TOPIC", "loyalty.points-awarded"),
        bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP", "localhost:9092"),
        group_id="member-notifier",
        value_deserializer=json.loads,
    )
    await consumer.start()
    try:
        async for msg in consumer:
            award = msg.value
            print(f"push: member {award['member_id']} earned {award['points']} points")
    finally:
        await consumer.stop()


asyncio.run(run())
