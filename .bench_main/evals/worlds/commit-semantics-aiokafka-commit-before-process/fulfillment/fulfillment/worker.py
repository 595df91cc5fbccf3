"""Consumes placed orders and books a shipment for each with the carrier."""
from __future__ import annotations

import asyncio
import json
import logging
import signal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from fulfillment.carrier import CarrierClient
from fulfillment.config import Config

log = logging.getLogger(__name__)


async def handle(order: dict, carrier: CarrierClient, producer: AIOKafkaProducer, cfg: Config) -> None:
    shipment = await carrier.book(order["order_id"], order["shipping_address"], order["items"])
    await producer.send_and_wait(
        cfg.shipments_topic,
        key=order["order_id"].encode(),
        value=json.dumps({"order_id": order["order_id"], "tracking_no": shipment.tracking_no}).encode(),
    )


async def run(cfg: Config) -> None:
    consumer = AIOKafkaConsumer(
        cfg.orders_topic,
        bootstrap_servers=cfg.bootstrap_servers,
        group_id=cfg.group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_interval_ms=300_000,
        value_deserializer=lambda raw: json.loads(raw.decode("utf-8")),
    )
    producer = AIOKafkaProducer(bootstrap_servers=cfg.bootstrap_servers, acks="all", enable_idempotence=True)
    carrier = CarrierClient(cfg.carrier_base_url)

    await consumer.start()
    await producer.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        async for msg in consumer:
            await handle(msg.value, carrier, producer, cfg)
            # Commit only once the shipment is booked and announced: at-least-once.
            await consumer.commit()
            if stop.is_set():
                break
    finally:
        await consumer.stop()
        await producer.stop()
        await carrier.close()


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run(Config.from_env()))


if __name__ == "__main__":
    main()
