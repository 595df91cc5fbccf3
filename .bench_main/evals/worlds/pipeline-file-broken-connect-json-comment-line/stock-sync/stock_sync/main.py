import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "stock-sync", "auto.offset.reset": "earliest"})
consumer.subscribe(["dbserver1.public.stock"])


def loop(push) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        change = json.loads(msg.value())
        push(change["payload"]["after"])
