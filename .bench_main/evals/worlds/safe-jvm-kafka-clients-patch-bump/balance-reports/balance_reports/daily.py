import json
from collections import defaultdict

from kafka import KafkaConsumer


def main() -> None:
    consumer = KafkaConsumer(
        "ledger.entries",
        bootstrap_servers="localhost:9092",
        group_id="balance-reports",
        auto_offset_reset="earliest",
        consumer_timeout_ms=10_000,
        value_deserializer=lambda b: json.loads(b),
    )
    totals: dict[str, int] = defaultdict(int)
    for record in consumer:
        entry = record.value
        sign = 1 if entry["side"] == "credit" else -1
        totals[entry["accountId"]] += sign * entry["amountMinor"]
    for account, balance in sorted(totals.items()):
        print(account, balance)


if __name__ == "__main__":
    main()
