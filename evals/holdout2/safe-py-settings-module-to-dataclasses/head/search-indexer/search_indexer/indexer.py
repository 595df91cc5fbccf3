import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer

from search_indexer.settings import settings
from search_indexer.opensearch import BulkIndexer

log = logging.getLogger(__name__)


async def run() -> None:
    consumer = AIOKafkaConsumer(
        settings.kafka.products_topic,
        bootstrap_servers=settings.kafka.bootstrap,
        group_id=settings.kafka.group_id,
        auto_offset_reset=settings.kafka.auto_offset_reset,
        max_poll_records=settings.kafka.max_poll_records,
        enable_auto_commit=False,
        value_deserializer=lambda raw: json.loads(raw) if raw is not None else None,
    )
    indexer = BulkIndexer(settings.search.url, settings.search.index)
    await consumer.start()
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=1000)
            for tp, messages in batches.items():
                await indexer.index([(m.key.decode(), m.value) for m in messages])
            if batches:
                await consumer.commit()
    finally:
        await consumer.stop()
        await indexer.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run())
