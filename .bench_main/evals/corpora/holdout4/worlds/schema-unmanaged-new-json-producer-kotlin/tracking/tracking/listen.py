import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "tracking"})
consumer.subscribe(["shipment-dispatched"])


def loop(save) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        save(json.loads(msg.value()))
