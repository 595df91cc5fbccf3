import asyncio
import json
import os

import aiomqtt
from fleet_telemetry.heartbeats import forward_heartbeat
from fleet_telemetry.positions import forward_position, start_producer


async def run() -> None:
    producer = await start_producer()
    try:
        async with aiomqtt.Client(os.environ.get("MQTT_HOST", "localhost")) as mqtt:
            await mqtt.subscribe("vans/+/position")
            await mqtt.subscribe("vans/+/heartbeat")
            async for message in mqtt.messages:
                payload = json.loads(message.payload)
                if message.topic.matches("vans/+/heartbeat"):
                    await forward_heartbeat(producer, payload)
                else:
                    await forward_position(producer, payload)
    finally:
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(run())
