import json
import os
from collections import defaultdict, deque

from confluent_kafka import Consumer

WINDOW = 20


def main() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": os.getenv("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            "group.id": "fraud-scorer",
            "auto.offset.reset": "latest",
        }
    )
    consumer.subscribe([os.getenv("WALLET_TRANSACTIONS_TOPIC", "wallet.transactions")])
    recent: dict[str, deque] = defaultdict(lambda: deque(maxlen=WINDOW))
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        txn = json.loads(msg.value())
        history = recent[txn["accountId"]]
        history.append(txn)
        if sum(1 for t in history if t["type"] == "WITHDRAWAL") > 10:
            print(f"velocity alert for account {txn['accountId']}")


if __name__ == "__main__":
    main()
