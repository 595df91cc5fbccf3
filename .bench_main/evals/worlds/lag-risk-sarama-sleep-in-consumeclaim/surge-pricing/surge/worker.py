import json
import time
from collections import Counter

from kafka import KafkaConsumer

consumer = KafkaConsumer(
    "rides.enriched",
    bootstrap_servers="localhost:9092",
    group_id="surge-pricing",
    value_deserializer=lambda b: json.loads(b),
)

demand = Counter()
window_started = time.monotonic()
for record in consumer:
    demand[record.value["zone"]] += 1
    if time.monotonic() - window_started > 60:
        for zone, n in demand.most_common(10):
            print(f"zone {zone}: {n} requests/min -> surge x{1 + min(n, 200) / 100:.1f}")
        demand.clear()
        window_started = time.monotonic()
