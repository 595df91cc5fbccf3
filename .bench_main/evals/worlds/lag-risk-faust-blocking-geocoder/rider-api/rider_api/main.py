import json
import os
import uuid

from confluent_kafka import Producer
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
producer = Producer({"bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"), "acks": "all"})


class RideIn(BaseModel):
    rider_id: str
    pickup_lat: float
    pickup_lon: float
    dropoff_lat: float
    dropoff_lon: float


@app.post("/rides", status_code=202)
def request_ride(ride: RideIn) -> dict:
    ride_id = str(uuid.uuid4())
    payload = {"ride_id": ride_id, **ride.model_dump()}
    producer.produce("rides.requested", key=ride.rider_id, value=json.dumps(payload))
    producer.poll(0)
    return {"ride_id": ride_id}
