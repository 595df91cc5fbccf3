import json

from confluent_kafka import Consumer, Producer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "price-watcher"})
consumer.subscribe(["price-changed", "stock-changed"])
alerts = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def main() -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())
        if msg.topic() == "price-changed" and event["cents"] < 100:
            alerts.produce("price-alert", key=event["sku"], value=json.dumps(event))
            alerts.poll(0)


if __name__ == "__main__":
    main()
