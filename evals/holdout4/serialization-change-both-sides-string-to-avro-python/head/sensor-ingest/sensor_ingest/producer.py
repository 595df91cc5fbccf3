from pathlib import Path

from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import StringSerializer

SCHEMA = (Path(__file__).parent / "sensor_event.avsc").read_text()
registry = SchemaRegistryClient({"url": "http://schema-registry:8081"})

producer = SerializingProducer({
    "bootstrap.servers": "kafka:9092",
    "acks": "all",
    "key.serializer": StringSerializer("utf_8"),
    "value.serializer": AvroSerializer(registry, SCHEMA),
})


def emit(sensor_id: str, celsius: float, ts_ms: int) -> None:
    producer.produce("sensor-events", key=sensor_id, value={"sensor_id": sensor_id, "celsius": celsius, "ts_ms": ts_ms})
    producer.poll(0)
