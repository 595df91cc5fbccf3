import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "anomaly-detector"})
consumer.subscribe(["sensor-events"])


def loop(score) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        score(json.loads(msg.value()))
