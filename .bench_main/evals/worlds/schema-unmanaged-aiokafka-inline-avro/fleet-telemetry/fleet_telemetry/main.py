import asyncio
import json
import os

import aiomqtt

from fleet_telemetry.positions import forward_position, start_producer


async def run() -> None:
    producer = await start_producer()
    try:
        async with aiomqtt.Client(os.environ.get("MQTT_HOST", "localhost")) as mqtt:
            await mqtt.subscribe("vans/+/position")
            async for message in mqtt.messages:
                await forward_position(producer, json.loads(message.payload))
    finally:
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(run())
