import json
import os
import uuid

from aiokafka import AIOKafkaProducer
from fastapi import FastAPI

app = FastAPI()
producer: AIOKafkaProducer | None = None
RIDES_REQUESTED = os.getenv("RIDES_REQUESTED_TOPIC", "rides.requested")


@app.on_event("startup")
async def start() -> None:
    global producer
    producer = AIOKafkaProducer(
        bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP", "localhost:9092"),
        acks="all",
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    await producer.start()


@app.on_event("shutdown")
async def stop() -> None:
    await producer.stop()


@app.post("/rides")
async def request_ride(body: dict) -> dict:
    ride_id = str(uuid.uuid4())
    await producer.send_and_wait(
        RIDES_REQUESTED, key=ride_id.encode(), value={"ride_id": ride_id, "lat": body["lat"], "lon": body["lon"]}
    )
    return {"ride_id": ride_id}
