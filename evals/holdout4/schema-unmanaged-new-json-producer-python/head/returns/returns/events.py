import json

from aiokafka import AIOKafkaProducer

_producer: AIOKafkaProducer | None = None


async def _get() -> AIOKafkaProducer:
    global _producer
    if _producer is None:
        _producer = AIOKafkaProducer(bootstrap_servers="kafka:9092", acks="all")
        await _producer.start()
    return _producer


async def return_requested(order_id: str, reason: str) -> None:
    producer = await _get()
    payload = json.dumps({"order_id": order_id, "reason": reason}).encode()
    await producer.send_and_wait("return-requested", payload, key=order_id.encode())
