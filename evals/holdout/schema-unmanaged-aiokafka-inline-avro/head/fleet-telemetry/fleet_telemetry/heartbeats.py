"""Forwards the vans' modem heartbeats so ops can see which vehicles went dark."""

import io

from aiokafka import AIOKafkaProducer
from fastavro import parse_schema, schemaless_writer

HEARTBEATS_TOPIC = "vehicles.heartbeats"

HEARTBEAT_SCHEMA = parse_schema(
    {
        "type": "record",
        "name": "VehicleHeartbeat",
        "namespace": "com.routewise.fleet",
        "fields": [
            {"name": "vehicle_id", "type": "string"},
            {"name": "battery_pct", "type": "int"},
            {"name": "signal_dbm", "type": "int"},
            {"name": "firmware", "type": "string"},
            {"name": "sent_at", "type": "long"},
        ],
    }
)


def encode_heartbeat(beat: dict) -> bytes:
    buf = io.BytesIO()
    schemaless_writer(buf, HEARTBEAT_SCHEMA, beat)
    return buf.getvalue()


async def forward_heartbeat(producer: AIOKafkaProducer, beat: dict) -> None:
    await producer.send_and_wait(
        HEARTBEATS_TOPIC,
        key=beat["vehicle_id"].encode(),
        value=encode_heartbeat(beat),
    )
