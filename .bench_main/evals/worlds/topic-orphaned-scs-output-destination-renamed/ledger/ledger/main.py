import asyncio
import json
import logging

import asyncpg
from aiokafka import AIOKafkaConsumer

from ledger.settings import settings

log = logging.getLogger("ledger")

INSERT_RECEIVABLE = """
INSERT INTO receivables (invoice_id, customer_id, amount, currency, due_date)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (invoice_id) DO NOTHING
"""


async def consume() -> None:
    pool = await asyncpg.create_pool(settings.database_url)
    consumer = AIOKafkaConsumer(
        settings.invoices_topic,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=settings.group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        value_deserializer=lambda raw: json.loads(raw),
    )
    await consumer.start()
    try:
        async for record in consumer:
            invoice = record.value
            async with pool.acquire() as conn:
                await conn.execute(
                    INSERT_RECEIVABLE,
                    invoice["invoiceId"],
                    invoice["customerId"],
                    invoice["amount"],
                    invoice["currency"],
                    invoice["dueDate"],
                )
            await consumer.commit()
    finally:
        await consumer.stop()
        await pool.close()


def run() -> None:
    logging.basicConfig(level=logging.INFO)
    asyncio.run(consume())
