import asyncio
import json
import os

import asyncpg
from aiokafka import AIOKafkaConsumer


async def main() -> None:
    db = await asyncpg.create_pool(os.environ["PICK_DB_DSN"])
    consumer = AIOKafkaConsumer(
        "inventory.stock-reserved",
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        group_id="pick-planner",
        enable_auto_commit=False,
        value_deserializer=lambda v: json.loads(v),
    )
    await consumer.start()
    try:
        async for msg in consumer:
            r = msg.value
            await db.execute(
                "INSERT INTO pick_lines (reservation_id, order_id, sku, qty) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (reservation_id) DO NOTHING",
                r["reservationId"],
                r["orderId"],
                r["sku"],
                r["quantity"],
            )
            await consumer.commit()
    finally:
        await consumer.stop()


if __name__ == "__main__":
    asyncio.run(main())
