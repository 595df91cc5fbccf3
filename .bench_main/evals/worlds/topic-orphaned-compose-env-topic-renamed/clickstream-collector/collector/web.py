import json
import os

from flask import Flask, request
from kafka import KafkaProducer

CLICKS_TOPIC = os.environ.get("CLICKS_TOPIC", "web.clicks")

app = Flask(__name__)
producer = KafkaProducer(
    bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
    acks=1,
    linger_ms=50,
    key_serializer=str.encode,
    value_serializer=lambda v: json.dumps(v, separators=(",", ":")).encode("utf-8"),
)


@app.post("/collect")
def collect():
    batch = request.get_json(force=True)
    for click in batch.get("events", []):
        producer.send(CLICKS_TOPIC, key=click["anonymous_id"], value=click)
    return {"queued": len(batch.get("events", []))}, 202
