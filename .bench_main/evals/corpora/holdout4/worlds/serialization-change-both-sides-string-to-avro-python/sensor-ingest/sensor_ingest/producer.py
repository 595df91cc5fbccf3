import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})


def emit(sensor_id: str, celsius: float, ts_ms: int) -> None:
    value = json.dumps({"sensor_id": sensor_id, "celsius": celsius, "ts_ms": ts_ms})
    producer.produce("sensor-events", key=sensor_id, value=value)
    producer.poll(0)
