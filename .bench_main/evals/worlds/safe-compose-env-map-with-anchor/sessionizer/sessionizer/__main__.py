import json
import os
import time

from kafka import KafkaConsumer, KafkaProducer

GAP = int(os.environ.get("SESSION_GAP_SECONDS", "1800"))

consumer = KafkaConsumer(
    os.environ["CLICKS_TOPIC"],
    bootstrap_servers=os.environ["KAFKA_BROKERS"].split(","),
    group_id=os.environ["KAFKA_GROUP_ID"],
    value_deserializer=lambda b: json.loads(b.decode("utf-8")),
)
producer = KafkaProducer(
    bootstrap_servers=os.environ["KAFKA_BROKERS"].split(","),
    acks="all",
    value_serializer=lambda v: json.dumps(v).encode("utf-8"),
)

open_sessions: dict[bytes, dict] = {}
for click in consumer:
    visitor = click.key
    now = time.time()
    session = open_sessions.get(visitor)
    if session and now - session["last_seen"] > GAP:
        producer.send(os.environ["SESSIONS_TOPIC"], key=visitor, value=session)
        session = None
    if session is None:
        session = {"visitor": visitor.decode(), "started": now, "pages": []}
        open_sessions[visitor] = session
    session["pages"].append(click.value.get("page"))
    session["last_seen"] = now
