import json
import os

from confluent_kafka import Consumer

consumer = Consumer(
    {
        "bootstrap.servers": os.environ["KAFKA_BROKERS"],
        "group.id": os.environ["KAFKA_GROUP_ID"],
        "auto.offset.reset": "earliest",
    }
)
consumer.subscribe([os.environ["SESSIONS_TOPIC"]])

while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session = json.loads(msg.value())
    landing = session["pages"][0] if session["pages"] else None
    if landing and "utm_campaign=" in landing:
        campaign = landing.split("utm_campaign=")[1].split("&")[0]
        print(f"attributed session of {session['visitor']} to {campaign}")
