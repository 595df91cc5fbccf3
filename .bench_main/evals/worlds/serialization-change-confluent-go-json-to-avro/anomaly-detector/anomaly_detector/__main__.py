import json
import logging
import os

from kafka import KafkaConsumer, KafkaProducer

from anomaly_detector.constants import ALERTS_TOPIC, CONSUMER_GROUP, READINGS_TOPIC
from anomaly_detector.detector import BandDetector

log = logging.getLogger("anomaly-detector")


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    brokers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092").split(",")
    consumer = KafkaConsumer(
        READINGS_TOPIC,
        bootstrap_servers=brokers,
        group_id=CONSUMER_GROUP,
        auto_offset_reset="latest",
        value_deserializer=lambda raw: json.loads(raw.decode("utf-8")),
    )
    producer = KafkaProducer(
        bootstrap_servers=brokers,
        acks="all",
        key_serializer=str.encode,
        value_serializer=lambda v: json.dumps(v).encode("utf-8"),
    )
    detector = BandDetector()
    for record in consumer:
        reading = record.value
        if detector.observe(reading["device_id"], reading["sensor"], reading["value"]):
            log.warning("anomaly on %s/%s: %s", reading["device_id"], reading["sensor"], reading["value"])
            producer.send(ALERTS_TOPIC, key=reading["device_id"], value={"reading": reading, "kind": "band"})


if __name__ == "__main__":
    main()
