import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer

from replenishment import settings
from replenishment.planner import Planner

log = logging.getLogger(__name__)


async def consume() -> None:
    consumer = AIOKafkaConsumer(
        settings.ADJUSTMENTS_TOPIC,
        bootstrap_servers=settings.KAFKA_BOOTSTRAP,
        group_id=settings.GROUP_ID,
        auto_offset_reset="earliest",
        value_deserializer=lambda raw: json.loads(raw),
    )
    planner = Planner(settings.REORDER_THRESHOLD)
    await consumer.start()
    try:
        async for msg in consumer:
            await planner.apply(msg.value)
    finally:
        await consumer.stop()


def cli() -> None:
    logging.basicConfig(level=logging.INFO)
    asyncio.run(consume())
