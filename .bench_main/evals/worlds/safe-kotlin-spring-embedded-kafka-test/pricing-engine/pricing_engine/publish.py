import os

import orjson
from aiokafka import AIOKafkaProducer

PRICED_TOPIC = "orders.priced"


async def make_producer() -> AIOKafkaProducer:
    producer = AIOKafkaProducer(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
        acks="all",
        enable_idempotence=True,
        value_serializer=orjson.dumps,
        key_serializer=str.encode,
    )
    await producer.start()
    return producer


async def publish_priced(producer: AIOKafkaProducer, order: dict) -> None:
    await producer.send_and_wait(PRICED_TOPIC, key=order["order_id"], value=order)
