import json
import time

import httpx
from kafka import KafkaProducer

from fx_feed import settings


def run() -> None:
    producer = KafkaProducer(
        bootstrap_servers=settings.BOOTSTRAP,
        acks="all",
        retries=5,
        key_serializer=str.encode,
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    with httpx.Client(timeout=5) as http:
        while True:
            quotes = http.get(settings.PROVIDER_URL, params={"pairs": ",".join(settings.PAIRS)}).json()
            for q in quotes:
                producer.send(
                    settings.RATES_TOPIC,
                    key=q["pair"],
                    value={"base": q["pair"][:3], "quote": q["pair"][3:], "mid": q["mid"], "as_of": q["ts"]},
                )
            producer.flush()
            time.sleep(1)
