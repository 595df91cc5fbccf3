import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "campaigns"})
consumer.subscribe(["voucher-redeemed"])


def loop(track) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        track(json.loads(msg.value()))
