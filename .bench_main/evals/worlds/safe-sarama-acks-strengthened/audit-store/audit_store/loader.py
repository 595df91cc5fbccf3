import os

import clickhouse_connect
from kafka import KafkaConsumer

BATCH = 500


def main() -> None:
    ch = clickhouse_connect.get_client(host=os.environ.get("CLICKHOUSE_HOST", "localhost"))
    consumer = KafkaConsumer(
        "security.audit-log",
        bootstrap_servers=os.environ["KAFKA_BOOTSTRAP"],
        group_id="audit-store",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    rows = []
    for record in consumer:
        rows.append([record.key.decode(), record.timestamp, record.value.decode("utf-8", "replace")])
        if len(rows) >= BATCH:
            ch.insert("audit_log", rows, column_names=["host", "ts_ms", "line"])
            consumer.commit()
            rows.clear()


if __name__ == "__main__":
    main()
