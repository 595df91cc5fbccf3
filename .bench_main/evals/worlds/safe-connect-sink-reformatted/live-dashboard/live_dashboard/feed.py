"""Counts events per type over the last minute for the ops wallboard."""

import collections
import json
import os
import time

from confluent_kafka import Consumer


def run() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
            "group.id": "live-dashboard",
            "auto.offset.reset": "latest",
        }
    )
    consumer.subscribe(["app.events"])
    window: collections.deque[tuple[float, str]] = collections.deque()
    while True:
        msg = consumer.poll(0.5)
        now = time.time()
        if msg is not None and not msg.error():
            window.append((now, json.loads(msg.value()).get("type", "unknown")))
        while window and window[0][0] < now - 60:
            window.popleft()


if __name__ == "__main__":
    run()
