import json
import os

from confluent_kafka import Producer
from flask import Flask, jsonify, request

from rides.topics import RIDES_COMPLETED

app = Flask(__name__)
producer = Producer(
    {
        "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
        "acks": "all",
        "enable.idempotence": True,
    }
)


@app.post("/rides/<ride_id>/complete")
def complete(ride_id: str):
    body = request.get_json()
    event = {
        "rideId": ride_id,
        "driverId": body["driver_id"],
        "pickupLat": body["pickup"]["lat"],
        "pickupLon": body["pickup"]["lon"],
        "dropoffLat": body["dropoff"]["lat"],
        "dropoffLon": body["dropoff"]["lon"],
        "fareCents": body["fare_cents"],
    }
    producer.produce(RIDES_COMPLETED, key=ride_id, value=json.dumps(event))
    producer.poll(0)
    return jsonify(status="completed")
