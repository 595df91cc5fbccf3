import os

import faust

app = faust.App(
    "geo-enricher",
    broker=os.environ.get("KAFKA_BROKER", "kafka://localhost:9092"),
    value_serializer="json",
    topic_partitions=12,
)
