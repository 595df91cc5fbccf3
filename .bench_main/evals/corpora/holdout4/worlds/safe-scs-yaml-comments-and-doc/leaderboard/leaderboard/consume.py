import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "leaderboard"})
consumer.subscribe(["rating-changed"])


def loop(update) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        update(json.loads(msg.value()))
