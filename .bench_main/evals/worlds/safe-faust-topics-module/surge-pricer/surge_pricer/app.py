import os

import faust

app = faust.App(
    "surge-pricer",
    broker=os.environ.get("KAFKA_BROKER", "kafka://localhost:9092"),
    store="rocksdb://",
    topic_partitions=8,
)
