import json

from confluent_kafka import Consumer

consumer = Consumer({
    "bootstrap.servers": "kafka:9092",
    "group.id": "fulfilment",
    "enable.auto.commit": False,
})
consumer.subscribe(["order-created"])


def run(pick) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        pick(json.loads(msg.value()))
        consumer.commit(msg)
