import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer

from search_indexer import settings
from search_indexer.opensearch import BulkIndexer

log = logging.getLogger(__name__)


async def run() -> None:
    consumer = AIOKafkaConsumer(
        settings.PRODUCTS_TOPIC,
        bootstrap_servers=settings.KAFKA_BOOTSTRAP,
        group_id=settings.GROUP_ID,
        auto_offset_reset=settings.AUTO_OFFSET_RESET,
        max_poll_records=settings.MAX_POLL_RECORDS,
        enable_auto_commit=False,
        value_deserializer=lambda raw: json.loads(raw) if raw is not None else None,
    )
    indexer = BulkIndexer(settings.OPENSEARCH_URL, settings.INDEX_NAME)
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
