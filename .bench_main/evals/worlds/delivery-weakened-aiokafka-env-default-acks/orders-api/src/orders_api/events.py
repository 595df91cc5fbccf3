from __future__ import annotations

import orjson
from aiokafka import AIOKafkaProducer

from orders_api import settings


def _acks(value: str):
    return value if value == "all" else int(value)


class OrderEvents:
    def __init__(self) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=settings.KAFKA_BOOTSTRAP_SERVERS,
            acks=_acks(settings.ORDERS_PRODUCER_ACKS),
            enable_idempotence=settings.ORDERS_PRODUCER_IDEMPOTENT,
            linger_ms=settings.ORDERS_PRODUCER_LINGER_MS,
            key_serializer=lambda k: k.encode("utf-8"),
            value_serializer=orjson.dumps,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def order_created(self, order: dict) -> None:
        await self._producer.send_and_wait(
            settings.ORDERS_CREATED_TOPIC,
            key=order["order_id"],
            value=order,
        )
